#!/usr/bin/env bash
# Two machines, one robot: examples/robot split across two "hosts" joined by a network, each
# with its own DMXP domain and a dmxp-bridge between them (docs/bridge.md).
#   host A (host_a.yaml): lidar, IMU, odometry           exports /robot/scan, /robot/odom
#   host B (host_b.yaml): planner, controller            exports /robot/cmd_vel
# The hosts are two network namespaces joined by a veth pair (needs root: ip netns), so DDS
# discovery stays off the real network. Both sides print their live summary; at the end the
# script prints what host A received from host B's controller.
#   sudo examples/two_hosts/run.sh [--seconds N]       default 20; build first (tools/scripts/run.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/examples/two_hosts"
bin=${DMXP_BIN_DIR:-$root/build/bin}
seconds=20
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N]" >&2; exit 2 ;;
  esac
done
for p in dmxp-launch dmxp-bridge dmxp-container dmxp-node-planner dmxp; do
  [[ -x "$bin/$p" ]] || { echo "$0: $bin/$p is missing: build first (tools/scripts/run.sh)" >&2; exit 1; }
done

tag=$$
a=dmxp-two-a-$tag b=dmxp-two-b-$tag
domain_a=${DMXP_TEST_DOMAIN_PREFIX:-}twohosts_a$tag domain_b=${DMXP_TEST_DOMAIN_PREFIX:-}twohosts_b$tag
cleanup() {
  for ns in "$a" "$b"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -f /dev/shm/dmxp."$domain_a".* /dev/shm/dmxp."$domain_b".*
}
trap cleanup EXIT

if ! ip netns add "$a" 2>/dev/null; then
  echo "$0: cannot create network namespaces here (run as root)" >&2
  exit 77
fi
ip netns add "$b"
ip link add va$tag type veth peer name vb$tag
ip link set va$tag netns "$a"
ip link set vb$tag netns "$b"
for side in "$a 10.78.0.1 va$tag" "$b 10.78.0.2 vb$tag"; do
  read -r ns addr dev <<<"$side"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev "$dev"
  ip -n "$ns" link set "$dev" up
  ip -n "$ns" link set "$dev" multicast on
  ip -n "$ns" route add 224.0.0.0/4 dev "$dev"
done

launch() {  # <namespace> <domain> <graph> <label>
  ip netns exec "$1" env DMXP_DOMAIN="$2" DMXP_BIN_DIR="$bin" \
    "$bin/dmxp-launch" --no-color --summary 2 --run-time "$seconds" "$here/$3" 2>&1 |
    sed -u "s/^/[$4] /"
}
launch "$a" "$domain_a" host_a.yaml "host A" &
pid_a=$!
launch "$b" "$domain_b" host_b.yaml "host B" &
pid_b=$!
# What host A gets back from host B's controller, a second before the end: the loop closed.
sleep $((seconds > 3 ? seconds - 2 : 1))
echo "== host A: /robot/cmd_vel, computed on host B from host A's scan and odometry =="
DMXP_DOMAIN="$domain_a" "$bin/dmxp" topic echo /robot/cmd_vel --once --timeout 2 || true
DMXP_DOMAIN="$domain_a" "$bin/dmxp" topic info /robot/cmd_vel | grep -A2 '^bridged' || true
status=0
wait "$pid_a" || status=$?
wait "$pid_b" || status=$?
exit "$status"
