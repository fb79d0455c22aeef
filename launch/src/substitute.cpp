// Parses substitutions as ROS 2's launch frontend grammar does: `$(name arg arg ...)`, the
// arguments separated by spaces, each either unquoted (no spaces, quotes or parentheses) or
// quoted with ' or " (then spaces and the other quote are plain text); substitutions nest
// inside arguments, quoted or not: $(eval '$(var x) * 2'). Text outside substitutions is
// taken as written.
#include "substitute.hpp"

#include <cstdlib>
#include <fstream>

#include "python_expr.hpp"
#include "search_path.hpp"
#include "split.hpp"

namespace dmxp::launch {
namespace {

// An argument's text and, for each character, its offset in the scalar's text (a character
// a nested substitution produced: the offset of that substitution), so an error in an
// $(eval) expression points at its place in the file.
struct Traced {
  std::string text;
  std::vector<size_t> from;
  void add(const std::string& s, size_t at) {
    text += s;
    from.insert(from.end(), s.size(), at);
  }
};

class Substituter {
 public:
  Substituter(const Scalar& s, const SubstitutionContext& ctx, Diagnostics& diags) : s_(s), t_(s.text), ctx_(ctx), diags_(diags) {}

  std::optional<std::string> run() {
    std::string out;
    size_t i = 0;
    while (i < t_.size()) {
      if (t_.compare(i, 2, "$(") == 0) {
        auto v = substitution(i);
        if (!v) return std::nullopt;
        out += *v;
      } else {
        out += t_[i++];
      }
    }
    return out;
  }

 private:
  // At "$(": the value of the substitution; `i` moves past its ')'.
  std::optional<std::string> substitution(size_t& i) {
    size_t start = i;
    // Nested substitutions recurse; a bound keeps hostile input from exhausting the stack.
    if (depth_ >= kMaxDepth) {
      diags_.error(at(start), "substitutions nested more than " + std::to_string(kMaxDepth) + " deep");
      return std::nullopt;
    }
    struct Nesting {
      int& d;
      ~Nesting() { --d; }
    } nesting{++depth_};
    i += 2;
    size_t name_start = i;
    while (i < t_.size() && (std::isalnum((unsigned char)t_[i]) || t_[i] == '_' || t_[i] == '-')) ++i;
    std::string verb = t_.substr(name_start, i - name_start);
    std::vector<Traced> args;
    while (i < t_.size() && t_[i] == ' ') {
      while (i < t_.size() && t_[i] == ' ') ++i;
      if (i < t_.size() && t_[i] == ')') break;
      auto a = argument(i);
      if (!a) return std::nullopt;
      args.push_back(std::move(*a));
    }
    if (i >= t_.size()) {
      diags_.error(s_.mark, "unterminated substitution in '" + t_ + "', expected ')'");
      return std::nullopt;
    }
    if (t_[i] != ')') {
      if (verb.empty() && i == name_start)
        diags_.error(s_.mark, "a substitution needs a name after '$(' in '" + t_ + "', e.g. $(var name)");
      else if (t_[i] == '(')
        diags_.error(at(i), "'(' in an unquoted argument of $(" + verb + " ...); quote the argument: $(" + verb + " '...')");
      else
        diags_.error(at(i), "unexpected '" + std::string(1, t_[i]) + "' in $(" + verb + " ...); arguments are separated by "
                            "spaces, quote one that holds spaces, quotes or parentheses");
      return std::nullopt;
    }
    ++i;
    if (verb.empty()) {
      diags_.error(s_.mark, "empty substitution '$()' in '" + t_ + "'");
      return std::nullopt;
    }
    return perform(verb, args, start);
  }

  // One argument: quoted ('...' or "...") or unquoted, with nested substitutions.
  std::optional<Traced> argument(size_t& i) {
    Traced out;
    char quote = t_[i] == '\'' || t_[i] == '"' ? t_[i] : 0;
    size_t open = i;
    if (quote) ++i;
    while (i < t_.size()) {
      char c = t_[i];
      if (quote ? c == quote : (c == ' ' || c == ')' || c == '(' || c == '\'' || c == '"')) break;
      if (t_.compare(i, 2, "$(") == 0) {
        size_t at = i;
        auto v = substitution(i);
        if (!v) return std::nullopt;
        out.add(*v, at);
      } else {
        out.add(std::string(1, c), i++);
      }
    }
    if (quote) {
      if (i >= t_.size()) {
        diags_.error(at(open), std::string("unterminated quoted argument in '") + t_ + "', expected a closing " + quote);
        return std::nullopt;
      }
      ++i;
    }
    out.from.push_back(i);  // the end, for an error at the end of the text
    return out;
  }

  std::optional<std::string> perform(const std::string& verb, const std::vector<Traced>& args, size_t start) {
    std::vector<std::string> w{verb};
    for (const auto& a : args) w.push_back(a.text);
    if ((verb == "arg" || verb == "var") && w.size() == 2) {
      auto it = ctx_.args->find(w[1]);
      if (it != ctx_.args->end()) return it->second;
      std::string known;
      for (const auto& [k, v] : *ctx_.args) known += (known.empty() ? "" : ", ") + k;
      diags_.error(s_.mark, "unknown argument '" + w[1] + "' in $(" + verb + " " + w[1] +
                                "), declared arguments: " + (known.empty() ? "none" : known));
      return std::nullopt;
    }
    if ((verb == "env" || verb == "optenv") && (w.size() == 2 || w.size() == 3)) {
      if (const char* v = std::getenv(w[1].c_str())) return std::string(v);
      if (w.size() == 3) return w[2];
      if (verb == "optenv") return std::string();
      diags_.error(s_.mark, "environment variable '" + w[1] + "' is not set; set it or give a "
                            "default: $(env " + w[1] + " default)");
      return std::nullopt;
    }
    if (verb == "dirname" && w.size() == 1) return ctx_.dirname;
    if (verb == "find-pkg-share" && w.size() == 2) {
      if (auto dir = find_package_share(w[1])) return *dir;
      diags_.error(s_.mark, "package '" + w[1] + "' not found on the package path (" +
                                join_paths(package_path()) + "); add its directory to DMXP_LAUNCH_PACKAGE_PATH");
      return std::nullopt;
    }
    if (verb == "eval") return eval(args, start);
    diags_.error(s_.mark, "unknown substitution '$(" + verb + "...)', expected $(arg name), "
                          "$(var name), $(env NAME [default]), $(optenv NAME [default]), $(dirname), "
                          "$(find-pkg-share package) or $(eval 'python expression')");
    return std::nullopt;
  }

  // ROS 2's PythonExpression: the expression, and optionally the modules it may use (only
  // math here, which is always there).
  std::optional<std::string> eval(const std::vector<Traced>& args, size_t start) {
    if (args.size() < 1 || args.size() > 2) {
      diags_.error(at(start), "$(eval) takes one expression (and optionally its modules), got " +
                                  std::to_string(args.size()) + " arguments; quote an expression that has "
                                  "spaces: $(eval '1 + 2')");
      return std::nullopt;
    }
    if (args.size() == 2) {
      for (const auto& m : split(args[1].text, ','))
        if (std::string name = trim(m); name != "math") {
          diags_.error(at(args[1].from[0]), "$(eval) with the module '" + name + "': only the math module is available");
          return std::nullopt;
        }
    }
    const Traced& e = args[0];
    auto r = eval_python_expression(e.text);
    if (auto* v = std::get_if<std::string>(&r)) return *v;
    const PyExprError& err = std::get<PyExprError>(r);
    diags_.error(at(e.from[std::min(err.offset, e.from.size() - 1)]),
                 "$(eval) of '" + e.text + "': " + err.message);
    return std::nullopt;
  }

  static std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }

  // The place of offset `o` of the text: its column on the value's line when the value is
  // on one line (a quoted YAML value starts one column after its mark, at the quote).
  Mark at(size_t o) const {
    if (s_.mark.line <= 0 || t_.find('\n') < o) return s_.mark;
    Mark m = s_.mark;
    std::ifstream in(m.file);
    std::string line;
    for (int n = 0; n < m.line && std::getline(in, line); ++n) {
    }
    size_t c = size_t(m.col - 1);
    if (in && c < line.size() && (line[c] == '"' || line[c] == '\'') && line.compare(c + 1, t_.size(), t_) == 0) ++m.col;
    m.col += int(o);
    return m;
  }

  static constexpr int kMaxDepth = 50;
  int depth_ = 0;
  const Scalar& s_;
  const std::string& t_;
  const SubstitutionContext& ctx_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<std::string> substitute(const Scalar& s, const SubstitutionContext& ctx, Diagnostics& diags) {
  return Substituter(s, ctx, diags).run();
}

}  // namespace dmxp::launch
