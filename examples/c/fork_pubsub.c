/* fork_pubsub.c - two processes over one channel, from plain C: the parent attaches a
 * consumer, forks a child that publishes N messages (half with copies, half written in place
 * through loans), and checks every message: count, order, keys and an FNV-1a checksum of each
 * payload carried in its first 8 bytes. Exits non-zero on any mismatch.
 * Run: build/bin/dmxp-example-c-fork-pubsub [count] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dmxp/dmxp.h"

#define CHANNEL "c_fork_pubsub"

static uint64_t fnv1a(const unsigned char* p, size_t n) {
  uint64_t h = 14695981039346656037ull;
  size_t i;
  for (i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

/* Message i: 8 bytes of checksum, then 4 + i % 100 bytes derived from i. */
static size_t fill(unsigned char* buf, unsigned i) {
  size_t n = 4 + i % 100, j;
  uint64_t sum;
  for (j = 0; j < n; ++j) buf[8 + j] = (unsigned char)(i * 131u + j);
  sum = fnv1a(buf + 8, n);
  memcpy(buf, &sum, 8);
  return 8 + n;
}

static int fail(int rc, const char* what) {
  fprintf(stderr, "%s: %s: %s\n", what, dmxp_strerror(rc), dmxp_last_error());
  return 1;
}

static int produce(unsigned count) {
  dmxp_producer* prod = NULL;
  unsigned char buf[128];
  unsigned i;
  int rc = dmxp_producer_open(CHANNEL, NULL, &prod);
  if (rc) return fail(rc, "open producer");
  for (i = 0; i < count && rc == DMXP_OK; ++i) {
    if (i % 2 == 0) {
      rc = dmxp_producer_send(prod, buf, fill(buf, i), DMXP_FOREVER, NULL);
    } else {
      void* slot = NULL;
      rc = dmxp_producer_loan(prod, sizeof buf, &slot, DMXP_FOREVER);
      if (rc == DMXP_OK) rc = dmxp_producer_commit(prod, fill((unsigned char*)slot, i), NULL);
    }
  }
  dmxp_producer_close(prod);
  return rc ? fail(rc, "publish") : 0;
}

static int consume(dmxp_consumer* cons, unsigned count) {
  dmxp_message msg;
  uint64_t last_key = 0, sum;
  unsigned char want[128];
  unsigned i;
  for (i = 0; i < count; ++i) {
    int rc = dmxp_consumer_receive(cons, &msg, 10000000000LL);
    if (rc) return fail(rc, "receive");
    memcpy(&sum, msg.data, 8);
    if (msg.size != fill(want, i) || memcmp(msg.data, want, msg.size) != 0 ||
        sum != fnv1a((const unsigned char*)msg.data + 8, msg.size - 8) || msg.key <= last_key) {
      fprintf(stderr, "message %u: wrong size, payload, checksum or key\n", i);
      return 1;
    }
    last_key = msg.key;
  }
  if (dmxp_consumer_try_receive(cons, &msg) != DMXP_ERR_WOULD_BLOCK) {
    fprintf(stderr, "a message beyond the %u sent arrived\n", count);
    return 1;
  }
  printf("received %u messages from another process, in order, checksums intact\n", count);
  return 0;
}

int main(int argc, char** argv) {
  unsigned count = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 10000;
  dmxp_channel_options opts;
  dmxp_consumer* cons = NULL;
  int status = 0, rc;
  pid_t child;

  dmxp_channel_options_init(&opts);
  opts.capacity = 64; /* smaller than count: the producer must wait for the consumer */
  rc = dmxp_consumer_open(CHANNEL, &opts, NULL, &cons);
  if (rc) return fail(rc, "open consumer");
  child = fork();
  if (child == 0) _exit(produce(count));
  rc = consume(cons, count);
  waitpid(child, &status, 0);
  dmxp_consumer_close(cons);
  dmxp_channel_remove(NULL, CHANNEL);
  return rc || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}
