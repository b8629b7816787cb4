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
    // more per iteration than a Barnes-Hut octree. The grid cannot carry sklearn's force law.
    const bool kernelWeighted =
        resolveTsneForceLaw(options, dims, TsneMethod::BarnesHut) == TsneForceLaw::KernelWeighted &&
        resolveTsneDegreesOfFreedom(options, dims) != 1.0;
    return dims == 2 && !kernelWeighted ? TsneMethod::Fft : TsneMethod::BarnesHut;
}

namespace {

// A setting where 0 stands for the default of the layout's dimensions; others must be finite and
// positive.
double perDimensions(double value, const char* what, std::size_t dims, double twoD, double threeD) {
    if (!std::isfinite(value) || value < 0)
        throw std::invalid_argument(std::string("t-SNE: the ") + what +
                                    " must be a finite number above 0 (or 0 for the default), "
                                    "not " +
                                    std::to_string(value));
    if (value > 0) return value;
    return dims == 3 ? threeD : twoD;
}

} // namespace

double resolveTsneEarlyExaggeration(const TsneOptions& options, std::size_t dims) {
    return perDimensions(options.earlyExaggeration, "early exaggeration", dims,
                         kTsneDefaultEarlyExaggeration2D, kTsneDefaultEarlyExaggeration3D);
}

double resolveTsneDegreesOfFreedom(const TsneOptions& options, std::size_t dims) {
    return perDimensions(options.degreesOfFreedom, "degrees of freedom", dims,
                         kTsneDefaultDegreesOfFreedom2D, kTsneDefaultDegreesOfFreedom3D);
}

TsneForceLaw resolveTsneForceLaw(const TsneOptions& options, std::size_t dims, TsneMethod method) {
    switch (options.forceLaw) {
    case TsneForceLaw::Auto:
        // The FFT grid carries the KL gradient only: there the default falls back to it.
        if (method == TsneMethod::Fft) return TsneForceLaw::KlGradient;
        return dims == 3 ? kTsneDefaultForceLaw3D : kTsneDefaultForceLaw2D;
    case TsneForceLaw::KlGradient:
    case TsneForceLaw::KernelWeighted:
        return options.forceLaw;
    }
    throw std::invalid_argument("t-SNE: unknown force law " +
                                std::to_string(static_cast<int>(options.forceLaw)));
}

namespace {

template <int D>
std::unique_ptr<TsneRepulsion> make(TsneMethod method, const TsneOptions& options,
                                    ThreadPool& pool) {
    const double alpha = resolveTsneDegreesOfFreedom(options, D);
    // With a = 1 the two laws are the same forces: the Cauchy kernel's loops serve both.
    const bool kernelWeighted =
        resolveTsneForceLaw(options, D, method) == TsneForceLaw::KernelWeighted && alpha != 1.0;
    switch (method) {
    case TsneMethod::BarnesHut:
        if (!(options.theta >= 0)) throw std::invalid_argument("t-SNE: theta must not be negative");
        return std::make_unique<BarnesHutRepulsion<D>>(options.theta, alpha, kernelWeighted, pool);
    case TsneMethod::Fft:
        // The grid convolves K = w b and recovers Z from it through w = K (1 + d^2 / a); w^2
        // gives no such identity (Z would need a second kernel's convolution).
        if (kernelWeighted)
            throw std::invalid_argument("t-SNE: sklearn's force law (kernel-weighted forces) "
                                        "needs the exact or Barnes-Hut repulsion, not FFT, "
                                        "unless the degrees of freedom are 1");
        return std::make_unique<FftRepulsion<D>>(options, alpha, pool);
    default:
        return std::make_unique<ExactRepulsion<D>>(alpha, kernelWeighted, pool);
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
