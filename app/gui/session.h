#pragma once

#include "bookmark.h"
#include "camera.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

// One open document in a session: the data file and how it was opened, the layout on screen
// (its coordinates, so that reopening needs no recomputation), the camera, the selection, the
// hidden rows, the docks' settings for it and its bookmarks.
struct SessionDocument {
    struct Data {
        QString path;         // absolute
        QString relativePath; // from the session file's folder; tried when `path` is gone
        QString format;       // the format name it loaded as (vecspace::formatName)
        QString labelsPath;   // as given when it was opened; empty: found beside the file
        QString metadataPath;
        qint64 limit = 0; // rows loaded; 0: all
        qint64 rows = 0;
        qint64 dims = 0;
        QString labelsHash; // Session::labelsHash() of the set: the same file, not merely as long
    };

    struct Layout {
        QString method = QStringLiteral("pca"); // what computed it: pca, tsne, umap
        int dims = 3;                           // of the layout itself (a 2D run has no z)
        QJsonObject parameters;                 // the Projection panel's settings
        std::vector<float> xyz;                 // rows x 3, as the point view holds them
    };

    Data data;
    Layout layout;
    CameraPose camera;
    bool twoD = false;               // the view's mode (a 3D layout can be looked at flat)
    std::vector<int> selection;      // ascending rows
    QStringList selectionLabels;     // their labels, checked on open
    std::vector<int> hidden;         // ascending rows (isolate)
    QJsonObject color;               // the Colour panel's settings; empty: none
    QJsonObject search;              // the Search panel's settings; empty: none
    QString labelColumn;             // the metadata column shown as labels; empty: the labels
    std::vector<Bookmark> bookmarks; // the first is what the document opens on
};

// What a session file holds: every open document in order, which one is active, and the look
// shared by all. On disk it is one JSON object (README, "Sessions"); coordinates travel as
// base64 of little-endian float32, 4 bytes per value instead of ~12 as text. Version 1 files
// (one document, written before several could be open) are read as a session of one.
struct Session {
    static constexpr int kVersion = 2;

    std::vector<SessionDocument> documents;
    int active = 0; // index into documents
    float pointSize = 5.0f;
    QString theme = QStringLiteral("dark"); // dark or light
    // A comparison between two of the documents: {"a": index, "b": index, its settings}
    // (CompareSettings); empty: none.
    QJsonObject compare;

    QByteArray toJson() const;
    // Checks the structure (types, sizes, the coordinates' length against the row count); a
    // failure names `fileName` and says what was expected and what was found.
    static std::optional<Session> fromJson(const QByteArray& bytes, const QString& fileName,
                                           QString* error);

    // FNV-1a (64-bit) over every label followed by a newline, as 16 hex digits.
    static QString labelsHash(const std::vector<std::string>& labels);
};
