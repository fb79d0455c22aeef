// parameter_bridge.hpp - the Foxglove protocol's "parameters" capability over the node
// runtime's parameter services: a Foxglove parameter "/robot/planner.goal_x" is parameter
// goal_x of node /robot/planner (node names never contain '.'; what follows the first '.'
// is the parameter's name). getParameters with no names lists every parameter of every node
// that serves them (the graph registry's "<node>/_parameters" servers).
//
// Values map both ways: bool, integer, string and their arrays as JSON; doubles and double
// arrays as JSON numbers with "type": "float64" / "float64_array" so a client can tell 2.0
// from 2. A value set is converted to the parameter's declared type (an integer 3 sets a
// double parameter to 3.0); what a node refuses comes back as the node's reason.
//
// Service calls block for up to a timeout, so they run on a worker thread of their own, one
// request at a time, never on the network thread; done() runs on that worker.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dmxp/rt/node.hpp"
#include "dmxp/rt/parameter_client.hpp"

namespace dmxp::foxglove {

struct ParameterReply {
  nlohmann::json parameters = nlohmann::json::array();  // [{"name", "value", "type"?}]
  std::vector<std::string> errors;                      // one line each, for status messages
};

class ParameterBridge {
 public:
  using Done = std::function<void(ParameterReply)>;

  ParameterBridge(dmxp::rt::Node& node, std::chrono::nanoseconds timeout);
  ~ParameterBridge();  // finishes the request under way, drops the others

  // Queue a request; done gets the values (after a set: the values now held).
  void get(std::vector<std::string> names, Done done);
  void set(nlohmann::json parameters, Done done);

 private:
  void run();
  dmxp::rt::ParameterClient& client(const std::string& node);
  void get_now(const std::vector<std::string>& names, ParameterReply& reply);
  void set_now(const nlohmann::json& parameters, ParameterReply& reply);
  std::vector<std::string> nodes_with_parameters();

  dmxp::rt::Node& node_;
  std::chrono::nanoseconds timeout_;
  std::map<std::string, std::unique_ptr<dmxp::rt::ParameterClient>> clients_;  // worker only
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::thread thread_;
};

// A parameter's value as the Foxglove protocol writes it: {"name", "value", "type"?}.
nlohmann::json parameter_json(const std::string& name, const dmxp::rt::ParameterValue& v);
// A protocol value as a parameter of the declared type ("double", "integer_array", ...; ""
// when unknown: the JSON decides). Throws std::runtime_error naming what does not fit.
dmxp::rt::ParameterValue parameter_from_json(const nlohmann::json& p, const std::string& declared_type);

}  // namespace dmxp::foxglove
