// Services between processes: round trips, a clear error without a server, timeouts, a
// handler that throws, a server killed in the middle of a call.
#include <std_msgs/msg/Int64.hpp>

#include "rt_test_support.hpp"

using namespace rt_test;
using std_msgs::msg::Int64;

class ServiceTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("caller", node_options());
    client_ = node_->create_client<Int64, Int64>("add_one").value();
  }
  void TearDown() override {
    client_.reset();
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
  dmxp::rt::Client<Int64, Int64> client_;
  static Int64 req(int64_t v) { Int64 r; r.data = v; return r; }
};

TEST_F(ServiceTest, RoundTrips) {
  auto server = peer("server", {"add_one"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  ASSERT_TRUE(client_.wait_for_service(5s));
  for (int64_t i = 0; i < 200; ++i) {
    auto r = client_.call(req(i), 5s);
    ASSERT_TRUE(r.ok()) << r.error().what();
    ASSERT_EQ(r.value().data, i + 1);
  }
  // The zero-copy form reads the response in its slot.
  int64_t seen = 0;
  ASSERT_TRUE(client_.call(req(41), 5s, [&](const Int64& r) { seen = r.data; }).ok());
  EXPECT_EQ(seen, 42);
  auto snap = node_->graph()->snapshot();
  EXPECT_EQ(snap.endpoints_of("/add_one", dmxp::rt::EndpointKind::ServiceServer).size(), 1u);
  EXPECT_EQ(snap.endpoints_of("/add_one", dmxp::rt::EndpointKind::ServiceClient).size(), 1u);
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(ServiceTest, NoServerIsAClearErrorAtOnce) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = client_.call(req(1), 10s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_NOT_FOUND);
  EXPECT_NE(std::string(r.error().what()).find("service '/add_one' has no server"), std::string::npos)
      << r.error().what();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);  // not the 10 s timeout
  EXPECT_FALSE(client_.service_is_ready());
  EXPECT_FALSE(client_.wait_for_service(20ms));
  // A server that has gone (its channel still exists) is no server either.
  auto server = peer("server", {"add_one"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  EXPECT_TRUE(client_.call(req(1), 5s).ok());
  server.kill_and_reap();
  auto gone = client_.call(req(1), 10s);
  EXPECT_EQ(gone.status(), DMXP_ERR_NOT_FOUND);
}

TEST_F(ServiceTest, TimesOutAndLaterCallsStillMatchTheirResponses) {
  auto server = peer("server", {"add_one", "sleep_ms=150"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  auto r = client_.call(req(1), 30ms);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_TIMEOUT);
  EXPECT_NE(std::string(r.error().what()).find("'/add_one'"), std::string::npos);
  // The late response to call 1 must not be taken for the answer to call 2.
  auto r2 = client_.call(req(7), 5s);
  ASSERT_TRUE(r2.ok()) << r2.error().what();
  EXPECT_EQ(r2.value().data, 8);
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(ServiceTest, AHandlerThatThrowsFailsTheCallWithItsMessage) {
  auto server = peer("server", {"add_one"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  auto r = client_.call(req(-5), 5s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(r.error().what()).find("negative request"), std::string::npos) << r.error().what();
  EXPECT_TRUE(client_.call(req(5), 5s).ok());  // the server lives on
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(ServiceTest, AServerKilledMidCallFailsTheCallPromptly) {
  auto server = peer("server", {"add_one", "sleep_ms=3000"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  std::thread killer([&] {
    std::this_thread::sleep_for(100ms);
    server.kill_and_reap();
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r = client_.call(req(1), 15s);
  killer.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_NOT_FOUND);
  EXPECT_NE(std::string(r.error().what()).find("went away"), std::string::npos) << r.error().what();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2500ms);  // long before its 3 s handler
}

TEST_F(ServiceTest, InProcessServerOnAMultiThreadedExecutor) {
  auto server_node = std::make_shared<dmxp::rt::Node>("local_server", node_options());
  auto srv = server_node->create_service<Int64, Int64>("double", [](const Int64& a, Int64& b) {
    b.data = 2 * a.data;
  }).value();
  auto client = node_->create_client<Int64, Int64>("double").value();
  dmxp::rt::Executor exec(test_executor(2));
  exec.add_node(server_node);
  BackgroundSpin spin(exec);
  for (int64_t i = 0; i < 50; ++i) ASSERT_EQ(client.call(req(i), 5s).value().data, 2 * i);
  EXPECT_EQ(srv.handled(), 50u);
}
