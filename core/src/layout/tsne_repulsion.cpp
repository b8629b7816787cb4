#include "layout/tsne_repulsion.h"

#include "layout/tsne_barnes_hut.h"
#include "layout/tsne_exact.h"
#include "layout/tsne_fft.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {

TsneMethod resolveTsneMethod(const TsneOptions& options, std::size_t rows, std::size_t dims) {
    if (options.method != TsneMethod::Auto) return options.method;
    if (rows <= options.exactMaxRows) return TsneMethod::Exact;
    // FFT grids grow as nodes^D: in 3D the default grid of 150^3 nodes (300^3 padded) costs far
    // more per iteration than a Barnes-Hut octree.
    return dims == 2 ? TsneMethod::Fft : TsneMethod::BarnesHut;
}

double resolveTsneDegreesOfFreedom(const TsneOptions& options, std::size_t dims) {
    const double a = options.degreesOfFreedom;
    if (!std::isfinite(a) || a < 0)
        throw std::invalid_argument("t-SNE: the degrees of freedom must be a finite number above "
                                    "0 (or 0 for the default), not " +
                                    std::to_string(a));
    if (a > 0) return a;
    return dims == 3 ? kTsneDefaultDegreesOfFreedom3D : kTsneDefaultDegreesOfFreedom2D;
}

namespace {

template <int D>
std::unique_ptr<TsneRepulsion> make(TsneMethod method, const TsneOptions& options,
                                    ThreadPool& pool) {
    const double alpha = resolveTsneDegreesOfFreedom(options, D);
    switch (method) {
    case TsneMethod::BarnesHut:
        if (!(options.theta >= 0)) throw std::invalid_argument("t-SNE: theta must not be negative");
        return std::make_unique<BarnesHutRepulsion<D>>(options.theta, alpha, pool);
    case TsneMethod::Fft:
        return std::make_unique<FftRepulsion<D>>(options, alpha, pool);
    default:
        return std::make_unique<ExactRepulsion<D>>(alpha, pool);
    }
}

} // namespace

std::unique_ptr<TsneRepulsion> makeTsneRepulsion(TsneMethod method, std::size_t dims,
                                                 const TsneOptions& options, ThreadPool& pool) {
    if (dims == 2) return make<2>(method, options, pool);
    if (dims == 3) return make<3>(method, options, pool);
    throw std::invalid_argument("t-SNE: layouts have 2 or 3 dimensions, not " +
                                std::to_string(dims));
}

} // namespace vecspace
