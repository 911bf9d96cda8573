# Sourced by the folder and page benchmarks: starts the embedded S3 server (examples/s3-server,
# built at "$1") with a bucket `bench` for the rest of the script, points the AWS variables and
# s3share's home and config (in "$work") at it, and stops it when the script exits.
# shellcheck shell=bash
server_bin=$1
mkfifo "$work/control"
"$server_bin" bench < "$work/control" > "$work/endpoint" 2>/dev/null &
server_pid=$!
exec 9> "$work/control"
trap 'exec 9>&-; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=AKIAS3SHARETEST00001 AWS_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001
export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=$(cat "$work/endpoint")
export HOME=$work/home S3SHARE_CONFIG=$work/config.toml
mkdir -p "$HOME"; : > "$S3SHARE_CONFIG"
