// dmxp topic list | info | type | find (and the dispatch of the other topic verbs)
#include <cstdio>
#include <string>
#include <vector>

#include "bridge_routes.hpp"
#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

using dmxp::rt::EndpointKind;

int list(const GlobalOptions& g, const Args& args) {
  bool types = false;
  for (const std::string& a : args) {
    if (a == "-t" || a == "--show-types") types = true;
    else return usage_error("topic list takes only -t, not '" + a + "'");
  }
  std::vector<TopicEntry> topics;
  if (int rc = list_topics(effective_domain(g.domain), &topics)) return report_error("topic list", rc);
  if (g.json) {
    std::printf("[");
    for (size_t i = 0; i < topics.size(); ++i)
      std::printf("%s{\"topic\":%s,\"channel\":%s,\"type\":%s}", i ? "," : "",
                  json_escape(topics[i].ref.topic).c_str(), json_escape(topics[i].ref.channel).c_str(),
                  json_escape(topics[i].type_name).c_str());
    std::printf("]\n");
    return 0;
  }
  for (const TopicEntry& t : topics) {
    if (types) std::printf("%s [%s]\n", t.ref.topic.c_str(), t.type_name.empty() ? "untyped" : t.type_name.c_str());
    else std::printf("%s\n", t.ref.topic.c_str());
  }
  return 0;
}

std::vector<dmxp_consumer_record_info> consumers_of(const std::string& domain, const std::string& channel) {
  std::vector<dmxp_consumer_record_info> out;
  dmxp_channel_consumers(domain.c_str(), channel.c_str(), [](const dmxp_consumer_record_info* c, void* user) {
    static_cast<std::vector<dmxp_consumer_record_info>*>(user)->push_back(*c);
    return 0;
  }, &out);
  return out;
}

std::string endpoint_json(const dmxp::rt::GraphEndpoint& e) {
  return "{\"node\":" + json_escape(e.node) + ",\"pid\":" + std::to_string(e.pid) +
         ",\"type\":" + json_escape(e.type_name) + ",\"qos\":" + json_escape(dmxp::rt::to_string(e.qos)) + "}";
}

std::string consumer_json(const dmxp_consumer_record_info& c) {
  return "{\"name\":" + json_escape(c.name) + ",\"pid\":" + std::to_string(c.pid) +
         ",\"live\":" + (c.live ? "true" : "false") + ",\"passive\":" + (c.gating ? "false" : "true") +
         ",\"lag\":" + std::to_string(c.lag) + ",\"lost\":" + std::to_string(c.lost) +
         ",\"received\":" + std::to_string(c.received) + "}";
}

std::string bridge_json(const BridgeRouteInfo& b) {
  return "{\"node\":" + json_escape(b.node) + ",\"direction\":\"" + b.direction +
         "\",\"forwarded\":" + std::to_string(b.forwarded) + ",\"oversized\":" + std::to_string(b.oversized) +
         ",\"malformed\":" + std::to_string(b.malformed) + ",\"lost\":" + std::to_string(b.lost) +
         ",\"looped\":" + std::to_string(b.looped) + ",\"last_error\":" + json_escape(b.last_error) + "}";
}

void print_bridges(const std::vector<BridgeRouteInfo>& routes) {
  if (routes.empty()) return;
  std::printf("bridged:       %zu\n", routes.size());
  for (const auto& b : routes) {
    std::printf("  %-32s %s %s DDS: forwarded %llu, oversized %llu, malformed %llu, lost %llu, looped %llu\n",
                b.node.c_str(), b.direction.c_str(), b.direction == "export" ? "to" : "from",
                (unsigned long long)b.forwarded, (unsigned long long)b.oversized,
                (unsigned long long)b.malformed, (unsigned long long)b.lost, (unsigned long long)b.looped);
    if (!b.last_error.empty()) std::printf("    last dropped: %s\n", b.last_error.c_str());
  }
}

void print_endpoints(const char* title, const std::vector<dmxp::rt::GraphEndpoint>& eps) {
  std::printf("%s %zu\n", title, eps.size());
  for (const auto& e : eps)
    std::printf("  %-32s pid %-8d %s\n", e.node.c_str(), e.pid, dmxp::rt::to_string(e.qos).c_str());
}

int info(const GlobalOptions& g, const Args& args) {
  if (args.size() != 1) return usage_error("topic info takes one topic");
  std::string domain = effective_domain(g.domain), error;
  TopicRef ref;
  dmxp_channel_info ch;
  if (resolve_topic(domain, args[0], &ref, &error, &ch) != DMXP_OK) return fail(error);
  std::vector<dmxp::rt::GraphEndpoint> pubs, subs;
  if (auto graph = graph_snapshot(domain)) {
    pubs = graph->endpoints_of(ref.topic, EndpointKind::Publisher);
    subs = graph->endpoints_of(ref.topic, EndpointKind::Subscription);
  }
  std::vector<dmxp_consumer_record_info> consumers = consumers_of(domain, ref.channel);
  std::vector<dmxp::rt::GraphEndpoint> all = pubs;
  all.insert(all.end(), subs.begin(), subs.end());
  std::vector<BridgeRouteInfo> bridges = bridge_routes(domain, ref.topic, all);
  if (g.json) {
    std::string p, s, c, b;
    for (const auto& e : bridges) b += (b.empty() ? "" : ",") + bridge_json(e);
    for (const auto& e : pubs) p += (p.empty() ? "" : ",") + endpoint_json(e);
    for (const auto& e : subs) s += (s.empty() ? "" : ",") + endpoint_json(e);
    for (const auto& e : consumers) c += (c.empty() ? "" : ",") + consumer_json(e);
    std::printf("{\"topic\":%s,\"channel\":%s,\"publishers\":[%s],\"subscriptions\":[%s],\"consumers\":[%s],"
                "\"bridges\":[%s]}\n",
                json_escape(ref.topic).c_str(), channel_info_json(ch).c_str(), p.c_str(), s.c_str(), c.c_str(),
                b.c_str());
    return 0;
  }
  std::printf("topic:         %s (channel %s)\n", ref.topic.c_str(), ref.channel.c_str());
  std::printf("type:          %s (fingerprint %016llx)\n", ch.type_name[0] ? ch.type_name : "untyped",
              (unsigned long long)ch.type_fingerprint);
  std::printf("delivery:      %s, %s\n", mode_name(ch.mode), backpressure_name(ch.backpressure));
  std::printf("ring:          %u slots x %u bytes\n", ch.capacity, ch.slot_size);
  std::printf("published:     %llu (last key %llu)\n", (unsigned long long)ch.published,
              (unsigned long long)ch.last_key);
  std::printf("producers:     %u live\n", ch.producers);
  print_endpoints("publishers:   ", pubs);
  print_endpoints("subscriptions:", subs);
  std::printf("consumers:     %zu\n", consumers.size());
  for (const auto& c : consumers)
    std::printf("  pid %-8d %-8s %-8s lag %-8llu lost %-8llu received %llu%s%s\n", c.pid,
                c.live ? "live" : "parked", c.gating ? "gating" : "passive", (unsigned long long)c.lag,
                (unsigned long long)c.lost, (unsigned long long)c.received, c.name[0] ? "  name " : "", c.name);
  print_bridges(bridges);
  return 0;
}

int type(const GlobalOptions& g, const Args& args) {
  if (args.size() != 1) return usage_error("topic type takes one topic");
  std::string domain = effective_domain(g.domain), error;
  TopicRef ref;
  dmxp_channel_info ch;
  if (resolve_topic(domain, args[0], &ref, &error, &ch) != DMXP_OK) return fail(error);
  if (g.json) std::printf("{\"topic\":%s,\"type\":%s}\n", json_escape(ref.topic).c_str(), json_escape(ch.type_name).c_str());
  else std::printf("%s\n", ch.type_name[0] ? ch.type_name : "untyped");
  return 0;
}

int find(const GlobalOptions& g, const Args& args) {
  if (args.size() != 1) return usage_error("topic find takes one type");
  std::vector<std::string> found;
  std::vector<TopicEntry> topics;
  if (int rc = list_topics(effective_domain(g.domain), &topics)) return report_error("topic find", rc);
  for (const TopicEntry& t : topics)
    if (t.type_name == args[0]) found.push_back(t.ref.topic);
  if (g.json) {
    std::printf("[");
    for (size_t i = 0; i < found.size(); ++i) std::printf("%s%s", i ? "," : "", json_escape(found[i]).c_str());
    std::printf("]\n");
  } else {
    for (const std::string& t : found) std::printf("%s\n", t.c_str());
  }
  return 0;
}

}  // namespace

int topic_verbs(const GlobalOptions& g, const Args& args) {
  if (args.empty()) return usage_error("topic needs a verb: list, info, type, find, echo, hz, bw, delay, pub");
  Args rest(args.begin() + 1, args.end());
  if (args[0] == "list") return list(g, rest);
  if (args[0] == "info") return info(g, rest);
  if (args[0] == "type") return type(g, rest);
  if (args[0] == "find") return find(g, rest);
  return usage_error("unknown verb 'topic " + args[0] + "'");
}

}  // namespace dmxp::cli
