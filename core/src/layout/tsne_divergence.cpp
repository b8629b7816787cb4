#include "layout/tsne_divergence.h"

#include "base/thread_pool.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vecspace {

namespace {
constexpr std::size_t kRowsPerTask = 1024;
}

double affinityNegativeEntropy(const TsneAffinities& p) {
    double sum = 0;
    for (float v : p.values)
        if (v > 0) sum += double(v) * std::log(double(v));
    return sum;
}

double affinityLogKernelSum(const TsneAffinities& p, const RowMatrix& layout, double alpha,
                            ThreadPool& pool) {
    const std::size_t n = p.rows;
    const auto dims = layout.cols();
    const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
    std::vector<double> partial(tasks, 0.0);
    pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        double sum = 0;
        for (std::size_t i = task * kRowsPerTask; i < end; ++i)
            for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
                double d2 = 0;
                for (Eigen::Index d = 0; d < dims; ++d) {
                    const double diff = double(layout(Eigen::Index(i), d)) -
                                        double(layout(Eigen::Index(p.columns[e]), d));
                    d2 += diff * diff;
                }
                // For a = 1 the divisions and the product are exact: the Cauchy kernel's bits.
                sum += double(p.values[e]) * (alpha * std::log1p(d2 / alpha));
            }
        partial[task] = sum;
    });
    double sum = 0;
    for (double part : partial)
        sum += part;
    return sum;
}

} // namespace vecspace
