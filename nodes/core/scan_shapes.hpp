// scan_shapes.hpp - from a planar scan's points to obstacle shapes: the points are split into
// clusters at range jumps, and a cluster that lies on a circular arc facing the sensor gets a
// least-squares circle (algebraic Kasa fit, solved with Eigen's QR), so a planner can block
// the round obstacle's unseen back half instead of only the surface the scan saw.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <vector>

#include "world.hpp"

namespace dmxp_nodes {

// Consecutive points closer than max_gap belong together.
std::vector<std::vector<Eigen::Vector2d>> cluster_points(const std::vector<Eigen::Vector2d>& points,
                                                         double max_gap);

// The best circle through the points, when at least 5 points lie on it within max_rms and
// its radius is at most max_radius; nullopt otherwise (walls, corners, noise).
std::optional<Circle> fit_circle(const std::vector<Eigen::Vector2d>& points, double max_radius,
                                 double max_rms);

}  // namespace dmxp_nodes
