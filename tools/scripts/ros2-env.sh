#!/usr/bin/env bash
# Creates or updates the virtual environment with real ROS 2 Jazzy from PyPI (rclpy on Fast DDS
# and the standard message packages; unofficial cp311 wheels, so every version is pinned) and
# rosbags (an independent CDR serializer). The bridge tests talk to real rclpy nodes through
# it, the CDR tests compare bytes with rosbags, and the type-hash tests read the RIHS01 values
# the wheels ship in share/<pkg>/msg/<Type>.json. Kept apart from build/venv: ~250 MB, and
# the ROS wheels must not leak into the binding's own tests.
# Idempotent: when everything imports already, it does nothing (no network).
#   tools/scripts/ros2-env.sh [venv-dir]     default: build/ros2-venv
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${1:-$root/build/ros2-venv}
packages=(
  ros-jazzy-rclpy==7.1.6 ros-jazzy-rmw-fastrtps-cpp==8.4.3
  ros-jazzy-std-msgs==5.3.6 ros-jazzy-geometry-msgs==5.3.6
  ros-jazzy-sensor-msgs==5.3.6 ros-jazzy-nav-msgs==5.3.6 ros-jazzy-std-srvs==5.3.6
  rosbags==0.11.9 numpy pytest
)
probe='import rclpy, std_msgs.msg, geometry_msgs.msg, sensor_msgs.msg, nav_msgs.msg, std_srvs.srv, rosbags, pytest'

if [[ ! -x "$venv/bin/python" ]]; then
  echo "ros2-env: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
if "$venv/bin/python" -c "$probe" 2>/dev/null; then
  exit 0
fi
echo "ros2-env: installing ${packages[*]} into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
"$venv/bin/python" -c "$probe"
