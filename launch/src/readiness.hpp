// readiness.hpp - whether nodes advertise the topics their readiness checks name, read from
// the domain's graph registry (framework/rt graph.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dmxp/rt/graph.hpp"
#include "process_plan.hpp"

namespace dmxp::launch {

class ReadinessProbe {
 public:
  explicit ReadinessProbe(std::string domain) : domain_(std::move(domain)) {}
  // Empty when every check holds; else "node '/x' did not advertise '/t'".
  std::string first_missing(const std::vector<ReadyCheck>& checks);

 private:
  std::string domain_;
  std::shared_ptr<dmxp::rt::GraphRegistry> graph_;
};

}  // namespace dmxp::launch
