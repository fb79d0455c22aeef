// fuzz_seed.cpp - writes the seed corpora of the DMXP fuzz targets.
//
//   dmxp_fuzz_seed <dir>   creates <dir>/validate/ and <dir>/attach/
//
// Each seed is the byte image of a real channel segment, made with the library itself in a
// private domain ("<prefix>s<pid>", prefix from $DMXP_FUZZ_DOMAIN_PREFIX, default "fz") and
// copied out of /dev/shm: small geometries (capacity 2 or
// 4, 64-byte slots, one or two records per table, about 8.5 KiB), every delivery mode and
// backpressure policy, in several states (empty, with messages, wrapped, a parked named
// cursor, and live records frozen mid-loan, whose pids are dead by the time the fuzzer
// reads them, which exercises crash repair and record reclaim). validate/ holds the raw
// images; attach/ holds them behind the 3-byte control prefix of fuzz_attach.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"

namespace {

std::string g_domain;
std::string g_out;
int g_count = 0;

std::vector<uint8_t> read_segment() {
  std::ifstream f("/dev/shm/dmxp." + g_domain + ".ch.f", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return bool(f);
}

// Snapshots the channel now: one validate seed and two attach seeds (different prefixes).
bool snapshot(const std::string& label) {
  std::vector<uint8_t> seg = read_segment();
  if (seg.empty()) {
    std::fprintf(stderr, "dmxp_fuzz_seed: segment of %s is missing\n", label.c_str());
    return false;
  }
  bool ok = write_file(g_out + "/validate/" + label, seg);
  // Prefixes: plain (consumer then producer; receive, send, receive, send) and a busier one
  // (named consumer, producer first, info_get; send, loan/batch, receive, receive).
  static const uint8_t prefixes[2][3] = {{0x00, 0x44, 0xFF}, {0x64, 0x0D, 0x33}};
  for (int i = 0; i < 2; ++i) {
    std::vector<uint8_t> in(prefixes[i], prefixes[i] + 3);
    in.insert(in.end(), seg.begin(), seg.end());
    ok = write_file(g_out + "/attach/" + label + "-p" + std::to_string(i), in) && ok;
  }
  ++g_count;
  return ok;
}

dmxp_channel_options options(dmxp_mode mode, dmxp_backpressure bp, uint32_t capacity,
                             uint32_t records) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = g_domain.c_str();
  o.mode = mode;
  o.backpressure = bp;
  o.capacity = capacity;
  o.slot_size = 64;
  o.max_consumers = records;
  o.max_producers = records;
  o.type_name = "fuzz.Seed";
  o.type_fingerprint = 0x5EED5EED5EED5EEDull;
  return o;
}

bool check(int rc, const char* what) {
  if (rc == DMXP_OK || rc == DMXP_ERR_WOULD_BLOCK) return true;
  std::fprintf(stderr, "dmxp_fuzz_seed: %s: %s (%s)\n", what, dmxp_strerror(rc),
               dmxp_last_error());
  return false;
}

bool make_seeds(dmxp_mode mode, dmxp_backpressure bp, uint32_t capacity, uint32_t records) {
  std::string tag = std::string(mode == DMXP_MODE_QUEUE ? "queue" : "bcast") + "-" +
                    (bp == DMXP_KEEP_LAST ? "keeplast" : "reliable") + "-c" +
                    std::to_string(capacity) + "r" + std::to_string(records);
  dmxp_channel_options o = options(mode, bp, capacity, records);
  dmxp_channel_remove(g_domain.c_str(), "f");
  bool ok = true;

  // 1. Freshly created, nothing attached.
  dmxp_producer* p = nullptr;
  if (!check(dmxp_producer_open("f", &o, &p), "producer_open")) return false;
  dmxp_producer_close(p);
  ok = snapshot(tag + "-empty") && ok;

  // 2. A parked named cursor and one unread message.
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.name = "fz";
  dmxp_consumer* c = nullptr;
  ok = check(dmxp_consumer_open("f", &o, &co, &c), "consumer_open") && ok;
  ok = check(dmxp_producer_open("f", &o, &p), "producer_open") && ok;
  uint64_t key = 0;
  ok = check(dmxp_producer_send(p, "hello", 5, 0, &key), "send") && ok;
  dmxp_producer_close(p);
  dmxp_consumer_close(c);
  ok = snapshot(tag + "-parked") && ok;

  // 3. Several messages, some consumed (wraps the ring where the policy allows).
  ok = check(dmxp_consumer_open("f", &o, &co, &c), "consumer_open") && ok;
  ok = check(dmxp_producer_open("f", &o, &p), "producer_open") && ok;
  dmxp_message m;
  for (int i = 0; i < 5; ++i) {
    char msg[64];
    std::memset(msg, 'a' + i, sizeof msg);
    check(dmxp_producer_send(p, msg, size_t(8 * (i + 1)), 0, &key), "send");
    if (i % 2) check(dmxp_consumer_try_receive(c, &m), "try_receive");
  }
  dmxp_producer_close(p);
  dmxp_consumer_close(c);
  ok = snapshot(tag + "-wrapped") && ok;

  // 4. Frozen mid-use: a live consumer holding a view and a producer holding a loan. The
  // fuzzer reads this after we exit, so both owners are dead there.
  ok = check(dmxp_consumer_open("f", &o, &co, &c), "consumer_open") && ok;
  ok = check(dmxp_producer_open("f", &o, &p), "producer_open") && ok;
  check(dmxp_producer_send(p, "x", 1, 0, &key), "send");
  check(dmxp_consumer_try_receive(c, &m), "try_receive");
  void* buf = nullptr;
  if (dmxp_producer_loan(p, 8, &buf, 0) == DMXP_OK) std::memset(buf, 'L', 8);
  ok = snapshot(tag + "-midloan") && ok;
  dmxp_producer_close(p);
  dmxp_consumer_close(c);

  dmxp_channel_remove(g_domain.c_str(), "f");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
    return 2;
  }
  g_out = argv[1];
  const char* prefix = std::getenv("DMXP_FUZZ_DOMAIN_PREFIX");
  if (!prefix || !*prefix || std::strlen(prefix) > 20) prefix = "fz";
  g_domain = std::string(prefix) + "s" + std::to_string(::getpid());
  for (const std::string& d : {g_out, g_out + "/validate", g_out + "/attach"})
    if (::mkdir(d.c_str(), 0755) != 0 && errno != EEXIST) {
      std::perror(d.c_str());
      return 1;
    }
  bool ok = true;
  for (dmxp_mode mode : {DMXP_MODE_BROADCAST, DMXP_MODE_QUEUE})
    for (dmxp_backpressure bp : {DMXP_RELIABLE, DMXP_KEEP_LAST}) {
      ok = make_seeds(mode, bp, 2, 1) && ok;
      ok = make_seeds(mode, bp, 4, 2) && ok;
    }
  dmxp_channel_remove(g_domain.c_str(), "f");
  std::string keys = "/dev/shm/dmxp." + g_domain + ".keys";
  ::unlink(keys.c_str());
  std::printf("dmxp_fuzz_seed: %d segment images in %s/{validate,attach}\n", g_count,
              g_out.c_str());
  return ok ? 0 : 1;
}
