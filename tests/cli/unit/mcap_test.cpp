// The MCAP writer and reader: round trip of schemas, channels, messages and metadata through
// chunks of every compression, the CRC-32 check value, and damaged files: every truncation and
// corrupted bytes (in a chunk, compressed or not, in an index, in the summary) yield the
// messages before the damage and then one error naming the byte offset, never a crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mcap/compression.hpp"
#include "mcap/crc32.hpp"
#include "mcap/format.hpp"
#include "mcap/reader.hpp"
#include "mcap/writer.hpp"

namespace {

using namespace dmxp::cli::mcap;

struct Msg {
  std::string topic;
  uint32_t seq;
  uint64_t log, pub;
  std::string data;
  bool operator==(const Msg&) const = default;
};

class McapFile : public ::testing::Test {
 protected:
  std::string path_ = "/tmp/cli_mcap_test_" + std::to_string(getpid()) + ".mcap";
  std::string damaged_ = path_ + ".damaged";
  void TearDown() override {
    std::remove(path_.c_str());
    std::remove(damaged_.c_str());
  }

  // n messages on two channels, in chunks of chunk_size bytes (small: many chunks).
  std::vector<Msg> write(size_t n, Compression compression = Compression::None, uint64_t chunk_size = 256) {
    McapWriter w;
    std::string error;
    EXPECT_TRUE(w.open(path_, &error, {"x-dmxp", compression, chunk_size})) << error;
    uint16_t s = w.add_schema("std_msgs/Int32", kSchemaEncoding, R"({"format":"dmxp.msg.layout/1"})");
    uint16_t a = w.add_channel(s, "/a", kMessageEncoding, {{"dmxp.channel", "t.a"}});
    uint16_t b = w.add_channel(0, "/raw", kMessageEncoding, {});
    std::vector<Msg> sent;
    for (size_t i = 0; i < n; ++i) {
      Msg m{i % 3 ? "/a" : "/raw", uint32_t(i), 1000 + i, 900 + i, std::string(i % 17, char('a' + i % 26))};
      w.write_message(i % 3 ? a : b, m.seq, m.log, m.pub, m.data.data(), m.data.size());
      sent.push_back(m);
    }
    EXPECT_TRUE(w.close(&error)) << error;
    return sent;
  }

  // Messages read until End or Error; *error gets the error text ("" at a clean end).
  static std::vector<Msg> read(const std::string& file, std::string* error) {
    McapReader r;
    std::vector<Msg> got;
    if (!r.open(file, error)) return got;
    for (McapReader::Event e; (e = r.next()) != McapReader::Event::End;) {
      if (e == McapReader::Event::Error) { *error = r.error(); return got; }
      if (e != McapReader::Event::Message) continue;
      const McapMessage& m = r.message();
      got.push_back({r.channels().at(m.channel_id).topic, m.sequence, m.log_time, m.publish_time,
                     std::string(reinterpret_cast<const char*>(m.data), m.size)});
    }
    error->clear();
    return got;
  }

  std::string bytes() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write_damaged(const std::string& b) const { std::ofstream(damaged_, std::ios::binary) << b; }
  // Each cut of the file reads as the messages before it, then an error naming the file.
  void expect_every_truncation_gives_a_prefix(const std::vector<Msg>& sent) const {
    std::string whole = bytes();
    for (size_t cut = 0; cut < whole.size(); ++cut) {
      write_damaged(whole.substr(0, cut));
      std::string error;
      auto got = read(damaged_, &error);
      ASSERT_FALSE(error.empty()) << "cut at " << cut;
      ASSERT_LE(got.size(), sent.size());
      for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], sent[i]) << "cut at " << cut;
      if (cut >= 16) {
        EXPECT_NE(error.find(damaged_ + ": "), std::string::npos) << error;
      }
    }
  }
  // Offsets of the top-level records with this opcode (walking the file record by record).
  static std::vector<size_t> records_of(const std::string& b, uint8_t opcode) {
    std::vector<size_t> out;
    for (size_t at = 8; at + 9 <= b.size() - 8;) {
      uint64_t length;
      std::memcpy(&length, b.data() + at + 1, 8);
      if (uint8_t(b[at]) == opcode) out.push_back(at);
      at += 9 + length;
    }
    return out;
  }
};

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32_update(0, "123456789", 9), 0xCBF43926u);
  uint32_t c = crc32_update(0, "1234", 4);
  EXPECT_EQ(crc32_update(c, "56789", 5), 0xCBF43926u);
}

TEST_F(McapFile, ReadsBackEveryMessageInOrder) {
  auto sent = write(200);
  std::string error;
  EXPECT_EQ(read(path_, &error), sent);
  EXPECT_EQ(error, "");
  McapReader r;
  ASSERT_TRUE(r.open(path_, &error));
  EXPECT_EQ(r.profile(), "x-dmxp");
  while (r.next() != McapReader::Event::End) {}
  ASSERT_EQ(r.channels().size(), 2u);
  EXPECT_EQ(r.channels().at(1).metadata.at("dmxp.channel"), "t.a");
  EXPECT_EQ(r.schemas().at(1).encoding, "x-dmxp-layout");
}

TEST_F(McapFile, EveryTruncationGivesAPrefixAndAnError) {
  expect_every_truncation_gives_a_prefix(write(40));
}

TEST_F(McapFile, ChecksumsCatchChangedBytes) {
  write(10);
  std::string whole = bytes();
  std::string error;
  // A changed payload byte: the CRC of its (uncompressed) chunk.
  std::string b = whole;
  size_t at = b.find("ddd");
  ASSERT_NE(at, std::string::npos);
  b[at] = 'X';
  write_damaged(b);
  auto got = read(damaged_, &error);
  EXPECT_LT(got.size(), 10u);
  EXPECT_NE(error.find("chunk CRC mismatch: its records sum to 0x"), std::string::npos) << error;
  EXPECT_NE(error.find(", the chunk says 0x"), std::string::npos) << error;
  // A changed byte outside any chunk (a Message Index): only the data section CRC covers it.
  b = whole;
  at = records_of(whole, kMessageIndex).at(0);
  b[at + 9 + 2 + 4 + 3] ^= 0x01;  // a log time byte of its first entry
  write_damaged(b);
  got = read(damaged_, &error);
  EXPECT_EQ(got.size(), 10u);  // every message is intact; the section as a whole is not
  EXPECT_NE(error.find("data section CRC mismatch: its bytes sum to 0x"), std::string::npos) << error;
  // A changed byte in the summary: the summary CRC of the footer.
  b = whole;
  b[b.size() - 8 - 29 - 30] ^= 0x40;
  write_damaged(b);
  read(damaged_, &error);
  EXPECT_NE(error.find("CRC mismatch"), std::string::npos) << error;
  // A record length pointing past the end.
  b = whole;
  b[8 + 1 + 7] = char(0x7f);
  write_damaged(b);
  EXPECT_FALSE(McapReader().open(damaged_, &error));
  EXPECT_EQ(error, damaged_ + ": corrupt at byte 8: the first record is not a complete Header");
}

TEST_F(McapFile, EveryCompressionRoundTripsThroughManyChunks) {
  for (Compression c : {Compression::None, Compression::Zstd, Compression::Lz4}) {
    auto sent = write(500, c, 1024);
    std::string error;
    EXPECT_EQ(read(path_, &error), sent) << chunk_compression_name(c);
    EXPECT_EQ(error, "");
    McapReader r;
    ASSERT_TRUE(r.open(path_, &error));
    while (r.next() != McapReader::Event::End) {}
    ASSERT_EQ(r.chunks().size(), 1u);
    // Repetitive test payloads always compress, so no chunk falls back to "none".
    EXPECT_EQ(r.chunks().begin()->first, c == Compression::None ? "none" : chunk_compression_name(c));
    EXPECT_GT(r.chunks().begin()->second, 5u);
  }
}

TEST_F(McapFile, MetadataRecordsReadBack) {
  McapWriter w;
  std::string error;
  ASSERT_TRUE(w.open(path_, &error, {"x-dmxp", Compression::Zstd, 1 << 20}));
  uint16_t c = w.add_channel(0, "/raw", kMessageEncoding, {});
  w.write_message(c, 1, 10, 9, "x", 1);
  w.add_metadata("dmxp.topic", {{"topic", "/raw"}, {"recorded", "1"}});
  ASSERT_TRUE(w.close(&error)) << error;
  McapReader r;
  ASSERT_TRUE(r.open(path_, &error));
  std::vector<McapReader::Event> events;
  for (McapReader::Event e; (e = r.next()) != McapReader::Event::End;) events.push_back(e);
  EXPECT_EQ(events, (std::vector<McapReader::Event>{McapReader::Event::Channel, McapReader::Event::Metadata,
                                                    McapReader::Event::Message}));
  EXPECT_EQ(r.metadata().name, "dmxp.topic");
  EXPECT_EQ(r.metadata().values, (std::map<std::string, std::string>{{"recorded", "1"}, {"topic", "/raw"}}));
  EXPECT_EQ(r.error(), "");
}

TEST_F(McapFile, EveryTruncationOfACompressedFileGivesAPrefixAndAnError) {
  for (Compression c : {Compression::Zstd, Compression::Lz4}) expect_every_truncation_gives_a_prefix(write(30, c, 120));
}

TEST_F(McapFile, DamagedCompressedChunksAreReportedByOffset) {
  for (Compression c : {Compression::Zstd, Compression::Lz4}) {
    write(300, c, 1 << 20);  // one chunk
    std::string whole = bytes();
    auto chunks = records_of(whole, kChunk);
    ASSERT_EQ(chunks.size(), 1u);
    size_t chunk = chunks[0];
    size_t payload = chunk + 9 + 8 + 8 + 8 + 4 + 4 + std::strlen(chunk_compression_name(c)) + 8;
    std::string prefix = damaged_ + ": corrupt at byte " + std::to_string(chunk) + ": chunk ";
    int changed = 0;
    for (size_t at = payload; at < payload + 40; ++at, ++changed) {
      std::string b = whole;
      b[at] ^= 0x5a;
      write_damaged(b);
      std::string error;
      auto got = read(damaged_, &error);
      EXPECT_TRUE(got.empty()) << error;  // the one chunk holds every message
      // Either the codec notices, or the chunk CRC does: never silently changed records.
      EXPECT_EQ(error.rfind(prefix, 0), 0u) << error;
      EXPECT_TRUE(error.find("cannot be decompressed") != std::string::npos ||
                  error.find("chunk CRC mismatch") != std::string::npos) << error;
    }
    EXPECT_EQ(changed, 40);
  }
}

TEST_F(McapFile, NotAnMcapFile) {
  write_damaged("hello, this is not a recording");
  std::string error;
  EXPECT_FALSE(McapReader().open(damaged_, &error));
  EXPECT_EQ(error, damaged_ + ": not an MCAP file (it does not start with the MCAP magic bytes)");
  EXPECT_FALSE(McapReader().open("/nonexistent/x.mcap", &error));
  EXPECT_EQ(error, "/nonexistent/x.mcap: cannot open: No such file or directory");
}

}  // namespace
