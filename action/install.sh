#!/usr/bin/env bash
# The action's install step: downloads the s3share release archive for this runner, checks it
# against the release's sha256.sum, unpacks it and puts s3share on PATH (GITHUB_PATH).
#
# Environment (set by action.yml from its inputs, never pasted into a script):
#   S3SHARE_VERSION       `latest` or a version (`0.2.0`, `v0.2.0`)
#   S3SHARE_DOWNLOAD_URL  base URL of the releases (default https://github.com/REPO/releases)
#   S3SHARE_REPOSITORY    owner/name the action runs from (default s3share/s3share)
#   S3SHARE_ATTESTATION   auto (default): verify the archive's GitHub build attestation when
#                         the gh CLI is there (it is on GitHub's runners); required: fail
#                         without gh; off: only the checksum
#   GH_TOKEN              for gh (the action passes the job's token)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT  (set by the runner)
set -euo pipefail

# A workflow command's data with its %, CR and LF escaped: a value from an input cannot end the
# command early or start another one on a new line.
escape() {
  local s=$*
  s=${s//%/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

fail() {
  echo "::error title=s3share install::$(escape "$*")" >&2
  exit 1
}

version=${S3SHARE_VERSION:-latest}
repository=${S3SHARE_REPOSITORY:-}
[ -n "$repository" ] || repository=s3share/s3share
base=${S3SHARE_DOWNLOAD_URL:-}
[ -n "$base" ] || base="https://github.com/$repository/releases"
base=${base%/}

# The archive for this runner. Linux gets the static musl build: it runs on any distribution,
# Alpine and other containers included.
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  Windows/X64 | Windows/ARM64) target=x86_64-pc-windows-msvc ;; # ARM64 runs it emulated
  *) fail "no s3share release for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac
case "$target" in
  *windows*) archive="s3share-$target.zip" exe=s3share.exe ;;
  *) archive="s3share-$target.tar.xz" exe=s3share ;;
esac

attestation=${S3SHARE_ATTESTATION:-auto}
case "$attestation" in
  auto | required | off) ;;
  *) fail "attestation must be auto, required or off, not '$attestation'" ;;
esac

case "$version" in
  latest)
    release="$base/latest/download"
    echo "::notice title=s3share install::version: latest installs whatever was released last; pin a version (version: 0.1.0) for reproducible jobs" >&2
    ;;
  *[!0-9A-Za-z.+-]*) fail "not a version: $version" ;;
  *) release="$base/download/v${version#v}" ;;
esac

work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/s3share-action"
rm -rf "$work"
mkdir -p "$work/bin"

download() {
  curl --fail --silent --show-error --location --retry 3 --retry-delay 2 \
    --output "$2" "$1" || fail "cannot download $1"
}
echo "Downloading $archive ($version) from $release" >&2
download "$release/$archive" "$work/$archive"
download "$release/sha256.sum" "$work/sha256.sum"

# sha256.sum lines are `HEX *NAME` (binary mode) or `HEX  NAME`.
expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/sha256.sum")
[ -n "$expected" ] || fail "sha256.sum of $release names no $archive"
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
if [ "$actual" != "$expected" ]; then
  fail "checksum mismatch for $archive: sha256.sum says $expected, the download is $actual"
fi

# The checksum proves the archive matches the release's sha256.sum, which comes from the same
# place; the attestation proves the archive was built by this repository's release workflow.
if [ "$attestation" != off ]; then
  if command -v gh >/dev/null; then
    gh attestation verify "$work/$archive" --repo "$repository" >"$work/attestation.log" 2>&1 ||
      fail "$archive has no valid build attestation from $repository: $(tail -n 1 "$work/attestation.log")"
    echo "Verified the build attestation of $archive ($repository)" >&2
  elif [ "$attestation" = required ]; then
    fail "attestation: required, but the gh CLI is not on this runner to verify it"
  else
    echo "::warning title=s3share install::the gh CLI is not here: $archive was checked against sha256.sum only, not its build attestation" >&2
  fi
fi

case "$archive" in
  *.zip)
    if command -v unzip >/dev/null; then
      unzip -q -o "$work/$archive" -d "$work/unpacked"
    else
      # shellcheck disable=SC2016 # PowerShell expands $env:…, not bash
      ARCHIVE="$work/$archive" DEST="$work/unpacked" powershell -NoProfile -Command \
        'Expand-Archive -Force -LiteralPath $env:ARCHIVE -DestinationPath $env:DEST'
    fi
    ;;
  *)
    mkdir -p "$work/unpacked"
    tar -xJf "$work/$archive" -C "$work/unpacked"
    ;;
esac
# dist's tarballs hold a top folder (s3share-TARGET/), its zips do not.
found=$(find "$work/unpacked" -name "$exe" -type f | head -n 1)
[ -n "$found" ] || fail "$archive holds no $exe"
mv "$found" "$work/bin/$exe"
chmod +x "$work/bin/$exe"

installed=$("$work/bin/$exe" --version) || fail "the installed s3share does not run"
echo "Installed $installed ($target, sha256 $actual) in $work/bin" >&2
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$work/bin" >>"$GITHUB_PATH"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "version=${installed##* }" >>"$GITHUB_OUTPUT"
  echo "path=$work/bin/$exe" >>"$GITHUB_OUTPUT"
fi
