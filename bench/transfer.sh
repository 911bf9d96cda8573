#!/usr/bin/env bash
# Upload and download throughput against a local s3s-fs: s3share vs curl with a presigned URL (the
# practical floor), `aws s3 cp` and `s5cmd cp`. Wall time, client CPU (user+sys) and peak RSS.
#
# Usage: bench/transfer.sh [SIZES]      SIZES in MiB, default "1 100 1024"
#        NETEM=1 bench/transfer.sh      the same over a simulated WAN link: a private network
#                                       namespace whose loopback gets `tc netem` delay, loss and a
#                                       rate limit (root needed; loopback addresses only).
# Peers come from PATH or bench/.venv (see bench/presign.sh); a missing peer is reported.
# Writes bench/results/transfer.md (or transfer-netem.md).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1 100 1024"}
work=$PWD/bench/work/transfer
rm -rf "$work"; mkdir -p "$work" bench/results

[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --quiet --bin s3share --example s3-server
s3share=$PWD/target/release/s3share
server_bin=$PWD/target/release/examples/s3-server
export PATH="$PWD/bench/.venv/bin:$PATH"

# Run everything (server and clients) inside a namespace whose loopback is slowed down.
ns_exec=()
result=bench/results/transfer.md
if [ "${NETEM:-0}" = 1 ]; then
  ns=s3share-bench-$$
  ip netns add "$ns"
  trap 'ip netns delete "$ns" 2>/dev/null || true' EXIT
  ip netns exec "$ns" ip link set lo up
  # Each packet crosses lo once per direction: 20ms each way = 40ms round trip.
  if ! ip netns exec "$ns" tc qdisc add dev lo root netem delay 20ms loss 0.1% rate 200mbit; then
    echo "netem is not available here (kernel without sch_netem?); nothing measured." \
      | tee bench/results/transfer-netem.md
    ip netns delete "$ns"
    exit 0
  fi
  ns_exec=(ip netns exec "$ns")
  result=bench/results/transfer-netem.md
fi
run() { "${ns_exec[@]}" "$@"; }

# The server runs until its stdin closes, then removes its storage: keep a fifo open on fd 9.
mkfifo "$work/control"
run "$server_bin" bench < "$work/control" > "$work/endpoint" 2>/dev/null &
server_pid=$!
exec 9> "$work/control"
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
endpoint=$(cat "$work/endpoint")
stop_server() { exec 9>&-; wait "$server_pid" 2>/dev/null || true; }
trap 'stop_server; [ -n "${ns:-}" ] && ip netns delete "$ns" 2>/dev/null || true' EXIT

export AWS_ACCESS_KEY_ID=AKIAS3SHARETEST00001 AWS_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL=$endpoint HOME=$work/home S3SHARE_CONFIG=$work/config.toml
mkdir -p "$HOME"; : > "$S3SHARE_CONFIG"

# One measurement: label, then the command. Prints a table row with wall s, CPU s, peak RSS MiB.
measure() {
  local label=$1; shift
  local stats=$work/stats
  if run /usr/bin/time -f "%e %U %S %M" -o "$stats" "$@" > /dev/null 2> "$work/stderr"; then
    read -r wall user sys rss < "$stats"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v mb="$mib" \
      'BEGIN { printf "| %s | %.2f | %.0f | %.2f | %.0f |\n", l, w, (w > 0 ? mb / w : 0), u + s, r / 1024 }'
  else
    echo "| $label | failed: $(tail -1 "$work/stderr") | | | |"
  fi
}

{
  echo "# transfer benchmark${NETEM:+ (netem: 20ms each way = 40ms RTT, 0.1% loss, 200mbit)}"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, local s3s-fs (release build) on loopback; one run each."
  echo "CPU = client user+sys seconds; RSS = client peak resident set."
  for mib in $sizes; do
    file=$work/file-$mib
    head -c "$((mib * 1024 * 1024))" /dev/urandom > "$file"
    echo
    echo "## $mib MiB"
    echo
    echo "| command | wall s | MiB/s | CPU s | peak RSS MiB |"
    echo "|---|---|---|---|---|"
    measure "s3share upload" "$s3share" -q upload --force --key "s3share-$mib" --to s3://bench/ "$file"
    put=$(run "$s3share" presign --method put "s3://bench/curl-$mib")
    measure "curl -T (presigned PUT)" curl -sS --fail -T "$file" "$put"
    if command -v aws > /dev/null; then
      measure "aws s3 cp (upload)" aws s3 cp --only-show-errors "$file" "s3://bench/aws-$mib"
    else echo "| aws s3 cp | not installed | | | |"; fi
    if command -v s5cmd > /dev/null; then
      measure "s5cmd cp (upload)" s5cmd --log error --endpoint-url "$endpoint" cp "$file" "s3://bench/s5cmd-$mib"
    else echo "| s5cmd cp | not installed | | | |"; fi
    measure "s3share get" "$s3share" -q get --force "s3://bench/s3share-$mib" -o "$work/down-s3share"
    get=$(run "$s3share" presign "s3://bench/s3share-$mib")
    measure "curl -o (presigned GET)" curl -sS --fail -o "$work/down-curl" "$get"
    if command -v aws > /dev/null; then
      measure "aws s3 cp (download)" aws s3 cp --only-show-errors "s3://bench/s3share-$mib" "$work/down-aws"
    fi
    if command -v s5cmd > /dev/null; then
      measure "s5cmd cp (download)" s5cmd --log error --endpoint-url "$endpoint" cp "s3://bench/s3share-$mib" "$work/down-s5cmd"
    fi
    cmp -s "$file" "$work/down-s3share" || echo "**s3share get returned different bytes for $mib MiB**"
    rm -f "$file" "$work"/down-*
  done
  echo
  command -v rclone > /dev/null || echo "Not measured: rclone (not installed)."
} | tee "$result"
