// wire_cdr_tool - the CDR codec as a filter, for the tests that compare it with rosbags
// (test_cdr_rosbags.py):
//   wire_cdr_tool encode <descriptor.json>   DMXP message on stdin  -> CDR on stdout
//   wire_cdr_tool decode <descriptor.json>   CDR on stdin -> DMXP message (decoded into zeros)
//   wire_cdr_tool info <descriptor.json>     "<ros type name> <ros type hash> <message size>"
//   wire_cdr_tool ros2msg <descriptor.json>  the ros2msg schema text (dmxp/wire/ros2msg.hpp)
// Exit status 1 with the codec's error on stderr when it fails, 2 on a usage error.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <dmxp/wire/cdr.hpp>
#include <dmxp/wire/ros2msg.hpp>

namespace {

std::vector<std::byte> read_all(std::istream& in) {
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: wire_cdr_tool encode|decode|info|ros2msg <descriptor.json>\n";
    return 2;
  }
  std::string mode = argv[1];
  std::ifstream df(argv[2], std::ios::binary);
  if (!df) {
    std::cerr << "wire_cdr_tool: cannot read " << argv[2] << "\n";
    return 2;
  }
  std::string desc((std::istreambuf_iterator<char>(df)), std::istreambuf_iterator<char>());
  if (mode == "ros2msg") {
    auto text = dmxp::wire::ros2msg_schema(desc);
    if (!text.ok()) {
      std::cerr << text.error().what() << "\n";
      return 1;
    }
    std::cout << text.value();
    return 0;
  }
  auto codec = dmxp::wire::CdrCodec::from_descriptor(desc);
  if (!codec.ok()) {
    std::cerr << codec.error().what() << "\n";
    return 1;
  }
  const auto& c = codec.value();
  std::ios::sync_with_stdio(false);
  std::vector<std::byte> in = read_all(std::cin), out;
  dmxp::Status s = dmxp::Unit{};
  if (mode == "encode") {
    if (in.size() != c.message_size()) {
      std::cerr << "wire_cdr_tool: " << in.size() << " bytes on stdin, expected " << c.message_size() << "\n";
      return 2;
    }
    s = c.encode(in.data(), out);
  } else if (mode == "decode") {
    out.assign(c.message_size(), std::byte{0});
    s = c.decode(in, out.data());
  } else if (mode == "info") {
    std::cout << c.ros_type_name() << " " << c.ros_type_hash() << " " << c.message_size() << "\n";
    return 0;
  } else {
    std::cerr << "wire_cdr_tool: unknown mode " << mode << "\n";
    return 2;
  }
  if (!s.ok()) {
    std::cerr << s.error().what() << "\n";
    return 1;
  }
  std::cout.write(reinterpret_cast<const char*>(out.data()), std::streamsize(out.size()));
  return std::cout ? 0 : 1;
}
