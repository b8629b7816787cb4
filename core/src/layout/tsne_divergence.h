#pragma once

#include "vecspace/layout/tsne.h"

namespace vecspace {

class ThreadPool;

// sum over the non-zeros of P of p log p (fixed for a run).
double affinityNegativeEntropy(const TsneAffinities& p);

// sum over the non-zeros of P of -p log w_ij = p a log(1 + |y_i - y_j|^2 / a), the kernel of a
// degrees of freedom, in fixed chunks of rows.
double affinityLogKernelSum(const TsneAffinities& p, const RowMatrix& layout, double alpha,
                            ThreadPool& pool);

} // namespace vecspace
