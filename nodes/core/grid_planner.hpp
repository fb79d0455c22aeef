// grid_planner.hpp - an occupancy grid around the robot and A* (8-connected, octile
// heuristic) over it: obstacles from lidar points, inflated by the robot's radius.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace dmxp_nodes {

class GridPlanner {
 public:
  // A square grid of cells of `resolution` metres, centred on `center`, `half_size` metres
  // to each side.
  GridPlanner(const Eigen::Vector2d& center, double half_size, double resolution);

  // Marks every cell within `inflation` metres of p as occupied.
  void add_obstacle(const Eigen::Vector2d& p, double inflation);
  bool occupied(const Eigen::Vector2d& p) const;
  // Waypoints from start to goal (cell centres, start and goal included); empty when there is
  // no path or an end is outside the grid. An occupied start is allowed (the robot is there).
  std::vector<Eigen::Vector2d> plan(const Eigen::Vector2d& start, const Eigen::Vector2d& goal) const;

  int width() const { return n_; }
  double resolution() const { return res_; }

 private:
  bool cell_of(const Eigen::Vector2d& p, int* ix, int* iy) const;
  Eigen::Vector2d centre(int ix, int iy) const;
  Eigen::Vector2d origin_;  // world position of cell (0, 0)'s corner
  double res_;
  int n_;
  std::vector<uint8_t> occ_;
};

}  // namespace dmxp_nodes
