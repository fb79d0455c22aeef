#include "crash_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include "payload.hpp"

extern char** environ;

namespace dmxp_test::crash {

int64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

bool eventually(int timeout_ms, const std::function<bool()>& predicate) {
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    if (predicate()) return true;
    if (now_ms() >= deadline) return false;
    usleep(1000);
  }
}

std::string CrashAt::spec() const {
  return point + ":" + std::to_string(n) + (stop ? ":stop" : ":kill");
}

std::string CrashAt::line(pid_t pid) const {
  return "dmxp crash point " + point + ":" + std::to_string(n) + " reached (pid " +
         std::to_string(pid) + ")";
}

// ---- Peer ----

std::unique_ptr<Peer> Peer::start(const std::string& domain, const std::optional<CrashAt>& crash) {
  int down[2], up[2];
  if (pipe2(down, O_CLOEXEC) != 0 || pipe2(up, O_CLOEXEC) != 0) {
    std::perror("pipe2");
    std::abort();
  }
  // stderr goes to an anonymous file the test reads back (no file left behind).
  int log = memfd_create("dmxp-crash-peer-stderr", MFD_CLOEXEC);
  if (log < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "DMXP_CRASH_AT=", 14) != 0) env_strings.emplace_back(*e);
  if (crash) env_strings.push_back("DMXP_CRASH_AT=" + crash->spec());
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string path = DMXP_CRASH_PEER_PATH;
  std::string dom = domain;
  char* argv[] = {path.data(), dom.data(), nullptr};
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    std::abort();
  }
  if (pid == 0) {
    int in = fcntl(down[0], F_DUPFD, 10), out = fcntl(up[1], F_DUPFD, 10);
    int err = fcntl(log, F_DUPFD, 10);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0 || dup2(err, 2) < 0)
      _exit(126);
    execve(argv[0], argv, envp.data());
    dprintf(2, "execve %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(down[0]);
  close(up[1]);
  std::unique_ptr<Peer> p(new Peer());
  p->pid_ = pid;
  p->first_pid_ = pid;
  p->to_peer_ = down[1];
  p->from_peer_ = up[0];
  p->log_fd_ = log;
  p->crash_ = crash;
  return p;
}

Peer::~Peer() {
  if (pid_ > 0) kill_and_reap();
  for (int fd : {to_peer_, from_peer_, log_fd_})
    if (fd >= 0) close(fd);
}

bool Peer::post(const std::string& command) {
  std::string line = command + "\n";
  return fd_write_all(to_peer_, line.data(), line.size());
}

Reply Peer::answer(int timeout_ms) {
  Reply r;
  int64_t deadline = now_ms() + timeout_ms;
  size_t nl;
  while ((nl = pending_.find('\n')) == std::string::npos) {
    int64_t left = deadline - now_ms();
    if (left <= 0) return r;
    struct pollfd pfd{from_peer_, POLLIN, 0};
    int n = poll(&pfd, 1, int(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return r;
    char buf[4096];
    ssize_t got = read(from_peer_, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return r;  // the peer died
    pending_.append(buf, size_t(got));
  }
  r.raw = pending_.substr(0, nl);
  pending_.erase(0, nl + 1);
  r.received = true;
  std::string body = r.raw;
  if (size_t bar = body.find(" | "); bar != std::string::npos) {
    r.detail = body.substr(bar + 3);
    body.resize(bar);
  }
  std::istringstream in(body);
  std::string first;
  in >> first;
  r.ok = first == "ok";
  if (!r.ok) in >> r.status;
  for (std::string w; in >> w;) r.words.push_back(w);
  return r;
}

bool Peer::answered() const {
  if (pending_.find('\n') != std::string::npos) return true;
  struct pollfd pfd{from_peer_, POLLIN, 0};
  return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

Reply Peer::call(const std::string& command, int timeout_ms) {
  if (!post(command)) return Reply{};
  return answer(timeout_ms);
}

std::string Peer::log() const {
  std::string out;
  char buf[4096];
  for (off_t off = 0;;) {
    ssize_t n = pread(log_fd_, buf, sizeof buf, off);
    if (n <= 0) break;
    out.append(buf, size_t(n));
    off += n;
  }
  return out.empty() ? "(peer " + std::to_string(first_pid_) + ": nothing on stderr)"
                     : "peer " + std::to_string(first_pid_) + " stderr:\n" + out;
}

bool Peer::crash_line_seen(int timeout_ms) const {
  if (!crash_) return false;
  std::string line = crash_->line(first_pid_);
  return eventually(timeout_ms, [&] { return log().find(line) != std::string::npos; });
}

char Peer::state() const {
  if (pid_ <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return 0;
  return stat[paren + 2];
}

bool Peer::stopped(int timeout_ms) const {
  return eventually(timeout_ms, [&] { return state() == 'T'; });
}

void Peer::resume() const {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

ExitStatus Peer::kill_and_reap() {
  ExitStatus s;
  if (pid_ <= 0) return s;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) { s.exited = true; s.code = WEXITSTATUS(status); }
  else if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  pid_ = -1;
  return s;
}

ExitStatus Peer::wait(int timeout_ms) {
  ExitStatus s;
  if (pid_ <= 0) return s;
  int64_t deadline = now_ms() + timeout_ms;
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (now_ms() >= deadline) {
      s = kill_and_reap();
      s.timed_out = true;
      return s;
    }
    usleep(500);
  }
  if (WIFEXITED(status)) { s.exited = true; s.code = WEXITSTATUS(status); }
  else if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  pid_ = -1;
  return s;
}

::testing::AssertionResult DiedAtPoint(Peer& victim, int timeout_ms) {
  if (!victim.crash()) return ::testing::AssertionFailure() << "peer is not armed";
  pid_t pid = victim.pid();
  std::string line = victim.crash()->line(pid);
  // A victim that answers its command finished it without passing the point (enough times):
  // fail at once instead of waiting out the timeout.
  int64_t deadline = now_ms() + timeout_ms;
  while (victim.state() != 0 && victim.state() != 'Z' && now_ms() < deadline) {
    if (victim.answered())
      return ::testing::AssertionFailure()
             << "victim " << pid << " armed with " << victim.crash()->spec()
             << " finished its command without reaching the crash point\n" << victim.log();
    usleep(500);
  }
  ExitStatus s = victim.wait(std::max<int64_t>(deadline - now_ms(), 1));
  std::string log = victim.log();
  if (s.timed_out || s.signal != SIGKILL)
    return ::testing::AssertionFailure()
           << "victim " << pid << " armed with " << victim.crash()->spec()
           << " did not die of SIGKILL at its crash point: it " << s.describe() << "\n"
           << log;
  if (log.find(line) == std::string::npos)
    return ::testing::AssertionFailure() << "victim " << pid << " died of SIGKILL but never "
                                         << "printed '" << line << "'\n" << log;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult StoppedAtPoint(const Peer& victim, int timeout_ms) {
  if (!victim.crash()) return ::testing::AssertionFailure() << "peer is not armed";
  std::string line = victim.crash()->line(victim.pid());
  bool answered = false;
  bool seen = eventually(timeout_ms, [&] {
    answered = victim.answered();
    return answered ||
           (victim.state() == 'T' && victim.log().find(line) != std::string::npos);
  });
  if (seen && !answered) return ::testing::AssertionSuccess();
  if (answered)
    return ::testing::AssertionFailure()
           << "victim " << victim.pid() << " armed with " << victim.crash()->spec()
           << " finished its command without reaching the crash point\n" << victim.log();
  return ::testing::AssertionFailure()
         << "victim " << victim.pid() << " armed with " << victim.crash()->spec()
         << " did not stop at its crash point (state '" << victim.state() << "')\n"
         << victim.log();
}

::testing::AssertionResult ReplyOk(const Reply& r) {
  if (!r.received) return ::testing::AssertionFailure() << "no answer from the peer";
  if (r.ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "peer answered: " << r.raw;
}

// ---- messages ----

namespace {
Seen parse_seen(const std::string& w) {
  Seen s;
  if (!w.empty() && w[0] == '!') {
    s.bad = w.substr(1);
    return s;
  }
  unsigned long long seq = 0, key = 0;
  unsigned producer = 0, bi = 0, bc = 0;
  if (std::sscanf(w.c_str(), "%u,%llu,%llu,%u,%u", &producer, &seq, &key, &bi, &bc) != 5)
    s.bad = "unparsable '" + w + "'";
  s.producer = producer;
  s.seq = seq;
  s.key = key;
  s.batch_index = bi;
  s.batch_count = bc;
  return s;
}
}  // namespace

std::vector<Seen> messages_of(const Reply& r) {
  std::vector<Seen> out;
  for (size_t i = 2; i < r.words.size(); ++i) out.push_back(parse_seen(r.words[i]));
  return out;
}

uint64_t lost_of(const Reply& r) {
  return r.words.empty() ? UINT64_MAX : std::strtoull(r.words[0].c_str(), nullptr, 10);
}

Seen seen_of(const dmxp_message& m) {
  Seen s;
  TestMessage h;
  Verdict v = check_message(m.data, m.size, &h);
  if (v != Verdict::kOk) {
    s.bad = verdict_name(v);
    return s;
  }
  s.producer = h.producer;
  s.seq = h.seq;
  s.key = m.key;
  s.batch_index = m.batch_index;
  s.batch_count = m.batch_count;
  if (h.batch_index != m.batch_index || h.batch_count != m.batch_count) s.bad = "batch-fields";
  return s;
}

// ---- Ledger ----

void Ledger::add(const std::string& consumer, const Seen& m) {
  std::vector<Seen>& list = by_consumer_[consumer];
  if (!m.bad.empty()) {
    errors_.push_back(consumer + ": message " + std::to_string(list.size()) + " is torn (" +
                      m.bad + ")");
  } else {
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      if (!it->bad.empty() || it->producer != m.producer) continue;
      if (it->seq >= m.seq)
        errors_.push_back(consumer + ": producer " + std::to_string(m.producer) + " seq " +
                          std::to_string(m.seq) + " after seq " + std::to_string(it->seq));
      break;
    }
  }
  list.push_back(m);
}

void Ledger::add(const std::string& consumer, const std::vector<Seen>& messages) {
  by_consumer_[consumer];
  for (const Seen& m : messages) add(consumer, m);
}

std::vector<uint64_t> Ledger::seqs(const std::string& consumer, uint32_t producer) const {
  std::vector<uint64_t> out;
  auto it = by_consumer_.find(consumer);
  if (it == by_consumer_.end()) return out;
  for (const Seen& m : it->second)
    if (m.bad.empty() && m.producer == producer) out.push_back(m.seq);
  return out;
}

size_t Ledger::count(const std::string& consumer) const {
  auto it = by_consumer_.find(consumer);
  return it == by_consumer_.end() ? 0 : it->second.size();
}

const std::vector<Seen>& Ledger::of(const std::string& consumer) const {
  static const std::vector<Seen> none;
  auto it = by_consumer_.find(consumer);
  return it == by_consumer_.end() ? none : it->second;
}

namespace {
std::string show(const std::vector<uint64_t>& v) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 40 && v.size() > 48) { o << " ... " << v.size() - 44 << " more ..."; i = v.size() - 4; }
    o << (i ? " " : "") << v[i];
  }
  return o.str() + "]";
}
}  // namespace

::testing::AssertionResult Ledger::EachReceived(const std::vector<std::string>& consumers,
                                                uint32_t producer,
                                                const std::vector<uint64_t>& expected) const {
  for (const std::string& c : consumers) {
    std::vector<uint64_t> got = seqs(c, producer);
    if (got != expected)
      return ::testing::AssertionFailure()
             << "consumer " << c << " received from producer " << producer << " seqs "
             << show(got) << ", expected exactly " << show(expected);
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Ledger::AllReceivedOnce(uint32_t producer,
                                                   const std::vector<uint64_t>& expected) const {
  std::vector<uint64_t> all;
  for (const auto& [name, list] : by_consumer_) {
    std::vector<uint64_t> s = seqs(name, producer);
    all.insert(all.end(), s.begin(), s.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<uint64_t> want = expected;
  std::sort(want.begin(), want.end());
  if (all == want) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "consumers together received from producer "
                                       << producer << " seqs " << show(all)
                                       << ", expected each of " << show(want) << " once";
}

::testing::AssertionResult Ledger::Clean() const {
  std::vector<std::string> errors = errors_;
  // Batches: every consumer that saw one message of a batch saw all of it.
  for (const auto& [name, list] : by_consumer_) {
    std::map<std::pair<uint32_t, uint64_t>, std::set<uint32_t>> batches;
    std::map<std::pair<uint32_t, uint64_t>, uint32_t> sizes;
    for (const Seen& m : list) {
      if (!m.bad.empty() || m.batch_count <= 1) continue;
      auto id = std::make_pair(m.producer, m.seq - m.batch_index);
      batches[id].insert(m.batch_index);
      sizes[id] = m.batch_count;
    }
    for (const auto& [id, members] : batches)
      if (members.size() != sizes[id])
        errors.push_back(name + ": saw " + std::to_string(members.size()) + " of the " +
                         std::to_string(sizes[id]) + " messages of producer " +
                         std::to_string(id.first) + "'s batch starting at seq " +
                         std::to_string(id.second));
  }
  if (errors.empty()) return ::testing::AssertionSuccess();
  ::testing::AssertionResult r = ::testing::AssertionFailure();
  for (const std::string& e : errors) r << e << "\n";
  return r;
}

std::vector<uint64_t> range(uint64_t first, uint64_t count) {
  std::vector<uint64_t> v;
  for (uint64_t i = 0; i < count; ++i) v.push_back(first + i);
  return v;
}

std::vector<uint64_t> operator+(std::vector<uint64_t> a, const std::vector<uint64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---- rings and the test process's own actors ----

std::string Ring::peer_options() const {
  std::ostringstream o;
  o << "create=1,mode=" << (mode == DMXP_MODE_QUEUE ? "queue" : "broadcast")
    << ",bp=" << (bp == DMXP_KEEP_LAST ? "keep_last" : "reliable") << ",cap=" << capacity
    << ",slot=" << kSlotSize << ",stall_ms=" << stall_ms << ",maxc=" << max_consumers
    << ",maxp=" << max_producers;
  return o.str();
}

dmxp_channel_options Ring::apply(dmxp_channel_options o) const {
  o.mode = mode;
  o.backpressure = bp;
  o.capacity = capacity;
  o.slot_size = kSlotSize;
  o.stall_timeout_ns = stall_ms * 1'000'000;
  o.max_consumers = max_consumers;
  o.max_producers = max_producers;
  return o;
}

int send_message(dmxp_producer* p, uint32_t producer, uint64_t seq, int64_t timeout_ns,
                 uint64_t* key) {
  uint8_t buf[kSlotSize];
  MessageSpec spec;
  spec.producer = producer;
  spec.seq = seq;
  size_t n = write_message(buf, spec, body_size_for(producer, seq, 96));
  return dmxp_producer_send(p, buf, n, timeout_ns, key);
}

int receive_into(Ledger& ledger, const std::string& name, dmxp_consumer* c, uint64_t count,
                 int64_t timeout_ns) {
  for (uint64_t i = 0; i < count; ++i) {
    dmxp_message m;
    if (int rc = dmxp_consumer_receive(c, &m, timeout_ns)) return rc;
    ledger.add(name, seen_of(m));
  }
  return DMXP_OK;
}

uint64_t drain_into(Ledger& ledger, const std::string& name, dmxp_consumer* c) {
  uint64_t n = 0;
  dmxp_message m;
  while (dmxp_consumer_try_receive(c, &m) == DMXP_OK) {
    ledger.add(name, seen_of(m));
    ++n;
  }
  return n;
}

}  // namespace dmxp_test::crash
