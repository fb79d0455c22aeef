// The C headers (dmxp-msgc --lang c) against the C++ ones, in one C++ program including both:
// for every standard type (services' and actions' too) and demo_msgs/Everything, the C struct
// has the C++ struct's size and alignment, the same identity (type name, fingerprint,
// descriptor), and <pkg>_<Type>_init writes exactly the bytes the C++ constructor does.
#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

#include <c_standard_types.h>
#include <demo_msgs/msg/Everything.h>
#include <demo_msgs/msg/Everything.hpp>
#include <example_interfaces/action/Fibonacci.hpp>
#include <standard_types.hpp>
#include <action_msgs/srv/CancelGoal.hpp>
#include <composition_interfaces/srv/ListNodes.hpp>
#include <composition_interfaces/srv/LoadNode.hpp>
#include <composition_interfaces/srv/UnloadNode.hpp>
#include <example_interfaces/srv/AddTwoInts.hpp>
#include <lifecycle_msgs/srv/ChangeState.hpp>
#include <lifecycle_msgs/srv/GetAvailableStates.hpp>
#include <lifecycle_msgs/srv/GetAvailableTransitions.hpp>
#include <lifecycle_msgs/srv/GetState.hpp>
#include <std_srvs/srv/Empty.hpp>
#include <std_srvs/srv/SetBool.hpp>
#include <std_srvs/srv/Trigger.hpp>

namespace {

template <class Cpp, class C>
void expect_same(void (*init)(C*), const char* type_name, uint64_t fingerprint, std::string_view descriptor) {
  static_assert(sizeof(Cpp) == sizeof(C) && alignof(Cpp) == alignof(C));
  EXPECT_STREQ(type_name, Cpp::kTypeName);
  EXPECT_EQ(fingerprint, Cpp::kFingerprint) << type_name;
  EXPECT_EQ(descriptor, Cpp::kDescriptor) << type_name;
  // Both on memory full of 0xAB: every byte must come out the same.
  std::vector<unsigned char> cpp_bytes(sizeof(Cpp), 0xAB), c_bytes(sizeof(C), 0xAB);
  // Not destroyed: the compiler may drop stores to an object whose lifetime ended, and a
  // message is trivially destructible anyway.
  new (cpp_bytes.data()) Cpp();
  init(reinterpret_cast<C*>(c_bytes.data()));
  size_t first = 0;
  while (first < cpp_bytes.size() && cpp_bytes[first] == c_bytes[first]) ++first;
  EXPECT_EQ(first, cpp_bytes.size()) << type_name << ": C init and C++ constructor differ at byte " << first;
}

TEST(CHeaders, EveryStandardTypeMatchesCpp) {
  size_t types = 0;
#define CHECK_TYPE(cpp_type, c_type)                                                                        \
  expect_same<cpp_type, c_type>(c_type##_init, c_type##_TYPE_NAME, c_type##_FINGERPRINT, c_type##_DESCRIPTOR); \
  ++types;
  DMXP_FOR_EACH_STANDARD_C_TYPE(CHECK_TYPE)
#undef CHECK_TYPE
  EXPECT_GT(types, 80u);
}

TEST(CHeaders, EverythingDefaultsMatchCpp) {
  expect_same<demo_msgs::msg::Everything, demo_msgs_Everything>(
      demo_msgs_Everything_init, demo_msgs_Everything_TYPE_NAME, demo_msgs_Everything_FINGERPRINT,
      demo_msgs_Everything_DESCRIPTOR);
  static_assert(demo_msgs_Everything_MIN_I64 == demo_msgs::msg::Everything::MIN_I64);
  static_assert(demo_msgs_Everything_MAX_U64 == demo_msgs::msg::Everything::MAX_U64);
  EXPECT_EQ(std::string_view(demo_msgs_Everything_QUOTED), demo_msgs::msg::Everything::QUOTED);
}

}  // namespace
