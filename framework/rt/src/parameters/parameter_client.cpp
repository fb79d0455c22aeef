#include "dmxp/rt/parameter_client.hpp"

#include "parameters/parameter_service.hpp"

namespace dmxp::rt {

using dmxp_rt_msgs::msg::ParameterEntry;
using dmxp_rt_msgs::msg::ParameterRequest;
using dmxp_rt_msgs::msg::ParameterResponse;

struct ParameterClient::Impl {
  std::string target;
  Result<Client<ParameterRequest, ParameterResponse>> client;
  // Requests and responses are large-ish (kilobytes): keep them off the stack.
  std::unique_ptr<ParameterRequest> req = std::make_unique<ParameterRequest>();
  std::unique_ptr<ParameterResponse> res = std::make_unique<ParameterResponse>();

  Status call(std::chrono::nanoseconds timeout) {
    if (!client) return client.error();
    return client.value().call(*req, timeout, [&](const ParameterResponse& r) { *res = r; });
  }
  Error refused() const {
    std::string reason = res->reason.str();
    int code = reason.find("not declared") != std::string::npos ? DMXP_ERR_NOT_FOUND
                                                                 : DMXP_ERR_INVALID_ARGUMENT;
    return Error(code, "node '" + target + "': " + reason);
  }
};

namespace {

Result<RemoteParameter> to_remote(const ParameterEntry& e) {
  Result<ParameterValue> v = ParameterValue::from_yaml(e.value.view());
  if (!v) return v.error();
  RemoteParameter p{e.name.str(), e.type.str(), v.value(), e.description.str(), e.read_only};
  // YAML text alone would read "[]" or "3" back as another type than declared.
  if (p.type == "double" && v.value().type() == ParameterType::Integer)
    p.value = ParameterValue(v.value().get<double>());
  return p;
}

}  // namespace

ParameterClient::ParameterClient(Node& node, const std::string& target)
    : impl_(new Impl{target, node.create_client<ParameterRequest, ParameterResponse>(
                                 target + "/_parameters", ClientOptions{4})}) {}

ParameterClient::~ParameterClient() = default;

bool ParameterClient::wait_for_service(std::chrono::nanoseconds timeout) {
  return impl_->client && impl_->client.value().wait_for_service(timeout);
}

Result<ParameterValue> ParameterClient::get(const std::string& name, std::chrono::nanoseconds timeout) {
  *impl_->req = ParameterRequest();
  impl_->req->op = ParameterRequest::GET;
  if (!impl_->req->name.try_assign(name))
    return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter name '" + name + "' is too long");
  if (Status s = impl_->call(timeout); !s) return s.error();
  if (!impl_->res->successful || impl_->res->entries.size() == 0) return impl_->refused();
  Result<RemoteParameter> p = to_remote(impl_->res->entries[0]);
  if (!p) return p.error();
  return p.value().value;
}

Status ParameterClient::set(const std::string& name, const ParameterValue& value,
                            std::chrono::nanoseconds timeout) {
  *impl_->req = ParameterRequest();
  impl_->req->op = ParameterRequest::SET;
  if (!impl_->req->name.try_assign(name) || !impl_->req->value.try_assign(value.to_yaml()))
    return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter '" + name + "': name or value too long");
  if (Status s = impl_->call(timeout); !s) return s;
  if (!impl_->res->successful) return impl_->refused();
  return Unit{};
}

Result<std::vector<RemoteParameter>> ParameterClient::list(std::chrono::nanoseconds timeout) {
  std::vector<RemoteParameter> out;
  for (uint32_t offset = 0;;) {
    *impl_->req = ParameterRequest();
    impl_->req->op = ParameterRequest::LIST;
    impl_->req->offset = offset;
    if (Status s = impl_->call(timeout); !s) return s.error();
    if (!impl_->res->successful) return impl_->refused();
    for (const ParameterEntry& e : impl_->res->entries) {
      Result<RemoteParameter> p = to_remote(e);
      if (!p) return p.error();
      out.push_back(std::move(p).value());
    }
    offset += impl_->res->entries.size();
    if (impl_->res->entries.size() == 0 || offset >= impl_->res->total) return out;
  }
}

}  // namespace dmxp::rt
