// dmxp_test_creator - creates one channel and sends one message, linked against the
// crash-point variant of the library (libdmxp_crashpoints), so that a test can stop it at a
// chosen point of creation (DMXP_CRASH_AT=channel.create.sized:1:stop) and act meanwhile.
//   dmxp_test_creator <domain> <channel> <message>
// Exit code 0 when the channel was created and the message sent; the error on stderr else.
#include <cstdio>
#include <cstring>

#include "dmxp/dmxp.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: dmxp_test_creator <domain> <channel> <message>\n");
    return 64;
  }
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = argv[1];
  dmxp_producer* p = nullptr;
  if (int rc = dmxp_producer_open(argv[2], &o, &p)) {
    std::fprintf(stderr, "open: %s: %s\n", dmxp_strerror(rc), dmxp_last_error());
    return 1;
  }
  int rc = dmxp_producer_send(p, argv[3], std::strlen(argv[3]), 0, nullptr);
  if (rc) std::fprintf(stderr, "send: %s: %s\n", dmxp_strerror(rc), dmxp_last_error());
  dmxp_producer_close(p);
  return rc ? 2 : 0;
}
