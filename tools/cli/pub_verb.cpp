// dmxp topic pub: publishes a message written in YAML, typed by the topic's channel or by an
// installed .msg package, as a node of the graph ("dmxp_pub_<pid>").
#include <unistd.h>

#include <cstdio>
#include <span>
#include <vector>
#include <stdexcept>
#include <string>

#include "decode/json.hpp"
#include "decode/yaml_encoder.hpp"
#include "dmxp/rt/generic.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "installed_types.hpp"
#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

struct PubOptions {
  std::string topic, type, yaml;
  double rate_hz = 1;
  uint64_t times = 0;  // 0: until interrupted
  bool best_effort = false;
  uint32_t depth = 10;
};

PubOptions parse(const Args& args) {
  PubOptions o;
  ArgCursor a(args);
  std::string v;
  std::vector<std::string> pos;
  while (!a.done()) {
    if (a.flag("--once") || a.flag("-1")) o.times = 1;
    else if (a.value("-r", &v) || a.value("--rate", &v)) o.rate_hz = parse_positive("--rate", v);
    else if (a.value("-n", &v) || a.value("--times", &v)) o.times = parse_count("-n", v);
    else if (a.flag("--best-effort")) o.best_effort = true;
    else if (a.value("--depth", &v)) o.depth = uint32_t(parse_count("--depth", v));
    else if (a.at_option()) throw std::invalid_argument("topic pub: unknown option '" + a.take() + "'");
    else pos.push_back(a.take());
  }
  if (pos.size() < 2 || pos.size() > 3) throw std::invalid_argument("topic pub takes <topic> <type> ['<yaml>']");
  o.topic = pos[0];
  o.type = pos[1];
  o.yaml = pos.size() == 3 ? pos[2] : "{}";
  return o;
}

// "pkg/msg/Type" and "pkg/Type" name the same type.
std::string plain_type(const std::string& t) {
  size_t first = t.find('/'), last = t.rfind('/');
  return first == last ? t : t.substr(0, first) + t.substr(last);
}

uint64_t parse_fingerprint(const json::Value& d) {
  return std::stoull(d["fingerprint"].str(), nullptr, 16);
}

}  // namespace

int topic_pub(const GlobalOptions& g, const Args& args) {
  PubOptions o;
  try { o = parse(args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string domain = effective_domain(g.domain), error;
  std::string type = plain_type(o.type);
  dmxp::rt::GenericType gt;
  TopicRef ref;
  std::string topic = o.topic[0] == '/' ? o.topic : "/" + o.topic;
  if (channel_of_topic(topic).empty()) return fail("topic pub: '" + o.topic + "' is not a valid topic name");
  dmxp_channel_info info;
  if (resolve_topic(domain, topic, &ref, &error, &info) == DMXP_OK) {
    if (type != info.type_name)
      return fail("topic pub: topic '" + topic + "' carries " +
                  (info.type_name[0] ? std::string(info.type_name) : "untyped messages") + ", not " + type);
    if (int rc = read_descriptor(domain, ref.channel, &gt.descriptor)) return report_error("topic '" + topic + "'", rc);
    gt.size = info.slot_size;
  } else if (!dmxp::msgc::descriptor_of_installed_type(type, &gt.descriptor, &error)) {
    return fail("topic pub: " + error);
  }
  std::vector<uint8_t> bytes;
  try {
    json::Value d = json::parse(gt.descriptor);
    gt.name = d["type"].str();
    gt.fingerprint = parse_fingerprint(d);
    if (!gt.size) gt.size = uint32_t(d["size"].as_u64());
    bytes = encode_yaml(d, o.yaml);
  } catch (const std::exception& e) {
    return fail("topic pub: " + type + ": " + e.what());
  }
  install_stop_handler();
  try {
    dmxp::rt::NodeOptions no;
    no.domain(domain).start_parameter_services(false).use_global_arguments(false);
    dmxp::rt::Node node("dmxp_pub_" + std::to_string(getpid()), no);
    dmxp::rt::QoS qos(o.depth);
    if (o.best_effort) qos.best_effort();
    auto pub = dmxp::rt::create_generic_publisher(node, topic, gt, qos);
    if (!pub.ok()) return fail("topic pub: " + std::string(pub.error().what()));
    uint64_t period = uint64_t(1e9 / o.rate_hz), next = monotonic_now_ns();
    for (uint64_t n = 0; (o.times == 0 || n < o.times) && !stop_requested(); ++n) {
      auto key = pub.value().publish(std::as_bytes(std::span(bytes)));
      if (!key.ok()) return fail("topic pub: " + std::string(key.error().what()));
      if (!g.json) std::printf("publishing #%llu: %s\n", (unsigned long long)(n + 1), o.yaml.c_str());
      std::fflush(stdout);
      if (o.times && n + 1 == o.times) break;
      next += period;
      uint64_t now = monotonic_now_ns();
      if (next > now) sleep_ns(next - now);
    }
  } catch (const std::exception& e) {
    return fail("topic pub: " + std::string(e.what()));
  }
  return 0;
}

}  // namespace dmxp::cli
