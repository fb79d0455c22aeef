// writer.hpp - writes an MCAP file the way indexed readers expect it: messages in compressed
// chunks, each followed by one Message Index record per channel; schemas, channels and
// metadata in the data section; then a summary (schemas, channels, statistics, chunk indexes,
// metadata indexes), summary offsets and the footer, with every CRC (chunk, data section,
// summary). The file is written front to back, never seeked, so it may be a pipe.
//
//   McapWriter w;
//   if (!w.open("run.mcap", &error, {"x-dmxp", Compression::Zstd, 4 << 20})) ...;
//   uint16_t s = w.add_schema("std_msgs/Int32", kSchemaEncoding, descriptor);
//   uint16_t c = w.add_channel(s, "/count", kMessageEncoding, {{"dmxp.channel", "t.count"}});
//   w.write_message(c, seq, log_ns, publish_ns, bytes, size);
//   w.add_metadata("dmxp.topic", {{"topic", "/count"}, {"recorded", "12"}});
//   w.close(&error);   // without close the file has no summary and no footer
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "mcap/compression.hpp"

namespace dmxp::cli::mcap {

struct WriterOptions {
  std::string profile = "x-dmxp";  // the Header's ("ros2": CDR messages, ros2msg schemas)
  Compression compression = Compression::Zstd;
  // A chunk is written once its uncompressed records reach this many bytes (a message larger
  // than that gets a chunk of its own). Smaller chunks seek finer and compress worse.
  uint64_t chunk_size = 4 << 20;
};

class McapWriter {
 public:
  McapWriter() = default;
  ~McapWriter();
  McapWriter(const McapWriter&) = delete;
  McapWriter& operator=(const McapWriter&) = delete;

  // Creates (truncates) path; false with *error naming the file and the OS error.
  bool open(const std::string& path, std::string* error, const WriterOptions& options = {});
  // Ids start at 1 (0 means "no schema" for a channel).
  uint16_t add_schema(const std::string& name, const std::string& encoding, const std::string& data);
  uint16_t add_channel(uint16_t schema_id, const std::string& topic, const std::string& encoding,
                       const std::map<std::string, std::string>& metadata);
  // Adds a message to the open chunk (writing the chunk when it is full).
  void write_message(uint16_t channel_id, uint32_t sequence, uint64_t log_time,
                     uint64_t publish_time, const void* data, size_t size);
  // A Metadata record (indexed in the summary by name).
  void add_metadata(const std::string& name, const std::map<std::string, std::string>& values);
  // Writes the open chunk now, so that a crash loses nothing already written (a recorder
  // calls this when its chunk has waited long enough). Nothing when no chunk is open.
  void flush_chunk();
  bool chunk_open() const { return !chunk_.records.empty(); }
  // Writes the last chunk, DataEnd, summary, footer; false with *error when any write failed.
  bool close(std::string* error);
  uint64_t message_count() const { return message_count_; }
  uint64_t bytes_written() const { return offset_; }

 private:
  void record(uint8_t opcode, const std::string& content, bool in_data);
  void raw(const void* data, size_t size, bool in_data);
  std::string schema_record(uint16_t id) const;
  std::string channel_record(uint16_t id) const;
  std::string statistics_record() const;

  struct Schema { std::string name, encoding, data; };
  struct Channel {
    uint16_t schema_id;
    std::string topic, encoding;
    std::map<std::string, std::string> metadata;
  };
  // The chunk being filled: its records uncompressed, and where each message starts in them.
  struct OpenChunk {
    std::string records;
    std::map<uint16_t, std::vector<std::pair<uint64_t, uint64_t>>> index;  // channel -> (log time, offset)
    uint64_t start_time = UINT64_MAX, end_time = 0;
  };
  OpenChunk chunk_;
  std::string packed_;             // the compressed chunk, reused
  std::string chunk_indexes_;      // Chunk Index records for the summary
  std::string metadata_indexes_;   // Metadata Index records for the summary
  uint32_t chunk_count_ = 0, metadata_count_ = 0;

  WriterOptions options_;
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
