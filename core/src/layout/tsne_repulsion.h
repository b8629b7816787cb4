#pragma once

#include "vecspace/layout/tsne.h"

#include <memory>

namespace vecspace {

class ThreadPool;

// The repulsive half of the t-SNE gradient, by one of the methods of TsneMethod. With the
// kernel w_ij = (1 + |y_i - y_j|^2 / a)^-a of a degrees of freedom (1: the Cauchy kernel), and
// b_ij = w_ij^(1/a), compute() fills forces (rows x dims) with
// sum over j != i of w_ij b_ij (y_i - y_j) and returns Z = sum over i != j of w_ij, so that the
// repulsive gradient is forces / Z; under sklearn's force law (TsneForceLaw::KernelWeighted)
// the forces are sum over j != i of w_ij^2 (y_i - y_j) instead. A layout gives the same bits
// for any thread count.
class TsneRepulsion {
public:
    virtual ~TsneRepulsion() = default;
    virtual double compute(const RowMatrix& layout, RowMatrix& forces) = 0;
};

// The method Auto resolves to for this many rows and dimensions.
TsneMethod resolveTsneMethod(const TsneOptions& options, std::size_t rows, std::size_t dims);

// Throws std::invalid_argument for dims other than 2 or 3, for bad method parameters and for
// sklearn's force law with the FFT (where a != 1). The kernel's degrees of freedom are
// resolveTsneDegreesOfFreedom(options, dims), the law resolveTsneForceLaw(options, dims,
// method).
std::unique_ptr<TsneRepulsion> makeTsneRepulsion(TsneMethod method, std::size_t dims,
                                                 const TsneOptions& options, ThreadPool& pool);

} // namespace vecspace
