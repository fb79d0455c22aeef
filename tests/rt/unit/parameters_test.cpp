// The parameter store: declaration with overrides, typed sets, read-only, validators.
#include <gtest/gtest.h>

#include "dmxp/rt/parameters.hpp"

using namespace dmxp::rt;

TEST(ParameterStore, OverridesReplaceDefaultsAtDeclaration) {
  ParameterStore s({{"", "rate", ParameterValue(int64_t(20))}, {"", "name", ParameterValue("a")},
                    {"", "name", ParameterValue("b")}});
  EXPECT_EQ(s.declare("rate", 10.0).value().get<double>(), 20.0);  // integer given for a double
  EXPECT_EQ(s.declare("name", std::string("x")).value().get<std::string>(), "b");  // last wins
  EXPECT_EQ(s.declare("other", int64_t(1)).value().get<int64_t>(), 1);
  auto again = s.declare("rate", 1.0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status(), DMXP_ERR_EXISTS);
}

TEST(ParameterStore, RefusesAnOverrideOfAnotherType) {
  ParameterStore s({{"", "rate", ParameterValue("fast")}});
  auto r = s.declare("rate", 10.0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_INCOMPATIBLE);
  EXPECT_NE(std::string(r.error().what()).find("rate"), std::string::npos);
}

TEST(ParameterStore, SetChecksTypesReadOnlyAndValidators) {
  ParameterStore s;
  s.declare("rate", 10.0).value();
  s.declare("frozen", true, {"", true, false}).value();
  s.declare("any", int64_t(1), {"", false, true}).value();
  int changed = 0;
  s.add_on_changed([&](const std::vector<Parameter>&) { ++changed; });
  auto id = s.add_validator([](const std::vector<Parameter>& ps) {
    for (const auto& p : ps)
      if (p.name == "rate" && p.value.get<double>() > 100) return SetParametersResult{false, "too fast"};
    return SetParametersResult{};
  });
  EXPECT_TRUE(s.set({"rate", ParameterValue(int64_t(50))}).successful);
  EXPECT_EQ(s.get("rate").value().get<double>(), 50.0);
  auto r = s.set({"rate", ParameterValue(500.0)});
  EXPECT_FALSE(r.successful);
  EXPECT_EQ(r.reason, "too fast");
  EXPECT_EQ(s.get("rate").value().get<double>(), 50.0);
  EXPECT_FALSE(s.set({"rate", ParameterValue("fast")}).successful);
  EXPECT_FALSE(s.set({"frozen", ParameterValue(false)}).successful);
  EXPECT_FALSE(s.set({"missing", ParameterValue(1.0)}).successful);
  EXPECT_TRUE(s.set({"any", ParameterValue("now a string")}).successful);  // dynamic typing
  // All or none: one refused parameter leaves the others unchanged.
  EXPECT_FALSE(s.set(std::vector<Parameter>{{"rate", ParameterValue(1.0)}, {"frozen", ParameterValue(false)}}).successful);
  EXPECT_EQ(s.get("rate").value().get<double>(), 50.0);
  s.remove_validator(id);
  EXPECT_TRUE(s.set({"rate", ParameterValue(500.0)}).successful);
  EXPECT_EQ(changed, 3);
  auto list = s.list();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "any");
  EXPECT_EQ(s.get("missing").status(), DMXP_ERR_NOT_FOUND);
}

TEST(ParameterStore, ValidatesNames) {
  ParameterStore s;
  EXPECT_TRUE(s.declare("limits.max_speed", 1.0).ok());
  for (const char* bad : {"", "1a", "a..b", ".a", "a.", "a-b", "a b"})
    EXPECT_EQ(s.declare(bad, 1.0).status(), DMXP_ERR_INVALID_ARGUMENT) << bad;
}
