#!/usr/bin/env bash
# The main job: installs dependencies, builds what the robot needs into build/ (incremental:
# nothing is rebuilt when nothing changed), then runs the robot graph
# (examples/robot/graph.yaml: lidar, IMU and camera simulators -> odometry -> planner ->
# controller, with a latency probe) under dmxp-launch, printing a live summary (topics,
# rates, latency) every 2 seconds.
#
#   bash tools/scripts/run.sh                      # 10 seconds
#   bash tools/scripts/run.sh --seconds 30
#   bash tools/scripts/run.sh --until-ctrl-c
#   bash tools/scripts/run.sh use_camera:=false goal_y:=2.0     # graph arguments
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

seconds=10
graph_args=()
while (($#)); do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --until-ctrl-c) seconds=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) graph_args+=("$1"); shift ;;
  esac
done

build=${DMXP_BUILD_DIR:-build}
bash tools/scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "${DMXP_JOBS:-2}" --target dmxp-launch dmxp-container dmxp_nodes_all dmxp_cli \
  dmxp_python

# The graph's Python node runs on the package and message types just built, with the build's
# venv (numpy).
export DMXP_PYTHON="$root/$build/venv/bin/python"
DMXP_PYTHONPATH="$root/$build/python"
for d in "$root/$build"/msgs/*_gen/python "$root/$build"/nodes/*_gen/python; do DMXP_PYTHONPATH+=":$d"; done
export DMXP_PYTHONPATH
graph_args=(use_python:=true "${graph_args[@]}")

# A domain of its own, so the demo never meets another user's channels.
export DMXP_DOMAIN=${DMXP_DOMAIN:-robot_demo}
run_time=()
if [[ "$seconds" != 0 ]]; then run_time=(--run-time "$seconds"); fi
status=0
"$build"/bin/dmxp-launch --summary 2 "${run_time[@]}" examples/robot/graph.yaml "${graph_args[@]}" || status=$?
# The channels outlive the processes (they are the data); the demo's are of no further use.
"$build"/bin/dmxp channel gc >/dev/null || true
# With no channel left, the domain's key sequence and graph registry go too.
if ! ls /dev/shm 2>/dev/null | grep -q "^dmxp\.$DMXP_DOMAIN\.ch\."; then
  rm -f "/dev/shm/dmxp.$DMXP_DOMAIN.keys" "/dev/shm/dmxp.$DMXP_DOMAIN.graph"
fi
exit "$status"
