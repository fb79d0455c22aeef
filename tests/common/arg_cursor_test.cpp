// The argument cursor (tools/common/include/dmxp/tools/arg_cursor.hpp): flags, the three
// spellings of an option's value, what a missing value says, options versus negative numbers.
#include <gtest/gtest.h>

#include "dmxp/tools/arg_cursor.hpp"

namespace {

using dmxp::tools::ArgCursor;
using dmxp::tools::MissingValue;

TEST(ArgCursor, FlagsValuesAndPositionalsInOrder) {
  ArgCursor a({"--once", "-n", "5", "--rate=2", "topic"});
  std::string n, rate;
  EXPECT_FALSE(a.flag("--twice"));
  EXPECT_TRUE(a.flag("--once"));
  EXPECT_FALSE(a.value("--rate", &rate));  // not the next argument
  EXPECT_TRUE(a.value("-n", &n));
  EXPECT_EQ(n, "5");
  EXPECT_TRUE(a.value("--rate", &rate));
  EXPECT_EQ(rate, "2");
  EXPECT_EQ(a.remaining(), 1u);
  EXPECT_EQ(a.peek(), "topic");
  EXPECT_EQ(a.take(), "topic");
  EXPECT_TRUE(a.done());
  EXPECT_FALSE(a.flag("--once"));
  EXPECT_FALSE(a.value("-n", &n));
}

TEST(ArgCursor, AnEmptyValueAfterEqualsIsAValue) {
  ArgCursor a({"--domain="});
  std::string d = "unset";
  EXPECT_TRUE(a.value("--domain", &d));
  EXPECT_EQ(d, "");
}

TEST(ArgCursor, APrefixIsNotTheOption) {
  ArgCursor a({"--rates=2", "--rate"});
  std::string v;
  EXPECT_FALSE(a.value("--rate", &v));
  EXPECT_FALSE(a.flag("--rate"));
}

TEST(ArgCursor, AttachedShortValuesOnlyWhenTheToolAllowsThem) {
  std::string v;
  ArgCursor plain({"-Ifoo"});
  EXPECT_FALSE(plain.value("-I", &v));
  ArgCursor attached({"-Ifoo", "-I=bar", "--langcpp"}, {.attached_short_values = true});
  EXPECT_TRUE(attached.value("-I", &v));
  EXPECT_EQ(v, "foo");
  EXPECT_TRUE(attached.value("-I", &v));
  EXPECT_EQ(v, "bar");
  EXPECT_FALSE(attached.value("--lang", &v));  // long options never take attached values
}

TEST(ArgCursor, AMissingValueNamesTheOptionAndWhatItNeeds) {
  std::string v;
  ArgCursor a({"-n"});
  try {
    a.value("-n", &v);
    FAIL() << "no exception";
  } catch (const MissingValue& e) {
    EXPECT_STREQ(e.what(), "-n needs a value");
    EXPECT_EQ(e.option(), "-n");
  }
  ArgCursor b({"--run-time"});
  try {
    b.value("--run-time", &v, "a positive number of seconds");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {  // what the CLI's verbs catch
    EXPECT_STREQ(e.what(), "--run-time needs a positive number of seconds");
  }
}

TEST(ArgCursor, NegativeNumbersAreNotOptions) {
  ArgCursor a({"-5", "-x", "--y", "-", "z"});
  EXPECT_FALSE(a.at_option());
  a.take();
  EXPECT_TRUE(a.at_option());
  a.take();
  EXPECT_TRUE(a.at_option());
  a.take();
  EXPECT_FALSE(a.at_option());  // "-" alone: standard input, a positional
  a.take();
  EXPECT_FALSE(a.at_option());
  a.take();
  EXPECT_FALSE(a.at_option());  // done
}

TEST(ArgCursor, ArgvSkipsTheProgramName) {
  char prog[] = "dmxp", check[] = "--check";
  char* argv[] = {prog, check, nullptr};
  ArgCursor a(2, argv);
  EXPECT_EQ(a.remaining(), 1u);
  EXPECT_TRUE(a.flag("--check"));
  ArgCursor none(0, argv);
  EXPECT_TRUE(none.done());
}

}  // namespace
