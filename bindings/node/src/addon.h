/* addon.h - the native part of the Node.js binding: N-API (node_api.h, C) over dmxp.h.
 * index.js wraps these functions in the public classes; nothing here is public API.
 * Every handle lives in a JS external; every failure throws a DmxpError-shaped Error with
 * .code (the status name, e.g. "DMXP_ERR_NOT_FOUND"), .status and the core's message. */
#ifndef DMXP_NODE_ADDON_H
#define DMXP_NODE_ADDON_H

#define NAPI_VERSION 8
#include <node_api.h>

#include "dmxp/dmxp.h"

/* Throws the error for a failed dmxp call (status < 0), with the core's detailed message.
 * Returns NULL so callers can `return throw_status(env, rc);`. */
napi_value throw_status(napi_env env, int status);
/* Throws an error with status and the given message. Returns NULL. */
napi_value throw_message(napi_env env, int status, const char* message);

/* Reads the options object (may be undefined) into the C structs. Strings are copied into
 * `strings` (at least 4 x 128 bytes), which must outlive the structs' use. 0 on success;
 * otherwise a JS exception is pending. */
int read_options(napi_env env, napi_value object, dmxp_channel_options* channel,
                 dmxp_consumer_options* consumer, char (*strings)[128]);
/* The channel name from options.channel (a string) or options.channelId (a number). */
int read_channel_name(napi_env env, napi_value object, char* name, size_t size);

napi_value init_producer(napi_env env, napi_value exports);
napi_value init_consumer(napi_env env, napi_value exports);

/* Defines fn as exports[name]. */
void export_function(napi_env env, napi_value exports, const char* name, napi_callback fn);
/* The argument count and values of a call (up to max). */
size_t call_args(napi_env env, napi_callback_info info, napi_value* argv, size_t max);

#endif
