#!/usr/bin/env bash
# examples/vision: a C++ 4K camera -> a Python consumer (numpy, or PyTorch with --torch).
#   examples/vision/run.sh [build-dir] [frames] [fps] [--torch]    defaults: build 300 30
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
frames=${2:-300}
fps=${3:-30}
extra=("${@:4}")
export DMXP_DOMAIN="${DMXP_TEST_DOMAIN_PREFIX:-ex}vis$$"
export PYTHONPATH="$build/python:$(echo "$build"/msgs/dmxp_msgs_*_gen/python | tr ' ' ':')${PYTHONPATH:+:$PYTHONPATH}"
python="$build/venv/bin/python"
cleanup() { rm -f /dev/shm/dmxp."$DMXP_DOMAIN".*; }
trap cleanup EXIT

coproc consumer { exec "$python" "$here/consumer.py" --frames "$frames" "${extra[@]}"; }
pid=$consumer_PID
exec 3<&"${consumer[0]}"
read -r line <&3
[[ "$line" == ready ]] || { echo "run.sh: the consumer did not start" >&2; exit 1; }
"$build/bin/dmxp-vision-camera" --frames "$frames" --fps "$fps"
cat <&3
wait "$pid"
