#include "participant.hpp"

#include <cstdio>

extern "C" {
#include "dds/dds.h"
#include "dds/ddsi/ddsi_serdata.h"
}

#include "qos_mapping.hpp"
#include "raw_cdr_type.hpp"

namespace dmxp_bridge::dds {
namespace {

constexpr uint32_t kTakeBatch = 16;

dmxp::Error dds_error(const std::string& what, dds_return_t rc) {
  return dmxp::Error(DMXP_ERR_SYSTEM, what + ": " + dds_strretcode(rc));
}

Guid guid_of(const dds_guid_t& g) {
  Guid out;
  std::copy(std::begin(g.v), std::end(g.v), out.begin());
  return out;
}

dmxp::Result<Guid> entity_guid(dds_entity_t e) {
  dds_guid_t g;
  if (dds_return_t rc = dds_get_guid(e, &g); rc != DDS_RETCODE_OK) return dds_error("dds_get_guid", rc);
  return guid_of(g);
}

struct QosDeleter {
  void operator()(dds_qos_t* q) const { dds_delete_qos(q); }
};
using QosPtr = std::unique_ptr<dds_qos_t, QosDeleter>;

}  // namespace

std::string to_string(const Guid& g) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < g.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", g[i]);
    s += buf;
    if (i == 11) s += ':';
  }
  return s;
}

// ---- RawWriter ----

RawWriter::~RawWriter() { dds_delete(writer_); }

dmxp::Status RawWriter::write_batched(std::span<const std::byte> cdr) {
  ddsi_serdata* d = make_raw_serdata(type_, cdr);
  if (!d) return dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "a CDR message needs at least its 4-byte header");
  if (dds_return_t rc = dds_writecdr(writer_, d); rc != DDS_RETCODE_OK) return dds_error("dds_writecdr", rc);
  return dmxp::Unit{};
}

dmxp::Status RawWriter::write(std::span<const std::byte> cdr) {
  auto s = write_batched(cdr);
  flush();
  return s;
}

void RawWriter::flush() { dds_write_flush(writer_); }

bool RawWriter::has_readers() const {
  dds_publication_matched_status_t st;
  return dds_get_publication_matched_status(writer_, &st) == DDS_RETCODE_OK && st.current_count > 0;
}

// ---- RawReader ----

RawReader::~RawReader() {
  if (reader_) dds_delete(reader_);  // waits for a listener call in progress
}

void RawReader::on_data_available(dds_entity_t reader, void* arg) {
  auto* self = static_cast<RawReader*>(arg);
  ddsi_serdata* samples[kTakeBatch];
  dds_sample_info_t infos[kTakeBatch];
  for (;;) {
    dds_return_t n = dds_takecdr(reader, samples, kTakeBatch, infos, DDS_ANY_STATE);
    if (n <= 0) return;
    for (dds_return_t i = 0; i < n; ++i) {
      if (infos[i].valid_data) self->callback_(raw_serdata_bytes(samples[i]));
      ddsi_serdata_unref(samples[i]);
    }
  }
}

// ---- Participant ----

dmxp::Result<std::unique_ptr<Participant>> Participant::create(uint32_t domain_id) {
  QosPtr qos(dds_create_qos());
  static const char kEnclave[] = "enclave=/;";  // what rmw puts there: the security enclave
  dds_qset_userdata(qos.get(), kEnclave, sizeof kEnclave - 1);
  dds_entity_t p = dds_create_participant(domain_id, qos.get(), nullptr);
  if (p < 0) return dds_error("cannot create a DDS participant in domain " + std::to_string(domain_id), p);
  auto guid = entity_guid(p);
  if (!guid) {
    dds_delete(p);
    return guid.error();
  }
  // Writer batching (Cyclone 0.10 sets it for the process: the bridge is alone in its
  // process): a dds_writecdr packs the message into the writer's packet, which goes out on
  // dds_write_flush or when full. RawWriter::write flushes at once; the export routes write
  // a drained burst batched and flush once (export_route.cpp), one datagram for many small
  // messages instead of a sendmsg each.
  dds_write_set_batch(true);
  dds_entity_t pubs = dds_create_reader(p, DDS_BUILTIN_TOPIC_DCPSPUBLICATION, nullptr, nullptr);
  if (pubs < 0) {
    dds_delete(p);
    return dds_error("cannot read DCPSPublication", pubs);
  }
  return std::unique_ptr<Participant>(new Participant(p, domain_id, guid.value(), pubs));
}

Participant::~Participant() { dds_delete(participant_); }

dmxp::Result<dds_entity_t> Participant::topic(const std::string& name, const std::string& dds_type,
                                              const ddsi_sertype** type) {
  if (auto it = topics_.find(name); it != topics_.end()) {
    if (it->second.dds_type != dds_type)
      return dmxp::Error(DMXP_ERR_INCOMPATIBLE, "DDS topic '" + name + "' is already " +
                                                    it->second.dds_type + ", not " + dds_type);
    *type = it->second.sertype;
    return it->second.entity;
  }
  ddsi_sertype* st = make_raw_cdr_sertype(dds_type);
  dds_entity_t t = dds_create_topic_sertype(participant_, name.c_str(), &st, nullptr, nullptr, nullptr);
  if (t < 0) {
    ddsi_sertype_unref(st);  // not taken on failure
    return dds_error("cannot create DDS topic '" + name + "' (" + dds_type + ")", t);
  }
  topics_[name] = Topic{t, dds_type, st};  // st: the interned sertype the topic holds
  *type = st;
  return t;
}

dmxp::Result<std::unique_ptr<RawWriter>> Participant::create_writer(const std::string& topic_name,
                                                                    const std::string& dds_type,
                                                                    const dmxp::rt::QoS& qos,
                                                                    const std::string& user_data) {
  const ddsi_sertype* type = nullptr;
  auto t = topic(topic_name, dds_type, &type);
  if (!t) return t.error();
  QosPtr q(to_dds_qos(qos, user_data));
  dds_entity_t w = dds_create_writer(participant_, t.value(), q.get(), nullptr);
  if (w < 0) return dds_error("cannot create a DDS writer on '" + topic_name + "'", w);
  auto guid = entity_guid(w);
  if (!guid) {
    dds_delete(w);
    return guid.error();
  }
  return std::make_unique<RawWriter>(w, type, guid.value());
}

dmxp::Result<std::unique_ptr<RawReader>> Participant::create_reader(const std::string& topic_name,
                                                                    const std::string& dds_type,
                                                                    const dmxp::rt::QoS& qos,
                                                                    const std::string& user_data,
                                                                    RawReader::Callback callback) {
  const ddsi_sertype* type = nullptr;
  auto t = topic(topic_name, dds_type, &type);
  if (!t) return t.error();
  QosPtr q(to_dds_qos(qos, user_data));
  dds_qset_ignorelocal(q.get(), DDS_IGNORELOCAL_PARTICIPANT);
  // The reader object exists before the DDS reader, so the listener has its target from the
  // first sample on.
  auto reader = std::make_unique<RawReader>(std::move(callback));
  dds_listener_t* l = dds_create_listener(nullptr);
  dds_lset_data_available_arg(l, &RawReader::on_data_available, reader.get(), true);
  dds_entity_t r = dds_create_reader(participant_, t.value(), q.get(), l);
  dds_delete_listener(l);
  if (r < 0) return dds_error("cannot create a DDS reader on '" + topic_name + "'", r);
  auto guid = entity_guid(r);
  reader->attach(r, guid ? guid.value() : Guid{});  // from here on its destructor deletes r
  if (!guid) return guid.error();
  return reader;
}

Participant::PublicationChanges Participant::poll_publications() {
  PublicationChanges changes;
  void* samples[kTakeBatch] = {};
  dds_sample_info_t infos[kTakeBatch];
  for (;;) {
    samples[0] = nullptr;  // loan
    dds_return_t n = dds_take(publications_, samples, infos, kTakeBatch, kTakeBatch);
    if (n <= 0) break;
    for (dds_return_t i = 0; i < n; ++i) {
      const auto* e = static_cast<const dds_builtintopic_endpoint_t*>(samples[i]);
      if (infos[i].instance_state != DDS_IST_ALIVE) {
        changes.gone.push_back(guid_of(e->key));  // a key-only sample: the key is valid
        continue;
      }
      if (!infos[i].valid_data) continue;
      Guid participant = guid_of(e->participant_key);
      if (participant == guid_) continue;  // our own writers
      RemoteWriter w;
      w.guid = guid_of(e->key);
      w.participant = participant;
      w.topic = e->topic_name ? e->topic_name : "";
      w.type = e->type_name ? e->type_name : "";
      if (e->qos) {
        w.qos = from_dds_qos(e->qos);
        w.user_data = user_data_of(e->qos);
      }
      changes.appeared.push_back(std::move(w));
    }
    dds_return_loan(publications_, samples, n);
  }
  return changes;
}

}  // namespace dmxp_bridge::dds
