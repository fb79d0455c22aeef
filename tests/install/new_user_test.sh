#!/usr/bin/env bash
# What a new user does with DMXP, from the install on, with nothing but the installed prefix:
#
#   1. `cmake --install` into a fresh prefix; it holds every standard .msg/.srv, descriptor,
#      header, CMake module, pkg-config file and program (check_complete.py);
#   2. copies the README's project (tests/install/my_robot: its own Obstacle.msg on std_msgs
#      and geometry_msgs, an obstacle detector node) out of the repository and builds it with
#      find_package(dmxp COMPONENTS rt), dmxp_add_standard_messages() and dmxp_add_messages();
#      the README shows those files verbatim (readme_shows.py);
#   3. runs it under the installed dmxp-launch beside the installed lidar simulator (a
#      component of the installed dmxp-container), remapped and with a parameter
#      (new_user_graph.yaml);
#   4. looks with the installed `dmxp`: the node's name, its topic and type, its parameter, and
#      one Obstacle decoded from the channel's descriptor, field by field (expect_obstacle.py).
#
# Its own domain; everything it made (prefix, builds, segments) is removed at the end.
# Usage: new_user_test.sh <build-dir>
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/helpers.sh"

work=$(mktemp -d)
export DMXP_DOMAIN="${DMXP_TEST_DOMAIN_PREFIX:-t}newuser$$"
cleanup() {
  stop_graph || true
  remove_domain_segments "$DMXP_DOMAIN"
  rm -rf "$work"
}
trap cleanup EXIT
step() { echo "[$SECONDS s] $*"; }
fail() { echo "new_user_test: $*" >&2; [[ ! -f $work/launch.log ]] || sed 's/^/  launch| /' "$work/launch.log" >&2; exit 1; }

step "install into a fresh prefix"
prefix=$work/prefix
install_prefix "$build" "$prefix"
python3 "$here/check_complete.py" "$repo" "$prefix" || fail "the install is incomplete"

step "build the README's project against the prefix"
python3 "$here/readme_shows.py" "$repo/README.md" "$here/my_robot" || fail "README and tests/install/my_robot differ"
cp -r "$here/my_robot" "$work/my_robot"
build_external "$prefix" "$work/my_robot" "$work/my_robot-build"
detector=$work/my_robot-build/obstacle_detector

step "launch the graph with the installed dmxp-launch"
dmxp=$prefix/bin/dmxp
launch_graph "$prefix" "$work/launch.log" "$here/new_user_graph.yaml" detector:="$detector" threshold:=2.0
wait_for_topic "$prefix" /robot/obstacles 20 || fail "no /robot/obstacles"

step "look at it with the installed dmxp"
"$dmxp" topic echo /robot/obstacles -n 1 --json --timeout 10 >"$work/obstacle.json" ||
  fail "dmxp topic echo /robot/obstacles got nothing"
echo "  obstacle: $(cat "$work/obstacle.json")"
python3 "$here/expect_obstacle.py" "$work/obstacle.json" front_laser || fail "wrong obstacle"
nodes=$("$dmxp" node list)
for n in /robot/obstacle_detector /robot/lidar; do
  grep -qx "$n" <<<"$nodes" || fail "node $n not in the graph: $nodes"
done
topics=$("$dmxp" topic list -t)
grep -qx "/robot/obstacles \[my_robot_msgs/Obstacle\]" <<<"$topics" || fail "no typed /robot/obstacles: $topics"
info=$("$dmxp" node info /robot/obstacle_detector)
grep -q "/robot/front/scan" <<<"$info" || fail "the detector does not subscribe to the remapped /robot/front/scan: $info"
threshold=$("$dmxp" param get /robot/obstacle_detector threshold)
[[ $threshold == 2.0 ]] || fail "threshold is '$threshold', expected 2.0"

step "stop the graph"
stop_graph || fail "dmxp-launch exited with status $? after SIGINT"
step "done"
