// literals.hpp - reading numbers and quoted strings of .msg files, and writing strings back
// as C++, Python or JSON literals. Shared by the parser, the resolver and every emitter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmxp::msgc {

// Decimal or 0x-hexadecimal digits, no sign; nullopt when malformed or above UINT64_MAX.
std::optional<uint64_t> parse_uint(std::string_view text);

// The text between the quotes of a String token, with \\ \" \' \n \t \r \0 \xHH resolved.
// nullopt (and *error set) on an unknown escape.
std::optional<std::string> unescape(std::string_view quoted, std::string* error);

// A double-quoted literal in the given language: quotes, backslashes and every byte outside
// printable ASCII are escaped (octal in C++, \xHH in Python, \u00HH in JSON).
enum class Quoting { Cpp, Python, Json };
std::string quote(std::string_view text, Quoting how);

}  // namespace dmxp::msgc
