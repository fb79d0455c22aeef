// The Python emitter: a numpy structured dtype per type with the exact offsets of the fixed
// layout, for zero-copy access to a received slot:
//
//   from geometry_msgs.msg import PoseStamped, text
//   v = PoseStamped.view(slot_memory)          # 0-d structured array over the slot
//   v["pose"]["position"]["x"], text(v["header"]["frame_id"])
//
// Files: python/<pkg>/__init__.py, python/<pkg>/msg/__init__.py (imports each type lazily
// and holds the helpers for strings and sequences), python/<pkg>/msg/_<Type>.py (the parts of
// services and actions too), python/<pkg>/action/__init__.py when the package has actions.
#include <set>

#include "../descriptor.hpp"
#include "../literals.hpp"
#include "../values.hpp"
#include "common.hpp"
#include "emitter.hpp"
#include "python_defaults.hpp"

namespace dmxp::msgc {
namespace {

std::string module_path(const model::Message& m) {
  return "python/" + m.package + "/msg/_" + m.name + ".py";
}

std::string alias(const model::Message& m) { return "_" + m.package + "_" + m.name; }

std::string container_dtype(const std::string& data_format, uint64_t data_offset, uint64_t size) {
  return "_np.dtype({\"names\": [\"size\", \"data\"], \"formats\": [\"<u4\", " + data_format +
         "], \"offsets\": [0, " + std::to_string(data_offset) + "], \"itemsize\": " +
         std::to_string(size) + "})";
}

std::string element_dtype(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return "\"" + std::string(info(e.prim).numpy) + "\"";
    case model::ElemKind::String:
      return container_dtype("(\"u1\", (" + std::to_string(e.string_capacity) + ",))", 4, e.size);
    case model::ElemKind::Message: return alias(*e.message) + ".DTYPE";
  }
  return "?";
}

std::string field_dtype(const model::Field& f) {
  std::string el = element_dtype(f.elem);
  switch (f.array) {
    case model::ArrayKind::None: return el;
    case model::ArrayKind::Fixed: return "(" + el + ", (" + std::to_string(f.count) + ",))";
    case model::ArrayKind::Bounded:
      return container_dtype("(" + el + ", (" + std::to_string(f.count) + ",))", f.data_offset, f.size);
  }
  return "?";
}

std::string py_value(const model::Value& v) {
  switch (v.kind) {
    case model::Value::Kind::Bool: return v.b ? "True" : "False";
    case model::Value::Kind::String: return quote(v.s, Quoting::Python);
    default: return number_text(v);
  }
}

std::string module(const model::Message& m) {
  std::string s = "# " + generated_note(m) + "\n";
  s += "\"\"\"" + m.full_name() + ": " + std::to_string(m.size) + " bytes, alignment " +
       std::to_string(m.align) + ", little-endian.\"\"\"\n\nimport numpy as _np\n";
  std::set<std::string> imports;
  for (const model::Message* u : m.uses)
    imports.insert("from " + u->package + ".msg._" + u->name + " import " + u->name + " as " + alias(*u));
  for (const std::string& i : imports) s += i + "\n";
  s += "\n\nclass " + m.name + ":\n";
  std::string doc;  // inside a triple-quoted string: backslashes and quotes escaped
  for (char c : m.doc.empty() ? m.full_name() : m.doc) {
    if (c == '\\' || c == '"') doc += '\\';
    doc += c;
  }
  s += "    \"\"\"" + prefixed_lines(doc + "\n\nLayout:\n" + layout_table(m), "    ").substr(4);
  while (s.back() == '\n' || s.back() == ' ') s.pop_back();
  s += "\n    \"\"\"\n\n";
  s += "    TYPE_NAME = \"" + m.full_name() + "\"\n";
  s += "    FINGERPRINT = " + fingerprint_hex(m.fingerprint) + "\n";
  s += "    SCHEMA = " + quote(m.schema, Quoting::Python) + "\n";
  s += "    DESCRIPTOR = " + quote(descriptor_json(m), Quoting::Python) + "\n";
  for (const model::Constant& c : m.constants) s += "    " + c.name + " = " + py_value(c.value) + "\n";
  s += "    # The field defaults (nested messages' too) as (offset, bytes): what a loan writes over\n"
       "    # the zeroed fields, as C++ T(dmxp::msg::skip_init) does.\n"
       "    DEFAULTS = " + python::defaults_tuple(m) + "\n";
  std::string names, formats, offsets;
  for (const model::Field& f : m.fields) {
    names += std::string(names.empty() ? "" : ", ") + "\"" + f.name + "\"";
    formats += "            " + field_dtype(f) + ",\n";
    offsets += (offsets.empty() ? "" : ", ") + std::to_string(f.offset);
  }
  s += "    DTYPE = _np.dtype({\n        \"names\": [" + names + "],\n        \"formats\": [" +
       (formats.empty() ? "" : "\n" + formats + "        ") + "],\n        \"offsets\": [" + offsets +
       "],\n        \"itemsize\": " + std::to_string(m.size) + ",\n    })\n\n";
  s += "    @classmethod\n"
       "    def view(cls, buffer, offset=0):\n"
       "        \"\"\"A zero-copy view of one message in buffer (bytes, bytearray, memoryview,\n"
       "        mmap or numpy array): a 0-d structured array, writable when buffer is.\"\"\"\n"
       "        return _np.ndarray((), dtype=cls.DTYPE, buffer=buffer, offset=offset)\n\n"
       "    @classmethod\n"
       "    def zeros(cls):\n"
       "        \"\"\"A new message with every byte zero (C++ defaults are not applied).\"\"\"\n"
       "        return _np.zeros((), dtype=cls.DTYPE)\n";
  return s;
}

constexpr const char* kPackageInit = R"PY(# Generated by dmxp-msgc. Do not edit.
"""Message types of this package: `from <package>.msg import <Type>` imports the type's
module on first use. text/set_text and items/set_items read and write the bounded strings and
sequences of a view (their size is clamped to the capacity when read)."""

import importlib as _importlib

import numpy as _np


def __getattr__(name):
    try:
        module = _importlib.import_module(__name__ + "._" + name)
    except ModuleNotFoundError as e:
        if e.name != __name__ + "._" + name:
            raise
        raise AttributeError(f"module {__name__!r} has no message type {name!r}") from None
    return getattr(module, name)


def items(view):
    """The elements in use of a bounded sequence field (a view, not a copy)."""
    data = view["data"]
    return data[: min(int(view["size"]), data.shape[0])]


def text(view):
    """A bounded string field as str (UTF-8, invalid bytes replaced)."""
    return bytes(items(view)).decode("utf-8", "replace")


def set_items(view, values):
    """Writes values into a bounded sequence field; ValueError when they do not fit."""
    values = _np.asarray(values)
    capacity = view["data"].shape[0]
    if len(values) > capacity:
        raise ValueError(f"{len(values)} elements exceed the field's capacity of {capacity}")
    view["data"][: len(values)] = values
    view["size"] = len(values)


def set_text(view, value):
    """Writes a str (as UTF-8) or bytes into a bounded string field; ValueError when too long."""
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    set_items(view, _np.frombuffer(data, dtype=_np.uint8))
)PY";

// An action's types are messages like any other (<pkg>.msg.<Action>_Goal, ...); the package's
// action module bundles them as ROS 2 does: `from <pkg>.action import Fibonacci`, then
// Fibonacci.Goal, Fibonacci.Impl.SendGoalService.Request, ...
constexpr const char* kActionInit = R"PY(# Generated by dmxp-msgc. Do not edit.
"""Actions of this package: `from <package>.action import <Action>` gives a class whose Goal,
Result and Feedback are the message types of <Action>.action, and whose Impl holds the types
that carry them (SendGoalService, GetResultService with .Request/.Response, FeedbackMessage),
as in ROS 2. The dmxp action server and client take this class (docs/actions.md)."""

import importlib as _importlib

_msg = _importlib.import_module(__name__.rsplit(".", 1)[0] + ".msg")
_actions = {}


def _service(name, request, response):
    return type(name, (), {"Request": request, "Response": response,
                           "TYPE_NAME": request.TYPE_NAME[: -len("_Request")]})


def __getattr__(name):
    if name in _actions:
        return _actions[name]
    try:
        goal = getattr(_msg, name + "_Goal")
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no action {name!r}") from None
    part = lambda suffix: getattr(_msg, name + suffix)  # noqa: E731
    impl = type("Impl", (), {
        "SendGoalService": _service(name + "_SendGoal", part("_SendGoal_Request"), part("_SendGoal_Response")),
        "GetResultService": _service(name + "_GetResult", part("_GetResult_Request"), part("_GetResult_Response")),
        "FeedbackMessage": part("_FeedbackMessage"),
    })
    action = type(name, (), {"Goal": goal, "Result": part("_Result"), "Feedback": part("_Feedback"),
                             "Impl": impl, "TYPE_NAME": goal.TYPE_NAME[: -len("_Goal")]})
    _actions[name] = action
    return action
)PY";

std::vector<GeneratedFile> emit(const model::Message& m) {
  std::vector<GeneratedFile> out{
      {"python/" + m.package + "/__init__.py", "# Generated by dmxp-msgc. Do not edit.\n"},
      {"python/" + m.package + "/msg/__init__.py", kPackageInit},
      {module_path(m), module(m)}};
  if (!m.action.empty()) out.push_back({"python/" + m.package + "/action/__init__.py", kActionInit});
  return out;
}

std::vector<std::string> outputs(const model::Message& m) {
  std::vector<std::string> out;
  for (const GeneratedFile& f : emit(m)) out.push_back(f.path);
  return out;
}

}  // namespace

extern const Emitter kPythonEmitter{"python", "Python: numpy structured dtypes (python/<pkg>/msg/_<Type>.py)",
                                    outputs, emit};

}  // namespace dmxp::msgc
