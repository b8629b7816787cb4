#pragma once

#include "color_panel.h"
#include "vecspace/base/embedding_set.h"
#include "vecspace/cluster/coloring.h"

#include <QColor>
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

class ClusterRunner;
struct ClusterOutcome;
class PointView;

// Connects the Colour panel, the clustering worker and the point view: computes the per-point
// colours and the legend of the panel's choice, runs clusterings off the GUI thread (progress
// and cancel through the owner's status bar), keeps the colours across layouts and recolours
// when the theme changes. A result computed for a data set that has since been replaced is
// dropped.
class ColorController : public QObject {
    Q_OBJECT

public:
    ColorController(ColorPanel* panel, PointView* view, QObject* parent = nullptr);

    // A new set keeps the colouring where it can: the same column if the set has it, clusters
    // computed again (density ones once its layout is shown); else a single colour.
    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set);

    // "single", "cluster" (k-means with the panel's K), "density" (HDBSCAN on the view's
    // layout), or a metadata column's name ("column:NAME" for a column named like a keyword).
    // False with a message listing the choices when the spec names nothing known.
    bool setColorBy(const QString& spec, QString* error = nullptr);
    QString colorBy() const;
    // A clustering runs, or colours wait for the view to show the set's layout.
    bool isPending() const;
    bool isRunning() const;

    const vecspace::PointColors& colors() const { return m_colors; } // rgb empty: single colour
    std::vector<int> entryRows(int entry) const; // the rows a legend entry stands for
    bool isDarkTheme() const { return m_dark; }

    // The panel's settings as JSON and back (sessions); fromJson applies the restored choice.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);

public slots:
    void applyChoice(); // the panel's choice, now
    void cancel();
    // The view shows a new layout: colours waiting for it go on, a density clustering waiting
    // for it starts.
    void layoutChanged();
    void setDarkTheme(bool dark);
    // Re-reads the view's theme (connected to PointView::lookChanged): the dark or light greys,
    // as its background is dark or light, and its default colour for the single colour.
    void syncTheme();

signals:
    void statusMessage(QString message);
    void progress(double fraction);
    void runningChanged(bool running);
    void coloringReady(); // the chosen colouring is on screen
    // A clustering failed or was cancelled; the previous colouring stays.
    void coloringFailed(QString message);
    void highlightRequested(std::vector<int> rows); // a legend entry's rows; empty: none

private:
    void startClustering(bool density);
    void startDensity();
    void onFinished(const std::shared_ptr<const ClusterOutcome>& outcome);
    void onStopped(const QString& message);
    void recolor();
    void applyToView();
    vecspace::ColorOptions colorOptions() const;

    ColorPanel* m_panel;
    PointView* m_view;
    ClusterRunner* m_runner;
    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    ColorChoice m_shown;                              // the colouring in m_colors
    std::shared_ptr<const ClusterOutcome> m_clusters; // when m_shown is a clustering
    vecspace::PointColors m_colors;
    bool m_dark = true;
    QColor m_themePoint; // the view's default point colour, the single colour's legend swatch
    bool m_waitingForLayout = false; // m_colors not yet in the view
    bool m_densityWaiting = false;   // density clusters asked for before a layout was shown
};
