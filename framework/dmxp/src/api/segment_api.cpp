// segment_api.cpp - dmxp/internal/segment.hpp: the segment primitives exported for DMXP's
// own layers (the graph registry of framework/rt, the dmxp tool), over segments/.
#include <sys/mman.h>

#include "dmxp/internal/segment.hpp"
#include "platform/error.hpp"
#include "segments/names.hpp"
#include "segments/segment.hpp"

namespace dmxp::internal {

struct SegmentAccess {
  static MappedSegment adopt(detail::Mapping& m, std::string path, bool created) {
    MappedSegment s;
    s.base_ = m.base;
    s.size_ = m.size;
    m.base = nullptr;  // the MappedSegment unmaps it now
    m.size = 0;
    s.path_ = std::move(path);
    s.created_ = created;
    return s;
  }
};

namespace {
Result<std::string> string_or_error(int rc, std::string value) {
  if (rc != DMXP_OK) return Error::last(rc);
  return value;
}

Result<std::string> named_for_domain(std::string_view domain, std::string (*name)(std::string_view)) {
  int rc = detail::validate_domain_name(domain);
  return string_or_error(rc, rc == DMXP_OK ? name(domain) : "");
}
}  // namespace

MappedSegment::MappedSegment(MappedSegment&& o) noexcept { *this = std::move(o); }

MappedSegment& MappedSegment::operator=(MappedSegment&& o) noexcept {
  if (this != &o) {
    if (base_) munmap(base_, size_);
    base_ = o.base_;
    size_ = o.size_;
    path_ = std::move(o.path_);
    created_ = o.created_;
    o.base_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

MappedSegment::~MappedSegment() {
  if (base_) munmap(base_, size_);
}

Result<std::string> shm_dir() {
  std::string dir;
  int rc = detail::shm_dir(dir);
  return string_or_error(rc, dir);
}

Result<std::string> segment_path(std::string_view name) {
  std::string path;
  int rc = detail::segment_path(name, path);
  return string_or_error(rc, path);
}

Result<std::string> domain_segment_name(std::string_view domain) {
  return named_for_domain(domain, detail::domain_segment_name);
}

Result<std::string> graph_segment_name(std::string_view domain) {
  return named_for_domain(domain, detail::graph_segment_name);
}

Result<MappedSegment> open_or_create(const SegmentSpec& spec) {
  detail::SegmentRequest r;
  if (int rc = detail::segment_path(spec.name, r.path); rc != DMXP_OK) return Error::last(rc);
  r.size = spec.size;
  r.mode = spec.mode;
  r.trust = detail::SegmentTrust::for_registry(spec.allow_world_writable);
  r.size_wait_ns = spec.size_wait_ns;
  r.what = spec.what.c_str();
  detail::Mapping m;
  bool created = false;
  if (int rc = detail::open_or_create_segment(r, m, created); rc != DMXP_OK)
    return Error::last(rc);
  return SegmentAccess::adopt(m, std::move(r.path), created);
}

Status remove_segment(std::string_view name) {
  std::string path;
  int rc = detail::segment_path(name, path);
  if (rc == DMXP_OK) rc = detail::shm_remove(path);
  return check(rc);
}

bool segment_exists(std::string_view name) {
  std::string path;
  struct stat st{};
  return detail::segment_path(name, path) == DMXP_OK && detail::shm_stat(path, st);
}

}  // namespace dmxp::internal
