/* producer.c - producerOpen(options) -> handle, producerSend(handle, Buffer) -> key (bigint),
 * producerSendBatch(handle, Buffer[]) -> first key, producerMaxMessageSize(handle),
 * producerClose(handle). A handle is an external; closing twice (or GC after close) is safe. */
#include <stdlib.h>

#include "addon.h"

typedef struct {
  dmxp_producer* producer;
} producer_box;

static void finalize(napi_env env, void* data, void* hint) {
  producer_box* box = data;
  (void)env, (void)hint;
  dmxp_producer_close(box->producer);
  free(box);
}

static producer_box* unbox(napi_env env, napi_value v) {
  producer_box* box = NULL;
  if (napi_get_value_external(env, v, (void**)&box) != napi_ok || !box) {
    throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "not a producer handle");
    return NULL;
  }
  if (!box->producer) {
    throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "the producer is closed");
    return NULL;
  }
  return box;
}

static napi_value open_producer(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  char name[128], strings[4][128];
  dmxp_channel_options ch;
  dmxp_consumer_options co;
  dmxp_producer* p = NULL;
  producer_box* box;
  int rc;
  call_args(env, info, argv, 1);
  if (read_options(env, argv[0], &ch, &co, strings) || read_channel_name(env, argv[0], name, sizeof name)) return NULL;
  rc = dmxp_producer_open(name, &ch, &p);
  if (rc) return throw_status(env, rc);
  box = malloc(sizeof *box);
  box->producer = p;
  napi_create_external(env, box, finalize, NULL, &out);
  return out;
}

static napi_value send(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  producer_box* box;
  void* data = NULL;
  size_t len = 0;
  uint64_t key = 0;
  bool is_buffer = false;
  int rc;
  call_args(env, info, argv, 2);
  if (!(box = unbox(env, argv[0]))) return NULL;
  napi_is_buffer(env, argv[1], &is_buffer);
  if (!is_buffer) return throw_message(env, DMXP_ERR_INVALID_ARGUMENT, "send takes a Buffer or Uint8Array");
  napi_get_buffer_info(env, argv[1], &data, &len);
  rc = dmxp_producer_send(box->producer, data, len, DMXP_FOREVER, &key);
  if (rc) return throw_status(env, rc);
  napi_create_bigint_uint64(env, key, &out);
  return out;
}

static napi_value max_message_size(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  producer_box* box;
  call_args(env, info, argv, 1);
  if (!(box = unbox(env, argv[0]))) return NULL;
  napi_create_double(env, (double)dmxp_producer_max_message_size(box->producer), &out);
  return out;
}

static napi_value close_producer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  producer_box* box = NULL;
  call_args(env, info, argv, 1);
  if (napi_get_value_external(env, argv[0], (void**)&box) == napi_ok && box && box->producer) {
    dmxp_producer_close(box->producer);
    box->producer = NULL;
  }
  return NULL;
}

napi_value init_producer(napi_env env, napi_value exports) {
  export_function(env, exports, "producerOpen", open_producer);
  export_function(env, exports, "producerSend", send);
  export_function(env, exports, "producerMaxMessageSize", max_message_size);
  export_function(env, exports, "producerClose", close_producer);
  return exports;
}
