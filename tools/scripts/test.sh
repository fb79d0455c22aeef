#!/usr/bin/env bash
# Builds DMXP and runs every test: the core suites, then the same core suites under
# ASan+UBSan and under TSan (separate build trees), then short libFuzzer runs (segments, the
# .msg compiler, the CDR codec) and a 2-minute soak (tools/scripts/soak.sh).
#   tools/scripts/test.sh            everything (what CI runs)
#   DMXP_TEST_QUICK=1 ...            only the plain build's tests
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jobs=${DMXP_JOBS:-2}
bash tools/scripts/install-deps.sh
# ccache hits across clones of the repository (CI builds a fresh clone each time): paths
# under the clone are hashed relative to it.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

step() { printf '\n== %s ==\n' "$*"; }

# Each test run gets its own domain, so concurrent runs (and a developer's own channels)
# never collide; leftover segments of that domain fail the run.
export DMXP_TEST_DOMAIN_PREFIX="t$$"

build_and_test() {  # <dir> <label> [cmake args...]; DMXP_BUILD_TARGET narrows the build
  local dir=$1 label=$2; shift 2
  step "$label: configure and build ($dir)"
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" ${DMXP_BUILD_TARGET:+--target "$DMXP_BUILD_TARGET"}
  step "$label: tests"
  ctest --test-dir "$dir" --output-on-failure -j 1 ${DMXP_CTEST_ARGS:-}
}

step "python environment for the tests (build/venv)"
bash tools/scripts/python-env.sh "$root/build/venv"
step "ROS 2 environment for the bridge and CDR tests (build/ros2-venv)"
bash tools/scripts/ros2-env.sh "$root/build/ros2-venv"
build_and_test build "plain"
if [[ "${DMXP_TEST_QUICK:-0}" != 1 ]]; then
  # Sanitizer trees build the core and run the suites labelled "core".
  export DMXP_BUILD_TARGET=dmxp_core_tests
  DMXP_CTEST_ARGS="-L core" \
    build_and_test build-asan "ASan+UBSan" -DDMXP_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug
  DMXP_CTEST_ARGS="-L core" TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    build_and_test build-tsan "TSan" -DDMXP_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo
  unset DMXP_BUILD_TARGET
  step "fuzz: segment header validation, MCAP reader, attach"
  bash tools/scripts/fuzz.sh 80
  step "fuzz: .msg compiler"
  bash tools/scripts/fuzz-msgc.sh 30
  step "fuzz: CDR codec"
  bash tools/scripts/fuzz-cdr.sh 30
  step "fuzz: ROS 2 XML launch files"
  # The .msg fuzzer's tree has the same configuration: only the launch target is built.
  DMXP_FUZZ_LAUNCH_BUILD_DIR=build-fuzz-msgc bash tools/scripts/fuzz-launch.sh 25
  step "soak: 2 minutes of producers and consumers SIGKILLed and restarted (build/)"
  bash tools/scripts/soak.sh --minutes 2
fi

leftover=$(ls /dev/shm | grep "^dmxp\.${DMXP_TEST_DOMAIN_PREFIX}" || true)
if [[ -n "$leftover" ]]; then
  echo "tests left shared-memory segments behind:" >&2
  echo "$leftover" >&2
  exit 1
fi
step "all tests passed"
