#!/bin/sh
# A stand-in C compiler for `cargo check`/`clippy --target aarch64-apple-darwin` on Linux, where
# no Apple SDK exists for aws-lc-sys's C code. It answers cc-rs's compiler probe (-E) with the
# host preprocessor and writes an empty object for every compile: `check` never links, so the
# Rust code is type-checked and linted for macOS while its C code is not compiled at all.
out=""
prev=""
for arg in "$@"; do
  case "$prev" in
    -o) out="$arg" ;;
    -E) gcc -E "$arg" | tee /dev/stderr; exit 0 ;;
  esac
  case "$arg" in -Fo*) out="${arg#-Fo}" ;; esac
  prev="$arg"
done
if [ -n "$out" ]; then : >"$out"; fi
exit 0
