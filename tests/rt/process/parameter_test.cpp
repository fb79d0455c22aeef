// Parameters: declared with defaults, overridden from the command line and parameter files,
// read, listed and changed from another process through the node's parameter service, with
// validation.
#include <fstream>

#include "rt_test_support.hpp"

using namespace rt_test;
using dmxp::rt::ParameterValue;

class ParameterTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("cli", node_options());
  }
  void TearDown() override {
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
};

TEST_F(ParameterTest, RemoteGetSetListWithOverridesAndValidation) {
  auto target = peer("params", {"--ros-args", "-p", "rate:=20", "-p", "label:=front", "-p",
                                "param_node:limits:=[3, 4]", "-p", "other_node:label:=ignored"});
  ASSERT_TRUE(target.wait_token('R', kWaitMs));
  dmxp::rt::ParameterClient pc(*node_, "/param_node");
  ASSERT_TRUE(pc.wait_for_service(5s));
  EXPECT_EQ(pc.get("rate", 5s).value().get<double>(), 20.0);  // an integer override of a double
  EXPECT_EQ(pc.get("label", 5s).value().get<std::string>(), "front");
  EXPECT_EQ(pc.get("limits", 5s).value().get<std::vector<int64_t>>(), (std::vector<int64_t>{3, 4}));

  auto list = pc.list(5s).value();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].name, "fixed");
  EXPECT_TRUE(list[0].read_only);
  EXPECT_EQ(list[2].name, "limits");
  EXPECT_EQ(list[2].type, "integer_array");
  EXPECT_EQ(list[3].name, "rate");
  EXPECT_EQ(list[3].type, "double");
  EXPECT_EQ(list[3].description, "publishing rate [Hz]");

  ASSERT_TRUE(pc.set("rate", ParameterValue(5.5), 5s).ok());
  EXPECT_EQ(pc.get("rate", 5s).value().get<double>(), 5.5);
  auto refused = pc.set("rate", ParameterValue(-1.0), 5s);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.error().what()).find("rate must be positive"), std::string::npos);
  EXPECT_EQ(pc.get("rate", 5s).value().get<double>(), 5.5);
  auto ro = pc.set("fixed", ParameterValue(false), 5s);
  ASSERT_FALSE(ro.ok());
  EXPECT_NE(std::string(ro.error().what()).find("read-only"), std::string::npos);
  auto typed = pc.set("label", ParameterValue(int64_t(3)), 5s);
  ASSERT_FALSE(typed.ok());
  EXPECT_NE(std::string(typed.error().what()).find("string"), std::string::npos);
  auto missing = pc.get("nope", 5s);
  EXPECT_EQ(missing.status(), DMXP_ERR_NOT_FOUND);
  EXPECT_EQ(terminate(target).code, 0);
  // The node's parameter service channels went with it.
  EXPECT_FALSE(channel_exists("q.param_node._parameters"));
  EXPECT_FALSE(channel_exists("r.param_node._parameters"));
  EXPECT_EQ(dmxp::rt::ParameterClient(*node_, "/param_node").get("rate", 1s).status(), DMXP_ERR_NOT_FOUND);
}

TEST_F(ParameterTest, ParameterFilesReachTheNode) {
  std::string path = ::testing::TempDir() + "/rt_param_node_" + std::to_string(getpid()) + ".yaml";
  std::ofstream(path) << "/param_node:\n  ros__parameters:\n    rate: 42.5\n    label: from_file\n";
  auto target = peer("params", {"--ros-args", "--params-file", path, "-p", "label:=cli_wins"});
  ASSERT_TRUE(target.wait_token('R', kWaitMs));
  std::remove(path.c_str());
  dmxp::rt::ParameterClient pc(*node_, "/param_node");
  EXPECT_EQ(pc.get("rate", 5s).value().get<double>(), 42.5);
  EXPECT_EQ(pc.get("label", 5s).value().get<std::string>(), "cli_wins");
  EXPECT_EQ(terminate(target).code, 0);
}

TEST_F(ParameterTest, LocalDeclarationsAndOverridesOfTheWrongType) {
  auto opts = node_options();
  opts.arguments({"--ros-args", "-p", "gain:=fast"}).append_parameter_override("count", int64_t(7));
  dmxp::rt::Node n("local", opts);
  EXPECT_EQ(n.declare_parameter("count", 1), 7);
  EXPECT_EQ(n.declare_parameter("name", "x"), "x");
  EXPECT_THROW(n.declare_parameter("gain", 1.0), dmxp::Error);  // "fast" is no double
  EXPECT_THROW(n.declare_parameter("count", 2), dmxp::Error);   // declared twice
  EXPECT_EQ(n.get_parameter<int>("count"), 7);
  EXPECT_THROW(n.get_parameter<int>("undeclared"), dmxp::Error);
  EXPECT_TRUE(n.set_parameter({"count", ParameterValue(8)}).successful);
  EXPECT_EQ(n.get_parameter<int64_t>("count"), 8);
}
