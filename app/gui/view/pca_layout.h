#pragma once

#include "vecspace/base/embedding_set.h"

#include <QString>
#include <memory>
#include <vector>

// A set's first three principal components as point-view positions, rows x 3 floats.
struct PcaLayout {
    std::shared_ptr<const vecspace::EmbeddingSet> set; // what the layout is of
    std::vector<float> xyz;                            // empty when the PCA failed
    QString error;                                     // why it failed; empty on success
    std::vector<double> explainedVarianceRatio;        // of each component, as shares of the total
    std::vector<double> explainedVariance;
    double seconds = 0;
};

// Blocking (about 0.1 s for 341k rows x 100 dims): call it on a worker thread. A set with fewer
// than three rows or dimensions gets zeros for the missing components.
PcaLayout computePcaLayout(std::shared_ptr<const vecspace::EmbeddingSet> set);
