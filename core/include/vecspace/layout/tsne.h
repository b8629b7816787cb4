#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/knn_graph.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace vecspace {

// How the repulsive forces (and the normaliser Z) are computed each iteration.
enum class TsneMethod {
    // Exact up to TsneOptions::exactMaxRows rows, else Fft in 2D (BarnesHut under sklearn's
    // force law) and BarnesHut in 3D.
    Auto,
    Exact,     // every pair: O(N^2) per iteration
    BarnesHut, // quadtree (2D) or octree (3D) with the opening angle `theta`
    Fft,       // FIt-SNE (Linderman et al. 2019): grid interpolation, convolution by FFT
};

enum class TsneInit {
    Pca,    // the first principal components, scaled to standard deviation 1e-4 (sklearn, openTSNE)
    Random, // normal with standard deviation 1e-4, drawn from `seed`
};

// The joint probabilities P: a symmetric sparse matrix in CSR form summing to 1. Row i's entries
// are at [rowStart[i], rowStart[i + 1]), columns ascending, the diagonal absent.
struct TsneAffinities {
    std::size_t rows = 0;
    std::vector<std::size_t> rowStart; // rows + 1 offsets
    std::vector<std::uint32_t> columns;
    std::vector<float> values;

    std::size_t nonZeros() const { return values.size(); }
};

// What the iteration callback sees: the layout after `iteration` gradient steps and its KL
// divergence (see tsneKlDivergence; NaN where not computed).
struct TsneSnapshot {
    const RowMatrix& coordinates;
    std::size_t iteration;
    double klDivergence;
};
// Called from the thread that runs the layout; returning false cancels it (Cancelled is thrown
// before any further iteration runs).
using TsneCallback = std::function<bool(const TsneSnapshot&)>;

// The kernel's degrees of freedom that TsneOptions::degreesOfFreedom = 0 stands for, by the
// layout's dimensions, chosen by 10-NN preservation on the first 20,000 GloVe rows
// (docs/benchmarks.md): in 2D the Cauchy kernel was best (1 over 0.5-2), in 3D a lighter tail,
// 1.5, which is sklearn's 3D kernel (v = 2) up to the layout's scale.
inline constexpr double kTsneDefaultDegreesOfFreedom2D = 1;
inline constexpr double kTsneDefaultDegreesOfFreedom3D = 1.5;

// How the pair forces are weighted by the output kernel w = (1 + d^2 / a)^-a, with
// b = w^(1/a) = 1 / (1 + d^2 / a). The two coincide for a = 1 (w = b), to the bit.
enum class TsneForceLaw {
    Auto, // the default for the dimensions (kTsneDefaultForceLaw2D / 3D); KlGradient for Fft
    // The gradient of KL(P || Q): attraction p_ij b_ij, repulsion w_ij b_ij / Z.
    KlGradient,
    // The force law of sklearn's implementation (exact and Barnes-Hut alike), which is NOT the
    // gradient of the divergence for a != 1: attraction p_ij w_ij, repulsion w_ij^2 / Z. It
    // descends no objective, yet kept neighbourhoods better in 3D than the gradient did (below).
    // Not available with the FFT repulsion, whose grid convolves w b.
    KernelWeighted,
};
// The defaults by the layout's dimensions, chosen by 10-NN preservation on the first 20,000
// GloVe rows (docs/benchmarks.md, 2026-12-07): in 3D sklearn's law took 0.393 to 0.407 (what
// sklearn's own 3D run gets), and an early exaggeration of 3 instead of 12 to 0.412 (2 to 4 within
// 0.002, 1 and 12 below); in 2D the kernel is Cauchy's (a = 1), where the laws coincide.
inline constexpr TsneForceLaw kTsneDefaultForceLaw2D = TsneForceLaw::KlGradient;
inline constexpr TsneForceLaw kTsneDefaultForceLaw3D = TsneForceLaw::KernelWeighted;
inline constexpr double kTsneDefaultEarlyExaggeration2D = 12;
inline constexpr double kTsneDefaultEarlyExaggeration3D = 3;

struct TsneOptions {
    std::size_t dimensions = 2; // 2 or 3
    double perplexity = 30;     // the input neighbours are 3 x perplexity, at most rows - 1
    // The output kernel's degrees of freedom a (openTSNE's `dof`): w = (1 + d^2 / a)^-a. 1 is the
    // Cauchy kernel of standard t-SNE; below 1 the tails are heavier (tighter, more separated
    // clusters: Kobak et al. 2019), above 1 lighter (towards a Gaussian: SNE). sklearn's kernel
    // (1 + d^2 / v)^-((v + 1) / 2) with v degrees of freedom is a = (v + 1) / 2 up to a scale of
    // the layout, which leaves the optimum's shape unchanged. 0: the default for the layout's
    // dimensions (kTsneDefaultDegreesOfFreedom2D / 3D). Otherwise positive and finite.
    double degreesOfFreedom = 0;
    TsneForceLaw forceLaw = TsneForceLaw::Auto; // Auto: kTsneDefaultForceLaw2D / 3D
    DistanceMetric metric = DistanceMetric::Euclidean;
    KnnMethod knnMethod = KnnMethod::Auto;
    // Reduce the input to this many principal components before the neighbour search when it
    // has more dimensions (0: never). 50 is the usual choice for wide data.
    std::size_t pcaDimensions = 0;

    std::size_t iterations = 1000; // in all, the exaggerated ones included
    // 0: the default for the layout's dimensions (kTsneDefaultEarlyExaggeration2D / 3D: 12, as
    // sklearn and openTSNE, in 2D; 3 in 3D). Otherwise positive and finite.
    double earlyExaggeration = 0;
    std::size_t earlyExaggerationIterations = 250;
    // 0: auto, max(N / earlyExaggeration, 200) with the exaggeration resolved. The gradient here is
    // that of openTSNE and FIt-SNE, without the factor 4 of the paper; sklearn keeps the 4 and
    // divides its rate by 4, so this is sklearn 1.2's 'auto' (max(N / 12 / 4, 50)) in these units
    // (in 2D: sklearn's 3D gradient carries 3, not 4, making its rate 0.75 of this, which measured
    // worse here).
    double learningRate = 0;
    double initialMomentum = 0.5; // during early exaggeration
    double finalMomentum = 0.8;
    double minGain = 0.01;
    // Longest step a point may take in one iteration (FIt-SNE's and openTSNE's max_step_norm);
    // longer ones are shortened to it. Without it, with the large rates of big sets, a few
    // isolated points build up gains and fly far out and back, and the FFT grid, sized to the
    // whole layout, grows with them. 0: no limit (sklearn).
    double maxStepNorm = 5;
    TsneInit init = TsneInit::Pca;
    std::uint64_t seed = 0; // random initialisation; the same seed gives the same layout

    TsneMethod method = TsneMethod::Auto;
    std::size_t exactMaxRows = 5000; // Auto uses Exact up to this many rows
    double theta = 0.5; // Barnes-Hut: a cell is summarised when width < theta x distance
    std::size_t fftMinIntervals = 50;      // FFT: grid intervals per axis, at least
    std::size_t fftInterpolationNodes = 3; // FFT: Lagrange nodes per interval and axis
    // FFT: intervals per unit of layout length, at least, when the grid carries the whole
    // kernel (FIt-SNE's rule, where 1 is the default; 2 makes it about ten times as accurate).
    double fftIntervalsPerUnit = 2;
    // FFT: once that grid would cost more, pairs closer than this many intervals get the exact
    // kernel, summed pair by pair, and the grid carries only a smooth remainder, with intervals
    // about 2 mean point spacings wide; 0: never (FIt-SNE).
    double fftNearFieldBoxes = 2;

    // From this many rows on, the optimiser renumbers its rows along a space-filling curve of
    // the layout every 100 iterations, for the cache's sake (the result comes back in the input's
    // order, and differs only by rounding); 0: never.
    std::size_t localityMinRows = 32768;

    // The results do not depend on the thread count.
    unsigned threads = 0;
    std::size_t callbackInterval = 10; // iterations between callbacks (0: only the final one)
    TsneCallback callback;
    // Overall fraction: neighbours up to 0.3, affinities to 0.35, the optimisation the rest.
    ProgressFn progress;
    // "PCA reduction" (wide data only), "neighbours", "affinities", "initialisation",
    // "optimisation", in that order.
    PhaseFn onPhase;
};

struct TsneResult {
    RowMatrix coordinates; // rows x dimensions
    double klDivergence = 0;
    std::size_t iterations = 0;
    TsneMethod method = TsneMethod::Exact;            // the method actually used
    double learningRate = 0;                          // the rate actually used
    double degreesOfFreedom = 1;                      // the kernel's, resolved as for the options
    TsneForceLaw forceLaw = TsneForceLaw::KlGradient; // resolved as for the options
    double earlyExaggeration = 12;                    // resolved as for the options
    struct Seconds {
        double neighbors = 0;
        double affinities = 0;
        double optimization = 0;
    } seconds;
};

// The full pipeline: optional PCA, k nearest neighbours, affinities, initialisation, then
// gradient descent with early exaggeration, momentum and gains. The callback first sees the
// initial layout (iteration 0), then every callbackInterval iterations, then the final layout.
// Throws std::invalid_argument for fewer than 2 rows or bad options, Cancelled when asked to stop.
TsneResult computeTsne(MatrixView data, const TsneOptions& options = {});

// P from a k-nearest-neighbour graph: per row, the Gaussian bandwidth on squared distances is
// found by binary search so that the conditional distribution has the given perplexity
// (entropy log(perplexity), natural log); then P = (P_cond + P_cond^T) / (2N).
TsneAffinities computeTsneAffinities(const KnnGraph& graph, double perplexity,
                                     unsigned threads = 0);

// The optimisation alone from a given start (rows x dimensions; options.dimensions is ignored).
// Result seconds hold only the optimisation.
TsneResult optimizeTsne(const TsneAffinities& p, const RowMatrix& initial,
                        const TsneOptions& options = {});

// The kernel's degrees of freedom for a layout of `dims` dimensions: options.degreesOfFreedom, or
// the default for `dims` where that is 0. Throws std::invalid_argument where it is negative, NaN
// or infinite.
double resolveTsneDegreesOfFreedom(const TsneOptions& options, std::size_t dims);

// The force law for a layout of `dims` dimensions and a repulsion `method` (resolved):
// options.forceLaw, or where that is Auto the default for `dims`, except the KL gradient for Fft
// (whose grid carries no other). Throws std::invalid_argument for a value outside the enumeration.
TsneForceLaw resolveTsneForceLaw(const TsneOptions& options, std::size_t dims, TsneMethod method);

// options.earlyExaggeration, or the default for `dims` where that is 0. Throws
// std::invalid_argument where it is negative, NaN or infinite.
double resolveTsneEarlyExaggeration(const TsneOptions& options, std::size_t dims);

// KL(P || Q) = sum over the non-zeros of P of p log(p / q), q_ij = w_ij / Z with the kernel
// w_ij = (1 + |y_i - y_j|^2 / a)^-a of the options' degrees of freedom a (resolved for the
// layout's columns). The sum over P is exact; the normaliser Z = sum over i != j of w_ij comes from
// options.method (and theta or the FFT grid): exact for Exact, within the method's error
// otherwise (about 1e-3 relative for Barnes-Hut at theta 0.5 and for the FFT defaults, which is
// an absolute error of about 1e-3 in the divergence, as log Z enters it directly).
double tsneKlDivergence(const TsneAffinities& p, const RowMatrix& layout,
                        const TsneOptions& options = {});

} // namespace vecspace
