#pragma once

#include "camera.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <vector>

// A named state of one document, as the Embedding Projector's bookmarks are: the layout on
// screen, the camera, the selection, the hidden rows, the colouring with its legend highlight,
// the search and the label column. Kept with the document and in session files; restored in
// one click. Bookmarks of the same layout share its coordinates.
struct Bookmark {
    QString name;
    QString description;

    QString method = QStringLiteral("pca"); // what computed the layout: pca, tsne, umap, custom
    int dims = 3;
    QJsonObject parameters;                        // the Projection panel's settings
    std::shared_ptr<const std::vector<float>> xyz; // rows x 3

    CameraPose camera;
    bool twoD = false;
    std::vector<int> selection; // ascending rows
    std::vector<int> hidden;    // ascending rows
    QJsonObject color;          // the Colour panel's settings, "highlight" its legend entry
    QJsonObject search;         // the Search panel's settings
    QString labelColumn;        // empty: the labels
};
