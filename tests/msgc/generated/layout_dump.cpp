// msgc_layout_dump: the layout the C++ compiler gave every standard and demo type
// (offsetof/sizeof through Reflect<T>), one JSON object per line, for tests/msgc/python to
// compare with the numpy dtypes and the descriptors, and for tests/msgc/langs with the other
// languages' types; "defaults" is the FNV-1a 64 of the bytes of T() (the .msg defaults).
#include <cstdio>
#include <memory>

#include "standard_types.hpp"
#include <demo_msgs/msg/Everything.hpp>
#include <demo_msgs/msg/Inner.hpp>
#include <demo_msgs/msg/Ros1Style.hpp>
#include <demo_base/msg/Base.hpp>

template <class T>
void dump() {
  std::printf("{\"type\": \"%s\", \"size\": %zu, \"align\": %zu, \"fingerprint\": \"0x%016llx\", \"fields\": [",
              T::kTypeName, sizeof(T), alignof(T), (unsigned long long)T::kFingerprint);
  const char* sep = "";
  for (const dmxp::msg::FieldInfo& f : dmxp::msg::Reflect<T>::fields()) {
    std::printf("%s[\"%.*s\", %zu, %zu]", sep, int(f.name.size()), f.name.data(), f.offset, f.size);
    sep = ", ";
  }
  auto made = std::make_unique<T>();
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(made.get());
  unsigned long long h = 14695981039346656037ull;
  for (size_t i = 0; i < sizeof(T); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  std::printf("], \"defaults\": \"0x%016llx\"}\n", h);
}

int main() {
#define DMXP_DUMP(T) dump<T>();
  DMXP_FOR_EACH_STANDARD_TYPE(DMXP_DUMP)
  DMXP_DUMP(demo_msgs::msg::Everything)
  DMXP_DUMP(demo_msgs::msg::Inner)
  DMXP_DUMP(demo_msgs::msg::Ros1Style)
  DMXP_DUMP(demo_base::msg::Base)
  return 0;
}
