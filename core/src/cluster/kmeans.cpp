#include "vecspace/cluster/kmeans.h"

#include "base/progress_throttle.h"
#include "vecspace/base/parallel.h"
#include "vecspace/cluster/cluster_names.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kBlock = 4096;

// Similarity where higher is nearer: cosine for unit rows, -squared distance otherwise.
struct Space {
    MatrixView rows;
    Eigen::VectorXf squaredNorms;
    bool spherical;

    // Scores of every row in [begin, end) against every centroid: (end - begin) x k.
    Eigen::MatrixXf scores(std::size_t begin, std::size_t end, const RowMatrix& centroids) const {
        const auto n = static_cast<Eigen::Index>(end - begin);
        Eigen::MatrixXf s =
            rows.middleRows(static_cast<Eigen::Index>(begin), n) * centroids.transpose();
        if (!spherical) {
            const Eigen::VectorXf centroidNorms = centroids.rowwise().squaredNorm();
            s = (2 * s).rowwise() - centroidNorms.transpose();
            s.colwise() -= squaredNorms.segment(static_cast<Eigen::Index>(begin), n);
        }
        return s;
    }
};

// k-means++: each next seed drawn with probability proportional to its distance (1 - cosine,
// or squared distance) from the nearest seed so far.
RowMatrix seedCentroids(const Space& space, std::size_t k, std::mt19937_64& rng) {
    const std::size_t rows = static_cast<std::size_t>(space.rows.rows());
    RowMatrix centroids(static_cast<Eigen::Index>(k), space.rows.cols());
    std::uniform_int_distribution<std::size_t> first(0, rows - 1);
    centroids.row(0) = space.rows.row(static_cast<Eigen::Index>(first(rng)));
    std::vector<double> distance(rows, std::numeric_limits<double>::infinity());
    for (std::size_t c = 1; c < k; ++c) {
        const RowMatrix last = centroids.row(static_cast<Eigen::Index>(c - 1));
        const Eigen::MatrixXf s = space.scores(0, rows, last);
        double total = 0;
        for (std::size_t i = 0; i < rows; ++i) {
            const double d = std::max(
                0.0, space.spherical ? 1.0 - s(static_cast<Eigen::Index>(i), 0)
                                     : -static_cast<double>(s(static_cast<Eigen::Index>(i), 0)));
            distance[i] = std::min(distance[i], d);
            total += distance[i];
        }
        std::size_t pick = first(rng);
        if (total > 0) {
            double target = std::uniform_real_distribution<double>(0, total)(rng);
            for (pick = 0; pick + 1 < rows && target >= distance[pick]; ++pick)
                target -= distance[pick];
        }
        centroids.row(static_cast<Eigen::Index>(c)) =
            space.rows.row(static_cast<Eigen::Index>(pick));
    }
    return centroids;
}

} // namespace

KMeansResult kMeans(const EmbeddingSet& set, const KMeansOptions& options) {
    const std::size_t rows = set.rows(), k = options.k;
    if (k == 0 || k > rows)
        throw std::invalid_argument("k-means needs 1 <= k <= rows; got k = " + std::to_string(k) +
                                    " for " + std::to_string(rows) + " rows");
    RowMatrix unit;
    if (options.spherical) {
        unit = set.vectors.view();
        for (Eigen::Index i = 0; i < unit.rows(); ++i)
            if (const float n = unit.row(i).norm(); n > 0) unit.row(i) /= n;
    }
    const MatrixView data = options.spherical ? MatrixView(unit) : set.vectors.view();
    const Space space{data, data.rowwise().squaredNorm(), options.spherical};
    std::mt19937_64 rng(options.seed);
    KMeansResult result;
    result.centroids = seedCentroids(space, k, rng);
    result.assignment.assign(rows, 0);
    std::vector<float> best(rows, 0.0f);
    const std::size_t blocks = (rows + kBlock - 1) / kBlock;
    ParallelOptions parallel;
    parallel.threads = options.threads;
    ProgressThrottle throttle(options.progress);
    double previous = -std::numeric_limits<double>::infinity();

    for (result.iterations = 1; result.iterations <= options.maxIterations; ++result.iterations) {
        // Assign every row to its nearest centroid (in parallel, one block of rows at a time).
        parallelFor(
            blocks,
            [&](std::size_t b) {
                const std::size_t begin = b * kBlock, end = std::min(rows, begin + kBlock);
                const Eigen::MatrixXf s = space.scores(begin, end, result.centroids);
                for (std::size_t i = begin; i < end; ++i) {
                    Eigen::Index c = 0;
                    best[i] = s.row(static_cast<Eigen::Index>(i - begin)).maxCoeff(&c);
                    result.assignment[i] = static_cast<std::uint32_t>(c);
                }
            },
            parallel);
        double objective = 0;
        for (float score : best)
            objective += score;
        objective /= static_cast<double>(rows); // mean cosine, or minus the mean squared distance

        // Move every centroid to the mean of its rows (normalised when spherical).
        RowMatrix sums = RowMatrix::Zero(static_cast<Eigen::Index>(k), data.cols());
        result.sizes.assign(k, 0);
        for (std::size_t i = 0; i < rows; ++i) {
            sums.row(result.assignment[i]) += data.row(static_cast<Eigen::Index>(i));
            ++result.sizes[result.assignment[i]];
        }
        for (std::size_t c = 0; c < k; ++c) {
            if (result.sizes[c] == 0) {
                // An empty cluster takes the row that fits its own cluster worst.
                const std::size_t worst = static_cast<std::size_t>(
                    std::min_element(best.begin(), best.end()) - best.begin());
                sums.row(static_cast<Eigen::Index>(c)) = data.row(static_cast<Eigen::Index>(worst));
                best[worst] = std::numeric_limits<float>::infinity();
                result.sizes[c] = 1;
                continue;
            }
            sums.row(static_cast<Eigen::Index>(c)) /= static_cast<float>(result.sizes[c]);
            if (options.spherical)
                if (const float n = sums.row(static_cast<Eigen::Index>(c)).norm(); n > 0)
                    sums.row(static_cast<Eigen::Index>(c)) /= n;
        }
        result.centroids = std::move(sums);
        throttle.report(static_cast<double>(result.iterations) /
                        static_cast<double>(options.maxIterations));
        const bool converged = std::abs(objective - previous) <=
                               options.tolerance * std::max(1.0, std::abs(objective));
        previous = objective;
        if (converged) break;
    }
    result.iterations = std::min(result.iterations, options.maxIterations);

    // Final assignment against the final centroids, sizes, objective and names.
    result.sizes.assign(k, 0);
    std::vector<std::int32_t> clusterOf(rows);
    double objective = 0;
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t begin = b * kBlock, end = std::min(rows, begin + kBlock);
        const Eigen::MatrixXf s = space.scores(begin, end, result.centroids);
        for (std::size_t i = begin; i < end; ++i) {
            Eigen::Index c = 0;
            const float score = s.row(static_cast<Eigen::Index>(i - begin)).maxCoeff(&c);
            result.assignment[i] = static_cast<std::uint32_t>(c);
            clusterOf[i] = static_cast<std::int32_t>(c);
            ++result.sizes[static_cast<std::size_t>(c)];
            objective += options.spherical ? score : -score; // cosine, or squared distance
        }
    }
    result.objective = objective / static_cast<double>(rows);
    // Named after the members scored best against their centroid, by the same products.
    result.centralRows =
        centralRows(data, clusterOf, result.centroids, options.spherical, options.nameLabels);
    for (const auto& central : result.centralRows)
        result.names.push_back(clusterName(set.labels, central));
    return result;
}

} // namespace vecspace
