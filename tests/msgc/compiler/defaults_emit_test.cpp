// The .msg defaults as each emitter writes them (default_bytes.hpp): the same (offset, bytes)
// list in Python (DEFAULTS), Rust (MessageType::DEFAULTS and Default), Go (MsgDefaults and
// New<Type>) and TypeScript (DEFAULTS and defaults()). That the bytes equal C++ T() for every
// standard type is tests/msgc/langs (msgc_layout_*).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

using ::testing::HasSubstr;

namespace {

// n at 0 (int16 -2: fe ff), s at 4 (size 2, "hi"), q.w at 16 (float64 1.0), nothing for x.
std::unique_ptr<msgc_test::Compiled> compiled() {
  auto run = msgc_test::Sources()
                 .add("p/Q", "float64 w 1.0\n")
                 .add("p/T", "int16 n -2\nstring<=4 s \"hi\"\nuint8 x\nQ q\n")
                 .compile({"p/T"}, {}, {"python", "rust", "go", "typescript"});
  EXPECT_EQ(run->errors(), "");
  return run;
}

TEST(DefaultsEmit, EveryLanguageWritesTheSameBytes) {
  auto run = compiled();
  EXPECT_THAT(run->file("python/p/msg/_T.py"),
              HasSubstr("DEFAULTS = ((0, b\"\\xfe\\xff\"), (4, b\"\\x02\\x00\\x00\\x00\\x68\\x69\"), "
                        "(16, b\"\\x00\\x00\\x00\\x00\\x00\\x00\\xf0\\x3f\"), )\n"));
  EXPECT_THAT(run->file("rust/p/msg/T.rs"),
              HasSubstr("    const DEFAULTS: &'static [(usize, &'static [u8])] = &[(0, b\"\\xfe\\xff\"), "
                        "(4, b\"\\x02\\x00\\x00\\x00\\x68\\x69\"), (16, b\"\\x00\\x00\\x00\\x00\\x00\\x00\\xf0\\x3f\"), ];\n"));
  EXPECT_THAT(run->file("go/p/T.go"),
              HasSubstr("func (T) MsgDefaults() []dmxp.DefaultPatch {\n\treturn []dmxp.DefaultPatch{\n"
                        "\t\t{Offset: 0, Bytes: \"\\xfe\\xff\"},\n"
                        "\t\t{Offset: 4, Bytes: \"\\x02\\x00\\x00\\x00\\x68\\x69\"},\n"
                        "\t\t{Offset: 16, Bytes: \"\\x00\\x00\\x00\\x00\\x00\\x00\\xf0\\x3f\"},\n\t}\n}\n"));
  EXPECT_THAT(run->file("ts/p/msg/T.js"),
              HasSubstr("T.DEFAULTS = Object.freeze([[0, [254, 255]], [4, [2, 0, 0, 0, 104, 105]], "
                        "[16, [0, 0, 0, 0, 0, 0, 240, 63]], ]);\n"));
}

TEST(DefaultsEmit, ConstructorsApplyThem) {
  auto run = compiled();
  EXPECT_THAT(run->file("rust/p/msg/T.rs"),
              HasSubstr("impl ::core::default::Default for T {\n    fn default() -> Self {\n"
                        "        <Self as ::dmxp::MessageType>::with_defaults()\n    }\n}\n"));
  EXPECT_THAT(run->file("go/p/T.go"),
              HasSubstr("func NewT() *T {\n\tm := new(T)\n\tdmxp.SetDefaults(m)\n\treturn m\n}\n"));
  EXPECT_THAT(run->file("ts/p/msg/T.js"),
              HasSubstr("  static defaults() { const m = T.zeros(); rt.applyDefaults(m.view, T.DEFAULTS); return m; }\n"));
  EXPECT_THAT(run->file("ts/p/msg/T.d.ts"), HasSubstr("  static defaults(): T;\n"));
}

TEST(DefaultsEmit, TypeWithoutDefaultsHasNone) {
  auto run = msgc_test::Sources().add("p/Plain", "int32 x\n").compile({"p/Plain"}, {}, {"go", "rust"});
  ASSERT_EQ(run->errors(), "");
  EXPECT_THAT(run->file("go/p/Plain.go"), HasSubstr("MsgDefaults() []dmxp.DefaultPatch {\n\treturn nil\n}\n"));
  EXPECT_THAT(run->file("rust/p/msg/Plain.rs"), HasSubstr("const DEFAULTS: &'static [(usize, &'static [u8])] = &[];\n"));
}

}  // namespace
