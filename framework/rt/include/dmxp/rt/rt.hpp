// rt.hpp - the node runtime in one include (docs/nodes.md).
#pragma once

#include "dmxp/rt/arguments.hpp"
#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/component.hpp"
#include "dmxp/rt/events.hpp"
#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/generic.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/lifecycle.hpp"
#include "dmxp/rt/lifecycle_client.hpp"
#include "dmxp/rt/names.hpp"
#include "dmxp/rt/node.hpp"
#include "dmxp/rt/node_options.hpp"
#include "dmxp/rt/parameter_client.hpp"
#include "dmxp/rt/parameters.hpp"
#include "dmxp/rt/publisher.hpp"
#include "dmxp/rt/qos.hpp"
#include "dmxp/rt/service.hpp"
#include "dmxp/rt/subscription.hpp"
#include "dmxp/rt/timer.hpp"

// The main names, as the issue spells them: dmxp::Node, dmxp::Publisher<T>, ...
namespace dmxp {
using rt::Executor;
using rt::LifecycleNode;
using rt::LifecyclePublisher;
using rt::MultiThreadedExecutor;
using rt::Node;
using rt::NodeOptions;
using rt::Publisher;
using rt::QoS;
using rt::SingleThreadedExecutor;
using rt::Subscription;
using rt::Timer;
}  // namespace dmxp
