// Executors: a node's callbacks never overlap unless reentrant; timers (steady and wall),
// cancel and reset; spin_for and cancel; an idle blocking executor burns no CPU.
#include <fstream>
#include <sstream>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::QoS;

class ExecutorTest : public RtTest {};

namespace {

// Counts how many callbacks run at once, and lets reentrant ones wait for each other.
struct Overlap {
  std::atomic<int> inside{0}, most{0};
  void enter() {
    int now = ++inside;
    for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);) {}
  }
  void leave() { --inside; }
};

}  // namespace

TEST_F(ExecutorTest, ANodesCallbacksNeverOverlapUnlessReentrant) {
  auto exclusive = std::make_shared<dmxp::rt::Node>("exclusive", node_options());
  auto reentrant = std::make_shared<dmxp::rt::Node>("reentrant", node_options());
  Overlap ex, re;
  std::atomic<int> ex_calls{0}, re_calls{0};
  auto ex_cb = [&](const Sample&) {
    ex.enter();
    std::this_thread::sleep_for(2ms);
    ex.leave();
    ++ex_calls;
  };
  auto re_cb = [&](const Sample&) {
    re.enter();
    // Wait (bounded) for the other reentrant callback to come in too.
    wait_until([&] { return re.most.load() >= 2; }, 2000);
    re.leave();
    ++re_calls;
  };
  dmxp::rt::SubscriptionOptions ro;
  ro.reentrant = true;
  auto s1 = exclusive->create_subscription<Sample>("a", QoS(8), ex_cb).value();
  auto s2 = exclusive->create_subscription<Sample>("b", QoS(8), ex_cb).value();
  auto t1 = exclusive->create_timer(1ms, [&] { ex.enter(); std::this_thread::sleep_for(1ms); ex.leave(); });
  auto r1 = reentrant->create_subscription<Sample>("c", QoS(8), re_cb, ro).value();
  auto r2 = reentrant->create_subscription<Sample>("d", QoS(8), re_cb, ro).value();
  dmxp::rt::Executor exec(test_executor(4));
  exec.add_node(exclusive);
  exec.add_node(reentrant);
  BackgroundSpin spin(exec);

  auto pub_node = std::make_shared<dmxp::rt::Node>("pub", node_options());
  std::vector<dmxp::rt::Publisher<Sample>> pubs;
  for (const char* t : {"a", "b", "c", "d"}) pubs.push_back(pub_node->create_publisher<Sample>(t, QoS(8)).value());
  Sample s;
  for (int i = 0; i < 20; ++i) {
    fill_sample(s, i, 1);
    for (auto& p : pubs) ASSERT_TRUE(p.publish(s).ok());
  }
  ASSERT_TRUE(wait_until([&] { return ex_calls.load() == 40 && re_calls.load() == 40; }));
  EXPECT_EQ(ex.most.load(), 1);
  EXPECT_EQ(re.most.load(), 2);
}

TEST_F(ExecutorTest, TimersFireCancelAndReset) {
  auto node = std::make_shared<dmxp::rt::Node>("timers", node_options());
  std::atomic<int> steady{0}, wall{0};
  auto t = node->create_timer(10ms, [&] { ++steady; });
  auto w = node->create_wall_timer(10ms, [&] { ++wall; });
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  {
    BackgroundSpin spin(exec);
    ASSERT_TRUE(wait_until([&] { return steady.load() >= 5 && wall.load() >= 5; }));
    t.cancel();
    EXPECT_TRUE(t.is_canceled());
    int frozen = steady.load();
    std::this_thread::sleep_for(60ms);
    EXPECT_LE(steady.load(), frozen + 1);  // at most one that was already running
    frozen = steady.load();
    t.reset();
    ASSERT_TRUE(wait_until([&] { return steady.load() >= frozen + 3; }));
    w = dmxp::rt::Timer();  // dropping the handle stops it
    int wall_now = wall.load();
    std::this_thread::sleep_for(60ms);
    EXPECT_LE(wall.load(), wall_now + 1);
  }
  EXPECT_EQ(t.period(), 10ms);
}

TEST_F(ExecutorTest, SpinForReturnsAndCancelBeforeSpinIsKept) {
  auto node = std::make_shared<dmxp::rt::Node>("n", node_options());
  std::atomic<int> fired{0};
  auto t = node->create_timer(5ms, [&] { ++fired; });
  for (bool busy : {false, true}) {
    dmxp::rt::Executor exec(test_executor(1, busy));
    exec.add_node(node);
    auto t0 = std::chrono::steady_clock::now();
    exec.spin_for(100ms);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
    EXPECT_GT(fired.load(), 0);
    exec.cancel();
    t0 = std::chrono::steady_clock::now();
    exec.spin();  // returns at once: cancelled before it began
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
    exec.remove_node(*node);
  }
  EXPECT_THROW(dmxp::rt::Executor(test_executor(2, true)), dmxp::Error);
  dmxp::rt::Executor a(test_executor()), b(test_executor());
  a.add_node(node);
  EXPECT_THROW(b.add_node(node), dmxp::Error);  // one executor at a time
}

namespace {
long cpu_ticks(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), {});
  std::istringstream in(s.substr(s.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}
}  // namespace

TEST_F(ExecutorTest, AnIdleBlockingExecutorBurnsNoCpu) {
  auto idle = peer("idle", {});
  ASSERT_TRUE(idle.wait_token('R', kWaitMs));
  std::this_thread::sleep_for(100ms);  // past start-up
  long before = cpu_ticks(idle.pid());
  std::this_thread::sleep_for(600ms);
  long used = cpu_ticks(idle.pid()) - before;
  // A busy-polling process would use ~60 ticks (100 Hz) here; a sleeping one none.
  EXPECT_LE(used, 3) << "ticks used while idle";
  EXPECT_EQ(terminate(idle, SIGINT).code, 0);
}
