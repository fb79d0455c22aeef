// c_api.cpp - the C ABI: argument checks, handle wrapping, and a guarantee that no C++
// exception crosses into C (std::bad_alloc becomes DMXP_ERR_RESOURCE). dmxp_last_error()
// describes the status returned: the data-path calls clear the message (one store) before
// they call in, and their WOULD_BLOCK and TIMEOUT format none; opening and the rest run
// guarded(), which also clears a message of a failure the call recovered from.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "api/guarded.hpp"
#include "endpoints/consumer.hpp"
#include "platform/error.hpp"
#include "endpoints/merge.hpp"
#include "endpoints/producer.hpp"
#include "endpoints/waitset.hpp"
#include "segments/names.hpp"

using namespace dmxp::detail;

struct dmxp_producer { std::unique_ptr<Producer> impl; };
struct dmxp_consumer { std::unique_ptr<Consumer> impl; };
struct dmxp_waitset { WaitSet impl; };
struct dmxp_merge { Merge impl; };

namespace {
int null_handle(const char* what) {
  return fail(DMXP_ERR_INVALID_ARGUMENT, "%s handle is NULL", what);
}

// A consumer handle that can be used: not NULL and not detached.
int usable(const dmxp_consumer* c) {
  if (!c) return null_handle("consumer");
  if (c->impl->detached())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "consumer of channel '%s' was detached (closed)",
                c->impl->channel().name().c_str());
  return DMXP_OK;
}

std::string id_name(uint64_t id) { return std::to_string(id); }
}  // namespace

extern "C" {

void dmxp_channel_options_init(dmxp_channel_options* o) {
  if (!o) return;
  std::memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->create = 1;
  o->open_mode = DMXP_OPEN_DEFAULT;
  o->trusted_uid = DMXP_NO_ID;
  o->trusted_gid = DMXP_NO_ID;
}

void dmxp_consumer_options_init(dmxp_consumer_options* o) {
  if (!o) return;
  std::memset(o, 0, sizeof *o);
  o->struct_size = sizeof *o;
  o->start = DMXP_START_OLDEST;
  o->spin_ns = 2000;
}

int dmxp_channel_name_from_id(uint64_t id, char* buf, size_t size) {
  if (!buf) return fail(DMXP_ERR_INVALID_ARGUMENT, "channel_name_from_id: buf is NULL");
  int n = std::snprintf(buf, size, "%llu", (unsigned long long)id);
  if (n > 0 && size_t(n) < size) return settle(DMXP_OK);
  return fail(DMXP_ERR_INVALID_ARGUMENT, "channel_name_from_id: %d characters do not fit in "
              "%zu bytes", n, size);
}

int dmxp_domain_resolve(const char* explicit_domain, char* buf, size_t buf_size) {
  return guarded([&] {
    if (!buf) return fail(DMXP_ERR_INVALID_ARGUMENT, "domain_resolve: buf is NULL");
    bool from_env = !(explicit_domain && *explicit_domain);
    std::string domain = resolve_domain(explicit_domain);
    if (int rc = validate_domain_name(domain); rc != DMXP_OK) {
      if (!from_env) return rc;
      std::string why = last_error();
      return fail(rc, "%s (from $DMXP_DOMAIN)", why.c_str());
    }
    if (domain.size() >= buf_size)
      return fail(DMXP_ERR_INVALID_ARGUMENT, "domain '%s' needs a buffer of %zu bytes, got %zu",
                  domain.c_str(), domain.size() + 1, buf_size);
    std::memcpy(buf, domain.c_str(), domain.size() + 1);
    return int(DMXP_OK);
  });
}

int dmxp_producer_open(const char* channel, const dmxp_channel_options* options,
                       dmxp_producer** out) {
  return guarded([&] {
    if (!out) return null_handle("output producer");
    *out = nullptr;
    auto handle = std::make_unique<dmxp_producer>();
    if (int rc = Producer::open(channel, options, handle->impl); rc != DMXP_OK) return rc;
    *out = handle.release();
    return int(DMXP_OK);
  });
}

int dmxp_producer_open_id(uint64_t id, const dmxp_channel_options* options, dmxp_producer** out) {
  return dmxp_producer_open(id_name(id).c_str(), options, out);
}

void dmxp_producer_close(dmxp_producer* p) { delete p; }

int dmxp_producer_send(dmxp_producer* p, const void* data, size_t size, int64_t timeout_ns,
                       uint64_t* key) {
  if (!p) return null_handle("producer");
  if (!data && size) return fail(DMXP_ERR_INVALID_ARGUMENT, "send: data is NULL");
  clear_error();
  return p->impl->send(data, size, timeout_ns, key);
}

int dmxp_producer_loan(dmxp_producer* p, size_t max_size, void** buffer, int64_t timeout_ns) {
  if (!p) return null_handle("producer");
  if (!buffer) return fail(DMXP_ERR_INVALID_ARGUMENT, "loan: buffer output is NULL");
  if (max_size > p->impl->channel().slot_size())
    return fail(DMXP_ERR_TOO_LARGE, "channel '%s': loan of %zu bytes exceeds the slot size %llu",
                p->impl->channel().name().c_str(), max_size,
                (unsigned long long)p->impl->channel().slot_size());
  clear_error();
  if (int rc = p->impl->loan(1, timeout_ns); rc != DMXP_OK) return rc;
  *buffer = p->impl->loan_buffer(0);
  return DMXP_OK;
}

int dmxp_producer_commit(dmxp_producer* p, size_t size, uint64_t* key) {
  if (!p) return null_handle("producer");
  if (p->impl->has_loan() && p->impl->loan_count() != 1)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "commit: the loan is a batch; use commit_batch");
  if (size > p->impl->channel().slot_size()) {
    p->impl->abort();
    return fail(DMXP_ERR_TOO_LARGE, "channel '%s': commit of %zu bytes exceeds the slot size; "
                "the loan was aborted", p->impl->channel().name().c_str(), size);
  }
  clear_error();
  return p->impl->commit(&size, key);
}

int dmxp_producer_abort(dmxp_producer* p) {
  if (!p) return null_handle("producer");
  clear_error();
  return p->impl->abort();
}

int dmxp_producer_loan_batch(dmxp_producer* p, uint32_t count, void** buffers, int64_t timeout_ns) {
  if (!p) return null_handle("producer");
  if (!buffers) return fail(DMXP_ERR_INVALID_ARGUMENT, "loan_batch: buffers is NULL");
  clear_error();
  if (int rc = p->impl->loan(count, timeout_ns); rc != DMXP_OK) return rc;
  for (uint32_t i = 0; i < count; ++i) buffers[i] = p->impl->loan_buffer(i);
  return DMXP_OK;
}

int dmxp_producer_commit_batch(dmxp_producer* p, const size_t* sizes, uint64_t* first_key) {
  if (!p) return null_handle("producer");
  if (!sizes) return fail(DMXP_ERR_INVALID_ARGUMENT, "commit_batch: sizes is NULL");
  for (uint32_t i = 0; i < p->impl->loan_count(); ++i)
    if (sizes[i] > p->impl->channel().slot_size()) {
      p->impl->abort();
      return fail(DMXP_ERR_TOO_LARGE, "commit_batch: message %u of %zu bytes exceeds the slot "
                  "size; the batch was aborted", i, sizes[i]);
    }
  clear_error();
  return p->impl->commit(sizes, first_key);
}

int dmxp_producer_send_batch(dmxp_producer* p, const dmxp_iovec* messages, uint32_t count,
                             int64_t timeout_ns, uint64_t* first_key) {
  if (!p) return null_handle("producer");
  if (!messages || count == 0)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "send_batch: no messages");
  clear_error();
  return p->impl->send_batch(messages, count, timeout_ns, first_key);
}

size_t dmxp_producer_max_message_size(const dmxp_producer* p) {
  return p ? size_t(p->impl->channel().slot_size()) : 0;
}

int dmxp_consumer_open(const char* channel, const dmxp_channel_options* channel_options,
                       const dmxp_consumer_options* options, dmxp_consumer** out) {
  return guarded([&] {
    if (!out) return null_handle("output consumer");
    *out = nullptr;
    auto handle = std::make_unique<dmxp_consumer>();
    if (int rc = Consumer::open(channel, channel_options, options, handle->impl); rc != DMXP_OK)
      return rc;
    *out = handle.release();
    return int(DMXP_OK);
  });
}

int dmxp_consumer_open_id(uint64_t id, const dmxp_channel_options* channel_options,
                          const dmxp_consumer_options* options, dmxp_consumer** out) {
  return dmxp_consumer_open(id_name(id).c_str(), channel_options, options, out);
}

void dmxp_consumer_close(dmxp_consumer* c) { delete c; }

void dmxp_consumer_detach(dmxp_consumer* c) {
  if (c) c->impl->detach();
}

int dmxp_consumer_try_receive(dmxp_consumer* c, dmxp_message* out) {
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  uint32_t n = 0;
  clear_error();
  return c->impl->try_receive(out, 1, &n);
}

int dmxp_consumer_receive(dmxp_consumer* c, dmxp_message* out, int64_t timeout_ns) {
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  uint32_t n = 0;
  clear_error();
  return c->impl->receive(out, 1, &n, timeout_ns);
}

int dmxp_consumer_receive_batch(dmxp_consumer* c, dmxp_message* out, uint32_t max,
                                uint32_t* count, int64_t timeout_ns) {
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  clear_error();
  return c->impl->receive(out, max, count, timeout_ns);
}

int dmxp_consumer_release(dmxp_consumer* c) {
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  clear_error();
  return c->impl->release();
}

int dmxp_consumer_seek(dmxp_consumer* c, uint64_t key) {
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  clear_error();
  return c->impl->seek(key);
}

uint64_t dmxp_consumer_lost(const dmxp_consumer* c) {
  return c && !c->impl->detached() ? c->impl->lost() : 0;
}

int dmxp_waitset_create(dmxp_waitset** out) {
  return guarded([&] {
    if (!out) return null_handle("output waitset");
    *out = new dmxp_waitset();
    return int(DMXP_OK);
  });
}

void dmxp_waitset_destroy(dmxp_waitset* w) { delete w; }

int dmxp_waitset_add(dmxp_waitset* w, dmxp_consumer* c) {
  if (!w) return null_handle("waitset");
  if (int rc = usable(c); rc != DMXP_OK) return rc;
  return guarded([&] { return w->impl.add(c->impl.get()); });
}

int dmxp_waitset_enable(dmxp_waitset* w, size_t index, int enabled) {
  if (!w) return null_handle("waitset");
  clear_error();
  return w->impl.enable(index, enabled != 0);
}

int dmxp_waitset_wait(dmxp_waitset* w, uint8_t* ready, size_t ready_size, size_t* ready_count,
                      int64_t timeout_ns) {
  if (!w) return null_handle("waitset");
  clear_error();
  return w->impl.wait(ready, ready_size, ready_count, timeout_ns);
}

int dmxp_waitset_wait_spin(dmxp_waitset* w, uint8_t* ready, size_t ready_size,
                           size_t* ready_count, int64_t timeout_ns, int64_t spin_ns) {
  if (!w) return null_handle("waitset");
  if (spin_ns < 0)
    return fail(DMXP_ERR_INVALID_ARGUMENT,
                "waitset: spin_ns must be >= 0 (got %lld); poll with timeout 0 to never sleep",
                static_cast<long long>(spin_ns));
  clear_error();
  return w->impl.wait(ready, ready_size, ready_count, timeout_ns, spin_ns);
}

int dmxp_waitset_wake(dmxp_waitset* w) {
  if (!w) return null_handle("waitset");
  clear_error();
  w->impl.wake();
  return DMXP_OK;
}

int dmxp_merge_create(dmxp_consumer* const* consumers, size_t count, dmxp_merge** out) {
  return guarded([&] {
    if (!out) return null_handle("output merge");
    *out = nullptr;
    auto m = std::make_unique<dmxp_merge>();
    std::vector<Consumer*> impls;
    for (size_t i = 0; consumers && i < count; ++i) {
      if (consumers[i] && consumers[i]->impl->detached()) return usable(consumers[i]);
      impls.push_back(consumers[i] ? consumers[i]->impl.get() : nullptr);
    }
    if (int rc = m->impl.init(impls.data(), impls.size()); rc != DMXP_OK) return rc;
    *out = m.release();
    return int(DMXP_OK);
  });
}

void dmxp_merge_destroy(dmxp_merge* m) { delete m; }

int dmxp_merge_next(dmxp_merge* m, dmxp_message* out, size_t* source) {
  if (!m) return null_handle("merge");
  if (!out) return fail(DMXP_ERR_INVALID_ARGUMENT, "merge_next: out is NULL");
  clear_error();
  return m->impl.next(out, source);
}

}  // extern "C"
