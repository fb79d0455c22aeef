#!/usr/bin/env bash
# Builds the participants (build_participants.sh) and runs matrix.py over them; the queue
# case has the C++ producer and consumers in the last three languages available.
# Usage: run_matrix.sh <build dir of tests/interop> <source root> <dmxp-msgc>
set -euo pipefail
work=$1 src=$2
bash "$src/tests/interop/build_participants.sh" "$@"
names=$(cut -d= -f1 "$work/participants.txt" | tail -3 | paste -sd,)
exec python3 "$src/tests/interop/matrix.py" --domain "${DMXP_TEST_DOMAIN_PREFIX:-t}ix$$" \
  --participants-file "$work/participants.txt" --queue-producer cpp --queue-consumers "$names"
