#include "grid_planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace dmxp_nodes {

GridPlanner::GridPlanner(const Eigen::Vector2d& center, double half_size, double resolution)
    : res_(resolution), n_(std::max(1, int(std::ceil(2 * half_size / resolution)))) {
  origin_ = center - Eigen::Vector2d(half_size, half_size);
  occ_.assign(size_t(n_) * n_, 0);
}

bool GridPlanner::cell_of(const Eigen::Vector2d& p, int* ix, int* iy) const {
  Eigen::Vector2d g = (p - origin_) / res_;
  *ix = int(std::floor(g.x()));
  *iy = int(std::floor(g.y()));
  return *ix >= 0 && *iy >= 0 && *ix < n_ && *iy < n_;
}

Eigen::Vector2d GridPlanner::centre(int ix, int iy) const {
  return origin_ + res_ * Eigen::Vector2d(ix + 0.5, iy + 0.5);
}

void GridPlanner::add_obstacle(const Eigen::Vector2d& p, double inflation) {
  int r = int(std::ceil(inflation / res_));
  int cx, cy;
  cell_of(p, &cx, &cy);
  for (int y = std::max(0, cy - r); y <= std::min(n_ - 1, cy + r); ++y)
    for (int x = std::max(0, cx - r); x <= std::min(n_ - 1, cx + r); ++x)
      if ((centre(x, y) - p).norm() <= inflation) occ_[size_t(y) * n_ + x] = 1;
}

bool GridPlanner::occupied(const Eigen::Vector2d& p) const {
  int x, y;
  return cell_of(p, &x, &y) && occ_[size_t(y) * n_ + x];
}

std::vector<Eigen::Vector2d> GridPlanner::plan(const Eigen::Vector2d& start,
                                               const Eigen::Vector2d& goal) const {
  int sx, sy, gx, gy;
  if (!cell_of(start, &sx, &sy) || !cell_of(goal, &gx, &gy)) return {};
  if (occ_[size_t(gy) * n_ + gx]) return {};
  const size_t cells = size_t(n_) * n_;
  std::vector<double> cost(cells, std::numeric_limits<double>::infinity());
  std::vector<int32_t> parent(cells, -1);
  std::vector<uint8_t> closed(cells, 0);
  auto h = [&](int x, int y) {  // octile distance: admissible on an 8-connected grid
    double dx = std::abs(x - gx), dy = std::abs(y - gy);
    return (dx + dy) + (std::sqrt(2.0) - 2) * std::min(dx, dy);
  };
  using Entry = std::pair<double, int32_t>;  // (f, cell)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
  int32_t s = sy * n_ + sx, g = gy * n_ + gx;
  cost[s] = 0;
  open.push({h(sx, sy), s});
  while (!open.empty()) {
    auto [f, c] = open.top();
    open.pop();
    if (closed[c]) continue;
    closed[c] = 1;
    if (c == g) break;
    int cx = c % n_, cy = c / n_;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (!dx && !dy) continue;
        int nx = cx + dx, ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= n_ || ny >= n_) continue;
        int32_t nc = ny * n_ + nx;
        if (occ_[nc] || closed[nc]) continue;
        // No corner cutting between two occupied cells.
        if (dx && dy && (occ_[cy * n_ + nx] || occ_[ny * n_ + cx])) continue;
        double step = (dx && dy) ? std::sqrt(2.0) : 1.0;
        if (cost[c] + step < cost[nc]) {
          cost[nc] = cost[c] + step;
          parent[nc] = c;
          open.push({cost[nc] + h(nx, ny), nc});
        }
      }
  }
  if (!closed[g]) return {};
  std::vector<Eigen::Vector2d> path;
  for (int32_t c = g; c != -1; c = parent[c]) path.push_back(centre(c % n_, c / n_));
  std::reverse(path.begin(), path.end());
  path.front() = start;
  path.back() = goal;
  return path;
}

}  // namespace dmxp_nodes
