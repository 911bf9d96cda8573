#!/usr/bin/env bash
# Upload and download throughput against a local s3s-fs: s3share vs curl with a presigned URL (the
# practical floor), `aws s3 cp`, `s5cmd cp` and `rclone copyto`. Wall time, client CPU (user+sys)
# and peak RSS.
#
# Usage: bench/transfer.sh [SIZES]      SIZES in MiB, default "1 100 1024"; REPEAT runs each (3),
#                                       the median and spread reported
#        NETEM=1 bench/transfer.sh      the same over a simulated WAN link: a private network
#                                       namespace whose loopback gets `tc netem` delay, loss and a
#                                       rate limit (root needed; loopback addresses only).
#        WAN=1 bench/transfer.sh [SIZES]  the same through examples/wan-proxy, a user-space WAN
#                                       emulation for kernels without netem (default SIZES "1 100"):
#                                       WAN_DELAY_MS each way (20), WAN_LINK_MBIT per direction for
#                                       all connections (200), WAN_FLOW_MBIT per connection (25,
#                                       standing in for 0.1% loss). Every client talks to the proxy.
# Peers come from PATH or bench/.venv (see bench/presign.sh), rclone from apt unless NO_INSTALL=1;
# a missing peer is reported. PEERS="curl aws s5cmd rclone" (the default) chooses which peers run
# next to s3share; PEERS= (empty) measures s3share alone. OUT=path writes the table there instead;
# S3SHARE=path measures another s3share binary (to compare two builds). The rows for an object
# stored with a CRC64NVME (as S3 keeps one) need awscrt to compute it: bench/.venv/bin/pip install
# awscrt (not installed by default: with it, `aws s3 cp` may switch to its CRT transfer client).
# Writes bench/results/transfer.md (or transfer-netem.md, transfer-wan.md).
set -euo pipefail
cd "$(dirname "$0")/.."
wan=${WAN:-0}
[ "$wan" = 1 ] && [ "${NETEM:-0}" = 1 ] && { echo "WAN=1 and NETEM=1 exclude each other" >&2; exit 2; }
if [ "$wan" = 1 ]; then sizes=${1:-"1 100"}; else sizes=${1:-"1 100 1024"}; fi
work=$PWD/bench/work/transfer
repeat=${REPEAT:-3}
rm -rf "$work"; mkdir -p "$work" bench/results

[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --quiet --bin s3share --example s3-server
s3share=${S3SHARE:-$PWD/target/release/s3share}
server_bin=$PWD/target/release/examples/s3-server
proxy_bin=$PWD/target/release/examples/wan-proxy
if [ "$wan" = 1 ] && { [ "${NO_BUILD:-0}" != 1 ] || [ ! -x "$proxy_bin" ]; }; then
  cargo build --release --quiet --example wan-proxy
fi
export PATH="$PWD/bench/.venv/bin:$PATH"

# Run everything (server and clients) inside a namespace whose loopback is slowed down.
ns_exec=()
result=bench/results/transfer.md
if [ "${NETEM:-0}" = 1 ]; then
  ns=s3share-bench-$$
  ip netns add "$ns"
  trap 'ip netns delete "$ns" 2>/dev/null || true' EXIT
  ip netns exec "$ns" ip link set lo up
  # Each packet crosses lo once per direction: 20ms each way = 40ms round trip.
  if ! ip netns exec "$ns" tc qdisc add dev lo root netem delay 20ms loss 0.1% rate 200mbit; then
    echo "netem is not available here (kernel without sch_netem?); nothing measured." \
      | tee bench/results/transfer-netem.md
    ip netns delete "$ns"
    exit 0
  fi
  ns_exec=(ip netns exec "$ns")
  result=bench/results/transfer-netem.md
fi
run() { "${ns_exec[@]}" "$@"; }
peers=" ${PEERS-curl aws s5cmd rclone} "
# Whether a peer is chosen (PEERS) and installed; a chosen peer that is missing is reported.
peer() {
  [[ "$peers" == *" $1 "* ]] || return 1
  command -v "$1" > /dev/null && return 0
  [ "${2:-}" = quiet ] || echo "| $1 | not installed | | | | |"
  return 1
}

# The server runs until its stdin closes, then removes its storage: keep a fifo open on fd 9.
mkfifo "$work/control"
run "$server_bin" bench < "$work/control" > "$work/endpoint" 2>/dev/null &
server_pid=$!
exec 9> "$work/control"
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
endpoint=$(cat "$work/endpoint")
stop_server() { exec 9>&-; wait "$server_pid" 2>/dev/null || true; }
trap 'stop_server; [ -n "${ns:-}" ] && ip netns delete "$ns" 2>/dev/null || true' EXIT

# WAN=1: the proxy (same stdin convention, fd 8) sits in front of the server and every client,
# presigned URLs included, uses its address.
if [ "$wan" = 1 ]; then
  wan_delay=${WAN_DELAY_MS:-20} wan_link=${WAN_LINK_MBIT:-200} wan_flow=${WAN_FLOW_MBIT:-25}
  mkfifo "$work/proxy-control"
  "$proxy_bin" "$endpoint" --delay-ms "$wan_delay" --link-mbit "$wan_link" --flow-mbit "$wan_flow" \
    < "$work/proxy-control" > "$work/proxy-endpoint" 2> "$work/proxy.log" &
  proxy_pid=$!
  exec 8> "$work/proxy-control"
  for _ in $(seq 100); do [ -s "$work/proxy-endpoint" ] && break; sleep 0.1; done
  trap 'exec 8>&-; wait "$proxy_pid" 2>/dev/null || true; stop_server' EXIT
  endpoint=$(cat "$work/proxy-endpoint")
  [ -n "$endpoint" ] || { echo "wan-proxy did not start: $(cat "$work/proxy.log")" >&2; exit 1; }
  result=bench/results/transfer-wan.md via=" through examples/wan-proxy"
fi

export AWS_ACCESS_KEY_ID=AKIAS3SHARETEST00001 AWS_SECRET_ACCESS_KEY=s3shareTestSecret/Key+NeverPrint0000000001
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL=$endpoint HOME=$work/home S3SHARE_CONFIG=$work/config.toml
mkdir -p "$HOME"; : > "$S3SHARE_CONFIG"
# rclone: the same server as a remote named `local`, configured from the environment.
if [ "${NO_INSTALL:-0}" != 1 ] && [[ "$peers" == *" rclone "* ]] && ! command -v rclone > /dev/null; then
  apt-get install -y -qq rclone > /dev/null 2>&1 || true
fi
export RCLONE_CONFIG=/dev/null RCLONE_CONFIG_LOCAL_TYPE=s3 RCLONE_CONFIG_LOCAL_PROVIDER=Other \
  RCLONE_CONFIG_LOCAL_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID RCLONE_CONFIG_LOCAL_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY \
  RCLONE_CONFIG_LOCAL_REGION=us-east-1 RCLONE_CONFIG_LOCAL_ENDPOINT=$endpoint
# (rclone runs without AWS_CA_BUNDLE: given one, it refuses its own HTTP transport.)

# The base64 CRC64NVME of a file, as S3's header carries it; fails without awscrt (then the
# CRC64NVME rows are left out).
crc64nvme() {
  python3 -c 'import base64, sys
from awscrt.checksums import crc64nvme
crc = 0
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(1 << 20):
        crc = crc64nvme(chunk, crc)
print(base64.b64encode(crc.to_bytes(8, "big")).decode())' "$1" 2> /dev/null
}

# One measurement: label, then the command. Prints a table row with wall s, CPU s, peak RSS MiB.
measure() {
  local label=$1; shift
  local stats=$work/stats runs=$work/runs
  : > "$runs"
  for _ in $(seq "$repeat"); do
    # Every run starts with no dirty pages left by the previous one (a tool that fsyncs would
    # otherwise wait for the others' writeback).
    sync
    if ! run /usr/bin/time -f "%e %U %S %M" -o "$stats" "$@" > /dev/null 2> "$work/stderr"; then
      echo "| $label | failed: $(tail -1 "$work/stderr") | | | | |"
      return
    fi
    cat "$stats" >> "$runs"
  done
  # The run with the median wall time, and the spread of wall times.
  sort -n "$runs" | awk -v l="$label" -v mb="$mib" '
    { w[NR] = $1; u[NR] = $2; s[NR] = $3; r[NR] = $4 }
    END {
      m = int((NR + 1) / 2)
      printf "| %s | %.2f | %.2f–%.2f | %.1f | %.2f | %.0f |\n", l, w[m], w[1], w[NR], (w[m] > 0 ? mb / w[m] : 0), u[m] + s[m], r[m] / 1024
    }'
}

result=${OUT:-$result}
{
  if [ "$wan" = 1 ]; then
    echo "# transfer benchmark (WAN, user-space emulation because netem is unavailable: examples/wan-proxy, ${wan_delay}ms each way = $((2 * wan_delay))ms RTT, ${wan_link} Mbit/s link per direction shared by all connections, ${wan_flow} Mbit/s per connection standing in for 0.1% loss)"
  else
    echo "# transfer benchmark${NETEM:+ (netem: 20ms each way = 40ms RTT, 0.1% loss, 200mbit)}"
  fi
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, local s3s-fs (release build) on loopback${via:-}; median of $repeat runs (REPEAT), each after a \`sync\`."
  echo "CPU = client user+sys seconds; RSS = client peak resident set."
  for mib in $sizes; do
    file=$work/file-$mib
    head -c "$((mib * 1024 * 1024))" /dev/urandom > "$file"
    echo
    echo "## $mib MiB"
    echo
    echo "| command | wall s (median) | spread s | MiB/s | CPU s | peak RSS MiB |"
    echo "|---|---|---|---|---|---|"
    measure "s3share upload" "$s3share" -q upload --force --key "s3share-$mib" --to s3://bench/ "$file"
    if peer curl; then
      put=$(run "$s3share" presign --method put "s3://bench/curl-$mib")
      measure "curl -T (presigned PUT)" curl -sS --fail -T "$file" "$put"
    fi
    if peer aws; then
      measure "aws s3 cp (upload)" aws s3 cp --only-show-errors "$file" "s3://bench/aws-$mib"
    fi
    if peer s5cmd; then
      measure "s5cmd cp (upload)" s5cmd --log error --endpoint-url "$endpoint" cp "$file" "s3://bench/s5cmd-$mib"
    fi
    if peer rclone; then
      measure "rclone copyto (upload)" env -u AWS_CA_BUNDLE rclone copyto --ignore-times "$file" "local:bench/rclone-$mib"
    fi
    measure "s3share get" "$s3share" -q get --force "s3://bench/s3share-$mib" -o "$work/down-s3share"
    if peer curl quiet; then
      get=$(run "$s3share" presign "s3://bench/s3share-$mib")
      measure "curl -o (presigned GET)" curl -sS --fail -o "$work/down-curl" "$get"
    fi
    if peer aws quiet; then
      measure "aws s3 cp (download)" aws s3 cp --only-show-errors "s3://bench/s3share-$mib" "$work/down-aws"
    fi
    if peer s5cmd quiet; then
      measure "s5cmd cp (download)" s5cmd --log error --endpoint-url "$endpoint" cp "s3://bench/s3share-$mib" "$work/down-s5cmd"
    fi
    if peer rclone quiet; then
      measure "rclone copyto (download)" env -u AWS_CA_BUNDLE rclone copyto --ignore-times "local:bench/s3share-$mib" "$work/down-rclone"
    fi
    # An object stored by one PUT (curl's): its ETag is the MD5 of its bytes, which s3share checks.
    if peer curl quiet; then
      measure "s3share get (one-PUT object)" "$s3share" -q get --force "s3://bench/curl-$mib" -o "$work/down-s3share-put"
      cmp -s "$file" "$work/down-s3share-put" || echo "**s3share get returned different bytes for the one-PUT object**"
      if peer s5cmd quiet; then
        measure "s5cmd cp (download, one-PUT object)" s5cmd --log error --endpoint-url "$endpoint" cp "s3://bench/curl-$mib" "$work/down-s5cmd-put"
      fi
      if peer aws quiet; then
        measure "aws s3 cp (download, one-PUT object)" aws s3 cp --only-show-errors "s3://bench/curl-$mib" "$work/down-aws-put"
      fi
    fi
    # The same bytes stored by one PUT that sent their CRC64NVME, as S3 keeps one for every new
    # object (s3s-fs keeps one only when the PUT sends it): s3share checks it instead of the MD5.
    if peer curl quiet && crc=$(crc64nvme "$file"); then
      put=$(run "$s3share" presign --method put "s3://bench/crc-$mib")
      run curl -sS --fail -o /dev/null -T "$file" -H "x-amz-checksum-crc64nvme: $crc" "$put"
      measure "s3share get (one-PUT object, CRC64NVME)" "$s3share" -q get --force "s3://bench/crc-$mib" -o "$work/down-s3share-crc"
      cmp -s "$file" "$work/down-s3share-crc" || echo "**s3share get returned different bytes for the CRC64NVME object**"
      if peer s5cmd quiet; then
        measure "s5cmd cp (download, one-PUT object, CRC64NVME)" s5cmd --log error --endpoint-url "$endpoint" cp "s3://bench/crc-$mib" "$work/down-s5cmd-crc"
      fi
    fi
    cmp -s "$file" "$work/down-s3share" || echo "**s3share get returned different bytes for $mib MiB**"
    rm -f "$file" "$work"/down-*
  done
  echo
  for p in $peers; do command -v "$p" > /dev/null || echo "Not measured: $p (not installed)."; done
} | tee "$result"
