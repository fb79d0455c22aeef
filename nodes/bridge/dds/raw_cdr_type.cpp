#include "raw_cdr_type.hpp"

#include <cstdio>
#include <cstring>
#include <memory>

extern "C" {
#include "dds/dds.h"
#include "dds/ddsi/ddsi_serdata.h"
#include "dds/ddsi/ddsi_sertype.h"
#include "dds/ddsi/q_radmin.h"
}

namespace dmxp_bridge::dds {
namespace {

constexpr size_t kHeaderSize = 4;

// One sample's serialized form. `bytes` is padded with zeros to a multiple of 4: Cyclone may
// copy up to alignup4(size) (ddsi_serdata_to_ser_t), the padding the protocol leaves undefined.
struct RawSerdata {
  ddsi_serdata c;  // first: Cyclone casts between the two
  uint32_t size = 0;
  std::unique_ptr<std::byte[]> bytes;
};

RawSerdata* new_serdata(const ddsi_sertype* type, ddsi_serdata_kind kind, size_t size) {
  auto* d = new RawSerdata();
  ddsi_serdata_init(&d->c, type, kind);
  d->size = uint32_t(size);
  size_t padded = (size + 3) & ~size_t(3);
  d->bytes = std::make_unique<std::byte[]>(padded ? padded : 4);  // zero-initialised
  return d;
}

RawSerdata* raw(ddsi_serdata* d) { return reinterpret_cast<RawSerdata*>(d); }
const RawSerdata* raw(const ddsi_serdata* d) { return reinterpret_cast<const RawSerdata*>(d); }

// ---- serdata ----

bool sd_eqkey(const ddsi_serdata*, const ddsi_serdata*) { return true; }  // key-less: one instance

uint32_t sd_get_size(const ddsi_serdata* d) { return raw(d)->size; }

// A received sample: fragments of the DATA(_FRAG) submessages, in order, possibly overlapping.
ddsi_serdata* sd_from_ser(const ddsi_sertype* type, ddsi_serdata_kind kind,
                          const nn_rdata* fragchain, size_t size) {
  RawSerdata* d = new_serdata(type, kind, size);
  uint32_t off = 0;
  for (const nn_rdata* f = fragchain; f; f = f->nextfrag) {
    if (f->maxp1 <= off) continue;  // entirely a repeat of what was copied
    if (f->min > off || f->maxp1 > size) {  // a hole or an overrun: not a sample we can use
      delete d;
      return nullptr;
    }
    const unsigned char* payload = NN_RMSG_PAYLOADOFF(f->rmsg, NN_RDATA_PAYLOAD_OFF(f));
    std::memcpy(d->bytes.get() + off, payload + (off - f->min), f->maxp1 - off);
    off = f->maxp1;
  }
  if (off != size) {
    delete d;
    return nullptr;
  }
  return &d->c;
}

ddsi_serdata* sd_from_ser_iov(const ddsi_sertype* type, ddsi_serdata_kind kind,
                              ddsrt_msg_iovlen_t niov, const ddsrt_iovec_t* iov, size_t size) {
  RawSerdata* d = new_serdata(type, kind, size);
  size_t off = 0;
  for (ddsrt_msg_iovlen_t i = 0; i < niov && off < size; ++i) {
    size_t n = std::min<size_t>(iov[i].iov_len, size - off);
    std::memcpy(d->bytes.get() + off, iov[i].iov_base, n);
    off += n;
  }
  return &d->c;
}

// Key-less: the only key is "no key"; a header alone stands for it.
ddsi_serdata* sd_from_keyhash(const ddsi_sertype* type, const ddsi_keyhash*) {
  RawSerdata* d = new_serdata(type, SDK_KEY, kHeaderSize);
  d->bytes[1] = std::byte{1};
  return &d->c;
}

ddsi_serdata* sd_from_sample(const ddsi_sertype* type, ddsi_serdata_kind kind, const void* sample) {
  const auto& s = *static_cast<const RawCdrSample*>(sample);
  if (kind == SDK_KEY) return sd_from_keyhash(type, nullptr);
  if (s.bytes.size() < kHeaderSize) return nullptr;
  RawSerdata* d = new_serdata(type, kind, s.bytes.size());
  std::memcpy(d->bytes.get(), s.bytes.data(), s.bytes.size());
  return &d->c;
}

void sd_to_ser(const ddsi_serdata* d, size_t off, size_t sz, void* buf) {
  std::memcpy(buf, raw(d)->bytes.get() + off, sz);
}

ddsi_serdata* sd_to_ser_ref(const ddsi_serdata* d, size_t off, size_t sz, ddsrt_iovec_t* ref) {
  ref->iov_base = raw(d)->bytes.get() + off;
  ref->iov_len = (ddsrt_iov_len_t)sz;
  return ddsi_serdata_ref(d);
}

void sd_to_ser_unref(ddsi_serdata* d, const ddsrt_iovec_t*) { ddsi_serdata_unref(d); }

bool sd_to_sample(const ddsi_serdata* d, void* sample, void**, void*) {
  const RawSerdata* r = raw(d);
  auto& s = *static_cast<RawCdrSample*>(sample);
  s.bytes.assign(r->bytes.get(), r->bytes.get() + r->size);
  return true;
}

// The instance map keeps an untyped copy of the key: for a key-less type, just a header.
ddsi_serdata* sd_to_untyped(const ddsi_serdata* d) {
  ddsi_serdata* u = sd_from_keyhash(d->type, nullptr);
  u->type = nullptr;
  return u;
}

bool sd_untyped_to_sample(const ddsi_sertype*, const ddsi_serdata*, void* sample, void**, void*) {
  static_cast<RawCdrSample*>(sample)->bytes.clear();
  return true;
}

void sd_free(ddsi_serdata* d) { delete raw(d); }

size_t sd_print(const ddsi_sertype*, const ddsi_serdata* d, char* buf, size_t size) {
  return size_t(std::snprintf(buf, size, "<%u bytes of CDR>", unsigned(raw(d)->size)));
}

void sd_get_keyhash(const ddsi_serdata*, ddsi_keyhash* buf, bool) { std::memset(buf, 0, sizeof *buf); }

const ddsi_serdata_ops kSerdataOps = [] {
  ddsi_serdata_ops ops{};
  ops.eqkey = sd_eqkey;
  ops.get_size = sd_get_size;
  ops.from_ser = sd_from_ser;
  ops.from_ser_iov = sd_from_ser_iov;
  ops.from_keyhash = sd_from_keyhash;
  ops.from_sample = sd_from_sample;
  ops.to_ser = sd_to_ser;
  ops.to_ser_ref = sd_to_ser_ref;
  ops.to_ser_unref = sd_to_ser_unref;
  ops.to_sample = sd_to_sample;
  ops.to_untyped = sd_to_untyped;
  ops.untyped_to_sample = sd_untyped_to_sample;
  ops.free = sd_free;
  ops.print = sd_print;
  ops.get_keyhash = sd_get_keyhash;
  return ops;  // the shared-memory (iceoryx) entries stay null: that transport is not used
}();

// ---- sertype ----

void st_free(ddsi_sertype* t) {
  ddsi_sertype_fini(t);
  delete t;
}

void st_zero_samples(const ddsi_sertype*, void* samples, size_t count) {
  auto* s = static_cast<RawCdrSample*>(samples);
  for (size_t i = 0; i < count; ++i) s[i].bytes.clear();
}

// Samples live in one array (ptrs[i] point into it), as Cyclone's own types do.
void st_realloc_samples(void** ptrs, const ddsi_sertype*, void* old, size_t oldcount, size_t count) {
  auto* fresh = new RawCdrSample[count];
  auto* prev = static_cast<RawCdrSample*>(old);
  for (size_t i = 0; i < std::min(oldcount, count); ++i) fresh[i] = std::move(prev[i]);
  delete[] prev;
  if (ptrs)
    for (size_t i = 0; i < count; ++i) ptrs[i] = &fresh[i];
}

void st_free_samples(const ddsi_sertype*, void** ptrs, size_t count, dds_free_op_t op) {
  if (count == 0) return;
  if (op & DDS_FREE_CONTENTS_BIT)
    for (size_t i = 0; i < count; ++i) static_cast<RawCdrSample*>(ptrs[i])->bytes.clear();
  if (op & DDS_FREE_ALL_BIT) delete[] static_cast<RawCdrSample*>(ptrs[0]);
}

// Cyclone compares type names and ops itself; a raw type has nothing else to compare.
bool st_equal(const ddsi_sertype*, const ddsi_sertype*) { return true; }
uint32_t st_hash(const ddsi_sertype*) { return 0; }

size_t st_serialized_size(const ddsi_sertype*, const void* sample) {
  return static_cast<const RawCdrSample*>(sample)->bytes.size();
}

bool st_serialize_into(const ddsi_sertype*, const void* sample, void* dst, size_t dst_size) {
  const auto& s = *static_cast<const RawCdrSample*>(sample);
  if (dst_size < s.bytes.size()) return false;
  std::memcpy(dst, s.bytes.data(), s.bytes.size());
  return true;
}

const ddsi_sertype_ops kSertypeOps = [] {
  ddsi_sertype_ops ops{};
  ops.version = ddsi_sertype_v0;
  ops.free = st_free;
  ops.zero_samples = st_zero_samples;
  ops.realloc_samples = st_realloc_samples;
  ops.free_samples = st_free_samples;
  ops.equal = st_equal;
  ops.hash = st_hash;
  // type_id, type_map, type_info stay null: no XTypes type information is sent, so peers
  // match on the type name alone, as they do with rmw_cyclonedds and rmw_fastrtps.
  ops.get_serialized_size = st_serialized_size;
  ops.serialize_into = st_serialize_into;
  return ops;
}();

}  // namespace

ddsi_sertype* make_raw_cdr_sertype(const std::string& dds_type_name) {
  auto* t = new ddsi_sertype();
  ddsi_sertype_init_flags(t, dds_type_name.c_str(), &kSertypeOps, &kSerdataOps,
                          DDSI_SERTYPE_FLAG_TOPICKIND_NO_KEY);
  // @final types only: XCDR1, the representation ROS 2's DDS layers use.
  t->allowed_data_representation = DDS_DATA_REPRESENTATION_FLAG_XCDR1;
  return t;
}

ddsi_serdata* make_raw_serdata(const ddsi_sertype* type, std::span<const std::byte> cdr) {
  if (cdr.size() < kHeaderSize) return nullptr;
  RawSerdata* d = new_serdata(type, SDK_DATA, cdr.size());
  std::memcpy(d->bytes.get(), cdr.data(), cdr.size());
  return &d->c;
}

std::span<const std::byte> raw_serdata_bytes(const ddsi_serdata* d) {
  return {raw(d)->bytes.get(), raw(d)->size};
}

}  // namespace dmxp_bridge::dds
