// bridge_wake_publisher - the DMXP publisher of bridge.publisher_wakes (test_publisher_wakes.py),
// whose main thread the test traces with strace to count the futex calls of its publish path.
//
//   bridge_wake_publisher TOPIC COUNT INTERVAL_US
//
// Publishes std_msgs/String on TOPIC (reliable, depth 64) from the main thread only:
//  1. waits until TOPIC has a subscription (the bridge's export reader), prints "ready <pid>";
//  2. publishes "warmup <i>" every 50 ms until a line arrives on stdin (the test sends one once
//     a ROS 2 subscriber got a warm-up message, so the DDS side is matched);
//  3. writes "BEGIN\n" to fd 2, publishes "msg <i>" for i in [0, COUNT) every INTERVAL_US
//     (clock_nanosleep: no futex), writes "END\n" to fd 2, prints "done" and exits.
// Between the two markers the main thread makes only the syscalls of publishing and sleeping,
// so a futex call there is a wake the publish path made for a sleeper.
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <std_msgs/msg/String.hpp>

#include "dmxp/rt/rt.hpp"

namespace {

void sleep_us(long us) {
  timespec ts{us / 1'000'000, (us % 1'000'000) * 1000};
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) != 0) {
  }
}

void publish(dmxp::rt::Publisher<std_msgs::msg::String>& pub, const std::string& text) {
  auto msg = pub.loan();
  msg->data = text;
  pub.publish(std::move(msg));
}

bool stdin_has_line() {
  fd_set set;
  FD_ZERO(&set);
  FD_SET(0, &set);
  timeval none{0, 0};
  return select(1, &set, nullptr, nullptr, &none) > 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bridge_wake_publisher TOPIC COUNT INTERVAL_US\n");
    return 2;
  }
  const std::string topic = argv[1];
  const long count = std::atol(argv[2]), interval_us = std::atol(argv[3]);
  dmxp::rt::NodeOptions opts;
  opts.use_global_arguments(false).start_parameter_services(false);
  dmxp::rt::Node node("wake_publisher", opts);
  auto pub = node.create_publisher<std_msgs::msg::String>(topic, dmxp::rt::QoS(64).reliable()).value();
  for (int i = 0; pub.subscription_count() < 1; ++i) {
    if (i == 30000) {
      std::fprintf(stderr, "no subscription on %s after 30 s (is the bridge exporting it?)\n", topic.c_str());
      return 1;
    }
    sleep_us(1000);
  }
  std::printf("ready %d\n", int(getpid()));
  std::fflush(stdout);
  for (long i = 0; !stdin_has_line(); ++i) {
    publish(pub, "warmup " + std::to_string(i));
    sleep_us(50'000);
  }
  sleep_us(interval_us);
  std::string text;
  text.reserve(64);
  (void)!write(2, "BEGIN\n", 6);
  for (long i = 0; i < count; ++i) {
    text = "msg " + std::to_string(i);  // fits the reserved buffer: no allocation in the window
    publish(pub, text);
    sleep_us(interval_us);
  }
  (void)!write(2, "END\n", 4);
  std::printf("done\n");
  std::fflush(stdout);
  return 0;
}
