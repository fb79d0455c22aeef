// The --ros-args command line and ROS 2 parameter files.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "dmxp/rt/arguments.hpp"
#include "dmxp/rt/params_file.hpp"

using namespace dmxp::rt;

TEST(Arguments, ParsesRemapsParametersAndLogLevels) {
  std::vector<std::string> argv = {"prog", "--mine", "--ros-args", "-r", "scan:=/front/scan",
                                   "--remap", "lidar:map:=m", "-p", "rate:=20", "-p",
                                   "lidar:name:=front", "--log-level", "debug", "--log-level",
                                   "lidar:=warn", "--", "tail"};
  Arguments a = parse_arguments(argv).value();
  EXPECT_EQ(a.unparsed, (std::vector<std::string>{"prog", "--mine", "tail"}));
  ASSERT_EQ(a.remaps.size(), 2u);
  EXPECT_EQ(a.remaps[0].from, "scan");
  EXPECT_EQ(a.remaps[0].to, "/front/scan");
  EXPECT_EQ(a.remaps[1].node, "lidar");
  ASSERT_EQ(a.parameters.size(), 2u);
  EXPECT_EQ(a.parameters[0].value.get<int64_t>(), 20);
  EXPECT_EQ(a.parameters[1].node, "lidar");
  EXPECT_EQ(a.parameters[1].value.get<std::string>(), "front");
  ASSERT_EQ(a.log_levels.size(), 2u);
  EXPECT_EQ(a.log_levels[1].node, "lidar");
  EXPECT_EQ(a.log_levels[1].level, "warn");
}

TEST(Arguments, ReportsTheOffendingArgument) {
  auto bad = [](std::vector<std::string> argv, const std::string& mention) {
    auto r = parse_arguments(argv);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status(), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(r.error().what()).find(mention), std::string::npos) << r.error().what();
  };
  bad({"p", "--ros-args", "-x"}, "'-x'");
  bad({"p", "--ros-args", "-r"}, "'-r'");
  bad({"p", "--ros-args", "-r", "nothing"}, "from:=to");
  bad({"p", "--ros-args", "-r", "a:=b//c"}, "'b//c'");
  bad({"p", "--ros-args", "-p", "x:=[1, a"}, "not valid YAML");
  bad({"p", "--ros-args", "--log-level", "loud"}, "log level");
  bad({"p", "--ros-args", "-r", "__ns:=relative"}, "'relative'");
}

TEST(Arguments, NodeTargetsMatchNameOrFullName) {
  EXPECT_TRUE(rule_applies("", "lidar", "/robot/lidar"));
  EXPECT_TRUE(rule_applies("lidar", "lidar", "/robot/lidar"));
  EXPECT_TRUE(rule_applies("/robot/lidar", "lidar", "/robot/lidar"));
  EXPECT_TRUE(rule_applies("/**", "lidar", "/robot/lidar"));
  EXPECT_FALSE(rule_applies("imu", "lidar", "/robot/lidar"));
}

TEST(ParamsFile, ReadsRos2ParameterFiles) {
  auto p = parse_params_yaml(R"(
/robot/lidar:
  ros__parameters:
    rate_hz: 20.0
    frame_id: laser
    limits: {min: 0.5, max: 30}
    rays: [1, 2, 3]
/**:
  ros__parameters:
    use_sim: false
)", "test.yaml").value();
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0].node, "/robot/lidar");
  EXPECT_EQ(p[0].name, "rate_hz");
  EXPECT_DOUBLE_EQ(p[0].value.get<double>(), 20.0);
  EXPECT_EQ(p[1].value.get<std::string>(), "laser");
  EXPECT_EQ(p[2].name, "limits.min");
  EXPECT_EQ(p[3].name, "limits.max");
  EXPECT_EQ(p[4].value.get<std::vector<int64_t>>(), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(p[5].node, "");
  EXPECT_FALSE(p[5].value.get<bool>());
}

TEST(ParamsFile, ErrorsNameTheFileAndLine) {
  auto r = parse_params_yaml("lidar:\n  params:\n    a: 1\n", "robot.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("robot.yaml:"), std::string::npos) << r.error().what();
  EXPECT_NE(std::string(r.error().what()).find("ros__parameters"), std::string::npos);
  auto missing = load_params_file("/nonexistent/params.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("/nonexistent/params.yaml"), std::string::npos);
}

TEST(ParamsFile, IsReadThroughTheCommandLine) {
  std::string path = ::testing::TempDir() + "/rt_params_test.yaml";
  std::ofstream(path) << "talker:\n  ros__parameters:\n    rate: 5\n";
  Arguments a = parse_arguments(std::vector<std::string>{"p", "--ros-args", "--params-file", path}).value();
  std::remove(path.c_str());
  ASSERT_EQ(a.parameters.size(), 1u);
  EXPECT_EQ(a.parameters[0].node, "/talker");  // ROS 2: a key without '/' is in the root namespace
  EXPECT_EQ(a.parameters[0].value.get<int64_t>(), 5);
}

// ROS 2's rules for parameter-file node keys (rcl_yaml_param_parser, rclcpp's
// parameter_map_from since Humble): "/**" every node, a key without '/' the root namespace,
// '*' one token and '**' any, namespaces as nesting levels; keys applied in the order each
// first appeared (every "/**" and -p rule being one key), a later value winning.
TEST(ParamsFile, NodeKeysMatchAndOrderAsInRos2) {
  auto p = parse_params_yaml(R"(
/**:
  ros__parameters: {a: 1, b: 1}
/robot/controller:
  ros__parameters: {a: 2}
controller:
  ros__parameters: {b: 3}
robot:
  "*":
    ros__parameters: {c: 4}
/**/controller:
  ros__parameters: {d: 5}
)", "k.yaml").value();
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0].node, "");
  EXPECT_EQ(p[2].node, "/robot/controller");
  EXPECT_EQ(p[3].node, "/controller");
  EXPECT_EQ(p[4].node, "/robot/*");
  EXPECT_EQ(p[5].node, "/**/controller");
  auto value_of = [](const std::vector<ParameterOverride>& o, const std::string& name) {
    std::string v = "-";
    for (const auto& x : o) if (x.name == name) v = x.value.to_yaml();
    return v;
  };
  auto in_ns = parameter_overrides_for(p, "controller", "/robot/controller");
  EXPECT_EQ(value_of(in_ns, "a"), "2");  // the full name, after "/**"
  EXPECT_EQ(value_of(in_ns, "b"), "1");  // "controller:" is /controller, not this node
  EXPECT_EQ(value_of(in_ns, "c"), "4");
  EXPECT_EQ(value_of(in_ns, "d"), "5");
  auto root = parameter_overrides_for(p, "controller", "/controller");
  EXPECT_EQ(value_of(root, "b"), "3");
  EXPECT_EQ(value_of(root, "c"), "-");
  EXPECT_EQ(value_of(root, "d"), "5");  // "**" matches no namespace at all
  EXPECT_EQ(value_of(parameter_overrides_for(p, "x", "/a/b/x"), "c"), "-");

  // A -p rule joins the "/**" key: written after a file whose "/**" came first, it still
  // yields to the file's full-name entry; with no "/**" in the file it comes last and wins.
  auto cli = p;
  cli.push_back({"", "a", ParameterValue(int64_t(9))});
  EXPECT_EQ(value_of(parameter_overrides_for(cli, "controller", "/robot/controller"), "a"), "2");
  std::vector<ParameterOverride> no_wildcard = {{"/robot/controller", "a", ParameterValue(int64_t(2))},
                                                {"", "a", ParameterValue(int64_t(9))}};
  EXPECT_EQ(value_of(parameter_overrides_for(no_wildcard, "controller", "/robot/controller"), "a"), "9");
}
