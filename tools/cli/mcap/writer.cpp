#include "mcap/writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mcap/bytes.hpp"
#include "mcap/crc32.hpp"
#include "mcap/format.hpp"

namespace dmxp::cli::mcap {

McapWriter::~McapWriter() {
  if (file_) std::fclose(file_);
}

bool McapWriter::open(const std::string& path, std::string* error, const WriterOptions& options) {
  options_ = options;
  if (options_.chunk_size == 0) options_.chunk_size = 1;
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) {
    *error = path + ": cannot create: " + std::strerror(errno);
    return false;
  }
  path_ = path;
  raw(kMagic, sizeof kMagic, true);
  std::string header;
  put_string(header, options_.profile);
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
  std::string& r = chunk_.records;
  chunk_.index[channel_id].emplace_back(log_time, r.size());
  put<uint8_t>(r, kMessage);
  put<uint64_t>(r, 2 + 4 + 8 + 8 + uint64_t(size));
  put<uint16_t>(r, channel_id);
  put<uint32_t>(r, sequence);
  put<uint64_t>(r, log_time);
  put<uint64_t>(r, publish_time);
  r.append(static_cast<const char*>(data), size);
  chunk_.start_time = std::min(chunk_.start_time, log_time);
  chunk_.end_time = std::max(chunk_.end_time, log_time);
  ++message_count_;
  ++channel_counts_[channel_id];
  first_time_ = std::min(first_time_, log_time);
  last_time_ = std::max(last_time_, log_time);
  if (r.size() >= options_.chunk_size) flush_chunk();
}

void McapWriter::flush_chunk() {
  if (chunk_.records.empty()) return;
  const std::string& records = chunk_.records;
  uint32_t crc = crc32_update(0, records.data(), records.size());
  // Stored as is when compression does not make it smaller (noise, already compressed data).
  const char* compression = chunk_compression_name(options_.compression);
  const std::string* body = &records;
  if (options_.compression != Compression::None) {
    packed_.clear();
    compress(options_.compression, records.data(), records.size(), &packed_);
    if (packed_.size() < records.size()) body = &packed_;
    else compression = "";
  }
  uint64_t chunk_start = offset_;
  std::string head;
  put<uint8_t>(head, kChunk);
  put<uint64_t>(head, 8 + 8 + 8 + 4 + 4 + std::strlen(compression) + 8 + body->size());
  put<uint64_t>(head, chunk_.start_time);
  put<uint64_t>(head, chunk_.end_time);
  put<uint64_t>(head, records.size());
  put<uint32_t>(head, crc);
  put_string(head, compression);
  put<uint64_t>(head, body->size());
  raw(head.data(), head.size(), true);
  raw(body->data(), body->size(), true);
  uint64_t chunk_length = offset_ - chunk_start;

  // One Message Index per channel, right after its chunk, for readers that seek by time.
  std::string offsets;
  uint64_t indexes_start = offset_;
  for (const auto& [channel, entries] : chunk_.index) {
    put<uint16_t>(offsets, channel);
    put<uint64_t>(offsets, offset_);
    std::string c;
    put<uint16_t>(c, channel);
    put<uint32_t>(c, uint32_t(entries.size() * 16));
    for (const auto& [time, at] : entries) { put<uint64_t>(c, time); put<uint64_t>(c, at); }
    record(kMessageIndex, c, true);
  }
  std::string index;
  put<uint64_t>(index, chunk_.start_time);
  put<uint64_t>(index, chunk_.end_time);
  put<uint64_t>(index, chunk_start);
  put<uint64_t>(index, chunk_length);
  put<uint32_t>(index, uint32_t(offsets.size()));
  index += offsets;
  put<uint64_t>(index, offset_ - indexes_start);
  put_string(index, compression);
  put<uint64_t>(index, body->size());
  put<uint64_t>(index, records.size());
  put<uint8_t>(chunk_indexes_, kChunkIndex);
  put<uint64_t>(chunk_indexes_, index.size());
  chunk_indexes_ += index;
  ++chunk_count_;
  chunk_.records.clear();
  chunk_.index.clear();
  chunk_.start_time = UINT64_MAX;
  chunk_.end_time = 0;
}

void McapWriter::add_metadata(const std::string& name, const std::map<std::string, std::string>& values) {
  std::string c;
  put_string(c, name);
  put_string_map(c, values);
  uint64_t at = offset_;
  record(kMetadata, c, true);
  std::string index;
  put<uint64_t>(index, at);
  put<uint64_t>(index, offset_ - at);
  put_string(index, name);
  put<uint8_t>(metadata_indexes_, kMetadataIndex);
  put<uint64_t>(metadata_indexes_, index.size());
  metadata_indexes_ += index;
  ++metadata_count_;
}

std::string McapWriter::statistics_record() const {
  std::string s;
  put<uint64_t>(s, message_count_);
  put<uint16_t>(s, uint16_t(schemas_.size()));
  put<uint32_t>(s, uint32_t(channels_.size()));
  put<uint32_t>(s, 0);  // attachments
  put<uint32_t>(s, metadata_count_);
  put<uint32_t>(s, chunk_count_);
  put<uint64_t>(s, message_count_ ? first_time_ : 0);
  put<uint64_t>(s, message_count_ ? last_time_ : 0);
  std::string counts;
  for (const auto& [id, n] : channel_counts_) { put<uint16_t>(counts, id); put<uint64_t>(counts, n); }
  put<uint32_t>(s, uint32_t(counts.size()));
  s += counts;
  return s;
}

bool McapWriter::close(std::string* error) {
  if (!file_) return true;
  flush_chunk();
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
  group(kStatistics, [&] { record(kStatistics, statistics_record(), false); });
  group(kChunkIndex, [&] { raw(chunk_indexes_.data(), chunk_indexes_.size(), false); });
  group(kMetadataIndex, [&] { raw(metadata_indexes_.data(), metadata_indexes_.size(), false); });
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
