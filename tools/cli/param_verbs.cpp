// dmxp param list | get | set: another node's parameters through its parameter service.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "dmxp/rt/parameter_client.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

int param_verbs(const GlobalOptions& g, const Args& args) {
  ArgCursor a(args);
  std::vector<std::string> pos;
  double timeout_s = 2;
  try {
    std::string v;
    while (!a.done()) {
      if (a.value("--timeout", &v)) timeout_s = parse_positive("--timeout", v);
      else pos.push_back(a.take());
    }
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  if (pos.size() < 2) return usage_error("param takes list <node> | get <node> <name> | set <node> <name> <value>");
  const std::string& verb = pos[0];
  std::string target = pos[1][0] == '/' ? pos[1] : "/" + pos[1];
  auto timeout = std::chrono::nanoseconds(int64_t(timeout_s * 1e9));
  try {
    dmxp::rt::NodeOptions no;
    no.domain(effective_domain(g.domain)).start_parameter_services(false).use_global_arguments(false).enable_graph(false);
    dmxp::rt::Node node("dmxp_param_" + std::to_string(getpid()), no);
    dmxp::rt::ParameterClient client(node, target);
    if (verb == "list" && pos.size() == 2) {
      auto params = client.list(timeout);
      if (!params.ok()) return fail("param list " + target + ": " + params.error().what());
      if (g.json) std::printf("[");
      bool first = true;
      for (const auto& p : params.value()) {
        if (g.json)
          std::printf("%s{\"name\":%s,\"type\":%s,\"value\":%s,\"read_only\":%s}", first ? "" : ",",
                      json_escape(p.name).c_str(), json_escape(p.type).c_str(),
                      json_escape(p.value.to_yaml()).c_str(), p.read_only ? "true" : "false");
        else
          std::printf("  %s: %s (%s)%s\n", p.name.c_str(), p.value.to_yaml().c_str(), p.type.c_str(),
                      p.read_only ? " read-only" : "");
        first = false;
      }
      if (g.json) std::printf("]\n");
      return 0;
    }
    if (verb == "get" && pos.size() == 3) {
      auto v = client.get(pos[2], timeout);
      if (!v.ok()) return fail("param get " + target + " " + pos[2] + ": " + v.error().what());
      if (g.json) std::printf("{\"name\":%s,\"value\":%s}\n", json_escape(pos[2]).c_str(), json_escape(v.value().to_yaml()).c_str());
      else std::printf("%s\n", v.value().to_yaml().c_str());
      return 0;
    }
    if (verb == "set" && pos.size() == 4) {
      auto v = dmxp::rt::ParameterValue::from_yaml(pos[3]);
      if (!v.ok()) return fail("param set: " + std::string(v.error().what()));
      auto st = client.set(pos[2], v.value(), timeout);
      if (!st.ok()) return fail("param set " + target + " " + pos[2] + ": " + st.error().what());
      std::printf("set %s = %s\n", pos[2].c_str(), v.value().to_yaml().c_str());
      return 0;
    }
  } catch (const std::exception& e) {
    return fail("param " + verb + ": " + e.what());
  }
  return usage_error("param takes list <node> | get <node> <name> | set <node> <name> <value>");
}

}  // namespace dmxp::cli
