#!/usr/bin/env bash
# `cargo clippy --all-targets -D warnings` for Windows (x86_64-pc-windows-gnu, mingw from Debian)
# and macOS (aarch64-apple-darwin), so code behind cfg(windows)/cfg(macos) and the tests'
# cfg(unix) gates stay right. Run by .ci/run after the tests, in target-cross/ so the everyday
# debug target/ stays warm.
#
# macOS: aws-lc-sys's C code needs an Apple SDK that Linux has not; scripts/apple-cc-stub.sh
# stands in for the C compiler (empty objects, nothing links), so the Rust side is checked and
# the C side is not. The release workflow builds the real thing on macOS runners.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target-cross}

if ! command -v x86_64-w64-mingw32-gcc >/dev/null && command -v apt-get >/dev/null &&
  [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    gcc-mingw-w64-x86-64 >/dev/null) || true
fi
command -v x86_64-w64-mingw32-gcc >/dev/null ||
  { echo "check-cross: FAILED: no x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64)" >&2; exit 1; }
rustup target add x86_64-pc-windows-gnu aarch64-apple-darwin >/dev/null 2>&1 ||
  { echo "check-cross: FAILED: rustup target add x86_64-pc-windows-gnu aarch64-apple-darwin" >&2; exit 1; }

for target in x86_64-pc-windows-gnu aarch64-apple-darwin; do
  echo "== cargo clippy --target $target" >&2
  start=$(date +%s)
  CC_aarch64_apple_darwin=$PWD/scripts/apple-cc-stub.sh AR_aarch64_apple_darwin=ar \
    cargo clippy --locked --quiet --target "$target" --all-targets -- -D warnings
  echo "   $target: clean, $(($(date +%s) - start)) s" >&2
done
