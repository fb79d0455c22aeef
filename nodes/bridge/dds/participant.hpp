// participant.hpp - the bridge's one DDS participant (Cyclone DDS) and its raw-CDR writers
// and readers. Everything DDS-specific the bridge does goes through here: topics carry the
// raw CDR type (raw_cdr_type.hpp), QoS comes from qos_mapping.hpp, and remote writers are
// discovered through the DCPSPublication built-in topic.
//
// Threading: create_* and poll_publications are called from one thread (the bridge node's);
// a RawWriter's write() may be called from any one thread at a time; a RawReader's callback
// runs on a Cyclone receive thread, never twice at once for one reader, and never after the
// reader is destroyed (Cyclone's dds_delete waits for a running listener).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/qos.hpp"

struct ddsi_sertype;

namespace dmxp_bridge::dds {

using Guid = std::array<uint8_t, 16>;  // DDSI GUID: 12-byte prefix, 4-byte entity id
std::string to_string(const Guid& g);

class RawWriter {
 public:
  RawWriter(int32_t writer, const ddsi_sertype* type, Guid guid)
      : writer_(writer), type_(type), guid_(guid) {}
  ~RawWriter();
  RawWriter(const RawWriter&) = delete;
  RawWriter& operator=(const RawWriter&) = delete;

  // cdr: a whole serialized message, encapsulation header included. Sent at once.
  dmxp::Status write(std::span<const std::byte> cdr);
  // The same, but the message may wait in the writer's packet until flush() (or until the
  // packet is full): a burst then goes out in a few datagrams, not one syscall per message.
  dmxp::Status write_batched(std::span<const std::byte> cdr);
  // Sends what write_batched() left in the writer's packet.
  void flush();
  // Whether any DDS reader matches this writer now.
  bool has_readers() const;
  const Guid& guid() const { return guid_; }

 private:
  int32_t writer_;
  const ddsi_sertype* type_;
  Guid guid_;
};

class RawReader {
 public:
  // cdr: one sample, encapsulation header included; valid during the call only.
  using Callback = std::function<void(std::span<const std::byte> cdr)>;
  explicit RawReader(Callback cb) : callback_(std::move(cb)) {}
  ~RawReader();
  RawReader(const RawReader&) = delete;
  RawReader& operator=(const RawReader&) = delete;
  const Guid& guid() const { return guid_; }

  // Takes what the reader holds and calls the callback for each sample (listener entry).
  static void on_data_available(int32_t reader, void* self);
  // Called once by Participant::create_reader, when the DDS reader exists.
  void attach(int32_t reader, const Guid& guid) {
    reader_ = reader;
    guid_ = guid;
  }

 private:
  int32_t reader_ = 0;
  Guid guid_{};
  Callback callback_;
};

// A writer of another participant, as discovery reported it.
struct RemoteWriter {
  Guid guid, participant;
  std::string topic, type, user_data;
  dmxp::rt::QoS qos;
};

class Participant {
 public:
  // A participant in DDS domain domain_id (ROS_DOMAIN_ID), with "enclave=/;" in its USER_DATA
  // as ROS 2 participants have. Cyclone's own configuration ($CYCLONEDDS_URI) applies.
  static dmxp::Result<std::unique_ptr<Participant>> create(uint32_t domain_id);
  ~Participant();
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;

  const Guid& guid() const { return guid_; }
  uint32_t domain_id() const { return domain_id_; }

  // topic: the DDS topic name ("rt/robot/odom", "ros_discovery_info"); dds_type: the DDS
  // type name. Errors name the topic.
  dmxp::Result<std::unique_ptr<RawWriter>> create_writer(const std::string& topic,
                                                         const std::string& dds_type,
                                                         const dmxp::rt::QoS& qos,
                                                         const std::string& user_data);
  // The reader ignores this participant's own writers (no echo of what the bridge exports).
  dmxp::Result<std::unique_ptr<RawReader>> create_reader(const std::string& topic,
                                                         const std::string& dds_type,
                                                         const dmxp::rt::QoS& qos,
                                                         const std::string& user_data,
                                                         RawReader::Callback callback);

  struct PublicationChanges {
    std::vector<RemoteWriter> appeared;
    std::vector<Guid> gone;
  };
  // Writers of other participants that appeared or went away since the last call.
  PublicationChanges poll_publications();

 private:
  Participant(int32_t participant, uint32_t domain_id, Guid guid, int32_t publications)
      : participant_(participant), domain_id_(domain_id), guid_(guid), publications_(publications) {}
  dmxp::Result<int32_t> topic(const std::string& name, const std::string& dds_type,
                              const ddsi_sertype** type);

  int32_t participant_;
  uint32_t domain_id_;
  Guid guid_;
  int32_t publications_;  // reader of DCPSPublication
  struct Topic {
    int32_t entity;
    std::string dds_type;
    const ddsi_sertype* sertype;
  };
  std::map<std::string, Topic> topics_;
};

}  // namespace dmxp_bridge::dds
