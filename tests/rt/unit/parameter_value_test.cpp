// Parameter values and their YAML text.
#include <gtest/gtest.h>

#include "dmxp/rt/parameter.hpp"

using namespace dmxp::rt;

TEST(ParameterValue, TypeFollowsTheText) {
  EXPECT_EQ(ParameterValue::from_yaml("3").value().type(), ParameterType::Integer);
  EXPECT_EQ(ParameterValue::from_yaml("-3").value().get<int64_t>(), -3);
  EXPECT_EQ(ParameterValue::from_yaml("3.5").value().type(), ParameterType::Double);
  EXPECT_EQ(ParameterValue::from_yaml("1e3").value().get<double>(), 1000.0);
  EXPECT_EQ(ParameterValue::from_yaml("true").value().type(), ParameterType::Bool);
  EXPECT_EQ(ParameterValue::from_yaml("hello world").value().get<std::string>(), "hello world");
  EXPECT_EQ(ParameterValue::from_yaml("'3'").value().type(), ParameterType::String);
  EXPECT_EQ(ParameterValue::from_yaml("[1, 2]").value().type(), ParameterType::IntegerArray);
  EXPECT_EQ(ParameterValue::from_yaml("[1, 2.5]").value().type(), ParameterType::DoubleArray);
  EXPECT_EQ(ParameterValue::from_yaml("[a, b]").value().type(), ParameterType::StringArray);
  EXPECT_EQ(ParameterValue::from_yaml("[true, false]").value().type(), ParameterType::BoolArray);
  EXPECT_FALSE(ParameterValue::from_yaml("[1, a]").ok());
  EXPECT_FALSE(ParameterValue::from_yaml("{a: 1}").ok());
}

TEST(ParameterValue, RoundTripsThroughYaml) {
  std::vector<ParameterValue> values = {
      ParameterValue(true), ParameterValue(int64_t(-42)), ParameterValue(2.0),
      ParameterValue(0.1), ParameterValue(std::string("text")), ParameterValue(std::string("3")),
      ParameterValue(std::string("true")), ParameterValue(std::string("a: b")),
      ParameterValue(std::vector<int64_t>{1, 2, 3}), ParameterValue(std::vector<double>{1.0, 2.5}),
      ParameterValue(std::vector<std::string>{"x", "1"}), ParameterValue(std::vector<bool>{true, false})};
  for (const ParameterValue& v : values) {
    auto back = ParameterValue::from_yaml(v.to_yaml());
    ASSERT_TRUE(back.ok()) << v.to_yaml();
    EXPECT_EQ(back.value(), v) << v.to_yaml();
  }
}

TEST(ParameterValue, ConvertsOnlyWhereLossless) {
  ParameterValue i(int64_t(3));
  EXPECT_EQ(i.as<double>().value(), 3.0);
  EXPECT_EQ(i.as<int>().value(), 3);
  auto wrong = ParameterValue(2.5).as<int64_t>();
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status(), DMXP_ERR_INCOMPATIBLE);
  EXPECT_NE(std::string(wrong.error().what()).find("double"), std::string::npos);
}
