#include "vecspace/cluster/cluster_names.h"

#include "base/top_k.h"

#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

constexpr std::size_t kBlock = 4096; // k-means's block, so that the products are the same ones

void checkAssignment(std::span<const std::int32_t> assignment, std::size_t rows,
                     std::size_t clusters) {
    if (assignment.size() != rows)
        throw std::invalid_argument("cluster names: " + std::to_string(assignment.size()) +
                                    " labels for " + std::to_string(rows) + " rows");
    for (std::int32_t label : assignment)
        if (label < -1 || (label >= 0 && static_cast<std::size_t>(label) >= clusters))
            throw std::invalid_argument("cluster names: label " + std::to_string(label) +
                                        " is outside -1 .. " + std::to_string(clusters) + " - 1");
}

std::vector<std::vector<std::size_t>> bestRows(const std::vector<TopK>& tops) {
    std::vector<std::vector<std::size_t>> out(tops.size());
    for (std::size_t c = 0; c < tops.size(); ++c)
        for (const Neighbor& n : tops[c].sorted())
            out[c].push_back(n.row);
    return out;
}

} // namespace

std::vector<std::vector<std::size_t>> centralRows(MatrixView data,
                                                  std::span<const std::int32_t> assignment,
                                                  const RowMatrix& centroids, bool spherical,
                                                  std::size_t count) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t k = static_cast<std::size_t>(centroids.rows());
    checkAssignment(assignment, rows, k);
    if (centroids.cols() != data.cols())
        throw std::invalid_argument("cluster names: centroids and rows differ in dimensions");
    // The same expressions as k-means's scores: cosine of unit rows, or
    // 2 x.c - |c|^2 - |x|^2 = minus the squared distance.
    Eigen::VectorXf squaredNorms;
    if (!spherical) squaredNorms = data.rowwise().squaredNorm();
    const Eigen::VectorXf centroidNorms = centroids.rowwise().squaredNorm();
    std::vector<TopK> tops(k, TopK(count));
    for (std::size_t begin = 0; begin < rows; begin += kBlock) {
        const std::size_t end = std::min(rows, begin + kBlock);
        const auto n = static_cast<Eigen::Index>(end - begin);
        Eigen::MatrixXf s =
            data.middleRows(static_cast<Eigen::Index>(begin), n) * centroids.transpose();
        if (!spherical) {
            s = (2 * s).rowwise() - centroidNorms.transpose();
            s.colwise() -= squaredNorms.segment(static_cast<Eigen::Index>(begin), n);
        }
        for (std::size_t i = begin; i < end; ++i)
            if (const std::int32_t c = assignment[i]; c >= 0)
                tops[static_cast<std::size_t>(c)].push(i,
                                                       s(static_cast<Eigen::Index>(i - begin), c));
    }
    return bestRows(tops);
}

std::string clusterName(const std::vector<std::string>& labels,
                        const std::vector<std::size_t>& rows) {
    std::string name;
    for (std::size_t row : rows)
        name += (name.empty() ? "" : ", ") + labels.at(row);
    return name;
}

ClusterNames nameClusters(const EmbeddingSet& set, std::span<const std::int32_t> assignment,
                          std::size_t clusters, const ClusterNameOptions& options) {
    const std::size_t rows = set.rows();
    checkAssignment(assignment, rows, clusters);
    const auto dims = static_cast<Eigen::Index>(set.dims());
    auto unitRow = [&](std::size_t i) -> Eigen::RowVectorXf {
        Eigen::RowVectorXf v = set.vectors.row(static_cast<Eigen::Index>(i));
        if (options.spherical)
            if (const float norm = v.norm(); norm > 0) v /= norm;
        return v;
    };

    // Centroids, summed in double: a cluster may hold a large share of 341k rows.
    ClusterNames out;
    out.sizes.assign(clusters, 0);
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(clusters), dims);
    for (std::size_t i = 0; i < rows; ++i)
        if (const std::int32_t c = assignment[i]; c >= 0) {
            sums.row(c) += unitRow(i).cast<double>();
            ++out.sizes[static_cast<std::size_t>(c)];
        }
    out.centroids = RowMatrix::Zero(static_cast<Eigen::Index>(clusters), dims);
    for (std::size_t c = 0; c < clusters; ++c) {
        if (out.sizes[c] == 0) continue;
        Eigen::RowVectorXd mean = sums.row(static_cast<Eigen::Index>(c)) / double(out.sizes[c]);
        if (options.spherical)
            if (const double norm = mean.norm(); norm > 0) mean /= norm;
        out.centroids.row(static_cast<Eigen::Index>(c)) = mean.cast<float>();
    }

    // Each row against its own centroid only: rows x dims work, whatever the number of clusters.
    std::vector<TopK> tops(clusters, TopK(options.nameLabels));
    for (std::size_t i = 0; i < rows; ++i) {
        const std::int32_t c = assignment[i];
        if (c < 0) continue;
        const auto centroid = out.centroids.row(c);
        const float score =
            options.spherical ? unitRow(i).dot(centroid) : -(unitRow(i) - centroid).squaredNorm();
        tops[static_cast<std::size_t>(c)].push(i, score);
    }
    out.centralRows = bestRows(tops);
    for (const auto& central : out.centralRows)
        out.names.push_back(clusterName(set.labels, central));
    return out;
}

} // namespace vecspace
