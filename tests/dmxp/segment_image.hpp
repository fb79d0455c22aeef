// segment_image.hpp - channel segments written by hand from layout.hpp, for the tests that
// plant segments (corrupt, hostile, or owned by another user) instead of letting the library
// create them. Header-only: only suites that link dmxp_internal (layout.hpp) include it.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "segments/layout.hpp"

namespace dmxp_test {

namespace handmade {
inline constexpr uint32_t kCapacity = 16;
inline constexpr uint32_t kSlotSize = 256;
inline constexpr uint32_t kRecords = 8;
inline constexpr char kDescriptor[] = "handmade descriptor bytes";
inline constexpr char kTypeName[] = "test/Handmade";
}  // namespace handmade

// A well-formed, empty broadcast/reliable channel segment as the library would create it
// (handmade:: geometry, descriptor and type name; creator = this process).
inline std::vector<uint8_t> valid_image() {
  namespace layout = dmxp::layout;
  using namespace handmade;
  layout::Geometry g =
      layout::compute_geometry(kCapacity, kSlotSize, kRecords, kRecords, sizeof kDescriptor);
  std::vector<uint8_t> bytes(g.file_size, 0);
  auto* h = reinterpret_cast<layout::ChannelHeader*>(bytes.data());
  h->magic = layout::kChannelMagic;
  h->abi_version = layout::kAbiVersion;
  h->header_size = layout::kHeaderSize;
  h->init_state.store(layout::kReady);
  h->mode = DMXP_MODE_BROADCAST;
  h->backpressure = DMXP_RELIABLE;
  h->capacity = kCapacity;
  h->slot_size = kSlotSize;
  h->slot_stride = g.slot_stride;
  h->file_size = g.file_size;
  h->consumers_offset = g.consumers_offset;
  h->producers_offset = g.producers_offset;
  h->slots_offset = g.slots_offset;
  h->descriptor_offset = g.descriptor_offset;
  h->descriptor_size = sizeof kDescriptor;
  std::memcpy(bytes.data() + g.descriptor_offset, kDescriptor, sizeof kDescriptor);
  h->max_consumers = kRecords;
  h->max_producers = kRecords;
  h->creator_pid = getpid();
  h->created_ns = 1;
  h->stall_timeout_ns = 20'000'000;
  std::strcpy(h->type_name, kTypeName);
  return bytes;
}

inline dmxp::layout::ChannelHeader& header_of(std::vector<uint8_t>& image) {
  return *reinterpret_cast<dmxp::layout::ChannelHeader*>(image.data());
}

// Creates /dev/shm/<segment> exclusively with exactly mode (umask bypassed), writes bytes and
// sizes it to file_size (which may differ from bytes.size(): truncated or grown files).
// Returns "" on success, else what failed (usable from forked children, which cannot assert).
inline std::string plant_segment(const std::string& segment, const std::vector<uint8_t>& bytes,
                                 off_t file_size, mode_t mode = 0600) {
  int fd = shm_open(("/" + segment).c_str(), O_RDWR | O_CREAT | O_EXCL, mode);
  if (fd < 0) return "shm_open " + segment + ": " + std::strerror(errno);
  size_t n = std::min<size_t>(bytes.size(), size_t(file_size));
  std::string error;
  if (fchmod(fd, mode) != 0) error = std::string("fchmod: ") + std::strerror(errno);
  else if (write(fd, bytes.data(), n) != ssize_t(n)) error = "short write";
  else if (ftruncate(fd, file_size) != 0) error = std::string("ftruncate: ") + std::strerror(errno);
  close(fd);
  return error;
}

// Sets the modification time of /dev/shm/<segment> seconds into the past (what gc's grace
// period for channels still being created looks at). Returns "" on success.
inline std::string age_segment(const std::string& segment, int seconds) {
  int fd = shm_open(("/" + segment).c_str(), O_RDWR, 0);
  if (fd < 0) return "shm_open " + segment + ": " + std::strerror(errno);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct timespec times[2] = {now, now};
  times[1].tv_sec -= seconds;
  std::string error = futimens(fd, times) == 0 ? "" : std::string("futimens: ") + std::strerror(errno);
  close(fd);
  return error;
}

}  // namespace dmxp_test
