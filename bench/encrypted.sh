#!/usr/bin/env bash
# What end-to-end encryption costs: `upload --encrypt` and `get` of its link against a plain
# `upload` and `get` of the same file, on a local s3s-fs (release build). Wall time, client CPU
# (user+sys) and peak RSS, the median of REPEAT runs (3) with the spread.
#
# Usage: bench/encrypted.sh [SIZE_MIB]     default 1024
# Writes bench/results/encrypted.md (OUT overrides). NO_BUILD=1 skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
repeat=${REPEAT:-3}
work=$PWD/bench/work/encrypted
rm -rf "$work"; mkdir -p "$work" bench/results
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --quiet --bin s3share --example s3-server
s3share=$PWD/target/release/s3share

# shellcheck source=bench/local-server.sh
source bench/local-server.sh "$PWD/target/release/examples/s3-server"

head -c "$((size * 1024 * 1024))" /dev/urandom > "$work/file.bin"

# One run of a command: prints "wall cpu rss_kib" (GNU time), the command's stdout to $work/out.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/out" 2> "$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  echo "$wall $(echo "$user + $sys" | bc) $rss"
}

# The median and spread of REPEAT runs of a step, as a table row.
row() {
  local label=$1; shift
  local walls=() cpus=() rsss=()
  for _ in $(seq "$repeat"); do
    "$@"
    read -r wall cpu rss < "$work/last"
    walls+=("$wall"); cpus+=("$cpu"); rsss+=("$rss")
  done
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rsss[*]}" <<'PY'
import statistics, sys
label, walls, cpus, rsss = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:]]
print(f"| {label} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) "
      f"| {statistics.median(cpus):.2f} | {max(rsss) / 1024:.0f} |")
PY
}

n=0
plain_upload() { n=$((n + 1)); measure "$s3share" -q upload "$work/file.bin" --key "plain/$n.bin" --to s3://bench/ > "$work/last"; cp "$work/out" "$work/plain-link"; }
encrypted_upload() { measure "$s3share" -q upload --encrypt "$work/file.bin" --to s3://bench > "$work/last"; cp "$work/out" "$work/e2e-link"; }
plain_get() { rm -rf "$work/got"; mkdir "$work/got"; measure "$s3share" -q get "$(cat "$work/plain-link")" -o "$work/got/file.bin" > "$work/last"; }
encrypted_get() { rm -rf "$work/got"; mkdir "$work/got"; measure "$s3share" -q get "$(cat "$work/e2e-link")" -o "$work/got/" > "$work/last"; cmp -s "$work/got/file.bin" "$work/file.bin" || { echo "decrypted file differs" >&2; exit 1; }; }

{
  echo "# end-to-end encryption benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, local s3s-fs (release build) on loopback; a $size MiB file; s3share $(git rev-parse --short HEAD); median of $repeat runs (min–max)."
  echo
  echo "| step | wall s | CPU s | peak RSS MiB |"
  echo "|---|---|---|---|"
  row "upload (plain)" plain_upload
  row "upload --encrypt" encrypted_upload
  row "get LINK (plain, MD5 checked)" plain_get
  row "get LINK (encrypted: decrypted, every record authenticated)" encrypted_get
} | tee "${OUT:-bench/results/encrypted.md}"
