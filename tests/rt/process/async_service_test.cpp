// Services typed by a .srv file (example_interfaces/srv/AddTwoInts) and asynchronous calls:
// round trips across processes, an async call from inside a subscription callback of a
// single-threaded executor whose server lives in the same node, and exactly one error per
// call for timeouts, a server that dies and no server at all.
#include <example_interfaces/srv/AddTwoInts.hpp>
#include <future>
#include <mutex>
#include <std_msgs/msg/Int64.hpp>

#include "rt_test_support.hpp"

using namespace rt_test;
using example_interfaces::srv::AddTwoInts;
using std_msgs::msg::Int64;

namespace {

AddTwoInts::Request add(int64_t a, int64_t b) {
  AddTwoInts::Request r;
  r.a = a;
  r.b = b;
  return r;
}

// Every result an async callback got, in order, from whichever thread ran it.
struct Results {
  std::mutex mu;
  std::vector<dmxp::Result<AddTwoInts::Response>> got;
  void add(dmxp::Result<AddTwoInts::Response> r) {
    std::lock_guard lock(mu);
    got.push_back(std::move(r));
  }
  size_t size() {
    std::lock_guard lock(mu);
    return got.size();
  }
};

}  // namespace

class AsyncServiceTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("caller", node_options());
    client_ = node_->create_client<AddTwoInts>("add").value();
  }
  void TearDown() override {
    client_.reset();
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
  dmxp::rt::Client<AddTwoInts::Request, AddTwoInts::Response> client_;
};

TEST_F(AsyncServiceTest, SrvTypedRoundTripAcrossProcesses) {
  auto server = peer("adder", {"add"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  ASSERT_TRUE(client_.wait_for_service(5s));
  for (int64_t i = 0; i < 100; ++i) {
    auto r = client_.call(add(i, 1000 * i), 5s);
    ASSERT_TRUE(r.ok()) << r.error().what();
    ASSERT_EQ(r.value().sum, 1001 * i);
  }
  // The graph names the service by its request type.
  auto snap = node_->graph()->snapshot();
  auto servers = snap.endpoints_of("/add", dmxp::rt::EndpointKind::ServiceServer);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].type_name, "example_interfaces/srv/AddTwoInts_Request");
  // Futures, answered while an executor spins the client's node.
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  std::vector<std::future<dmxp::Result<AddTwoInts::Response>>> futures;
  for (int64_t i = 0; i < 10; ++i) futures.push_back(client_.async_call(add(i, i), 5s));
  for (int64_t i = 0; i < 10; ++i) {
    auto r = futures[size_t(i)].get();
    ASSERT_TRUE(r.ok()) << r.error().what();
    EXPECT_EQ(r.value().sum, 2 * i);
  }
  EXPECT_EQ(client_.calls_in_flight(), 0u);
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(AsyncServiceTest, AsyncCallFromASubscriptionCallbackOfASingleThreadedExecutor) {
  // The server is in the caller's own node, on the same single-threaded executor: a sync
  // call from the callback could never be answered; an async one is, after it returns.
  // One executor turn takes up to 64 ticks, so up to 50 calls are in flight at once: the
  // request and response rings must hold them all.
  constexpr int64_t kTicks = 50;
  dmxp::rt::ServiceOptions so;
  so.queue_depth = so.response_depth = 64;
  auto srv = node_->create_service<AddTwoInts>("add_local", [](const AddTwoInts::Request& rq,
                                                               AddTwoInts::Response& rs) {
    rs.sum = rq.a + rq.b;
  }, so).value();
  auto client = node_->create_client<AddTwoInts>("add_local").value();
  std::atomic<int> in_callback{0}, overlaps{0};
  Results results;
  std::vector<int64_t> expected;
  auto sub = node_->create_subscription<Int64>("tick", dmxp::rt::QoS(64), [&](const Int64& t) {
    if (in_callback.fetch_add(1) != 0) overlaps.fetch_add(1);
    client.async_call(add(t.data, 7), 5s, [&, a = t.data](dmxp::Result<AddTwoInts::Response> r) {
      if (in_callback.fetch_add(1) != 0) overlaps.fetch_add(1);
      if (r.ok() && r.value().sum != a + 7) overlaps.fetch_add(1000);  // a wrong answer
      results.add(std::move(r));
      in_callback.fetch_sub(1);
    });
    in_callback.fetch_sub(1);
  }).value();
  auto pub = node_->create_publisher<Int64>("tick", dmxp::rt::QoS(64)).value();
  dmxp::rt::Executor spinner(test_executor(1));  // single-threaded
  spinner.add_node(node_);
  BackgroundSpin spin(spinner);
  for (int64_t i = 0; i < kTicks; ++i) {
    Int64 t;
    t.data = i;
    ASSERT_TRUE(pub.publish(t).ok());
  }
  ASSERT_TRUE(wait_until([&] { return results.size() == size_t(kTicks); }));
  std::this_thread::sleep_for(100ms);  // no second delivery of any call
  std::lock_guard lock(results.mu);
  ASSERT_EQ(results.got.size(), size_t(kTicks));
  for (size_t i = 0; i < results.got.size(); ++i) {
    ASSERT_TRUE(results.got[i].ok()) << results.got[i].error().what();
    EXPECT_EQ(results.got[i].value().sum, int64_t(i) + 7);  // in order
  }
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(srv.handled(), uint64_t(kTicks));
}

TEST_F(AsyncServiceTest, ATimeoutDeliversExactlyOneError) {
  auto server = peer("adder", {"add", "sleep_ms=400"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  Results results;
  auto t0 = std::chrono::steady_clock::now();
  client_.async_call(add(1, 2), 60ms, [&](dmxp::Result<AddTwoInts::Response> r) { results.add(std::move(r)); });
  ASSERT_TRUE(wait_until([&] { return results.size() == 1; }));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 350ms);  // before the late response
  // The late response arrives and is dropped: still one result, and a later call matches.
  std::this_thread::sleep_for(600ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results.got[0].status(), DMXP_ERR_TIMEOUT);
  EXPECT_EQ(std::string(results.got[0].error().what()), "service '/add': no response within 60 ms");
  auto later = client_.async_call(add(20, 22), 5s).get();
  ASSERT_TRUE(later.ok()) << later.error().what();
  EXPECT_EQ(later.value().sum, 42);
  EXPECT_EQ(results.size(), 1u);
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(AsyncServiceTest, AServerThatDiesDeliversExactlyOneError) {
  auto server = peer("adder", {"add", "sleep_ms=3000"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  Results results;
  auto t0 = std::chrono::steady_clock::now();
  client_.async_call(add(1, 2), 15s, [&](dmxp::Result<AddTwoInts::Response> r) { results.add(std::move(r)); });
  std::this_thread::sleep_for(100ms);
  server.kill_and_reap();
  ASSERT_TRUE(wait_until([&] { return results.size() == 1; }));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2500ms);  // long before its 3 s handler
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results.got[0].status(), DMXP_ERR_NOT_FOUND);
  EXPECT_EQ(std::string(results.got[0].error().what()),
            "service '/add': the server went away before it answered");
  EXPECT_EQ(client_.calls_in_flight(), 0u);
}

TEST_F(AsyncServiceTest, NoServerDeliversOneErrorThroughTheExecutor) {
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  Results results;
  std::thread::id caller = std::this_thread::get_id(), runner;
  client_.async_call(add(1, 1), 5s, [&](dmxp::Result<AddTwoInts::Response> r) {
    runner = std::this_thread::get_id();
    results.add(std::move(r));
  });
  ASSERT_TRUE(wait_until([&] { return results.size() == 1; }));
  std::this_thread::sleep_for(100ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(runner, caller);  // never inside async_call itself
  EXPECT_EQ(results.got[0].status(), DMXP_ERR_NOT_FOUND);
  EXPECT_NE(std::string(results.got[0].error().what()).find("service '/add' has no server"),
            std::string::npos) << results.got[0].error().what();
}

TEST_F(AsyncServiceTest, SyncAndAsyncCallsOnOneClientTakeOnlyTheirOwnResponses) {
  // A response ring larger than every response of the test: a reader that lags behind the
  // other's traffic never has its responses overwritten (see ClientOptions::response_depth).
  constexpr int64_t kCalls = 40;
  auto client = node_->create_client<AddTwoInts>("add_mixed", dmxp::rt::ClientOptions{128}).value();
  auto server = peer("adder", {"add_mixed"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  Results results;
  std::atomic<int64_t> sync_ok{0};
  std::thread sync_caller([&] {
    for (int64_t i = 0; i < kCalls; ++i) {
      auto r = client.call(add(i, -1), 5s);
      if (r.ok() && r.value().sum == i - 1) sync_ok.fetch_add(1);
    }
  });
  for (int64_t i = 0; i < kCalls; ++i) {
    client.async_call(add(i, 1), 5s, [&, i](dmxp::Result<AddTwoInts::Response> r) {
      if (r.ok() && r.value().sum != i + 1) r = dmxp::Error(DMXP_ERR_CORRUPT, "wrong answer");
      results.add(std::move(r));
    });
    if (i % 8 == 7) wait_until([&] { return client.calls_in_flight() == 0; });
  }
  sync_caller.join();
  EXPECT_EQ(sync_ok.load(), kCalls);
  ASSERT_TRUE(wait_until([&] { return results.size() == size_t(kCalls); }));
  for (auto& r : results.got) EXPECT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(terminate(server).code, 0);
}

TEST_F(AsyncServiceTest, DestroyingTheClientFailsItsFutures) {
  auto server = peer("adder", {"add", "sleep_ms=2000"});
  ASSERT_TRUE(server.wait_token('R', kWaitMs));
  auto f = client_.async_call(add(1, 2), 10s);  // no executor: nothing can answer it
  client_.reset();
  ASSERT_EQ(f.wait_for(1s), std::future_status::ready);
  auto r = f.get();
  EXPECT_EQ(r.status(), DMXP_ERR_INTERRUPTED);
  EXPECT_EQ(std::string(r.error().what()), "the client was destroyed before the call finished");
  server.kill_and_reap();
}

TEST_F(AsyncServiceTest, AFullRequestQueueFailsTheCallsThatDoNotFit) {
  // The server's node is not spun yet: its queue of 2 fills, and async calls never wait.
  auto server_node = std::make_shared<dmxp::rt::Node>("slow_server", node_options());
  dmxp::rt::ServiceOptions so;
  so.queue_depth = 2;
  auto srv = server_node->create_service<AddTwoInts>("add_small", [](const AddTwoInts::Request& rq,
                                                                     AddTwoInts::Response& rs) {
    rs.sum = rq.a + rq.b;
  }, so).value();
  auto client = node_->create_client<AddTwoInts>("add_small").value();
  std::vector<std::future<dmxp::Result<AddTwoInts::Response>>> futures;
  for (int64_t i = 0; i < 4; ++i) futures.push_back(client.async_call(add(i, 10), 5s));
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  exec.add_node(server_node);
  BackgroundSpin spin(exec);
  for (int64_t i = 0; i < 4; ++i) {
    auto r = futures[size_t(i)].get();
    if (i < 2) {
      ASSERT_TRUE(r.ok()) << r.error().what();
      EXPECT_EQ(r.value().sum, i + 10);
    } else {
      EXPECT_EQ(r.status(), DMXP_ERR_WOULD_BLOCK);
      EXPECT_EQ(std::string(r.error().what()),
                "service '/add_small': request not sent: the request queue is full (raise "
                "ServiceOptions::queue_depth or wait for answers)");
    }
  }
  EXPECT_EQ(srv.handled(), 2u);
  EXPECT_EQ(client.calls_in_flight(), 0u);
}
