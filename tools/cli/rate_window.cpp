#include "rate_window.hpp"

#include <algorithm>
#include <cmath>

namespace dmxp::cli {

void RateWindow::add(double v) {
  values_.push_back(v);
  sum_ += v;
  sum_sq_ += v * v;
  if (values_.size() > capacity_) {
    double old = values_.front();
    values_.pop_front();
    sum_ -= old;
    sum_sq_ -= old * old;
  }
}

double RateWindow::stddev() const {
  if (values_.size() < 2) return 0;
  double m = mean();
  return std::sqrt(std::max(0.0, sum_sq_ / double(values_.size()) - m * m));
}

// min/max scan the window: they are printed once a second, not per sample.
double RateWindow::min() const { return values_.empty() ? 0 : *std::min_element(values_.begin(), values_.end()); }
double RateWindow::max() const { return values_.empty() ? 0 : *std::max_element(values_.begin(), values_.end()); }

}  // namespace dmxp::cli
