#!/usr/bin/env bash
# Clean release build time and stripped binary size, for one or more revisions.
#
# Usage: bench/build.sh REV...        e.g. bench/build.sh be2e3d7 HEAD
# Each revision is built from scratch (its own worktree and target directory, nothing cached
# but the downloaded crates) with `cargo build --release --locked`; wall time and CPU time
# (user + system) come from /usr/bin/time. CPU time is the fairer number on a busy machine.
# Appends a row per revision to bench/results/build.md (OUT overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench/results/build.md}
work=$(mktemp -d)
trap 'git worktree prune; rm -rf "$work"' EXIT
if [ ! -f "$out" ]; then
  printf '| revision | clean release build (wall) | CPU (user + sys) | stripped binary |\n|---|---|---|---|\n' > "$out"
fi
for rev in "$@"; do
  commit=$(git rev-parse --short "$rev")
  tree="$work/$commit"
  git worktree add --detach -q "$tree" "$commit"
  (
    cd "$tree"
    cargo fetch --locked -q
    /usr/bin/time -f '%e %U %S' -o "$work/time" \
      env CARGO_TARGET_DIR="$work/target-$commit" cargo build --release --locked -q --bin s3share
  )
  read -r wall user sys < "$work/time"
  bin="$work/target-$commit/release/s3share"
  strip -o "$work/stripped" "$bin"
  size=$(stat -c %s "$work/stripped")
  row=$(awk -v r="$commit" -v w="$wall" -v u="$user" -v s="$sys" -v b="$size" \
    'BEGIN { printf "| %s | %d min %02d s | %d min %02d s | %.1f MB |", r, w/60, w%60, (u+s)/60, (u+s)%60, b/1e6 }')
  echo "$row" | tee -a "$out"
  git worktree remove --force "$tree"
  rm -rf "$work/target-$commit"
done
