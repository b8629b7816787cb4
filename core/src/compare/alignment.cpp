#include "vecspace/compare/alignment.h"

#include <Eigen/Cholesky>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

template <typename Fn> void forBlocks(Eigen::Index rows, Fn&& fn) {
    constexpr Eigen::Index kBlock = 4096;
    for (Eigen::Index first = 0; first < rows; first += kBlock)
        fn(first, std::min(kBlock, rows - first));
}

} // namespace

const char* alignmentMethodName(AlignmentMethod method) {
    return method == AlignmentMethod::Procrustes ? "procrustes" : "linear";
}

Alignment alignPairs(const RowMatrix& a, const RowMatrix& b, const AlignmentOptions& options) {
    if (a.rows() != b.rows())
        throw std::invalid_argument("alignment: " + std::to_string(a.rows()) + " rows of A but " +
                                    std::to_string(b.rows()) + " of B");
    const auto rows = static_cast<std::size_t>(a.rows());
    if (rows == 0) throw std::invalid_argument("alignment: no shared rows to fit on");
    if (options.anchors > rows)
        throw std::invalid_argument("alignment: " + std::to_string(options.anchors) +
                                    " anchors asked for, but only " + std::to_string(rows) +
                                    " shared labels");
    if (!(options.ridge >= 0) || !std::isfinite(options.ridge))
        throw std::invalid_argument("alignment: the ridge must be a finite number >= 0");

    Alignment out;
    out.anchors = options.anchors > 0 ? options.anchors : rows;
    const auto n = static_cast<Eigen::Index>(out.anchors);
    // Sums over the anchors in double, a block at a time: 100,000 float rows lose digits in
    // float sums, and double copies of both whole matrices would double the memory.
    const Eigen::Index dimsA = a.cols();
    const Eigen::Index dimsB = b.cols();
    Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(dimsB, dimsA); // BᵀA
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(dimsB, dimsB);  // BᵀB, for the linear map
    const bool linear = dimsA != dimsB;
    forBlocks(n, [&](Eigen::Index first, Eigen::Index count) {
        const Eigen::MatrixXd blockA = a.middleRows(first, count).cast<double>();
        const Eigen::MatrixXd blockB = b.middleRows(first, count).cast<double>();
        cross.noalias() += blockB.transpose() * blockA;
        if (linear) gram.noalias() += blockB.transpose() * blockB;
    });
    Eigen::MatrixXd map;
    if (!linear) {
        out.method = AlignmentMethod::Procrustes;
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(cross, Eigen::ComputeThinU | Eigen::ComputeThinV);
        map = svd.matrixU() * svd.matrixV().transpose();
    } else {
        out.method = AlignmentMethod::Linear;
        gram.diagonal().array() += options.ridge * static_cast<double>(n);
        // Positive definite with a ridge; LDLT also copes with ridge 0 on a full-rank B.
        map = gram.ldlt().solve(cross);
        if (!map.allFinite())
            throw std::invalid_argument(
                "alignment: the linear map is singular (fewer independent anchors than B's "
                "dimensions); use more anchors or a ridge above 0");
    }
    double squares = 0;
    forBlocks(n, [&](Eigen::Index first, Eigen::Index count) {
        squares += (b.middleRows(first, count).cast<double>() * map -
                    a.middleRows(first, count).cast<double>())
                       .squaredNorm();
    });
    out.residual = std::sqrt(squares / static_cast<double>(n));
    out.map = map.cast<float>();
    out.alignedB.noalias() = b * out.map;
    out.displacement.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        out.displacement[i] = (out.alignedB.row(row) - a.row(row)).norm();
    }
    return out;
}

} // namespace vecspace
