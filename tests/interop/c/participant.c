/* The C participant of the interop matrix (tests/interop/matrix.py has the contract): the C
 * ABI alone, JointState through the header dmxp-msgc --lang c generates, raw bytes on a
 * numeric channel. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmxp/dmxp.h"
#include <sensor_msgs/msg/JointState.h>

#define FNV_START 14695981039346656037ull
#define WAIT_NS 10000000000LL

typedef struct {
  const char *mode, *domain, *channel;
  unsigned long long raw_id, count, seed, consumers;
} args_t;

static unsigned long long fnv(unsigned long long h, const void* data, size_t n) {
  const unsigned char* p = data;
  size_t i;
  for (i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static void die(const char* what, int rc) {
  fprintf(stderr, "c participant: %s: %s %s\n", what, rc ? dmxp_strerror(rc) : "", rc ? dmxp_last_error() : "");
  exit(1);
}

static void must(int rc, const char* what) {
  if (rc) die(what, rc);
}

static void set_string(uint32_t* size, char* data, const char* text) {
  *size = (uint32_t)strlen(text);
  memcpy(data, text, *size);
}

static void fill(sensor_msgs_JointState* m, unsigned long long i, unsigned long long s) {
  size_t k = (size_t)((i + s) % 4 + 1), j;
  char text[64];
  sensor_msgs_JointState_init(m);
  m->header.stamp.sec = (int32_t)i;
  m->header.stamp.nanosec = (uint32_t)s;
  snprintf(text, sizeof text, "frame-%llu", i);
  set_string(&m->header.frame_id.size, m->header.frame_id.data, text);
  for (j = 0; j < k; ++j) {
    snprintf(text, sizeof text, "joint-%zu-%llu", j, i);
    set_string(&m->name.data[j].size, m->name.data[j].data, text);
    m->position.data[j] = (double)i + (double)j * 0.25;
    m->velocity.data[j] = -((double)i + (double)j * 0.5);
    if (i % 2 == 0) m->effort.data[j] = (double)j * 1.5;
  }
  m->name.size = m->position.size = m->velocity.size = (uint32_t)k;
  m->effort.size = i % 2 == 0 ? (uint32_t)k : 0;
}

static size_t raw(unsigned long long i, unsigned long long s, unsigned char* out) {
  size_t n = (size_t)((i * 13 + s) % 120 + 1), j;
  unsigned long long sum;
  for (j = 0; j < n; ++j) out[8 + j] = (unsigned char)((i * 31 + j * 7 + s) & 0xff);
  sum = fnv(FNV_START, out + 8, n);
  memcpy(out, &sum, 8);
  return 8 + n;
}

static void typed_options(const args_t* a, dmxp_channel_options* o) {
  dmxp_channel_options_init(o);
  o->domain = a->domain;
  o->capacity = 16;
  o->slot_size = 8192;
  o->type_fingerprint = sensor_msgs_JointState_FINGERPRINT;
  o->type_name = sensor_msgs_JointState_TYPE_NAME;
}

static void produce(const args_t* a) {
  dmxp_channel_options to, ro;
  dmxp_producer *typed = NULL, *rawp = NULL;
  unsigned long long sum = FNV_START, i;
  unsigned char bytes[256];
  typed_options(a, &to);
  dmxp_channel_options_init(&ro);
  ro.domain = a->domain;
  must(dmxp_producer_open(a->channel, &to, &typed), "open typed producer");
  must(dmxp_producer_open_id(a->raw_id, &ro, &rawp), "open raw producer");
  for (i = 0; i < a->count; ++i) {
    void* slot = NULL;
    must(dmxp_producer_loan(typed, sizeof(sensor_msgs_JointState), &slot, DMXP_FOREVER), "loan");
    fill(slot, i, a->seed);
    sum = fnv(sum, slot, sizeof(sensor_msgs_JointState));
    must(dmxp_producer_commit(typed, sizeof(sensor_msgs_JointState), NULL), "commit");
  }
  for (i = 0; i < a->count; ++i) {
    size_t n = raw(i, a->seed, bytes);
    sum = fnv(sum, bytes, n);
    must(dmxp_producer_send(rawp, bytes, n, DMXP_FOREVER, NULL), "send");
  }
  dmxp_producer_close(typed);
  dmxp_producer_close(rawp);
  printf("sum %016llx\n", sum);
}

static void consume(const args_t* a) {
  dmxp_channel_options to, ro;
  dmxp_consumer *typed = NULL, *rawc = NULL;
  dmxp_message m;
  unsigned long long sum = FNV_START, i;
  unsigned char bytes[256];
  static sensor_msgs_JointState want;
  char what[96];
  typed_options(a, &to);
  dmxp_channel_options_init(&ro);
  ro.domain = a->domain;
  must(dmxp_consumer_open(a->channel, &to, NULL, &typed), "open typed consumer");
  must(dmxp_consumer_open_id(a->raw_id, &ro, NULL, &rawc), "open raw consumer");
  printf("ready\n");
  fflush(stdout);
  for (i = 0; i < a->count; ++i) {
    must(dmxp_consumer_receive(typed, &m, WAIT_NS), "receive typed");
    fill(&want, i, a->seed);
    /* fill() zeroes every byte first (sensor_msgs_JointState_init), so equal bytes mean every field (and the padding) agree */
    snprintf(what, sizeof what, "typed message %llu differs from the expected JointState", i);
    if (m.size != sizeof want || memcmp(m.data, &want, sizeof want) != 0) die(what, 0);
    sum = fnv(sum, m.data, m.size);
  }
  for (i = 0; i < a->count; ++i) {
    size_t n;
    unsigned long long carried;
    must(dmxp_consumer_receive(rawc, &m, WAIT_NS), "receive raw");
    n = raw(i, a->seed, bytes);
    memcpy(&carried, m.data, 8);
    snprintf(what, sizeof what, "raw message %llu: wrong size, bytes or checksum", i);
    if (m.size != n || memcmp(m.data, bytes, n) != 0 ||
        carried != fnv(FNV_START, (const unsigned char*)m.data + 8, n - 8))
      die(what, 0);
    sum = fnv(sum, m.data, m.size);
  }
  dmxp_consumer_close(typed);
  dmxp_consumer_close(rawc);
  printf("sum %016llx\n", sum);
}

static void queue_options(const args_t* a, dmxp_channel_options* o) {
  dmxp_channel_options_init(o);
  o->domain = a->domain;
  o->mode = DMXP_MODE_QUEUE;
  o->capacity = 256;
}

static void queue_consume(const args_t* a) {
  dmxp_channel_options o;
  dmxp_consumer* c = NULL;
  dmxp_message m;
  uint32_t* took = calloc(a->count + 1, sizeof *took);
  size_t n = 0, j;
  queue_options(a, &o);
  must(dmxp_consumer_open(a->channel, &o, NULL, &c), "open queue consumer");
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    must(dmxp_consumer_receive(c, &m, WAIT_NS), "receive");
    if (m.size == 0) break;
    if (n == a->count) die("more messages than were sent", 0);
    memcpy(&took[n++], m.data, 4);
  }
  printf("took %zu ", n);
  for (j = 0; j < n; ++j) printf(j ? ",%u" : "%u", took[j]);
  printf("\n");
  free(took);
  dmxp_consumer_close(c);
}

static void queue_produce(const args_t* a) {
  dmxp_channel_options o;
  dmxp_producer* p = NULL;
  uint32_t i;
  queue_options(a, &o);
  must(dmxp_producer_open(a->channel, &o, &p), "open queue producer");
  for (i = 0; i < a->count; ++i) must(dmxp_producer_send(p, &i, 4, DMXP_FOREVER, NULL), "send");
  for (i = 0; i < a->consumers; ++i) must(dmxp_producer_send(p, "", 0, DMXP_FOREVER, NULL), "send end marker");
  dmxp_producer_close(p);
}

static unsigned long long mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static int by_value(const void* x, const void* y) {
  unsigned long long a = *(const unsigned long long*)x, b = *(const unsigned long long*)y;
  return (a > b) - (a < b);
}

/* bench/lang: busy-polls count 64-byte messages (sequence, CLOCK_MONOTONIC at send). */
static void bench(const args_t* a) {
  dmxp_channel_options o;
  dmxp_consumer* c = NULL;
  dmxp_message m;
  unsigned long long* lat = calloc(a->count, sizeof *lat);
  unsigned long long first = 0, last = 0, sent, i = 0;
  dmxp_channel_options_init(&o);
  o.domain = a->domain;
  o.capacity = 4096;
  o.slot_size = 64;
  must(dmxp_consumer_open(a->channel, &o, NULL, &c), "open bench consumer");
  printf("ready\n");
  fflush(stdout);
  while (i < a->count) {
    int rc = dmxp_consumer_try_receive(c, &m);
    if (rc == DMXP_ERR_WOULD_BLOCK) continue;
    must(rc, "receive");
    last = mono_ns();
    memcpy(&sent, (const char*)m.data + 8, 8);
    lat[i] = last - sent;
    if (i++ == 0) first = last;
  }
  qsort(lat, a->count, sizeof *lat, by_value);
  printf("bench %llu %llu %llu %llu\n", a->count, last - first, lat[a->count / 2], lat[a->count * 99 / 100]);
  free(lat);
  dmxp_consumer_close(c);
}

int main(int argc, char** argv) {
  args_t a = {0};
  int i;
  if (argc < 2) die("usage: participant produce|consume|queue-produce|queue-consume --domain D ...", 0);
  a.mode = argv[1];
  for (i = 2; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--domain")) a.domain = v;
    else if (!strcmp(k, "--channel")) a.channel = v;
    else if (!strcmp(k, "--raw-id")) a.raw_id = strtoull(v, NULL, 10);
    else if (!strcmp(k, "--count")) a.count = strtoull(v, NULL, 10);
    else if (!strcmp(k, "--seed")) a.seed = strtoull(v, NULL, 10);
    else if (!strcmp(k, "--consumers")) a.consumers = strtoull(v, NULL, 10);
    else die(k, 0);
  }
  if (!strcmp(a.mode, "produce")) produce(&a);
  else if (!strcmp(a.mode, "consume")) consume(&a);
  else if (!strcmp(a.mode, "queue-produce")) queue_produce(&a);
  else if (!strcmp(a.mode, "queue-consume")) queue_consume(&a);
  else if (!strcmp(a.mode, "bench")) bench(&a);
  else die(a.mode, 0);
  return 0;
}
