// cpp_eigen.hpp - the Eigen accessors of generated C++ types: views of slot memory, so
// planner code does math on a received message without copying it.
//
//   float64 x, y, z            (Point, Vector3)   eigen() -> Eigen::Map<Eigen::Vector3d>
//   float32 x, y, z            (Point32)          eigen() -> Eigen::Map<Eigen::Vector3f>
//   float64 x, y, z, w         (Quaternion)       eigen() -> Eigen::Map<Eigen::Quaterniond>
//   a vector then a quaternion (Pose, Transform)  isometry() / set_isometry(): copies, as an
//                                                 Isometry3d is not laid out like the message
//   float64[N] f (covariances)                    f_eigen() -> Map of a row-major matrix:
//                                                 '# @shape RxC', else k x k when N = k*k,
//                                                 else an N x 1 vector
//   float32/64[<=N] or [] f                       f_eigen() -> Map of a vector of size()
// An accessor whose name a field or constant already uses is left out.
#pragma once

#include <string>

#include "../model.hpp"

namespace dmxp::msgc::cpp {

// Member declarations for inside the struct (empty when m gets none), without the #if that
// the C++ emitter wraps them in.
std::string eigen_members(const model::Message& m);

}  // namespace dmxp::msgc::cpp
