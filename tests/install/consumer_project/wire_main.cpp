// A downstream program on the installed CDR codec (find_package(dmxp COMPONENTS wire)):
// encodes a message of a type given only by its layout descriptor and checks the bytes.
#include <cstdio>
#include <cstring>
#include <vector>

#include <dmxp/wire/cdr.hpp>

int main() {
  const char* descriptor =
      R"({"format": "dmxp.msg.layout/1", "type": "demo/Text", "endian": "little", "size": 12,)"
      R"( "fields": [{"name": "data", "kind": "string", "type": "string", "offset": 0,)"
      R"( "capacity": 8, "length_offset": 0, "data_offset": 4}], "types": {}})";
  auto codec = dmxp::wire::CdrCodec::from_descriptor(descriptor);
  if (!codec.ok()) {
    std::fprintf(stderr, "%s\n", codec.error().what());
    return 1;
  }
  unsigned char msg[12] = {2, 0, 0, 0, 'h', 'i'};
  std::vector<std::byte> cdr;
  if (!codec.value().encode(msg, cdr).ok()) return 1;
  const unsigned char expected[] = {0, 1, 0, 0, 3, 0, 0, 0, 'h', 'i', 0};
  if (cdr.size() != sizeof expected || std::memcmp(cdr.data(), expected, sizeof expected) != 0) {
    std::fprintf(stderr, "unexpected CDR from the installed codec\n");
    return 1;
  }
  std::printf("installed dmxp::wire: %s -> %zu bytes of CDR\n", codec.value().ros_type_name().c_str(), cdr.size());
  return 0;
}
