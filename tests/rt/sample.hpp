// sample.hpp - self-checking rt_test_msgs/Sample messages: a checksum over seq, publisher and
// the payload, whose length varies with seq.
#pragma once

#include <rt_test_msgs/msg/Sample.hpp>

namespace rt_test {

using rt_test_msgs::msg::Sample;

void fill_sample(Sample& s, uint64_t seq, uint32_t publisher);
bool sample_ok(const Sample& s);

}  // namespace rt_test
