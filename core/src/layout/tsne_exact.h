#pragma once

#include "layout/tsne_repulsion.h"

#include <vector>

namespace vecspace {

// Every pair, O(N^2) per call: the reference the approximations are measured against, and the
// fastest method for a few hundred rows.
template <int D> class ExactRepulsion final : public TsneRepulsion {
public:
    // kernelWeighted: sklearn's force law (TsneForceLaw::KernelWeighted).
    ExactRepulsion(double alpha, bool kernelWeighted, ThreadPool& pool)
        : m_alpha(alpha), m_kernelWeighted(kernelWeighted), m_pool(pool) {}
    double compute(const RowMatrix& layout, RowMatrix& forces) override;

private:
    template <typename Kernel>
    double sum(const RowMatrix& layout, RowMatrix& forces, Kernel kernel);

    double m_alpha;
    bool m_kernelWeighted;
    ThreadPool& m_pool;
    std::vector<float> m_axes; // the coordinates axis by axis, for vector loads
    std::vector<double> m_partialZ;
};

} // namespace vecspace
