/* cli_test_blocking_probe - measures whether anything holds a RELIABLE publisher back, in the
 * publisher's own terms: it sends N messages into a small reliable broadcast ring with
 * timeout 0 and counts how often the ring was full (DMXP_ERR_WOULD_BLOCK), retrying each.
 *
 *   cli_test_blocking_probe <channel> <count> <capacity> [--gating-reader]
 *
 * --gating-reader opens an ordinary consumer that never reads, the control case that must
 * block. Waits for one more consumer (the observer under test) before publishing, unless
 * given 0 as "--observers 0". Prints "ready", then "sent N full M".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmxp/dmxp.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s <channel> <count> <capacity> <observers> [--gating-reader]\n", argv[0]);
    return 2;
  }
  const char* channel = argv[1];
  long count = atol(argv[2]);
  unsigned observers = (unsigned)atoi(argv[4]);
  int gating = argc > 5 && strcmp(argv[5], "--gating-reader") == 0;
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.capacity = (uint32_t)atoi(argv[3]);
  o.backpressure = DMXP_RELIABLE;
  o.slot_size = 64;
  dmxp_producer* p = NULL;
  if (dmxp_producer_open(channel, &o, &p) != DMXP_OK) { fprintf(stderr, "probe: %s\n", dmxp_last_error()); return 1; }
  dmxp_consumer* reader = NULL;
  if (gating && dmxp_consumer_open(channel, &o, NULL, &reader) != DMXP_OK) { fprintf(stderr, "probe: %s\n", dmxp_last_error()); return 1; }
  printf("ready\n");
  fflush(stdout);
  for (;;) { /* the observer under test attaches */
    dmxp_channel_info info;
    if (dmxp_channel_info_get(NULL, channel, &info) == DMXP_OK && info.consumers >= observers + (gating ? 1u : 0u)) break;
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
  }
  long full = 0;
  for (long i = 0; i < count; ++i) {
    uint64_t v = (uint64_t)i;
    int rc;
    while ((rc = dmxp_producer_send(p, &v, sizeof v, 0, NULL)) == DMXP_ERR_WOULD_BLOCK) {
      ++full;
      if (full > 1000 && gating) { i = count; break; } /* the control case proved its point */
      struct timespec ts = {0, 100000};
      nanosleep(&ts, NULL);
    }
    if (rc != DMXP_OK && rc != DMXP_ERR_WOULD_BLOCK) { fprintf(stderr, "probe: %s\n", dmxp_last_error()); return 1; }
  }
  printf("sent %ld full %ld\n", count, full);
  fflush(stdout);
  dmxp_consumer_close(reader);
  dmxp_producer_close(p);
  return 0;
}
