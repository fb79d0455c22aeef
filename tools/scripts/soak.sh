#!/usr/bin/env bash
# Builds dmxp_soak (only that target, in build/) and runs the transport's soak: 4 producer
# and 4 consumer processes over broadcast/queue x reliable/keep-last channels in a private
# domain, one of them SIGKILLed (sometimes stopped cleanly) and restarted every 1-3 s, every
# message and the channels' accounting checked while it runs; one restart in five also arms a
# random crash point (dmxp_soak_crashpoints), so the child dies at a named point of the
# protocol. See docs/failures.md, "Soak".
#   tools/scripts/soak.sh --minutes N          a run of N minutes (default 2)
#   tools/scripts/soak.sh --seconds N          a quick run
#   tools/scripts/soak.sh --minutes 60 -- --seed 42 -v     after --: dmxp_soak's own options
#                                                          (--crash-points 0: only SIGKILLs)
# Prints each violation with its details and one summary line; exits non-zero when any check
# was violated. Environment: DMXP_BUILD_DIR (default build), DMXP_JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

usage() {
  echo "usage: $0 [--minutes N | --seconds N] [-- dmxp_soak options]" >&2
  exit 2
}
seconds=120
extra=()
while (($#)); do
  case $1 in
    --minutes) [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || usage
               seconds=$(awk -v m="$2" 'BEGIN { printf "%g", m * 60 }'); shift 2 ;;
    --seconds) [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || usage; seconds=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) usage ;;
  esac
done

build=${DMXP_BUILD_DIR:-build}
jobs=${DMXP_JOBS:-2}
bash tools/scripts/install-deps.sh
if [[ ! -f "$build/build.ninja" ]]; then
  bash tools/scripts/python-env.sh "$root/build/venv"  # the configure step wants it
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target dmxp_soak dmxp_soak_crashpoints -j "$jobs" >/dev/null
exec "$build/bin/dmxp_soak" --seconds "$seconds" --crash-points 20 "${extra[@]}"
