#include "segments/channel.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "platform/crash_point.hpp"
#include "platform/error.hpp"
#include "segments/names.hpp"
#include "segments/segment.hpp"
#include "segments/validate.hpp"

namespace dmxp::detail {

namespace {
constexpr uint32_t kDefaultCapacity = 1024;
constexpr uint32_t kDefaultSlotSize = 4096 - layout::kSlotHeaderSize;
constexpr uint32_t kDefaultRecords = 64;
constexpr int64_t kDefaultStallNs = 20'000'000;
constexpr int64_t kMaxStallNs = 60'000'000'000;  // a minute
constexpr int64_t kInitWaitNs = 2'000'000'000;
}  // namespace

namespace {
// The caller's open_mode as the integer it holds: a value outside the enum must not be loaded
// as the enum type (undefined behaviour; UBSan reports it) before it is refused.
int open_mode_value(const dmxp_channel_options& o) {
  static_assert(sizeof o.open_mode == sizeof(int));
  int value;
  std::memcpy(&value, &o.open_mode, sizeof value);
  return value;
}
}  // namespace

dmxp_channel_options effective_options(const dmxp_channel_options* options) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  if (options) std::memcpy(&o, options, std::min<size_t>(sizeof o, options->struct_size));
  o.struct_size = sizeof o;
  // DEFAULT follows ABI 2's create field; afterwards only open_mode is read.
  if (open_mode_value(o) == DMXP_OPEN_DEFAULT)
    o.open_mode = o.create ? DMXP_OPEN_OR_CREATE : DMXP_OPEN_EXISTING;
  return o;
}

int Channel::attach(const char* channel, const dmxp_channel_options* options,
                    std::shared_ptr<Channel>& out) {
  if (!channel) return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name is NULL");
  if (options && options->struct_size == 0)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel options not initialised: call "
                "dmxp_channel_options_init first");
  if (int rc = validate_channel_name(channel); rc != DMXP_OK) return rc;
  dmxp_channel_options o = effective_options(options);
  if (int mode = open_mode_value(o); mode < DMXP_OPEN_OR_CREATE || mode > DMXP_OPEN_OR_CREATE_ADAPT)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': open_mode %d is not a dmxp_open_mode",
                channel, mode);
  std::string domain = resolve_domain(o.domain);
  if (int rc = validate_domain_name(domain); rc != DMXP_OK) return rc;
  auto ch = std::shared_ptr<Channel>(new Channel());
  if (int rc = Domain::get(domain, o.permissions ? o.permissions : 0600,
                           SegmentTrust::from_options(o), ch->domain_); rc != DMXP_OK)
    return rc;
  if (int rc = ch->create_or_open(domain, channel, o); rc != DMXP_OK) return rc;
  out = std::move(ch);
  return DMXP_OK;
}

int Channel::inspect(const std::string& domain, const std::string& channel,
                     std::shared_ptr<Channel>& out, struct stat* st) {
  if (int rc = validate_domain_name(domain); rc != DMXP_OK) return rc;
  if (int rc = validate_channel_name(channel); rc != DMXP_OK) return rc;
  auto ch = std::shared_ptr<Channel>(new Channel());
  ch->name_ = channel;
  if (int rc = segment_path(channel_segment_name(domain, channel), ch->path_); rc != DMXP_OK)
    return rc;
  int rc = shm_open_existing(ch->path_, 0, SegmentTrust::for_tools(), ch->mapping_, st);
  if (rc != DMXP_OK) return rc;
  if (int rc = ch->adopt_existing(); rc != DMXP_OK) return rc;
  out = std::move(ch);
  return DMXP_OK;
}

int Channel::create_or_open(const std::string& domain, const std::string& channel,
                            const dmxp_channel_options& o) {
  name_ = channel;
  if (int rc = segment_path(channel_segment_name(domain, channel), path_); rc != DMXP_OK)
    return rc;
  if (o.open_mode != DMXP_OPEN_EXISTING) {
    uint32_t capacity = o.capacity ? o.capacity : kDefaultCapacity;
    uint64_t slot_size = o.slot_size ? o.slot_size : kDefaultSlotSize;
    uint32_t max_c = o.max_consumers ? o.max_consumers : kDefaultRecords;
    uint32_t max_p = o.max_producers ? o.max_producers : kDefaultRecords;
    if (capacity < 2 || capacity > layout::kMaxCapacity || (capacity & (capacity - 1)))
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': capacity %u must be a power of two "
                  "in [2, %u]", channel.c_str(), capacity, layout::kMaxCapacity);
    if (slot_size > layout::kMaxSlotSize)
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': slot size %llu exceeds %llu",
                  channel.c_str(), (unsigned long long)slot_size,
                  (unsigned long long)layout::kMaxSlotSize);
    if (max_c > layout::kMaxRecords || max_p > layout::kMaxRecords)
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': at most %u consumers/producers",
                  channel.c_str(), layout::kMaxRecords);
    if (o.type_name && std::strlen(o.type_name) >= sizeof(header_->type_name))
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': type name '%s' is longer than 63",
                  channel.c_str(), o.type_name);
    if (o.type_descriptor_size > layout::kMaxDescriptorSize ||
        (o.type_descriptor_size && !o.type_descriptor))
      return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': type descriptor must be non-NULL "
                  "and at most %llu bytes", channel.c_str(),
                  (unsigned long long)layout::kMaxDescriptorSize);
    layout::Geometry g =
        layout::compute_geometry(capacity, slot_size, max_c, max_p, o.type_descriptor_size);
    int rc = shm_create(path_, g.file_size, o.permissions ? o.permissions : 0600, mapping_);
    if (rc == DMXP_OK) return initialise_new(o);
    if (rc != DMXP_ERR_EXISTS) return rc;
    if (o.open_mode == DMXP_CREATE_NEW)
      return fail(DMXP_ERR_EXISTS, "channel '%s' already exists in domain '%s' (%s); "
                  "open it with DMXP_OPEN_EXISTING or DMXP_OPEN_OR_CREATE", channel.c_str(),
                  domain.c_str(), path_.c_str());
  }
  int rc = shm_open_existing(path_, kInitWaitNs, SegmentTrust::from_options(o), mapping_);
  if (rc == DMXP_ERR_NOT_FOUND)
    return fail(DMXP_ERR_NOT_FOUND, "channel '%s' does not exist in domain '%s' "
                "(%s); create it, or open with DMXP_OPEN_OR_CREATE", channel.c_str(),
                domain.c_str(), path_.c_str());
  if (rc != DMXP_OK) return rc;
  if ((rc = adopt_existing()) != DMXP_OK) return rc;
  dmxp_channel_options wanted = o;
  if (o.open_mode == DMXP_OPEN_OR_CREATE_ADAPT) {  // the creator's ring QoS stands
    wanted.capacity = 0;
    wanted.backpressure = DMXP_BACKPRESSURE_DEFAULT;
  }
  if ((rc = check_compatible(wanted)) != DMXP_OK) return rc;
  domain_->advance_past(newest_committed_key());
  return DMXP_OK;
}

int Channel::initialise_new(const dmxp_channel_options& o) {
  auto* h = static_cast<layout::ChannelHeader*>(mapping_.base);
  uint32_t capacity = o.capacity ? o.capacity : kDefaultCapacity;
  uint64_t slot_size = o.slot_size ? o.slot_size : kDefaultSlotSize;
  uint32_t max_c = o.max_consumers ? o.max_consumers : kDefaultRecords;
  uint32_t max_p = o.max_producers ? o.max_producers : kDefaultRecords;
  layout::Geometry g =
      layout::compute_geometry(capacity, slot_size, max_c, max_p, o.type_descriptor_size);
  // First, so that openers and gc can tell a creator at work from an abandoned segment.
  std::atomic_ref<int32_t>(h->creator_pid).store(current_pid(), std::memory_order_relaxed);
  DMXP_CRASH_POINT("channel.create.sized");
  // The file is fresh from ftruncate: every byte is zero, so records are free and slots are
  // "never written". Only the identity needs writing.
  h->magic = layout::kChannelMagic;
  h->abi_version = layout::kAbiVersion;
  h->header_size = layout::kHeaderSize;
  h->mode = o.mode == DMXP_MODE_DEFAULT ? DMXP_MODE_BROADCAST : o.mode;
  h->backpressure = o.backpressure == DMXP_BACKPRESSURE_DEFAULT ? DMXP_RELIABLE : o.backpressure;
  h->capacity = capacity;
  h->slot_size = slot_size;
  h->slot_stride = g.slot_stride;
  h->type_fingerprint = o.type_fingerprint;
  h->file_size = g.file_size;
  h->consumers_offset = g.consumers_offset;
  h->producers_offset = g.producers_offset;
  h->slots_offset = g.slots_offset;
  h->descriptor_offset = g.descriptor_offset;
  h->descriptor_size = o.type_descriptor_size;
  if (o.type_descriptor_size)
    std::memcpy(static_cast<uint8_t*>(mapping_.base) + g.descriptor_offset, o.type_descriptor,
                o.type_descriptor_size);
  h->max_consumers = max_c;
  h->max_producers = max_p;
  h->created_ns = realtime_ns();
  h->stall_timeout_ns = o.stall_timeout_ns > 0 ? o.stall_timeout_ns : kDefaultStallNs;
  if (o.type_name) std::strncpy(h->type_name, o.type_name, sizeof(h->type_name) - 1);
  h->init_state.store(layout::kReady, std::memory_order_release);  // SYNC POINT: see adopt
  // Read back like any opener: a peer allowed to write the segment may already have.
  return adopt_header();
}

int Channel::adopt_existing() {
  auto* h = static_cast<layout::ChannelHeader*>(mapping_.base);
  if (mapping_.size < layout::kHeaderSize)
    return validate_channel_header(h, mapping_.size, path_);
  auto creator = [h] {
    return std::atomic_ref<int32_t>(h->creator_pid).load(std::memory_order_relaxed);
  };
  // SYNC POINT: pairs with the creator's release store of kReady in initialise_new.
  auto ready = [h] { return h->init_state.load(std::memory_order_acquire) == layout::kReady; };
  if (internal::wait_for_init(ready, creator, kInitWaitNs) != internal::InitWait::kReady)
    return fail(DMXP_ERR_CORRUPT, "segment %s never finished initialising (creator "
                "pid %d gone); remove it with 'dmxp channel rm %s'", path_.c_str(),
                creator(), name_.c_str());
  return adopt_header();
}

int Channel::adopt_header() {
  // One copy, taken after init_state was seen kReady (acquire, above or in initialise_new).
  // Fields may be torn mid-rewrite by a hostile peer; validation then refuses the copy.
  // Only the identity block: the rest of the header holds live counters that other threads
  // update atomically (copying them would be a data race, and nothing here needs them).
  struct alignas(layout::ChannelHeader) Copy {
    unsigned char bytes[layout::kHeaderSize] = {};
  } copy;
  constexpr size_t kIdentityBytes = offsetof(layout::ChannelHeader, tail);
  std::memcpy(copy.bytes, mapping_.base, kIdentityBytes);
  if (int rc = validate_channel_header(copy.bytes, mapping_.size, path_); rc != DMXP_OK)
    return rc;
  header_ = static_cast<layout::ChannelHeader*>(mapping_.base);
  copy_geometry(*reinterpret_cast<const layout::ChannelHeader*>(copy.bytes));
  return DMXP_OK;
}

void Channel::copy_geometry(const layout::ChannelHeader& h) {
  capacity_ = h.capacity;
  mask_ = capacity_ - 1;
  stride_ = h.slot_stride;
  slot_size_ = h.slot_size;
  max_consumers_ = h.max_consumers;
  max_producers_ = h.max_producers;
  mode_ = dmxp_mode(h.mode);
  backpressure_ = dmxp_backpressure(h.backpressure);
  // Repair must stay reachable whatever the header says: a hostile or corrupt stall timeout is
  // bounded for our use (the header is not rewritten).
  stall_timeout_ns_ = h.stall_timeout_ns > 0 ? std::min(h.stall_timeout_ns, kMaxStallNs)
                                             : kDefaultStallNs;
  auto* base = static_cast<uint8_t*>(mapping_.base);
  consumers_ = reinterpret_cast<layout::ConsumerRecord*>(base + h.consumers_offset);
  producers_ = reinterpret_cast<layout::ProducerRecord*>(base + h.producers_offset);
  slots_ = base + h.slots_offset;
  descriptor_ = base + h.descriptor_offset;
  descriptor_size_ = h.descriptor_size;
  type_fingerprint_ = h.type_fingerprint;
  std::memcpy(type_name_, h.type_name, sizeof type_name_);  // terminated: validated
  creator_pid_ = h.creator_pid;
  created_ns_ = h.created_ns;
}

int Channel::check_compatible(const dmxp_channel_options& o) const {
  const char* ch = name_.c_str();
  if (o.type_fingerprint != 0 && o.type_fingerprint != type_fingerprint_)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' carries type '%.63s' (fingerprint %016llx); "
                "refusing to attach as '%s' (fingerprint %016llx)", ch,
                type_name_[0] ? type_name_ : "untyped", (unsigned long long)type_fingerprint_,
                o.type_name && *o.type_name ? o.type_name : "untyped",
                (unsigned long long)o.type_fingerprint);
  if (o.slot_size != 0 && o.slot_size != slot_size_)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' has slot size %llu; refusing to attach "
                "with slot size %u", ch, (unsigned long long)slot_size_, o.slot_size);
  if (o.capacity != 0 && o.capacity != capacity_)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' has capacity %u; refusing to attach with "
                "capacity %u", ch, capacity_, o.capacity);
  if (o.mode != DMXP_MODE_DEFAULT && o.mode != mode_)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' is a %s channel; refusing to attach as %s",
                ch, mode_ == DMXP_MODE_QUEUE ? "queue" : "broadcast",
                o.mode == DMXP_MODE_QUEUE ? "queue" : "broadcast");
  if (o.backpressure != DMXP_BACKPRESSURE_DEFAULT && o.backpressure != backpressure_)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' is %s; refusing to attach as %s", ch,
                backpressure_ == DMXP_KEEP_LAST ? "keep-last" : "reliable",
                o.backpressure == DMXP_KEEP_LAST ? "keep-last" : "reliable");
  return DMXP_OK;
}

uint64_t Channel::min_gating_cursor() const {
  uint64_t lowest = UINT64_MAX;
  for (uint32_t i = 0; i < max_consumers_; ++i) {
    layout::ConsumerRecord* r = consumers_ + i;
    // SYNC POINT: acquire pairs with the consumer's seq_cst cursor store on release, so the
    // slot's reads happen-before our overwrite.
    if (r->gating.load(std::memory_order_acquire) == 0) continue;
    // A free record never gates (only a corrupt segment has one that claims to): it would
    // hold producers back with nobody left to reclaim it.
    if (r->owner_pid.load(std::memory_order_acquire) == 0) continue;
    uint64_t c = r->cursor.load(std::memory_order_acquire);
    if (c < lowest) lowest = c;
  }
  return lowest;
}

uint64_t Channel::newest_committed_key() const {
  uint64_t tail = header_->tail.load(std::memory_order_acquire);
  uint64_t oldest = tail > capacity_ ? tail - capacity_ : 0;
  for (uint64_t p = tail; p > oldest; --p) {
    layout::SlotHeader* s = slot(p - 1);
    if (s->seq.load(std::memory_order_acquire) == layout::seq_committed(p - 1)) return s->key;
  }
  return 0;
}

}  // namespace dmxp::detail
