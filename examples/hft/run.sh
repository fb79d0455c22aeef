#!/usr/bin/env bash
# examples/hft: a C++ feed handler -> a Python strategy, in a domain of their own.
#   examples/hft/run.sh [build-dir] [ticks] [rate]     defaults: build 5000000 0 (as fast as possible)
# The strategy prints throughput and tick-to-strategy latency percentiles.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
count=${2:-5000000}
rate=${3:-0}
export DMXP_DOMAIN="${DMXP_TEST_DOMAIN_PREFIX:-ex}hft$$"
export PYTHONPATH="$build/python:$build/examples/hft/hft_msgs_gen/python${PYTHONPATH:+:$PYTHONPATH}"
python="$build/venv/bin/python"
cleanup() { rm -f /dev/shm/dmxp."$DMXP_DOMAIN".*; }
trap cleanup EXIT

coproc strategy { exec "$python" "$here/strategy.py" --count "$count"; }
pid=$strategy_PID
exec 3<&"${strategy[0]}"
read -r line <&3
[[ "$line" == ready ]] || { echo "run.sh: the strategy did not start" >&2; exit 1; }
"$build/bin/dmxp-hft-feed" --count "$count" --rate "$rate"
cat <&3
wait "$pid"
