// graph_segment.hpp - creating, attaching and validating the graph registry segment, with
// the transport's segment code (dmxp/internal/segment.hpp): the same directory
// ($DMXP_SHM_DIR or /dev/shm), the same owner and mode checks as channels, the same waiting
// for a creator. Only the layout (graph_layout.hpp) and its initialisation are the graph's.
#pragma once

#include <string>

#include "dmxp/dmxp.hpp"
#include "dmxp/internal/segment.hpp"
#include "graph/graph_layout.hpp"

namespace dmxp::rt::detail {

class GraphSegment {
 public:
  // Attaches, creating and initialising the segment when it does not exist.
  static Result<GraphSegment*> open(const std::string& domain);
  GraphSegment(const GraphSegment&) = delete;
  GraphSegment& operator=(const GraphSegment&) = delete;

  layout::GraphHeader* header() const { return header_; }
  layout::NodeEntry* node(uint32_t i) const { return nodes_ + i; }
  layout::EndpointEntry* endpoint(uint32_t i) const { return endpoints_ + i; }
  const std::string& path() const { return mapping_.path(); }

 private:
  explicit GraphSegment(internal::MappedSegment mapping);
  internal::MappedSegment mapping_;
  layout::GraphHeader* header_ = nullptr;
  layout::NodeEntry* nodes_ = nullptr;
  layout::EndpointEntry* endpoints_ = nullptr;
};

// Writes a new registry's header (its pages are zero: every entry free), magic last with
// release order. Also what tests use to build registry images.
void initialise_graph_header(layout::GraphHeader* h);

}  // namespace dmxp::rt::detail
