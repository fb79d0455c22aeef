// dmxp.hpp - C++ RAII wrappers over the C ABI in dmxp.h (header-only).
//
//   dmxp::Producer prod = dmxp::Producer::open_id(100).value();
//   prod.send("hello", 5);
//   dmxp::Consumer cons = dmxp::Consumer::open_id(100).value();
//   dmxp::Message msg = cons.receive().value();   // a view into the ring (see dmxp.h)
//
// Operations that can fail return dmxp::Result<T>: a value or a dmxp::Error carrying the
// status code and the detailed message. Nothing here throws on the data path; value() on an
// error throws dmxp::Error, for setup code that prefers exceptions.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp {

class Error : public std::runtime_error {
 public:
  Error(int status, std::string message)
      : std::runtime_error(std::move(message)), status_(status) {}
  // The error of the C call that just returned status on this thread: its description plus
  // dmxp_last_error()'s detail (none after WOULD_BLOCK and TIMEOUT).
  static Error last(int status) {
    const char* detail = dmxp_last_error();
    return Error(status, std::string(dmxp_strerror(status)) + (detail && *detail ? ": " : "") +
                             (detail ? detail : ""));
  }
  // For receives: their WOULD_BLOCK is the normal "nothing yet" of a polling loop (without
  // detail, dmxp.h), so it is one shared Error rather than a string built per poll (copying
  // it only bumps a reference count).
  static Error last_receive(int status) {
    if (status != DMXP_ERR_WOULD_BLOCK) return last(status);
    static const Error nothing_yet(DMXP_ERR_WOULD_BLOCK, dmxp_strerror(DMXP_ERR_WOULD_BLOCK));
    return nothing_yet;
  }
  int status() const { return status_; }

 private:
  int status_;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & {
    if (!ok()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  // For a result read through a const reference (a std::shared_future's get()).
  const T& value() const& {
    if (!ok()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) throw std::get<1>(v_);
    return std::get<0>(std::move(v_));
  }
  const Error& error() const { return std::get<1>(v_); }
  int status() const { return ok() ? DMXP_OK : error().status(); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;

inline Status check(int rc) {
  if (rc == DMXP_OK) return Unit{};
  return Error::last(rc);
}

// A read-only view into a ring slot; valid until the next receive/release on its consumer.
struct Message {
  dmxp_message raw{};
  std::span<const std::byte> bytes() const {
    return {static_cast<const std::byte*>(raw.data), raw.size};
  }
  const void* data() const { return raw.data; }
  size_t size() const { return raw.size; }
  uint64_t key() const { return raw.key; }
  uint64_t timestamp_ns() const { return raw.timestamp_ns; }
};

class ChannelOptions {
 public:
  ChannelOptions() { dmxp_channel_options_init(&o_); }
  ChannelOptions& domain(const char* d) { o_.domain = d; return *this; }
  ChannelOptions& mode(dmxp_mode m) { o_.mode = m; return *this; }
  ChannelOptions& backpressure(dmxp_backpressure b) { o_.backpressure = b; return *this; }
  ChannelOptions& capacity(uint32_t c) { o_.capacity = c; return *this; }
  ChannelOptions& slot_size(uint32_t s) { o_.slot_size = s; return *this; }
  ChannelOptions& type(uint64_t fingerprint, const char* name) {
    o_.type_fingerprint = fingerprint; o_.type_name = name; return *this;
  }
  // The descriptor bytes must outlive the open call only.
  ChannelOptions& descriptor(const void* bytes, uint64_t size) {
    o_.type_descriptor = bytes; o_.type_descriptor_size = size; return *this;
  }
  ChannelOptions& permissions(uint32_t mode) { o_.permissions = mode; return *this; }
  ChannelOptions& open_mode(dmxp_open_mode m) { o_.open_mode = m; return *this; }
  // Shorthand: true = DMXP_OPEN_OR_CREATE, false = DMXP_OPEN_EXISTING.
  ChannelOptions& create(bool c) {
    return open_mode(c ? DMXP_OPEN_OR_CREATE : DMXP_OPEN_EXISTING);
  }
  ChannelOptions& stall_timeout_ns(int64_t ns) { o_.stall_timeout_ns = ns; return *this; }
  // Whose existing segments to attach to besides this process's own uid (see dmxp.h).
  ChannelOptions& trusted_uid(uint32_t uid) { o_.trusted_uid = uid; return *this; }
  ChannelOptions& trusted_gid(uint32_t gid) { o_.trusted_gid = gid; return *this; }
  ChannelOptions& allow_world_writable(bool allow) {
    o_.allow_world_writable = allow ? 1 : 0; return *this;
  }
  const dmxp_channel_options* get() const { return &o_; }

 private:
  dmxp_channel_options o_;
};

class ConsumerOptions {
 public:
  ConsumerOptions() { dmxp_consumer_options_init(&o_); }
  // The name string must outlive the open call only.
  ConsumerOptions& name(const char* n) { o_.name = n; return *this; }
  ConsumerOptions& start(dmxp_start s) { o_.start = s; return *this; }
  ConsumerOptions& spin_ns(int64_t ns) { o_.spin_ns = ns; return *this; }
  const dmxp_consumer_options* get() const { return &o_; }

 private:
  dmxp_consumer_options o_;
};

// Creates a channel (or opens it, as o's open mode says) without keeping an endpoint.
inline Status create_channel(const std::string& channel, const ChannelOptions& o = {}) {
  return check(dmxp_channel_create(channel.c_str(), o.get()));
}

// The domain a call with explicit_domain uses: it, else $DMXP_DOMAIN, else "default"
// (dmxp_domain_resolve); DMXP_ERR_INVALID_ARGUMENT for a name channels would refuse.
inline Result<std::string> resolve_domain(const std::string& explicit_domain = {}) {
  char buf[DMXP_MAX_DOMAIN_NAME + 1];
  if (int rc = dmxp_domain_resolve(explicit_domain.c_str(), buf, sizeof buf))
    return Error::last(rc);
  return std::string(buf);
}

// Writes messages. Zero-copy: loan() returns a pointer into a slot; write, then commit() (or
// abort()). Closing a producer with an outstanding loan aborts it.
class Producer {
 public:
  static Result<Producer> open(const std::string& channel, const ChannelOptions& o = {}) {
    dmxp_producer* p = nullptr;
    if (int rc = dmxp_producer_open(channel.c_str(), o.get(), &p)) return Error::last(rc);
    return Producer(p);
  }
  static Result<Producer> open_id(uint64_t id, const ChannelOptions& o = {}) {
    return open(std::to_string(id), o);
  }
  Producer(Producer&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  Producer& operator=(Producer&& other) noexcept {
    if (this != &other) { dmxp_producer_close(p_); p_ = std::exchange(other.p_, nullptr); }
    return *this;
  }
  ~Producer() { dmxp_producer_close(p_); }

  // Copy path. timeout_ns: 0 = do not wait, DMXP_FOREVER = wait.
  Result<uint64_t> send(const void* data, size_t size, int64_t timeout_ns = DMXP_FOREVER) {
    uint64_t key = 0;
    if (int rc = dmxp_producer_send(p_, data, size, timeout_ns, &key)) return Error::last(rc);
    return key;
  }
  Result<uint64_t> send(std::span<const std::byte> bytes, int64_t timeout_ns = DMXP_FOREVER) {
    return send(bytes.data(), bytes.size(), timeout_ns);
  }
  // Zero-copy path.
  Result<void*> loan(size_t max_size, int64_t timeout_ns = DMXP_FOREVER) {
    void* buffer = nullptr;
    if (int rc = dmxp_producer_loan(p_, max_size, &buffer, timeout_ns)) return Error::last(rc);
    return buffer;
  }
  Result<uint64_t> commit(size_t size) {
    uint64_t key = 0;
    if (int rc = dmxp_producer_commit(p_, size, &key)) return Error::last(rc);
    return key;
  }
  Status abort() { return check(dmxp_producer_abort(p_)); }
  Result<std::vector<void*>> loan_batch(uint32_t count, int64_t timeout_ns = DMXP_FOREVER) {
    std::vector<void*> buffers(count);
    if (int rc = dmxp_producer_loan_batch(p_, count, buffers.data(), timeout_ns))
      return Error::last(rc);
    return buffers;
  }
  Result<uint64_t> commit_batch(std::span<const size_t> sizes) {
    uint64_t key = 0;
    if (int rc = dmxp_producer_commit_batch(p_, sizes.data(), &key)) return Error::last(rc);
    return key;
  }
  Result<uint64_t> send_batch(std::span<const dmxp_iovec> messages,
                              int64_t timeout_ns = DMXP_FOREVER) {
    uint64_t key = 0;
    if (int rc = dmxp_producer_send_batch(p_, messages.data(), uint32_t(messages.size()),
                                          timeout_ns, &key))
      return Error::last(rc);
    return key;
  }
  size_t max_message_size() const { return dmxp_producer_max_message_size(p_); }
  dmxp_producer* handle() const { return p_; }

 private:
  explicit Producer(dmxp_producer* p) : p_(p) {}
  dmxp_producer* p_;
};

class Consumer {
 public:
  static Result<Consumer> open(const std::string& channel, const ChannelOptions& co = {},
                               const ConsumerOptions& o = {}) {
    dmxp_consumer* c = nullptr;
    if (int rc = dmxp_consumer_open(channel.c_str(), co.get(), o.get(), &c))
      return Error::last(rc);
    return Consumer(c);
  }
  static Result<Consumer> open_id(uint64_t id, const ChannelOptions& co = {},
                                  const ConsumerOptions& o = {}) {
    return open(std::to_string(id), co, o);
  }
  Consumer(Consumer&& other) noexcept : c_(std::exchange(other.c_, nullptr)) {}
  Consumer& operator=(Consumer&& other) noexcept {
    if (this != &other) { dmxp_consumer_close(c_); c_ = std::exchange(other.c_, nullptr); }
    return *this;
  }
  ~Consumer() { dmxp_consumer_close(c_); }

  Result<Message> receive(int64_t timeout_ns = DMXP_FOREVER) {
    Message m;
    if (int rc = dmxp_consumer_receive(c_, &m.raw, timeout_ns)) return Error::last_receive(rc);
    return m;
  }
  Result<Message> try_receive() {
    Message m;
    if (int rc = dmxp_consumer_try_receive(c_, &m.raw)) return Error::last_receive(rc);
    return m;
  }
  // Views of up to out.size() consecutive messages; returns how many were filled.
  Result<uint32_t> receive_batch(std::span<dmxp_message> out, int64_t timeout_ns = DMXP_FOREVER) {
    uint32_t n = 0;
    if (int rc = dmxp_consumer_receive_batch(c_, out.data(), uint32_t(out.size()), &n, timeout_ns))
      return Error::last_receive(rc);
    return n;
  }
  Status release() { return check(dmxp_consumer_release(c_)); }
  Status seek(uint64_t key) { return check(dmxp_consumer_seek(c_, key)); }
  uint64_t lost() const { return dmxp_consumer_lost(c_); }
  dmxp_consumer* handle() const { return c_; }

 private:
  explicit Consumer(dmxp_consumer* c) : c_(c) {}
  dmxp_consumer* c_;
};

}  // namespace dmxp
