// topic_setup.hpp - creates the channels of the graph's declared topics before any node
// starts, with the declared type (fingerprint, name and layout descriptor, so nodes attach
// to them as to channels their own endpoints created), capacity, slot size, delivery mode
// and reliability. A channel that exists already is left as it is (validate.cpp checked
// its type).
#pragma once

#include <string>

#include "launch_graph.hpp"

namespace dmxp::launch {

// Empty on success, else what failed (naming the topic).
std::string create_topic_channels(const LaunchGraph& graph, const std::string& domain);

}  // namespace dmxp::launch
