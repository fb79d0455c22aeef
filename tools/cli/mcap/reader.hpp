// reader.hpp - reads an MCAP file record by record (data section, uncompressed chunks
// included), checking lengths, ids and CRCs as it goes. A damaged or truncated file yields
// everything before the damage, then an Error event whose text names the byte offset.
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
  const uint8_t* data = nullptr;  // into the mapped file, valid while the reader lives
  size_t size = 0;
};

class McapReader {
 public:
  enum class Event { Schema, Channel, Message, End, Error };

  McapReader() = default;
  ~McapReader();
  McapReader(const McapReader&) = delete;
  McapReader& operator=(const McapReader&) = delete;

  // Maps the file and checks the leading magic and header; false with *error.
  bool open(const std::string& path, std::string* error);
  // The next schema, channel or message of the data section; End after a valid DataEnd,
  // summary and footer; Error (and error()) at the first damage, then End forever.
  Event next();
  // Starts over from the first record (for --loop).
  void rewind();

  const McapMessage& message() const { return message_; }
  const std::map<uint16_t, McapSchema>& schemas() const { return schemas_; }
  const std::map<uint16_t, McapChannel>& channels() const { return channels_; }
  const std::string& error() const { return error_; }
  const std::string& profile() const { return profile_; }
  uint64_t file_size() const { return size_; }

 private:
  struct Cursor {
    const uint8_t* begin;  // of the buffer (the file or one chunk's records)
    size_t size;
    size_t pos;
    uint64_t file_offset;  // of begin in the file (chunk records: of the chunk's content)
  };
  Event fail(uint64_t offset, const std::string& what);
  Event record(uint8_t opcode, const uint8_t* content, uint64_t length, uint64_t offset);
  Event finish(uint64_t data_end_offset, const uint8_t* content, uint64_t length);

  std::string path_;
  const uint8_t* map_ = nullptr;
  size_t size_ = 0;
  std::vector<Cursor> stack_;  // the file, then the chunk being read
  size_t first_record_ = 0;
  bool done_ = false;
  std::string error_, profile_;
  McapMessage message_;
  std::map<uint16_t, McapSchema> schemas_;
  std::map<uint16_t, McapChannel> channels_;
};

}  // namespace dmxp::cli::mcap
