#include "soak_records.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "segments/layout.hpp"

namespace dmxp_soak {
namespace {

using dmxp::layout::ChannelHeader;
using dmxp::layout::ProducerRecord;

struct ConsumerVisit {
  RecordAudit* audit;
  std::vector<dmxp_consumer_record_info>* all;
};

int visit_consumer(const dmxp_consumer_record_info* info, void* user) {
  auto* v = static_cast<ConsumerVisit*>(user);
  if (v->all) v->all->push_back(*info);
  RecordAudit& a = *v->audit;
  a.lost_sum += info->lost;
  if (info->live) {
    ++a.live_consumers;
    a.live_cursors.push_back(info->cursor);
  } else if (info->pid != 0) {
    ++a.dead_consumers;
    DeadRecord d;
    d.pid = info->pid;
    d.name = info->name;
    d.index = uint32_t(a.dead.size());  // consumer visits carry no index; unique by pid+name
    a.dead.push_back(d);
  } else {
    ++a.parked;
  }
  return 0;
}

}  // namespace

SegmentView::SegmentView(SegmentView&& o) noexcept : base_(o.base_), size_(o.size_) {
  o.base_ = nullptr;
  o.size_ = 0;
}

SegmentView::~SegmentView() {
  if (base_) munmap(const_cast<uint8_t*>(base_), size_);
}

bool SegmentView::open(const std::string& domain, const char* channel) {
  std::string path = "/dev/shm/dmxp." + domain + ".ch." + channel;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || size_t(st.st_size) < sizeof(ChannelHeader)) {
    std::fprintf(stderr, "soak: cannot open %s: %s\n", path.c_str(), strerror(errno));
    if (fd >= 0) close(fd);
    return false;
  }
  void* p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "soak: cannot map %s: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  base_ = static_cast<const uint8_t*>(p);
  size_ = size_t(st.st_size);
  return true;
}

uint64_t SegmentView::tail() const {
  return reinterpret_cast<const ChannelHeader*>(base_)->tail.load(std::memory_order_acquire);
}

uint64_t SegmentView::queue_head() const {
  return reinterpret_cast<const ChannelHeader*>(base_)->queue_head.load(std::memory_order_acquire);
}

RecordAudit SegmentView::audit(const std::string& domain, const char* channel) const {
  RecordAudit a;
  ConsumerVisit v{&a, nullptr};
  dmxp_channel_consumers(domain.c_str(), channel, visit_consumer, &v);
  const auto* h = reinterpret_cast<const ChannelHeader*>(base_);
  for (uint32_t i = 0; i < h->max_producers; ++i) {
    const auto* r = reinterpret_cast<const ProducerRecord*>(
        base_ + h->producers_offset + uint64_t(i) * sizeof(ProducerRecord));
    int32_t pid = r->owner_pid.load(std::memory_order_acquire);
    if (pid < 0) pid = -pid;  // in transition (being claimed, released or repaired) by -pid
    if (!pid) continue;
    if (dmxp_process_alive(pid, r->owner_start_time)) {
      ++a.live_producers;
    } else {
      ++a.dead_producers;
      DeadRecord d;
      d.producer = true;
      d.index = i;
      d.pid = pid;
      a.dead.push_back(d);
    }
  }
  return a;
}

void SegmentView::dump(const std::string& domain, const ChannelSpec& spec) const {
  dmxp_channel_info info;
  if (dmxp_channel_info_get(domain.c_str(), spec.name, &info) == DMXP_OK)
    std::fprintf(stderr, "soak:   %s: published %llu, queue head %llu, live producers %u, live "
                 "consumers %u, parked %u, repaired %llu, reclaimed %llu, dropped %llu, "
                 "sleepers %u\n", spec.name, (unsigned long long)info.published,
                 (unsigned long long)queue_head(), info.producers, info.consumers,
                 info.parked_cursors, (unsigned long long)info.repaired_slots,
                 (unsigned long long)info.reclaimed, (unsigned long long)info.dropped,
                 info.sleepers);
  RecordAudit a;
  std::vector<dmxp_consumer_record_info> all;
  ConsumerVisit v{&a, &all};
  dmxp_channel_consumers(domain.c_str(), spec.name, visit_consumer, &v);
  for (const dmxp_consumer_record_info& c : all)
    std::fprintf(stderr, "soak:   %s consumer record '%s' pid %d%s: cursor %llu lag %llu lost "
                 "%llu received %llu gating %u\n", spec.name, c.name, c.pid,
                 c.live ? "" : c.pid ? " (dead)" : " (parked)", (unsigned long long)c.cursor,
                 (unsigned long long)c.lag, (unsigned long long)c.lost,
                 (unsigned long long)c.received, c.gating);
  const auto* h = reinterpret_cast<const ChannelHeader*>(base_);
  for (uint32_t i = 0; i < h->max_producers; ++i) {
    const auto* r = reinterpret_cast<const ProducerRecord*>(
        base_ + h->producers_offset + uint64_t(i) * sizeof(ProducerRecord));
    int32_t pid = r->owner_pid.load(std::memory_order_acquire);
    if (pid < 0) pid = -pid;
    if (!pid) continue;
    std::fprintf(stderr, "soak:   %s producer record %u pid %d%s: claim [%llu, %llu) sent %llu\n",
                 spec.name, i, pid, dmxp_process_alive(pid, r->owner_start_time) ? "" : " (dead)",
                 (unsigned long long)r->claim_begin.load(),
                 (unsigned long long)r->claim_end.load(), (unsigned long long)r->sent.load());
  }
}

std::vector<std::string> domain_shm_entries(const std::string& domain) {
  std::vector<std::string> out;
  std::string prefix = "dmxp." + domain + ".";
  if (DIR* d = opendir("/dev/shm")) {
    while (dirent* e = readdir(d))
      if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0) out.push_back(e->d_name);
    closedir(d);
  }
  return out;
}

}  // namespace dmxp_soak
