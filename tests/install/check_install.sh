#!/usr/bin/env bash
# Installs a built DMXP into a temporary prefix, then builds downstream programs against it:
# with find_package(dmxp) (a channel round trip, a node on dmxp::rt, the CDR codec on
# dmxp::wire, a managed node on dmxp::tf) and with pkg-config;
# runs the installed container and a node, and the tf node between the installed static
# transform publisher and `dmxp lifecycle set` (run_tf_user.sh). Usage: check_install.sh <build-dir>
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
