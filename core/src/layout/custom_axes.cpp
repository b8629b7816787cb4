#include "vecspace/layout/custom_axes.h"

#include "vecspace/base/parallel.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {

RowMatrix customAxesLayout(MatrixView data, const std::vector<Eigen::VectorXf>& axes,
                           const CustomAxesOptions& options) {
    if (axes.size() < 2 || axes.size() > 3)
        throw std::invalid_argument("a custom layout takes 2 or 3 axes, not " +
                                    std::to_string(axes.size()));
    Eigen::MatrixXf directions(data.cols(), Eigen::Index(axes.size()));
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const char* name[] = {"x", "y", "z"};
        if (axes[i].size() != data.cols())
            throw std::invalid_argument(std::string("axis ") + name[i] + " has " +
                                        std::to_string(axes[i].size()) + " values; the data has " +
                                        std::to_string(data.cols()) + " dimensions");
        const float norm = axes[i].norm();
        if (!(norm > 0) || !std::isfinite(norm))
            throw std::invalid_argument(std::string("axis ") + name[i] +
                                        " is the zero vector (its words cancel out)");
        directions.col(Eigen::Index(i)) = axes[i] / norm;
    }
    RowMatrix layout = RowMatrix::Zero(data.rows(), 3);
    constexpr Eigen::Index kBlock = 8192;
    const Eigen::Index blocks = (data.rows() + kBlock - 1) / kBlock;
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallelFor(
        std::size_t(blocks),
        [&](std::size_t block) {
            const Eigen::Index begin = Eigen::Index(block) * kBlock;
            const Eigen::Index n = std::min(kBlock, data.rows() - begin);
            const Eigen::MatrixXf along = data.middleRows(begin, n) * directions;
            for (Eigen::Index r = 0; r < n; ++r) {
                float scale = 1.0f;
                if (options.measure == AxisMeasure::Cosine) {
                    const float norm = data.row(begin + r).norm();
                    scale = norm > 0 ? 1.0f / norm : 0.0f;
                }
                for (Eigen::Index c = 0; c < along.cols(); ++c)
                    layout(begin + r, c) = along(r, c) * scale;
            }
        },
        parallel);
    return layout;
}

} // namespace vecspace
