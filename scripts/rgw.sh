#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with a RADOS Gateway on loopback, for the compatibility
# tests (tests/it/rgw.rs). It installs nothing: Debian's ceph-mon, ceph-osd, radosgw and
# ceph-common must be there (.ci/run installs them).
#
#   scripts/rgw.sh start [DIR]   start one in DIR (default: a new temp dir), wait until S3
#                                answers, print its env lines (also in DIR/s3.env)
#   scripts/rgw.sh env DIR       print them again
#   scripts/rgw.sh stop DIR      stop exactly the daemons start started, and remove DIR
#
# Then: S3SHARE_TEST_RGW=DIR/s3.env cargo test --test it rgw
#
# One monitor on a free loopback port, one OSD on memstore (data in memory, pools of size 1),
# radosgw with the beast frontend on another free loopback port, and an S3 user made with
# radosgw-admin. The daemons trust each other without keys (auth none); S3 signatures are still
# checked. Everything (config, monitor store, logs, sockets, PIDs) is under DIR.
set -euo pipefail

usage() {
  sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "rgw.sh: $*" >&2
  exit 1
}

# A TCP port on 127.0.0.1 that nothing listens on (and not $1).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 30000))
    [ "$port" != "${1:-}" ] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free loopback port found"
}

# Runs a daemon in the foreground of a background job, its output in the log, and records its
# PID under its name, so that stop kills exactly it.
daemon() {
  local name=$1
  shift
  "$@" >>"$dir/log/$name.out" 2>&1 </dev/null &
  local pid=$!
  echo "$name $pid" >>"$dir/pids"
  # Not this shell's job any more: no "Killed" notice when a failed start stops it.
  disown "$pid"
  # $! is known as soon as bash forks, before the child execs the daemon: until then its
  # command line is this script's, and `alive` would take it for a daemon that died. Wait for
  # the exec (or for the child to end, which `alive` then reports).
  for _ in $(seq 100); do
    is_ours "$pid" && return
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
}

# Whether the daemon recorded as `name pid` still runs.
alive() {
  local pid
  pid=$(awk -v n="$1" '$1 == n {print $2}' "$dir/pids")
  [ -n "$pid" ] && is_ours "$pid"
}

# Whether process $1 is one of ours: a ceph daemon reading this directory's config.
is_ours() {
  local cmdline
  cmdline=$({ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null) || return 1
  [[ $cmdline == *" -c $dir/ceph.conf"* ]]
}

# Stops with the daemon's last log lines.
died() {
  echo "rgw.sh: $1 did not start; the end of its log:" >&2
  tail -n 20 "$dir/log/$1.out" "$dir/log/$1.log" >&2 2>/dev/null || true
  exit 1
}

# Waits up to $2 seconds for command "${@:3}" to succeed, while daemon $1 runs.
wait_for() {
  local name=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    alive "$name" || died "$name"
    [ "$SECONDS" -lt "$deadline" ] || fail "$name: no answer after ${seconds}s (logs in $dir/log)"
    sleep 0.1
  done
}

ceph_cli() {
  timeout 30 ceph -c "$dir/ceph.conf" --connect-timeout 20 "$@"
}

s3_answers() {
  # An anonymous ListBuckets: 200 with an empty list once radosgw serves S3.
  curl -fsS --max-time 2 "$endpoint/" | grep -q ListAllMyBucketsResult
}

start() {
  for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph curl; do
    command -v "$tool" >/dev/null ||
      fail "$tool is missing: apt-get install ceph-mon ceph-osd radosgw ceph-common curl"
  done
  if [ -n "${1:-}" ]; then
    dir=$(realpath -m "$1")
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || fail "$dir is not empty"
  else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/s3share-rgw.XXXXXX")
  fi
  mkdir -p "$dir/log" "$dir/run" "$dir/mon" "$dir/osd" "$dir/rgw"
  : >"$dir/pids"
  # A failed start leaves nothing running (the directory stays, with the logs).
  trap 'stop_daemons' EXIT

  local mon_port rgw_port fsid
  mon_port=$(free_port)
  rgw_port=$(free_port "$mon_port")
  endpoint="http://127.0.0.1:$rgw_port"
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# Clients ask for a secure monitor connection by default, which "auth none" cannot give.
ms mon client mode = crc
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
mon cluster log file = $dir/log/cluster.log
log to stderr = false
err to stderr = true
# One monitor proposes at once instead of batching for a second (start in ~2 s, not ~14 s).
paxos propose interval = 0.05
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0

[mon]
mon data = $dir/mon

[osd]
osd data = $dir/osd
osd objectstore = memstore
memstore device bytes = 2147483648
osd op num shards = 1
osd op num threads per shard = 2

[client]
rgw data = $dir/rgw
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw thread pool size = 32
# Deleted objects (and aborted parts) leave memory within seconds, not hours.
rgw gc obj min wait = 2
rgw gc processor period = 5
rgw dynamic resharding = false
EOF

  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
  ceph-mon --mkfs -i a --monmap "$dir/monmap" -c "$dir/ceph.conf" >"$dir/log/mon.a.out" 2>&1 ||
    died mon.a
  daemon mon.a ceph-mon -f -i a -c "$dir/ceph.conf"
  wait_for mon.a 60 ceph_cli mon stat

  local osd_uuid
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  [ "$(ceph_cli osd new "$osd_uuid")" = 0 ] || fail "the monitor did not give the OSD id 0"
  ceph-osd --mkfs -i 0 --osd-uuid "$osd_uuid" -c "$dir/ceph.conf" >"$dir/log/osd.0.out" 2>&1 ||
    died osd.0
  daemon osd.0 ceph-osd -f -i 0 -c "$dir/ceph.conf"
  wait_for osd.0 60 osd_up

  daemon client.rgw radosgw -f -n client.rgw -c "$dir/ceph.conf"
  local access secret
  access=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  timeout 60 radosgw-admin -c "$dir/ceph.conf" user create --uid s3share --display-name s3share \
    --access-key "$access" --secret-key "$secret" >"$dir/log/user.out" 2>&1 || died user
  wait_for client.rgw 120 s3_answers

  cat >"$dir/s3.env" <<EOF
AWS_ENDPOINT_URL=$endpoint
AWS_ACCESS_KEY_ID=$access
AWS_SECRET_ACCESS_KEY=$secret
AWS_REGION=us-east-1
S3SHARE_RGW_DIR=$dir
EOF
  trap - EXIT
  print_env
}

osd_up() {
  ceph_cli osd stat -f json | grep -q '"num_up_osds":1'
}

print_env() {
  [ -f "$dir/s3.env" ] || fail "no cluster in $dir"
  echo "S3SHARE_TEST_RGW=$dir/s3.env"
  cat "$dir/s3.env"
}

# Stops the daemons recorded in DIR/pids, each only if it is still the one started, and waits
# until they are gone. SIGKILL: the cluster is thrown away with its directory, and radosgw takes
# 5 s to drain on SIGTERM.
stop_daemons() {
  [ -f "$dir/pids" ] || return 0
  local name pid pids=()
  while read -r name pid; do
    if is_ours "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done <"$dir/pids"
  for _ in $(seq 100); do
    local running=0
    for pid in "${pids[@]}"; do
      if is_ours "$pid"; then running=1; fi
    done
    [ "$running" = 1 ] || return 0
    sleep 0.1
  done
  echo "rgw.sh: some daemons did not stop: ${pids[*]}" >&2
  return 1
}

stop() {
  if [ ! -f "$dir/ceph.conf" ]; then
    # A start that failed before it wrote anything leaves an empty directory.
    rmdir "$dir" 2>/dev/null && return
    fail "$dir holds no cluster"
  fi
  stop_daemons
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    [ $# -le 2 ] || usage
    start "${2:-}"
    ;;
  env)
    [ $# -eq 2 ] || usage
    dir=$(realpath -m "$2")
    print_env
    ;;
  stop)
    [ $# -eq 2 ] || usage
    dir=$(realpath -m "$2")
    stop
    ;;
  *) usage ;;
esac
