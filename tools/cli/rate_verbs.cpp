// dmxp topic hz | bw | delay: statistics from slot headers (commit stamps and sizes), read by
// a passive observer; delay also reads the message's header.stamp (a few bytes).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "decode/json.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "observer.hpp"
#include "output.hpp"
#include "rate_window.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

struct RateOptions {
  std::string topic;
  size_t window = 10000;
  uint64_t count = 0;     // stop after this many messages (0: never)
  double duration_s = 0;  // stop after this long (0: never)
};

RateOptions parse(const char* verb, const Args& args) {
  RateOptions o;
  ArgCursor a(args);
  std::string v;
  while (!a.done()) {
    if (a.value("--window", &v) || a.value("-w", &v)) o.window = parse_count("--window", v);
    else if (a.value("-n", &v)) o.count = parse_count("-n", v);
    else if (a.value("--duration", &v)) o.duration_s = parse_positive("--duration", v);
    else if (a.at_option()) throw std::invalid_argument(std::string("topic ") + verb + ": unknown option '" + a.take() + "'");
    else if (o.topic.empty()) o.topic = a.take();
    else throw std::invalid_argument(std::string("topic ") + verb + " takes one topic");
  }
  if (o.topic.empty()) throw std::invalid_argument(std::string("topic ") + verb + " needs a topic");
  if (o.window < 1) throw std::invalid_argument("--window must be at least 1");
  return o;
}

// What a verb does with each message and how it prints its window.
struct RateVerb {
  size_t copy_limit = 0;  // payload bytes each message needs (delay: up to its header)
  std::function<void(const ObservedMessage&, bool after_gap)> sample;
  std::function<void(bool json, uint64_t lost)> report;  // nothing when there is no data yet
};

int run(const GlobalOptions& g, const RateOptions& o, const std::string& channel, RateVerb& verb) {
  std::string domain = effective_domain(g.domain), error;
  install_stop_handler();
  Observer obs;
  if (obs.open(domain, channel, 0, &error) != DMXP_OK) return fail(error);
  uint64_t start = monotonic_now_ns(), next_report = start + 1000000000ull, seen = 0, lost_before = 0;
  ObservedMessage m;
  bool printed_since_sample = true;
  while (!stop_requested() && (o.count == 0 || seen < o.count)) {
    uint64_t now = monotonic_now_ns();
    if (o.duration_s > 0 && now - start >= uint64_t(o.duration_s * 1e9)) break;
    int rc = obs.next(&m, verb.copy_limit, int64_t(std::min<uint64_t>(next_report - std::min(next_report, now), 100000000ull)));
    if (rc == DMXP_OK) {
      ++seen;
      verb.sample(m, obs.lost() != lost_before);
      lost_before = obs.lost();
      printed_since_sample = false;
    } else if (rc != DMXP_ERR_TIMEOUT) {
      return report_error("topic '" + o.topic + "'", rc);
    }
    if (monotonic_now_ns() >= next_report) {
      if (!printed_since_sample) verb.report(g.json, obs.lost());
      else if (!g.json) std::printf("no new messages\n");
      std::fflush(stdout);
      printed_since_sample = true;
      next_report += 1000000000ull;
    }
  }
  if (!printed_since_sample) verb.report(g.json, obs.lost());
  std::fflush(stdout);
  return 0;
}

int with_topic(const char* name, const GlobalOptions& g, const Args& args,
               const std::function<int(const RateOptions&, const TopicRef&)>& body) {
  RateOptions o;
  try { o = parse(name, args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string error;
  TopicRef ref;
  if (resolve_topic(effective_domain(g.domain), o.topic, &ref, &error) != DMXP_OK) return fail(error);
  return body(o, ref);
}

// Byte offsets of header.stamp.sec / .nanosec in the type, when it has a std_msgs/Header.
std::optional<std::pair<uint64_t, uint64_t>> stamp_offsets(const std::string& descriptor) {
  try {
    json::Value d = json::parse(descriptor);
    for (const json::Value& f : d["fields"].array) {
      if (f["name"].str() != "header" || f["type"].str() != "std_msgs/Header") continue;
      const json::Value& header = d["types"]["std_msgs/Header"];
      for (const json::Value& hf : header["fields"].array) {
        if (hf["name"].str() != "stamp") continue;
        uint64_t base = f["offset"].as_u64() + hf["offset"].as_u64(), sec = 0, nsec = 0;
        for (const json::Value& tf : d["types"][hf["type"].str()]["fields"].array) {
          if (tf["name"].str() == "sec") sec = base + tf["offset"].as_u64();
          if (tf["name"].str() == "nanosec") nsec = base + tf["offset"].as_u64();
        }
        return std::make_pair(sec, nsec);
      }
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

int topic_hz(const GlobalOptions& g, const Args& args) {
  return with_topic("hz", g, args, [&](const RateOptions& o, const TopicRef& ref) {
    RateWindow periods(o.window);
    uint64_t last = 0;
    RateVerb verb;
    verb.sample = [&](const ObservedMessage& m, bool after_gap) {
      // A period across lost messages is not one period: it starts the count again.
      if (last && !after_gap && m.timestamp_ns >= last) periods.add(double(m.timestamp_ns - last) * 1e-9);
      last = m.timestamp_ns;
    };
    verb.report = [&](bool json, uint64_t lost) {
      if (!periods.count()) return;
      double rate = periods.mean() > 0 ? 1.0 / periods.mean() : 0;
      if (json)
        std::printf("{\"topic\":%s,\"rate\":%.6f,\"min\":%.9f,\"max\":%.9f,\"std_dev\":%.9f,\"window\":%zu,\"lost\":%llu}\n",
                    json_escape(ref.topic).c_str(), rate, periods.min(), periods.max(), periods.stddev(),
                    periods.count() + 1, (unsigned long long)lost);
      else
        std::printf("average rate: %.3f\n\tmin: %.6fs max: %.6fs std dev: %.6fs window: %zu%s\n", rate,
                    periods.min(), periods.max(), periods.stddev(), periods.count() + 1,
                    lost ? (" (" + std::to_string(lost) + " messages not seen: could not keep up)").c_str() : "");
    };
    return run(g, o, ref.channel, verb);
  });
}

int topic_bw(const GlobalOptions& g, const Args& args) {
  return with_topic("bw", g, args, [&](const RateOptions& o, const TopicRef& ref) {
    RateWindow sizes(o.window), periods(o.window);
    uint64_t last = 0;
    RateVerb verb;
    verb.sample = [&](const ObservedMessage& m, bool after_gap) {
      if (last && !after_gap && m.timestamp_ns >= last) {
        periods.add(double(m.timestamp_ns - last) * 1e-9);
        sizes.add(double(m.size));  // the bytes that arrived over that period
      }
      last = m.timestamp_ns;
    };
    verb.report = [&](bool json, uint64_t lost) {
      if (!periods.count() || periods.sum() <= 0) return;
      double bps = sizes.sum() / periods.sum();
      if (json)
        std::printf("{\"topic\":%s,\"bytes_per_s\":%.3f,\"mean_size\":%.1f,\"min_size\":%.0f,\"max_size\":%.0f,\"window\":%zu,\"lost\":%llu}\n",
                    json_escape(ref.topic).c_str(), bps, sizes.mean(), sizes.min(), sizes.max(),
                    sizes.count(), (unsigned long long)lost);
      else
        std::printf("%.2f MB/s from %zu messages\n\tmessage size mean: %.0f B min: %.0f B max: %.0f B%s\n",
                    bps / 1e6, sizes.count(), sizes.mean(), sizes.min(), sizes.max(),
                    lost ? (" (" + std::to_string(lost) + " messages not seen)").c_str() : "");
    };
    return run(g, o, ref.channel, verb);
  });
}

int topic_delay(const GlobalOptions& g, const Args& args) {
  return with_topic("delay", g, args, [&](const RateOptions& o, const TopicRef& ref) {
    std::string descriptor;
    if (int rc = read_descriptor(effective_domain(g.domain), ref.channel, &descriptor))
      return report_error("topic '" + ref.topic + "'", rc);
    auto stamp = stamp_offsets(descriptor);
    RateWindow delays(o.window);
    RateVerb verb;
    if (stamp) verb.copy_limit = std::max(stamp->first + 4, stamp->second + 4);
    verb.sample = [&](const ObservedMessage& m, bool) {
      uint64_t now = realtime_now_ns(), sent = m.timestamp_ns;
      if (stamp && m.bytes.size() >= verb.copy_limit) {
        int32_t sec;
        uint32_t nsec;
        std::memcpy(&sec, m.bytes.data() + stamp->first, 4);
        std::memcpy(&nsec, m.bytes.data() + stamp->second, 4);
        sent = uint64_t(int64_t(sec)) * 1000000000ull + nsec;
      }
      delays.add((double(now) - double(sent)) * 1e-9);
    };
    verb.report = [&](bool json, uint64_t lost) {
      if (!delays.count()) return;
      const char* from = stamp ? "header.stamp" : "commit";
      if (json)
        std::printf("{\"topic\":%s,\"from\":\"%s\",\"mean\":%.9f,\"min\":%.9f,\"max\":%.9f,\"std_dev\":%.9f,\"window\":%zu,\"lost\":%llu}\n",
                    json_escape(ref.topic).c_str(), from, delays.mean(), delays.min(), delays.max(),
                    delays.stddev(), delays.count(), (unsigned long long)lost);
      else
        std::printf("average delay (from %s): %.6f\n\tmin: %.6fs max: %.6fs std dev: %.6fs window: %zu\n",
                    from, delays.mean(), delays.min(), delays.max(), delays.stddev(), delays.count());
    };
    return run(g, o, ref.channel, verb);
  });
}

}  // namespace dmxp::cli
