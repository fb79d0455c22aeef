// The standard services (msgs/*/srv/*.srv) compiled to C++: each part's layout descriptor
// equals offsetof/sizeof of the struct, the service struct names its parts, and defaults and
// the ROS 2 field order survive.
#include <gtest/gtest.h>

#include <demo_srvs/srv/Locate.hpp>
#include <example_interfaces/srv/AddTwoInts.hpp>
#include <std_srvs/srv/Empty.hpp>
#include <std_srvs/srv/SetBool.hpp>
#include <std_srvs/srv/Trigger.hpp>
#include <type_traits>

#include "descriptor_matches.hpp"
#include "json.hpp"

namespace {

template <class Srv>
void expect_service() {
  SCOPED_TRACE(Srv::kTypeName);
  expect_descriptor_matches_struct<typename Srv::Request>();
  expect_descriptor_matches_struct<typename Srv::Response>();
  EXPECT_NE(Srv::Request::kFingerprint, Srv::Response::kFingerprint);
}

}  // namespace

TEST(SrvLayout, DescriptorOffsetsEqualOffsetofForEveryStandardService) {
  expect_service<example_interfaces::srv::AddTwoInts>();
  expect_service<std_srvs::srv::Empty>();
  expect_service<std_srvs::srv::SetBool>();
  expect_service<std_srvs::srv::Trigger>();
  expect_service<demo_srvs::srv::Locate>();
}

TEST(SrvLayout, ConstantsAndDefaultsInBothParts) {
  using demo_srvs::srv::Locate;
  EXPECT_EQ(Locate::Request::MODE_FAST, 1);
  EXPECT_EQ(Locate::Response::NOT_FOUND, -1);
  Locate::Request rq;
  EXPECT_EQ(rq.mode, 1);
  EXPECT_EQ(rq.hint[0], 0.5);
  EXPECT_EQ(rq.hint[2], 2.5);
  EXPECT_EQ(offsetof(Locate::Request, what), 0u);  // demo_base/Base: int32 + string<=16
  Locate::Response rs;
  EXPECT_EQ(std::string_view(rs.note), "none");
  EXPECT_EQ(rs.code, 0);
}

TEST(SrvLayout, ServiceStructsNameTheirParts) {
  using example_interfaces::srv::AddTwoInts;
  static_assert(std::is_same_v<AddTwoInts::Request, example_interfaces::srv::AddTwoInts_Request>);
  static_assert(std::is_same_v<AddTwoInts::Response, example_interfaces::srv::AddTwoInts_Response>);
  EXPECT_STREQ(AddTwoInts::kTypeName, "example_interfaces/srv/AddTwoInts");
  EXPECT_STREQ(AddTwoInts::Request::kTypeName, "example_interfaces/srv/AddTwoInts_Request");
  EXPECT_EQ(offsetof(AddTwoInts::Request, a), 0u);
  EXPECT_EQ(offsetof(AddTwoInts::Request, b), 8u);
  EXPECT_EQ(sizeof(AddTwoInts::Response), 8u);
  // Trigger: an empty request; its response a bool then a string of the package's capacity.
  EXPECT_EQ(sizeof(std_srvs::srv::Trigger::Request), 1u);
  EXPECT_EQ(offsetof(std_srvs::srv::Trigger::Response, success), 0u);
  EXPECT_EQ(offsetof(std_srvs::srv::Trigger::Response, message), 4u);
  std_srvs::srv::SetBool::Response r;
  r.message = "enabled";
  EXPECT_EQ(std::string_view(r.message), "enabled");
  EXPECT_FALSE(r.success);
}
