#include "tsne_test_support.h"

#include "base/thread_pool.h"
#include "layout/tsne_repulsion.h"

#include <random>

using namespace vecspace;

namespace tsnetest {

RowMatrix clusters(std::size_t rows, int dims, double scale, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    RowMatrix centres(5, dims), layout(Eigen::Index(rows), dims);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = float(normal(rng) * scale / 2);
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        for (int d = 0; d < dims; ++d)
            layout(i, d) = centres(i % 5, d) + float(normal(rng) * scale / 10);
    return layout;
}

TsneAffinities affinitiesFromDense(const std::vector<double>& dense, std::size_t rows) {
    double total = 0;
    for (const double v : dense)
        total += v;
    TsneAffinities p;
    p.rows = rows;
    p.rowStart.push_back(0);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < rows; ++j)
            if (j != i && dense[i * rows + j] > 0) {
                p.columns.push_back(std::uint32_t(j));
                p.values.push_back(float(dense[i * rows + j] / total));
            }
        p.rowStart.push_back(p.values.size());
    }
    return p;
}

Repulsion repulsion(TsneMethod method, const RowMatrix& layout, const TsneOptions& options) {
    ThreadPool pool(2);
    auto engine = makeTsneRepulsion(method, std::size_t(layout.cols()), options, pool);
    Repulsion r;
    RowMatrix forces(layout.rows(), layout.cols());
    r.z = engine->compute(layout, forces);
    r.gradient = forces / float(r.z);
    return r;
}

} // namespace tsnetest
