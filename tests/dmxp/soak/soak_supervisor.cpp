// soak_supervisor.cpp - setup, the kill-and-restart loop and the watches that run during it.
// The end of the run (drain, final accounting, teardown, summary) is in soak_finish.cpp.
#include "soak_supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "platform/crash_point.hpp"
#include "soak_process.hpp"
#include "soak_roles.hpp"

namespace dmxp_soak {
namespace {

volatile sig_atomic_t g_interrupted = 0;
void on_interrupt(int) { g_interrupted = 1; }

static_assert(kProducers == kConsumers, "the loops below walk both groups with one bound");
constexpr int64_t kMs = 1'000'000;
constexpr int64_t kPollNs = 10 * kMs;
constexpr int64_t kStartGraceNs = 5000 * kMs;  // exec + attach, before heartbeats count

void nap(int64_t ns) {
  struct timespec ts = {time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
  nanosleep(&ts, nullptr);
}

}  // namespace

Supervisor::Supervisor(Options& o, std::string self) : o_(o), self_(std::move(self)) {
  for (int p = 0; p < kProducers; ++p) {
    producers_[p].role = Role::kProducer;
    producers_[p].slot = p;
  }
  for (int c = 0; c < kConsumers; ++c) {
    consumers_[c].role = Role::kConsumer;
    consumers_[c].slot = c;
  }
}

Supervisor::~Supervisor() {
  if (crash_fd_ >= 0) close(crash_fd_);
  for (Child* group : {producers_, consumers_})
    for (int i = 0; i < kProducers; ++i)
      if (group[i].pid > 0) {
        kill(group[i].pid, SIGKILL);
        waitpid(group[i].pid, nullptr, 0);
      }
}

const char* Supervisor::child_name(const Child& c) {
  std::snprintf(name_buf_, sizeof name_buf_, "%s %d incarnation %u (pid %d%s%s)",
                c.role == Role::kProducer ? "producer" : "consumer", c.slot, c.incarnation,
                int(c.pid), c.armed.empty() ? "" : ", DMXP_CRASH_AT=", c.armed.c_str());
  return name_buf_;
}

ProcessSlot& Supervisor::proc(const Child& c) {
  return c.role == Role::kProducer ? cb_->producers[c.slot].proc : cb_->consumers[c.slot].proc;
}

bool Supervisor::create_channels() {
  for (const ChannelSpec& spec : channel_specs()) {
    dmxp_channel_options co = channel_options(o_, spec, true);
    dmxp_producer* p = nullptr;
    if (int rc = dmxp_producer_open(spec.name, &co, &p); rc != DMXP_OK) {
      std::fprintf(stderr, "soak: creating channel %s: %s: %s\n", spec.name, dmxp_strerror(rc),
                   dmxp_last_error());
      return false;
    }
    dmxp_producer_close(p);
    created_ = true;
    SegmentView& v = segments_.emplace_back();
    if (!v.open(o_.domain, spec.name)) return false;
  }
  drained_.assign(segments_.size(), false);
  return true;
}

// dmxp_soak_crashpoints, next to this program, opened once (a rebuild cannot swap it).
bool Supervisor::open_crash_program() {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = n > 0 ? std::string(self, size_t(n)) : std::string();
  path = path.substr(0, path.rfind('/') + 1) + "dmxp_soak_crashpoints";
  crash_fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (crash_fd_ < 0)
    std::fprintf(stderr, "soak: --crash-points needs %s (cmake --build <dir> --target "
                 "dmxp_soak_crashpoints): %s\n", path.c_str(), strerror(errno));
  return crash_fd_ >= 0;
}

// A crash point this role passes (crash_point.hpp), and which pass of it kills the child.
std::string Supervisor::pick_crash_point(Role role) {
  static const char* const producer_prefixes[] = {"producer.", "repair.", "record.claim"};
  static const char* const consumer_prefixes[] = {"consumer.", "record.", "reclaim.", "repair."};
  std::vector<const char*> points;
  for (const char* p : dmxp::detail::kCrashPoints) {
    bool fits = false;
    if (role == Role::kProducer)
      for (const char* prefix : producer_prefixes) fits |= std::strncmp(p, prefix, strlen(prefix)) == 0;
    else
      for (const char* prefix : consumer_prefixes) fits |= std::strncmp(p, prefix, strlen(prefix)) == 0;
    if (fits && std::strncmp(p, o_.crash_only.c_str(), o_.crash_only.size()) == 0)
      points.push_back(p);
  }
  if (points.empty()) return "";
  return std::string(points[rng_() % points.size()]) + ":" + std::to_string(1 + rng_() % 20);
}

bool Supervisor::setup() {
  if (!domain_shm_entries(o_.domain).empty()) {
    std::fprintf(stderr, "soak: domain '%s' already has segments in /dev/shm; pick another "
                 "with --domain\n", o_.domain.c_str());
    return false;
  }
  if (o_.crash_percent > 0 && !open_crash_program()) return false;
  cb_ = create_control_block(&ctl_fd_);
  if (!cb_ || !create_channels()) return false;
  checker_ = std::make_unique<Checker>(o_, report_, cb_);
  for (Child& c : consumers_) spawn(c);
  if (!wait_all_ready(20'000 * kMs)) {
    std::fprintf(stderr, "soak: the consumers did not attach within 20 s\n");
    return false;
  }
  shm_baseline_ = shm_reported_ = domain_shm_entries(o_.domain).size();
  for (Child& c : producers_) spawn(c);
  return true;
}

void Supervisor::spawn(Child& c) {
  ++c.incarnation;
  ProcessSlot& ps = proc(c);
  if (c.role == Role::kProducer) {
    for (Ledger& l : cb_->producers[c.slot].ledgers) {
      l.committed.store(0);
      l.pending_end.store(0);
      l.last_key.store(0);
      l.attempt_ns.store(0);
      l.timeouts.store(0);
      l.bytes.store(0);
    }
    checker_->producer_started(c.slot, c.incarnation);
  }
  ps.incarnation.store(c.incarnation);
  ps.state.store(uint32_t(ProcState::kStarting));
  ps.pid.store(0);
  ps.heartbeat_ns.store(0);
  ps.holding.store(0);
  c.started_ns = monotonic_ns();
  c.ending = Child::Ending::kNone;
  c.hung_reported = false;
  c.armed.clear();
  if (crash_fd_ >= 0 && int(rng_() % 100) < o_.crash_percent) {
    c.armed = pick_crash_point(c.role);
    crash_armed_ += !c.armed.empty();
  }
  c.pid = spawn_child(self_, child_arguments(o_, c.role, c.slot, c.incarnation, ctl_fd_),
                      c.armed.empty() ? -1 : crash_fd_,
                      c.armed.empty() ? "" : "DMXP_CRASH_AT=" + c.armed);
  if (c.pid < 0) {
    report_.violation(Check::kProcessExit, "could not start %s", child_name(c));
    c.respawn_ns = c.started_ns + 500 * kMs;
  }
}

void Supervisor::step(int64_t now) {
  reap_all(now);
  respawn_due(now);
  checker_->poll(now);
}

void Supervisor::reap_all(int64_t now) {
  for (Child* group : {producers_, consumers_})
    for (int i = 0; i < kProducers; ++i) {
      Child& c = group[i];
      int status = 0;
      if (c.pid > 0 && reap_child(c.pid, &status)) handle_exit(c, status, now);
    }
}

void Supervisor::handle_exit(Child& c, int status, int64_t now) {
  bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  // An armed child that killed itself reached its crash point (the library printed which).
  bool crashed = !c.armed.empty() && killed && c.ending != Child::Ending::kKilled;
  crash_hits_ += crashed;
  bool expected = crashed || (c.ending == Child::Ending::kKilled ? killed
                              : c.ending == Child::Ending::kNone ? false
                                                                 : clean);
  if (!expected)
    report_.violation(Check::kProcessExit, "%s %s %s (see its messages above)", child_name(c),
                      describe_wait_status(status).c_str(),
                      c.ending == Child::Ending::kNone ? "on its own" : "when asked to stop");
  c.pid = -1;
  if (c.role == Role::kProducer) checker_->producer_exited(c.slot, c.incarnation, !clean);
  else checker_->consumer_exited(c.slot, now);
  // At once, unless it failed on its own right after starting (no tight fork loop then).
  c.respawn_ns = !expected && now - c.started_ns < 1000 * kMs ? now + 500 * kMs : now;
  respawn_due(now);
}

void Supervisor::respawn_due(int64_t now) {
  for (Child* group : {producers_, consumers_})
    for (int i = 0; i < kProducers; ++i)
      if (group[i].pid <= 0 && !group[i].retired && group[i].incarnation &&
          now >= group[i].respawn_ns)
        spawn(group[i]);
}

void Supervisor::maybe_kill(int64_t now) {
  if (now < next_kill_) return;
  std::uniform_int_distribution<int> gap(o_.kill_min_ms, o_.kill_max_ms);
  next_kill_ = now + gap(rng_) * kMs;
  std::vector<Child*> candidates;
  for (Child* group : {producers_, consumers_})
    for (int i = 0; i < kProducers; ++i)
      if (group[i].pid > 0 && group[i].ending == Child::Ending::kNone &&
          proc(group[i]).state.load() == uint32_t(ProcState::kReady))
        candidates.push_back(&group[i]);
  if (candidates.empty()) return;
  Child& c = *candidates[rng_() % candidates.size()];
  c.ending_ns = now;
  if (int(rng_() % 100) < o_.clean_percent) {
    kill(c.pid, SIGTERM);
    c.ending = Child::Ending::kStopping;
    ++clean_restarts_;
  } else {
    // Half of the kills wait (up to 200 ms) for the process to hold something: a producer a
    // loan (it dies between claim and commit: its slots need repair), a consumer views (named
    // ones get them again, queue ones lose them).
    if (rng_() % 2) {
      const int64_t until = now + 200 * kMs;
      while (proc(c).holding.load(std::memory_order_relaxed) == 0 && monotonic_ns() < until)
        nap(20'000);
      if (proc(c).holding.load(std::memory_order_relaxed))
        ++holding_kills_[c.role == Role::kProducer ? 0 : 1];
    }
    kill(c.pid, SIGKILL);
    c.ending = Child::Ending::kKilled;
    ++kills_[c.role == Role::kProducer ? 0 : 1];
  }
  if (o_.verbose)
    report_.note("%s %s", c.ending == Child::Ending::kKilled ? "SIGKILL" : "SIGTERM",
                 child_name(c));
}

// Hung processes: no heartbeat within the stall limit, or no exit after SIGTERM.
void Supervisor::watch_children(int64_t now) {
  const int64_t limit = o_.stall_timeout_ns + o_.stall_slack_ms * kMs;
  for (Child* group : {producers_, consumers_})
    for (int i = 0; i < kProducers; ++i) {
      Child& c = group[i];
      if (c.pid <= 0) continue;
      if (c.ending == Child::Ending::kStopping) {
        if (now - c.ending_ns > 10'000 * kMs) {
          report_.violation(Check::kHungProcess, "%s did not exit within 10 s of SIGTERM; "
                            "SIGKILLed", child_name(c));
          kill(c.pid, SIGKILL);
          c.ending = Child::Ending::kKilled;
        }
        continue;
      }
      if (c.ending != Child::Ending::kNone || c.hung_reported) continue;
      int64_t beat = std::max(c.started_ns + kStartGraceNs,
                              proc(c).heartbeat_ns.load(std::memory_order_relaxed));
      const char* what = "main loop";
      if (c.role == Role::kConsumer) {  // each reader beats on its own ring: take the oldest
        beat = INT64_MAX;
        for (size_t ch = 0; ch < channel_specs().size(); ++ch) {
          int64_t b = std::max(c.started_ns + kStartGraceNs,
                               cb_->consumers[c.slot].rings[ch].heartbeat_ns.load());
          if (b < beat) {
            beat = b;
            what = channel_specs()[ch].name;
          }
        }
      }
      if (now - beat <= limit) continue;
      c.hung_reported = true;
      report_.violation(Check::kHungProcess, "%s: no heartbeat for %.1f s (%s)", child_name(c),
                        double(now - beat) / 1e9, what);
    }
}

// /dev/shm entries and record tables: constant after setup; dead records reclaimed in time.
void Supervisor::audit(int64_t now, bool final) {
  size_t shm = domain_shm_entries(o_.domain).size();
  if (shm != shm_baseline_ && shm != shm_reported_) {
    report_.violation(Check::kShmGrowth, "/dev/shm holds %zu entries of domain %s, %zu after "
                      "setup", shm, o_.domain.c_str(), shm_baseline_);
    shm_reported_ = shm;
  }
  std::set<std::string> dead_now;
  const auto& specs = channel_specs();
  for (size_t i = 0; i < specs.size(); ++i) {
    const ChannelSpec& spec = specs[i];
    RecordAudit a = segments_[i].audit(o_.domain, spec.name);
    uint32_t named = 0;
    for (int c = 0; c < kConsumers; ++c) named += spec.named(c);
    uint32_t max_live = final ? 0 : kProducers;
    if (a.live_producers > max_live || a.live_consumers > (final ? 0 : kConsumers) ||
        a.parked > named)
      report_.violation(Check::kRecordGrowth, "%s: %u live producer records, %u live consumer "
                        "records, %u parked cursors (at most %u, %u, %u)", spec.name,
                        a.live_producers, a.live_consumers, a.parked, max_live,
                        final ? 0 : kConsumers, named);
    uint32_t dead = uint32_t(a.dead.size());
    dead_max_ = std::max(dead_max_, dead);
    for (const DeadRecord& d : a.dead) {
      std::string key = std::string(spec.name) + (d.producer ? " producer record " : " consumer "
                        "record ") + (d.producer ? std::to_string(d.index) : "'" + d.name + "'") +
                        " of dead pid " + std::to_string(d.pid);
      dead_now.insert(key);
      auto [it, fresh] = dead_since_.emplace(key, now);
      if (fresh || dead_reported_.count(key)) continue;
      if (now - it->second > o_.reclaim_deadline_ms * kMs) {
        dead_reported_.insert(key);
        report_.violation(Check::kRecordReclaim, "%s: not reclaimed %.1f s after its process "
                          "died", key.c_str(), double(now - it->second) / 1e9);
      }
    }
  }
  for (auto it = dead_since_.begin(); it != dead_since_.end();)
    it = dead_now.count(it->first) ? std::next(it) : dead_since_.erase(it);
}

bool Supervisor::wait_all_ready(int64_t timeout_ns) {
  int64_t deadline = monotonic_ns() + timeout_ns;
  for (;;) {
    int64_t now = monotonic_ns();
    step(now);
    bool ready = true;
    for (Child* group : {producers_, consumers_})
      for (int i = 0; i < kProducers; ++i)
        if (group[i].incarnation &&
            (group[i].pid <= 0 || proc(group[i]).state.load() != uint32_t(ProcState::kReady)))
          ready = false;
    if (ready) return true;
    if (now > deadline) return false;
    nap(kPollNs);
  }
}

int Supervisor::run() {
  struct sigaction sa = {};
  sa.sa_handler = on_interrupt;
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends the supervisor (children follow)
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  rng_.seed(o_.seed);
  report_.configure(o_.max_reports, monotonic_ns());
  if (!setup()) {
    std::printf("soak: setup failed, violations 1\n");
    teardown();
    return 1;
  }
  start_ns_ = monotonic_ns();
  const int64_t end = start_ns_ + int64_t(o_.seconds * 1e9);
  next_kill_ = start_ns_ + o_.kill_min_ms * kMs;
  next_audit_ = start_ns_ + 1000 * kMs;
  next_status_ = start_ns_ + 10'000 * kMs;
  for (int64_t now = start_ns_; now < end && !g_interrupted; now = monotonic_ns()) {
    nap(kPollNs);
    step(now);
    maybe_kill(now);
    watch_children(now);
    for (int ch : checker_->check_progress(now))
      segments_[size_t(ch)].dump(o_.domain, channel_specs()[size_t(ch)]);
    if (now >= next_audit_) {
      audit(now, false);
      next_audit_ = now + 1000 * kMs;
    }
    if (o_.verbose && now >= next_status_) {
      Totals t = checker_->totals();
      report_.note("%llu sent, %llu views, kills %llu+%llu, clean restarts %llu, violations %llu",
                   (unsigned long long)t.sent, (unsigned long long)t.views,
                   (unsigned long long)kills_[0], (unsigned long long)kills_[1],
                   (unsigned long long)clean_restarts_, (unsigned long long)report_.total());
      next_status_ = now + 10'000 * kMs;
    }
  }
  double seconds = double(monotonic_ns() - start_ns_) / 1e9;
  if (!wait_all_ready(20'000 * kMs))
    report_.violation(Check::kHungProcess, "restarted processes did not attach within 20 s");
  stop_all(Role::kProducer);
  bool drained = drain();
  stop_all(Role::kConsumer);
  std::vector<ChannelFacts> facts = collect_facts();
  for (ChannelFacts& f : facts) f.drained = drained && f.drained;
  checker_->final_checks(facts);
  audit(monotonic_ns(), true);
  teardown();
  print_summary(seconds, facts);
  return report_.total() ? 1 : 0;
}

int run_supervisor(Options& o, char* self_path) {
  if (o.domain.empty()) o.domain = "soak" + std::to_string(getpid());
  if (o.seed == 0) o.seed = uint64_t(monotonic_ns()) ^ uint64_t(getpid()) << 32;
  Supervisor s(o, self_path);
  return s.run();
}

}  // namespace dmxp_soak
