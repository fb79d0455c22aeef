// Name resolution, remapping and the topic <-> channel mapping.
#include <gtest/gtest.h>

#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/names.hpp"

using namespace dmxp::rt;

TEST(Names, ResolvesRelativeAbsoluteAndPrivate) {
  EXPECT_EQ(resolve_name("scan", "/robot", "lidar").value(), "/robot/scan");
  EXPECT_EQ(resolve_name("scan", "/", "lidar").value(), "/scan");
  EXPECT_EQ(resolve_name("/scan", "/robot", "lidar").value(), "/scan");
  EXPECT_EQ(resolve_name("~/out", "/robot", "lidar").value(), "/robot/lidar/out");
  EXPECT_EQ(resolve_name("~", "/robot", "lidar").value(), "/robot/lidar");
  EXPECT_EQ(resolve_name("~/out", "/", "lidar").value(), "/lidar/out");
  EXPECT_EQ(resolve_name("a/b", "/x/y", "n").value(), "/x/y/a/b");
}

TEST(Names, RefusesInvalidNamesWithTheReason) {
  for (const char* bad : {"", "a//b", "a/", "/a/", "1abc", "a.b", "a b", "~x", "a/~/b", "a-b"}) {
    auto r = resolve_name(bad, "/", "n");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status(), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(r.error().what()).find(std::string("'") + bad + "'"), std::string::npos)
        << r.error().what();
  }
  EXPECT_FALSE(validate_node_name("a/b").ok());
  EXPECT_FALSE(validate_node_name("").ok());
  EXPECT_TRUE(validate_node_name("_lidar2").ok());
  EXPECT_FALSE(validate_namespace("robot").ok());
  EXPECT_TRUE(validate_namespace("/").ok());
  EXPECT_TRUE(validate_namespace("/a/b").ok());
  EXPECT_FALSE(validate_namespace("/a/").ok());
}

TEST(Names, RemapsTheFirstMatchingRuleAfterResolution) {
  std::vector<RemapRule> rules = {
      {"", "scan", "/front/scan"},          // relative 'from' resolves in the node's ns
      {"", "/scan", "/never"},              // shadowed for nodes in "/"? only when ns is "/"
      {"planner", "map", "global_map"},    // only for the node named planner
      {"", "__node", "renamed"},            // node rename: ignored for topics
  };
  EXPECT_EQ(resolve_and_remap("scan", "/robot", "lidar", rules).value(), "/front/scan");
  EXPECT_EQ(resolve_and_remap("/robot/scan", "/robot", "lidar", rules).value(), "/front/scan");
  EXPECT_EQ(resolve_and_remap("scan", "/", "lidar", rules).value(), "/front/scan");
  EXPECT_EQ(resolve_and_remap("map", "/robot", "lidar", rules).value(), "/robot/map");
  EXPECT_EQ(resolve_and_remap("map", "/robot", "planner", rules).value(), "/robot/global_map");
  EXPECT_EQ(resolve_and_remap("other", "/robot", "lidar", rules).value(), "/robot/other");
}

TEST(ChannelNames, MapsTopicsAndServicesReversibly) {
  EXPECT_EQ(channel_name(ChannelKind::Topic, "/robot/scan").value(), "t.robot.scan");
  EXPECT_EQ(channel_name(ChannelKind::ServiceRequest, "/reset").value(), "q.reset");
  EXPECT_EQ(channel_name(ChannelKind::ServiceResponse, "/a/b_c").value(), "r.a.b_c");
  auto p = parse_channel_name("t.robot.scan");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, ChannelKind::Topic);
  EXPECT_EQ(p->name, "/robot/scan");
  EXPECT_EQ(parse_channel_name("q.a.b")->kind, ChannelKind::ServiceRequest);
  EXPECT_EQ(parse_channel_name("x.12.0")->kind, ChannelKind::Internal);
  EXPECT_FALSE(parse_channel_name("100"));
}

TEST(ChannelNames, RefusesNamesTooLongForAChannel) {
  std::string longest = "/" + std::string(98, 'a');
  EXPECT_TRUE(channel_name(ChannelKind::Topic, longest).ok());
  auto r = channel_name(ChannelKind::Topic, longest + "a");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("at most 99"), std::string::npos);
  EXPECT_FALSE(channel_name(ChannelKind::Topic, "relative").ok());
}
