/* joint_state.h - sensor_msgs/JointState for C, declared by hand from the layout rules of
 * docs/messages.md (dmxp-msgc has no C emitter): a bounded string is a uint32 size and its
 * bytes; a bounded sequence of 8-aligned elements has 4 reserved bytes after its size. The
 * static asserts hold the offsets msgc_layout_dump reports, and the interop matrix checks
 * the bytes against every other language. */
#ifndef DMXP_INTEROP_JOINT_STATE_H
#define DMXP_INTEROP_JOINT_STATE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define JOINT_STATE_FINGERPRINT 0x05813e0952fb3b4cull
#define JOINT_STATE_TYPE_NAME "sensor_msgs/JointState"

typedef struct { uint32_t size; char data[64]; } string64;
typedef struct { uint32_t size; char data[128]; } string128;
typedef struct { uint32_t size; uint32_t reserved; double data[64]; } float64_seq64;
typedef struct { uint32_t size; string64 data[64]; } string64_seq64;

typedef struct {
  struct { int32_t sec; uint32_t nanosec; } stamp;
  string128 frame_id;
} header_t;

typedef struct {
  header_t header;
  string64_seq64 name;
  float64_seq64 position;
  float64_seq64 velocity;
  float64_seq64 effort;
} joint_state;

static_assert(sizeof(header_t) == 140, "std_msgs/Header layout");
static_assert(offsetof(joint_state, name) == 140, "JointState.name offset");
static_assert(offsetof(joint_state, position) == 4496, "JointState.position offset");
static_assert(offsetof(joint_state, velocity) == 5016, "JointState.velocity offset");
static_assert(offsetof(joint_state, effort) == 5536, "JointState.effort offset");
static_assert(sizeof(joint_state) == 6056, "JointState size");

#endif
