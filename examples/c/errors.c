/* errors.c - how the C ABI reports failures: a negative status, its name from
 * dmxp_status_name(), its text from dmxp_strerror(), and a detailed message from
 * dmxp_last_error() naming the channel and what to do ("" for statuses without detail:
 * WOULD_BLOCK, TIMEOUT). Each case prints them and checks the status; exits non-zero on a
 * surprise.
 * Run: build/bin/dmxp-example-c-errors */
#include <stdio.h>
#include <string.h>

#include "dmxp/dmxp.h"

static int expect(int rc, int want, const char* what) {
  printf("%-34s -> %s (%s): %s\n", what, dmxp_status_name(rc), dmxp_strerror(rc),
         dmxp_last_error());
  if (rc != want) fprintf(stderr, "%s: expected %s\n", what, dmxp_status_name(want));
  return rc != want;
}

int main(void) {
  dmxp_channel_options must_exist, small, exclusive;
  dmxp_producer* prod = NULL;
  dmxp_consumer* cons = NULL;
  dmxp_message msg;
  char big[65] = {0};
  void* slot = NULL;
  int bad = 0;

  dmxp_channel_options_init(&must_exist);
  must_exist.open_mode = DMXP_OPEN_EXISTING;
  bad |= expect(dmxp_consumer_open("c_errors_missing", &must_exist, NULL, &cons), DMXP_ERR_NOT_FOUND,
                "open a missing channel");
  bad |= expect(dmxp_producer_open("../escape", NULL, &prod), DMXP_ERR_INVALID_ARGUMENT,
                "open a channel named ../escape");

  dmxp_channel_options_init(&small);
  small.slot_size = 64;
  if (expect(dmxp_producer_open("c_errors", &small, &prod), DMXP_OK, "open c_errors (64-byte slots)"))
    return 1;
  dmxp_channel_options_init(&exclusive);
  exclusive.open_mode = DMXP_CREATE_NEW;
  bad |= expect(dmxp_channel_create("c_errors", &exclusive), DMXP_ERR_EXISTS,
                "create c_errors exclusively");
  bad |= expect(dmxp_producer_send(prod, big, sizeof big, 0, NULL), DMXP_ERR_TOO_LARGE,
                "send 65 bytes");
  bad |= expect(dmxp_producer_loan(prod, 8, &slot, 0), DMXP_OK, "loan 8 bytes");
  bad |= expect(dmxp_producer_loan(prod, 8, &slot, 0), DMXP_ERR_BUSY, "loan again before commit");
  bad |= expect(dmxp_producer_abort(prod), DMXP_OK, "abort the loan");
  bad |= expect(dmxp_consumer_open("c_errors", NULL, NULL, &cons), DMXP_OK, "open a consumer");
  bad |= expect(dmxp_consumer_try_receive(cons, &msg), DMXP_ERR_WOULD_BLOCK, "try_receive on an empty ring");
  bad |= expect(dmxp_consumer_receive(cons, &msg, 1000000), DMXP_ERR_TIMEOUT, "receive with a 1 ms timeout");
  bad |= strcmp(dmxp_strerror(DMXP_ERR_TIMEOUT), "") == 0;
  bad |= strcmp(dmxp_last_error(), "") != 0; /* a timeout carries no detail */

  dmxp_consumer_close(cons);
  dmxp_producer_close(prod);
  dmxp_channel_remove(NULL, "c_errors");
  return bad;
}
