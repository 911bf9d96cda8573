#!/usr/bin/env bash
# The action's run step: runs one s3share command with --json, hands its links to the step
# outputs (url, urls, effective-expires-at) and writes a job summary without any link.
#
# Environment (set by action.yml from its inputs, never pasted into a script):
#   INPUT_COMMAND  share | upload | presign | request
#   INPUT_ARGS     the command's arguments, one per line, passed as they are
#   INPUT_EXPIRES  --expires value, or empty
#   INPUT_STRICT   `true` (default) adds --strict
#   S3SHARE_BIN    the installed binary (default: s3share on PATH)
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  (set by the runner)
#
# Masking: under GITHUB_ACTIONS=true s3share itself prints `::add-mask::` for each link's
# signature (and session token) on stderr before the link exists anywhere else; this script
# never echoes a link, and leaves stderr to the runner.
set -euo pipefail

# A workflow command's data with its %, CR and LF escaped (inputs reach these messages).
escape() {
  local s=$1
  s=${s//%/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

fail() {
  echo "::error title=s3share::$(escape "$1")" >&2
  exit "${2:-1}"
}

command=${INPUT_COMMAND:-}
case "$command" in
  share | upload | presign | request) ;;
  *) fail "command must be share, upload, presign or request, not '$command'" 2 ;;
esac
command -v jq >/dev/null || fail "jq is needed to read s3share's --json output"
s3share=${S3SHARE_BIN:-s3share}
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: run this inside GitHub Actions}"

argv=(--json)
case "${INPUT_STRICT:-true}" in
  true) argv+=(--strict) ;;
  false) ;;
  *) fail "strict must be true or false, not '$INPUT_STRICT'" 2 ;;
esac
argv+=("$command")
if [ -n "${INPUT_EXPIRES:-}" ]; then
  argv+=(--expires "$INPUT_EXPIRES")
fi
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -n "$line" ] && argv+=("$line")
done <<<"${INPUT_ARGS:-}"

# stdout is JSON lines holding the links: into a private file, never the log. stderr (progress,
# warnings, ::add-mask::) goes to the runner as it comes.
umask 077
results=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/s3share-results.XXXXXX")
trap 'rm -f "$results"' EXIT
status=0
"$s3share" "${argv[@]}" >"$results" || status=$?
if [ "$status" -ne 0 ]; then
  fail "s3share $command failed (exit $status; the error is above)" "$status"
fi

count=$(jq -s 'map(select(.url)) | length' "$results")
[ "$count" -gt 0 ] || fail "s3share $command printed no link"
delimiter="s3share_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
{
  echo "url=$(jq -rs 'map(select(.url))[0].url' "$results")"
  echo "urls<<$delimiter"
  jq -r 'select(.url) | .url' "$results"
  echo "$delimiter"
  echo "effective-expires-at=$(jq -rs \
    'map(select(.url) | .effective_expires_at // .expires_at) | map(select(.)) | min // ""' \
    "$results")"
} >>"$GITHUB_OUTPUT"

# The summary is public to whoever can see the run: counts, keys, sizes and expiry, no link.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  jq -rs --arg command "$command" '
    def cell: tostring | gsub("[[:cntrl:]]"; "?") | gsub("[`|<>\\[\\]]"; "_");
    def size: if . == null then "" elif . >= 1048576 then "\(. / 1048576 * 10 | round / 10) MiB"
      elif . >= 1024 then "\(. / 1024 * 10 | round / 10) KiB" else "\(.) B" end;
    map(select(.url)) as $links
    | "### s3share \($command): \($links | length) link\(if ($links | length) == 1 then "" else "s" end)",
      "",
      "| bucket | key | size | expires at | effective expiry |",
      "|---|---|---|---|---|",
      ($links[] | "| `\(.bucket // "" | cell)` | `\(.key // .prefix // "" | cell)` | \(.size | size) | \(.expires_at // "" | cell) | \(.effective_expires_at // .expires_at // "" | cell) |"),
      ""
  ' "$results" >>"$GITHUB_STEP_SUMMARY"
fi
echo "s3share $command: $count link(s) in the step outputs (masked in logs)" >&2
