// fuzz_attach.cpp - libFuzzer target: attach to a hostile segment through the C ABI.
//
// Each input becomes a real /dev/shm channel segment "dmxp.<domain>.ch.f" (domain
// "<prefix><pid>", prefix from $DMXP_FUZZ_DOMAIN_PREFIX, default "fuzz"), which is then opened
// the way an application would: dmxp_consumer_open / dmxp_producer_open with create = 0,
// optionally dmxp_channel_info_get, then a few non-blocking receives and sends (timeout 0).
// Nothing may crash, read outside the mapping, or block: every call here either returns at
// once or is a finding (libFuzzer's -timeout reports it).
//
// Input layout:
//   byte 0  flags  bits 0-1  init_state: 0,1 force kReady; 2 keep the input's value;
//                            3 force kInitializing.  Whenever the result is not kReady the
//                            creator pid is set to a pid that cannot exist (0x7fffffff), so
//                            attach gives up at once instead of waiting 2 s for a creator
//                            (that wait is by design, see the report in tests/fuzz/README.md).
//                  bit 2     named consumer "fz" (durable cursor) instead of anonymous
//                  bit 3     consumer starts at NEWEST instead of OLDEST
//                  bit 4     do not open a producer
//                  bit 5     open the producer before the consumer
//                  bit 6     call dmxp_channel_info_get first (the tools' inspect path)
//                  bit 7     do not open a consumer
//   byte 1  ops    four 2-bit operations, low bits first:
//                  0 try_receive (and read every byte of the view)   1 send 8 bytes
//                  2 send a slot-sized message   3 loan+commit (even step) / send_batch of 2
//   byte 2  channel options passed to open (they must match the segment or be refused):
//                  bits 0-1 mode (3 = default)   bits 2-3 backpressure (3 = default)
//                  bit 4 capacity 2   bit 5 slot size 64   bit 6 a type fingerprint
//                  bit 7 open a second consumer (tables of one record are then full)
//   byte 3… the segment's bytes, written as they are (an empty segment is skipped: opening
//           one waits 2 s for its creator to size it, by design).
//
// $DMXP_FUZZ_ATTACH_OPS=0 skips the receive/send steps (attach, inspect and close only): a
// way to keep fuzzing the attach path while a known send/receive hang is being fixed.
#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "segments/layout.hpp"

namespace {
namespace L = dmxp::layout;

constexpr size_t kPrefix = 3;
constexpr int32_t kDeadPid = 0x7fffffff;  // above any pid_max: never alive
constexpr const char* kChannel = "f";

std::string g_domain, g_channel_path, g_keys_path;
bool g_ops = true;
volatile uint8_t g_sink;

void remove_segments() {
  if (g_channel_path.empty()) return;
  ::shm_unlink(g_channel_path.c_str());
  ::shm_unlink(g_keys_path.c_str());
}

bool valid_prefix(const char* p) {
  size_t n = std::strlen(p);
  if (n == 0 || n > 20) return false;
  for (size_t i = 0; i < n; ++i) {
    char c = p[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool write_segment(const uint8_t* bytes, size_t n) {
  int fd = ::shm_open(g_channel_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < n) {
    ssize_t w = ::write(fd, bytes + done, n - done);
    if (w <= 0) { ::close(fd); return false; }
    done += size_t(w);
  }
  ::close(fd);
  return true;
}

template <typename T>
T load(const std::vector<uint8_t>& seg, size_t offset) {
  T v{};
  std::memcpy(&v, seg.data() + offset, sizeof v);
  return v;
}
template <typename T>
void store(std::vector<uint8_t>& seg, size_t offset, T v) {
  std::memcpy(seg.data() + offset, &v, sizeof v);
}

// Reads every byte of a received view: a view reaching past the mapping faults here.
void check_view(const dmxp_message& m, uint64_t slot_size) {
  if (m.size > slot_size) __builtin_trap();  // the library promises never to hand these out
  if (m.size && !m.data) __builtin_trap();
  const volatile uint8_t* p = static_cast<const volatile uint8_t*>(m.data);
  uint8_t sum = 0;
  for (size_t i = 0; i < m.size; ++i) sum = uint8_t(sum + p[i]);
  g_sink = sum;
}

int open_consumer(const dmxp_channel_options& co, uint8_t flags, dmxp_consumer** out) {
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  if (flags & 0x04) o.name = "fz";
  o.start = (flags & 0x08) ? DMXP_START_NEWEST : DMXP_START_OLDEST;
  return dmxp_consumer_open(kChannel, &co, &o, out);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* prefix = std::getenv("DMXP_FUZZ_DOMAIN_PREFIX");
  if (!prefix || !valid_prefix(prefix)) prefix = "fuzz";
  g_domain = std::string(prefix) + std::to_string(::getpid());
  g_channel_path = "/dmxp." + g_domain + ".ch." + kChannel;
  g_keys_path = "/dmxp." + g_domain + ".keys";
  const char* ops = std::getenv("DMXP_FUZZ_ATTACH_OPS");
  g_ops = !(ops && std::strcmp(ops, "0") == 0);
  remove_segments();
  std::atexit(remove_segments);
  __sanitizer_set_death_callback(remove_segments);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size <= kPrefix) return 0;
  const uint8_t flags = data[0], ops = data[1], sel = data[2];
  std::vector<uint8_t> seg(data + kPrefix, data + size);

  if (seg.size() >= L::kHeaderSize) {
    uint32_t state = load<uint32_t>(seg, offsetof(L::ChannelHeader, init_state));
    switch (flags & 3) {
      case 0: case 1: state = L::kReady; break;
      case 2: break;
      default: state = L::kInitializing; break;
    }
    store(seg, offsetof(L::ChannelHeader, init_state), state);
    if (state != L::kReady) store(seg, offsetof(L::ChannelHeader, creator_pid), kDeadPid);
  }
  const uint64_t slot_size =
      seg.size() >= L::kHeaderSize ? load<uint64_t>(seg, offsetof(L::ChannelHeader, slot_size))
                                   : 0;

  remove_segments();
  if (!write_segment(seg.data(), seg.size())) {
    remove_segments();
    return 0;
  }

  dmxp_channel_options co;
  dmxp_channel_options_init(&co);
  co.domain = g_domain.c_str();
  co.create = 0;
  if ((sel & 3) != 3) co.mode = dmxp_mode(sel & 3);
  if (((sel >> 2) & 3) != 3) co.backpressure = dmxp_backpressure((sel >> 2) & 3);
  if (sel & 0x10) co.capacity = 2;
  if (sel & 0x20) co.slot_size = 64;
  if (sel & 0x40) {
    co.type_fingerprint = 0x46555A5A46555A5Aull;
    co.type_name = "fuzz.Type";
  }

  if (flags & 0x40) {
    dmxp_channel_info info;
    if (dmxp_channel_info_get(g_domain.c_str(), kChannel, &info) == DMXP_OK) {
      if (info.file_size != seg.size()) __builtin_trap();
      if (::strnlen(info.type_name, sizeof info.type_name) >= sizeof info.type_name)
        __builtin_trap();
    }
  }

  dmxp_consumer* cons = nullptr;
  dmxp_consumer* cons2 = nullptr;
  dmxp_producer* prod = nullptr;
  const bool want_cons = !(flags & 0x80), want_prod = !(flags & 0x10);
  if (want_prod && (flags & 0x20)) dmxp_producer_open(kChannel, &co, &prod);
  if (want_cons) open_consumer(co, flags, &cons);
  if (want_cons && (sel & 0x80)) open_consumer(co, flags & ~0x04, &cons2);
  if (want_prod && !(flags & 0x20)) dmxp_producer_open(kChannel, &co, &prod);

  if (prod && dmxp_producer_max_message_size(prod) != slot_size) __builtin_trap();

  static std::vector<uint8_t> big(size_t(1) << 16, 0xA5);
  for (int step = 0; g_ops && step < 4; ++step) {
    dmxp_message m{};
    uint64_t key = 0;
    switch ((ops >> (2 * step)) & 3) {
      case 0:
        for (dmxp_consumer* c : {cons, cons2})
          if (c && dmxp_consumer_try_receive(c, &m) == DMXP_OK) check_view(m, slot_size);
        break;
      case 1:
        if (prod) dmxp_producer_send(prod, "fuzz-msg", 8, 0, &key);
        break;
      case 2:
        if (prod) {
          size_t n = std::min<size_t>(dmxp_producer_max_message_size(prod), big.size());
          dmxp_producer_send(prod, big.data(), n, 0, &key);
        }
        break;
      case 3:
        if (!prod) {
          if (cons) dmxp_consumer_release(cons);
        } else if (step % 2 == 0) {
          void* buf = nullptr;
          size_t n = std::min<size_t>(16, dmxp_producer_max_message_size(prod));
          if (dmxp_producer_loan(prod, n, &buf, 0) == DMXP_OK) {
            std::memset(buf, 0x5A, n);
            dmxp_producer_commit(prod, n, &key);
          }
        } else {
          dmxp_iovec v[2] = {{"a", 1}, {"bc", 2}};
          dmxp_producer_send_batch(prod, v, 2, 0, &key);
        }
        break;
    }
  }
  if (cons) (void)dmxp_consumer_lost(cons);

  dmxp_producer_close(prod);
  dmxp_consumer_close(cons2);
  dmxp_consumer_close(cons);
  remove_segments();
  return 0;
}
