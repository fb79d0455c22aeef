// Bad input to the CDR codec, each case with its exact error text and status: CDR that is
// truncated, points past its end or does not fit the DMXP type (decode), a corrupt DMXP
// message (encode), and hostile descriptors (construction).
#include <cstring>

#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/JointState.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/Bool.hpp>
#include <std_msgs/msg/Header.hpp>
#include <std_msgs/msg/String.hpp>

#include "cdr_test_support.hpp"

namespace {

using cdr_test::bytes;
using cdr_test::codec;
using cdr_test::make;

template <class T>
std::string decode_error(const std::string& hex, int status) {
  auto msg = make<T>();
  auto s = codec<T>().decode(bytes(hex), msg.get());
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "(decoded)";
  EXPECT_EQ(s.status(), status) << s.error().what();
  return s.error().what();
}

std::string descriptor_error(const std::string& json, int status = DMXP_ERR_INVALID_ARGUMENT) {
  auto c = dmxp::wire::CdrCodec::from_descriptor(json);
  EXPECT_FALSE(c.ok());
  if (c.ok()) return "(accepted)";
  EXPECT_EQ(c.status(), status) << c.error().what();
  return c.error().what();
}

TEST(CdrDecodeErrors, HeaderAndEncapsulation) {
  EXPECT_EQ(decode_error<std_msgs::msg::String>("00 01", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/String: 2-byte buffer, expected at least the 4-byte encapsulation header");
  EXPECT_EQ(decode_error<std_msgs::msg::String>("00 07 00 00 01 00 00 00 00", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/String: encapsulation 00 07, expected 00 01 (CDR little-endian) or "
            "00 00 (CDR big-endian): ROS 2 types are final, plain XCDR1");
}

TEST(CdrDecodeErrors, TruncatedBuffersNameTheField) {
  EXPECT_EQ(decode_error<std_msgs::msg::Header>("00 01 00 00 01 00 00 00", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/Header: field 'stamp.nanosec': the buffer ends at offset 8, "
            "4 bytes needed from offset 8");
  EXPECT_EQ(decode_error<std_msgs::msg::Header>("00 01 00 00 01 00 00 00 02 00 00 00 05 00",
                                                DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/Header: field 'frame_id': the buffer ends at offset 14 before "
            "its length at offset 12");
}

TEST(CdrDecodeErrors, ALengthPastTheEnd) {
  EXPECT_EQ(decode_error<std_msgs::msg::String>("00 01 00 00 ff ff ff 7f 61 00", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/String: field 'data': string length 2147483647 at offset 4 "
            "points past the end of the buffer (2 bytes remain)");
  EXPECT_EQ(decode_error<std_msgs::msg::String>("00 01 00 00 03 00 00 00 61 62 63", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/String: field 'data': string of length 3 at offset 4 does not end with NUL");
}

TEST(CdrDecodeErrors, PrimitiveSequenceTruncatedOrOversized) {
  // LaserScan: stamp 8, frame_id "" 5 (+3 padding), seven float32 (28): ranges' count at 44.
  std::string head = "00 01 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 " +
                     std::string("00 00 00 00 ") + "00 00 00 00 00 00 00 00 00 00 00 00 "
                     "00 00 00 00 00 00 00 00 00 00 00 00 ";
  EXPECT_EQ(decode_error<sensor_msgs::msg::LaserScan>(head + "03 00 00 00 00 00 80 3f 00 00 00 40",
                                                      DMXP_ERR_CORRUPT),
            "CDR decode of sensor_msgs/LaserScan: field 'ranges': element count 3 at offset 48 "
            "needs at least 12 bytes, 8 remain");
  std::string big = head + "01 20 00 00" + [] {
    std::string s;
    for (int i = 0; i < 8193; ++i) s += " 00 00 00 00";
    return s;
  }();
  EXPECT_EQ(decode_error<sensor_msgs::msg::LaserScan>(big, DMXP_ERR_TOO_LARGE),
            "CDR decode of sensor_msgs/LaserScan: field 'ranges': 8193 elements, above the DMXP "
            "capacity of 8192");
}

TEST(CdrDecodeErrors, StringAboveCapacityNamesTheElementPath) {
  // Path: header (stamp, frame_id ""), then poses: count 1, poses[0].header.frame_id of 129
  // bytes (capacity 128).
  std::string cdr = "00 01 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 "
                    "00 00 00 00 00 00 00 00 82 00 00 00";
  for (int i = 0; i < 129; ++i) cdr += " 70";
  cdr += " 00";
  EXPECT_EQ(decode_error<nav_msgs::msg::Path>(cdr, DMXP_ERR_TOO_LARGE),
            "CDR decode of nav_msgs/Path: field 'poses[0].header.frame_id': string of 129 bytes, "
            "above the DMXP capacity of 128");
}

TEST(CdrDecodeErrors, StringElementsOfASequence) {
  // JointState: header, then name: count 2, "a", then a truncated second string.
  EXPECT_EQ(decode_error<sensor_msgs::msg::JointState>(
                "00 01 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 "
                "02 00 00 00 02 00 00 00 61 00 00 00 09 00 00 00 62 00",
                DMXP_ERR_CORRUPT),
            "CDR decode of sensor_msgs/JointState: field 'name[1]': string length 9 at offset 32 "
            "points past the end of the buffer (2 bytes remain)");
}

TEST(CdrDecodeErrors, BoolBytesAreZeroOrOne) {
  EXPECT_EQ(decode_error<std_msgs::msg::Bool>("00 01 00 00 02", DMXP_ERR_CORRUPT),
            "CDR decode of std_msgs/Bool: field 'data': bool byte 2 at offset 4, expected 0 or 1");
}

TEST(CdrEncodeErrors, ASizeWordAboveItsCapacityIsACorruptMessage) {
  auto scan = make<sensor_msgs::msg::LaserScan>();
  uint32_t n = 9000;
  std::memcpy(static_cast<void*>(&scan->intensities), &n, 4);  // as a broken raw writer could leave it
  std::vector<std::byte> out = bytes("aa");
  auto s = codec<sensor_msgs::msg::LaserScan>().encode(scan.get(), out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status(), DMXP_ERR_CORRUPT);
  EXPECT_STREQ(s.error().what(),
               "CDR encode of sensor_msgs/LaserScan: field 'intensities' has size 9000 in the DMXP "
               "message, above its capacity of 8192 elements (a corrupt message)");
  EXPECT_EQ(out.size(), 1u);  // untouched
}

// A minimal descriptor around one field list, for the hostile cases.
std::string desc(const std::string& fields, const std::string& types = "{}", int size = 16) {
  return R"({"format": "dmxp.msg.layout/1", "type": "t/T", "endian": "little", "size": )" +
         std::to_string(size) + R"(, "fields": [)" + fields + R"(], "types": )" + types + "}";
}

TEST(CdrDescriptorErrors, NotADescriptor) {
  EXPECT_EQ(descriptor_error("{\"format\": \"x\"}"),
            "layout descriptor: \"format\" is not \"dmxp.msg.layout/1\"");
  EXPECT_EQ(descriptor_error("[1, 2"), "layout descriptor: json: expected ']' at offset 5");
  EXPECT_EQ(descriptor_error(std::string(100, '[')),
            "layout descriptor: json: nesting deeper than 64 levels at offset 64");
  EXPECT_EQ(descriptor_error(desc("", "{}", 0)),
            "layout descriptor of t/T: \"size\" 0 is outside 1..1073741824 (DMXP's largest message)");
}

TEST(CdrDescriptorErrors, OffsetsOutsideTheMessage) {
  EXPECT_EQ(descriptor_error(desc(R"({"name": "x", "kind": "scalar", "type": "float64", "offset": 12})")),
            "layout descriptor of t/T: field 'x': bytes 12..20 lie outside the 16-byte message");
  EXPECT_EQ(descriptor_error(desc(
                R"({"name": "s", "kind": "string", "type": "string", "capacity": 100, "length_offset": 0, "data_offset": 4})")),
            "layout descriptor of t/T: field 's': bytes 4..104 lie outside the 16-byte message");
  EXPECT_EQ(descriptor_error(desc(
                R"({"name": "a", "kind": "bounded_array", "type": "uint32", "capacity": 4294967294, "length_offset": 0, "data_offset": 4, "element": {"kind": "scalar", "type": "uint32", "size": 4}})")),
            "layout descriptor of t/T: field 'a': 4294967294 elements of 4 bytes from byte 4 lie "
            "outside the 16-byte message");
  // A nested type placed so that its fields run past the end.
  EXPECT_EQ(descriptor_error(desc(R"({"name": "n", "kind": "nested", "type": "t/N", "offset": 8})",
                                  R"({"t/N": {"size": 16, "fields": [{"name": "z", "kind": "scalar", "type": "float64", "offset": 8}]}})")),
            "layout descriptor of t/T: field 'n.z': bytes 16..24 lie outside the 16-byte message");
}

TEST(CdrDescriptorErrors, CyclesMissingTypesAndUnsupportedTypes) {
  std::string cycle = "n";
  for (int i = 0; i < 64; ++i) cycle += ".n";  // the 65th level is refused
  EXPECT_EQ(descriptor_error(desc(R"({"name": "n", "kind": "nested", "type": "t/N", "offset": 0})",
                                  R"({"t/N": {"size": 16, "fields": [{"name": "n", "kind": "nested", "type": "t/N", "offset": 0}]}})")),
            "layout descriptor of t/T: field '" + cycle + "': types nest deeper than 64 levels (a cycle?)");
  EXPECT_EQ(descriptor_error(desc(R"({"name": "n", "kind": "nested", "type": "t/Missing", "offset": 0})")),
            "layout descriptor of t/T: field 'n': type 't/Missing' is not in \"types\"");
  EXPECT_EQ(descriptor_error(desc(R"({"name": "w", "kind": "scalar", "type": "wchar", "offset": 0})"),
                             DMXP_ERR_UNSUPPORTED),
            "layout descriptor of t/T: field 'w': type 'wchar' has no CDR mapping here (supported: "
            "bool byte char int8 uint8 int16 uint16 int32 uint32 int64 uint64 float32 float64 string "
            "and messages)");
  EXPECT_EQ(descriptor_error(desc(R"({"name": "x", "kind": "scalar", "type": "float64"})")),
            "layout descriptor of t/T: field 'x': missing \"offset\"");
  EXPECT_EQ(descriptor_error(desc(R"({"name": "x", "kind": "scalar", "type": "float64", "offset": -8})")),
            "layout descriptor of t/T: field 'x': \"offset\" is not an unsigned integer");
}

TEST(CdrDescriptorErrors, TypesThatFanOutExponentially) {
  // Each level holds its inner type twice: 2^40 leaves if flattened blindly.
  std::string types = "{";
  for (int i = 0; i < 40; ++i) {
    std::string inner = i == 39 ? R"({"name": "v", "kind": "scalar", "type": "uint8", "offset": 0})"
                                : R"({"name": "a", "kind": "nested", "type": "t/L)" + std::to_string(i + 1) +
                                      R"(", "offset": 0}, {"name": "b", "kind": "nested", "type": "t/L)" +
                                      std::to_string(i + 1) + R"(", "offset": 0})";
    types += (i ? ", " : "") + std::string("\"t/L") + std::to_string(i) + R"(": {"size": 1, "fields": [)" +
             inner + "]}";
  }
  types += "}";
  std::string e = descriptor_error(desc(R"({"name": "r", "kind": "nested", "type": "t/L0", "offset": 0})", types));
  EXPECT_NE(e.find("the descriptor expands to more than 65536 steps"), std::string::npos) << e;
}

}  // namespace
