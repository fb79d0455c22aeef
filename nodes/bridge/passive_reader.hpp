// passive_reader.hpp - an executor entity that reads a topic's channel as a passive consumer
// (dmxp_consumer_options::passive): it never holds a RELIABLE publisher back, and when a
// publisher overwrites what it has not read, it skips ahead and counts the loss. Because a
// publisher may overwrite a slot while it is being read, a sink first reads (copies or
// encodes) the message, and only after the release confirms the slot was untouched is the
// result used.
//
// It registers as a subscription of the topic in the graph (so `dmxp topic info` and
// `dmxp node info` list the bridge). Who drains it is the opener's choice: the node's executor
// (executor_wakes: it sleeps on the channel like any subscription, so while it sleeps every
// message costs its publisher a futex wake), or an ExportPoller (export_poller.hpp), which
// polls it without ever registering as a sleeper, so publishers make no syscall for it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dmxp/dmxp.h"
#include "dmxp/rt/node.hpp"

namespace dmxp_bridge {

class PassiveSink {
 public:
  virtual ~PassiveSink() = default;
  // Take what is needed from the slot (valid during the call only).
  virtual void read(const dmxp_message& m) = 0;
  // After read(): the slot was not overwritten while it was read; use the result.
  virtual void confirmed() = 0;
  // The reader lost `count` messages (overwritten unread, or torn while read).
  virtual void lost(uint64_t count) = 0;
  // The end of a drain: send what the confirmed messages left pending.
  virtual void flush() = 0;
};

class PassiveReader final : public dmxp::rt::Entity {
 public:
  // topic: a resolved topic name; its channel must exist. Registers and adds the entity.
  static dmxp::Result<std::shared_ptr<PassiveReader>> open(dmxp::rt::Node& node, const std::string& topic,
                                                          const std::string& type_name,
                                                          uint64_t fingerprint,
                                                          const dmxp::rt::QoS& qos,
                                                          std::unique_ptr<PassiveSink> sink,
                                                          bool executor_wakes);
  PassiveReader(std::shared_ptr<dmxp::rt::NodeCore> node, dmxp_consumer* c, std::unique_ptr<PassiveSink> sink,
                bool executor_wakes)
      : Entity(std::move(node)), consumer_(c), sink_(std::move(sink)), executor_wakes_(executor_wakes) {}
  ~PassiveReader() override;

  // What the executor waits on: nothing when an ExportPoller drains this reader.
  dmxp_consumer* consumer() const override { return executor_wakes_ ? consumer_ : nullptr; }
  // The channel's consumer, for a poller that sleeps on it after a long quiet spell.
  dmxp_consumer* channel_consumer() const { return consumer_; }
  // Reads up to max messages into the sink; returns how many. One thread at a time; nothing
  // once detached.
  size_t drain(size_t max) override;

 protected:
  void on_detach() override;

 private:
  dmxp_consumer* consumer_;
  std::unique_ptr<PassiveSink> sink_;
  const bool executor_wakes_;
  uint64_t reported_lost_ = 0;
  dmxp::rt::GraphRegistry::Handle graph_;
};

}  // namespace dmxp_bridge
