/* options.c - the options object of createProducer/createConsumer, read into dmxp options:
 *   { channelId | channel, domain, mode: 'broadcast'|'queue', backpressure:
 *     'reliable'|'keepLast', capacity, slotSize, mustExist, typeName, typeFingerprint (bigint),
 *     typeDescriptor, name (durable cursor), start: 'oldest'|'newest', spinNs } */
#include <stdio.h>
#include <string.h>

#include "addon.h"

static int get(napi_env env, napi_value obj, const char* key, napi_value* out, napi_valuetype* type) {
  bool has = false;
  *type = napi_undefined;
  if (napi_has_named_property(env, obj, key, &has) != napi_ok || !has) return 0;
  napi_get_named_property(env, obj, key, out);
  napi_typeof(env, *out, type);
  return *type != napi_undefined;
}

static int bad(napi_env env, const char* key, const char* expected) {
  char text[160];
  snprintf(text, sizeof text, "option %s must be %s", key, expected);
  throw_message(env, DMXP_ERR_INVALID_ARGUMENT, text);
  return -1;
}

static int read_string(napi_env env, napi_value obj, const char* key, char* buf, size_t size, const char** out) {
  napi_value v;
  napi_valuetype t;
  size_t len = 0;
  if (!get(env, obj, key, &v, &t)) return 0;
  if (t != napi_string) return bad(env, key, "a string");
  napi_get_value_string_utf8(env, v, buf, size, &len);
  if (len + 1 >= size) return bad(env, key, "shorter than 127 bytes");
  *out = buf;
  return 0;
}

static int read_u32(napi_env env, napi_value obj, const char* key, uint32_t* out) {
  napi_value v;
  napi_valuetype t;
  if (!get(env, obj, key, &v, &t)) return 0;
  if (t != napi_number) return bad(env, key, "a number");
  napi_get_value_uint32(env, v, out);
  return 0;
}

/* One of two words mapped to enum values 1 and 2 (0 when absent). */
static int read_choice(napi_env env, napi_value obj, const char* key, const char* one, const char* two, int* out) {
  char buf[32];
  const char* s = NULL;
  char expected[96];
  if (read_string(env, obj, key, buf, sizeof buf, &s)) return -1;
  if (!s) return 0;
  if (strcmp(s, one) == 0) *out = 1;
  else if (strcmp(s, two) == 0) *out = 2;
  else {
    snprintf(expected, sizeof expected, "'%s' or '%s'", one, two);
    return bad(env, key, expected);
  }
  return 0;
}

int read_channel_name(napi_env env, napi_value obj, char* name, size_t size) {
  napi_value v;
  napi_valuetype t;
  const char* s = NULL;
  if (get(env, obj, "channelId", &v, &t)) {
    int64_t id = -1;
    if (t != napi_number || napi_get_value_int64(env, v, &id) != napi_ok || id < 0)
      return bad(env, "channelId", "a non-negative integer");
    return dmxp_channel_name_from_id((uint64_t)id, name, size) ? bad(env, "channelId", "an id") : 0;
  }
  if (read_string(env, obj, "channel", name, size, &s)) return -1;
  if (!s) return bad(env, "channelId or channel", "given");
  return 0;
}

int read_options(napi_env env, napi_value obj, dmxp_channel_options* ch, dmxp_consumer_options* co,
                 char (*strings)[128]) {
  napi_value v;
  napi_valuetype t;
  int mode = 0, backpressure = 0, start = 0;
  dmxp_channel_options_init(ch);
  dmxp_consumer_options_init(co);
  napi_typeof(env, obj, &t);
  if (t == napi_undefined) return 0;
  if (t != napi_object) return bad(env, "object", "an object");
  if (read_string(env, obj, "domain", strings[0], 128, &ch->domain) ||
      read_string(env, obj, "typeName", strings[1], 128, &ch->type_name) ||
      read_string(env, obj, "name", strings[2], 128, &co->name) ||
      read_choice(env, obj, "mode", "broadcast", "queue", &mode) ||
      read_choice(env, obj, "backpressure", "reliable", "keepLast", &backpressure) ||
      read_choice(env, obj, "start", "oldest", "newest", &start) ||
      read_u32(env, obj, "capacity", &ch->capacity) || read_u32(env, obj, "slotSize", &ch->slot_size))
    return -1;
  ch->mode = (dmxp_mode)mode;
  ch->backpressure = (dmxp_backpressure)backpressure;
  co->start = start == 2 ? DMXP_START_NEWEST : DMXP_START_OLDEST;
  if (get(env, obj, "mustExist", &v, &t)) {
    bool b = false;
    napi_get_value_bool(env, v, &b);
    ch->create = !b;
  }
  if (get(env, obj, "spinNs", &v, &t)) napi_get_value_int64(env, v, &co->spin_ns);
  if (get(env, obj, "typeFingerprint", &v, &t)) {
    bool lossless = false;
    if (t != napi_bigint) return bad(env, "typeFingerprint", "a bigint");
    napi_get_value_bigint_uint64(env, v, &ch->type_fingerprint, &lossless);
  }
  if (get(env, obj, "typeDescriptor", &v, &t)) {
    /* Borrowed: the Buffer stays alive (it is an argument) through the open call. */
    void* data = NULL;
    size_t len = 0;
    bool is_buffer = false;
    napi_is_buffer(env, v, &is_buffer);
    if (!is_buffer) return bad(env, "typeDescriptor", "a Buffer");
    napi_get_buffer_info(env, v, &data, &len);
    ch->type_descriptor = data;
    ch->type_descriptor_size = len;
  }
  return 0;
}
