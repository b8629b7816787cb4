#pragma once

#include "bookmark.h"
#include "camera.h"
#include "line_set.h"
#include "vecspace/base/embedding_set.h"
#include "vecspace/cluster/coloring.h"
#include "vecspace/io/loader.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vecspace {
class SimilarityIndex;
}
class TaskRunner;

// How a new layout should appear: the view follows these hints, the document only keeps them.
struct LayoutChange {
    bool animate = true;   // glide from the old positions (same row count only)
    bool fitCamera = true; // frame the new layout
    bool newRun = true;    // the first layout of a run (a 2D one puts the view in 2D)
};

// One open embedding file: the set, where it came from, its similarity index (built on demand
// off the GUI thread), its layout, colours, selection, hidden rows and highlights, each with a
// change signal, and what the docks keep of it while another document is active. The view and
// the docks show a document; none of them owns its state.
class Dataset : public QObject {
    Q_OBJECT

public:
    struct Source {
        QString path;
        vecspace::LoadOptions options; // as given to the loader (no progress callback)
        double seconds = 0;            // load time
        // A document made from others (a comparison's joint view) has no path but this name.
        QString title;
    };

    struct Layout {
        std::shared_ptr<const std::vector<float>> xyz; // rows x 3; null: none yet
        int dims = 3;                                  // of the layout itself (2D has z = 0)
        QString method = QStringLiteral("pca");        // pca, tsne, umap
        QJsonObject parameters;                        // the Projection panel's settings
        quint64 version = 0;                           // bumped by every setLayout
        bool fromRun = false; // computed by a run (or restored), not the overview after a load
    };

    // The selection's nearest neighbours (NeighborhoodController): lit, labelled and joined to
    // their selected row by lines in the view.
    struct Neighborhood {
        std::vector<int> centers; // the selected rows whose neighbours were searched
        std::vector<int> rows;    // their neighbours (ascending, unique; centers left out)
        std::vector<std::pair<int, int>> links; // (center, neighbour), nearest first per center
        int k = 0;
    };

    // Colour clusters of the rows, kept so that a theme change recolours without recomputing.
    struct Clusters {
        bool density = false;
        std::vector<std::int32_t> assignment; // per row, -1 for noise
        std::vector<std::string> names;       // per cluster
    };

    Dataset(std::shared_ptr<const vecspace::EmbeddingSet> set, Source source,
            QObject* parent = nullptr);
    ~Dataset() override;

    const std::shared_ptr<const vecspace::EmbeddingSet>& set() const { return m_set; }
    std::size_t rows() const { return m_set->rows(); }
    const Source& source() const { return m_source; }
    QString fileName() const;
    bool isDerived() const { return m_source.path.isEmpty() && !m_source.title.isEmpty(); }
    // The name in lists: the file name, with a number when another open document has it too.
    QString displayName() const { return m_displayName; }
    void setDisplayName(const QString& name);

    // --- similarity index ---
    std::shared_ptr<const vecspace::SimilarityIndex> similarityIndex() const { return m_index; }
    // Starts building the index on `tasks` unless it exists or is being built;
    // similarityIndexReady() follows.
    void requestSimilarityIndex(TaskRunner* tasks);

    // --- layout ---
    const Layout& layout() const { return m_layout; }
    bool hasLayout() const { return m_layout.xyz != nullptr; }
    void setLayout(std::vector<float> xyz, int dims, const QString& method,
                   const QJsonObject& parameters, bool fromRun, const LayoutChange& change = {});
    // The same with coordinates shared with others (bookmarks), rows x 3.
    void setLayout(std::shared_ptr<const std::vector<float>> xyz, int dims, const QString& method,
                   const QJsonObject& parameters, bool fromRun, const LayoutChange& change = {});
    // The layout as a rows x dims matrix (what is exported and clustered).
    vecspace::RowMatrix layoutMatrix(int dims) const;

    // --- colours ---
    const vecspace::PointColors& colors() const { return m_colors; } // rgb empty: one colour
    void setColors(vecspace::PointColors colors);
    const std::shared_ptr<const Clusters>& clusters() const { return m_clusters; }
    void setClusters(std::shared_ptr<const Clusters> clusters) { m_clusters = std::move(clusters); }

    // --- rows picked out (ascending, unique) ---
    const std::vector<int>& selection() const { return m_selection; }
    void setSelection(std::vector<int> rows);
    const std::vector<int>& hidden() const { return m_hidden; }
    void setHidden(std::vector<int> rows);
    const std::vector<int>& highlighted() const { return m_highlighted; } // empty: none dimmed
    void setHighlighted(std::vector<int> rows);
    // Labelled where space allows (any order: earlier rows win space).
    const std::vector<int>& labeledRows() const { return m_labeledRows; }
    void setLabeledRows(std::vector<int> rows);
    // Labelled before any other row (e.g. an analogy's words).
    const std::vector<int>& pinnedLabels() const { return m_pinnedLabels; }
    void setPinnedLabels(std::vector<int> rows);
    // Labelled whatever the clutter, after the pinned rows: the selection and its neighbours.
    const std::vector<int>& focusLabels() const { return m_focusLabels; }
    void setFocusLabels(std::vector<int> rows);
    const Neighborhood& neighborhood() const { return m_neighborhood; }
    void setNeighborhood(Neighborhood neighborhood);
    // The metadata column shown as each row's label in the view and the lists; empty: the
    // labels themselves. labelTexts() is what to show, the labels or that column's values.
    const QString& labelColumn() const { return m_labelColumn; }
    bool setLabelColumn(const QString& column); // false: no such column (nothing changes)
    std::shared_ptr<const std::vector<std::string>> labelTexts() const;
    QString labelText(std::size_t row) const;
    // Lines and arrows drawn over the points, one set per name (e.g. "analogy").
    const std::vector<LineSet>& lineSets() const { return m_lineSets; }
    void setLineSet(LineSet set); // replaces the set of that name
    void removeLineSet(const QString& name);

    // Named states of this document (BookmarkController), in the order listed.
    const std::vector<Bookmark>& bookmarks() const { return m_bookmarks; }
    void setBookmarks(std::vector<Bookmark> bookmarks);

    // The row the Inspector shows; -1: none.
    long inspectedRow() const { return m_inspectedRow; }
    void setInspectedRow(long row);

    // --- what the view and docks keep of this document while another is active ---
    std::optional<CameraPose> camera; // the view's pose when last shown; none: frame the layout
    bool twoD = false;                // the view's 2D mode when last shown
    QJsonObject dockState(const QString& dock) const { return m_dockState.value(dock).toObject(); }
    void setDockState(const QString& dock, const QJsonObject& state) { m_dockState[dock] = state; }

signals:
    void similarityIndexReady();
    void layoutChanged(LayoutChange change);
    void colorsChanged();
    void selectionChanged();
    void hiddenChanged();
    void highlightChanged();
    void labelsChanged(); // labelled, pinned or focus rows
    void neighborhoodChanged();
    void labelColumnChanged();
    void linesChanged();
    void inspectedRowChanged(long row);
    void bookmarksChanged();

private:
    std::vector<int> sanitized(std::vector<int> rows) const;

    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    Source m_source;
    QString m_displayName;
    std::shared_ptr<const vecspace::SimilarityIndex> m_index;
    bool m_indexRequested = false;
    Layout m_layout;
    vecspace::PointColors m_colors;
    std::shared_ptr<const Clusters> m_clusters;
    std::vector<int> m_selection, m_hidden, m_highlighted, m_labeledRows, m_pinnedLabels,
        m_focusLabels;
    Neighborhood m_neighborhood;
    QString m_labelColumn;
    std::vector<LineSet> m_lineSets;
    long m_inspectedRow = -1;
    std::vector<Bookmark> m_bookmarks;
    QJsonObject m_dockState;
};
