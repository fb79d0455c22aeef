#!/usr/bin/env bash
# Builds the XML launch file libFuzzer target (tests/launch/fuzz) with clang + ASan + UBSan
# and runs it briefly: arbitrary bytes as a ROS 2 XML launch file through the XML reader, the
# entity rules, substitutions ($(eval) and its Python subset), includes and conversions must
# give diagnostics, never a crash, hang, leak or out-of-memory.
#   tools/scripts/fuzz-launch.sh [seconds]     default 30
# The seeds are the XML launch files of launch/README.md and of tests/launch (the bodies of
# their R"X(<launch>...)X" literals). New inputs are kept in $DMXP_FUZZ_CORPUS/launch-xml
# (default fuzz-corpus/launch-xml, git-ignored) for the next run; a failing input is kept in
# build-fuzz-launch/fuzz-artifacts/. Reproduce one with:
#   build-fuzz-launch/bin/dmxp_fuzz_launch_xml <artifact>
# Environment: DMXP_FUZZ_LAUNCH_BUILD_DIR (default build-fuzz-launch), DMXP_JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tools/scripts/fuzz-lib.sh

seconds=${1:-30}
fuzz_check_args fuzz-launch.sh "$seconds"
build=${DMXP_FUZZ_LAUNCH_BUILD_DIR:-build-fuzz-launch}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}/launch-xml

echo "== fuzz-launch: configure and build ($build) =="
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DDMXP_BUILD_FUZZ=ON -DDMXP_BUILD_TESTS=OFF -DDMXP_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target dmxp_fuzz_launch_xml

seeds="$build/fuzz-seeds/launch-xml"
artifacts="$build/fuzz-artifacts"
log="$build/fuzz-logs/launch-xml.log"
rm -rf "$seeds"
mkdir -p "$seeds" "$artifacts" "$(dirname "$log")" "$corpus"
# Every <launch> document written in the README's xml blocks and in the tests' C++ literals
# (escaped quotes of ordinary literals unescaped).
python3 - "$seeds" launch/README.md tests/launch/*.cpp <<'PY'
import re, sys
out, n = sys.argv[1], 0
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    for doc in re.findall(r'(?:<\?xml[^>]*\?>\s*)?<launch[\s>/].*?</launch>|<launch/>', text, re.S):
        doc = doc.replace('\\"', '"').replace('\\n', '\n') if path.endswith(".cpp") and '\\n' in doc else doc
        with open(f"{out}/seed{n}.xml", "w", encoding="utf-8") as f:
            f.write(doc + "\n")
        n += 1

PY
count=$(ls "$seeds" | wc -l)

echo "== fuzz-launch: dmxp_fuzz_launch_xml for ${seconds}s, $count seeds (log: $log) =="
fuzz_run fuzz-launch.sh "$build/bin/dmxp_fuzz_launch_xml" "$seconds" 4096 "$artifacts/launch-xml-" "$log" \
  "$corpus" "$seeds"
echo "== fuzz-launch: no crash, hang or leak in ${seconds}s =="
