#include "mcap/writer.hpp"

#include <cerrno>
#include <cstring>

#include "mcap/bytes.hpp"
#include "mcap/crc32.hpp"
#include "mcap/format.hpp"

namespace dmxp::cli::mcap {

McapWriter::~McapWriter() {
  if (file_) std::fclose(file_);
}

bool McapWriter::open(const std::string& path, std::string* error) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) {
    *error = path + ": cannot create: " + std::strerror(errno);
    return false;
  }
  path_ = path;
  raw(kMagic, sizeof kMagic, true);
  std::string header;
  put_string(header, kProfile);
  put_string(header, "dmxp");
  record(kHeader, header, true);
  return true;
}

void McapWriter::raw(const void* data, size_t size, bool in_data) {
  if (size && std::fwrite(data, 1, size, file_) != size) write_failed_ = true;
  offset_ += size;
  if (in_data) data_crc_ = crc32_update(data_crc_, data, size);
  else summary_crc_ = crc32_update(summary_crc_, data, size);
}

void McapWriter::record(uint8_t opcode, const std::string& content, bool in_data) {
  std::string head;
  put<uint8_t>(head, opcode);
  put<uint64_t>(head, content.size());
  raw(head.data(), head.size(), in_data);
  raw(content.data(), content.size(), in_data);
}

std::string McapWriter::schema_record(uint16_t id) const {
  const Schema& s = schemas_[id - 1];
  std::string c;
  put<uint16_t>(c, id);
  put_string(c, s.name);
  put_string(c, s.encoding);
  put_string(c, s.data);  // <u32 length><bytes>, the same shape as a string
  return c;
}

std::string McapWriter::channel_record(uint16_t id) const {
  const Channel& ch = channels_[id - 1];
  std::string c;
  put<uint16_t>(c, id);
  put<uint16_t>(c, ch.schema_id);
  put_string(c, ch.topic);
  put_string(c, ch.encoding);
  put_string_map(c, ch.metadata);
  return c;
}

uint16_t McapWriter::add_schema(const std::string& name, const std::string& encoding,
                                const std::string& data) {
  schemas_.push_back({name, encoding, data});
  uint16_t id = uint16_t(schemas_.size());
  record(kSchema, schema_record(id), true);
  return id;
}

uint16_t McapWriter::add_channel(uint16_t schema_id, const std::string& topic,
                                 const std::string& encoding,
                                 const std::map<std::string, std::string>& metadata) {
  channels_.push_back({schema_id, topic, encoding, metadata});
  uint16_t id = uint16_t(channels_.size());
  record(kChannel, channel_record(id), true);
  return id;
}

void McapWriter::write_message(uint16_t channel_id, uint32_t sequence, uint64_t log_time,
                               uint64_t publish_time, const void* data, size_t size) {
  std::string head;
  put<uint8_t>(head, kMessage);
  put<uint64_t>(head, 2 + 4 + 8 + 8 + uint64_t(size));
  put<uint16_t>(head, channel_id);
  put<uint32_t>(head, sequence);
  put<uint64_t>(head, log_time);
  put<uint64_t>(head, publish_time);
  raw(head.data(), head.size(), true);
  raw(data, size, true);  // the payload is written straight from the caller's bytes
  ++message_count_;
  ++channel_counts_[channel_id];
  first_time_ = std::min(first_time_, log_time);
  last_time_ = std::max(last_time_, log_time);
}

bool McapWriter::close(std::string* error) {
  if (!file_) return true;
  std::string data_end;
  put<uint32_t>(data_end, data_crc_);
  record(kDataEnd, data_end, false);

  // Summary: one group per record kind, each indexed by a Summary Offset record.
  uint64_t summary_start = offset_;
  summary_crc_ = 0;
  struct Group { uint8_t opcode; uint64_t start, length; };
  std::vector<Group> groups;
  auto group = [&](uint8_t opcode, auto&& write_all) {
    uint64_t start = offset_;
    write_all();
    if (offset_ > start) groups.push_back({opcode, start, offset_ - start});
  };
  group(kSchema, [&] { for (size_t i = 1; i <= schemas_.size(); ++i) record(kSchema, schema_record(uint16_t(i)), false); });
  group(kChannel, [&] { for (size_t i = 1; i <= channels_.size(); ++i) record(kChannel, channel_record(uint16_t(i)), false); });
  group(kStatistics, [&] {
    std::string s;
    put<uint64_t>(s, message_count_);
    put<uint16_t>(s, uint16_t(schemas_.size()));
    put<uint32_t>(s, uint32_t(channels_.size()));
    put<uint32_t>(s, 0);  // attachments
    put<uint32_t>(s, 0);  // metadata
    put<uint32_t>(s, 0);  // chunks
    put<uint64_t>(s, message_count_ ? first_time_ : 0);
    put<uint64_t>(s, message_count_ ? last_time_ : 0);
    std::string counts;
    for (const auto& [id, n] : channel_counts_) { put<uint16_t>(counts, id); put<uint64_t>(counts, n); }
    put<uint32_t>(s, uint32_t(counts.size()));
    s += counts;
    record(kStatistics, s, false);
  });
  uint64_t offsets_start = offset_;
  for (const Group& g : groups) {
    std::string o;
    put<uint8_t>(o, g.opcode);
    put<uint64_t>(o, g.start);
    put<uint64_t>(o, g.length);
    record(kSummaryOffset, o, false);
  }
  // Footer: the summary CRC covers the summary, the offsets and the footer up to its CRC.
  std::string footer;
  put<uint8_t>(footer, kFooter);
  put<uint64_t>(footer, 8 + 8 + 4);
  put<uint64_t>(footer, summary_start);
  put<uint64_t>(footer, offsets_start);
  raw(footer.data(), footer.size(), false);
  std::string crc;
  put<uint32_t>(crc, summary_crc_);
  raw(crc.data(), crc.size(), false);
  raw(kMagic, sizeof kMagic, false);
  bool ok = !write_failed_ && std::fflush(file_) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok) *error = path_ + ": write failed: " + std::strerror(errno);
  return ok;
}

}  // namespace dmxp::cli::mcap
