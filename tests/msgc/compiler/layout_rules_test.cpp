// The layout rules of model.hpp on small types: alignment, explicit padding, string and
// sequence headers, empty messages, nesting.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

using namespace msgc_test;
using dmxp::msgc::model::Message;

namespace {

const Message& compile_one(std::unique_ptr<Compiled>& run, const std::string& text,
                           const std::string& extra_type = "", const std::string& extra = "") {
  Sources s;
  s.add("p/T", text);
  if (!extra_type.empty()) s.add(extra_type, extra);
  run = s.compile({"p/T"});
  EXPECT_EQ(run->errors(), "");
  static const Message empty;
  return run->message("p/T") ? *run->message("p/T") : empty;
}

}  // namespace

TEST(LayoutRules, NaturalAlignmentWithExplicitPadding) {
  std::unique_ptr<Compiled> run;
  const Message& m = compile_one(run, "uint8 a\nfloat64 b\nuint16 c\n");
  EXPECT_EQ(m.fields[0].offset, 0u);
  EXPECT_EQ(m.fields[1].offset, 8u);
  EXPECT_EQ(m.fields[2].offset, 16u);
  EXPECT_EQ(m.size, 24u);
  EXPECT_EQ(m.align, 8u);
  ASSERT_EQ(m.padding.size(), 2u);
  EXPECT_EQ(m.padding[0].offset, 1u);
  EXPECT_EQ(m.padding[0].size, 7u);
  EXPECT_EQ(m.padding[1].offset, 18u);  // the tail
  EXPECT_EQ(m.padding[1].size, 6u);
}

TEST(LayoutRules, StringsAreASizeThenTheirBytesRoundedToFour) {
  std::unique_ptr<Compiled> run;
  const Message& m = compile_one(run, "string<=5 s\nuint8 after\n");
  EXPECT_EQ(m.fields[0].size, 12u);  // 4 + 5, rounded up to 4
  EXPECT_EQ(m.fields[0].align, 4u);
  EXPECT_EQ(m.fields[0].data_offset, 4u);
  EXPECT_EQ(m.fields[1].offset, 12u);
}

TEST(LayoutRules, SequencesOfEightByteElementsHaveAReservedWord) {
  std::unique_ptr<Compiled> run;
  const Message& m = compile_one(run, "uint16[<=3] small\nfloat64[<=2] wide\n");
  EXPECT_EQ(m.fields[0].data_offset, 4u);
  EXPECT_EQ(m.fields[0].size, 12u);  // 4 + 6, rounded up to 4
  EXPECT_EQ(m.fields[1].offset, 16u);
  EXPECT_EQ(m.fields[1].data_offset, 8u);
  EXPECT_EQ(m.fields[1].size, 24u);
  EXPECT_EQ(m.fields[1].align, 8u);
}

TEST(LayoutRules, EmptyMessageIsOneReservedByte) {
  std::unique_ptr<Compiled> run;
  const Message& m = compile_one(run, "# nothing\n");
  EXPECT_EQ(m.size, 1u);
  EXPECT_EQ(m.align, 1u);
  EXPECT_TRUE(m.fields.empty());
}

TEST(LayoutRules, NestedTypesKeepTheirAlignment) {
  std::unique_ptr<Compiled> run;
  const Message& m = compile_one(run, "uint8 a\np/V v\np/V[2] vs\n", "p/V", "float32 x\nuint8 y\n");
  EXPECT_EQ(m.fields[1].offset, 4u);
  EXPECT_EQ(m.fields[1].size, 8u);
  EXPECT_EQ(m.fields[2].offset, 12u);
  EXPECT_EQ(m.fields[2].size, 16u);
  EXPECT_EQ(m.size, 28u);
}

TEST(LayoutRules, Ros1BuiltinsAndBareHeader) {
  auto run = Sources()
                 .add("p/T", "Header header\ntime t\nduration d\n")
                 .add("std_msgs/Header", "builtin_interfaces/Time stamp\nstring<=8 frame_id\n")
                 .add("builtin_interfaces/Time", "int32 sec\nuint32 nanosec\n")
                 .add("builtin_interfaces/Duration", "int32 sec\nuint32 nanosec\n")
                 .compile({"p/T"});
  ASSERT_EQ(run->errors(), "");
  const Message& m = *run->message("p/T");
  EXPECT_EQ(m.fields[0].elem.message->full_name(), "std_msgs/Header");
  EXPECT_EQ(m.fields[1].elem.message->full_name(), "builtin_interfaces/Time");
  EXPECT_EQ(m.fields[2].elem.message->full_name(), "builtin_interfaces/Duration");
}

TEST(LayoutRules, UnqualifiedNamesPreferTheOwnPackage) {
  auto run = Sources()
                 .add("p/T", "Header h\n")
                 .add("p/Header", "int8 own\n")
                 .add("std_msgs/Header", "int64 std\n")
                 .compile({"p/T"});
  ASSERT_EQ(run->errors(), "");
  EXPECT_EQ(run->message("p/T")->fields[0].elem.message->full_name(), "p/Header");
}

TEST(LayoutRules, EveryEmitterNamesItsOutputsAndProducesThem) {
  std::vector<std::string> languages;
  for (const dmxp::msgc::Emitter& e : dmxp::msgc::all_emitters()) languages.emplace_back(e.name);
  auto run = Sources().add("p/T", "int32 x\n").compile({"p/T"}, {}, languages);
  ASSERT_EQ(run->errors(), "");
  for (const dmxp::msgc::Emitter& e : dmxp::msgc::all_emitters())
    for (const std::string& path : e.outputs(*run->message("p/T")))
      EXPECT_NE(run->file(path), "") << e.name << " did not produce " << path;
  EXPECT_NE(run->file("cpp/p/msg/T.hpp").find("struct T {"), std::string::npos);
  EXPECT_NE(run->file("python/p/msg/_T.py").find("class T:"), std::string::npos);
}
