// ros2_parse_fixture.hpp - the fixture of the in-process ROS 2 launch file tests
// (ros2_xml_parse_test.cpp, ros2_eval_scope_parse_test.cpp): writes files to a per-test
// directory, expands them as the launcher does (nothing started) and formats their
// diagnostics the way the launcher prints them.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "expand.hpp"

namespace dmxp::launch {

class Ros2ParseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/ros2_parse_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  // The one diagnostic of parsing and expanding `name` (written with `text`), formatted.
  std::string only_error(const std::string& name, const std::string& text) {
    std::string path = write(name, text);
    Diagnostics diags;
    expand_graph(path, {}, diags);
    EXPECT_EQ(diags.count(), 1u) << diags.format();
    return diags.count() ? Diagnostics::format(diags.all()[0]) : "";
  }
  // "path:line:col: error: message", the source line and the caret, as the launcher prints it.
  std::string expected(const std::string& name, const std::string& text, int line, int col, const std::string& message) {
    std::string src = text;
    for (int i = 1; i < line; ++i) src = src.substr(src.find('\n') + 1);
    src = src.substr(0, src.find('\n'));
    return dir_ + "/" + name + ":" + std::to_string(line) + ":" + std::to_string(col) + ": error: " + message +
           "\n  " + src + "\n  " + std::string(col - 1, ' ') + "^\n";
  }
  void expect_error(const std::string& name, const std::string& text, int line, int col, const std::string& message) {
    EXPECT_EQ(only_error(name, text), expected(name, text, line, col, message));
  }
  LaunchGraph graph(const std::string& name, const std::string& text,
                    const std::map<std::string, std::string>& args = {}) {
    std::string path = write(name, text);
    Diagnostics diags;
    LaunchGraph g = expand_graph(path, args, diags);
    EXPECT_FALSE(diags.has_errors()) << diags.format();
    return g;
  }
  std::string dir_;
};

}  // namespace dmxp::launch
