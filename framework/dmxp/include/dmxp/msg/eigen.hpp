// eigen.hpp - decides whether generated messages get their Eigen accessors (Eigen::Map views
// of slot memory: vectors, quaternions, covariance matrices). They do when Eigen's headers
// are on the include path and DMXP_MSG_NO_EIGEN is not defined. Define it (or not) the same
// way in every translation unit of a program: the accessors are inline members.
#pragma once

#if !defined(DMXP_MSG_NO_EIGEN) && __has_include(<Eigen/Core>)
#include <Eigen/Core>
#include <Eigen/Geometry>
#define DMXP_MSG_HAS_EIGEN 1
#else
#define DMXP_MSG_HAS_EIGEN 0
#endif
