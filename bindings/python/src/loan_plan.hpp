// loan_plan.hpp - how a typed slot is initialised before Python fills it, and the scalar
// fields `pub.publish(field=value)` writes. Both are computed once per message class by
// dmxp/_loans.py from the class's layout descriptor and DEFAULTS.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

namespace dmxp::py {

// C++ T(dmxp::msg::skip_init) semantics: zero every byte but the storage of bounded strings
// and sequences, then write the defaults.
struct LoanPlan {
  std::vector<std::pair<uint32_t, uint32_t>> zero;         // offset, length
  std::vector<std::pair<uint32_t, std::string>> defaults;  // offset, bytes
  static LoanPlan of(const pybind11::handle& msg_type);
  void apply(void* slot) const;           // a loan
  void apply_defaults(void* slot) const;  // over a zeroed message (C++ T())
};

// A top-level scalar field of a message type: where it is and how it is stored.
struct ScalarField {
  uint32_t offset;
  char kind;  // 'b' bool, 'i' signed, 'u' unsigned, 'f' floating (numpy's kind codes)
  uint32_t size;
};
using ScalarFields = std::unordered_map<std::string, ScalarField>;
ScalarFields scalar_fields_of(const pybind11::handle& msg_type);
// Stores value into the field at slot + f.offset; raises InvalidArgumentError naming the field
// for a value of the wrong kind or out of range.
void store_scalar(void* slot, const ScalarField& f, const std::string& name, const pybind11::handle& value);

}  // namespace dmxp::py
