// soak_finish.cpp - the end of a soak run: stop the producers, let the consumers drain,
// stop them, gather what the channels count, remove the channels and print the summary.
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

#include <cstdio>

#include "soak_supervisor.hpp"

namespace dmxp_soak {
namespace {

constexpr int64_t kMs = 1'000'000;
using ull = unsigned long long;

void nap_ms(int ms) {
  struct timespec ts = {0, long(ms) * kMs};
  nanosleep(&ts, nullptr);
}

}  // namespace

void Supervisor::stop_all(Role role) {
  Child* group = role == Role::kProducer ? producers_ : consumers_;
  int64_t now = monotonic_ns();
  for (int i = 0; i < kProducers; ++i) {
    Child& c = group[i];
    c.retired = true;
    if (c.pid <= 0 || c.ending != Child::Ending::kNone) continue;
    kill(c.pid, SIGTERM);
    c.ending = Child::Ending::kStopping;
    c.ending_ns = now;
  }
  for (;;) {
    now = monotonic_ns();
    step(now);
    watch_children(now);  // SIGKILLs (and reports) one that ignores SIGTERM for 10 s
    bool running = false;
    for (int i = 0; i < kProducers; ++i) running |= group[i].pid > 0;
    if (!running) return;
    nap_ms(10);
  }
}

// Drained: every live broadcast cursor reached the tail and every queue head the tail.
bool Supervisor::channel_drained(size_t i) {
  const ChannelSpec& spec = channel_specs()[i];
  uint64_t tail = segments_[i].tail();
  if (spec.queue()) return segments_[i].queue_head() == tail;
  RecordAudit a = segments_[i].audit(o_.domain, spec.name);
  if (a.live_consumers != kConsumers) return false;
  for (uint64_t c : a.live_cursors)
    if (c != tail) return false;
  return true;
}

bool Supervisor::drain() {
  const int64_t deadline = monotonic_ns() + 30'000 * kMs;
  for (int stable = 0;;) {
    int64_t now = monotonic_ns();
    step(now);
    watch_children(now);
    bool all = true;
    for (size_t i = 0; i < segments_.size(); ++i) all &= (drained_[i] = channel_drained(i));
    stable = all ? stable + 1 : 0;
    if (stable >= 5) return true;  // and the checker has read what was logged meanwhile
    if (now > deadline) break;
    nap_ms(10);
  }
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (drained_[i]) continue;
    report_.violation(Check::kDrain, "%s did not drain within 30 s after the producers "
                      "stopped", channel_specs()[i].name);
    segments_[i].dump(o_.domain, channel_specs()[i]);
  }
  return false;
}

std::vector<ChannelFacts> Supervisor::collect_facts() {
  std::vector<ChannelFacts> facts(segments_.size());
  for (size_t i = 0; i < segments_.size(); ++i) {
    ChannelFacts& f = facts[i];
    const ChannelSpec& spec = channel_specs()[i];
    dmxp_channel_info info;
    if (int rc = dmxp_channel_info_get(o_.domain.c_str(), spec.name, &info); rc != DMXP_OK) {
      report_.violation(Check::kApiError, "dmxp_channel_info_get(%s): %s: %s", spec.name,
                        dmxp_strerror(rc), dmxp_last_error());
      continue;
    }
    f.ok = true;
    f.drained = drained_[i];
    f.tail = segments_[i].tail();
    f.head = segments_[i].queue_head();
    f.dropped = info.dropped;
    f.repaired = info.repaired_slots;
    f.lost_sum = segments_[i].audit(o_.domain, spec.name).lost_sum;
  }
  return facts;
}

void Supervisor::teardown() {
  segments_.clear();
  if (created_)
    for (const ChannelSpec& spec : channel_specs()) {
      int rc = dmxp_channel_remove(o_.domain.c_str(), spec.name);
      if (rc != DMXP_OK && rc != DMXP_ERR_NOT_FOUND)
        report_.violation(Check::kApiError, "dmxp_channel_remove(%s): %s: %s", spec.name,
                          dmxp_strerror(rc), dmxp_last_error());
    }
  shm_unlink(("/dmxp." + o_.domain + ".keys").c_str());
  std::vector<std::string> left = domain_shm_entries(o_.domain);
  if (!left.empty()) {
    std::string names;
    for (const std::string& e : left) names += " /dev/shm/" + e;
    report_.violation(Check::kShmGrowth, "left behind after removing the channels:%s",
                      names.c_str());
    for (const std::string& e : left) shm_unlink(("/" + e).c_str());
  }
}

void Supervisor::print_summary(double seconds, const std::vector<ChannelFacts>& facts) {
  Totals t = checker_->totals();
  uint64_t repaired = 0, dropped = 0, queue_lost = 0;
  for (size_t i = 0; i < facts.size(); ++i) {
    repaired += facts[i].repaired;
    if (!channel_specs()[i].queue()) continue;
    dropped += facts[i].dropped;
    queue_lost += facts[i].lost_sum;
  }
  std::string breakdown = report_.breakdown();
  std::printf("soak: %.0f s, %llu msgs sent, %llu delivered (%llu again after a kill), kills "
              "%llu (%llu producers, %llu of them holding a loan, %llu consumers, %llu of them "
              "holding views), clean restarts %llu, crash points hit %llu of %llu armed, "
              "repaired %llu, "
              "lost(keep-last) %llu, overruns %llu (reliable, after a join: %llu), lost(parked) "
              "%llu, lost(queue) %llu, "
              "dropped(queue) %llu, dead records max %u, seed %llu, violations %llu%s%s%s\n",
              seconds, (ull)t.sent, (ull)t.views, (ull)t.redelivered, (ull)(kills_[0] + kills_[1]),
              (ull)kills_[0], (ull)holding_kills_[0], (ull)kills_[1], (ull)holding_kills_[1],
              (ull)clean_restarts_, (ull)crash_hits_, (ull)crash_armed_, (ull)repaired,
              (ull)t.keep_lost, (ull)(t.overruns + t.unverifiable), (ull)t.join_overruns,
              (ull)t.parked_lost,
              (ull)queue_lost, (ull)dropped, dead_max_, (ull)o_.seed, (ull)report_.total(),
              breakdown.empty() ? "" : " (", breakdown.c_str(), breakdown.empty() ? "" : ")");
  std::fflush(stdout);
}

}  // namespace dmxp_soak
