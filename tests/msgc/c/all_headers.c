/* Every generated C header of the standard types and of demo_msgs, compiled as C11 with
 * -Wall -Wextra -pedantic -Werror: their static asserts hold the layout dmxp-msgc computed.
 * Running it checks what <pkg>_<Type>_init writes: every .msg default of demo_msgs/Everything
 * (scalars, strings, fixed arrays, bounded sequences, nested messages and message elements)
 * and the identity quaternion of geometry_msgs/Pose; and that init zeroes what has no default
 * in every standard type. Prints each mismatch; exit 1 when any. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <c_standard_types.h>
#include <demo_msgs/msg/Everything.h>

static int failures = 0;

#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                \
    }                                                            \
  } while (0)

static int text_is(uint32_t size, const char* data, const char* want) {
  return size == strlen(want) && memcmp(data, want, size) == 0;
}

static void everything_defaults(void) {
  demo_msgs_Everything* m = malloc(sizeof *m);
  uint32_t i;
  memset(m, 0xAB, sizeof *m);
  demo_msgs_Everything_init(m);
  CHECK(m->b == 1 && m->by == 7 && m->ch == 65 && m->i8 == -8 && m->u8 == 42);
  CHECK(m->i16 == -1600 && m->u16 == 1600 && m->i32 == -320000 && m->u32 == 320000u);
  CHECK(m->i64 == INT64_C(-6400000000) && m->u64 == UINT64_C(6400000000));
  CHECK(m->f32 == 1.5f && m->f64 == -2.25);
  CHECK(text_is(m->name.size, m->name.data, "default name"));
  CHECK(m->name.data[12] == 0); /* the rest of the storage is zero */
  CHECK(m->short_name.size == 0);
  CHECK(m->fixed[0] == 1 && m->fixed[1] == 2 && m->fixed[2] == 3);
  CHECK(m->bounded.size == 1 && m->bounded.data[0] == 0.5f && m->bounded.data[1] == 0.0f);
  CHECK(m->blob.size == 0);
  CHECK(text_is(m->pair[0].size, m->pair[0].data, "a") && text_is(m->pair[1].size, m->pair[1].data, "b"));
  CHECK(m->tags.size == 0 && m->words.size == 0 && m->inners.size == 0);
  CHECK(m->header.stamp.sec == 0 && m->header.frame_id.size == 0 && m->last == 0);
  for (i = 0; i < sizeof m->covariance / sizeof m->covariance[0]; ++i) CHECK(m->covariance[i] == 0.0);
  CHECK(strcmp(demo_msgs_Everything_GREETING, "hello # world (ROS 1: the rest of the line)") == 0);
  CHECK(demo_msgs_Everything_ANSWER == 42 && demo_msgs_Everything_FLAG == 1);
  CHECK(demo_msgs_Everything_MIN_I64 == INT64_MIN && demo_msgs_Everything_MAX_U64 == UINT64_MAX);
  CHECK(demo_msgs_Everything_PI - 3.14159 < 1e-12 && demo_msgs_Everything_PI - 3.14159 > -1e-12);
  CHECK(strcmp(demo_msgs_Everything_TYPE_NAME, "demo_msgs/Everything") == 0);
  CHECK(sizeof *m == demo_msgs_Everything_SIZE);
  free(m);
}

static void pose_defaults(void) {
  geometry_msgs_Pose p;
  geometry_msgs_PoseStamped s;
  geometry_msgs_Pose_init(&p);
  CHECK(p.orientation.w == 1.0 && p.orientation.x == 0.0 && p.position.z == 0.0);
  geometry_msgs_PoseStamped_init(&s);
  CHECK(s.pose.orientation.w == 1.0);
}

/* init on memory full of 0xAB: its size macro matches, and it leaves no 0xAB byte unless a
 * default put it there (no standard default holds 0xAB). */
#define CHECK_INIT(cpp_type, c_type)                                  \
  do {                                                                \
    unsigned char* bytes = malloc(sizeof(c_type));                    \
    size_t k, stale = 0;                                              \
    memset(bytes, 0xAB, sizeof(c_type));                              \
    c_type##_init((c_type*)(void*)bytes);                             \
    for (k = 0; k < sizeof(c_type); ++k) stale += bytes[k] == 0xAB;   \
    if (stale || sizeof(c_type) != c_type##_SIZE) {                   \
      fprintf(stderr, "%s: %zu bytes not written by init\n", #c_type, stale); \
      ++failures;                                                     \
    }                                                                 \
    free(bytes);                                                      \
  } while (0);

int main(void) {
  everything_defaults();
  pose_defaults();
  DMXP_FOR_EACH_STANDARD_C_TYPE(CHECK_INIT)
  if (failures) return 1;
  printf("every C header compiled; init checked on every standard type\n");
  return 0;
}
