// The C emitter (dmxp-msgc --lang c): the struct members with explicit padding and in-place
// bounded storage, a static assert per offset, the identity and constants as macros, and the
// function applying the .msg defaults. That the headers compile as C11 and C++ and hold the
// bytes C++ has is tests/msgc/c (every standard type).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const char* kT =
    "# A test type.\n"
    "int8 LOW=-3\n"
    "uint64 BIG=18446744073709551615\n"
    "int64 SMALLEST=-9223372036854775808\n"
    "string NAME=\"a*/b\"\n"
    "bool on true\n"
    "int32 n -7\n"
    "float32 f 0.25\n"
    "string<=8 s \"hi\"\n"
    "uint16[2] pair [5, 6]\n"
    "float64[<=3] seq [1.5]\n"
    "Q q\n"
    "Q[<=2] qs\n"
    "int64 big -6400000000\n";

std::string header_of_t() {
  auto run = msgc_test::Sources().add("p/Q", "float64 w 1.0\n").add("p/T", kT).compile({"p/T"}, {}, {"c"});
  EXPECT_EQ(run->errors(), "");
  return run->file("c/p/msg/T.h");
}

TEST(CEmitter, StructHasExplicitPaddingAndBoundedStorageInPlace) {
  std::string h = header_of_t();
  EXPECT_THAT(h, HasSubstr("#ifndef DMXP_MSGC_C_P_MSG_T_H\n#define DMXP_MSGC_C_P_MSG_T_H\n\n"
                           "#include <dmxp_msgc.h>\n#include <p/msg/Q.h>\n"));
  EXPECT_THAT(h, HasSubstr("typedef struct p_T {\n"
                           "  uint8_t on; /* offset 0 */\n"
                           "  uint8_t _pad0[3]; /* offset 1: padding */\n"
                           "  int32_t n; /* offset 4 */\n"
                           "  float f; /* offset 8 */\n"
                           "  struct { uint32_t size; char data[8]; } s; /* offset 12 */\n"
                           "  uint16_t pair[2]; /* offset 24 */\n"
                           "  uint8_t _pad1[4]; /* offset 28: padding */\n"
                           "  struct { uint32_t size; uint32_t reserved; double data[3]; } seq; /* offset 32 */\n"
                           "  p_Q q; /* offset 64 */\n"
                           "  struct { uint32_t size; uint32_t reserved; p_Q data[2]; } qs; /* offset 72 */\n"
                           "  int64_t big; /* offset 96 */\n"
                           "} p_T;\n"));
}

TEST(CEmitter, StaticAssertsOnSizeAlignmentAndEveryField) {
  std::string h = header_of_t();
  EXPECT_THAT(h, HasSubstr("DMXP_MSGC_STATIC_ASSERT(sizeof(p_T) == 104, \"dmxp-msgc layout of p/T\");\n"
                           "DMXP_MSGC_STATIC_ASSERT(DMXP_MSGC_ALIGNOF(p_T) == 8, \"dmxp-msgc layout of p/T\");\n"
                           "DMXP_MSGC_STATIC_ASSERT(offsetof(p_T, on) == 0 && sizeof(((p_T*)0)->on) == 1, "
                           "\"dmxp-msgc layout of p/T\");\n"));
  EXPECT_THAT(h, HasSubstr("DMXP_MSGC_STATIC_ASSERT(offsetof(p_T, qs) == 72 && sizeof(((p_T*)0)->qs) == 24, "
                           "\"dmxp-msgc layout of p/T\");\n"));
  size_t asserts = 0;
  for (size_t at = 0; (at = h.find("DMXP_MSGC_STATIC_ASSERT(offsetof", at)) != std::string::npos; ++at) ++asserts;
  EXPECT_EQ(asserts, 9u);  // one per field
}

TEST(CEmitter, IdentityAndConstantsAreMacros) {
  std::string h = header_of_t();
  EXPECT_THAT(h, HasSubstr("#define p_T_TYPE_NAME \"p/T\"\n#define p_T_FINGERPRINT UINT64_C(0x"));
  EXPECT_THAT(h, HasSubstr("#define p_T_SIZE 104u\n#define p_T_ALIGN 8u\n"));
  EXPECT_THAT(h, HasSubstr("#define p_T_DESCRIPTOR \"{\\\"format\\\": \\\"dmxp.msg.layout/1\\\", \\\"type\\\": \\\"p/T\\\""));
  EXPECT_THAT(h, HasSubstr("#define p_T_LOW (-3)\n"
                           "#define p_T_BIG UINT64_C(18446744073709551615)\n"
                           "#define p_T_SMALLEST (-INT64_MAX - 1)\n"
                           "#define p_T_NAME \"a*/b\"\n"));
}

TEST(CEmitter, InitZeroesThenAppliesDefaultsNestedOnesToo) {
  std::string h = header_of_t();
  EXPECT_THAT(h, HasSubstr("static inline void p_T_set_defaults(p_T* m) {\n"
                           "  uint32_t i;\n"
                           "  m->on = 1;\n"
                           "  m->n = (-7);\n"
                           "  m->f = 0.25f;\n"
                           "  m->s.size = 2u;\n"
                           "  memcpy(m->s.data, \"hi\", 2);\n"
                           "  m->pair[0] = 5u;\n"
                           "  m->pair[1] = 6u;\n"
                           "  m->seq.size = 1u;\n"
                           "  m->seq.data[0] = 1.5;\n"
                           "  p_Q_set_defaults(&m->q);\n"
                           "  for (i = 0; i < 2u; ++i) p_Q_set_defaults(&m->qs.data[i]);\n"
                           "  m->big = INT64_C(-6400000000);\n"
                           "}\n"));
  EXPECT_THAT(h, HasSubstr("static inline void p_T_init(p_T* m) {\n  memset(m, 0, sizeof *m);\n"
                           "  p_T_set_defaults(m);\n}\n"));
}

TEST(CEmitter, TypeWithoutDefaultsHasAnEmptySetDefaults) {
  auto run = msgc_test::Sources().add("p/Plain", "int32 x\n").compile({"p/Plain"}, {}, {"c"});
  ASSERT_EQ(run->errors(), "");
  std::string h = run->file("c/p/msg/Plain.h");
  EXPECT_THAT(h, HasSubstr("static inline void p_Plain_set_defaults(p_Plain* m) {\n  (void)m;\n}\n"));
  EXPECT_THAT(h, Not(HasSubstr("uint32_t i;")));
  EXPECT_THAT(run->file("c/dmxp_msgc.h"), HasSubstr("#define DMXP_MSGC_STATIC_ASSERT(condition, what) _Static_assert(condition, what)"));
}

TEST(CEmitter, EmptyMessageHasItsReservedByte) {
  auto run = msgc_test::Sources().add("p/Empty", "").compile({"p/Empty"}, {}, {"c"});
  ASSERT_EQ(run->errors(), "");
  EXPECT_THAT(run->file("c/p/msg/Empty.h"),
              HasSubstr("typedef struct p_Empty {\n  uint8_t _pad0[1]; /* offset 0: an empty message still takes one byte */\n} p_Empty;\n"));
}

}  // namespace
