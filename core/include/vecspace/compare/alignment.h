#pragma once

#include "vecspace/base/embedding_set.h"

#include <Eigen/Core>
#include <vector>

namespace vecspace {

enum class AlignmentMethod {
    // Orthogonal Procrustes (Schönemann 1966): the rotation W minimising |B W - A| over the
    // anchors; needs equal dimensions, keeps every distance of B.
    Procrustes,
    // A least-squares linear map from B's space into A's, ridge-regularised: the translation
    // matrix of Mikolov, Le and Sutskever (2013). Works across dimensions, distorts B's space.
    Linear,
};

const char* alignmentMethodName(AlignmentMethod method); // "procrustes", "linear"

struct AlignmentOptions {
    // Fit the map on the first N pairs (the most frequent shared labels); 0: on all pairs.
    std::size_t anchors = 0;
    // Linear map only: W = (BᵀB + ridge * anchors * I)⁻¹ BᵀA over the anchors.
    double ridge = 1e-3;
};

// B mapped onto A. Rows of both matrices are paired (row i of each is the same label) and
// expected unit-normalised, so distances are those of cosine space (0 to 2).
struct Alignment {
    AlignmentMethod method = AlignmentMethod::Procrustes;
    Eigen::MatrixXf map; // dims(B) x dims(A): a row b of B lands at b * map
    std::size_t anchors = 0;
    double residual = 0;             // root mean square of |b map - a| over the anchors
    RowMatrix alignedB;              // every row of B, mapped
    std::vector<float> displacement; // |b map - a| for every row
};

// Procrustes when the dimensions are equal, the linear map otherwise. Throws
// std::invalid_argument when the row counts differ, there are no rows or more anchors than rows.
Alignment alignPairs(const RowMatrix& a, const RowMatrix& b, const AlignmentOptions& options = {});

} // namespace vecspace
