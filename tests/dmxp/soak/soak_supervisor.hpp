// soak_supervisor.hpp - the process the user runs: creates the soak's channels in its own
// domain, starts 4 consumer and 4 producer processes, SIGKILLs (or, sometimes, stops cleanly)
// one of them every few seconds and restarts it at once, feeds the checker, audits /dev/shm
// and the record tables, and at the end stops the producers, lets the consumers drain, stops
// them, runs the final accounting, removes its channels and prints one summary line.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "soak_checker.hpp"
#include "soak_records.hpp"

namespace dmxp_soak {

struct Child {
  Role role = Role::kProducer;
  int slot = 0;
  uint32_t incarnation = 0;
  pid_t pid = -1;
  int64_t started_ns = 0;
  enum class Ending { kNone, kKilled, kStopping } ending = Ending::kNone;
  int64_t ending_ns = 0;
  bool retired = false;  // stopped for the end of the run: not restarted
  int64_t respawn_ns = 0;  // when pid <= 0: restart from then on
  std::string armed;       // DMXP_CRASH_AT of this incarnation ("" if none)
  bool hung_reported = false;
};

class Supervisor {
 public:
  Supervisor(Options& o, std::string self);
  ~Supervisor();
  int run();

 private:
  bool setup();
  bool create_channels();
  bool open_crash_program();
  std::string pick_crash_point(Role role);
  void spawn(Child& c);
  void step(int64_t now);  // reap, poll the checker
  void reap_all(int64_t now);
  void handle_exit(Child& c, int status, int64_t now);
  void respawn_due(int64_t now);
  void maybe_kill(int64_t now);
  void watch_children(int64_t now);
  void audit(int64_t now, bool final);
  bool wait_all_ready(int64_t timeout_ns);
  void stop_all(Role role);
  bool drain();
  bool channel_drained(size_t i);
  std::vector<ChannelFacts> collect_facts();
  void teardown();
  void print_summary(double seconds, const std::vector<ChannelFacts>& facts);
  const char* child_name(const Child& c);
  ProcessSlot& proc(const Child& c);

  Options& o_;
  std::string self_;
  Report report_;
  ControlBlock* cb_ = nullptr;
  int ctl_fd_ = -1;
  std::unique_ptr<Checker> checker_;
  std::vector<SegmentView> segments_;
  std::vector<bool> drained_;
  Child producers_[kProducers], consumers_[kConsumers];
  std::mt19937_64 rng_;
  size_t shm_baseline_ = 0, shm_reported_ = 0;
  std::map<std::string, int64_t> dead_since_;
  std::set<std::string> dead_reported_;
  uint32_t dead_max_ = 0;
  int64_t next_kill_ = 0, next_audit_ = 0, next_status_ = 0, start_ns_ = 0;
  uint64_t kills_[2] = {}, clean_restarts_ = 0;  // [0] producers, [1] consumers
  uint64_t holding_kills_[2] = {};               // killed holding a loan / views
  int crash_fd_ = -1;                            // dmxp_soak_crashpoints, for armed children
  uint64_t crash_armed_ = 0, crash_hits_ = 0;
  bool created_ = false;
  char name_buf_[160];
};

}  // namespace dmxp_soak
