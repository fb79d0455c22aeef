// dmxp_fuzz_mcap_seed <dir> - writes the seed corpus of dmxp_fuzz_mcap_reader: small real
// recordings from the MCAP writer, one per chunk compression (none, zstd, lz4), with a
// schema, an untyped channel, several chunks with their indexes, and a metadata record. Not a
// fuzzer. (tools/scripts/fuzz.sh adds the unchunked recording of tests/cli/data.)
#include <cstdio>
#include <string>

#include "mcap/format.hpp"
#include "mcap/writer.hpp"

using namespace dmxp::cli::mcap;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <dir>\n", argv[0]);
    return 2;
  }
  for (const char* name : {"none", "zstd", "lz4"}) {
    WriterOptions o;
    parse_compression(name, &o.compression);
    o.chunk_size = 300;
    McapWriter w;
    std::string error, path = std::string(argv[1]) + "/chunked_" + name + ".mcap";
    if (!w.open(path, &error, o)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    uint16_t s = w.add_schema("std_msgs/Int32", kSchemaEncoding, R"({"format":"dmxp.msg.layout/1","type":"std_msgs/Int32"})");
    uint16_t a = w.add_channel(s, "/count", kMessageEncoding, {{"dmxp.channel", "t.count"}, {"dmxp.capacity", "4"}});
    uint16_t b = w.add_channel(0, "/raw", kMessageEncoding, {});
    for (uint32_t i = 0; i < 24; ++i) {
      std::string payload(4 + i % 9, char('a' + i % 5));
      w.write_message(i % 2 ? a : b, i, 1000 + i, 990 + i, payload.data(), payload.size());
    }
    w.add_metadata("dmxp.topic", {{"topic", "/count"}, {"recorded", "12"}, {"dropped.changed", "0"},
                                  {"dropped.overwritten", "1"}, {"dropped.queue_full", "0"}});
    if (!w.close(&error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
  }
  return 0;
}
