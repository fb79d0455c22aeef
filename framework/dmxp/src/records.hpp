// records.hpp - claiming and releasing producer/consumer records in a channel's tables.
// A record is owned by CAS of owner_pid 0 -> pid; the start time written after the CAS is
// zero while a record is unowned, so a reader never pairs a new pid with an old start time.
#pragma once

#include <string>

#include "channel.hpp"

namespace dmxp::detail {

int claim_producer_record(const Channel& channel, layout::ProducerRecord*& out);
void release_producer_record(layout::ProducerRecord& record);

// Finds the record of a named cursor (resumed = true: it existed, parked or left by a dead
// process) or claims a free one. name may be empty (anonymous). DMXP_ERR_BUSY when a live
// process holds the name; DMXP_ERR_RESOURCE when the table is full.
int claim_consumer_record(const Channel& channel, const std::string& name,
                          layout::ConsumerRecord*& out, bool& resumed);
// Detaches: anonymous records are freed, named ones parked with their cursor.
void release_consumer_record(const Channel& channel, layout::ConsumerRecord& record);

}  // namespace dmxp::detail
