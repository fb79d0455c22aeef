#!/usr/bin/env bash
# Builds the .msg compiler's libFuzzer target (tests/msgc/fuzz) with clang + ASan + UBSan and
# runs it briefly: arbitrary bytes as a .msg file through tokenizer, parser, resolver and
# every emitter must give diagnostics, never a crash, hang, leak or out-of-memory.
#   tools/scripts/fuzz-msgc.sh [seconds]     default 30
# The seeds are every .msg file of msgs/ and tests/msgc (good and bad ones). New inputs are
# kept in $DMXP_FUZZ_CORPUS/msgc (default fuzz-corpus/msgc, git-ignored) for the next run; a
# failing input is kept in build-fuzz-msgc/fuzz-artifacts/. Reproduce one with:
#   build-fuzz-msgc/bin/dmxp_fuzz_msgc <artifact>
# Environment: DMXP_FUZZ_MSGC_BUILD_DIR (default build-fuzz-msgc), DMXP_JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

seconds=${1:-30}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [seconds >= 1]" >&2
  exit 2
fi
build=${DMXP_FUZZ_MSGC_BUILD_DIR:-build-fuzz-msgc}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}/msgc

for tool in clang clang++ cmake ninja; do
  command -v "$tool" >/dev/null || {
    echo "fuzz-msgc.sh: $tool not found; run tools/scripts/install-deps.sh" >&2
    exit 1
  }
done

echo "== fuzz-msgc: configure and build ($build) =="
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DDMXP_BUILD_FUZZ=ON -DDMXP_BUILD_TESTS=OFF -DDMXP_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target dmxp_fuzz_msgc

seeds="$build/fuzz-seeds/msgc"
artifacts="$build/fuzz-artifacts"
log="$build/fuzz-logs/msgc.log"
rm -rf "$seeds"
mkdir -p "$seeds" "$artifacts" "$(dirname "$log")" "$corpus"
i=0
while IFS= read -r f; do
  cp "$f" "$seeds/seed$((i++)).msg"
done < <(find msgs tests/msgc -name '*.msg' | sort)

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
echo "== fuzz-msgc: dmxp_fuzz_msgc for ${seconds}s, $i seeds (log: $log) =="
rc=0
"$build/bin/dmxp_fuzz_msgc" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/msgc-" \
  "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
grep -E '^#[0-9]+[[:space:]]+(DONE|pulse)' "$log" | tail -1 || true
grep -E '^stat::number_of_executed_units' "$log" || true
if ((rc != 0)); then
  echo "fuzz-msgc.sh: dmxp_fuzz_msgc FAILED (exit $rc); the end of its log:" >&2
  grep -E -A40 'ERROR: |==ERROR|runtime error|ALARM|Test unit written' "$log" | head -80 >&2 ||
    tail -40 "$log" >&2
  exit 1
fi
echo "== fuzz-msgc: no crash, hang or leak in ${seconds}s =="
