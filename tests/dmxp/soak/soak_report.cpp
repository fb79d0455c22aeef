#include "soak_report.hpp"

#include <cstdarg>
#include <cstdio>

#include "soak_config.hpp"

namespace dmxp_soak {

const char* check_name(Check c) {
  static const char* const names[] = {
      "integrity", "phantom", "duplicate", "redelivery", "missing", "order", "key-order",
      "batch", "prev-key", "lost-gap", "lost-accounting", "queue-accounting", "stuck-channel",
      "stuck-producer", "hung-process", "shm-growth", "record-growth", "record-reclaim",
      "process-exit", "api-error", "drain", "internal"};
  static_assert(sizeof names / sizeof names[0] == size_t(Check::kCount));
  return names[int(c)];
}

void Report::violation(Check c, const char* fmt, ...) {
  uint64_t n = ++counts_[int(c)];
  if (n > uint64_t(max_per_check_)) {
    if (n == uint64_t(max_per_check_) + 1)
      std::fprintf(stderr, "soak: [%s] more violations of this check are only counted\n",
                   check_name(c));
    return;
  }
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "soak: VIOLATION [%s] t=%.3fs %s\n", check_name(c),
               double(monotonic_ns() - start_ns_) / 1e9, text);
}

void Report::note(const char* fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "soak: t=%.3fs %s\n", double(monotonic_ns() - start_ns_) / 1e9, text);
}

uint64_t Report::total() const {
  uint64_t t = 0;
  for (uint64_t c : counts_) t += c;
  return t;
}

std::string Report::breakdown() const {
  std::string s;
  for (int i = 0; i < int(Check::kCount); ++i) {
    if (!counts_[i]) continue;
    if (!s.empty()) s += ", ";
    s += check_name(Check(i));
    s += " " + std::to_string(counts_[i]);
  }
  return s;
}

}  // namespace dmxp_soak
