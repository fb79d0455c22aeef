// records.hpp - claiming and releasing producer/consumer records in a channel's tables. Every
// change of ownership goes through the states of record_owner.hpp.
#pragma once

#include <string>

#include "segments/channel.hpp"

namespace dmxp::detail {

int claim_producer_record(const Channel& channel, layout::ProducerRecord*& out);
// Frees this process's record. A no-op in a forked child (the record is the parent's).
void release_producer_record(layout::ProducerRecord& record);

// Finds the record of a named cursor (resumed = true: it existed, parked or left by a dead
// process) or claims a free one. name may be empty (anonymous). DMXP_ERR_BUSY when a live
// process holds the name; DMXP_ERR_RESOURCE when the table is full.
int claim_consumer_record(const Channel& channel, const std::string& name,
                          layout::ConsumerRecord*& out, bool& resumed);
// Detaches: anonymous records are freed, named ones parked with their cursor. A no-op in a
// forked child (the record is the parent's).
void release_consumer_record(const Channel& channel, layout::ConsumerRecord& record);

}  // namespace dmxp::detail
