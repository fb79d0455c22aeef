// A committed slot whose header claims more bytes than the slot holds (a scribbling process)
// is reported as DMXP_ERR_CORRUPT and skipped: no view ever points past its slot.
// White-box: edits the slot header through layout.hpp.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "segments/layout.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

using CorruptSlot = DomainTest;

TEST_F(CorruptSlot, OversizedSlotIsReportedAndSkipped) {
  dmxp_channel_options o = options();
  o.capacity = 8;
  o.slot_size = 64;
  for (dmxp_mode mode : {DMXP_MODE_BROADCAST, DMXP_MODE_QUEUE}) {
    SCOPED_TRACE(mode == DMXP_MODE_QUEUE ? "queue" : "broadcast");
    o.mode = mode;
    const char* ch = channel(mode == DMXP_MODE_QUEUE ? "scribbled-q" : "scribbled-b");
    ProducerHandle p = open_producer(ch, o);
    ConsumerHandle c = open_consumer(ch, o);
    ASSERT_TRUE(p && c);
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "first", 5, 0, nullptr));
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "second", 6, 0, nullptr));

    int fd = shm_open(("/" + segment(ch)).c_str(), O_RDWR, 0);
    ASSERT_GE(fd, 0);
    struct stat st{};
    ASSERT_EQ(fstat(fd, &st), 0);
    void* base = mmap(nullptr, size_t(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    ASSERT_NE(base, MAP_FAILED);
    auto* h = static_cast<dmxp::layout::ChannelHeader*>(base);
    auto* slot0 = reinterpret_cast<dmxp::layout::SlotHeader*>(static_cast<char*>(base) +
                                                              h->slots_offset);
    ASSERT_EQ(slot0->seq.load(), dmxp::layout::seq_committed(0));
    slot0->size = 1u << 20;
    munmap(base, size_t(st.st_size));

    dmxp_message m;
    if (mode == DMXP_MODE_BROADCAST) {
      EXPECT_TRUE(FailsWith(dmxp_consumer_receive(c.get(), &m, 0), DMXP_ERR_CORRUPT,
                            {ch, "slot size"}));
    } else {
      // A queue consumer drops the corrupt slot from its claim and hands out the rest.
      int rc = dmxp_consumer_receive(c.get(), &m, 0);
      if (rc == DMXP_ERR_CORRUPT) rc = dmxp_consumer_receive(c.get(), &m, 0);
      ASSERT_DMXP_OK(rc);
      EXPECT_EQ(as_string(m), "second");
      continue;
    }
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
    EXPECT_EQ(as_string(m), "second");
  }
}

}  // namespace
}  // namespace dmxp_test
