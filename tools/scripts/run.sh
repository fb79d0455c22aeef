#!/usr/bin/env bash
# The main job: installs dependencies, builds DMXP into build/, and runs the demo
# (today: two processes over one channel; extra arguments go to dmxp-demo).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash tools/scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j "${DMXP_JOBS:-2}"
exec build/bin/dmxp-demo "$@"
