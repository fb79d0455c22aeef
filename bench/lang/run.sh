#!/usr/bin/env bash
# Per-language receive throughput and one-way latency (C++ producer -> a consumer in each
# language), one run, written to bench/lang/RESULTS.md.
# Usage: bench/lang/run.sh [build dir, default build] [extra run.py options]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
shift || true
cmake --build "$build" -j2 --target dmxp-bench-lang-producer dmxp-bench-lang-probe \
  dmxp_interop_c dmxp_interop_cpp dmxp_msgc dmxp_node
if cmake --build "$build" -j2 --target dmxp_python > /dev/null 2>&1; then
  export DMXP_INTEROP_PYTHON="$build/venv/bin/python"
  export DMXP_INTEROP_PYTHONPATH="$build/python:$build/msgs/dmxp_msgs_sensor_msgs_gen/python:$build/msgs/dmxp_msgs_std_msgs_gen/python:$build/msgs/dmxp_msgs_builtin_interfaces_gen/python"
fi
export CARGO_TARGET_DIR="$build/cargo" DMXP_LIB_DIR="$build/lib" GOTOOLCHAIN=local
export PKG_CONFIG_PATH="$build/pkgconfig" DMXP_NODE_ADDON="$build/node/dmxp.node"
work="$build/tests/interop"
bash "$src/tests/interop/build_participants.sh" "$work" "$src" "$build/bin/dmxp-msgc"
exec python3 "$src/bench/lang/run.py" --participants-file "$work/participants.txt" \
  --producer "$build/bin/dmxp-bench-lang-producer" --probe "$build/bin/dmxp-bench-lang-probe" \
  --out "$src/bench/lang/RESULTS.md" "$@"
