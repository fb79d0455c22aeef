#!/usr/bin/env bash
# run_pytest.sh <ros2 venv python> <test file>: runs one bridge test file with the ROS 2 venv's
# pytest. Exit 77 (ctest: skipped) with the reason when that venv is missing; the tests exit 77
# themselves where network namespaces are not permitted.
set -euo pipefail
python=$1 file=$2
shift 2
if [[ ! -x "$python" ]]; then
  echo "SKIPPED: no ROS 2 venv at ${python%/bin/python} (create it: tools/scripts/ros2-env.sh)" >&2
  exit 77
fi
cd "$(dirname "$file")"
exec "$python" -m pytest -q -p no:cacheprovider "$file" "$@"
