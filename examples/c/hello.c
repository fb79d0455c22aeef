/* hello.c - the product sheet's Quick Start in C: send, then attach a consumer, then receive.
 * Then a zero-copy loan and an atomic batch. Run: build/bin/dmxp-example-c */
#include <stdio.h>
#include <string.h>

#include "dmxp/dmxp.h"

static int check(int rc, const char* what) {
  if (rc != DMXP_OK) fprintf(stderr, "%s: %s: %s\n", what, dmxp_strerror(rc), dmxp_last_error());
  return rc;
}

int main(void) {
  dmxp_producer* prod = NULL;
  dmxp_consumer* cons = NULL;
  dmxp_message msg;
  void* slot = NULL;
  void* batch[3];
  size_t sizes[3];
  uint64_t key = 0;
  int i;
  int rc = 1;

  if (check(dmxp_producer_open_id(100, NULL, &prod), "open producer")) return 1;
  if (check(dmxp_producer_send(prod, "Hello from C", 12, DMXP_FOREVER, &key), "send")) goto out;
  /* A consumer that attaches after the send still gets it: it starts at the oldest message. */
  if (check(dmxp_consumer_open_id(100, NULL, NULL, &cons), "open consumer")) goto out;
  if (check(dmxp_consumer_receive(cons, &msg, 1000000000), "receive")) goto out;
  printf("received '%.*s' (key %llu)\n", (int)msg.size, (const char*)msg.data,
         (unsigned long long)msg.key);

  /* Zero-copy: write straight into the slot, then commit. */
  if (check(dmxp_producer_loan(prod, 64, &slot, DMXP_FOREVER), "loan")) goto out;
  memcpy(slot, "written in place", 16);
  if (check(dmxp_producer_commit(prod, 16, NULL), "commit")) goto out;
  if (check(dmxp_consumer_receive(cons, &msg, 1000000000), "receive")) goto out;
  printf("received '%.*s' without a copy on the send side\n", (int)msg.size, (const char*)msg.data);

  /* Atomic batch: consumers see all three or none. */
  if (check(dmxp_producer_loan_batch(prod, 3, batch, DMXP_FOREVER), "loan_batch")) goto out;
  for (i = 0; i < 3; ++i) sizes[i] = (size_t)sprintf((char*)batch[i], "batch part %d", i);
  if (check(dmxp_producer_commit_batch(prod, sizes, NULL), "commit_batch")) goto out;
  for (i = 0; i < 3; ++i) {
    if (check(dmxp_consumer_receive(cons, &msg, 1000000000), "receive")) goto out;
    printf("received '%.*s' (%u of %u in its batch)\n", (int)msg.size, (const char*)msg.data,
           msg.batch_index + 1, msg.batch_count);
  }
  rc = 0;
out:
  dmxp_consumer_close(cons);
  dmxp_producer_close(prod);
  dmxp_channel_remove(NULL, "100");
  return rc;
}
