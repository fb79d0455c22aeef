// ROS 2 type identity (type_hash.hpp): SHA-256 against FIPS 180-4 values (every padding
// boundary), and the exact type-description text that is hashed, for each FieldType id
// class, written by hand from REP-2011 and rosidl_generator_type_description. The hashes of
// every standard type against ROS 2's own are tests/wire/test_type_hashes.py.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "sha256.hpp"
#include "type_hash.hpp"

using namespace dmxp::msgc;

TEST(Sha256, KnownDigestsAcrossBlockBoundaries) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(sha256_hex(std::string(119, 'a')), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

namespace {

std::string field(const std::string& name, int id, int capacity = 0, int string_capacity = 0,
                  const std::string& nested = "") {
  return "{\"name\": \"" + name + "\", \"type\": {\"type_id\": " + std::to_string(id) +
         ", \"capacity\": " + std::to_string(capacity) + ", \"string_capacity\": " +
         std::to_string(string_capacity) + ", \"nested_type_name\": \"" + nested + "\"}}";
}

}  // namespace

TEST(TypeHash, DescriptionTextFollowsRosidl) {
  auto run = msgc_test::Sources()
                 .add("p/Inner", "")
                 .add("builtin_interfaces/Time", "int32 sec\nuint32 nanosec\n")
                 .add("p/T",
                      "bool b\nbyte y\nchar c\nint8 i8\nuint64 u64\nfloat32 f\nfloat64 d 1.5\n"
                      "string s  # @capacity 8\nstring<=5 bs\nint32[3] fixed\nint32[<=4] bounded\n"
                      "int32[] unbounded  # @capacity 2\nstring<=3[<=2] bounded_strings\n"
                      "string[] strings  # @capacity 2 @string-capacity 4\nInner inner\nInner[] inners  # @capacity 3\n"
                      "time t\n")
                 .compile({"p/T"});
  ASSERT_EQ(run->errors(), "");
  const model::Message& t = *run->message("p/T");
  EXPECT_EQ(ros2_type_name(t), "p/msg/T");
  // char is uint8 (3) and byte is octet (16) in ROS 2's IDL; defaults (d's 1.5) are not part
  // of it; T[] is an unbounded sequence whatever DMXP's capacity; time is builtin_interfaces.
  std::string expected =
      "{\"type_description\": {\"type_name\": \"p/msg/T\", \"fields\": [" + field("b", 15) + ", " +
      field("y", 16) + ", " + field("c", 3) + ", " + field("i8", 2) + ", " + field("u64", 9) + ", " +
      field("f", 10) + ", " + field("d", 11) + ", " + field("s", 17) + ", " + field("bs", 21, 0, 5) + ", " +
      field("fixed", 54, 3) + ", " + field("bounded", 102, 4) + ", " + field("unbounded", 150) + ", " +
      field("bounded_strings", 117, 2, 3) + ", " + field("strings", 161) + ", " +
      field("inner", 1, 0, 0, "p/msg/Inner") + ", " + field("inners", 145, 0, 0, "p/msg/Inner") + ", " +
      field("t", 1, 0, 0, "builtin_interfaces/msg/Time") + "]}, \"referenced_type_descriptions\": [" +
      "{\"type_name\": \"builtin_interfaces/msg/Time\", \"fields\": [" + field("sec", 6) + ", " +
      field("nanosec", 7) + "]}, {\"type_name\": \"p/msg/Inner\", \"fields\": [" +
      field("structure_needs_at_least_one_member", 3) + "]}]}";
  EXPECT_EQ(ros2_hashed_description(t), expected);
  EXPECT_EQ(ros2_type_hash(t), "RIHS01_" + sha256_hex(expected));
}

TEST(TypeHash, DescriptorsAndCppTypesCarryIt) {
  auto run = msgc_test::Sources().add("p/S", "string data  # @capacity 8\n").compile({"p/S"}, {}, {"cpp", "descriptor"});
  ASSERT_EQ(run->errors(), "");
  std::string hash = ros2_type_hash(*run->message("p/S"));
  EXPECT_NE(run->file("descriptor/p/msg/S.json")
                .find("\"ros2_type_name\": \"p/msg/S\", \"ros2_type_hash\": \"" + hash + "\",\n"),
            std::string::npos);
  std::string cpp = run->file("cpp/p/msg/S.hpp");
  EXPECT_NE(cpp.find("static constexpr const char* kRos2TypeName = \"p/msg/S\";"), std::string::npos);
  EXPECT_NE(cpp.find("static constexpr const char* kRos2TypeHash = \"" + hash + "\";"), std::string::npos);
}
