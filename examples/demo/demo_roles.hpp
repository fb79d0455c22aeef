// demo_roles.hpp - the two processes of the demo and the message they exchange.
#pragma once

#include <cstdint>
#include <string>

namespace demo {

// One tick as it sits in a ring slot: no serialization, the consumer reads it in place.
struct Tick {
  uint64_t sequence;
  uint64_t sent_ns;   // CLOCK_MONOTONIC at send, for one-way latency
  double price;
  uint32_t size;      // bytes of body used
  uint32_t checksum;  // over sequence, price and body
  uint8_t body[32];
};

uint32_t checksum(const Tick& t);

struct Settings {
  std::string domain;
  std::string channel = "demo.ticks";
  uint64_t messages = 1'000'000;
  uint32_t batch = 16;
};

int run_producer(const Settings& s);
int run_consumer(const Settings& s);

}  // namespace demo
