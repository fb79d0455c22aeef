// Never compiled: the configure stops first (CMakeLists.txt).
#include <dmxp/tf/buffer.hpp>

int main() { return 0; }
