#!/usr/bin/env bash
# The downstream tf node (consumer_project/tf_main.cpp, built against an installed prefix)
# among installed processes, in a domain of its own:
#   - dmxp-node-static-transform-publisher broadcasts base_link -> laser (0.25, -1.5, 0.5);
#   - `dmxp lifecycle set` configures the node (it broadcasts odom -> base_link, static, from
#     its own StaticTransformBroadcaster, and listens), activates it (it looks up odom -> laser
#     through both processes' transforms and prints it) and shuts it down (it exits 0);
#   - `dmxp tf echo` reads the same chain from a third process.
# The looked-up transform is checked exactly: odom -> base_link is (2, 1, 0) turned half a
# turn about z, so laser sits at (2 - 0.25, 1 + 1.5, 0.5), turned half a turn.
# Usage: run_tf_user.sh <prefix> <downstream_tf>
set -euo pipefail
prefix=$1
node=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/helpers.sh"
work=$(mktemp -d)
export DMXP_DOMAIN="${DMXP_TEST_DOMAIN_PREFIX:-t}insttf$$"
publisher_pid="" node_pid=""
cleanup() {
  for pid in $node_pid $publisher_pid; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  remove_domain_segments "$DMXP_DOMAIN"
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "run_tf_user: $*" >&2
  for f in "$work"/*.log "$work/node.out"; do sed "s|^|  $(basename "$f")| |" "$f" >&2; done
  exit 1
}
dmxp=$prefix/bin/dmxp

"$prefix/bin/dmxp-node-static-transform-publisher" --ros-args -p frame_id:=base_link \
  -p child_frame_id:=laser -p x:=0.25 -p y:=-1.5 -p z:=0.5 >"$work/publisher.log" 2>&1 &
publisher_pid=$!
LD_LIBRARY_PATH="$prefix/lib" "$node" >"$work/node.out" 2>"$work/node.log" &
node_pid=$!
for ((i = 0; i < 100; ++i)); do
  "$dmxp" lifecycle get /tf_user >/dev/null 2>&1 && break
  sleep 0.1
done
state=$("$dmxp" lifecycle get /tf_user 2>&1) || fail "no lifecycle node /tf_user after 10 s: $state"
[[ $state == "unconfigured [1]" ]] || fail "/tf_user starts $state, expected unconfigured [1]"
"$dmxp" lifecycle set /tf_user configure >/dev/null || fail "configure refused"
"$dmxp" lifecycle set /tf_user activate >/dev/null || fail "activate refused"
expected="odom -> laser at 0: translation 1.75 2.5 0.5 rotation 0 0 1 0 laser (1,0,0) at 0.75 2.5 0.5"
for ((i = 0; i < 100; ++i)); do
  grep -q "^odom -> laser" "$work/node.out" && break
  sleep 0.1
done
looked_up=$(grep "^odom -> laser" "$work/node.out" || true)
[[ $looked_up == "$expected" ]] || fail "the node looked up '$looked_up', expected '$expected'"
# The installed CLI, a third process, sees the node's broadcast joined to the publisher's.
echo_json=$("$dmxp" tf echo odom laser --count 1 --json --timeout 10) || fail "dmxp tf echo odom laser failed"
[[ $echo_json == *'"stamp_ns":0,"frame_id":"odom","child_frame_id":"laser","translation":[1.75,2.5,0.5]'* ]] ||
  fail "dmxp tf echo odom laser printed $echo_json"
"$dmxp" lifecycle set /tf_user shutdown >/dev/null || fail "shutdown refused"
status=0
wait "$node_pid" || status=$?
node_pid=""
[[ $status == 0 ]] || fail "the node exited with status $status after shutdown"
[[ $(cat "$work/node.out") == $'configured\n'"$expected"$'\nshut down' ]] || fail "unexpected node output"
echo "downstream tf node: ok"
