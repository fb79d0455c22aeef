// The fingerprint changes whenever a field, a type, an order, a capacity or a constant
// changes (also in a nested type), and stays the same for comments, spacing, defaults and
// the way a capacity is given.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "dmxp/msg/fingerprint.hpp"

using namespace msgc_test;

namespace {

const char* kBase =
    "# A sample.\n"
    "int32 LIMIT=10\n"
    "float64 x\n"
    "float64 y\n"
    "string<=8 name\n"
    "uint8[] data  # @capacity 16\n"
    "p/Inner inner\n";
const char* kInner = "int16 a\nint16[2] b\n";

uint64_t fp(const std::string& text, const std::string& inner = kInner) {
  return fingerprint_of(Sources().add("p/T", text).add("p/Inner", inner), "p/T");
}

}  // namespace

TEST(Fingerprint, ChangesWithEveryFieldTypeOrderCapacityAndConstant) {
  const uint64_t base = fp(kBase);
  const std::string b = kBase;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = b;
    s.replace(s.find(from), from.size(), to);
    return fp(s);
  };
  EXPECT_NE(with("float64 x", "float64 x2"), base) << "field name";
  EXPECT_NE(with("float64 x", "float32 x"), base) << "field type";
  EXPECT_NE(with("float64 x\nfloat64 y", "float64 y\nfloat64 x"), base) << "field order";
  EXPECT_NE(with("string<=8", "string<=9"), base) << "string capacity";
  EXPECT_NE(with("@capacity 16", "@capacity 17"), base) << "sequence capacity";
  EXPECT_NE(with("uint8[] data  # @capacity 16", "uint8[16] data"), base) << "bounded -> fixed";
  EXPECT_NE(with("LIMIT=10", "LIMIT=11"), base) << "constant value";
  EXPECT_NE(with("int32 LIMIT", "int64 LIMIT"), base) << "constant type";
  EXPECT_NE(with("p/Inner inner\n", "p/Inner inner\nbool extra\n"), base) << "added field";
  EXPECT_NE(fp(kBase, "int16 a\nint16[3] b\n"), base) << "nested type's field";
  EXPECT_NE(fp(kBase, "int16 a\nint32[2] b\n"), base) << "nested type's field type";
}

TEST(Fingerprint, StableForCommentsSpacingDefaultsAndHowCapacitiesAreGiven) {
  const uint64_t base = fp(kBase);
  EXPECT_EQ(fp("# Other docs\n\n\nint32   LIMIT = 10  # ten\nfloat64 x 1.5\n\tfloat64 y\r\n"
               "string<=8 name \"n\"\nuint8[] data  # @capacity 16 bytes\n\np/Inner inner  # in\n"),
            base);
  // The capacity from the package default or the command line instead of an annotation.
  std::string no_annotation = kBase;
  no_annotation.replace(no_annotation.find("  # @capacity 16"), 16, "");
  EXPECT_EQ(fingerprint_of(Sources().add("p/T", no_annotation).add("p/Inner", kInner)
                               .add_file("p/dmxp_package.yaml", "default_capacity: 16\n"), "p/T"),
            base);
  EXPECT_EQ(fingerprint_of(Sources().add("p/T", no_annotation).add("p/Inner", kInner), "p/T", {16, {}}),
            base);
  // T[<=N] and T[] given N have the same bytes, so the same fingerprint.
  std::string bounded = kBase;
  bounded.replace(bounded.find("uint8[] data  # @capacity 16"), 28, "uint8[<=16] data");
  EXPECT_EQ(fp(bounded), base);
}

TEST(Fingerprint, IncludesTheTypeName) {
  auto run = Sources().add("p/A", "int32 x\n").add("p/B", "int32 x\n").compile({"p/A", "p/B"});
  ASSERT_EQ(run->errors(), "");
  EXPECT_NE(run->message("p/A")->fingerprint, run->message("p/B")->fingerprint);
}

TEST(Fingerprint, IsFnv1aOfTheSchemaText) {
  auto run = Sources().add("p/T", kBase).add("p/Inner", kInner).compile({"p/T"});
  const auto* m = run->message("p/T");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->fingerprint, dmxp::msg::fingerprint(m->schema));
  EXPECT_EQ(m->schema,
            "dmxp.msg/1 p/T\n"
            "int32 LIMIT=10\n"
            "float64 x\n"
            "float64 y\n"
            "string<=8 name\n"
            "uint8[<=16] data\n"
            "p/Inner inner\n"
            "=== p/Inner\n"
            "int16 a\n"
            "int16[2] b\n");
}

// Pinned on purpose: peers built from different versions compare these numbers on a channel,
// so the schema format and the hash must never change by accident. Change the format version
// ("dmxp.msg/1") and this value together, knowingly.
TEST(Fingerprint, FormatIsStableAcrossVersions) {
  auto point = Sources().add("geometry_msgs/Point", "# docs\nfloat64 x\nfloat64 y\nfloat64 z\n");
  EXPECT_EQ(fingerprint_of(point, "geometry_msgs/Point"), 0x7a7edde08f1ed87aull);
}
