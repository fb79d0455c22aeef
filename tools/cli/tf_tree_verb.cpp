// dmxp tf tree: the frames heard on /tf and /tf_static during --duration, as a tree (what
// tf2_tools' view_frames draws): each frame under its parent, static or dynamic, the rate
// of a dynamic frame's stamps, its newest stamp and who sent it.
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "tf_session.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

namespace {

constexpr const char* kUsage = "tf tree takes [--duration S]";

double rate_hz(const tf::FrameInfo& f) {
  return f.samples > 1 && f.newest > f.oldest ? double(f.samples - 1) * 1e9 / double(f.newest - f.oldest) : 0.0;
}

std::string describe(const tf::FrameInfo& f) {
  char buf[160];
  if (f.is_static) std::snprintf(buf, sizeof buf, "static, %s", f.authority.c_str());
  else
    std::snprintf(buf, sizeof buf, "dynamic, %.1f Hz, newest %s, %s", rate_hz(f), tf::format_time(f.newest).c_str(),
                  f.authority.c_str());
  return buf;
}

void print_json(const std::vector<tf::FrameInfo>& frames) {
  std::printf("[");
  for (size_t i = 0; i < frames.size(); ++i) {
    const tf::FrameInfo& f = frames[i];
    std::printf("%s{\"frame\":%s,\"parent\":%s,\"static\":%s,\"rate_hz\":%.3f,\"newest_ns\":%lld,\"authority\":%s}",
                i ? "," : "", json_escape(f.frame).c_str(), json_escape(f.parent).c_str(),
                f.is_static ? "true" : "false", rate_hz(f), (long long)f.newest, json_escape(f.authority).c_str());
  }
  std::printf("]\n");
}

void print_tree(const std::vector<tf::FrameInfo>& frames) {
  std::map<std::string, std::vector<const tf::FrameInfo*>> children;
  std::set<std::string> has_parent;
  for (const tf::FrameInfo& f : frames) {
    children[f.parent].push_back(&f);
    has_parent.insert(f.frame);
  }
  std::function<void(const std::string&, const std::string&)> below = [&](const std::string& frame,
                                                                          const std::string& indent) {
    const auto& kids = children[frame];
    for (size_t i = 0; i < kids.size(); ++i) {
      bool last = i + 1 == kids.size();
      std::printf("%s%s %s  (%s)\n", indent.c_str(), last ? "└──" : "├──", kids[i]->frame.c_str(),
                  describe(*kids[i]).c_str());
      below(kids[i]->frame, indent + (last ? "    " : "│   "));
    }
  };
  // Roots: parents that are nobody's child (one per tree).
  for (const auto& [parent, _] : std::map(children)) {
    if (has_parent.count(parent)) continue;
    std::printf("%s\n", parent.c_str());
    below(parent, "");
  }
}

}  // namespace

// `dmxp tf` without echo or tree (main.cpp dispatches those two directly).
int tf_verbs(const GlobalOptions&, const Args& args) {
  return usage_error(args.empty() ? "tf takes echo or tree" : "unknown tf verb '" + args[0] + "' (tf takes echo or tree)");
}

int tf_tree(const GlobalOptions& g, const Args& args) {
  tools::ArgCursor a(args);
  double duration = 2.0;
  try {
    std::string v;
    while (!a.done()) {
      if (a.value("--duration", &v)) duration = parse_positive("--duration", v);
      else return usage_error("unexpected '" + a.peek() + "' (" + kUsage + ")");
    }
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  install_stop_handler();
  try {
    TfSession session(effective_domain(g.domain), "dmxp_tf_tree");
    uint64_t end = monotonic_now_ns() + uint64_t(duration * 1e9);
    while (!stop_requested() && monotonic_now_ns() < end) sleep_ns(10'000'000);
    std::vector<tf::FrameInfo> frames = session.buffer().frame_info();
    if (g.json) print_json(frames);
    else if (frames.empty()) return fail("tf tree: no transforms on /tf or /tf_static in " + std::to_string(duration) + " s");
    else print_tree(frames);
    return 0;
  } catch (const std::exception& e) {
    return fail(std::string("tf tree: ") + e.what());
  }
}

}  // namespace dmxp::cli
