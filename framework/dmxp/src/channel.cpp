#include "channel.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "error.hpp"
#include "names.hpp"
#include "validate.hpp"

namespace dmxp::detail {

namespace {
constexpr uint32_t kDefaultCapacity = 1024;
constexpr uint32_t kDefaultSlotSize = 4096 - layout::kSlotHeaderSize;
constexpr uint32_t kDefaultRecords = 64;
constexpr int64_t kDefaultStallNs = 20'000'000;
constexpr int64_t kInitWaitNs = 2'000'000'000;
}  // namespace

dmxp_channel_options effective_options(const dmxp_channel_options* options) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  if (options) std::memcpy(&o, options, std::min<size_t>(sizeof o, options->struct_size));
  o.struct_size = sizeof o;
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
  std::string domain = resolve_domain(o.domain);
  if (int rc = validate_domain_name(domain); rc != DMXP_OK) return rc;
  auto ch = std::shared_ptr<Channel>(new Channel());
  if (int rc = Domain::get(domain, o.permissions ? o.permissions : 0600, ch->domain_); rc != DMXP_OK)
    return rc;
  if (int rc = ch->create_or_open(domain, channel, o); rc != DMXP_OK) return rc;
  out = std::move(ch);
  return DMXP_OK;
}

int Channel::inspect(const std::string& domain, const std::string& channel,
                     std::shared_ptr<Channel>& out, uint32_t* file_mode) {
  if (int rc = validate_domain_name(domain); rc != DMXP_OK) return rc;
  if (int rc = validate_channel_name(channel); rc != DMXP_OK) return rc;
  auto ch = std::shared_ptr<Channel>(new Channel());
  ch->name_ = channel;
  ch->segment_ = channel_segment_name(domain, channel);
  uint32_t mode = 0;
  if (int rc = shm_open_existing(ch->segment_, 0, ch->mapping_, &mode); rc != DMXP_OK) return rc;
  if (file_mode) *file_mode = mode;
  if (int rc = ch->adopt_existing(mode); rc != DMXP_OK) return rc;
  out = std::move(ch);
  return DMXP_OK;
}

int Channel::create_or_open(const std::string& domain, const std::string& channel,
                            const dmxp_channel_options& o) {
  name_ = channel;
  segment_ = channel_segment_name(domain, channel);
  if (o.create) {
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
    int rc = shm_create(segment_, g.file_size, o.permissions ? o.permissions : 0600, mapping_);
    if (rc == DMXP_OK) return initialise_new(o);
    if (rc != DMXP_ERR_EXISTS) return rc;
  }
  uint32_t mode = 0;
  int rc = shm_open_existing(segment_, kInitWaitNs, mapping_, &mode);
  if (rc == DMXP_ERR_NOT_FOUND)
    return fail(DMXP_ERR_NOT_FOUND, "channel '%s' does not exist in domain '%s' "
                "(/dev/shm/%s); create it or open with create=1", channel.c_str(),
                domain.c_str(), segment_.c_str());
  if (rc != DMXP_OK) return rc;
  if ((rc = adopt_existing(mode)) != DMXP_OK) return rc;
  if ((rc = check_compatible(o)) != DMXP_OK) return rc;
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
  h->creator_pid = current_pid();
  h->created_ns = realtime_ns();
  h->stall_timeout_ns = o.stall_timeout_ns > 0 ? o.stall_timeout_ns : kDefaultStallNs;
  if (o.type_name) std::strncpy(h->type_name, o.type_name, sizeof(h->type_name) - 1);
  h->init_state.store(layout::kReady, std::memory_order_release);  // SYNC POINT: see adopt
  header_ = h;
  copy_geometry();
  return DMXP_OK;
}

int Channel::adopt_existing(uint32_t file_mode) {
  (void)file_mode;
  auto* h = static_cast<layout::ChannelHeader*>(mapping_.base);
  if (mapping_.size < layout::kHeaderSize)
    return validate_channel_header(h, mapping_.size, segment_);
  // SYNC POINT: pairs with the creator's release store of kReady in initialise_new.
  uint64_t deadline = monotonic_ns() + kInitWaitNs;
  while (h->init_state.load(std::memory_order_acquire) != layout::kReady) {
    if (monotonic_ns() > deadline || (h->creator_pid > 0 && !process_alive(h->creator_pid, 0)))
      return fail(DMXP_ERR_CORRUPT, "segment /dev/shm/%s never finished initialising (creator "
                  "pid %d gone); remove it with 'dmxp channel rm %s'", segment_.c_str(),
                  h->creator_pid, name_.c_str());
    usleep(100);
  }
  if (int rc = validate_channel_header(h, mapping_.size, segment_); rc != DMXP_OK) return rc;
  header_ = h;
  copy_geometry();
  return DMXP_OK;
}

void Channel::copy_geometry() {
  // Everything below is read once: a process that scribbles on the header later cannot move
  // our accesses out of the mapping.
  capacity_ = header_->capacity;
  mask_ = capacity_ - 1;
  stride_ = header_->slot_stride;
  slot_size_ = header_->slot_size;
  max_consumers_ = header_->max_consumers;
  max_producers_ = header_->max_producers;
  mode_ = dmxp_mode(header_->mode);
  backpressure_ = dmxp_backpressure(header_->backpressure);
  stall_timeout_ns_ = header_->stall_timeout_ns > 0 ? header_->stall_timeout_ns : kDefaultStallNs;
  auto* base = static_cast<uint8_t*>(mapping_.base);
  consumers_ = reinterpret_cast<layout::ConsumerRecord*>(base + header_->consumers_offset);
  producers_ = reinterpret_cast<layout::ProducerRecord*>(base + header_->producers_offset);
  slots_ = base + header_->slots_offset;
  descriptor_ = base + header_->descriptor_offset;
  descriptor_size_ = header_->descriptor_size;
}

int Channel::check_compatible(const dmxp_channel_options& o) const {
  const char* ch = name_.c_str();
  // %.63s: the header is shared memory; never trust its terminator after validation.
  if (o.type_fingerprint != 0 && o.type_fingerprint != header_->type_fingerprint)
    return fail(DMXP_ERR_INCOMPATIBLE, "channel '%s' carries type '%.63s' (fingerprint %016llx); "
                "refusing to attach as '%s' (fingerprint %016llx)", ch,
                header_->type_name[0] ? header_->type_name : "untyped",
                (unsigned long long)header_->type_fingerprint,
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
