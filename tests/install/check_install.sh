#!/usr/bin/env bash
# Installs a built DMXP into a temporary prefix, then builds a downstream program against it
# twice: with find_package(dmxp) and with pkg-config. Usage: check_install.sh <build-dir>
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$here/consumer_project" -B "$work/cmake-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/cmake-build/downstream"
libdir=$(find "$work/prefix" -name dmxp.pc -printf '%h\n' | head -1)
flags=$(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs dmxp)
g++ -std=c++20 "$here/consumer_project/main.cpp" $flags -o "$work/pc-downstream"
LD_LIBRARY_PATH="$libdir/.." "$work/pc-downstream"
