// The ROS 2 <-> DDS naming rules and the bridge's topic patterns (nodes/bridge/ros_names.hpp).
#include <gtest/gtest.h>

#include "ros_names.hpp"

namespace dmxp_bridge {
namespace {

TEST(RosNames, TopicsGetAndLoseTheRtPrefix) {
  EXPECT_EQ(dds_topic_name("/robot/odom"), "rt/robot/odom");
  EXPECT_EQ(ros_topic_name("rt/robot/odom"), "/robot/odom");
  EXPECT_EQ(ros_topic_name("rt/chatter"), "/chatter");
  // Services, the discovery topic and plain DDS topics are not ROS topics.
  EXPECT_EQ(ros_topic_name("rq/add_two_intsRequest"), std::nullopt);
  EXPECT_EQ(ros_topic_name("ros_discovery_info"), std::nullopt);
  EXPECT_EQ(ros_topic_name("rt"), std::nullopt);
  EXPECT_EQ(ros_topic_name("rt/"), std::nullopt);
  EXPECT_EQ(ros_topic_name("rtx/a"), std::nullopt);
}

TEST(RosNames, TypesMapBothSpellingsToTheDdsName) {
  EXPECT_EQ(dds_type_name("nav_msgs/Odometry"), "nav_msgs::msg::dds_::Odometry_");
  EXPECT_EQ(dds_type_name("nav_msgs/msg/Odometry"), "nav_msgs::msg::dds_::Odometry_");
  EXPECT_EQ(dds_type_name("nav_msgs/srv/Odometry"), std::nullopt);
  EXPECT_EQ(dds_type_name("Odometry"), std::nullopt);
  EXPECT_EQ(dds_type_name("nav msgs/Odometry"), std::nullopt);
  EXPECT_EQ(ros_type_name("geometry_msgs::msg::dds_::Twist_"), "geometry_msgs/msg/Twist");
  EXPECT_EQ(ros_type_name("geometry_msgs::msg::dds_::Twist"), std::nullopt);  // no trailing '_'
  EXPECT_EQ(ros_type_name("DDS::String"), std::nullopt);
  EXPECT_EQ(dmxp_type_name("geometry_msgs/msg/Twist"), "geometry_msgs/Twist");
  EXPECT_EQ(dmxp_type_name("geometry_msgs/Twist"), "geometry_msgs/Twist");
}

TEST(RosNames, UserDataCarriesTheTypeHash) {
  const std::string hash = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18";
  EXPECT_EQ(type_hash_user_data(hash), "typehash=" + hash + ";");
  EXPECT_EQ(type_hash_user_data(""), "");
  EXPECT_EQ(type_hash_from_user_data("typehash=" + hash + ";"), hash);
  EXPECT_EQ(type_hash_from_user_data("enclave=/;typehash=" + hash + ";"), hash);
  EXPECT_EQ(type_hash_from_user_data("enclave=/;"), "");
}

TEST(RosNames, GlobsMatchWithinAndAcrossSegments) {
  EXPECT_TRUE(glob_match("/robot/*", "/robot/odom"));
  EXPECT_FALSE(glob_match("/robot/*", "/robot/arm/joints"));
  EXPECT_TRUE(glob_match("/robot/**", "/robot/arm/joints"));
  EXPECT_TRUE(glob_match("/**/cmd_vel", "/a/b/cmd_vel"));
  EXPECT_TRUE(glob_match("/robot/*_vel", "/robot/cmd_vel"));
  EXPECT_FALSE(glob_match("/robot/*_vel", "/robot/cmd_velocity"));
  EXPECT_TRUE(glob_match("/scan?", "/scan2"));
  EXPECT_FALSE(glob_match("/scan?", "/scan/"));
  EXPECT_TRUE(glob_match("/robot/odom", "/robot/odom"));
  EXPECT_FALSE(glob_match("/robot/odom", "/robot/odom2"));
  EXPECT_TRUE(glob_match("**", "/anything/at/all"));
  EXPECT_TRUE(matches_any({"/x", "/robot/*"}, "/robot/scan"));
  EXPECT_FALSE(matches_any({}, "/robot/scan"));
}

}  // namespace
}  // namespace dmxp_bridge
