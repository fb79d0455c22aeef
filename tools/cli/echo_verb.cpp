// dmxp topic echo: decoded messages as YAML documents, JSON lines or CSV rows.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "decode/value_filter.hpp"
#include "decode/value_format.hpp"
#include "decode/value_path.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "message_decoder.hpp"
#include "observer.hpp"
#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

enum class Format { Yaml, Json, Csv };

struct EchoOptions {
  std::string topic;
  Format format = Format::Yaml;
  std::optional<ValuePath> field;
  std::optional<ValueFilter> filter;
  uint64_t count = 0;  // 0: until interrupted
  uint64_t from_key = 0;
  double timeout_s = 0;
  ArrayLimit limit;
};

EchoOptions parse(const GlobalOptions& g, const Args& args) {
  EchoOptions o;
  if (g.json) o.format = Format::Json;
  ArgCursor a(args);
  std::string v;
  while (!a.done()) {
    if (a.flag("--json")) o.format = Format::Json;
    else if (a.flag("--csv")) o.format = Format::Csv;
    else if (a.flag("--once")) o.count = 1;
    else if (a.flag("--no-arr")) o.limit.summarize = true;
    else if (a.value("-n", &v)) o.count = parse_count("-n", v);
    else if (a.value("--max-array", &v)) o.limit.max_items = parse_count("--max-array", v);
    else if (a.value("--field", &v)) o.field = parse_value_path(v);
    else if (a.value("--filter", &v)) o.filter.emplace(v);
    else if (a.value("--from-key", &v)) o.from_key = parse_count("--from-key", v);
    else if (a.value("--timeout", &v)) o.timeout_s = parse_positive("--timeout", v);
    else if (a.at_option()) throw std::invalid_argument("topic echo: unknown option '" + a.take() + "'");
    else if (o.topic.empty()) o.topic = a.take();
    else throw std::invalid_argument("topic echo takes one topic, not also '" + a.take() + "'");
  }
  if (o.topic.empty()) throw std::invalid_argument("topic echo needs a topic");
  return o;
}

void report_losses(const std::string& topic, Observer& obs) {
  if (uint64_t n = obs.take_new_losses())
    std::fprintf(stderr, "dmxp: echo %s: could not keep up: %llu message%s overwritten before they "
                 "were read (%llu so far)\n", topic.c_str(), (unsigned long long)n, n == 1 ? "" : "s",
                 (unsigned long long)obs.lost());
}

}  // namespace

int topic_echo(const GlobalOptions& g, const Args& args) {
  EchoOptions o;
  try { o = parse(g, args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string domain = effective_domain(g.domain), error, descriptor;
  TopicRef ref;
  if (resolve_topic(domain, o.topic, &ref, &error) != DMXP_OK) return fail(error);
  if (int rc = read_descriptor(domain, ref.channel, &descriptor)) return report_error("topic '" + ref.topic + "'", rc);
  std::optional<MessageDecoder> decoder;
  try {
    decoder.emplace(descriptor);
  } catch (const std::exception& e) {
    return fail("topic '" + ref.topic + "': its channel holds an unreadable layout descriptor: " + e.what());
  }
  install_stop_handler();
  Observer obs;
  if (obs.open(domain, ref.channel, o.from_key, &error) != DMXP_OK) return fail("topic echo: " + error);

  int64_t timeout_ns = o.timeout_s > 0 ? int64_t(o.timeout_s * 1e9) : -1;
  uint64_t shown = 0;
  bool header_done = false;
  ObservedMessage m;
  while (!stop_requested() && (o.count == 0 || shown < o.count)) {
    int rc = obs.next(&m, SIZE_MAX, timeout_ns);
    report_losses(ref.topic, obs);
    if (rc == DMXP_ERR_TIMEOUT) {
      if (stop_requested()) break;
      return fail("topic echo: no message on '" + ref.topic + "' within " + std::to_string(o.timeout_s) + " s");
    }
    if (rc != DMXP_OK) return report_error("topic echo '" + ref.topic + "'", rc);
    try {
      json::Value msg = decoder->decode(m.bytes.data(), m.bytes.size());
      if (o.filter && !o.filter->matches(msg)) continue;
      const json::Value* v = &msg;
      if (o.field && !(v = find_value(msg, *o.field)))
        return fail("topic echo: '" + ref.topic + "' has no field '" + o.field->text + "'");
      std::string text;
      if (o.format == Format::Yaml) text = to_yaml(*v, o.limit) + "---\n";
      else if (o.format == Format::Json) text = to_json(*v, o.limit) + "\n";
      else {
        if (!header_done) text = csv_header(*v, o.limit) + "\n";
        text += csv_row(*v, o.limit) + "\n";
        header_done = true;
      }
      std::fputs(text.c_str(), stdout);
      std::fflush(stdout);
    } catch (const std::exception& e) {
      return fail("topic echo '" + ref.topic + "': message with key " + std::to_string(m.key) + ": " + e.what());
    }
    ++shown;
  }
  return 0;
}

}  // namespace dmxp::cli
