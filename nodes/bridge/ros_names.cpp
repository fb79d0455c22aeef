#include "ros_names.hpp"

#include <cctype>

namespace dmxp_bridge {
namespace {

constexpr std::string_view kTopicPrefix = "rt";
constexpr std::string_view kTypeInfix = "::msg::dds_::";
constexpr std::string_view kTypeHashKey = "typehash=";

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// The value of `key` in "k1=v1;k2=v2;" ("" when absent).
std::optional<std::string_view> user_data_value(std::string_view user_data, std::string_view key) {
  size_t pos = 0;
  while (pos < user_data.size()) {
    size_t end = user_data.find(';', pos);
    if (end == std::string_view::npos) end = user_data.size();
    std::string_view item = user_data.substr(pos, end - pos);
    if (item.substr(0, key.size()) == key) return item.substr(key.size());
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::string dds_topic_name(std::string_view ros_topic) {
  return std::string(kTopicPrefix) + std::string(ros_topic);
}

std::optional<std::string> ros_topic_name(std::string_view dds_topic) {
  if (dds_topic.size() <= kTopicPrefix.size() + 1 || dds_topic.substr(0, kTopicPrefix.size()) != kTopicPrefix ||
      dds_topic[kTopicPrefix.size()] != '/')
    return std::nullopt;
  return std::string(dds_topic.substr(kTopicPrefix.size()));
}

std::optional<std::string> dds_type_name(std::string_view type) {
  size_t first = type.find('/'), last = type.rfind('/');
  if (first == std::string_view::npos) return std::nullopt;
  std::string_view pkg = type.substr(0, first), name = type.substr(last + 1);
  if (last != first && type.substr(first, last - first + 1) != "/msg/") return std::nullopt;
  if (!is_identifier(pkg) || !is_identifier(name)) return std::nullopt;
  return std::string(pkg) + std::string(kTypeInfix) + std::string(name) + "_";
}

std::optional<std::string> ros_type_name(std::string_view dds_type) {
  size_t infix = dds_type.find(kTypeInfix);
  if (infix == std::string_view::npos || dds_type.empty() || dds_type.back() != '_') return std::nullopt;
  std::string_view pkg = dds_type.substr(0, infix);
  std::string_view name = dds_type.substr(infix + kTypeInfix.size());
  name.remove_suffix(1);
  if (!is_identifier(pkg) || !is_identifier(name)) return std::nullopt;
  return std::string(pkg) + "/msg/" + std::string(name);
}

std::string dmxp_type_name(std::string_view type) {
  size_t first = type.find('/'), last = type.rfind('/');
  if (first == std::string_view::npos || first == last) return std::string(type);
  return std::string(type.substr(0, first)) + std::string(type.substr(last));
}

std::string type_hash_user_data(std::string_view rihs01_hash) {
  if (rihs01_hash.empty()) return "";
  return std::string(kTypeHashKey) + std::string(rihs01_hash) + ";";
}

std::string type_hash_from_user_data(std::string_view user_data) {
  auto v = user_data_value(user_data, kTypeHashKey);
  return v ? std::string(*v) : std::string();
}

bool glob_match(std::string_view p, std::string_view s) {
  // Patterns are short: plain recursion over the stars is enough.
  if (p.empty()) return s.empty();
  if (p.substr(0, 2) == "**") {
    for (size_t k = 0; k <= s.size(); ++k)
      if (glob_match(p.substr(2), s.substr(k))) return true;
    return false;
  }
  if (p[0] == '*') {
    for (size_t k = 0;; ++k) {
      if (glob_match(p.substr(1), s.substr(k))) return true;
      if (k == s.size() || s[k] == '/') return false;
    }
  }
  if (s.empty()) return false;
  bool same = p[0] == '?' ? s[0] != '/' : p[0] == s[0];
  return same && glob_match(p.substr(1), s.substr(1));
}

bool matches_any(const std::vector<std::string>& patterns, std::string_view name) {
  for (const std::string& p : patterns)
    if (glob_match(p, name)) return true;
  return false;
}

}  // namespace dmxp_bridge
