// dmxp_crash_peer - one actor of a crash-point test, linked against libdmxp_crashpoints (the
// library with its DMXP_CRASH_POINTs armed). The test execs it with DMXP_CRASH_AT in its
// environment when it is the victim, or without it when it is a bystander (a live producer,
// a consumer, a repairer, a restarted victim). It never links the plain libdmxp.
//
// It obeys one command per line read on fd 3 and answers one line on fd 4 ("ok ..." or
// "err <status> ..."); argv[1] is the domain. Handles are numbered slots chosen by the test.
//
//   popen <p> <channel> <opts>              open producer slot p (opts: see parse_options)
//   pclose <p>
//   send <p> <producer> <seq> <count> <timeout_ms> [pace_us]
//                                            single sends of seqs seq..seq+count-1
//   batch <p> <producer> <seq> <size> <batches> <timeout_ms>
//                                            send_batch of `size` messages, `batches` times
//   loan <p> <producer> <seq> <count> <timeout_ms>
//                                            loan (count 1) or loan_batch, fill, keep the loan
//   commit <p>                               commit the held loan (batch or single)
//   copen <c> <channel> <opts> <name|-> <oldest|newest> <spin_ns>
//   cclose <c>
//   recv <c> <count> <timeout_ms> <max_per_call>
//                                            blocking receives until count messages; the last
//                                            views stay held. Answer: "ok <lost> <n> <msg>..."
//                                            or "err <status> <lost> <n> <msg>... | <error>"
//   try <c> <count>                          try_receive until count or WOULD_BLOCK (same answer)
//   release <c>                              answer "ok <status of dmxp_consumer_release>"
//   wswait <timeout_ms> <c>...               one dmxp_waitset_wait on those consumers; answer
//                                            "ok <ready_count>"
//   fork_close <p|-> <c|->                   fork; the child closes those handles (what its
//                                            destructors would do) and exits; answer "ok <code>"
//   exit                                     close everything and exit 0
// A message is written "<producer>,<seq>,<key>,<batch_index>,<batch_count>", or "!<verdict>"
// when its payload fails its checksum.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "dmxp/dmxp.h"
#include "payload.hpp"

namespace {

using dmxp_test::MessageSpec;
using dmxp_test::TestMessage;

constexpr uint32_t kMaxBody = 96;  // bodies of 0..96 bytes: every message fits 256-byte slots

struct Loan {
  std::vector<void*> buffers;
  std::vector<size_t> sizes;
};

struct Peer {
  std::string domain;
  std::map<int, dmxp_producer*> producers;
  std::map<int, Loan> loans;
  std::map<int, dmxp_consumer*> consumers;
  std::map<int, std::string> consumer_names;  // keep the name strings alive
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

uint64_t num(const std::string& s) { return std::strtoull(s.c_str(), nullptr, 10); }
int64_t ms_to_ns(const std::string& s) {
  long long v = std::strtoll(s.c_str(), nullptr, 10);
  return v < 0 ? DMXP_FOREVER : int64_t(v) * 1'000'000;
}

std::string error_reply(int status) {
  std::string detail = dmxp_last_error();
  for (char& ch : detail)
    if (ch == '\n') ch = ' ';
  return "err " + std::to_string(status) + " | " + detail;
}

// opts: "-" (open an existing channel) or comma-separated key=value: create, mode
// (broadcast|queue), bp (reliable|keep_last), cap, slot, stall_ms, maxc, maxp.
dmxp_channel_options parse_options(const Peer& peer, const std::string& opts) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = peer.domain.c_str();
  o.create = 0;
  if (opts == "-") return o;
  std::istringstream in(opts);
  for (std::string kv; std::getline(in, kv, ',');) {
    size_t eq = kv.find('=');
    std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (k == "create") o.create = int(num(v));
    else if (k == "mode") o.mode = v == "queue" ? DMXP_MODE_QUEUE : DMXP_MODE_BROADCAST;
    else if (k == "bp") o.backpressure = v == "keep_last" ? DMXP_KEEP_LAST : DMXP_RELIABLE;
    else if (k == "cap") o.capacity = uint32_t(num(v));
    else if (k == "slot") o.slot_size = uint32_t(num(v));
    else if (k == "stall_ms") o.stall_timeout_ns = int64_t(num(v)) * 1'000'000;
    else if (k == "maxc") o.max_consumers = uint32_t(num(v));
    else if (k == "maxp") o.max_producers = uint32_t(num(v));
  }
  return o;
}

size_t fill(void* out, uint32_t producer, uint64_t seq, uint64_t batch_id, uint32_t index,
            uint32_t count) {
  MessageSpec spec;
  spec.producer = producer;
  spec.seq = seq;
  spec.batch_id = batch_id;
  spec.batch_index = index;
  spec.batch_count = count;
  return dmxp_test::write_message(out, spec, dmxp_test::body_size_for(producer, seq, kMaxBody));
}

std::string describe(const dmxp_message& m) {
  TestMessage h;
  dmxp_test::Verdict v = dmxp_test::check_message(m.data, m.size, &h);
  if (v != dmxp_test::Verdict::kOk) return std::string("!") + dmxp_test::verdict_name(v);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%u,%llu,%llu,%u,%u", h.producer, (unsigned long long)h.seq,
                (unsigned long long)m.key, m.batch_index, m.batch_count);
  // A slot header that disagrees with the payload's own batch fields is torn too.
  if (m.batch_index != h.batch_index || m.batch_count != h.batch_count) return "!batch-fields";
  for (char* c = buf; *c; ++c)
    if (*c == ' ') *c = '_';
  return buf;
}

std::string cmd_send(Peer& peer, const std::vector<std::string>& a) {
  if (a.size() < 6) return "err -1 | usage";
  dmxp_producer* p = peer.producers[int(num(a[1]))];
  uint32_t producer = uint32_t(num(a[2]));
  uint64_t seq = num(a[3]), count = num(a[4]);
  int64_t timeout = ms_to_ns(a[5]);
  useconds_t pace = a.size() > 6 ? useconds_t(num(a[6])) : 0;
  std::vector<uint8_t> buf(sizeof(TestMessage) + kMaxBody);
  uint64_t first_key = 0;
  for (uint64_t s = seq; s < seq + count; ++s) {
    size_t n = fill(buf.data(), producer, s, 0, 0, 1);
    uint64_t key = 0;
    if (int rc = dmxp_producer_send(p, buf.data(), n, timeout, &key)) return error_reply(rc);
    if (s == seq) first_key = key;
    if (pace) usleep(pace);
  }
  return "ok " + std::to_string(first_key);
}

std::string cmd_batch(Peer& peer, const std::vector<std::string>& a) {
  if (a.size() < 7) return "err -1 | usage";
  dmxp_producer* p = peer.producers[int(num(a[1]))];
  uint32_t producer = uint32_t(num(a[2]));
  uint64_t seq = num(a[3]);
  uint32_t size = uint32_t(num(a[4]));
  uint64_t batches = num(a[5]);
  int64_t timeout = ms_to_ns(a[6]);
  std::vector<std::vector<uint8_t>> bufs(size, std::vector<uint8_t>(sizeof(TestMessage) + kMaxBody));
  std::vector<dmxp_iovec> iov(size);
  for (uint64_t b = 0; b < batches; ++b, seq += size) {
    for (uint32_t i = 0; i < size; ++i)
      iov[i] = {bufs[i].data(), fill(bufs[i].data(), producer, seq + i, seq, i, size)};
    if (int rc = dmxp_producer_send_batch(p, iov.data(), size, timeout, nullptr))
      return error_reply(rc);
  }
  return "ok";
}

std::string cmd_loan(Peer& peer, const std::vector<std::string>& a) {
  if (a.size() < 6) return "err -1 | usage";
  int slot = int(num(a[1]));
  dmxp_producer* p = peer.producers[slot];
  uint32_t producer = uint32_t(num(a[2]));
  uint64_t seq = num(a[3]);
  uint32_t count = uint32_t(num(a[4]));
  Loan loan;
  loan.buffers.resize(count);
  int rc = count == 1 ? dmxp_producer_loan(p, sizeof(TestMessage) + kMaxBody, loan.buffers.data(),
                                           ms_to_ns(a[5]))
                      : dmxp_producer_loan_batch(p, count, loan.buffers.data(), ms_to_ns(a[5]));
  if (rc) return error_reply(rc);
  for (uint32_t i = 0; i < count; ++i)
    loan.sizes.push_back(count == 1 ? fill(loan.buffers[i], producer, seq, 0, 0, 1)
                                    : fill(loan.buffers[i], producer, seq + i, seq, i, count));
  peer.loans[slot] = std::move(loan);
  return "ok";
}

std::string cmd_commit(Peer& peer, const std::vector<std::string>& a) {
  int slot = int(num(a.at(1)));
  Loan& loan = peer.loans[slot];
  uint64_t key = 0;
  int rc = loan.sizes.size() == 1
               ? dmxp_producer_commit(peer.producers[slot], loan.sizes[0], &key)
               : dmxp_producer_commit_batch(peer.producers[slot], loan.sizes.data(), &key);
  peer.loans.erase(slot);
  return rc ? error_reply(rc) : "ok " + std::to_string(key);
}

std::string cmd_copen(Peer& peer, const std::vector<std::string>& a) {
  if (a.size() < 7) return "err -1 | usage";
  int slot = int(num(a[1]));
  dmxp_channel_options o = parse_options(peer, a[3]);
  peer.consumer_names[slot] = a[4];
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.name = a[4] == "-" ? nullptr : peer.consumer_names[slot].c_str();
  co.start = a[5] == "newest" ? DMXP_START_NEWEST : DMXP_START_OLDEST;
  co.spin_ns = std::strtoll(a[6].c_str(), nullptr, 10);
  dmxp_consumer* c = nullptr;
  if (int rc = dmxp_consumer_open(a[2].c_str(), &o, &co, &c)) return error_reply(rc);
  peer.consumers[slot] = c;
  return "ok";
}

// Receives until `count` messages (blocking or not); the views of the last call stay held.
std::string receive(Peer& peer, int slot, uint64_t count, int64_t timeout, uint32_t max_per_call,
                    bool blocking) {
  dmxp_consumer* c = peer.consumers[slot];
  std::string msgs;
  uint64_t n = 0;
  int status = DMXP_OK;
  std::vector<dmxp_message> views(max_per_call ? max_per_call : 1);
  while (n < count) {
    uint32_t want = uint32_t(std::min<uint64_t>(views.size(), count - n)), got = 0;
    int rc = blocking ? dmxp_consumer_receive_batch(c, views.data(), want, &got, timeout)
                      : (got = 1, dmxp_consumer_try_receive(c, views.data()));
    if (rc == DMXP_ERR_WOULD_BLOCK && !blocking) break;
    if (rc) { status = rc; break; }
    for (uint32_t i = 0; i < got; ++i) msgs += " " + describe(views[i]);
    n += got;
  }
  std::string head = status ? "err " + std::to_string(status) : std::string("ok");
  head += " " + std::to_string(dmxp_consumer_lost(c)) + " " + std::to_string(n) + msgs;
  if (status) {
    std::string detail = dmxp_last_error();
    for (char& ch : detail)
      if (ch == '\n') ch = ' ';
    head += " | " + detail;
  }
  return head;
}

std::string cmd_fork_close(Peer& peer, const std::vector<std::string>& a) {
  dmxp_producer* p = a.at(1) == "-" ? nullptr : peer.producers[int(num(a[1]))];
  dmxp_consumer* c = a.at(2) == "-" ? nullptr : peer.consumers[int(num(a[2]))];
  pid_t pid = fork();
  if (pid < 0) return "err -14 | fork failed";
  if (pid == 0) {
    // What a forked worker's destructors do on its way out: close the inherited handles.
    dmxp_producer_close(p);
    dmxp_consumer_close(c);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return "ok " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

std::string cmd_wswait(Peer& peer, const std::vector<std::string>& a) {
  dmxp_waitset* ws = nullptr;
  if (int rc = dmxp_waitset_create(&ws)) return error_reply(rc);
  for (size_t i = 2; i < a.size(); ++i)
    if (int rc = dmxp_waitset_add(ws, peer.consumers[int(num(a[i]))])) {
      dmxp_waitset_destroy(ws);
      return error_reply(rc);
    }
  size_t ready = 0;
  int rc = dmxp_waitset_wait(ws, nullptr, 0, &ready, ms_to_ns(a.at(1)));
  dmxp_waitset_destroy(ws);
  return rc ? error_reply(rc) : "ok " + std::to_string(ready);
}

std::string run(Peer& peer, const std::vector<std::string>& a) {
  const std::string& cmd = a[0];
  if (cmd == "popen") {
    dmxp_channel_options o = parse_options(peer, a.at(3));
    dmxp_producer* p = nullptr;
    if (int rc = dmxp_producer_open(a.at(2).c_str(), &o, &p)) return error_reply(rc);
    peer.producers[int(num(a[1]))] = p;
    return "ok";
  }
  if (cmd == "pclose") {
    int slot = int(num(a.at(1)));
    dmxp_producer_close(peer.producers[slot]);
    peer.producers.erase(slot);
    return "ok";
  }
  if (cmd == "send") return cmd_send(peer, a);
  if (cmd == "batch") return cmd_batch(peer, a);
  if (cmd == "loan") return cmd_loan(peer, a);
  if (cmd == "commit") return cmd_commit(peer, a);
  if (cmd == "copen") return cmd_copen(peer, a);
  if (cmd == "cclose") {
    int slot = int(num(a.at(1)));
    dmxp_consumer_close(peer.consumers[slot]);
    peer.consumers.erase(slot);
    return "ok";
  }
  if (cmd == "recv")
    return receive(peer, int(num(a.at(1))), num(a.at(2)), ms_to_ns(a.at(3)),
                   uint32_t(num(a.at(4))), true);
  if (cmd == "try") return receive(peer, int(num(a.at(1))), num(a.at(2)), 0, 1, false);
  if (cmd == "release")
    return "ok " + std::to_string(dmxp_consumer_release(peer.consumers[int(num(a.at(1)))]));
  if (cmd == "wswait") return cmd_wswait(peer, a);
  if (cmd == "fork_close") return cmd_fork_close(peer, a);
  return "err -1 | unknown command '" + cmd + "'";
}

bool read_line(int fd, std::string& line) {
  line.clear();
  for (char ch; ;) {
    ssize_t n = read(fd, &ch, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (ch == '\n') return true;
    line += ch;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dmxp_crash_peer <domain>  (commands on fd 3, answers on fd 4)\n");
    return 64;
  }
  Peer peer;
  peer.domain = argv[1];
  std::string line;
  while (read_line(3, line)) {
    std::vector<std::string> words = split(line);
    if (words.empty()) continue;
    if (words[0] == "exit") break;
    std::string reply = run(peer, words) + "\n";
    if (!dmxp_test::fd_write_all(4, reply.data(), reply.size())) return 3;
  }
  for (auto& [slot, c] : peer.consumers) dmxp_consumer_close(c);
  for (auto& [slot, p] : peer.producers) dmxp_producer_close(p);
  return 0;
}
