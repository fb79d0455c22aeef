// bridge_node.hpp - dmxp-bridge: DMXP topics on DDS the ROS 2 way (docs/bridge.md).
//
// Parameters (graph.yaml `parameters:` or --ros-args -p):
//   export      string[]  DMXP topics to publish on DDS, as globs ("/robot/*", "/robot/**";
//                         relative ones are relative to the bridge's namespace)
//   import      string[]  ROS 2 topics on DDS to bring into DMXP, as globs
//   all_typed   bool      export every typed DMXP topic and import every ROS 2 topic whose
//                         type DMXP knows (false)
//   domain_id   int       DDS domain; -1 (default): $ROS_DOMAIN_ID, else 0
//   import_depth int      history depth of imported topics (10): DDS discovery does not
//                         carry the writers' depth, so the bridge cannot mirror it
//   scan_period double    seconds between looks at the DMXP graph and DDS discovery (0.2)
//   stats_period double   seconds between ~/stats messages (1.0)
//   export_poll double    seconds between looks at the exported topics while they flow
//                         (0.0005); 0: sleep on their futexes after the spin instead (lowest
//                         latency, but each message costs its publisher a futex wake while the
//                         bridge sleeps)
//   export_spin double    seconds of busy polling after each exported message (0.00002);
//                         not with export_poll:=0 (its wait polls ~10 us, as an executor)
//   export_idle double    seconds without an exported message after which the bridge sleeps
//                         on the channels' futexes (1.0): an idle bridge uses no CPU, and the
//                         first message after the pause costs its publisher one wake
//                         (export_poller.hpp)
//
// Every scan: a DMXP topic with a publisher that is not a bridge, matching `export`, gets an
// ExportRoute; a DDS writer of another participant on "rt/<topic>" matching `import` gets an
// ImportRoute (one per topic, gone with the topic's last DDS writer). A topic this bridge
// imported is exported only if a non-bridge DMXP publisher appears for it, and then only that
// publisher's messages go out (loop prevention, export_route.hpp). What the routes count is
// published on ~/stats (dmxp_nodes_msgs/BridgeStats), which `dmxp topic info` shows.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <dmxp_nodes_msgs/msg/BridgeStats.hpp>

#include "dds/participant.hpp"
#include "discovery_info.hpp"
#include "dmxp/rt/node.hpp"
#include "export_poller.hpp"
#include "export_route.hpp"
#include "import_route.hpp"

namespace dmxp_nodes {

class Bridge : public dmxp::rt::Node {
 public:
  explicit Bridge(const dmxp::rt::NodeOptions& o);
  ~Bridge() override;

 private:
  void scan();
  void scan_dmxp(const dmxp::rt::GraphSnapshot& graph);
  void scan_dds();
  void start_import(const std::string& topic, const dmxp_bridge::dds::RemoteWriter& w);
  void stop_import(const std::string& topic);
  bool is_bridge_pid(int32_t pid) const;
  void publish_stats();
  // Logs an error about `key` once (a route that cannot start is retried every scan).
  void refuse_once(const std::string& key, const std::string& message);

  std::vector<std::string> export_patterns_, import_patterns_;
  bool all_typed_ = false;
  uint32_t import_depth_ = 10;

  std::unique_ptr<dmxp_bridge::dds::Participant> dds_;
  std::unique_ptr<dmxp_bridge::DiscoveryInfo> discovery_;
  std::unique_ptr<dmxp_bridge::ExportPoller> poller_;  // reads every export (its own thread)

  std::map<std::string, std::unique_ptr<dmxp_bridge::ExportRoute>> exports_;
  std::map<std::string, std::unique_ptr<dmxp_bridge::ImportRoute>> imports_;
  // DDS writers of other participants on the imported topics: topic -> writer GUIDs.
  std::map<std::string, std::set<dmxp_bridge::dds::Guid>> import_writers_;
  std::map<dmxp_bridge::dds::Guid, std::string> writer_topics_;
  std::set<std::string> refused_;
  bool routes_changed_ = false;

  mutable std::mutex pids_mu_;
  std::set<int32_t> bridge_pids_;

  dmxp::rt::Publisher<dmxp_nodes_msgs::msg::BridgeStats> stats_;
  dmxp::rt::Timer scan_timer_, stats_timer_;
};

}  // namespace dmxp_nodes
