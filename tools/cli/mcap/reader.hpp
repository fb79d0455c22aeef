// reader.hpp - reads an MCAP file record by record: the data section, chunks included
// (uncompressed, zstd or lz4), checking lengths, ids and CRCs (each chunk's, the data
// section's, the summary's) as it goes. A damaged or truncated file yields everything before
// the damage, then an Error event whose text names the byte offset (and, inside a chunk, the
// offset in its records). Files without chunks (older DMXP recordings) read the same way.
//
//   McapReader r;
//   if (!r.open("run.mcap", &error)) ...;
//   for (McapReader::Event e; (e = r.next()) != McapReader::Event::End;) {
//     if (e == McapReader::Event::Error) { puts(r.error().c_str()); break; }
//     if (e == McapReader::Event::Message) use(r.message(), r.channels().at(r.message().channel_id));
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mcap/compression.hpp"

namespace dmxp::cli::mcap {

struct McapSchema {
  uint16_t id = 0;
  std::string name, encoding, data;
};

struct McapChannel {
  uint16_t id = 0;
  uint16_t schema_id = 0;
  std::string topic, encoding;
  std::map<std::string, std::string> metadata;
};

struct McapMessage {
  uint16_t channel_id = 0;
  uint32_t sequence = 0;
  uint64_t log_time = 0, publish_time = 0;
  // Into the mapped file or the decompressed chunk: valid until the next call to next().
  const uint8_t* data = nullptr;
  size_t size = 0;
};

struct McapMetadata {
  std::string name;
  std::map<std::string, std::string> values;
};

class McapReader {
 public:
  enum class Event { Schema, Channel, Message, Metadata, End, Error };

  // Largest chunk (uncompressed) the reader accepts; a larger one is reported as damage
  // rather than allocated (a file from anywhere must not exhaust memory).
  static constexpr uint64_t kMaxChunkBytes = uint64_t(1) << 30;

  McapReader() = default;
  ~McapReader();
  McapReader(const McapReader&) = delete;
  McapReader& operator=(const McapReader&) = delete;

  // Maps the file and checks the leading magic and header; false with *error.
  bool open(const std::string& path, std::string* error);
  // The next schema, channel, message or metadata record of the data section; End after a
  // valid DataEnd, summary and footer; Error (and error()) at the first damage, then End
  // forever.
  Event next();
  // Starts over from the first record (for --loop).
  void rewind();

  const McapMessage& message() const { return message_; }
  const McapMetadata& metadata() const { return metadata_; }  // after a Metadata event
  const std::map<uint16_t, McapSchema>& schemas() const { return schemas_; }
  const std::map<uint16_t, McapChannel>& channels() const { return channels_; }
  const std::string& error() const { return error_; }
  const std::string& profile() const { return profile_; }
  uint64_t file_size() const { return size_; }
  // Chunks read so far by compression ("none", "zstd", "lz4"), e.g. for `bag info`.
  const std::map<std::string, uint64_t>& chunks() const { return chunks_; }

 private:
  struct Cursor {
    const uint8_t* begin;  // of the buffer (the file or one chunk's records)
    size_t size;
    size_t pos;
  };
  Event fail(uint64_t offset, const std::string& what);
  Event damage(uint64_t pos, const std::string& what);  // at pos of the current buffer
  Event record(uint8_t opcode, const uint8_t* content, uint64_t length, uint64_t offset);
  Event chunk(const uint8_t* content, uint64_t length, uint64_t offset);
  Event finish(uint64_t data_end_offset, const uint8_t* content, uint64_t length);

  std::string path_;
  const uint8_t* map_ = nullptr;
  size_t size_ = 0;
  Cursor file_{};
  Cursor chunk_{};            // the chunk being read, when in_chunk_
  bool in_chunk_ = false;
  uint64_t chunk_at_ = 0;     // the file offset of its Chunk record
  ChunkBuffer chunk_buffer_;  // its records, when compressed
  std::map<std::string, uint64_t> chunks_;
  size_t first_record_ = 0;
  bool done_ = false;
  std::string error_, profile_;
  McapMessage message_;
  McapMetadata metadata_;
  std::map<uint16_t, McapSchema> schemas_;
  std::map<uint16_t, McapChannel> channels_;
};

}  // namespace dmxp::cli::mcap
