// admin.cpp - listing, inspecting, removing and garbage-collecting channel segments.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include <cstring>
#include <string>
#include <vector>

#include "api/guarded.hpp"
#include "segments/channel.hpp"
#include "platform/error.hpp"
#include "segments/names.hpp"

namespace dmxp::detail {
namespace {

void copy_string(char* dst, size_t cap, const std::string& src) {
  std::strncpy(dst, src.c_str(), cap - 1);
  dst[cap - 1] = 0;
}

// What a tool may say about a segment it does not read: its name, size, mode and owner.
void fill_identity(const std::string& domain, const std::string& name, const struct stat* st,
                   dmxp_channel_info* info) {
  std::memset(info, 0, sizeof *info);
  copy_string(info->name, sizeof info->name, name);
  copy_string(info->domain, sizeof info->domain, domain);
  if (!st) return;
  info->file_size = uint64_t(st->st_size);
  info->mode_bits = uint32_t(st->st_mode & 07777);
  info->owner_uid = uint32_t(st->st_uid);
}

void fill_info(const Channel& ch, const std::string& domain, const struct stat& st,
               dmxp_channel_info* info) {
  const layout::ChannelHeader* h = ch.header();
  fill_identity(domain, ch.name(), &st, info);
  // Identity and geometry come from the copy validated at inspect, never from the shared
  // header again; only live counters are read from it.
  copy_string(info->type_name, sizeof info->type_name, ch.type_name());
  info->type_fingerprint = ch.type_fingerprint();
  info->mode = ch.mode();
  info->backpressure = ch.backpressure();
  info->capacity = ch.capacity();
  info->slot_size = uint32_t(ch.slot_size());
  info->file_size = ch.mapped_size();
  info->published = h->tail.load(std::memory_order_acquire);
  info->last_key = ch.newest_committed_key();
  for (uint32_t i = 0; i < ch.max_producers(); ++i) {
    const layout::ProducerRecord* r = ch.producer_record(i);
    int32_t pid = r->owner_pid.load(std::memory_order_acquire);
    if (pid && process_alive(pid, r->owner_start_time)) ++info->producers;
  }
  for (uint32_t i = 0; i < ch.max_consumers(); ++i) {
    const layout::ConsumerRecord* r = ch.consumer_record(i);
    int32_t pid = r->owner_pid.load(std::memory_order_acquire);
    if (pid && process_alive(pid, r->owner_start_time)) ++info->consumers;
    else if (r->name[0]) ++info->parked_cursors;
  }
  info->creator_pid = ch.creator_pid();
  info->created_ns = ch.created_ns();
  info->repaired_slots = h->repaired_slots.load(std::memory_order_relaxed);
  info->reclaimed = h->reclaimed_consumers.load(std::memory_order_relaxed);
  info->dropped = h->dropped.load(std::memory_order_relaxed);
  info->sleepers = h->data_waiters.load(std::memory_order_relaxed) +
                   h->waitset_waiters.load(std::memory_order_relaxed) +
                   h->space_waiters.load(std::memory_order_relaxed);
}

// A channel its creator is still initialising looks broken to an opener (empty file, or a
// header not marked ready) but is not garbage. gc leaves it alone while its creator lives
// (creator_pid is the first header field written) or, creator not yet known, for this long
// after the file was last modified (creating it sets the time: ftruncate).
constexpr int64_t kCreationGraceNs = 10'000'000'000;

enum class Creation { kNotUnderway, kUnderway, kAbandoned, kUnknown };

// Reads the header with pread (no mapping, no waiting). kUnknown: not ours or unreadable.
Creation creation_state(const std::string& path) {
  alignas(layout::ChannelHeader) unsigned char bytes[layout::kHeaderSize];
  size_t n = 0;
  struct stat st{};
  if (shm_peek(path, SegmentTrust::for_tools(), bytes, sizeof bytes, &n, st) != DMXP_OK)
    return Creation::kUnknown;
  const auto* h = reinterpret_cast<const layout::ChannelHeader*>(bytes);
  if (n >= layout::kHeaderSize) {
    if (h->init_state.load(std::memory_order_relaxed) == layout::kReady)
      return Creation::kNotUnderway;
    if (h->creator_pid > 0)
      return process_alive(h->creator_pid, 0) ? Creation::kUnderway : Creation::kAbandoned;
  } else if (n > 0) {
    return Creation::kNotUnderway;  // creation sizes the file in one step: this is damage
  }
  int64_t modified = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  int64_t age = int64_t(realtime_ns()) - modified;
  return age < kCreationGraceNs && age > -kCreationGraceNs ? Creation::kUnderway
                                                           : Creation::kAbandoned;
}

// The channels of a domain, from the names in the segment directory.
int channel_names(const std::string& domain, std::vector<std::string>& names) {
  std::string dir;
  if (int rc = shm_dir(dir); rc != DMXP_OK) return rc;
  std::string prefix = channel_segment_prefix(domain);
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0)
        names.emplace_back(e->d_name + prefix.size());
    closedir(d);
  }
  return DMXP_OK;
}

}  // namespace
}  // namespace dmxp::detail

using namespace dmxp::detail;

extern "C" int dmxp_channel_create(const char* channel, const dmxp_channel_options* options) {
  return guarded([&] {
    std::shared_ptr<Channel> ch;
    return Channel::attach(channel, options, ch);  // mapped only for this call
  });
}

extern "C" int dmxp_channel_info_get(const char* domain, const char* channel,
                                     dmxp_channel_info* info) {
  return guarded([&]() -> int {
    if (!channel || !info) return fail(DMXP_ERR_INVALID_ARGUMENT, "channel and info are required");
    std::string d = resolve_domain(domain);
    std::shared_ptr<Channel> ch;
    struct stat st{};
    if (int rc = Channel::inspect(d, channel, ch, &st); rc != DMXP_OK) return rc;
    fill_info(*ch, d, st, info);
    return DMXP_OK;
  });
}

extern "C" int dmxp_channel_descriptor_get(const char* domain, const char* channel, void* buf,
                                           size_t buf_size, size_t* size) {
  return guarded([&]() -> int {
    if (!channel || !size) return fail(DMXP_ERR_INVALID_ARGUMENT, "channel and size are required");
    std::string d = resolve_domain(domain);
    std::shared_ptr<Channel> ch;
    if (int rc = Channel::inspect(d, channel, ch); rc != DMXP_OK) return rc;
    *size = size_t(ch->descriptor_size());
    if (buf && buf_size) std::memcpy(buf, ch->descriptor(), std::min<size_t>(buf_size, *size));
    return DMXP_OK;
  });
}

extern "C" int dmxp_channel_consumers(const char* domain, const char* channel,
                                      dmxp_consumer_visitor visit, void* user) {
  return guarded([&]() -> int {
    if (!channel || !visit)
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel and visitor are required");
    std::shared_ptr<Channel> ch;
    if (int rc = Channel::inspect(resolve_domain(domain), channel, ch); rc != DMXP_OK) return rc;
    uint64_t tail = ch->header()->tail.load(std::memory_order_acquire);
    uint64_t head = ch->header()->queue_head.load(std::memory_order_acquire);
    for (uint32_t i = 0; i < ch->max_consumers(); ++i) {
      const dmxp::layout::ConsumerRecord* r = ch->consumer_record(i);
      int32_t pid = r->owner_pid.load(std::memory_order_acquire);
      if (!pid && !r->name[0]) continue;
      dmxp_consumer_record_info info;
      std::memset(&info, 0, sizeof info);
      std::memcpy(info.name, r->name, sizeof info.name);
      info.name[sizeof info.name - 1] = 0;
      info.pid = pid;
      info.live = pid && process_alive(pid, r->owner_start_time) ? 1 : 0;
      info.cursor =
          ch->mode() == DMXP_MODE_QUEUE ? head : r->cursor.load(std::memory_order_acquire);
      info.lag = tail > info.cursor ? tail - info.cursor : 0;
      info.lost = r->lost.load(std::memory_order_relaxed);
      info.received = r->received.load(std::memory_order_relaxed);
      info.gating = r->gating.load(std::memory_order_relaxed);
      if (visit(&info, user)) break;
    }
    return DMXP_OK;
  });
}

extern "C" int dmxp_channel_list(const char* domain, dmxp_channel_visitor visit, void* user) {
  return guarded([&]() -> int {
    if (!visit) return fail(DMXP_ERR_INVALID_ARGUMENT, "visitor is NULL");
    std::string d = resolve_domain(domain);
    if (int rc = validate_domain_name(d); rc != DMXP_OK) return rc;
    std::vector<std::string> names;
    if (int rc = channel_names(d, names); rc != DMXP_OK) return rc;
    for (const std::string& name : names) {
      dmxp_channel_info info;
      std::shared_ptr<Channel> ch;
      struct stat st{};
      int rc = validate_channel_name(name);
      if (rc == DMXP_OK) rc = Channel::inspect(d, name, ch, &st);
      if (rc == DMXP_OK) {
        fill_info(*ch, d, st, &info);
      } else {
        // Refused or unreadable: report what the directory entry says, without reading it.
        std::string path;
        bool known = segment_path(channel_segment_name(d, name), path) == DMXP_OK &&
                     shm_stat(path, st);
        fill_identity(d, name, known ? &st : nullptr, &info);
      }
      if (visit(&info, rc, user) != 0) break;
    }
    return DMXP_OK;
  });
}

extern "C" int dmxp_channel_remove(const char* domain, const char* channel) {
  return guarded([&]() -> int {
    if (!channel) return fail(DMXP_ERR_INVALID_ARGUMENT, "channel is NULL");
    std::string d = resolve_domain(domain);
    if (int rc = validate_domain_name(d); rc != DMXP_OK) return rc;
    if (int rc = validate_channel_name(channel); rc != DMXP_OK) return rc;
    std::string path;
    if (int rc = segment_path(channel_segment_name(d, channel), path); rc != DMXP_OK) return rc;
    int rc = shm_remove(path);
    if (rc == DMXP_ERR_NOT_FOUND)
      return fail(rc, "channel '%s' does not exist in domain '%s'", channel, d.c_str());
    return rc;
  });
}

extern "C" int dmxp_channel_gc(const char* domain, int remove_parked, uint32_t* removed) {
  return guarded([&]() -> int {
    std::string d = resolve_domain(domain);
    if (int rc = validate_domain_name(d); rc != DMXP_OK) return rc;
    uint32_t count = 0;
    std::vector<std::string> names;
    if (int rc = channel_names(d, names); rc != DMXP_OK) return rc;
    for (const std::string& name : names) {
      std::string path;
      if (validate_channel_name(name) != DMXP_OK ||
          segment_path(channel_segment_name(d, name), path) != DMXP_OK)
        continue;
      // Other users' segments (kUnknown) and channels being created are left alone.
      Creation creation = creation_state(path);
      if (creation == Creation::kUnderway || creation == Creation::kUnknown) continue;
      bool remove = creation == Creation::kAbandoned;
      if (!remove) {
        std::shared_ptr<Channel> ch;
        int rc = Channel::inspect(d, name, ch);
        if (rc == DMXP_OK) {
          dmxp_channel_info info;
          fill_info(*ch, d, {}, &info);
          remove = info.producers == 0 && info.consumers == 0 &&
                   (remove_parked || info.parked_cursors == 0);
        } else {
          // Unusable by anyone, unless the name was just created again by someone else.
          remove = rc == DMXP_ERR_CORRUPT && creation_state(path) == Creation::kNotUnderway;
        }
      }
      if (remove && shm_remove(path) == DMXP_OK) ++count;
    }
    if (removed) *removed = count;
    return DMXP_OK;
  });
}
