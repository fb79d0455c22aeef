// py_skip_init_dump <type> <file> - writes the bytes of <type>(dmxp::msg::skip_init)
// constructed over memory filled with 0xAB: what a C++ loan leaves in a reused slot, for
// test_loans.py to compare with a Python loan byte for byte. Types: demo_msgs/Everything
// (every kind of field and default), geometry_msgs/PoseStamped, sensor_msgs/Image.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <demo_msgs/msg/Everything.hpp>
#include <geometry_msgs/msg/PoseStamped.hpp>
#include <sensor_msgs/msg/Image.hpp>

namespace {

// The fill must happen before the constructor as far as the compiler knows: GCC drops stores
// into an object's storage right before its construction as dead (-flifetime-dse), which a
// loan slot, written by another process, never sees. An opaque call and a barrier keep it.
__attribute__((noinline)) void fill(void* memory, size_t size) {
  std::memset(memory, 0xAB, size);
  asm volatile("" : : "r"(memory) : "memory");
}

template <class T>
int dump(const char* path) {
  size_t size = (sizeof(T) + 63) / 64 * 64;
  void* memory = std::aligned_alloc(64, size);  // heap: an Image is 25 MB
  fill(memory, size);
  new (memory) T(dmxp::msg::skip_init);
  FILE* f = std::fopen(path, "wb");
  bool ok = f && std::fwrite(memory, 1, sizeof(T), f) == sizeof(T);
  if (f) ok = std::fclose(f) == 0 && ok;
  std::free(memory);
  if (!ok) std::perror(path);
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string type = argc == 3 ? argv[1] : "";
  if (type == "demo_msgs/Everything") return dump<demo_msgs::msg::Everything>(argv[2]);
  if (type == "geometry_msgs/PoseStamped") return dump<geometry_msgs::msg::PoseStamped>(argv[2]);
  if (type == "sensor_msgs/Image") return dump<sensor_msgs::msg::Image>(argv[2]);
  std::fprintf(stderr, "usage: py_skip_init_dump demo_msgs/Everything|geometry_msgs/PoseStamped|sensor_msgs/Image FILE\n");
  return 2;
}
