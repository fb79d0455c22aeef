#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, tests/cli/fuzz) with clang + ASan + UBSan and runs
# them briefly.
#   tools/scripts/fuzz.sh [seconds]     default 60: the wall-clock budget of the whole run.
# dmxp_fuzz_validate (pure, ~10^5 exec/s) gets a quarter of it, dmxp_fuzz_mcap_reader (the
# MCAP reader `dmxp play` runs on files from anywhere: chunks, zstd, lz4, CRCs) a quarter,
# dmxp_fuzz_attach (real /dev/shm segments through the C ABI) the rest; one after the other.
# Exits non-zero when a target crashes, leaks, hangs (-timeout) or runs out of memory; the
# input that did it is kept in build-fuzz/fuzz-artifacts/ and the log in build-fuzz/fuzz-logs/.
# Reproduce one with:  build-fuzz/bin/dmxp_fuzz_attach <artifact>
#
# Environment: DMXP_FUZZ_BUILD_DIR (default build-fuzz), DMXP_JOBS (default 2),
# DMXP_FUZZ_CORPUS (default fuzz-corpus, git-ignored: inputs found here are kept and reused
# by the next run; the seeds are regenerated each run from real segments in build-fuzz),
# DMXP_FUZZ_ATTACH_OPS=0 (attach target: open/inspect/close only, no receive/send steps).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 2)); then
  echo "usage: $0 [seconds >= 2]" >&2
  exit 2
fi
build=${DMXP_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${DMXP_JOBS:-2}
corpus=${DMXP_FUZZ_CORPUS:-fuzz-corpus}

for tool in clang clang++ cmake ninja; do
  command -v "$tool" >/dev/null || {
    echo "fuzz.sh: $tool not found; run tools/scripts/install-deps.sh" >&2
    exit 1
  }
done

# Every segment this run creates lives in domains starting with this prefix ("<prefix><pid>"
# in the attach target), so cleaning up never touches anyone else's channels.
prefix="fuzz$$x"
export DMXP_FUZZ_DOMAIN_PREFIX="$prefix"
cleanup() { rm -f /dev/shm/dmxp."$prefix"*; }
trap cleanup EXIT

echo "== fuzz: configure and build ($build) =="
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DDMXP_BUILD_FUZZ=ON -DDMXP_BUILD_TESTS=OFF -DDMXP_BUILD_BENCH=OFF \
  -DDMXP_SANITIZE=address,undefined >/dev/null
cmake --build "$build" -j "$jobs" --target dmxp_fuzz_validate dmxp_fuzz_attach dmxp_fuzz_seed \
  dmxp_fuzz_mcap_reader dmxp_fuzz_mcap_seed

seeds="$build/fuzz-seeds"
artifacts="$build/fuzz-artifacts"
logs="$build/fuzz-logs"
rm -rf "$seeds"
mkdir -p "$artifacts" "$logs" "$corpus/validate" "$corpus/attach" "$corpus/mcap_reader" "$seeds/mcap_reader"
"$build/bin/dmxp_fuzz_seed" "$seeds"
"$build/bin/dmxp_fuzz_mcap_seed" "$seeds/mcap_reader"
cp tests/cli/data/*.mcap "$seeds/mcap_reader/"

# UBSan reports come with a stack (the build already makes every report fatal).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

validate_s=$((seconds / 4 > 0 ? seconds / 4 : 1))
mcap_s=$validate_s
attach_s=$((seconds - validate_s - mcap_s))
status=0
# Inputs that once crashed or hung a target (tests/fuzz/regressions/<name>) are replayed
# first, as part of the corpus, on every run.
regressions() {
  local dir="tests/fuzz/regressions/$1"
  [[ -d "$dir" ]] && echo "$dir"
  return 0
}
run_target() {  # <name> <seconds>
  local name=$1 secs=$2 rc=0
  local log="$logs/$name.log"
  echo "== fuzz: dmxp_fuzz_$name for ${secs}s (log: $log) =="
  # -max_len: the seed segments are ~8.5 KiB (capacity 2-4, 64-byte slots, 1-2 records);
  # 16 KiB leaves room to grow them. The MCAP seeds are under 1 KiB except the unchunked
  # recording (~23 KiB), which is read whole as a seed and mutated within the limit.
  # New inputs go to $corpus/$name, seeds are read only.
  "$build/bin/dmxp_fuzz_$name" \
    -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
    "$corpus/$name" "$seeds/$name" $(regressions "$name") >"$log" 2>&1 || rc=$?
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse)' "$log" | tail -1 || true
  grep -E '^stat::' "$log" || true
  if ((rc != 0)); then
    echo "fuzz.sh: dmxp_fuzz_$name FAILED (exit $rc); the end of its log:" >&2
    grep -E -A40 'ERROR: |==ERROR|runtime error|ALARM|Test unit written' "$log" | head -80 >&2 ||
      tail -40 "$log" >&2
    status=1
  fi
  # A crash or timeout skips the target's own cleanup: remove what it left.
  cleanup
}
run_target validate "$validate_s"
run_target mcap_reader "$mcap_s"
run_target attach "$attach_s"

if ((status != 0)); then
  echo "fuzz.sh: FAILED; inputs in $artifacts" >&2
  exit 1
fi
echo "== fuzz: no crash, hang or leak in ${seconds}s =="
