// crash_test.hpp - the fixture every crash-point scenario uses: a private domain (DomainTest),
// peers that are killed before the domain is cleaned, and shorthands for the usual steps.
#pragma once

#include <string>
#include <vector>

#include "crash_harness.hpp"
#include "platform/crash_point.hpp"

namespace dmxp_test::crash {

class CrashTest : public DomainTest {
 protected:
  void TearDown() override {
    peers_.clear();  // SIGKILL and reap every peer before the domain's segments are removed
    DomainTest::TearDown();
  }

  Peer& peer() { return keep(Peer::start(domain())); }
  // A victim armed with DMXP_CRASH_AT=<point>:<n>[:stop]. The point must be a known one.
  Peer& victim(const std::string& point, unsigned n = 1, bool stop = false) {
    bool known = false;
    for (const char* p : dmxp::detail::kCrashPoints) known = known || point == p;
    EXPECT_TRUE(known) << "'" << point << "' is not in kCrashPoints (crash_point.hpp)";
    return keep(Peer::start(domain(), CrashAt{point, n, stop}));
  }

  // Receive timeout for waits that recovery from a dead actor must end.
  static constexpr int64_t recover_ns() { return (kStallMs + kSlackMs) * 1'000'000; }

  std::string popen(const std::string& slot, const char* ch) {
    return "popen " + slot + " " + ch + " -";
  }
  std::string copen(const std::string& slot, const char* ch, const std::string& name = "-",
                    const std::string& start = "oldest", int64_t spin_ns = 2000) {
    return "copen " + slot + " " + ch + " - " + name + " " + start + " " + std::to_string(spin_ns);
  }

 private:
  Peer& keep(std::unique_ptr<Peer> p) {
    peers_.push_back(std::move(p));
    return *peers_.back();
  }
  std::vector<std::unique_ptr<Peer>> peers_;
};

// How long (ms) a peer command that must wait out a dead actor may take.
inline constexpr int kRecoverMs = int(kStallMs + kSlackMs);

}  // namespace dmxp_test::crash
