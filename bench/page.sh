#!/usr/bin/env bash
# A folder page of N files in a real browser (headless Chromium): its size, first contentful
# paint, DOMContentLoaded, JS heap, and the time from each filter keystroke to the next frame.
#
# Usage: bench/page.sh [N]        N files (default 10000), in 100 sub-folders.
# Writes bench/results/page.md (OUT overrides). Needs Debian's chromium (CHROMIUM overrides).
# PROFILE=debug uses debug builds (the page is the same; only writing it is slower).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
work=$PWD/bench/work/page
rm -rf "$work"; mkdir -p "$work/tree" bench/results
profile=${PROFILE:-release}
cargo build --profile "$([ "$profile" = debug ] && echo dev || echo "$profile")" --quiet \
  --bin s3share --example s3-server --example page-timing
bin=$PWD/target/$profile
s3share=$bin/s3share

# shellcheck source=bench/local-server.sh
source bench/local-server.sh "$bin/examples/s3-server"

python3 - "$work/tree" "$count" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"dir{i % 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i:05d}.bin"), "wb") as f:
        f.write(b"x" * 64)
PY
"$s3share" -q upload "$work/tree" --to s3://bench/up/ > /dev/null
link=$("$s3share" share s3://bench/up/tree/)

{
  echo "# folder page in a browser"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("${CHROMIUM:-chromium}" --version 2>/dev/null | head -1), headless; a folder page of $count files; s3share $(git rev-parse --short HEAD)."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  "$bin/examples/page-timing" "$link"
} | tee "${OUT:-bench/results/page.md}"
