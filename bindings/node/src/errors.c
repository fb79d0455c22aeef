/* errors.c - JS errors for dmxp statuses: name "DmxpError", .code, .status, the message. */
#include "addon.h"

napi_value throw_message(napi_env env, int status, const char* message) {
  napi_value msg, code, err, st, name;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_string_utf8(env, dmxp_status_name(status), NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, msg, &err);
  napi_create_int32(env, status, &st);
  napi_set_named_property(env, err, "status", st);
  napi_create_string_utf8(env, "DmxpError", NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, err, "name", name);
  napi_throw(env, err);
  return NULL;
}

napi_value throw_status(napi_env env, int status) {
  const char* detail = dmxp_last_error(); /* "" after WOULD_BLOCK and TIMEOUT */
  if (!detail[0]) detail = dmxp_strerror(status);
  return throw_message(env, status, detail);
}

void export_function(napi_env env, napi_value exports, const char* name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

size_t call_args(napi_env env, napi_callback_info info, napi_value* argv, size_t max) {
  size_t argc = max;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  for (size_t i = argc; i < max; ++i) napi_get_undefined(env, &argv[i]);
  return argc;
}

NAPI_MODULE_INIT() {
  init_producer(env, exports);
  init_consumer(env, exports);
  return exports;
}
