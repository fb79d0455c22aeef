// Goal ids, goal states and their transitions, and action names (action_common.hpp).
#include <sys/random.h>

#include <cstdio>
#include <ctime>
#include <random>

#include "dmxp/rt/action_common.hpp"

namespace dmxp::rt {

GoalUUID random_goal_id() {
  GoalUUID id{};
  size_t got = 0;
  while (got < id.size()) {
    ssize_t n = getrandom(id.data() + got, id.size() - got, 0);
    if (n > 0) got += size_t(n);
    else if (errno != EINTR) break;
  }
  if (got < id.size()) {  // no getrandom (very old kernels): the C++ source
    std::random_device rd;
    for (uint8_t& b : id) b = uint8_t(rd());
  }
  id[6] = uint8_t((id[6] & 0x0f) | 0x40);  // version 4
  id[8] = uint8_t((id[8] & 0x3f) | 0x80);  // variant RFC 4122
  return id;
}

std::string to_string(const GoalUUID& id) {
  std::string out;
  char hex[3];
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", id[i]);
    out += hex;
  }
  return out;
}

std::optional<GoalUUID> parse_goal_id(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  GoalUUID id{};
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i++] != '-') return std::nullopt;
      continue;
    }
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id[byte++] = uint8_t(hi << 4 | lo);
    i += 2;
  }
  return id;
}

const char* to_string(GoalStatus s) {
  switch (s) {
    case GoalStatus::Unknown: return "UNKNOWN";
    case GoalStatus::Accepted: return "ACCEPTED";
    case GoalStatus::Executing: return "EXECUTING";
    case GoalStatus::Canceling: return "CANCELING";
    case GoalStatus::Succeeded: return "SUCCEEDED";
    case GoalStatus::Canceled: return "CANCELED";
    case GoalStatus::Aborted: return "ABORTED";
  }
  return "INVALID";
}

bool is_terminal(GoalStatus s) {
  return s == GoalStatus::Succeeded || s == GoalStatus::Canceled || s == GoalStatus::Aborted;
}

bool is_active(GoalStatus s) {
  return s == GoalStatus::Accepted || s == GoalStatus::Executing || s == GoalStatus::Canceling;
}

const char* to_string(GoalEvent e) {
  switch (e) {
    case GoalEvent::Execute: return "execute";
    case GoalEvent::CancelGoal: return "cancel";
    case GoalEvent::Succeed: return "succeed";
    case GoalEvent::Abort: return "abort";
    case GoalEvent::Canceled: return "end as canceled";
  }
  return "?";
}

std::optional<GoalStatus> transition(GoalStatus from, GoalEvent e) {
  using S = GoalStatus;
  switch (e) {
    case GoalEvent::Execute:
      if (from == S::Accepted) return S::Executing;
      break;
    case GoalEvent::CancelGoal:
      if (from == S::Accepted || from == S::Executing) return S::Canceling;
      break;
    case GoalEvent::Succeed:
      if (from == S::Executing || from == S::Canceling) return S::Succeeded;
      break;
    case GoalEvent::Abort:
      if (from == S::Executing || from == S::Canceling) return S::Aborted;
      break;
    case GoalEvent::Canceled:
      if (from == S::Canceling) return S::Canceled;
      break;
  }
  return std::nullopt;
}

GoalStamp GoalStamp::from_ns(int64_t ns) {
  GoalStamp s;
  s.sec = int32_t(ns / 1'000'000'000);
  s.nanosec = uint32_t(ns % 1'000'000'000);
  return s;
}

GoalStamp GoalStamp::now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return from_ns(int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
}

ActionNames action_names(const std::string& resolved) {
  std::string base = resolved + std::string(kActionInfix);
  return {resolved, base + "send_goal", base + "cancel_goal", base + "get_result",
          base + "feedback", base + "status"};
}

std::string action_type_of_send_goal(std::string_view request_type) {
  constexpr std::string_view suffix = "_SendGoal_Request";
  if (request_type.size() <= suffix.size() || !request_type.ends_with(suffix) ||
      request_type.find("/action/") == std::string_view::npos)
    return "";
  return std::string(request_type.substr(0, request_type.size() - suffix.size()));
}

}  // namespace dmxp::rt
