// tf_session.hpp - what `dmxp tf echo` and `dmxp tf tree` share: a node of their own in the
// domain with a transform buffer filled by a listener on /tf and /tf_static, its executor
// spinning on a background thread while the verb reads the buffer.
#pragma once

#include <memory>
#include <string>

#include "dmxp/tf/buffer.hpp"

namespace dmxp::cli {

class TfSession {
 public:
  // Throws dmxp::Error when the node or the topics cannot be opened.
  TfSession(const std::string& domain, const std::string& node_name);
  ~TfSession();
  TfSession(const TfSession&) = delete;
  TfSession& operator=(const TfSession&) = delete;

  const tf::Buffer& buffer() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmxp::cli
