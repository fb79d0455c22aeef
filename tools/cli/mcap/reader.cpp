#include "mcap/reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "mcap/crc32.hpp"
#include "mcap/format.hpp"

namespace dmxp::cli::mcap {
namespace {

constexpr size_t kRecordHead = 9;  // opcode u8 + content length u64

// Reads fields of one record's content; throws std::out_of_range when a field runs past it.
class Fields {
 public:
  Fields(const uint8_t* p, uint64_t n) : p_(p), n_(n) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_ + i_, sizeof v);
    i_ += sizeof v;
    return v;
  }
  std::string string() {
    uint32_t n = get<uint32_t>();
    need(n);
    std::string s(reinterpret_cast<const char*>(p_ + i_), n);
    i_ += n;
    return s;
  }
  std::map<std::string, std::string> string_map() {
    uint32_t bytes = get<uint32_t>();
    need(bytes);
    Fields inner(p_ + i_, bytes);
    i_ += bytes;
    std::map<std::string, std::string> m;
    while (inner.i_ < inner.n_) {
      std::string k = inner.string();
      m[k] = inner.string();
    }
    return m;
  }
  const uint8_t* rest(size_t* size) {
    *size = size_t(n_ - i_);
    return p_ + i_;
  }

 private:
  void need(uint64_t k) const {
    if (k > n_ - i_) throw std::out_of_range("field runs past the end of its record");
  }
  const uint8_t* p_;
  uint64_t n_;
  uint64_t i_ = 0;
};

}  // namespace

McapReader::~McapReader() {
  if (map_) munmap(const_cast<uint8_t*>(map_), size_);
}

bool McapReader::open(const std::string& path, std::string* error) {
  path_ = path;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st{};
  if (fd < 0 || fstat(fd, &st) != 0) {
    *error = path + ": cannot open: " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  size_ = size_t(st.st_size);
  if (size_ > 0) {
    void* m = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      *error = path + ": cannot map: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    map_ = static_cast<const uint8_t*>(m);
  }
  ::close(fd);
  if (size_ < sizeof kMagic || std::memcmp(map_, kMagic, sizeof kMagic) != 0) {
    *error = path + ": not an MCAP file (it does not start with the MCAP magic bytes)";
    return false;
  }
  // The Header must be the first record.
  uint64_t length = 0;
  if (size_ >= sizeof kMagic + kRecordHead) std::memcpy(&length, map_ + sizeof kMagic + 1, 8);
  if (size_ < sizeof kMagic + kRecordHead || map_[sizeof kMagic] != kHeader ||
      length > size_ - sizeof kMagic - kRecordHead) {
    *error = path + ": corrupt at byte 8: the first record is not a complete Header";
    return false;
  }
  try {
    profile_ = Fields(map_ + sizeof kMagic + kRecordHead, length).string();
  } catch (const std::out_of_range&) {
    *error = path + ": corrupt at byte 8: Header record too short";
    return false;
  }
  first_record_ = sizeof kMagic + kRecordHead + size_t(length);
  rewind();
  return true;
}

void McapReader::rewind() {
  file_ = Cursor{map_, size_, first_record_};
  in_chunk_ = false;
  chunks_.clear();
  done_ = false;
  error_.clear();
}

McapReader::Event McapReader::fail(uint64_t offset, const std::string& what) {
  error_ = path_ + ": corrupt at byte " + std::to_string(offset) + ": " + what;
  done_ = true;
  return Event::Error;
}

McapReader::Event McapReader::damage(uint64_t pos, const std::string& what) {
  // Inside a chunk, pos is an offset in its (possibly decompressed) records: name both.
  if (in_chunk_) return fail(chunk_at_, "in the chunk's records at byte " + std::to_string(pos) + ": " + what);
  return fail(pos, what);
}

McapReader::Event McapReader::next() {
  while (!done_) {
    if (in_chunk_ && chunk_.pos == chunk_.size) in_chunk_ = false;
    Cursor& c = in_chunk_ ? chunk_ : file_;
    if (c.pos == c.size) return fail(c.pos, "the file ends before its Data End record (truncated)");
    uint64_t at = c.pos;
    if (c.size - c.pos < kRecordHead)
      return damage(at, in_chunk_ ? "record header runs past the end of the chunk"
                                 : "record header runs past the end (truncated)");
    uint8_t opcode = c.begin[c.pos];
    uint64_t length;
    std::memcpy(&length, c.begin + c.pos + 1, sizeof length);
    if (length > c.size - c.pos - kRecordHead)
      return damage(at, "record of " + std::to_string(length) + " bytes runs past the end of " +
                           (in_chunk_ ? "its chunk" : "the file (truncated)"));
    const uint8_t* content = c.begin + c.pos + kRecordHead;
    c.pos += kRecordHead + length;
    if (!in_chunk_ && opcode == kDataEnd) return finish(at, content, length);
    if (in_chunk_ && (opcode == kChunk || opcode == kDataEnd || opcode == kHeader || opcode == kFooter))
      return damage(at, std::string("a ") + (opcode == kChunk ? "Chunk" : opcode == kDataEnd ? "Data End" : opcode == kHeader ? "Header" : "Footer") +
                           " record inside a chunk");
    try {
      Event e = opcode == kChunk ? chunk(content, length, at) : record(opcode, content, length, at);
      if (e != Event::End) return e;  // End here means "nothing to report, go on"
    } catch (const std::out_of_range& ex) {
      return damage(at, std::string("record 0x") + "0123456789abcdef"[opcode >> 4] +
                           "0123456789abcdef"[opcode & 15] + ": " + ex.what());
    }
  }
  return Event::End;
}

McapReader::Event McapReader::record(uint8_t opcode, const uint8_t* content, uint64_t length,
                                     uint64_t at) {
  Fields f(content, length);
  switch (opcode) {
    case kHeader:
      return damage(at, "a second Header record");
    case kSchema: {
      McapSchema s;
      s.id = f.get<uint16_t>();
      s.name = f.string();
      s.encoding = f.string();
      s.data = f.string();
      if (s.id == 0) return damage(at, "schema id 0 is reserved");
      schemas_[s.id] = std::move(s);
      return Event::Schema;
    }
    case kChannel: {
      McapChannel ch;
      ch.id = f.get<uint16_t>();
      ch.schema_id = f.get<uint16_t>();
      ch.topic = f.string();
      ch.encoding = f.string();
      ch.metadata = f.string_map();
      if (ch.schema_id && !schemas_.count(ch.schema_id))
        return damage(at, "channel '" + ch.topic + "' names schema " + std::to_string(ch.schema_id) +
                            ", which no earlier Schema record defines");
      channels_[ch.id] = std::move(ch);
      return Event::Channel;
    }
    case kMessage: {
      message_.channel_id = f.get<uint16_t>();
      message_.sequence = f.get<uint32_t>();
      message_.log_time = f.get<uint64_t>();
      message_.publish_time = f.get<uint64_t>();
      message_.data = f.rest(&message_.size);
      if (!channels_.count(message_.channel_id))
        return damage(at, "message on channel " + std::to_string(message_.channel_id) +
                            ", which no earlier Channel record defines");
      return Event::Message;
    }
    case kMetadata:
      metadata_.name = f.string();
      metadata_.values = f.string_map();
      return Event::Metadata;
    default:
      return Event::End;  // indexes, attachments, statistics: not needed to replay messages
  }
}

McapReader::Event McapReader::chunk(const uint8_t* content, uint64_t length, uint64_t at) {
  Fields f(content, length);
  f.get<uint64_t>();  // start and end times
  f.get<uint64_t>();
  uint64_t uncompressed = f.get<uint64_t>();
  uint32_t crc = f.get<uint32_t>();
  std::string compression = f.string();
  uint64_t n = f.get<uint64_t>();
  size_t rest = 0;
  const uint8_t* records = f.rest(&rest);
  if (n > rest) return fail(at, "chunk records of " + std::to_string(n) + " bytes run past the end of the chunk record");
  if (compression.empty()) {
    if (n != uncompressed) return fail(at, "uncompressed chunk of " + std::to_string(n) + " bytes declares " + std::to_string(uncompressed));
  } else {
    if (uncompressed > kMaxChunkBytes)
      return fail(at, "chunk of " + std::to_string(uncompressed) + " bytes uncompressed is larger than this reader accepts (" +
                          std::to_string(kMaxChunkBytes) + ")");
    std::string why;
    if (!decompress(compression, records, size_t(n), size_t(uncompressed), &chunk_buffer_, &why))
      return fail(at, "chunk cannot be decompressed: " + why);
    records = chunk_buffer_.data();
  }
  if (crc) {
    uint32_t actual = crc32_update(0, records, size_t(uncompressed));
    if (actual != crc) {
      char what[160];
      std::snprintf(what, sizeof what, "chunk CRC mismatch: its records sum to 0x%08x, the chunk says 0x%08x (the chunk is damaged)",
                    actual, crc);
      return fail(at, what);
    }
  }
  ++chunks_[compression.empty() ? "none" : compression];
  chunk_ = Cursor{records, size_t(uncompressed), 0};
  chunk_at_ = at;
  in_chunk_ = true;
  return Event::End;
}

McapReader::Event McapReader::finish(uint64_t at, const uint8_t* content, uint64_t length) {
  Fields f(content, length);
  uint32_t crc = 0;
  try { crc = f.get<uint32_t>(); } catch (const std::out_of_range&) { return fail(at, "Data End record too short"); }
  if (uint32_t actual = crc ? crc32_update(0, map_, size_t(at)) : 0; actual != crc) {
    char what[160];
    std::snprintf(what, sizeof what, "data section CRC mismatch: its bytes sum to 0x%08x, Data End says 0x%08x "
                  "(the data section is damaged)", actual, crc);
    return fail(at, what);
  }
  // Footer and trailing magic close the file; the summary CRC covers summary..footer fields.
  constexpr size_t kFooterSize = kRecordHead + 8 + 8 + 4;
  if (size_ < at + kRecordHead + length + kFooterSize + sizeof kMagic ||
      std::memcmp(map_ + size_ - sizeof kMagic, kMagic, sizeof kMagic) != 0)
    return fail(size_, "the file ends without a footer and closing magic (truncated)");
  const uint8_t* footer = map_ + size_ - sizeof kMagic - kFooterSize;
  uint64_t summary_start, offsets_start;
  uint32_t summary_crc;
  std::memcpy(&summary_start, footer + kRecordHead, 8);
  std::memcpy(&offsets_start, footer + kRecordHead + 8, 8);
  std::memcpy(&summary_crc, footer + kRecordHead + 16, 4);
  uint64_t footer_at = uint64_t(footer - map_);
  if (footer[0] != kFooter || summary_start > footer_at || offsets_start > footer_at)
    return fail(footer_at, "bad footer record");
  if (summary_start && summary_crc &&
      crc32_update(0, map_ + summary_start, size_t(footer_at + kRecordHead + 16 - summary_start)) != summary_crc)
    return fail(summary_start, "summary CRC mismatch");
  done_ = true;
  return Event::End;
}

}  // namespace dmxp::cli::mcap
