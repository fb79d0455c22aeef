// graph_segment.hpp - creating, attaching and validating the graph registry segment.
#pragma once

#include <string>

#include "dmxp/dmxp.hpp"
#include "graph/graph_layout.hpp"

namespace dmxp::rt::detail {

class GraphSegment {
 public:
  // Attaches, creating and initialising the segment when it does not exist.
  static Result<GraphSegment*> open(const std::string& domain);
  ~GraphSegment();
  GraphSegment(const GraphSegment&) = delete;
  GraphSegment& operator=(const GraphSegment&) = delete;

  layout::GraphHeader* header() const { return header_; }
  layout::NodeEntry* node(uint32_t i) const { return nodes_ + i; }
  layout::EndpointEntry* endpoint(uint32_t i) const { return endpoints_ + i; }
  const std::string& path() const { return path_; }

 private:
  GraphSegment() = default;
  void* base_ = nullptr;
  size_t size_ = 0;
  std::string path_;
  layout::GraphHeader* header_ = nullptr;
  layout::NodeEntry* nodes_ = nullptr;
  layout::EndpointEntry* endpoints_ = nullptr;
};

Status validate_domain(const std::string& domain);

}  // namespace dmxp::rt::detail
