#!/usr/bin/env bash
# Makes what users install without building DMXP (docs/packaging.md), into one folder:
#   dmxp-runtime, dmxp-tools, dmxp-dev  Debian packages (CPack, cmake/packaging.cmake)
#   dmxp-<version>-*.whl                 the Python wheel (pip wheel ./bindings/python)
#
#   tools/scripts/package.sh [--out DIR] [--build DIR] [--no-wheel]
#     --out DIR     where the packages go (default: build/packages; old ones there are replaced)
#     --build DIR   the CMake build tree to package (default: build; configured and built here)
#     --no-wheel    only the Debian packages
# The wheel is built in a venv of its own (build/wheel-venv: scikit-build-core, pybind11 and
# numpy from PyPI) into a kept build folder (build/wheel-build), through ccache: a rebuild
# compiles only what changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/packages
build=$root/build
wheel=1
while (($#)); do
  case $1 in
    --out) out=$(realpath -m "${2:?--out takes a folder}"); shift 2 ;;
    --build) build=$(realpath -m "${2:?--build takes a folder}"); shift 2 ;;
    --no-wheel) wheel=0; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
bash tools/scripts/install-deps.sh
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
jobs=${DMXP_JOBS:-2}

cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "$jobs"

# Every installed file must belong to one of the packages: an install() rule without a
# COMPONENT lands in CMake's "Unspecified" one, which no package holds.
stray=$(mktemp -d)
trap 'rm -rf "$stray"' EXIT
cmake --install "$build" --component Unspecified --prefix "$stray" >/dev/null
if [[ -n $(find "$stray" -mindepth 1 ! -type d) ]]; then
  echo "package.sh: installed files in no package (give their install() a COMPONENT runtime, dev or tools):" >&2
  (cd "$stray" && find . -mindepth 1 ! -type d | sort) >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out"/dmxp-*.deb "$out"/dmxp-*.whl
rm -rf "$out/cpack"
if ! cpack --config "$build/CPackConfig.cmake" -B "$out/cpack" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log" >&2
  exit 1
fi
mv "$out"/cpack/*.deb "$out"/
rm -rf "$out/cpack" "$out/cpack.log"

if ((wheel)); then
  venv=$build/wheel-venv
  if ! "$venv/bin/python" -c 'import scikit_build_core, pybind11, numpy' 2>/dev/null; then
    echo "package.sh: making $venv (scikit-build-core, pybind11, numpy)" >&2
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check scikit-build-core pybind11 numpy
  fi
  # The wheel's own CMake build compiles through ccache too.
  if command -v ccache >/dev/null; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache; fi
  "$venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-build-isolation --no-deps \
    -C build-dir="$build/wheel-build" -w "$out" ./bindings/python
fi
ls -1 "$out"
