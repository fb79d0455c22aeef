#!/usr/bin/env bash
# Creates or updates the Python virtual environment the Python tests run in, with numpy,
# pytest, pybind11 (the Python binding's build), mcap and mcap-ros2-support (the CLI tests'
# MCAP reader and CDR decoder), zstandard + lz4 (with which mcap and the tests decompress
# chunks) and playwright (drives Debian's /usr/bin/chromium in the dashboard test; its own
# browser download, `playwright install`, is never used) from PyPI. Idempotent: when all
# import already, it does nothing (no network).
#   tools/scripts/python-env.sh [venv-dir]     default: build/venv
# Needs python3 with the venv module (Debian: python3-venv, see install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${1:-$root/build/venv}
packages=(numpy pytest pybind11 mcap mcap-ros2-support zstandard lz4 playwright pyyaml)

if [[ ! -x "$venv/bin/python" ]]; then
  echo "python-env: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
if "$venv/bin/python" -c 'import numpy, pytest, pybind11, mcap, mcap_ros2, zstandard, lz4.frame, playwright, yaml' 2>/dev/null; then
  exit 0
fi
echo "python-env: installing ${packages[*]} into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
"$venv/bin/python" -c 'import numpy, pytest, pybind11, mcap, mcap_ros2, zstandard, lz4.frame, playwright, yaml'
