#!/usr/bin/env bash
# Builds the example's Go and Rust programs into <build>/bin (beside dmxp-launch, where the
# graph's exec names are found), then launches graph.yaml in a domain of its own and removes
# the domain's channels afterwards. Usage: run.sh [build dir, default build] [name:=value...]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
shift || true
here="$src/examples/microservices"
cmake --build "$build" -j2 --target dmxp dmxp-launch dmxp_python > /dev/null
(cd "$here/frontend" && PKG_CONFIG_PATH="$build/pkgconfig" \
  go build -o "$build/bin/dmxp-ms-frontend" .)
CARGO_TARGET_DIR="$build/cargo" DMXP_LIB_DIR="$build/lib" \
  cargo build --quiet --release --manifest-path "$here/engine/Cargo.toml"
cp "$build/cargo/release/dmxp-ms-engine" "$build/bin/dmxp-ms-engine"
export DMXP_DOMAIN="ms$$"
trap 'rm -f /dev/shm/dmxp.$DMXP_DOMAIN.*' EXIT
"$build/bin/dmxp-launch" "$here/graph.yaml" "python:=$build/venv/bin/python" "pythonpath:=$build/python" "$@"
