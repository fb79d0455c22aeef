// resolver.hpp - turns parsed declarations (ast.hpp) into laid-out types (model.hpp):
// resolves type names (primitives; `time`, `duration` and a bare `Header` as in ROS 1; same
// package first for unqualified names), loads the types they use through the Loader, rejects
// recursion, gives every unbounded array and string its capacity, checks constants and
// defaults against their types, and computes layout, schema and fingerprint.
// Capacities: capacities.hpp.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capacities.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"
#include "model.hpp"

namespace dmxp::msgc {

class Resolver {
 public:
  Resolver(Loader& loader, CapacityDefaults defaults, Diagnostics& diags)
      : loader_(loader), defaults_(defaults), diags_(diags) {}

  // The laid-out type, or nullptr when it or a type it uses has errors (all reported).
  const model::Message* resolve(const Loader::Entry& e);
  // Tells the two resolved parts of a service about each other (model::Message::service_*).
  void link_service_parts(const model::Message* request, const model::Message* response);

 private:
  std::optional<model::Element> element(const ast::TypeSpec& t, const Loader::Entry& e);
  // The message type package/name that a field of `user` holds.
  const model::Message* nested(const std::string& package, const std::string& name,
                               const ast::TypeSpec& t, const Loader::Entry& user);
  bool field(const ast::FieldDecl& d, const Loader::Entry& e, model::Field& out);
  bool capacities(const ast::FieldDecl& d, const Loader::Entry& e, model::Field& out);
  bool defaults(const ast::FieldDecl& d, model::Field& out);
  bool constant(const ast::ConstantDecl& d, const Loader::Entry& e, model::Constant& out);
  bool lay_out(const ast::MessageDecl& d, model::Message& m);

  Loader& loader_;
  CapacityDefaults defaults_;
  Diagnostics& diags_;
  std::map<std::string, std::unique_ptr<model::Message>> done_;
  std::set<std::string> failed_;
  std::vector<std::string> stack_;  // types being resolved, outermost first
};

}  // namespace dmxp::msgc
