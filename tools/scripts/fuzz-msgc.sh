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
source tools/scripts/fuzz-lib.sh

seconds=${1:-30}
fuzz_check_args fuzz-msgc.sh "$seconds"
build=${DMXP_FUZZ_MSGC_BUILD_DIR:-build-fuzz-msgc}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}/msgc

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

echo "== fuzz-msgc: dmxp_fuzz_msgc for ${seconds}s, $i seeds (log: $log) =="
fuzz_run fuzz-msgc.sh "$build/bin/dmxp_fuzz_msgc" "$seconds" 8192 "$artifacts/msgc-" "$log" \
  "$corpus" "$seeds"
echo "== fuzz-msgc: no crash, hang or leak in ${seconds}s =="
