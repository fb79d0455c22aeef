// errors.hpp - what a failed transform lookup throws, tf2's exception kinds under DMXP names
// (tf2::LookupException, ConnectivityException, ExtrapolationException,
// InvalidArgumentException), with tf2's message texts, so a ROS 2 user reads the errors they
// know.
#pragma once

#include <stdexcept>
#include <string>

namespace dmxp::tf {

// Every transform error; catch this for "the transform is not available".
class TransformError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A frame the buffer has never heard of.
class LookupError : public TransformError {
 public:
  using TransformError::TransformError;
};

// Both frames are known but not in the same tree.
class ConnectivityError : public TransformError {
 public:
  using TransformError::TransformError;
};

// The time asked for is outside what the buffer holds for a link of the chain.
class ExtrapolationError : public TransformError {
 public:
  using TransformError::TransformError;
};

// A transform rejected on insertion (an empty frame id, a frame that is its own parent, a
// non-finite value), or a lookup naming a frame with a leading '/'.
class InvalidArgumentError : public TransformError {
 public:
  using TransformError::TransformError;
};

// lookup_transform with a timeout found nothing in time (its text is the last error's).
class TimeoutError : public TransformError {
 public:
  using TransformError::TransformError;
};

}  // namespace dmxp::tf
