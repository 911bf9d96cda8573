#!/bin/sh
# Regenerates the checked-in shell completions and man page from the CLI definition.
# Run after changing any flag or help text; tests/it/generated.rs fails until you do.
set -eu
cd "$(dirname "$0")/.."
cargo build -q
bin=target/debug/s3share
"$bin" completions bash > completions/s3share.bash
"$bin" completions zsh > completions/_s3share
"$bin" completions fish > completions/s3share.fish
"$bin" completions powershell > completions/_s3share.ps1
"$bin" completions elvish > completions/s3share.elv
"$bin" man > man/s3share.1
echo "regenerated completions/ and man/"
