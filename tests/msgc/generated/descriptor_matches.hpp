// descriptor_matches.hpp - the check the generated-code tests share: a type's layout
// descriptor (kDescriptor) names its type and gives exactly the struct's size, alignment and
// every field's offset and size.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "json.hpp"

template <class T>
void expect_descriptor_matches_struct() {
  SCOPED_TRACE(T::kTypeName);
  msgc_test::json::Value d = msgc_test::json::parse(T::kDescriptor);
  EXPECT_EQ(d["type"].str(), T::kTypeName);
  EXPECT_EQ(d["size"].as_u64(), sizeof(T));
  EXPECT_EQ(d["align"].as_u64(), alignof(T));
  auto fields = dmxp::msg::Reflect<T>::fields();
  const auto& described = d["fields"].array;
  ASSERT_EQ(described.size(), fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    SCOPED_TRACE(std::string(fields[i].name));
    EXPECT_EQ(described[i]["name"].str(), fields[i].name);
    EXPECT_EQ(described[i]["offset"].as_u64(), fields[i].offset);
    EXPECT_EQ(described[i]["size"].as_u64(), fields[i].size);
  }
}
