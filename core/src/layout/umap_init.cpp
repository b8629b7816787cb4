#include "layout/umap_init.h"

#include "layout/umap_random.h"
#include "layout/umap_spectral.h"
#include "vecspace/layout/knn_graph.h"
#include "vecspace/layout/pca.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vecspace {
namespace {

constexpr std::size_t kPairwiseComponents = 4096;

using umaprandom::normal;
using umaprandom::uniform;

Eigen::MatrixXd randomLayout(std::size_t rows, std::size_t dim, std::uint64_t seed,
                             std::uint64_t stream, double low, double high) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim));
    for (Eigen::Index i = 0; i < out.rows(); ++i)
        for (Eigen::Index d = 0; d < out.cols(); ++d)
            out(i, d) =
                low + (high - low) *
                          uniform(umaprandom::hash(seed, stream,
                                                   static_cast<std::uint64_t>(i * out.cols() + d)));
    return out;
}

// PCA coordinates, padded with zero columns when the data have fewer dimensions than the layout.
Eigen::MatrixXd pcaLayout(MatrixView data, std::size_t dim, std::uint64_t seed, unsigned threads) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(data.rows(), static_cast<Eigen::Index>(dim));
    PcaOptions pca;
    pca.components = std::min<std::size_t>(
        {dim, static_cast<std::size_t>(data.cols()), static_cast<std::size_t>(data.rows())});
    pca.seed = seed;
    pca.threads = threads;
    const PcaResult result = computePca(data, pca);
    out.leftCols(result.coordinates.cols()) = result.coordinates.cast<double>();
    return out;
}

// The vertices of each component and the component's own graph (vertices renumbered).
SparseGraph subgraph(const SparseGraph& graph, const std::vector<std::uint32_t>& vertices,
                     std::vector<std::uint32_t>& localIndex) {
    SparseGraph out;
    out.rows = vertices.size();
    out.rowStart.assign(vertices.size() + 1, 0);
    for (std::size_t v = 0; v < vertices.size(); ++v)
        localIndex[vertices[v]] = static_cast<std::uint32_t>(v);
    for (std::size_t v = 0; v < vertices.size(); ++v) {
        const std::uint32_t i = vertices[v];
        for (std::size_t e = graph.rowStart[i]; e < graph.rowStart[i + 1]; ++e) {
            out.cols.push_back(localIndex[graph.cols[e]]);
            out.weights.push_back(graph.weights[e]);
        }
        out.rowStart[v + 1] = out.cols.size();
    }
    return out;
}

Eigen::MatrixXd metaLayout(MatrixView data, const std::vector<std::uint32_t>& component,
                           std::size_t count, std::size_t dim, const UmapInitOptions& options) {
    Eigen::MatrixXd meta =
        Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dim));
    if (count <= 2 * dim) {
        const auto half = static_cast<Eigen::Index>((count + 1) / 2);
        for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(count); ++c)
            meta(c, c % half) = c < half ? 1.0 : -1.0;
        return meta;
    }
    RowMatrix centroids = RowMatrix::Zero(static_cast<Eigen::Index>(count), data.cols());
    std::vector<double> sizes(count, 0.0);
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        centroids.row(component[static_cast<std::size_t>(i)]) += data.row(i);
        sizes[component[static_cast<std::size_t>(i)]] += 1;
    }
    for (std::size_t c = 0; c < count; ++c)
        centroids.row(static_cast<Eigen::Index>(c)) /= static_cast<float>(sizes[c]);
    meta = pcaLayout(centroids, dim, options.seed, options.threads);
    const double largest = meta.cwiseAbs().maxCoeff();
    if (largest > 0) meta /= largest;
    return meta;
}

// Half the distance from each meta position to the nearest distinct other one (umap-learn's
// data_range). Pairwise below a few thousand components; above, through the k-NN graph, since
// thousands of components (a fragmented graph) would make the pairs the slowest part.
std::vector<double> componentRanges(const Eigen::MatrixXd& meta, unsigned threads) {
    const auto count = static_cast<std::size_t>(meta.rows());
    std::vector<double> nearest(count, std::numeric_limits<double>::infinity());
    if (count <= kPairwiseComponents) {
        for (std::size_t c = 0; c < count; ++c)
            for (std::size_t o = 0; o < count; ++o) {
                const double d = (meta.row(Eigen::Index(o)) - meta.row(Eigen::Index(c))).norm();
                if (d > 0) nearest[c] = std::min(nearest[c], d);
            }
    } else {
        KnnOptions knn;
        knn.k = std::min<std::size_t>(count - 1, 32);
        knn.method = KnnMethod::Exact;
        knn.threads = threads;
        const RowMatrix points = meta.cast<float>();
        const KnnGraph graph = computeKnnGraph(points, knn);
        for (std::size_t c = 0; c < count; ++c)
            for (std::size_t j = 0; j < knn.k && std::isinf(nearest[c]); ++j)
                if (graph.distancesOf(c)[j] > 0) nearest[c] = graph.distancesOf(c)[j];
    }
    for (double& d : nearest)
        d = std::isfinite(d) ? d / 2 : 1.0;
    return nearest;
}

Eigen::MatrixXd multiComponentLayout(MatrixView data, const SparseGraph& graph,
                                     const std::vector<std::uint32_t>& component, std::size_t count,
                                     const UmapInitOptions& options) {
    const std::size_t dim = options.components;
    const Eigen::MatrixXd meta = metaLayout(data, component, count, dim, options);
    const std::vector<double> ranges = componentRanges(meta, options.threads);
    std::vector<std::vector<std::uint32_t>> members(count);
    for (std::size_t i = 0; i < graph.rows; ++i)
        members[component[i]].push_back(static_cast<std::uint32_t>(i));

    Eigen::MatrixXd out(static_cast<Eigen::Index>(graph.rows), static_cast<Eigen::Index>(dim));
    std::vector<std::uint32_t> localIndex(graph.rows);
    for (std::size_t c = 0; c < count; ++c) {
        if (options.progress && !options.progress(static_cast<double>(c) / count))
            throw Cancelled();
        const auto ci = static_cast<Eigen::Index>(c);
        const double range = ranges[c];
        const std::vector<std::uint32_t>& vertices = members[c];
        Eigen::MatrixXd local;
        if (vertices.size() < 2 * dim || vertices.size() <= dim + 1) {
            local = randomLayout(vertices.size(), dim, options.seed + c, umaprandom::kComponentInit,
                                 -range, range);
        } else {
            SpectralOptions spectral;
            spectral.components = dim;
            spectral.seed = options.seed + c;
            spectral.threads = options.threads;
            local = laplacianEigenvectors(subgraph(graph, vertices, localIndex), spectral).vectors;
            const double largest = local.cwiseAbs().maxCoeff();
            if (largest > 0) local *= range / largest;
        }
        for (std::size_t v = 0; v < vertices.size(); ++v)
            out.row(vertices[v]) = local.row(static_cast<Eigen::Index>(v)) + meta.row(ci);
    }
    return out;
}

} // namespace

UmapInitResult initialLayout(MatrixView data, const SparseGraph& graph,
                             const UmapInitOptions& options) {
    const std::size_t rows = graph.rows;
    const std::size_t dim = options.components;
    UmapInitResult result;
    std::vector<std::uint32_t> component;
    result.graphComponents = connectedComponents(graph, component);
    result.used = options.init;
    if (options.init == UmapInit::Spectral && rows < dim + 2) result.used = UmapInit::Random;

    Eigen::MatrixXd layout;
    if (result.used == UmapInit::Random) {
        layout = randomLayout(rows, dim, options.seed, umaprandom::kRandomInit, -10.0, 10.0);
    } else {
        if (result.used == UmapInit::Pca) {
            layout = pcaLayout(data, dim, options.seed, options.threads);
        } else if (result.graphComponents == 1) {
            SpectralOptions spectral;
            spectral.components = dim;
            spectral.seed = options.seed;
            spectral.threads = options.threads;
            spectral.progress = options.progress;
            layout = laplacianEigenvectors(graph, spectral).vectors;
        } else {
            layout = multiComponentLayout(data, graph, component, result.graphComponents, options);
        }
        const double largest = layout.cwiseAbs().maxCoeff();
        const double expansion = largest > 0 ? 10.0 / largest : 1.0;
        for (Eigen::Index i = 0; i < layout.rows(); ++i)
            for (Eigen::Index d = 0; d < layout.cols(); ++d)
                layout(i, d) = layout(i, d) * expansion +
                               1e-4 * normal(options.seed, umaprandom::kInitNoise,
                                             static_cast<std::uint64_t>(i * layout.cols() + d));
    }

    // umap-learn maps every start, whatever its kind, onto [0, 10] per axis.
    result.coordinates.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim));
    for (Eigen::Index d = 0; d < layout.cols(); ++d) {
        const double lo = layout.col(d).minCoeff();
        const double span = layout.col(d).maxCoeff() - lo;
        for (Eigen::Index i = 0; i < layout.rows(); ++i)
            result.coordinates(i, d) =
                static_cast<float>(span > 0 ? 10.0 * (layout(i, d) - lo) / span : 0.0);
    }
    return result;
}

} // namespace vecspace
