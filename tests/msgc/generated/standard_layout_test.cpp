// For every standard message (the list comes from msgs/ at configure time): the offsets and
// sizes dmxp-msgc computed (the layout descriptor) equal offsetof/sizeof in the compiled
// struct, field by field; the nested type descriptors equal those types' own; the
// fingerprint is the hash of the schema; names and descriptors fit a channel header.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "json.hpp"
#include "standard_types.hpp"
#include <demo_base/msg/Base.hpp>
#include <demo_msgs/msg/Everything.hpp>
#include <demo_msgs/msg/Inner.hpp>
#include <demo_msgs/msg/Ros1Style.hpp>

namespace {

struct TypeFacts {
  std::string name;
  size_t size, align;
  uint64_t fingerprint;
  std::string_view descriptor, schema;
  std::span<const dmxp::msg::FieldInfo> fields;
};

template <class T>
TypeFacts facts() {
  return {T::kTypeName, sizeof(T), alignof(T), T::kFingerprint, T::kDescriptor, T::kSchema,
          dmxp::msg::Reflect<T>::fields()};
}

std::vector<TypeFacts> all_types() {
  std::vector<TypeFacts> v;
#define DMXP_ADD(T) v.push_back(facts<T>());
  DMXP_FOR_EACH_STANDARD_TYPE(DMXP_ADD)
  DMXP_ADD(demo_msgs::msg::Everything)
  DMXP_ADD(demo_msgs::msg::Ros1Style)
  DMXP_ADD(demo_msgs::msg::Inner)
  DMXP_ADD(demo_base::msg::Base)
#undef DMXP_ADD
  return v;
}

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%016llx", (unsigned long long)v);
  return b;
}

}  // namespace

TEST(StandardLayout, CoversEveryStandardPackage) {
  std::set<std::string> packages;
  for (const TypeFacts& t : all_types()) packages.insert(t.name.substr(0, t.name.find('/')));
  for (const char* p : {"builtin_interfaces", "std_msgs", "geometry_msgs", "sensor_msgs", "nav_msgs"})
    EXPECT_TRUE(packages.count(p)) << p;
  EXPECT_GE(all_types().size(), 60u);
}

TEST(StandardLayout, DescriptorOffsetsEqualOffsetofForEveryField) {
  for (const TypeFacts& t : all_types()) {
    SCOPED_TRACE(t.name);
    msgc_test::json::Value d = msgc_test::json::parse(t.descriptor);
    EXPECT_EQ(d["type"].str(), t.name);
    EXPECT_EQ(d["size"].as_u64(), t.size);
    EXPECT_EQ(d["align"].as_u64(), t.align);
    EXPECT_EQ(d["fingerprint"].str(), hex(t.fingerprint));
    const auto& fields = d["fields"].array;
    ASSERT_EQ(fields.size(), t.fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      SCOPED_TRACE(std::string(t.fields[i].name));
      EXPECT_EQ(fields[i]["name"].str(), t.fields[i].name);
      EXPECT_EQ(fields[i]["offset"].as_u64(), t.fields[i].offset);
      EXPECT_EQ(fields[i]["size"].as_u64(), t.fields[i].size);
      if (fields[i].has("length_offset")) {  // inside the field, before its data
        EXPECT_EQ(fields[i]["length_offset"].as_u64(), t.fields[i].offset);
        EXPECT_LT(fields[i]["data_offset"].as_u64(), t.fields[i].offset + t.fields[i].size);
      }
    }
  }
}

TEST(StandardLayout, NestedDescriptorsEqualTheTypesOwn) {
  std::map<std::string, msgc_test::json::Value> own;
  for (const TypeFacts& t : all_types()) own[t.name] = msgc_test::json::parse(t.descriptor);
  for (const auto& [name, d] : own) {
    for (const auto& [nested, body] : d["types"].object) {
      SCOPED_TRACE(name + " uses " + nested);
      ASSERT_TRUE(own.count(nested));
      const auto& o = own[nested];
      EXPECT_EQ(body["fingerprint"].str(), o["fingerprint"].str());
      EXPECT_EQ(body["size"].as_u64(), o["size"].as_u64());
      ASSERT_EQ(body["fields"].array.size(), o["fields"].array.size());
      for (size_t i = 0; i < o["fields"].array.size(); ++i)
        EXPECT_EQ(body["fields"][i]["offset"].as_u64(), o["fields"][i]["offset"].as_u64());
    }
  }
}

TEST(StandardLayout, FingerprintIsTheHashOfTheSchemaAndNamesFitAChannel) {
  std::set<uint64_t> seen;
  for (const TypeFacts& t : all_types()) {
    SCOPED_TRACE(t.name);
    EXPECT_EQ(dmxp::msg::fingerprint(t.schema), t.fingerprint);
    EXPECT_TRUE(seen.insert(t.fingerprint).second) << "two types share a fingerprint";
    EXPECT_LE(t.name.size(), 63u);            // dmxp_channel_options.type_name
    EXPECT_LE(t.descriptor.size(), 1u << 20);  // dmxp_channel_options.type_descriptor_size
    EXPECT_LE(t.size, 1u << 30);              // the largest slot
  }
}

TEST(StandardLayout, ImageIsSizedFor4kRgb) {
  using sensor_msgs::msg::Image;
  EXPECT_EQ(decltype(Image::data)::capacity(), 3840u * 2160u * 3u);
  EXPECT_GT(sizeof(Image), 3840u * 2160u * 3u);
}
