#pragma once

#include "color_panel.h"
#include "vecspace/cluster/coloring.h"

#include <QColor>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>
#include <vector>

class Dataset;
class TaskRunner;
struct ClusterOutcome;
struct ViewTheme;

// Connects the Colour panel to the active document: computes the per-point colours and the
// legend of the panel's choice into the document, runs clusterings on a worker (TaskRunner),
// keeps the colours across layouts and recolours when the theme changes. Each document keeps
// its own colouring and panel settings; a clustering goes on for its document while another is
// shown, and a result for a document since closed is dropped.
class ColorController : public QObject {
    Q_OBJECT

public:
    ColorController(ColorPanel* panel, TaskRunner* tasks, QObject* parent = nullptr);

    // A document shown for the first time colours as the panel says where its data allows
    // (the same column if it has one, clusters computed anew); one seen before gets its own
    // colouring and settings back.
    void setDocument(Dataset* document);

    // "single", "cluster" (k-means with the panel's K), "density" (HDBSCAN on the document's
    // layout), or a metadata column's name ("column:NAME" for a column named like a keyword).
    // False with a message listing the choices when the spec names nothing known.
    bool setColorBy(const QString& spec, QString* error = nullptr);
    QString colorBy() const;
    // A clustering runs, or colours wait for the document's layout.
    bool isPending() const;
    bool isRunning() const;

    std::vector<int> entryRows(int entry) const; // the rows a legend entry stands for
    bool isDarkTheme() const { return m_dark; }

    // The panel's settings as JSON and back (sessions); fromJson applies the restored choice.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);
    // A legend entry of the colouring shown highlighted, as a click on it does; -1: none.
    void setHighlightedEntry(int entry);

public slots:
    void applyChoice(); // the panel's choice, now, on the active document
    void cancel();
    // The view's theme: dark or light greys, and its default colour for the single colour.
    void setTheme(const ViewTheme& theme);

signals:
    void statusMessage(QString message);
    void runningChanged(bool running);
    void coloringReady(); // the chosen colouring is on screen
    // A clustering failed or was cancelled; the previous colouring stays.
    void coloringFailed(QString message);
    void highlightRequested(std::vector<int> rows); // a legend entry's rows; empty: none

private:
    struct State {
        ColorChoice shown;             // the colouring in the document's colours
        quint64 task = 0;              // the clustering running for it
        bool densityWaiting = false;   // density clusters asked for before it had a layout
        bool waitingForLayout = false; // colours computed, not yet on screen
    };
    State& stateOf(Dataset* document);
    void startClustering(Dataset* document, bool density);
    void onFinished(Dataset* document, const ClusterOutcome& outcome);
    void onStopped(Dataset* document, const QString& message);
    void stopClustering(Dataset* document);
    void applyPendingHighlight();
    void recolor(Dataset* document);
    void layoutChanged(Dataset* document);
    void markShown(Dataset* document);
    vecspace::ColorOptions colorOptions() const;

    ColorPanel* m_panel;
    TaskRunner* m_tasks;
    QPointer<Dataset> m_document;
    QHash<const Dataset*, State> m_states;
    bool m_dark = true;
    QColor m_themePoint; // the view's default point colour, the single colour's legend swatch
    // A legend entry to highlight once the colouring it belongs to is shown (sessions,
    // bookmarks); -1: none.
    int m_pendingHighlight = -1;
};
