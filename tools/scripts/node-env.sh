#!/usr/bin/env bash
# Installs the npm packages the Foxglove tests use (tests/foxglove/package.json, versions
# pinned by its package-lock.json: Foxglove's own client library @foxglove/ws-protocol with
# ws, and @foxglove/rosmsg + @foxglove/rosmsg2-serialization to decode) into a folder of the
# build tree, with `npm ci`. Idempotent: when that folder holds the installs of the same lock
# file, it does nothing (no network).
#   tools/scripts/node-env.sh [dir]      default: build/node-env (then NODE_PATH=<dir>/node_modules)
# Needs node and npm (Debian: nodejs, npm; install-deps.sh installs them when npm is missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/build/node-env}
src=$root/tests/foxglove
mkdir -p "$dir"
if [[ -d "$dir/node_modules" ]] && cmp -s "$src/package-lock.json" "$dir/package-lock.json"; then
  exit 0
fi
echo "node-env: installing tests/foxglove's npm packages into $dir" >&2
cp "$src/package.json" "$src/package-lock.json" "$dir/"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
