// Round-trips one message through an installed libdmxp; exit 0 on success.
#include <dmxp/dmxp.hpp>

#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

int main() {
  std::string domain = "inst" + std::to_string(getpid());
  dmxp::ChannelOptions o;
  o.domain(domain.c_str());
  auto p = dmxp::Producer::open("downstream", o).value();
  p.send("installed", 9).value();
  auto c = dmxp::Consumer::open("downstream", o).value();
  auto m = c.receive(1'000'000'000).value();
  bool ok = m.size() == 9 && std::memcmp(m.data(), "installed", 9) == 0;
  dmxp_channel_remove(domain.c_str(), "downstream");
  unlink(("/dev/shm/dmxp." + domain + ".keys").c_str());
  std::puts(ok ? "downstream: ok" : "downstream: wrong message");
  return ok ? 0 : 1;
}
