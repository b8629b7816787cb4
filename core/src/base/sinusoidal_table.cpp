#include "vecspace/base/sinusoidal_table.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {

EmbeddingSet sinusoidalPositions(std::size_t positions, std::size_t dims, double base) {
    constexpr std::size_t kMax = 10'000'000;
    if (positions == 0 || dims == 0 || positions > kMax || dims > kMax ||
        positions * dims > 4 * kMax)
        throw std::invalid_argument("sinusoidal table: positions and dims must be 1 to 10^7, "
                                    "with at most 4 x 10^7 values; got " +
                                    std::to_string(positions) + " x " + std::to_string(dims));
    if (!(base > 1) || !std::isfinite(base))
        throw std::invalid_argument("sinusoidal table: the base must be above 1");
    EmbeddingSet set;
    RowMatrix vectors{Eigen::Index(positions), Eigen::Index(dims)};
    set.labels.reserve(positions);
    for (std::size_t pos = 0; pos < positions; ++pos) {
        for (std::size_t d = 0; d < dims; ++d) {
            const double rate = std::pow(base, -double(d - d % 2) / double(dims));
            const double angle = double(pos) * rate;
            vectors(Eigen::Index(pos), Eigen::Index(d)) =
                float(d % 2 == 0 ? std::sin(angle) : std::cos(angle));
        }
        set.labels.push_back(std::to_string(pos));
    }
    set.vectors = std::move(vectors);
    return set;
}

} // namespace vecspace
