// The ROS 2 .msg text every descriptor carries (ros2_msg.hpp, the "ros2_msg" key): ROS 2's
// bounds only, DMXP's capacities, comments and defaults left out, constants first. Decoding
// recordings by these texts with ROS 2's tools is tests/cli/process/test_record_ros2.py.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "descriptor.hpp"
#include "ros2_msg.hpp"

using namespace dmxp::msgc;

TEST(Ros2Msg, KeepsRosBoundsAndDropsDmxpCapacities) {
  auto run = msgc_test::Sources()
                 .add("p/Inner", "")
                 .add("builtin_interfaces/Time", "int32 sec\nuint32 nanosec\n")
                 .add("p/T",
                      "int32 LIMIT=7\nstring NAME=robot\nfloat64 GAIN=1.5\n"
                      "bool b\nbyte y\nchar c  # a comment\nfloat64 d 1.5\n"
                      "string s  # @capacity 8\nstring<=5 bs\nint32[3] fixed\nint32[<=4] bounded\n"
                      "int32[] unbounded  # @capacity 2\nstring<=3[<=2] bounded_strings\n"
                      "string[] strings  # @capacity 2 @string-capacity 4\nInner inner\nInner[] inners  # @capacity 3\n"
                      "time t\n")
                 .compile({"p/T"});
  ASSERT_EQ(run->errors(), "");
  EXPECT_EQ(ros2_msg_definition(*run->message("p/T")),
            "int32 LIMIT=7\nstring NAME=robot\nfloat64 GAIN=1.5\n"
            "bool b\nbyte y\nchar c\nfloat64 d\nstring s\nstring<=5 bs\nint32[3] fixed\nint32[<=4] bounded\n"
            "int32[] unbounded\nstring<=3[<=2] bounded_strings\nstring[] strings\np/Inner inner\np/Inner[] inners\n"
            "builtin_interfaces/Time t\n");
  const model::Message& t = *run->message("p/T");
  const model::Message* inner = t.fields[t.fields.size() - 3].elem.message;  // Inner inner
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(ros2_msg_definition(*inner), "");  // std_msgs/Empty's text is empty too
}

TEST(Ros2Msg, IsInEveryTypeOfTheDescriptor) {
  auto run = msgc_test::Sources()
                 .add("p/Inner", "string name  # @capacity 16\n")
                 .add("p/Outer", "p/Inner[] items  # @capacity 4\n")
                 .compile({"p/Outer"});
  ASSERT_EQ(run->errors(), "");
  std::string d = descriptor_json(*run->message("p/Outer"));
  EXPECT_NE(d.find("\"ros2_msg\": \"p/Inner[] items\\n\""), std::string::npos) << d;
  EXPECT_NE(d.find("\"ros2_msg\": \"string name\\n\""), std::string::npos) << d;
}
