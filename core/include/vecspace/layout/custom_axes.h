#pragma once
// The Projector's "custom projection" and Parallax's formula axes: each row placed by how far
// it goes along two or three directions the user names (king - queen, man - woman).

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <vector>

namespace vecspace {

enum class AxisMeasure {
    Cosine,     // cos(row, axis): in [-1, 1], ignores the row's length
    Projection, // row . axis / |axis|: the scalar projection, in the data's units
};

struct CustomAxesOptions {
    AxisMeasure measure = AxisMeasure::Cosine;
    unsigned threads = 0;
    ProgressFn progress;
};

// rows x 3 (z is 0 with two axes). Each axis has dims values and is not zero; rows of zero
// length get 0 under Cosine. Throws std::invalid_argument for fewer than 2 or more than 3 axes,
// a zero axis or the wrong length; Cancelled when progress says stop.
RowMatrix customAxesLayout(MatrixView data, const std::vector<Eigen::VectorXf>& axes,
                           const CustomAxesOptions& options = {});

} // namespace vecspace
