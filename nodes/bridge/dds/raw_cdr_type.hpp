// raw_cdr_type.hpp - a Cyclone DDS topic type that carries serialized CDR bytes as they are,
// so the bridge moves ROS 2 messages through DDS without any generated DDS type (the way
// rmw_cyclonedds does it). Cyclone 0.10 has no public call that hands out a ready-made
// sertype for this, so this file implements the two plug-in tables Cyclone defines for it:
// ddsi_sertype_ops (the type) and ddsi_serdata_ops (one sample's serialized form).
//
// The type is key-less and @final (XCDR1): every serdata is exactly the bytes on the wire,
// including the 4-byte encapsulation header ("00 01 00 00" little-endian CDR). Samples for
// dds_write/dds_take are RawCdrSample; the bridge itself uses dds_writecdr/dds_takecdr with
// serdatas built by make_raw_serdata and read with raw_serdata_bytes.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

struct ddsi_sertype;
struct ddsi_serdata;

namespace dmxp_bridge::dds {

// What dds_write() takes and dds_take() fills for a raw-CDR topic.
struct RawCdrSample {
  std::vector<std::byte> bytes;  // encapsulation header included
};

// A new sertype named dds_type_name ("pkg::msg::dds_::T_"); the caller hands it to
// dds_create_topic_sertype, which takes the reference.
ddsi_sertype* make_raw_cdr_sertype(const std::string& dds_type_name);

// A serdata of kind DATA holding a copy of cdr (with its encapsulation header), for
// dds_writecdr (which takes the reference). Null when cdr is shorter than a header.
ddsi_serdata* make_raw_serdata(const ddsi_sertype* type, std::span<const std::byte> cdr);

// The serialized bytes of a serdata taken from a raw-CDR reader (dds_takecdr); valid while
// the caller holds its reference.
std::span<const std::byte> raw_serdata_bytes(const ddsi_serdata* d);

}  // namespace dmxp_bridge::dds
