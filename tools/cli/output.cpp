#include "output.hpp"

#include "decode/value_format.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "dmxp/dmxp.hpp"

namespace dmxp::cli {
namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_stop_signal(int) { g_stop = 1; }
}  // namespace

std::string json_escape(const std::string& s) { return json_quoted(s); }

const char* mode_name(dmxp_mode mode) { return mode == DMXP_MODE_QUEUE ? "queue" : "broadcast"; }
const char* backpressure_name(dmxp_backpressure bp) {
  return bp == DMXP_KEEP_LAST ? "keep-last" : "reliable";
}

int report_error(const std::string& context, int status) {
  const char* detail = dmxp_last_error();
  std::fprintf(stderr, "dmxp: %s: %s%s%s\n", context.c_str(), dmxp_strerror(status),
               detail && *detail ? ": " : "", detail ? detail : "");
  return 1;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dmxp: %s\n", message.c_str());
  return 1;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dmxp: %s (try 'dmxp --help')\n", message.c_str());
  return 2;
}

std::string effective_domain(const std::string& option) {
  // main() refused an invalid one; here an invalid one stays as given and fails at first use.
  dmxp::Result<std::string> d = dmxp::resolve_domain(option);
  return d ? d.value() : option;
}

uint64_t parse_count(const std::string& option, const std::string& text) {
  size_t used = 0;
  unsigned long long v = 0;
  try { v = std::stoull(text, &used); } catch (const std::exception&) { used = 0; }
  if (text.empty() || used != text.size() || text[0] == '-')
    throw std::invalid_argument(option + " takes a whole number, not '" + text + "'");
  return v;
}

double parse_positive(const std::string& option, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try { v = std::stod(text, &used); } catch (const std::exception&) { used = 0; }
  if (text.empty() || used != text.size() || !(v > 0))
    throw std::invalid_argument(option + " takes a positive number, not '" + text + "'");
  return v;
}

void install_stop_handler() {
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool stop_requested() { return g_stop != 0; }

static uint64_t clock_ns(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}
uint64_t realtime_now_ns() { return clock_ns(CLOCK_REALTIME); }
uint64_t monotonic_now_ns() { return clock_ns(CLOCK_MONOTONIC); }

void sleep_ns(uint64_t ns) {
  timespec ts{time_t(ns / 1000000000ull), long(ns % 1000000000ull)};
  nanosleep(&ts, nullptr);  // a signal cuts it short; the caller's loop checks stop_requested
}

}  // namespace dmxp::cli
