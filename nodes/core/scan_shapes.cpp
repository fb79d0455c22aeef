#include "scan_shapes.hpp"

#include <Eigen/QR>
#include <cmath>

namespace dmxp_nodes {

std::vector<std::vector<Eigen::Vector2d>> cluster_points(const std::vector<Eigen::Vector2d>& points,
                                                         double max_gap) {
  std::vector<std::vector<Eigen::Vector2d>> out;
  for (const Eigen::Vector2d& p : points) {
    if (out.empty() || (p - out.back().back()).norm() > max_gap) out.emplace_back();
    out.back().push_back(p);
  }
  // A full 360-degree scan wraps around: join the last cluster to the first when they touch.
  if (out.size() > 1 && (out.back().back() - out.front().front()).norm() <= max_gap) {
    out.front().insert(out.front().begin(), out.back().begin(), out.back().end());
    out.pop_back();
  }
  return out;
}

std::optional<Circle> fit_circle(const std::vector<Eigen::Vector2d>& pts, double max_radius,
                                 double max_rms) {
  const Eigen::Index n = Eigen::Index(pts.size());
  if (n < 5) return std::nullopt;
  // x^2 + y^2 + a x + b y + c = 0, linear in (a, b, c).
  Eigen::MatrixXd A(n, 3);
  Eigen::VectorXd rhs(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    A.row(i) << pts[i].x(), pts[i].y(), 1.0;
    rhs[i] = -pts[i].squaredNorm();
  }
  Eigen::Vector3d abc = A.colPivHouseholderQr().solve(rhs);
  Eigen::Vector2d center(-abc[0] / 2, -abc[1] / 2);
  double r2 = center.squaredNorm() - abc[2];
  if (!(r2 > 0)) return std::nullopt;
  double r = std::sqrt(r2);
  if (r > max_radius) return std::nullopt;
  double sq = 0;
  for (const auto& p : pts) sq += std::pow((p - center).norm() - r, 2);
  if (std::sqrt(sq / double(n)) > max_rms) return std::nullopt;
  return Circle{center, r};
}

}  // namespace dmxp_nodes
