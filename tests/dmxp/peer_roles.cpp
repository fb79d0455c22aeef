#include "peer_roles.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "dmxp/dmxp.h"
#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

int report(const char* role, const char* what, int status) {
  dprintf(2, "peer %s (pid %d): %s: status %d (%s): %s\n", role, int(getpid()), what, status,
          dmxp_strerror(status), dmxp_last_error());
  return 2;
}

dmxp_channel_options channel_options(const std::string& domain) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain.c_str();  // the string outlives every call below
  o.create = 0;               // the test created the channel
  return o;
}

int role_consume(const std::vector<std::string>& a, ChildIo& io) {
  if (a.size() != 7) return 64;
  const std::string &domain = a[1], &channel = a[2], &name = a[3];
  uint64_t count = std::strtoull(a[4].c_str(), nullptr, 10);
  uint64_t expect = std::strtoull(a[5].c_str(), nullptr, 10);
  bool block_after = a[6] == "release-and-block";
  dmxp_channel_options o = channel_options(domain);
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.name = name == "-" ? nullptr : name.c_str();
  dmxp_consumer* c = nullptr;
  if (int rc = dmxp_consumer_open(channel.c_str(), &o, &co, &c)) return report("consume", "open", rc);
  io.send_token(kTokenReady);
  PeerResult r;
  for (uint64_t i = 0; i < count; ++i) {
    dmxp_message m;
    if (int rc = dmxp_consumer_receive(c, &m, kReceiveTimeoutNs)) {
      r.status = rc;
      report("consume", "receive", rc);
      break;
    }
    TestMessage h;
    if (Verdict v = check_message(m.data, m.size, &h); v != Verdict::kOk) {
      dprintf(2, "peer consume: message %llu: %s\n", (unsigned long long)i, verdict_name(v));
      return 3;
    }
    if (h.producer != 0 || h.seq != expect + i) {
      dprintf(2, "peer consume: message %llu is producer %u seq %llu, expected seq %llu\n",
              (unsigned long long)i, h.producer, (unsigned long long)h.seq,
              (unsigned long long)(expect + i));
      return 4;
    }
    if (r.received && m.key <= r.last_key) {
      dprintf(2, "peer consume: key %llu after %llu\n", (unsigned long long)m.key,
              (unsigned long long)r.last_key);
      return 5;
    }
    if (!r.received) { r.first_seq = h.seq; r.first_key = m.key; }
    r.last_seq = h.seq;
    r.last_key = m.key;
    ++r.received;
  }
  r.lost = dmxp_consumer_lost(c);
  if (!io.write_all(&r, sizeof r)) return 6;
  if (block_after) {
    if (int rc = dmxp_consumer_release(c)) return report("consume", "release", rc);
    io.send_token(kTokenReleased);
    dmxp_message m;
    int rc = dmxp_consumer_receive(c, &m, DMXP_FOREVER);  // the test kills us here
    return report("consume", "receive(FOREVER) returned", rc);
  }
  dmxp_consumer_close(c);
  return r.status == 0 ? 0 : 7;
}

int role_wait_one(const std::vector<std::string>& a, ChildIo& io) {
  if (a.size() != 3) return 64;
  dmxp_channel_options o = channel_options(a[1]);
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.spin_ns = 0;  // go to sleep on the futex at once
  dmxp_consumer* c = nullptr;
  if (int rc = dmxp_consumer_open(a[2].c_str(), &o, &co, &c)) return report("wait-one", "open", rc);
  io.send_token(kTokenReady);
  dmxp_message m;
  PeerResult r;
  r.status = dmxp_consumer_receive(c, &m, DMXP_FOREVER);
  if (r.status == DMXP_OK) {
    TestMessage h;
    if (check_message(m.data, m.size, &h) != Verdict::kOk) return 3;
    r.received = 1;
    r.first_seq = r.last_seq = h.seq;
    r.first_key = r.last_key = m.key;
  }
  r.lost = dmxp_consumer_lost(c);
  dmxp_consumer_close(c);
  return io.write_all(&r, sizeof r) && r.status == 0 ? 0 : 2;
}

int role_produce(const std::vector<std::string>& a, ChildIo&) {
  if (a.size() != 7) return 64;
  dmxp_channel_options o = channel_options(a[1]);
  uint32_t producer = uint32_t(std::strtoul(a[3].c_str(), nullptr, 10));
  uint64_t first = std::strtoull(a[4].c_str(), nullptr, 10);
  uint64_t count = std::strtoull(a[5].c_str(), nullptr, 10);
  uint32_t max_body = uint32_t(std::strtoul(a[6].c_str(), nullptr, 10));
  dmxp_producer* p = nullptr;
  if (int rc = dmxp_producer_open(a[2].c_str(), &o, &p)) return report("produce", "open", rc);
  std::vector<uint8_t> buf(sizeof(TestMessage) + max_body);
  for (uint64_t s = first; s < first + count; ++s) {
    MessageSpec spec;
    spec.producer = producer;
    spec.seq = s;
    size_t n = write_message(buf.data(), spec, body_size_for(producer, s, max_body));
    if (int rc = dmxp_producer_send(p, buf.data(), n, kReceiveTimeoutNs, nullptr))
      return report("produce", "send", rc);
  }
  dmxp_producer_close(p);
  return 0;
}

}  // namespace

int run_peer_role(const std::vector<std::string>& args, ChildIo& io) {
  if (args.empty()) return 64;
  if (args[0] == "consume") return role_consume(args, io);
  if (args[0] == "wait-one") return role_wait_one(args, io);
  if (args[0] == "produce") return role_produce(args, io);
  dprintf(2, "peer: unknown role '%s'\n", args[0].c_str());
  return 64;
}

}  // namespace dmxp_test
