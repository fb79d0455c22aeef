// The extension point (dmxp/rt/extension.hpp), used the way a binding or a custom entity
// uses it: public headers only, in one process.
#include <gtest/gtest.h>

#include <rt_test_msgs/msg/Other.hpp>

#include "dmxp/rt/extension.hpp"
#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::QoS;
using rt_test_msgs::msg::Other;

namespace {

// A subscription of the kind a binding writes: raw slots, its own callback type.
class RawSubscription final : public dmxp::rt::SubscriptionBase {
 public:
  RawSubscription(Setup setup, std::vector<uint64_t>* seqs)
      : SubscriptionBase(std::move(setup)), seqs_(seqs) {}

 protected:
  void deliver(const dmxp_message& m) override {
    const auto& s = *static_cast<const Sample*>(m.data);
    EXPECT_TRUE(sample_ok(s));
    seqs_->push_back(s.seq);
  }

 private:
  std::vector<uint64_t>* seqs_;
};

// A new kind of entity: a waitable over a channel the runtime knows nothing of.
class Watch final : public dmxp::rt::Entity {
 public:
  Watch(std::shared_ptr<dmxp::rt::NodeCore> node, dmxp::Consumer c)
      : Entity(std::move(node)), c_(std::move(c)) {}
  dmxp_consumer* consumer() const override { return c_.handle(); }
  size_t drain(size_t max) override {
    size_t n = 0;
    run_locked([&] {
      dmxp_message m;
      while (n < max && dmxp_consumer_try_receive(c_.handle(), &m) == DMXP_OK) {
        bytes_.fetch_add(m.size, std::memory_order_relaxed);
        dmxp_consumer_release(c_.handle());
        ++n;
      }
    });
    return n;
  }
  uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  dmxp::Consumer c_;
  std::atomic<uint64_t> bytes_{0};
};

}  // namespace

class ExtensionTest : public RtTest {};

TEST_F(ExtensionTest, ASubscriptionSubclassGetsEveryMessageAndRegistersInTheGraph) {
  auto node = std::make_shared<dmxp::rt::Node>("ext", node_options());
  auto pub = node->create_publisher<Sample>("t", QoS(8)).value();
  std::vector<uint64_t> seqs;
  auto sub = dmxp::rt::SubscriptionBase::create<RawSubscription>(
                 node->core(), "t", dmxp::rt::type_info_of<Sample>(), QoS(8), {}, &seqs)
                 .value();
  dmxp::rt::EntityHandle<RawSubscription> handle(sub);
  ASSERT_NE(node->graph(), nullptr);
  auto subs = node->graph()->snapshot().endpoints_of("/t", dmxp::rt::EndpointKind::Subscription);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].type_name, "rt_test_msgs/Sample");
  EXPECT_EQ(subs[0].node, "/ext");

  Sample s;
  for (uint64_t i = 0; i < 5; ++i) {
    fill_sample(s, i, 1);
    ASSERT_TRUE(pub.publish(s).ok());
  }
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  exec.spin_for(std::chrono::milliseconds(50));
  EXPECT_EQ(seqs, (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sub->received(), 5u);
  EXPECT_EQ(sub->topic(), "/t");

  handle.reset();  // detaches: unregistered from the graph and the node
  EXPECT_TRUE(node->graph()->snapshot().endpoints_of("/t", dmxp::rt::EndpointKind::Subscription).empty());
  for (const auto& e : node->core()->entities()) EXPECT_NE(e.get(), sub.get());
}

TEST_F(ExtensionTest, CreateRefusesAnotherTypeNamingTheTopicAndBothTypes) {
  auto node = std::make_shared<dmxp::rt::Node>("ext", node_options());
  auto pub = node->create_publisher<Sample>("chatter", QoS()).value();
  std::vector<uint64_t> seqs;
  auto sub = dmxp::rt::SubscriptionBase::create<RawSubscription>(
      node->core(), "chatter", dmxp::rt::type_info_of<Other>(), QoS(), {}, &seqs);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().status(), DMXP_ERR_INCOMPATIBLE);
  std::string m = sub.error().what();
  for (const char* part : {"'/chatter'", "rt_test_msgs/Sample", "rt_test_msgs/Other"})
    EXPECT_NE(m.find(part), std::string::npos) << m;
}

TEST_F(ExtensionTest, ACustomEntityIsWaitedOnUntilItsHandleIsDropped) {
  auto node = std::make_shared<dmxp::rt::Node>("ext", node_options());
  const char* ch = channel("raw");
  auto prod = dmxp::Producer::open(ch, cpp_options()).value();
  auto cons = dmxp::Consumer::open(ch, cpp_options()).value();
  auto watch = std::make_shared<Watch>(node->core(), std::move(cons));
  node->core()->add_entity(watch);
  dmxp::rt::EntityHandle<Watch> handle(watch);

  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  {
    BackgroundSpin spin(exec);  // blocking: the waiter sleeps on the custom entity's consumer
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(prod.send("abcd", 4).ok());
    EXPECT_TRUE(wait_until([&] { return watch->bytes() == 12; }));
    handle.reset();
    EXPECT_TRUE(watch->detached());
    ASSERT_TRUE(prod.send("abcd", 4).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(watch->bytes(), 12u);  // nothing runs after detach
}

TEST(ExtensionTypes, InternedTypeInfoKeepsOneCopyPerType) {
  std::string name = "pkg/T", descriptor = "{}";
  dmxp::rt::TypeInfo a = dmxp::rt::intern_type_info(name, 7, descriptor, 16);
  name = "changed";  // the runtime kept its own copy
  dmxp::rt::TypeInfo b = dmxp::rt::intern_type_info("pkg/T", 7, "{}", 16);
  EXPECT_STREQ(a.name, "pkg/T");
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.descriptor.data(), b.descriptor.data());
  EXPECT_EQ(a.size, 16u);
  dmxp::rt::TypeInfo c = dmxp::rt::intern_type_info("pkg/T", 8, "{}", 16);
  EXPECT_NE(a.name, c.name);
}
