#!/usr/bin/env bash
# Installs a built DMXP into a temporary prefix, then builds downstream programs against it:
# with find_package(dmxp) (a channel round trip, a node on dmxp::rt, the CDR codec on
# dmxp::wire, a managed node on dmxp::tf) and with pkg-config;
# runs the installed container and a node, and the tf node between the installed static
# transform publisher and `dmxp lifecycle set` (run_tf_user.sh); a project using dmxp::tf
# without generating the standard messages gets dmxpConfig.cmake's error.
# Usage: check_install.sh <build-dir>
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/helpers.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
install_prefix "$build" "$work/prefix"
cp -r "$here/consumer_project" "$work/consumer_project"
build_external "$work/prefix" "$work/consumer_project" "$work/cmake-build"
LD_LIBRARY_PATH="$work/prefix/lib" "$work/cmake-build/downstream"
LD_LIBRARY_PATH="$work/prefix/lib" "$work/cmake-build/downstream_node"
LD_LIBRARY_PATH="$work/prefix/lib" "$work/cmake-build/downstream_wire"
bash "$here/run_tf_user.sh" "$work/prefix" "$work/cmake-build/downstream_tf"
# dmxp::tf without the standard messages its headers use: the configure stops and says why.
if cmake -S "$here/tf_without_messages" -B "$work/tf-without" -DCMAKE_PREFIX_PATH="$work/prefix" \
     >"$work/tf-without.log" 2>&1; then
  echo "a project using dmxp::tf without dmxp_add_standard_messages() configured" >&2; exit 1
fi
said=$(sed -n '/^CMake Error at .*dmxpConfig.cmake/,/^Call Stack/p' "$work/tf-without.log" | sed '1d;$d' | xargs echo)
expected="find_package(dmxp COMPONENTS tf): dmxp::tf uses the standard message packages tf2_msgs and geometry_msgs, generated in your build, but there is no target dmxp_msgs_tf2_msgs: call dmxp_add_standard_messages() (with the cpp language) in this project"
[[ $said == "$expected" ]] || { echo "dmxp::tf without messages said '$said', expected '$expected'" >&2; cat "$work/tf-without.log" >&2; exit 1; }
# The installed nodes and container run from the prefix alone (rpath), components found
# beside libdmxp_rt.
domain="${DMXP_TEST_DOMAIN_PREFIX:-t}instc$$"
DMXP_DOMAIN=$domain timeout --preserve-status -s INT 2 \
  "$work/prefix/bin/dmxp-container" --load dmxp_node_imu_sim dmxp_nodes::ImuSim
DMXP_DOMAIN=$domain timeout --preserve-status -s INT 1 "$work/prefix/bin/dmxp-node-odometry"
channels=$(ls /dev/shm | grep -c "^dmxp\.$domain\.ch\." || true)
remove_domain_segments "$domain"
[[ $channels -ge 2 ]] || { echo "installed nodes created $channels channels, expected >= 2" >&2; exit 1; }
libdir=$(find "$work/prefix" -name dmxp.pc -printf '%h\n' | head -1)
flags=$(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs dmxp)
g++ -std=c++20 "$here/consumer_project/main.cpp" $flags -o "$work/pc-downstream"
LD_LIBRARY_PATH="$libdir/.." "$work/pc-downstream"
