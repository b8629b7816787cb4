#pragma once

#include "dataset.h"
#include "line_set.h"
#include "vecspace/semantic/analogy_solver.h"

#include <QString>
#include <vector>

// How an answered analogy appears over a document's layout: arrows a -> b for each example pair
// and c -> each shown result (solid), c -> the computed point (dashed), the words labelled and
// highlighted. A PCA layout is a linear map, so a computed point whose weights sum to one
// (b - a + c, c plus a mean offset) is drawn exactly where PCA would put it; in other layouts,
// and in a spherized PCA, it is drawn at its nearest word, and the note says so.
struct AnalogyDrawing {
    LineSet offsets;              // named kOffsets
    LineSet computed;             // named kComputed
    std::vector<int> labelled;    // inputs, then the shown results (pinned labels)
    std::vector<int> highlighted; // the same rows, standing out in the view
    QVector3D point;              // where the computed point is drawn
    bool exact = false;           // drawn at its exact projection
    QString note;                 // "PCA: …", "t-SNE: drawn at its nearest word, king"

    static inline const QString kOffsets = QStringLiteral("analogy");
    static inline const QString kComputed = QStringLiteral("analogy-point");
};

// `pointRow`: the row nearest the computed point (cosine, nothing excluded); `shown`: how many
// of the best results get an arrow and a label.
AnalogyDrawing drawAnalogy(const vecspace::AnalogyReport& report, const Dataset::Layout& layout,
                           const std::vector<std::string>& labels, long pointRow,
                           std::size_t shown = 3);
