// $(eval ...), unset_env and includes with real processes: a ROS 2 XML file includes a YAML
// one; what each node prints (launch_test_node: its name, greeting, count and
// LAUNCH_TEST_ENV) shows the values $(eval) computed, the includer's arguments reaching the
// included file and the included file's let reaching back (ROS 2 includes are not scoped),
// and unset_env removing a variable the launcher itself has, for its group only.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

class Ros2FeaturesTest : public LaunchTest {
 protected:
  void SetUp() override {
    LaunchTest::SetUp();
    add_demo_package();
    setenv("LAUNCH_TEST_ENV", "outer", 1);  // the launcher's own environment has it
  }
  void TearDown() override {
    unsetenv("LAUNCH_TEST_ENV");
    LaunchTest::TearDown();
  }
};

TEST_F(Ros2FeaturesTest, EvalUnsetEnvAndIncludesReachTheNodes) {
  write("child.launch.yaml", R"X(launch:
- arg: {name: count}
- node:
    pkg: demo
    exec: talker
    name: child
    param:
    - {name: count, value: $(var count)}
    - {name: greeting, value: "$(eval \"'n=' + str($(var n)) + '_' + str(math.floor(2.5 * $(var n)))\")"}
- let: {name: who, value: from_child}
)X");
  write("top.launch.xml", R"X(<launch>
  <arg name="n" default="3"/>
  <include file="child.launch.yaml">
    <arg name="count" value="$(eval '$(var n) * 7')"/>
  </include>
  <group>
    <unset_env name="LAUNCH_TEST_ENV"/>
    <node pkg="demo" exec="talker" name="no_env"><param name="greeting" value="$(var who)"/></node>
  </group>
  <node pkg="demo" exec="talker" name="with_env"><param name="greeting" value="$(var who)"/></node>
  <set_env name="LAUNCH_TEST_ENV" value="$(eval '$(var n) ** 2')"/>
  <node pkg="demo" exec="talker" name="squared" if="$(eval '$(var n) % 2 == 1')"/>
  <node pkg="demo" exec="talker" name="never" if="$(eval '$(var n) &lt; 0')"/>
</launch>
)X");
  Launcher l(domain(), dir(), {"top.launch.xml", "n:=5"});
  ASSERT_TRUE(l.wait_for("all 4 processes started")) << l.output();
  EXPECT_TRUE(l.wait_for("| node=/child greeting=n=5_12 count=35 gains=[] level=0 out=/out env=outer")) << l.output();
  EXPECT_TRUE(l.wait_for("| node=/no_env greeting=from_child count=0 gains=[] level=0 out=/out env=-")) << l.output();
  EXPECT_TRUE(l.wait_for("| node=/with_env greeting=from_child count=0 gains=[] level=0 out=/out env=outer"))
      << l.output();
  EXPECT_TRUE(l.wait_for("| node=/squared greeting= count=0 gains=[] level=0 out=/out env=25")) << l.output();
  EXPECT_EQ(l.output().find("/never"), std::string::npos) << l.output();
  l.signal(SIGINT);
  LaunchExit r = l.wait();
  EXPECT_TRUE(r.exited && r.code == 0) << l.output();
}

// An $(eval) outside the subset stops the launch before anything starts, with the place.
TEST_F(Ros2FeaturesTest, UnsupportedEvalIsAnErrorBeforeAnythingStarts) {
  write("bad.launch.xml", "<launch>\n  <node pkg=\"demo\" exec=\"talker\" name=\"$(eval 'sorted([2, 1])')\"/>\n</launch>\n");
  std::string out;
  LaunchExit r = run({"bad.launch.xml"}, &out);
  EXPECT_TRUE(r.exited && r.code == 2) << out;
  EXPECT_NE(out.find("bad.launch.xml:2:55: error: $(eval) of 'sorted([2, 1])': a list or subscript ('[') is not "
                     "supported; supported: "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("nothing was started"), std::string::npos) << out;
  EXPECT_EQ(out.find("started /"), std::string::npos) << out;
}

}  // namespace
}  // namespace launch_test
