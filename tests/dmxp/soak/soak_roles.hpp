// soak_roles.hpp - the three programs dmxp_soak can be: the supervisor (what a user runs) and
// the producer and consumer processes it execs. Each returns the process exit code.
#pragma once

#include "soak_config.hpp"

namespace dmxp_soak {

struct ControlBlock;

int run_supervisor(Options& o, char* self_path);
int run_producer(const Options& o, ControlBlock* cb);
int run_consumer(const Options& o, ControlBlock* cb);

}  // namespace dmxp_soak
