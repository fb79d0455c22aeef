// peer_roles.hpp - what a peer process does, callable in a forked child or, through
// dmxp_test_peer, in a freshly exec'd one. Each role talks to the test through a ChildIo
// (tokens in, results out), reports problems on stderr and returns an exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace dmxp_test {

// Written by consuming roles on their output pipe.
struct PeerResult {
  int32_t status = 0;       // last dmxp status seen (0 when all went well)
  uint32_t received = 0;    // messages received
  uint64_t first_seq = 0;   // seq of the first and last message received
  uint64_t last_seq = 0;
  uint64_t last_key = 0;
  uint64_t lost = 0;        // dmxp_consumer_lost at the end
  uint64_t first_key = 0;
};

// consume: attach a (named, unless name is "-") consumer to channel, send kTokenReady,
// receive `count` TestMessages of producer 0 whose seqs must run expect_first, +1, ...,
// write a PeerResult, then either close ("close") or release everything, send
// kTokenReleased and block in receive(FOREVER) until killed ("release-and-block").
//   argv: consume <domain> <channel> <name|-> <count> <expect_first> <close|release-and-block>
// wait-one: attach with spin_ns 0, send kTokenReady, receive(FOREVER) one TestMessage and
// write a PeerResult.   argv: wait-one <domain> <channel>
// produce: send count TestMessages (producer id, seqs first..first+count-1).
//   argv: produce <domain> <channel> <producer> <first_seq> <count> <max_body>
int run_peer_role(const std::vector<std::string>& args, ChildIo& io);

// The argv that makes dmxp_test_peer run a role (the suites define DMXP_TEST_PEER_PATH).
inline std::vector<std::string> peer_command(const std::vector<std::string>& role_args) {
#ifdef DMXP_TEST_PEER_PATH
  std::vector<std::string> argv{DMXP_TEST_PEER_PATH};
#else
  std::vector<std::string> argv{"dmxp_test_peer"};
#endif
  argv.insert(argv.end(), role_args.begin(), role_args.end());
  return argv;
}

}  // namespace dmxp_test
