#include "bridge_node.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "dmxp/rt/component.hpp"
#include "dmxp/rt/generic.hpp"
#include "installed_types.hpp"
#include "ros_names.hpp"
#include "type_lookup.hpp"

namespace dmxp_nodes {

using dmxp_bridge::ExportRoute;
using dmxp_bridge::ImportRoute;
using dmxp_nodes_msgs::msg::BridgeRoute;
using dmxp_nodes_msgs::msg::BridgeStats;

namespace {

// ROS 2's rule: $ROS_DOMAIN_ID when set, else 0. A bad value is a setup error.
uint32_t ros_domain_id() {
  const char* env = std::getenv("ROS_DOMAIN_ID");
  if (!env || !*env) return 0;
  char* end = nullptr;
  long v = std::strtol(env, &end, 10);
  if (*end || v < 0 || v > 232)
    throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT,
                      std::string("ROS_DOMAIN_ID='") + env + "' is not a DDS domain id (0..232)");
  return uint32_t(v);
}

std::string describe(const dmxp::rt::QoS& qos, const std::string& hash) {
  return dmxp::rt::to_string(qos) + (hash.empty() ? ", no type hash" : ", " + hash);
}

void fill_route(BridgeRoute& r, const std::string& topic, const std::string& type, uint8_t direction,
                const dmxp_bridge::RouteCounters& c) {
  (void)r.topic.try_assign(topic);  // resolved names fit (99 characters at most)
  (void)r.type.try_assign(std::string_view(type).substr(0, 63));
  r.direction = direction;
  r.forwarded = c.forwarded.load(std::memory_order_relaxed);
  r.oversized = c.oversized.load(std::memory_order_relaxed);
  r.malformed = c.malformed.load(std::memory_order_relaxed);
  r.lost = c.lost.load(std::memory_order_relaxed);
  r.looped = c.looped.load(std::memory_order_relaxed);
  std::string e = c.last_error();
  (void)r.last_error.try_assign(std::string_view(e).substr(0, 200));
}

}  // namespace

Bridge::Bridge(const dmxp::rt::NodeOptions& o) : Node("bridge", o) {
  // Relative patterns are relative to the bridge's namespace, as topic names are.
  auto absolute = [this](std::vector<std::string> patterns) {
    const std::string& ns = get_namespace();
    for (std::string& p : patterns)
      if (p.empty() || p[0] != '/') p = (ns == "/" ? "/" : ns + "/") + p;
    return patterns;
  };
  export_patterns_ = absolute(declare_parameter("export", std::vector<std::string>{}));
  import_patterns_ = absolute(declare_parameter("import", std::vector<std::string>{}));
  all_typed_ = declare_parameter("all_typed", false);
  int64_t domain = declare_parameter("domain_id", int64_t(-1));
  import_depth_ = uint32_t(std::clamp<int64_t>(declare_parameter("import_depth", int64_t(10)), 1, 1 << 20));
  double scan_period = declare_parameter("scan_period", 0.2);
  double stats_period = declare_parameter("stats_period", 1.0);
  double export_poll = declare_parameter("export_poll", 0.0005);
  double export_spin = declare_parameter("export_spin", 0.00002);
  double export_idle = declare_parameter("export_idle", 1.0);
  if (domain > 232) throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "domain_id " + std::to_string(domain) + " is not a DDS domain id (0..232)");
  for (auto [name, v] : {std::pair{"export_poll", export_poll}, {"export_spin", export_spin}, {"export_idle", export_idle}})
    if (!(v >= 0 && v <= 3600))
      throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, std::string(name) + " = " + std::to_string(v) + ": seconds from 0 to 3600");
  poller_ = std::make_unique<dmxp_bridge::ExportPoller>(dmxp_bridge::ExportPollerTiming{
      int64_t(export_spin * 1e9), int64_t(export_poll * 1e9), int64_t(export_idle * 1e9)});
  dds_ = dmxp_bridge::dds::Participant::create(domain < 0 ? ros_domain_id() : uint32_t(domain)).value();
  discovery_ = dmxp_bridge::DiscoveryInfo::create(*dds_, get_namespace(), get_name()).value();
  stats_ = create_publisher<BridgeStats>("~/stats", dmxp::rt::QoS::latched()).value();
  bridge_pids_.insert(int32_t(getpid()));
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& p : v) s += (s.empty() ? "" : " ") + p;
    return s.empty() ? std::string("(none)") : s;
  };
  logger().info("DDS domain {}, participant {}; export {}; import {}{}", dds_->domain_id(),
                dmxp_bridge::dds::to_string(dds_->guid()), list(export_patterns_), list(import_patterns_),
                all_typed_ ? "; all typed topics" : "");
  scan();
  scan_timer_ = create_timer(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(scan_period)),
                             [this] { scan(); });
  stats_timer_ = create_timer(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(stats_period)),
                              [this] { publish_stats(); });
}

Bridge::~Bridge() {
  // Routes first: their readers stop (Cyclone waits for a running listener) before the
  // participant goes.
  scan_timer_.reset();
  stats_timer_.reset();
  exports_.clear();
  imports_.clear();
}

bool Bridge::is_bridge_pid(int32_t pid) const {
  std::lock_guard lock(pids_mu_);
  return bridge_pids_.count(pid) > 0;
}

void Bridge::refuse_once(const std::string& key, const std::string& message) {
  if (refused_.insert(key).second) logger().warn("{}", message);
}

void Bridge::scan() {
  if (dmxp::rt::GraphRegistry* g = graph()) scan_dmxp(g->snapshot());
  scan_dds();
  if (auto s = discovery_->publish_if_changed(); !s)
    logger().error("cannot publish ros_discovery_info: {}", s.error().what());
  if (routes_changed_) {
    routes_changed_ = false;
    publish_stats();
  }
}

void Bridge::scan_dmxp(const dmxp::rt::GraphSnapshot& graph) {
  // Bridges (this one included) are the nodes that publish BridgeStats.
  std::set<std::string> bridges;
  std::set<int32_t> pids{int32_t(getpid())};
  for (const auto& e : graph.endpoints)
    if (e.kind == dmxp::rt::EndpointKind::Publisher && e.type_name == BridgeStats::kTypeName) {
      bridges.insert(e.node);
      pids.insert(e.pid);
    }
  {
    std::lock_guard lock(pids_mu_);
    bridge_pids_ = pids;
  }
  // Topics with a publisher that is not a bridge: what DMXP itself produces.
  std::map<std::string, const dmxp::rt::GraphEndpoint*> produced;
  for (const auto& e : graph.endpoints)
    if (e.kind == dmxp::rt::EndpointKind::Publisher && !bridges.count(e.node) && !pids.count(e.pid))
      produced.emplace(e.name, &e);
  for (const auto& [topic, pub] : produced) {
    if (exports_.count(topic) || !(all_typed_ || dmxp_bridge::matches_any(export_patterns_, topic))) continue;
    if (!dmxp_bridge::dds_type_name(pub->type_name)) {
      refuse_once("export " + topic, "not exporting '" + topic + "': type '" + pub->type_name + "' has no ROS 2 name");
      continue;
    }
    auto type = dmxp::rt::topic_type(*this, topic);
    if (!type) continue;  // the channel went away since the snapshot
    auto route = ExportRoute::create(*this, *dds_, topic, type.value(), pub->qos,
                                     [this](int32_t pid) { return is_bridge_pid(pid); }, *poller_);
    if (!route) {
      refuse_once("export " + topic, "not exporting '" + topic + "': " + route.error().what());
      continue;
    }
    const ExportRoute& r = *route.value();
    logger().info("export '{}' ({}) -> DDS '{}' [{}]", topic, r.type_name(), r.dds_topic(),
                  describe(pub->qos, r.type_hash()));
    discovery_->add_writer(r.writer_guid());
    exports_[topic] = std::move(route).value();
    routes_changed_ = true;
  }
}

void Bridge::scan_dds() {
  auto changes = dds_->poll_publications();
  for (const auto& w : changes.appeared) {
    auto topic = dmxp_bridge::ros_topic_name(w.topic);
    if (!topic || !(all_typed_ || dmxp_bridge::matches_any(import_patterns_, *topic))) continue;
    writer_topics_[w.guid] = *topic;
    import_writers_[*topic].insert(w.guid);
    if (!imports_.count(*topic)) start_import(*topic, w);
  }
  for (const auto& g : changes.gone) {
    auto it = writer_topics_.find(g);
    if (it == writer_topics_.end()) continue;
    std::string topic = it->second;
    writer_topics_.erase(it);
    auto& writers = import_writers_[topic];
    writers.erase(g);
    if (writers.empty()) {
      import_writers_.erase(topic);
      stop_import(topic);
    }
  }
}

void Bridge::start_import(const std::string& topic, const dmxp_bridge::dds::RemoteWriter& w) {
  std::string key = "import " + topic;
  auto ros_type = dmxp_bridge::ros_type_name(w.type);
  if (!ros_type) {
    refuse_once(key, "not importing '" + topic + "': DDS type '" + w.type + "' is not a ROS 2 message type");
    return;
  }
  std::string error;
  auto type = dmxp_bridge::import_type(*this, topic, dmxp_bridge::dmxp_type_name(*ros_type), &error);
  if (!type) {
    refuse_once(key, "not importing '" + topic + "': " + error);
    return;
  }
  std::string remote_hash = dmxp_bridge::type_hash_from_user_data(w.user_data);
  dmxp::rt::QoS qos = w.qos;
  qos.depth = import_depth_;  // not in DDS discovery data (see the header)
  auto route = ImportRoute::create(*this, *dds_, topic, *type, qos, remote_hash);
  if (!route) {
    refuse_once(key, "not importing '" + topic + "': " + route.error().what());
    return;
  }
  const ImportRoute& r = *route.value();
  logger().info("import DDS '{}' ({}) -> '{}' [{}]", w.topic, *ros_type, topic, describe(qos, r.type_hash()));
  discovery_->add_reader(r.reader_guid());
  imports_[topic] = std::move(route).value();
  refused_.erase(key);
  routes_changed_ = true;
}

void Bridge::stop_import(const std::string& topic) {
  auto it = imports_.find(topic);
  if (it == imports_.end()) {
    refused_.erase("import " + topic);  // a later writer may bring a type we can import
    return;
  }
  discovery_->remove(it->second->reader_guid());
  logger().info("import of '{}' stopped: no DDS writer left ({} forwarded)", topic,
                it->second->counters().forwarded.load());
  imports_.erase(it);
  routes_changed_ = true;
}

void Bridge::publish_stats() {
  auto msg = stats_.loan();
  if (!msg) return;
  msg->dds_domain_id = dds_->domain_id();
  msg->routes.clear();
  auto add = [&](const std::string& topic, const std::string& type, uint8_t dir, const dmxp_bridge::RouteCounters& c) {
    if (msg->routes.size() == msg->routes.capacity()) return;
    msg->routes.resize(msg->routes.size() + 1);
    BridgeRoute& r = msg->routes[msg->routes.size() - 1];
    r = BridgeRoute();
    fill_route(r, topic, type, dir, c);
  };
  for (const auto& [topic, r] : exports_) add(topic, r->type_name(), BridgeRoute::EXPORT, r->counters());
  for (const auto& [topic, r] : imports_) add(topic, r->type_name(), BridgeRoute::IMPORT, r->counters());
  stats_.publish(std::move(msg));
}

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Bridge)
