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

seconds=${1:-30}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [seconds >= 1]" >&2
  exit 2
fi
build=${DMXP_FUZZ_CDR_BUILD_DIR:-build-fuzz-cdr}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}/cdr

for tool in clang clang++ cmake ninja; do
  command -v "$tool" >/dev/null || {
    echo "fuzz-cdr.sh: $tool not found; run tools/scripts/install-deps.sh" >&2
    exit 1
  }
done

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

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
echo "== fuzz-cdr: dmxp_fuzz_cdr for ${seconds}s (log: $log) =="
rc=0
# -max_len: the largest seed (a PoseArray descriptor and its CDR) is ~6 KiB.
"$build/bin/dmxp_fuzz_cdr" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/cdr-" \
  "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
grep -E '^#[0-9]+[[:space:]]+(DONE|pulse)' "$log" | tail -1 || true
grep -E '^stat::number_of_executed_units' "$log" || true
if ((rc != 0)); then
  echo "fuzz-cdr.sh: dmxp_fuzz_cdr FAILED (exit $rc); the end of its log:" >&2
  grep -E -A40 'ERROR: |==ERROR|runtime error|ALARM|Test unit written' "$log" | head -80 >&2 ||
    tail -40 "$log" >&2
  exit 1
fi
echo "== fuzz-cdr: no crash, hang or leak in ${seconds}s =="
