#!/usr/bin/env bash
# Runs one C example in a domain of its own under $DMXP_TEST_DOMAIN_PREFIX, then checks that
# it left nothing behind but the domain's key segment (which this script removes).
set -u
export DMXP_DOMAIN="${DMXP_TEST_DOMAIN_PREFIX:-t}c$$"
"$@"
rc=$?
rm -f "/dev/shm/dmxp.${DMXP_DOMAIN}.keys"
left=$(ls /dev/shm | grep "^dmxp\.${DMXP_DOMAIN}\." || true)
if [[ -n "$left" ]]; then
  echo "run_example: $1 left $left in /dev/shm" >&2
  rm -f /dev/shm/dmxp."${DMXP_DOMAIN}".*
  exit 1
fi
exit $rc
