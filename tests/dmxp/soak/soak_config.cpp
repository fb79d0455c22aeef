#include "soak_config.hpp"

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dmxp_soak {

const char* style_name(ReadStyle style) {
  switch (style) {
    case ReadStyle::kThreads: return "threads";
    case ReadStyle::kWaitset: return "waitset";
    case ReadStyle::kPolling: return "polling";
  }
  return "?";
}

uint32_t ChannelSpec::min_size() const {
  uint32_t m = UINT32_MAX;
  for (const SizeBucket& b : sizes) m = b.min < m ? b.min : m;
  return m;
}

// Mostly small messages; large ones on channels whose slots fit them. Reliable broadcast
// messages are at least 16 bytes so that each carries the key of its predecessor (the
// anonymous consumers' start check needs it; see soak_wire.hpp).
const std::vector<ChannelSpec>& channel_specs() {
  static const std::vector<ChannelSpec> specs = {
      {"bc_rel", DMXP_MODE_BROADCAST, DMXP_RELIABLE, 256, 4032,
       {{80, 16, 128}, {18, 129, 1024}, {2, 1025, 4032}}, 1200, 30, 8, 8, false, 0b0011},
      {"bc_big", DMXP_MODE_BROADCAST, DMXP_RELIABLE, 8, 1u << 20,
       {{60, 4096, 65536}, {30, 65537, 524288}, {10, 524289, 1u << 20}}, 6, 0, 1, 2, true,
       0b0101},
      {"bc_keep", DMXP_MODE_BROADCAST, DMXP_KEEP_LAST, 64, 1024,
       {{30, 8, 15}, {60, 16, 128}, {10, 129, 1024}}, 2000, 20, 6, 4, false, 0b1010},
      {"bc_keep_big", DMXP_MODE_BROADCAST, DMXP_KEEP_LAST, 4, 256u << 10,
       {{50, 4096, 65536}, {50, 65537, 256u << 10}}, 30, 0, 1, 1, true, 0b1001},
      {"q_rel", DMXP_MODE_QUEUE, DMXP_RELIABLE, 256, 16384,
       {{30, 8, 15}, {55, 16, 256}, {14, 257, 4096}, {1, 4097, 16384}}, 1200, 25, 8, 4, false,
       0b1111},
      {"q_keep", DMXP_MODE_QUEUE, DMXP_KEEP_LAST, 64, 512, {{40, 8, 15}, {60, 16, 512}}, 1500,
       20, 4, 4, true, 0b0011},
  };
  return specs;
}

std::string describe(const ChannelSpec& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s/%s cap %u slot %u, %u-%u B, %.0f msg/s per producer",
                s.queue() ? "queue" : "broadcast", s.reliable() ? "reliable" : "keep-last",
                s.capacity, s.slot_size, s.min_size(), s.slot_size, s.rate);
  return buf;
}

namespace {

void usage() {
  std::fprintf(stderr,
      "usage: dmxp_soak [--seconds N | --minutes N] [--seed S] [--domain NAME]\n"
      "                 [--rate-scale X] [--kill-ms MIN:MAX] [--clean-percent P]\n"
      "                 [--stall-slack-ms MS] [--reclaim-deadline-ms MS] [--send-timeout-ms MS]\n"
      "                 [--crash-points PERCENT] [--crash-only PREFIX] [--max-reports N] [-v]\n"
      "Runs 4 producer and 4 consumer processes over the soak's channels, SIGKILLs one of\n"
      "them every MIN..MAX ms (default 1000:3000) and restarts it, checks every message and\n"
      "the channels' accounting continuously, and prints one summary line at the end.\n"
      "--crash-points P: P%% of the restarts exec dmxp_soak_crashpoints (next to this program)\n"
      "with DMXP_CRASH_AT set to a random crash point, where the child then kills itself;\n"
      "--crash-only PREFIX limits the points to those whose name starts with PREFIX.\n");
}

bool number(const char* s, double& out) {
  char* end = nullptr;
  out = std::strtod(s, &end);
  return end && end != s && *end == 0;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](double& v) {
      if (i + 1 >= argc || !number(argv[i + 1], v)) {
        std::fprintf(stderr, "dmxp_soak: %s needs a number\n", a.c_str());
        return false;
      }
      ++i;
      return true;
    };
    double v = 0;
    if (a == "-v" || a == "--verbose") { o.verbose = true; continue; }
    if (a == "--domain" && i + 1 < argc) { o.domain = argv[++i]; continue; }
    if (a == "--crash-only" && i + 1 < argc) { o.crash_only = argv[++i]; continue; }
    if (a == "--role" && i + 1 < argc) {
      std::string r = argv[++i];
      o.role = r == "producer" ? Role::kProducer : r == "consumer" ? Role::kConsumer
                                                                   : Role::kSupervisor;
      continue;
    }
    if (a == "--kill-ms" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%d:%d", &o.kill_min_ms, &o.kill_max_ms) != 2 ||
          o.kill_min_ms < 0 || o.kill_max_ms < o.kill_min_ms) {
        std::fprintf(stderr, "dmxp_soak: --kill-ms wants MIN:MAX milliseconds\n");
        return false;
      }
      continue;
    }
    if (a == "--seconds" || a == "--minutes") {
      if (!value(v) || v <= 0) return usage(), false;
      o.seconds = a == "--minutes" ? v * 60 : v;
      continue;
    }
    if (a == "--seed") { if (!value(v)) return false; o.seed = uint64_t(v); continue; }
    if (a == "--rate-scale") { if (!value(v) || v <= 0) return false; o.rate_scale = v; continue; }
    if (a == "--clean-percent") { if (!value(v)) return false; o.clean_percent = int(v); continue; }
    if (a == "--stall-slack-ms") { if (!value(v)) return false; o.stall_slack_ms = int(v); continue; }
    if (a == "--reclaim-deadline-ms") {
      if (!value(v)) return false;
      o.reclaim_deadline_ms = int(v);
      continue;
    }
    if (a == "--send-timeout-ms") {
      if (!value(v)) return false;
      o.send_timeout_ms = int(v);
      continue;
    }
    if (a == "--crash-points") {
      if (!value(v) || v < 0 || v > 100) return false;
      o.crash_percent = int(v);
      continue;
    }
    if (a == "--max-reports") { if (!value(v)) return false; o.max_reports = int(v); continue; }
    if (a == "--slot") { if (!value(v)) return false; o.slot = int(v); continue; }
    if (a == "--incarnation") { if (!value(v)) return false; o.incarnation = uint32_t(v); continue; }
    if (a == "--ctl-fd") { if (!value(v)) return false; o.ctl_fd = int(v); continue; }
    if (a == "-h" || a == "--help") return usage(), false;
    std::fprintf(stderr, "dmxp_soak: unknown option '%s'\n", a.c_str());
    usage();
    return false;
  }
  if (o.role != Role::kSupervisor &&
      (o.slot < 0 || o.ctl_fd < 0 || o.incarnation == 0 || o.domain.empty())) {
    std::fprintf(stderr, "dmxp_soak: a child needs --slot, --incarnation, --ctl-fd, --domain\n");
    return false;
  }
  return true;
}

std::vector<std::string> child_arguments(const Options& o, Role role, int slot,
                                         uint32_t incarnation, int ctl_fd) {
  char scale[32], seed[32];
  std::snprintf(scale, sizeof scale, "%.6g", o.rate_scale);
  std::snprintf(seed, sizeof seed, "%llu", (unsigned long long)o.seed);
  return {"--role", role == Role::kProducer ? "producer" : "consumer",
          "--slot", std::to_string(slot),
          "--incarnation", std::to_string(incarnation),
          "--ctl-fd", std::to_string(ctl_fd),
          "--domain", o.domain,
          "--seed", seed,
          "--rate-scale", scale,
          "--send-timeout-ms", std::to_string(o.send_timeout_ms)};
}

dmxp_channel_options channel_options(const Options& o, const ChannelSpec& spec, bool create) {
  dmxp_channel_options c;
  dmxp_channel_options_init(&c);
  c.domain = o.domain.c_str();
  c.mode = spec.mode;
  c.backpressure = spec.backpressure;
  c.capacity = spec.capacity;
  c.slot_size = spec.slot_size;
  c.create = create ? 1 : 0;
  c.stall_timeout_ns = o.stall_timeout_ns;
  c.max_consumers = 16;
  c.max_producers = 16;
  return c;
}

int64_t monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace dmxp_soak
