#include "parameters/parameter_service.hpp"

namespace dmxp::rt::detail {

using dmxp_rt_msgs::msg::ParameterEntry;
using dmxp_rt_msgs::msg::ParameterRequest;
using dmxp_rt_msgs::msg::ParameterResponse;

bool fill_entry(ParameterEntry& e, const ParameterInfo& info) {
  return e.name.try_assign(info.name) && e.type.try_assign(to_string(info.value.type())) &&
         e.value.try_assign(info.value.to_yaml()) &&
         e.description.try_assign(info.descriptor.description.substr(0, e.description.capacity())) &&
         (e.read_only = info.descriptor.read_only, true);
}

namespace {

void refuse(ParameterResponse& res, const std::string& why) {
  res.successful = false;
  (void)res.reason.try_assign(why.substr(0, res.reason.capacity()));  // cut to fit
}

void get(ParameterStore& store, const ParameterRequest& req, ParameterResponse& res) {
  std::optional<ParameterInfo> info = store.describe(req.name.str());
  if (!info) return refuse(res, "parameter '" + req.name.str() + "' is not declared");
  res.entries.resize(1);
  if (!fill_entry(res.entries[0], *info)) return refuse(res, "value too long for the service");
  res.successful = true;
  res.total = 1;
}

void set(ParameterStore& store, const ParameterRequest& req, ParameterResponse& res) {
  Result<ParameterValue> v = ParameterValue::from_yaml(req.value.view());
  if (!v) return refuse(res, v.error().what());
  SetParametersResult r = store.set(Parameter{req.name.str(), v.value()});
  if (!r.successful) return refuse(res, r.reason);
  get(store, req, res);
}

void list(ParameterStore& store, const ParameterRequest& req, ParameterResponse& res) {
  std::vector<ParameterInfo> all = store.list();
  res.total = uint32_t(all.size());
  for (size_t i = req.offset; i < all.size() && res.entries.size() < kParameterPage; ++i) {
    res.entries.resize(res.entries.size() + 1);
    if (!fill_entry(res.entries[res.entries.size() - 1], all[i]))
      return refuse(res, "parameter '" + all[i].name + "' is too long for the service");
  }
  res.successful = true;
}

}  // namespace

Result<Service<ParameterRequest, ParameterResponse>> start_parameter_service(Node& node) {
  ParameterStore* store = &node.parameters();
  // Parameter traffic is a few calls at a time, and responses are 23 KB: small rings keep
  // each node's two service channels near 100 KB of /dev/shm.
  ServiceOptions o;
  o.queue_depth = 4;
  o.response_depth = 4;
  return node.create_service<ParameterRequest, ParameterResponse>(
      kParameterService,
      [store](const ParameterRequest& req, ParameterResponse& res) {
        switch (req.op) {
          case ParameterRequest::GET: return get(*store, req, res);
          case ParameterRequest::SET: return set(*store, req, res);
          case ParameterRequest::LIST: return list(*store, req, res);
          default: return refuse(res, "unknown operation " + std::to_string(req.op));
        }
      },
      o);
}

}  // namespace dmxp::rt::detail
