// writer.hpp - writes an MCAP file: header, schemas, channels and messages in the data
// section (no chunks), then a summary (schemas, channels, statistics), summary offsets and
// the footer, with the data-section and summary CRCs.
//
//   McapWriter w;
//   if (!w.open("run.mcap", &error)) ...;
//   uint16_t s = w.add_schema("std_msgs/Int32", kSchemaEncoding, descriptor);
//   uint16_t c = w.add_channel(s, "/count", kMessageEncoding, {{"dmxp.channel", "t.count"}});
//   w.write_message(c, seq, log_ns, publish_ns, bytes, size);
//   w.close(&error);   // without close the file has no summary and no footer
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace dmxp::cli::mcap {

class McapWriter {
 public:
  McapWriter() = default;
  ~McapWriter();
  McapWriter(const McapWriter&) = delete;
  McapWriter& operator=(const McapWriter&) = delete;

  // Creates (truncates) path; false with *error naming the file and the OS error.
  bool open(const std::string& path, std::string* error);
  // Ids start at 1 (0 means "no schema" for a channel).
  uint16_t add_schema(const std::string& name, const std::string& encoding, const std::string& data);
  uint16_t add_channel(uint16_t schema_id, const std::string& topic, const std::string& encoding,
                       const std::map<std::string, std::string>& metadata);
  void write_message(uint16_t channel_id, uint32_t sequence, uint64_t log_time,
                     uint64_t publish_time, const void* data, size_t size);
  // Writes DataEnd, summary, footer; false with *error when any write failed.
  bool close(std::string* error);
  uint64_t message_count() const { return message_count_; }

 private:
  struct Buffer;
  void record(uint8_t opcode, const std::string& content, bool in_data);
  void raw(const void* data, size_t size, bool in_data);
  std::string schema_record(uint16_t id) const;
  std::string channel_record(uint16_t id) const;

  struct Schema { std::string name, encoding, data; };
  struct Channel {
    uint16_t schema_id;
    std::string topic, encoding;
    std::map<std::string, std::string> metadata;
  };
  std::FILE* file_ = nullptr;
  std::string path_;
  uint64_t offset_ = 0;
  uint32_t data_crc_ = 0;
  uint32_t summary_crc_ = 0;
  bool write_failed_ = false;
  std::vector<Schema> schemas_;
  std::vector<Channel> channels_;
  std::map<uint16_t, uint64_t> channel_counts_;
  uint64_t message_count_ = 0;
  uint64_t first_time_ = UINT64_MAX, last_time_ = 0;
};

}  // namespace dmxp::cli::mcap
