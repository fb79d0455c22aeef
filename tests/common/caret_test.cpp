// The caret printer (tools/common/include/dmxp/tools/caret.hpp) in the two styles its users
// print: dmxp-msgc's (source line flush left, a caret and tildes under the span) and
// dmxp-launch's (indented by two, one caret).
#include <gtest/gtest.h>

#include "dmxp/tools/caret.hpp"

namespace {

using dmxp::tools::CaretDiagnostic;
using dmxp::tools::format_caret;

CaretDiagnostic at(std::string_view path, uint32_t line, uint32_t col, std::string_view message,
                   std::optional<std::string_view> source = std::nullopt) {
  CaretDiagnostic d;
  d.path = path;
  d.line = line;
  d.col = col;
  d.message = message;
  d.source = source;
  return d;
}

TEST(Caret, MsgcStyleUnderlinesTheSpan) {
  CaretDiagnostic d = at("demo/msg/Bad.msg", 3, 1, "unknown type 'Pointt'", "Pointt position");
  d.length = 6;
  EXPECT_EQ(format_caret(d),
            "demo/msg/Bad.msg:3:1: error: unknown type 'Pointt'\n"
            "Pointt position\n"
            "^~~~~~\n");
}

TEST(Caret, LaunchStyleIndentsTheSourceAndTheCaret) {
  CaretDiagnostic d = at("robot.yaml", 12, 5, "unknown key 'namepsace'", "    namepsace: /robot");
  d.indent = "  ";
  EXPECT_EQ(format_caret(d),
            "robot.yaml:12:5: error: unknown key 'namepsace'\n"
            "      namepsace: /robot\n"
            "      ^\n");
}

TEST(Caret, TabsBeforeTheColumnStayTabs) {
  EXPECT_EQ(format_caret(at("f", 1, 4, "m", "\t\tx y")), "f:1:4: error: m\n\t\tx y\n\t\t ^\n");
}

TEST(Caret, AColumnPastTheEndOfTheLineStopsAtItsEnd) {
  EXPECT_EQ(format_caret(at("f", 2, 9, "m", "ab")), "f:2:9: error: m\nab\n  ^\n");
}

TEST(Caret, AnEmptySourceLineStillGetsItsCaret) {
  EXPECT_EQ(format_caret(at("f", 5, 1, "m", "")), "f:5:1: error: m\n\n^\n");
}

TEST(Caret, WithoutSourceOnlyTheHeading) {
  EXPECT_EQ(format_caret(at("g.yaml", 4, 2, "m")), "g.yaml:4:2: error: m\n");
  EXPECT_EQ(format_caret(at("g.yaml", 0, 0, "cannot read")), "g.yaml: error: cannot read\n");
  EXPECT_EQ(format_caret(at("", 0, 0, "no input")), "error: no input\n");
  CaretDiagnostic note = at("p", 1, 1, "here");
  note.severity = "note";
  EXPECT_EQ(format_caret(note), "p:1:1: note: here\n");
}

}  // namespace
