#!/usr/bin/env bash
# Where s3share's CPU goes in a large upload and download: `perf record` of the release binary
# against a local s3s-fs, then the top of `perf report` for each, and wall/CPU/RSS like
# bench/transfer.sh.
#
# Usage: bench/profile.sh [MiB]         default 1024; NO_BUILD=1 skips the release build.
#        PERF=0 bench/profile.sh        only the /usr/bin/time numbers (no perf needed).
# The profiled binary is target/profiling/s3share: the release build with symbols.
# Writes bench/work/profile/{upload,get}.perf.data and .txt reports.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-1024}
work=$PWD/bench/work/profile
rm -rf "$work"; mkdir -p "$work"

# The release build with its symbols kept (Cargo.toml, [profile.profiling]).
if [ "${NO_BUILD:-0}" != 1 ]; then
  cargo build --release --quiet --example s3-server
  cargo build --profile profiling --quiet --bin s3share
fi
s3share=$PWD/target/profiling/s3share
server_bin=$PWD/target/release/examples/s3-server

# The server runs until its stdin closes (see examples/s3-server.rs).
mkfifo "$work/control"
"$server_bin" bench < "$work/control" > "$work/endpoint" 2>/dev/null &
server_pid=$!
exec 9> "$work/control"
trap 'exec 9>&-; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done

export AWS_ACCESS_KEY_ID=AKIAS3SHARETEST00001 AWS_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001
export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL=$(cat "$work/endpoint") HOME=$work/home S3SHARE_CONFIG=$work/config.toml
mkdir -p "$HOME"; : > "$S3SHARE_CONFIG"

file=$work/file
head -c "$((mib * 1024 * 1024))" /dev/urandom > "$file"

# One profiled run: name, then the command.
profile() {
  local name=$1; shift
  if [ "${PERF:-1}" = 1 ] && command -v perf > /dev/null; then
    perf record -q -o "$work/$name.perf.data" -- /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" > /dev/null
    perf report -q -i "$work/$name.perf.data" --no-children --sort dso,symbol \
      --stdio -g none 2> /dev/null | head -25 > "$work/$name.txt" || true
  else
    /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" > /dev/null
  fi
  read -r wall user sys rss < "$work/$name.time"
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v mb="$mib" \
    'BEGIN { printf "%s %d MiB: wall %.2f s, CPU %.2f s (user %.2f, sys %.2f), peak RSS %.0f MiB\n", n, mb, w, u + s, u, s, r / 1024 }'
  [ -s "$work/$name.txt" ] && sed 's/^/    /' "$work/$name.txt"
  return 0
}

profile upload "$s3share" -q upload --force --key profile --to s3://bench/ "$file"
profile get "$s3share" -q get --force s3://bench/profile -o "$work/down"
cmp -s "$file" "$work/down" || echo "get returned different bytes"
rm -f "$file" "$work/down"
