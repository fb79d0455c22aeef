// format.hpp - the MCAP container format, version 0 (https://mcap.dev/spec): magic bytes,
// record opcodes, and the encodings DMXP records with.
//
//   <magic><Header><Data section: Schema, Channel, Message ..., DataEnd>
//   <Summary section: Schema, Channel, Statistics><Summary Offset section><Footer><magic>
//
// Every record is <opcode u8><content length u64><content>, little-endian. Strings are
// <u32 length><bytes>, byte arrays in Schema <u32 length><bytes>, maps <u32 byte length><pairs>.
#pragma once

#include <cstdint>

namespace dmxp::cli::mcap {

inline constexpr uint8_t kMagic[8] = {0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

enum Opcode : uint8_t {
  kHeader = 0x01,
  kFooter = 0x02,
  kSchema = 0x03,
  kChannel = 0x04,
  kMessage = 0x05,
  kChunk = 0x06,
  kMessageIndex = 0x07,
  kChunkIndex = 0x08,
  kAttachment = 0x09,
  kAttachmentIndex = 0x0A,
  kStatistics = 0x0B,
  kMetadata = 0x0C,
  kMetadataIndex = 0x0D,
  kSummaryOffset = 0x0E,
  kDataEnd = 0x0F,
};

// DMXP's names (the native profile): the schema is the type's layout descriptor
// (docs/messages.md), messages are the raw slot bytes of that layout.
inline constexpr const char* kSchemaEncoding = "x-dmxp-layout";
inline constexpr const char* kMessageEncoding = "x-dmxp";
inline constexpr const char* kProfile = "x-dmxp";
// ROS 2's names (the "ros2" profile of MCAP's registry): CDR messages, .msg text schemas.
inline constexpr const char* kRos2Profile = "ros2";
inline constexpr const char* kCdrEncoding = "cdr";
inline constexpr const char* kRos2SchemaEncoding = "ros2msg";

}  // namespace dmxp::cli::mcap
