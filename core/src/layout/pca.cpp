#include "vecspace/layout/pca.h"

#include "vecspace/base/parallel.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <mutex>
#include <random>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kBlock = 4096;
constexpr std::size_t kCovarianceMaxDims = 2000;

using DoubleRows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The rows as the PCA sees them: spherized when asked (centred by the raw mean, unit length).
RowMatrix spherized(MatrixView data) {
    const Eigen::RowVectorXf mean = data.colwise().mean();
    RowMatrix out = data.rowwise() - mean;
    for (Eigen::Index i = 0; i < out.rows(); ++i)
        if (const float norm = out.row(i).norm(); norm > 0) out.row(i) /= norm;
    return out;
}

// Column means in double, accumulated block by block in parallel. Row by row: the data is
// row-major, and a column-wise reduction would stride through it.
Eigen::VectorXd columnMeans(MatrixView data, const ParallelOptions& parallel) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t blocks = (rows + kBlock - 1) / kBlock;
    std::vector<Eigen::VectorXd> sums(blocks);
    parallelFor(
        blocks,
        [&](std::size_t b) {
            Eigen::VectorXd sum = Eigen::VectorXd::Zero(data.cols());
            const std::size_t end = std::min(rows, (b + 1) * kBlock);
            for (std::size_t r = b * kBlock; r < end; ++r)
                sum += data.row(static_cast<Eigen::Index>(r)).cast<double>().transpose();
            sums[b] = std::move(sum);
        },
        parallel);
    Eigen::VectorXd total = Eigen::VectorXd::Zero(data.cols());
    for (const auto& sum : sums)
        total += sum;
    return total / static_cast<double>(rows);
}

// fn(first, n, block) for each block of up to kBlock rows, on every thread.
template <typename Fn>
void forEachBlock(MatrixView data, const ParallelOptions& parallel, const Fn& fn) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    parallelFor((rows + kBlock - 1) / kBlock,
                [&](std::size_t b) {
                    fn(static_cast<Eigen::Index>(b * kBlock),
                       static_cast<Eigen::Index>(std::min(kBlock, rows - b * kBlock)), b);
                },
                parallel);
}

// The sum over the blocks of part(first, n), each an outRows x outCols matrix.
template <typename Part>
Eigen::MatrixXd sumOverBlocks(MatrixView data, Eigen::Index outRows, Eigen::Index outCols,
                              const ParallelOptions& parallel, const Part& part) {
    std::vector<Eigen::MatrixXd> parts((static_cast<std::size_t>(data.rows()) + kBlock - 1) /
                                       kBlock);
    forEachBlock(data, parallel, [&](Eigen::Index first, Eigen::Index n, std::size_t b) {
        parts[b] = part(first, n);
    });
    Eigen::MatrixXd total = Eigen::MatrixXd::Zero(outRows, outCols);
    for (const auto& p : parts)
        total += p;
    return total;
}

// (X - mean)^T (X - mean) / (n - 1) in double, one centred block at a time.
Eigen::MatrixXd covariance(MatrixView data, const Eigen::VectorXd& mean,
                           const ParallelOptions& parallel) {
    const Eigen::MatrixXd total = sumOverBlocks(
        data, data.cols(), data.cols(), parallel, [&](Eigen::Index first, Eigen::Index n) {
            const DoubleRows centred =
                data.middleRows(first, n).cast<double>().rowwise() - mean.transpose();
            return Eigen::MatrixXd(centred.transpose() * centred);
        });
    return total / static_cast<double>(data.rows() - 1);
}

// Centred rows times a dims x m matrix: (X - mean) M, in blocks.
Eigen::MatrixXd centredTimes(MatrixView data, const Eigen::VectorXd& mean, const Eigen::MatrixXd& m,
                             const ParallelOptions& parallel) {
    Eigen::MatrixXd out(data.rows(), m.cols());
    const Eigen::RowVectorXd shift = mean.transpose() * m;
    // The product in float (the matrix as it is, 8 lanes per instruction), the shift in double.
    const Eigen::MatrixXf mf = m.cast<float>();
    forEachBlock(data, parallel, [&](Eigen::Index first, Eigen::Index n, std::size_t) {
        const Eigen::MatrixXf product = data.middleRows(first, n) * mf;
        out.middleRows(first, n) = product.cast<double>();
        out.middleRows(first, n).rowwise() -= shift;
    });
    return out;
}

// (X - mean)^T Y for a rows x m matrix Y, in blocks on every thread: never a double copy of the
// whole matrix (4 GB for a 128k x 4096 token table).
Eigen::MatrixXd centredTransposeTimes(MatrixView data, const Eigen::VectorXd& mean,
                                      const Eigen::MatrixXd& y, const ParallelOptions& parallel) {
    Eigen::MatrixXd out = sumOverBlocks(
        data, data.cols(), y.cols(), parallel, [&](Eigen::Index first, Eigen::Index n) {
            const Eigen::MatrixXf yf = y.middleRows(first, n).cast<float>();
            const Eigen::MatrixXf product = data.middleRows(first, n).transpose() * yf;
            return Eigen::MatrixXd(product.cast<double>());
        });
    out -= mean * y.colwise().sum();
    return out;
}

// (X - mean)^T (X - mean) z in one pass over the data: each small block of rows is multiplied
// by z and, while it is still in cache, by its transpose. A pass over a 2 GB token table costs
// its memory bandwidth, so a power iteration reads the matrix once instead of twice. The data
// is cut into a fixed number of chunks (not one per thread), each summed in its own double
// matrix, so the result does not depend on the thread count.
Eigen::MatrixXd centredGramTimes(MatrixView data, const Eigen::VectorXd& mean,
                                 const Eigen::MatrixXd& z, const ParallelOptions& parallel) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t dims = static_cast<std::size_t>(data.cols());
    // About 1 MB of rows per block: it stays in the core's cache between the two products.
    const std::size_t blockRows =
        std::clamp<std::size_t>((1u << 18) / std::max<std::size_t>(dims, 1), 16, kBlock);
    const std::size_t chunks = std::min<std::size_t>(32, (rows + blockRows - 1) / blockRows);
    const Eigen::MatrixXf zf = z.cast<float>();
    const Eigen::RowVectorXd shift = mean.transpose() * z;
    std::vector<Eigen::MatrixXd> sums(chunks);
    std::vector<Eigen::RowVectorXd> ySums(chunks);
    parallelFor(
        chunks,
        [&](std::size_t c) {
            Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(data.cols(), z.cols());
            Eigen::RowVectorXd ySum = Eigen::RowVectorXd::Zero(z.cols());
            const std::size_t begin = rows * c / chunks, end = rows * (c + 1) / chunks;
            Eigen::MatrixXf y, product;
            for (std::size_t first = begin; first < end; first += blockRows) {
                const auto n = static_cast<Eigen::Index>(std::min(blockRows, end - first));
                const auto block = data.middleRows(static_cast<Eigen::Index>(first), n);
                y.noalias() = block * zf;
                Eigen::MatrixXd centred = y.cast<double>();
                centred.rowwise() -= shift;
                ySum += centred.colwise().sum();
                y = centred.cast<float>();
                product.noalias() = block.transpose() * y;
                sum += product.cast<double>();
            }
            sums[c] = std::move(sum);
            ySums[c] = std::move(ySum);
        },
        parallel);
    Eigen::MatrixXd total = Eigen::MatrixXd::Zero(data.cols(), z.cols());
    Eigen::RowVectorXd yTotal = Eigen::RowVectorXd::Zero(z.cols());
    for (std::size_t c = 0; c < chunks; ++c) {
        total += sums[c];
        yTotal += ySums[c];
    }
    total -= mean * yTotal;
    return total;
}

// The sum over the rows of |x - mean|^2, row by row in blocks on every thread (no copy).
double centredSquares(MatrixView data, const Eigen::VectorXd& mean,
                      const ParallelOptions& parallel) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t blocks = (rows + kBlock - 1) / kBlock;
    std::vector<double> sums(blocks, 0.0);
    parallelFor(
        blocks,
        [&](std::size_t b) {
            double sum = 0;
            const std::size_t end = std::min(rows, (b + 1) * kBlock);
            for (std::size_t r = b * kBlock; r < end; ++r)
                sum += (data.row(static_cast<Eigen::Index>(r)).cast<double>().transpose() - mean)
                           .squaredNorm();
            sums[b] = sum;
        },
        parallel);
    double total = 0;
    for (double sum : sums)
        total += sum;
    return total;
}

Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& y) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(y);
    return qr.householderQ() * Eigen::MatrixXd::Identity(y.rows(), y.cols());
}

// Axes and variances by randomized SVD (Halko et al. 2011, algorithm 4.4 with power iterations).
void randomizedAxes(MatrixView data, const Eigen::VectorXd& mean, const PcaOptions& options,
                    const ParallelOptions& parallel, Eigen::MatrixXd& axes,
                    Eigen::VectorXd& variances) {
    const std::size_t k = options.components;
    const auto width = static_cast<Eigen::Index>(std::min<std::size_t>(
        k + options.oversampling, std::min<std::size_t>(static_cast<std::size_t>(data.rows()),
                                                        static_cast<std::size_t>(data.cols()))));
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd omega(data.cols(), width);
    for (Eigen::Index j = 0; j < omega.cols(); ++j)
        for (Eigen::Index i = 0; i < omega.rows(); ++i)
            omega(i, j) = normal(rng);
    Eigen::MatrixXd q = orthonormalBasis(centredTimes(data, mean, omega, parallel));
    // Subspace iteration on the dims side: z <- orth((X - mean)^T (X - mean) z), one pass each.
    Eigen::MatrixXd z = orthonormalBasis(centredTransposeTimes(data, mean, q, parallel));
    for (std::size_t it = 0; it < options.powerIterations; ++it)
        z = orthonormalBasis(centredGramTimes(data, mean, z, parallel));
    q = orthonormalBasis(centredTimes(data, mean, z, parallel));
    // B = Q^T (X - mean) is small: width x dims.
    const Eigen::MatrixXd b = centredTransposeTimes(data, mean, q, parallel).transpose();
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(b, Eigen::ComputeThinV);
    axes = svd.matrixV().leftCols(static_cast<Eigen::Index>(k));
    variances = svd.singularValues().head(static_cast<Eigen::Index>(k)).array().square() /
                static_cast<double>(data.rows() - 1);
}

} // namespace

PcaResult computePca(MatrixView input, const PcaOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(input.rows()),
                      dims = static_cast<std::size_t>(input.cols());
    const std::size_t k = options.components;
    if (k == 0 || k > std::min(rows, dims) || rows < 2)
        throw std::invalid_argument("PCA of " + std::to_string(rows) + " x " +
                                    std::to_string(dims) + " data cannot give " +
                                    std::to_string(k) + " components");
    ParallelOptions parallel;
    parallel.threads = options.threads;
    const RowMatrix spherizedData = options.spherize ? spherized(input) : RowMatrix();
    const MatrixView data = options.spherize ? MatrixView(spherizedData) : input;

    PcaResult result;
    result.mean = columnMeans(data, parallel);
    const bool randomized =
        options.solver == PcaOptions::Solver::Randomized ||
        (options.solver == PcaOptions::Solver::Auto && dims > kCovarianceMaxDims);
    if (!randomized) {
        const Eigen::MatrixXd cov = covariance(data, result.mean, parallel);
        result.totalVariance = cov.trace();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(cov);
        // Eigen sorts eigenvalues in increasing order: take the last k, largest first.
        result.axes =
            eigen.eigenvectors().rightCols(static_cast<Eigen::Index>(k)).rowwise().reverse();
        result.explainedVariance =
            eigen.eigenvalues().tail(static_cast<Eigen::Index>(k)).reverse().cwiseMax(0.0);
    } else {
        // Total variance: the sum of the column variances, without forming the covariance.
        result.totalVariance =
            centredSquares(data, result.mean, parallel) / static_cast<double>(rows - 1);
        randomizedAxes(data, result.mean, options, parallel, result.axes, result.explainedVariance);
    }
    for (Eigen::Index j = 0; j < result.axes.cols(); ++j) {
        Eigen::Index largest = 0;
        result.axes.col(j).cwiseAbs().maxCoeff(&largest);
        if (result.axes(largest, j) < 0) result.axes.col(j) *= -1.0;
    }
    result.explainedVarianceRatio =
        result.totalVariance > 0 ? Eigen::VectorXd(result.explainedVariance / result.totalVariance)
                                 : Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
    result.coordinates = centredTimes(data, result.mean, result.axes, parallel).cast<float>();
    return result;
}

} // namespace vecspace
