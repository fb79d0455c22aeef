#!/usr/bin/env bash
# Builds the CDR codec's libFuzzer target (tests/wire/fuzz) with clang + ASan + UBSan and runs
# it briefly: arbitrary bytes as CDR of standard types (decode, then encode/decode round trips
# that must agree), as raw DMXP messages to encode, and as hostile layout descriptors must give
# errors, never a crash, out-of-bounds access, hang, leak or out-of-memory.
#   tools/scripts/fuzz-cdr.sh [seconds]     default 30
# The seeds are written by dmxp_fuzz_cdr_seed each run (the CDR of every fuzzed type, and its
# descriptor for the hostile-descriptor mode). New inputs are kept in $DMXP_FUZZ_CORPUS/cdr
# (default fuzz-corpus/cdr, git-ignored) for the next run; a failing input is kept in
# build-fuzz-cdr/fuzz-artifacts/. Reproduce one with:
#   build-fuzz-cdr/bin/dmxp_fuzz_cdr <artifact>
# Environment: DMXP_FUZZ_CDR_BUILD_DIR (default build-fuzz-cdr), DMXP_JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tools/scripts/fuzz-lib.sh

seconds=${1:-30}
fuzz_check_args fuzz-cdr.sh "$seconds"
build=${DMXP_FUZZ_CDR_BUILD_DIR:-build-fuzz-cdr}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}/cdr

echo "== fuzz-cdr: configure and build ($build) =="
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DDMXP_BUILD_FUZZ=ON -DDMXP_BUILD_TESTS=OFF -DDMXP_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target dmxp_fuzz_cdr dmxp_fuzz_cdr_seed

seeds="$build/fuzz-seeds/cdr"
artifacts="$build/fuzz-artifacts"
log="$build/fuzz-logs/cdr.log"
rm -rf "$seeds"
mkdir -p "$seeds" "$artifacts" "$(dirname "$log")" "$corpus"
"$build/bin/dmxp_fuzz_cdr_seed" "$seeds"

echo "== fuzz-cdr: dmxp_fuzz_cdr for ${seconds}s (log: $log) =="
# -max_len: the largest seed (a PoseArray descriptor and its CDR) is ~6 KiB.
fuzz_run fuzz-cdr.sh "$build/bin/dmxp_fuzz_cdr" "$seconds" 16384 "$artifacts/cdr-" "$log" \
  "$corpus" "$seeds"
echo "== fuzz-cdr: no crash, hang or leak in ${seconds}s =="
