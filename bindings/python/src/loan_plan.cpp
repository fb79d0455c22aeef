#include "loan_plan.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "errors.hpp"

namespace dmxp::py {
namespace pyb = pybind11;

LoanPlan LoanPlan::of(const pyb::handle& msg_type) {
  pyb::tuple plan = pyb::module_::import("dmxp._loans").attr("loan_plan")(msg_type);
  LoanPlan out;
  for (pyb::handle span : plan[0])
    out.zero.emplace_back(span[pyb::int_(0)].cast<uint32_t>(), span[pyb::int_(1)].cast<uint32_t>());
  for (pyb::handle d : plan[1])
    out.defaults.emplace_back(d[pyb::int_(0)].cast<uint32_t>(), d[pyb::int_(1)].cast<std::string>());
  return out;
}

void LoanPlan::apply(void* slot) const {
  auto* bytes = static_cast<unsigned char*>(slot);
  for (const auto& [offset, length] : zero) std::memset(bytes + offset, 0, length);
  apply_defaults(slot);
}

void LoanPlan::apply_defaults(void* slot) const {
  auto* bytes = static_cast<unsigned char*>(slot);
  for (const auto& [offset, data] : defaults) std::memcpy(bytes + offset, data.data(), data.size());
}

ScalarFields scalar_fields_of(const pyb::handle& msg_type) {
  pyb::dict fields = pyb::module_::import("dmxp._loans").attr("scalar_fields")(msg_type);
  ScalarFields out;
  for (auto [name, f] : fields) {
    pyb::tuple t = pyb::reinterpret_borrow<pyb::tuple>(f);
    out.emplace(name.cast<std::string>(),
                ScalarField{t[0].cast<uint32_t>(), t[1].cast<std::string>().at(0), t[2].cast<uint32_t>()});
  }
  return out;
}

namespace {

template <class T>
void put(void* at, T v) {
  std::memcpy(at, &v, sizeof v);
}

[[noreturn]] void bad_value(const std::string& name, const pyb::handle& value, const char* expected) {
  raise(DMXP_ERR_INVALID_ARGUMENT, "field '" + name + "': " + pyb::repr(value).cast<std::string>() +
                                       " is not " + expected);
}

}  // namespace

void store_scalar(void* slot, const ScalarField& f, const std::string& name, const pyb::handle& value) {
  void* at = static_cast<unsigned char*>(slot) + f.offset;
  if (f.kind == 'f') {
    double d = PyFloat_AsDouble(value.ptr());
    if (d == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      bad_value(name, value, "a number");
    }
    if (f.size == 4) put(at, float(d));
    else put(at, d);
    return;
  }
  if (f.kind == 'b') {
    int truth = PyObject_IsTrue(value.ptr());
    if (truth < 0) throw pyb::error_already_set();
    put(at, uint8_t(truth));
    return;
  }
  // Integers: checked against the field's range (no silent truncation).
  if (!PyLong_Check(value.ptr()) && !PyIndex_Check(value.ptr())) bad_value(name, value, "an integer");
  pyb::int_ i = pyb::reinterpret_steal<pyb::int_>(PyNumber_Index(value.ptr()));
  if (!i) throw pyb::error_already_set();
  int overflow = 0;
  long long s = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  uint64_t u = 0;
  bool fits;
  if (f.kind == 'u') {
    if (overflow > 0) {
      u = PyLong_AsUnsignedLongLong(i.ptr());
      fits = !PyErr_Occurred();
      PyErr_Clear();
    } else {
      fits = overflow == 0 && s >= 0;
      u = uint64_t(s);
    }
    fits = fits && (f.size == 8 || u < (uint64_t(1) << (8 * f.size)));
  } else {
    int64_t lo = f.size == 8 ? std::numeric_limits<int64_t>::min() : -(int64_t(1) << (8 * f.size - 1));
    int64_t hi = f.size == 8 ? std::numeric_limits<int64_t>::max() : (int64_t(1) << (8 * f.size - 1)) - 1;
    fits = overflow == 0 && s >= lo && s <= hi;
    u = uint64_t(s);
  }
  if (!fits)
    raise(DMXP_ERR_INVALID_ARGUMENT, "field '" + name + "': " + pyb::repr(value).cast<std::string>() +
                                         " is out of range for " + (f.kind == 'u' ? "uint" : "int") +
                                         std::to_string(8 * f.size));
  std::memcpy(at, &u, f.size);  // little-endian: the low bytes
}

}  // namespace dmxp::py
