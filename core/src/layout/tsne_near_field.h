#pragma once

#include "layout/tsne_kernel_split.h"
#include "vecspace/base/embedding_set.h"

#include <cstdint>
#include <vector>

namespace vecspace {

class ThreadPool;

// The short-range rest of a KernelSplit, pair by pair: points go into square cells at least
// the split radius wide, so every pair closer than the radius lies in neighbouring cells.
template <int D> class NearField {
public:
    explicit NearField(ThreadPool& pool) : m_pool(pool) {}

    void setSplit(double radius, double alpha) {
        m_split = KernelSplit(radius, alpha);
        m_radius = radius;
    }

    // Adds sum over j of R_ij (y_i - y_j) to every row of forces, R = K - S, and returns the sum
    // over all ordered pairs, i = j included, of R_ij (1 + |y_i - y_j|^2 / a) (R times that is
    // the rest's share of the kernel w).
    double add(const RowMatrix& layout, RowMatrix& forces);

    // How many pairs add() would examine with this radius, for a layout within [lo, hi] (the
    // cost of the near field, which depends on how the points cluster, not just their number).
    static double candidatePairs(const RowMatrix& layout, const double* lo, const double* hi,
                                 double radius);

private:
    void sortIntoCells(const RowMatrix& layout);
    template <typename Kernel>
    double sum(const RowMatrix& layout, RowMatrix& forces, Kernel kernel);

    KernelSplit m_split{0};
    double m_radius = 0;
    ThreadPool& m_pool;
    std::size_t m_cells[D] = {};
    std::vector<std::uint32_t> m_cellOf;    // per row
    std::vector<std::uint32_t> m_cellStart; // per cell, into the sorted order
    std::vector<std::uint32_t> m_order;     // sorted position -> row
    std::vector<float> m_axes;              // sorted coordinates, axis by axis
    std::vector<double> m_partialZ;
};

} // namespace vecspace
