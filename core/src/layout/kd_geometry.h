#pragma once

#include "vecspace/layout/point_index.h"

#include <algorithm>

namespace vecspace::kd {

// Squared euclidean distance in double from float coordinates: each difference of two floats is
// exact in double, so two computations of the same pair always agree, whatever the caller.
template <int D> inline double squaredDistance(const float* a, const double* b) {
    double sum = 0;
    for (int d = 0; d < D; ++d) {
        const double diff = static_cast<double>(a[d]) - b[d];
        sum += diff * diff;
    }
    return sum;
}

// Squared distance from a position to the nearest point of a node's box (0 inside it).
template <int D> inline double boxDistance(const PointIndex::Node& node, const double* q) {
    double sum = 0;
    for (int d = 0; d < D; ++d) {
        double diff = 0;
        if (q[d] < node.lo[d])
            diff = static_cast<double>(node.lo[d]) - q[d];
        else if (q[d] > node.hi[d])
            diff = q[d] - static_cast<double>(node.hi[d]);
        sum += diff * diff;
    }
    return sum;
}

// Squared distance from a position to the farthest corner of a node's box.
template <int D> inline double boxFarthest(const PointIndex::Node& node, const double* q) {
    double sum = 0;
    for (int d = 0; d < D; ++d) {
        const double diff = std::max(std::abs(q[d] - node.lo[d]), std::abs(q[d] - node.hi[d]));
        sum += diff * diff;
    }
    return sum;
}

template <int D> inline void toDouble(const float* in, double* out) {
    for (int d = 0; d < D; ++d)
        out[d] = in[d];
}

// (squared distance, row) pairs ordered nearest first, ties by row.
struct Candidate {
    double distance2;
    std::uint32_t row;
    bool operator<(const Candidate& o) const {
        return distance2 < o.distance2 || (distance2 == o.distance2 && row < o.row);
    }
};

} // namespace vecspace::kd
