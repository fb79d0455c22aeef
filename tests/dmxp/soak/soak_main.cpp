// dmxp_soak - the transport's soak: 4 producers and 4 consumers in separate processes over
// broadcast and queue, reliable and keep-last channels, with one of them SIGKILLed and
// restarted every few seconds, every message and the channels' accounting checked
// continuously. See docs/failures.md ("Soak") and tools/scripts/soak.sh.
#include <cstdio>

#include "soak_roles.hpp"
#include "soak_shm.hpp"

int main(int argc, char** argv) {
  using namespace dmxp_soak;
  Options o;
  if (!parse_options(argc, argv, o)) return 2;
  if (o.role == Role::kSupervisor) return run_supervisor(o, argv[0]);
  ControlBlock* cb = map_control_block(o.ctl_fd);
  if (!cb || cb->magic != kControlMagic) {
    std::fprintf(stderr, "dmxp_soak: fd %d is not the soak's control block\n", o.ctl_fd);
    return 2;
  }
  return o.role == Role::kProducer ? run_producer(o, cb) : run_consumer(o, cb);
}
