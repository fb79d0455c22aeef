// output.hpp - printing helpers shared by the verbs: JSON string escaping and a one-line
// error convention ("dmxp: <what>") with a non-zero exit code, plus the small argument and
// signal helpers every verb uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp::cli {

std::string json_escape(const std::string& s);
const char* mode_name(dmxp_mode mode);
const char* backpressure_name(dmxp_backpressure bp);
// One channel's properties as a JSON object (channel_verbs.cpp; also used by topic info).
std::string channel_info_json(const dmxp_channel_info& info);
// Prints "dmxp: <context>: <status text>: <detail>" to stderr and returns exit code 1.
int report_error(const std::string& context, int status);
// Prints "dmxp: <message>" to stderr and returns exit code 1.
int fail(const std::string& message);
// Prints "dmxp: <message> (try 'dmxp <verb> --help')" and returns exit code 2.
int usage_error(const std::string& message);

// The domain the verbs work in: --domain, else $DMXP_DOMAIN, else "default".
std::string effective_domain(const std::string& option);

// Parses a whole decimal number or throws std::invalid_argument naming the option.
uint64_t parse_count(const std::string& option, const std::string& text);
double parse_positive(const std::string& option, const std::string& text);

// SIGINT/SIGTERM set a flag the verbs' loops poll, so they close files and segments cleanly.
void install_stop_handler();
bool stop_requested();

// CLOCK_REALTIME and CLOCK_MONOTONIC in nanoseconds.
uint64_t realtime_now_ns();
uint64_t monotonic_now_ns();
void sleep_ns(uint64_t ns);

}  // namespace dmxp::cli
