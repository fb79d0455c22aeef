#include "errors.hpp"

namespace dmxp::py {
namespace pyb = pybind11;

void raise(int status, const std::string& message) {
  // dmxp._errors.error_class(status) picks the class; it is pure Python so that the
  // hierarchy (and its docs) live in one readable place.
  pyb::object cls = pyb::module_::import("dmxp._errors").attr("error_class")(status);
  pyb::object exc = cls(message, status);
  PyErr_SetObject(cls.ptr(), exc.ptr());
  throw pyb::error_already_set();
}

void raise_status(int status) {
  const char* detail = dmxp_last_error();
  std::string message = dmxp_strerror(status);
  if (detail && *detail) message += std::string(": ") + detail;
  raise(status, message);
}

void raise_error(const dmxp::Error& e) { raise(e.status(), e.what()); }

}  // namespace dmxp::py
