# fuzz-lib.sh - what the single-target fuzz scripts share (fuzz-msgc.sh, fuzz-cdr.sh); source it.

# fuzz_check_args <script> <seconds>: exits 2 unless seconds is a whole number >= 1, and 1
# when a tool the build needs is missing.
fuzz_check_args() {
  local script=$1 seconds=$2 tool
  if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
    echo "usage: $script [seconds >= 1]" >&2
    exit 2
  fi
  for tool in clang clang++ cmake ninja; do
    command -v "$tool" >/dev/null || {
      echo "$script: $tool not found; run tools/scripts/install-deps.sh" >&2
      exit 1
    }
  done
}

# fuzz_run <script> <binary> <seconds> <max_len> <artifact prefix> <log> <corpus dirs...>:
# runs a libFuzzer binary (ASan+UBSan reports are fatal), prints its last status line and
# executed count, and on failure the end of its log; exits 1 when it found something.
fuzz_run() {
  local script=$1 binary=$2 seconds=$3 max_len=$4 artifacts=$5 log=$6 rc=0
  shift 6
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
  "$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$@" >"$log" 2>&1 || rc=$?
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse)' "$log" | tail -1 || true
  grep -E '^stat::number_of_executed_units' "$log" || true
  if ((rc != 0)); then
    echo "$script: $(basename "$binary") FAILED (exit $rc); the end of its log:" >&2
    grep -E -A40 'ERROR: |==ERROR|runtime error|ALARM|Test unit written' "$log" | head -80 >&2 ||
      tail -40 "$log" >&2
    exit 1
  fi
}
