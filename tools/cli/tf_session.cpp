#include "tf_session.hpp"

#include <unistd.h>

#include <thread>

#include "dmxp/rt/rt.hpp"
#include "dmxp/tf/transform_listener.hpp"

namespace dmxp::cli {

struct TfSession::Impl {
  explicit Impl(const std::string& domain, const std::string& name)
      : node(name + "_" + std::to_string(getpid()),
             rt::NodeOptions().domain(domain).start_parameter_services(false).use_global_arguments(false)),
        listener(node, buffer),
        executor(options()) {
    executor.add_node(node);
    spinner = std::thread([this] { executor.spin(); });
  }
  ~Impl() {
    executor.cancel();
    spinner.join();
  }
  static rt::ExecutorOptions options() {
    rt::ExecutorOptions o;
    o.handle_signals = false;  // the verb's loop polls stop_requested() (output.hpp)
    return o;
  }

  rt::Node node;
  tf::Buffer buffer;
  tf::TransformListener listener;
  rt::Executor executor;
  std::thread spinner;
};

TfSession::TfSession(const std::string& domain, const std::string& node_name)
    : impl_(std::make_unique<Impl>(domain, node_name)) {}

TfSession::~TfSession() = default;

const tf::Buffer& TfSession::buffer() const { return impl_->buffer; }

}  // namespace dmxp::cli
