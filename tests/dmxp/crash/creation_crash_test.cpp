// A channel's creator stopped or killed after sizing the segment, before writing its header.
// - Killed: openers do not hang (they report DMXP_ERR_CORRUPT naming the segment within the
//   documented wait, or take the segment over), and gc removes what is left so the channel
//   can be created again.
// - Stopped (alive, only slow): gc must not remove the segment from under its creator.
#include <signal.h>
#include <unistd.h>

#include "crash_test.hpp"

namespace dmxp_test::crash {
namespace {

using CreationCrashes = CrashTest;

constexpr int kInitWaitMs = 2'000;  // how long openers wait for a creator (docs/failures.md)

TEST_F(CreationCrashes, CreatorKilledMidCreationIsReportedAndCollected) {
  Ring ring;
  const char* ch = channel("half_created");
  Peer& v = victim("channel.create.sized", 1);
  v.post("popen 0 " + std::string(ch) + " " + ring.peer_options());
  ASSERT_TRUE(DiedAtPoint(v));
  ASSERT_TRUE(shm_exists(segment(ch)));

  dmxp_channel_options o = ring.apply(options());
  dmxp_consumer* raw = nullptr;
  int64_t start = now_ms();
  int rc = dmxp_consumer_open(ch, &o, nullptr, &raw);
  EXPECT_LE(now_ms() - start, kInitWaitMs + kSlackMs) << "opening a half-created channel hung";
  ConsumerHandle c(raw);
  if (rc != DMXP_OK) {
    EXPECT_TRUE(FailsWith(rc, DMXP_ERR_CORRUPT, {segment(ch)}));
    uint32_t removed = 0;
    ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 0, &removed));
    EXPECT_EQ(removed, 1u) << "gc must remove the half-created segment of a dead creator";
    c = open_consumer(ch, o);
    ASSERT_TRUE(c);
  }
  ProducerHandle t = open_producer(ch, o);
  ASSERT_TRUE(t);
  ASSERT_DMXP_OK(send_message(t.get(), 0, 0, recover_ns()));
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 1, recover_ns()));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
}

TEST_F(CreationCrashes, GcDoesNotRemoveAChannelBeingCreated) {
  Ring ring;
  const char* ch = channel("being_created");
  Peer& v = victim("channel.create.sized", 1, /*stop=*/true);
  v.post("popen 0 " + std::string(ch) + " " + ring.peer_options());
  ASSERT_TRUE(StoppedAtPoint(v));
  uint32_t removed = 99;
  int64_t start = now_ms();
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 0, &removed));
  EXPECT_LE(now_ms() - start, kInitWaitMs + kSlackMs) << "gc hung on a half-created channel";
  EXPECT_EQ(removed, 0u) << "gc removed a channel whose creator is alive";
  EXPECT_TRUE(shm_exists(segment(ch)));
  v.resume();
  ASSERT_TRUE(ReplyOk(v.answer())) << v.log();
  ASSERT_CALL_OK(v, "send 0 0 0 1 1000");
  // The channel the creator finished is the one everybody else opens.
  dmxp_channel_options o = options();
  o.create = 0;
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 1, recover_ns()));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
}

}  // namespace
}  // namespace dmxp_test::crash
