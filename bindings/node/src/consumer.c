/* consumer.c - consumerOpen(options) -> handle; consumerReceive(handle, timeoutNs) -> message
 * or null; consumerReceiveInto(handle, buffer, timeoutNs) -> bytes copied or null;
 * consumerReceiveAsync(handle, timeoutNs) -> Promise<message or null> (waits on a
 * libuv worker thread, never on the event loop); consumerRelease(handle) -> false on
 * overrun; consumerLost(handle); consumerClose(handle).
 *
 * Zero-copy with the lifetime rule enforced: a message's data is an external ArrayBuffer over
 * the slot itself, and the next receive, release or close DETACHES it first, so a Buffer kept
 * too long reads as empty (length 0) instead of showing bytes the ring has reused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addon.h"

/* A waiting worker checks for close() this often. */
#define WAIT_SLICE_NS 20000000LL

typedef struct {
  dmxp_consumer* consumer;
  napi_ref view;          /* weak: the ArrayBuffer over the current slot, detached on reuse */
  /* receiveAsync in flight: the worker owns `consumer` until complete() runs. */
  int waiting;
  volatile int cancel;    /* set by close() while waiting; the worker stops at its next slice */
  napi_async_work work;
  napi_deferred deferred;
  napi_ref self;          /* keeps the handle alive while a worker uses it */
  int64_t timeout_ns;
  int rc;
  dmxp_message msg;
  char error[512];        /* the worker thread's dmxp_last_error(), copied there */
  /* receiveInto found a message too large for its target: it is handed out again by the
   * next receive or receiveInto instead of being lost (the consumer still holds its view). */
  int has_pending;
  dmxp_message pending;
} consumer_box;

static void end_view(napi_env env, consumer_box* box) {
  napi_value ab = NULL;
  if (!box->view) return;
  napi_get_reference_value(env, box->view, &ab);
  if (ab) napi_detach_arraybuffer(env, ab);
  napi_delete_reference(env, box->view);
  box->view = NULL;
}

static void close_now(napi_env env, consumer_box* box) {
  end_view(env, box);
  box->has_pending = 0;
  dmxp_consumer_close(box->consumer);
  box->consumer = NULL;
}

static void finalize(napi_env env, void* data, void* hint) {
  consumer_box* box = data;
  (void)hint;
  if (box->consumer) close_now(env, box);
  free(box);
}

static consumer_box* unbox(napi_env env, napi_value v) {
  consumer_box* box = NULL;
  if (napi_get_value_external(env, v, (void**)&box) != napi_ok || !box) {
    throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "not a consumer handle");
    return NULL;
  }
  if (!box->consumer || box->cancel) {
    throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "the consumer is closed");
    return NULL;
  }
  if (box->waiting) {
    throw_message(env, DMXP_ERR_BUSY, "a receiveAsync is pending on this consumer: await it first");
    return NULL;
  }
  return box;
}

static void set_bigint(napi_env env, napi_value obj, const char* key, uint64_t v) {
  napi_value x;
  napi_create_bigint_uint64(env, v, &x);
  napi_set_named_property(env, obj, key, x);
}

static void set_number(napi_env env, napi_value obj, const char* key, double v) {
  napi_value x;
  napi_create_double(env, v, &x);
  napi_set_named_property(env, obj, key, x);
}

/* { data: Uint8Array over the slot, key, timestampNs, producerPid, batchIndex, batchCount } */
static napi_value make_message(napi_env env, consumer_box* box, const dmxp_message* m) {
  napi_value obj, ab, bytes;
  napi_create_object(env, &obj);
  napi_create_external_arraybuffer(env, (void*)m->data, m->size, NULL, NULL, &ab);
  napi_create_reference(env, ab, 0, &box->view);
  napi_create_typedarray(env, napi_uint8_array, m->size, ab, 0, &bytes);
  napi_set_named_property(env, obj, "data", bytes);
  set_bigint(env, obj, "key", m->key);
  set_bigint(env, obj, "timestampNs", m->timestamp_ns);
  set_number(env, obj, "producerPid", m->producer_pid);
  set_number(env, obj, "batchIndex", m->batch_index);
  set_number(env, obj, "batchCount", m->batch_count);
  return obj;
}

static napi_value null_value(napi_env env) {
  napi_value v;
  napi_get_null(env, &v);
  return v;
}

static napi_value open_consumer(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  char name[128], strings[4][128];
  dmxp_channel_options ch;
  dmxp_consumer_options co;
  dmxp_consumer* c = NULL;
  consumer_box* box;
  int rc;
  call_args(env, info, argv, 1);
  if (read_options(env, argv[0], &ch, &co, strings) || read_channel_name(env, argv[0], name, sizeof name)) return NULL;
  rc = dmxp_consumer_open(name, &ch, &co, &c);
  if (rc) return throw_status(env, rc);
  box = calloc(1, sizeof *box);
  box->consumer = c;
  napi_create_external(env, box, finalize, NULL, &out);
  return out;
}

/* The pending message, else the next one from the ring (timeout 0: only if one is there). */
static int next_message(consumer_box* box, dmxp_message* m, int64_t timeout) {
  if (box->has_pending) {
    *m = box->pending;
    box->has_pending = 0;
    return DMXP_OK;
  }
  return timeout == 0 ? dmxp_consumer_try_receive(box->consumer, m)
                      : dmxp_consumer_receive(box->consumer, m, timeout);
}

static napi_value receive(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  consumer_box* box;
  dmxp_message m;
  int64_t timeout = 0;
  int rc;
  call_args(env, info, argv, 2);
  if (!(box = unbox(env, argv[0]))) return NULL;
  napi_get_value_int64(env, argv[1], &timeout);
  end_view(env, box);
  rc = next_message(box, &m, timeout);
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) return null_value(env);
  if (rc) return throw_status(env, rc);
  return make_message(env, box, &m);
}

/* consumerReceiveInto(handle, target, timeoutNs) -> bytes copied into target (a Buffer), or
 * null when none came. One copy and no object per message: the fast path for small messages,
 * where building a message object costs more than the bytes. */
static napi_value receive_into(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  consumer_box* box;
  dmxp_message m;
  void* target = NULL;
  size_t capacity = 0;
  int64_t timeout = 0;
  int rc;
  char text[160];
  call_args(env, info, argv, 3);
  if (!(box = unbox(env, argv[0]))) return NULL;
  if (napi_get_buffer_info(env, argv[1], &target, &capacity) != napi_ok)
    return throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "receiveInto needs a Buffer to copy into");
  napi_get_value_int64(env, argv[2], &timeout);
  end_view(env, box);
  rc = next_message(box, &m, timeout);
  if (rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT) return null_value(env);
  if (rc) return throw_status(env, rc);
  if (m.size > capacity) {
    box->pending = m;
    box->has_pending = 1;
    snprintf(text, sizeof text, "a message of %u bytes does not fit a target of %zu bytes; "
             "it stays next: call receive() or receiveInto() with a larger Buffer", (unsigned)m.size, capacity);
    return throw_message(env, DMXP_ERR_INVALID_ARGUMENT, text);
  }
  memcpy(target, m.data, m.size);
  napi_create_uint32(env, m.size, &out);
  return out;
}

static void wait_in_worker(napi_env env, void* data) {
  consumer_box* box = data;
  int64_t left = box->timeout_ns;
  (void)env;
  for (;;) {
    int64_t slice = left < 0 || left > WAIT_SLICE_NS ? WAIT_SLICE_NS : left;
    if (box->cancel) {
      box->rc = DMXP_ERR_INTERRUPTED;
      break;
    }
    box->rc = dmxp_consumer_receive(box->consumer, &box->msg, slice);
    if (box->rc != DMXP_ERR_TIMEOUT) break;
    if (left >= 0 && (left -= slice) <= 0) break;
  }
  if (box->rc && box->rc != DMXP_ERR_TIMEOUT) snprintf(box->error, sizeof box->error, "%s", dmxp_last_error());
}

static void complete(napi_env env, napi_status status, void* data) {
  consumer_box* box = data;
  napi_value result = NULL, err;
  (void)status;
  box->waiting = 0;
  napi_delete_async_work(env, box->work);
  if (box->cancel) {
    close_now(env, box);
    throw_message(env, DMXP_ERR_INTERRUPTED, "the consumer was closed while receiveAsync waited");
  } else if (box->rc == DMXP_OK) {
    result = make_message(env, box, &box->msg);
  } else if (box->rc == DMXP_ERR_TIMEOUT) {
    result = null_value(env);
  } else {
    throw_message(env, box->rc, box->error[0] ? box->error : dmxp_strerror(box->rc));
  }
  if (result) {
    napi_resolve_deferred(env, box->deferred, result);
  } else {
    napi_get_and_clear_last_exception(env, &err);
    napi_reject_deferred(env, box->deferred, err);
  }
  napi_delete_reference(env, box->self);
}

static napi_value receive_async(napi_env env, napi_callback_info info) {
  napi_value argv[2], promise, name;
  consumer_box* box;
  call_args(env, info, argv, 2);
  if (!(box = unbox(env, argv[0]))) return NULL;
  box->timeout_ns = DMXP_FOREVER;
  napi_get_value_int64(env, argv[1], &box->timeout_ns);
  end_view(env, box);
  if (box->has_pending) { /* left by receiveInto: it comes first, without waiting */
    napi_deferred now;
    napi_create_promise(env, &now, &promise);
    box->has_pending = 0;
    napi_resolve_deferred(env, now, make_message(env, box, &box->pending));
    return promise;
  }
  box->error[0] = 0;
  napi_create_promise(env, &box->deferred, &promise);
  napi_create_string_utf8(env, "dmxp.receiveAsync", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, wait_in_worker, complete, box, &box->work);
  napi_create_reference(env, argv[0], 1, &box->self);
  box->waiting = 1;
  napi_queue_async_work(env, box->work);
  return promise;
}

static napi_value release(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  consumer_box* box;
  int rc;
  call_args(env, info, argv, 1);
  if (!(box = unbox(env, argv[0]))) return NULL;
  end_view(env, box);
  box->has_pending = 0;
  rc = dmxp_consumer_release(box->consumer);
  if (rc && rc != DMXP_ERR_OVERRUN) return throw_status(env, rc);
  napi_get_boolean(env, rc == DMXP_OK, &out);
  return out;
}

static napi_value lost(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  consumer_box* box;
  call_args(env, info, argv, 1);
  if (!(box = unbox(env, argv[0]))) return NULL;
  napi_create_bigint_uint64(env, dmxp_consumer_lost(box->consumer), &out);
  return out;
}

static napi_value close_consumer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  consumer_box* box = NULL;
  call_args(env, info, argv, 1);
  if (napi_get_value_external(env, argv[0], (void**)&box) != napi_ok || !box || !box->consumer) return NULL;
  if (box->waiting) box->cancel = 1; /* complete() closes once the worker has let go */
  else close_now(env, box);
  return NULL;
}

napi_value init_consumer(napi_env env, napi_value exports) {
  export_function(env, exports, "consumerOpen", open_consumer);
  export_function(env, exports, "consumerReceive", receive);
  export_function(env, exports, "consumerReceiveInto", receive_into);
  export_function(env, exports, "consumerReceiveAsync", receive_async);
  export_function(env, exports, "consumerRelease", release);
  export_function(env, exports, "consumerLost", lost);
  export_function(env, exports, "consumerClose", close_consumer);
  return exports;
}
