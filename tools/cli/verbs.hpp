// verbs.hpp - the verb groups of the dmxp tool; each returns the process exit code
// (0 success, 1 failure with a one-line "dmxp: ..." on stderr, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace dmxp::cli {

struct GlobalOptions {
  std::string domain;  // empty: $DMXP_DOMAIN or "default"
  bool json = false;
};

using Args = std::vector<std::string>;

int channel_verbs(const GlobalOptions& global, const Args& args);
int topic_verbs(const GlobalOptions& global, const Args& args);  // list info type find, dispatch
int topic_echo(const GlobalOptions& global, const Args& args);
int topic_hz(const GlobalOptions& global, const Args& args);
int topic_bw(const GlobalOptions& global, const Args& args);
int topic_delay(const GlobalOptions& global, const Args& args);
int topic_pub(const GlobalOptions& global, const Args& args);
int node_verbs(const GlobalOptions& global, const Args& args);
int param_verbs(const GlobalOptions& global, const Args& args);
int doctor(const GlobalOptions& global, const Args& args);
int record(const GlobalOptions& global, const Args& args);
int play(const GlobalOptions& global, const Args& args);
int bag_verbs(const GlobalOptions& global, const Args& args);
int pkg_verbs(const GlobalOptions& global, const Args& args);  // create
int lifecycle_verbs(const GlobalOptions& global, const Args& args);  // nodes get list set
int component_verbs(const GlobalOptions& global, const Args& args);  // list load unload types
int action_verbs(const GlobalOptions& global, const Args& args);  // list info, dispatch
int action_send_goal(const GlobalOptions& global, const Args& args);
int tf_verbs(const GlobalOptions& global, const Args& args);  // a tf verb other than echo and tree
int tf_echo(const GlobalOptions& global, const Args& args);  // tf echo <target> <source>
int tf_tree(const GlobalOptions& global, const Args& args);

}  // namespace dmxp::cli
