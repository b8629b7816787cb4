#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>

namespace vecspace {

struct PcaOptions {
    std::size_t components = 3;
    // Centre, then scale every row to unit length before the PCA (the Projector's "spherize").
    bool spherize = false;
    enum class Solver {
        Auto,       // covariance up to 2,000 dims, randomized above
        Covariance, // exact: dims x dims covariance and a symmetric eigensolver
        Randomized, // Halko, Martinsson and Tropp's randomized SVD with power iterations
    };
    Solver solver = Solver::Auto;
    std::size_t oversampling = 10; // randomized only: extra columns beyond `components`
    // randomized only. Embedding spectra are flat (GloVe 100d: top eigenvalues within 3-10% of
    // each other), so convergence is slow: 4 iterations left 4e-4 relative error in the variances
    // of GloVe 100d, 10 leave 1e-8.
    std::size_t powerIterations = 10;
    std::uint64_t seed = 0; // randomized only: the same seed gives the same result
    unsigned threads = 0;
    ProgressFn progress;
};

struct PcaResult {
    RowMatrix coordinates;                  // rows x components
    Eigen::MatrixXd axes;                   // dims x components, unit columns
    Eigen::VectorXd explainedVariance;      // per component, with n - 1 in the denominator
    Eigen::VectorXd explainedVarianceRatio; // per component, of the total variance
    Eigen::VectorXd mean;                   // the centre that was subtracted (after spherizing)
    double totalVariance = 0;
};

// Principal components of the rows of `data`, largest variance first. Each axis is signed so
// that its largest-magnitude loading is positive, so results do not flip between runs or
// solvers. Throws std::invalid_argument if components exceeds min(rows, dims).
PcaResult computePca(MatrixView data, const PcaOptions& options = {});

} // namespace vecspace
