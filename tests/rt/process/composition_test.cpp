// Composition: components (shared libraries) loaded by name into dmxp-container share one
// process and talk through the same channels; node libraries load by bare name.
#include <composition_interfaces/srv/ListNodes.hpp>
#include <composition_interfaces/srv/LoadNode.hpp>
#include <composition_interfaces/srv/UnloadNode.hpp>
#include <std_msgs/msg/UInt64.hpp>

#include "dmxp/rt/component_manager.hpp"

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;

class CompositionTest : public RtTest {};

TEST_F(CompositionTest, ComponentsInOneContainerTalk) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> heard{0}, zero{0};
  auto sub = node->create_subscription<std_msgs::msg::UInt64>("heard", dmxp::rt::QoS(4).best_effort(),
                                                             [&](const std_msgs::msg::UInt64& m) {
                                                               heard = m.data;
                                                               if (m.data == 0) ++zero;
                                                             }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  auto container = program("dmxp-container",
                           {"--load", RT_TEST_COMPONENTS, "rt_test::Talker", "--load",
                            RT_TEST_COMPONENTS, "rt_test::Listener", "--node-namespace", "/ears", "-r",
                            "chatter:=/chatter", "-r", "heard:=/heard"});
  ASSERT_TRUE(wait_until([&] { return heard.load() >= 100; }));
  EXPECT_EQ(zero.load(), 0u);  // every sample intact and in order
  auto snap = node->graph()->snapshot();
  ASSERT_NE(snap.node("/talker"), nullptr);
  ASSERT_NE(snap.node("/ears/listener"), nullptr);
  EXPECT_EQ(snap.node("/talker")->pid, container.pid());
  EXPECT_EQ(snap.node("/ears/listener")->pid, container.pid());
  EXPECT_EQ(terminate(container).code, 0);
}

TEST_F(CompositionTest, NodeLibrariesLoadByName) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> got{0};
  auto talker = peer("talker", {"chatter", "100", "wait_go=1", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  auto container = program("dmxp-container",
                           {"--load", "dmxp_node_relay", "dmxp_nodes::Relay", "--node-name", "r1",
                            "-p", "input:=chatter", "-p", "output:=copied"});
  ASSERT_TRUE(wait_until([&] {
    return !node->graph()->snapshot().endpoints_of("/chatter", dmxp::rt::EndpointKind::Subscription).empty();
  }));
  auto sub = node->create_subscription<Sample>("copied", dmxp::rt::QoS(16), [&](const Sample& s) {
    if (sample_ok(s)) ++got;
  }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  ASSERT_TRUE(wait_until([&] {
    return !node->graph()->snapshot().endpoints_of("/copied", dmxp::rt::EndpointKind::Publisher).empty();
  }));
  talker.send_token('G');
  ASSERT_TRUE(wait_until([&] { return got.load() == 100; }));
  EXPECT_NE(node->graph()->snapshot().node("/r1"), nullptr);
  EXPECT_EQ(terminate(container).code, 0);
  EXPECT_EQ(terminate(talker).code, 0);
}

TEST_F(CompositionTest, UnknownComponentsAndLibrariesFailTheContainer) {
  auto a = program("dmxp-container", {"--load", RT_TEST_COMPONENTS, "rt_test::Nope"});
  EXPECT_EQ(a.wait(kWaitMs).code, 1);
  auto b = program("dmxp-container", {"--load", "no_such_library", "x::Y"});
  EXPECT_EQ(b.wait(kWaitMs).code, 1);
  auto c = program("dmxp-container", {"--bogus"});
  EXPECT_EQ(c.wait(kWaitMs).code, 2);
}

// ---- loading and unloading into a running container (composition_interfaces services) ----

namespace ci = composition_interfaces::srv;

struct ContainerClients {
  dmxp::rt::Client<ci::LoadNode_Request, ci::LoadNode_Response> load;
  dmxp::rt::Client<ci::UnloadNode_Request, ci::UnloadNode_Response> unload;
  dmxp::rt::Client<ci::ListNodes_Request, ci::ListNodes_Response> list;
  ContainerClients(dmxp::rt::Node& n, const std::string& c)
      : load(n.create_client<ci::LoadNode>(c + "/_container/load_node").value()),
        unload(n.create_client<ci::UnloadNode>(c + "/_container/unload_node").value()),
        list(n.create_client<ci::ListNodes>(c + "/_container/list_nodes").value()) {}
  ci::LoadNode_Response load_one(const std::string& library, const std::string& cls,
                                 const std::string& name = "") {
    auto rq = std::make_unique<ci::LoadNode_Request>();  // ~330 KB: not on the stack
    rq->package_name = library;
    rq->plugin_name = cls;
    rq->node_name = name;
    ci::LoadNode_Response out;
    EXPECT_TRUE(load.call(*rq, std::chrono::seconds(10), [&](const ci::LoadNode_Response& r) { out = r; }));
    return out;
  }
};

TEST_F(CompositionTest, ComponentsLoadListAndUnloadWhileTheContainerRuns) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> heard{0};
  auto sub = node->create_subscription<std_msgs::msg::UInt64>(
                     "/heard", dmxp::rt::QoS(4).best_effort(), [&](const std_msgs::msg::UInt64& m) { heard = m.data; })
                 .value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  auto container = program("dmxp-container", {"--ros-args", "-r", "__node:=box"});
  ASSERT_TRUE(wait_until([&] {
    auto containers = dmxp::rt::component_containers(node->graph()->snapshot());
    return containers == std::vector<std::string>{"/box"};
  }));
  ContainerClients box(*node, "/box");
  ci::LoadNode_Response talker = box.load_one(RT_TEST_COMPONENTS, "rt_test::Talker");
  EXPECT_TRUE(talker.success) << talker.error_message.str();
  EXPECT_EQ(talker.unique_id, 1u);
  EXPECT_EQ(talker.full_node_name, "/talker");
  ci::LoadNode_Response listener = box.load_one(RT_TEST_COMPONENTS, "rt_test::Listener", "ears");
  EXPECT_TRUE(listener.success) << listener.error_message.str();
  EXPECT_EQ(listener.unique_id, 2u);
  EXPECT_EQ(listener.full_node_name, "/ears");
  // The listener hears the talker in the same process, every sample intact and in order.
  ASSERT_TRUE(wait_until([&] { return heard.load() >= 50; }));
  auto snap = node->graph()->snapshot();
  ASSERT_NE(snap.node("/talker"), nullptr);
  EXPECT_EQ(snap.node("/talker")->pid, container.pid());
  auto listed = box.list.call(ci::ListNodes_Request(), std::chrono::seconds(5));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed.value().unique_ids.size(), 2u);
  EXPECT_EQ(listed.value().unique_ids[0], 1u);
  EXPECT_EQ(listed.value().full_node_names[0], "/talker");
  EXPECT_EQ(listed.value().unique_ids[1], 2u);
  EXPECT_EQ(listed.value().full_node_names[1], "/ears");

  // Errors come back in the response; the container goes on.
  ci::LoadNode_Response nope = box.load_one(RT_TEST_COMPONENTS, "rt_test::Nope");
  EXPECT_FALSE(nope.success);
  EXPECT_EQ(nope.error_message, std::string("Failed to find class with the requested plugin name 'rt_test::Nope' in "
                                            "library '") + RT_TEST_COMPONENTS +
                                    "' (it registers: rt_test::Faulty, rt_test::Listener, rt_test::Talker)");
  ci::LoadNode_Response nolib = box.load_one("no_such_library", "x::Y");
  EXPECT_FALSE(nolib.success);
  EXPECT_TRUE(nolib.error_message.view().starts_with("component library 'no_such_library' not found; tried /"))
      << nolib.error_message.str();
  ci::LoadNode_Response twice = box.load_one(RT_TEST_COMPONENTS, "rt_test::Talker");
  EXPECT_FALSE(twice.success);
  EXPECT_EQ(twice.error_message, "a node named '/talker' already exists in domain '" + node->domain() + "'");

  // Unload: its entities leave the graph; the other component keeps running.
  ci::UnloadNode_Request un;
  un.unique_id = 1;
  auto r = box.unload.call(un, std::chrono::seconds(5));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value().success) << r.value().error_message.str();
  snap = node->graph()->snapshot();
  EXPECT_EQ(snap.node("/talker"), nullptr);
  EXPECT_TRUE(snap.endpoints_of("/chatter", dmxp::rt::EndpointKind::Publisher).empty());
  EXPECT_NE(snap.node("/ears"), nullptr);
  r = box.unload.call(un, std::chrono::seconds(5));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value().success);
  EXPECT_EQ(r.value().error_message, "No node found with unique_id: 1");
  // Ids are never reused.
  EXPECT_EQ(box.load_one(RT_TEST_COMPONENTS, "rt_test::Talker").unique_id, 3u);
  EXPECT_EQ(terminate(container).code, 0);
}
