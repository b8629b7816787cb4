#include "layout/tsne_repulsion.h"

#include "layout/tsne_barnes_hut.h"
#include "layout/tsne_exact.h"
#include "layout/tsne_fft.h"

#include <stdexcept>

namespace vecspace {

TsneMethod resolveTsneMethod(const TsneOptions& options, std::size_t rows, std::size_t dims) {
    if (options.method != TsneMethod::Auto) return options.method;
    if (rows <= options.exactMaxRows) return TsneMethod::Exact;
    // FFT grids grow as nodes^D: in 3D the default grid of 150^3 nodes (300^3 padded) costs far
    // more per iteration than a Barnes-Hut octree.
    return dims == 2 ? TsneMethod::Fft : TsneMethod::BarnesHut;
}

namespace {

template <int D>
std::unique_ptr<TsneRepulsion> make(TsneMethod method, const TsneOptions& options,
                                    ThreadPool& pool) {
    switch (method) {
    case TsneMethod::BarnesHut:
        if (!(options.theta >= 0)) throw std::invalid_argument("t-SNE: theta must not be negative");
        return std::make_unique<BarnesHutRepulsion<D>>(options.theta, pool);
    case TsneMethod::Fft:
        return std::make_unique<FftRepulsion<D>>(options, pool);
    default:
        return std::make_unique<ExactRepulsion<D>>(pool);
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
