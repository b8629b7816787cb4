#pragma once

#include "vecspace/semantic/similarity_index.h"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <functional>
#include <vector>

class Dataset;
class TaskRunner;

// Finds the k nearest neighbours (in the input space, by the Inspector's metric) of each selected
// row of the active document, off the GUI thread, and writes them into the document: its
// neighbourhood (lit and ringed in the view) and the "neighbors" line set from each selected
// row to its neighbours. A large selection searches only its first kMaxCenters rows: the view
// must stay readable and the search quick.
class NeighborhoodController : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxK = 200;
    static constexpr std::size_t kMaxCenters = 64;
    static inline const QString kLineSet = QStringLiteral("neighbors");

    NeighborhoodController(TaskRunner* tasks, QObject* parent = nullptr);

    void setDocument(Dataset* document);
    int k() const { return m_k; }
    void setK(int k); // 1..kMaxK
    vecspace::Metric metric() const { return m_metric; }
    void setMetric(vecspace::Metric metric);
    // Off: the selection is lit alone, without neighbours or lines.
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool on);
    void setLineColor(const QColor& color);
    bool isPending() const { return m_pending; }
    // Runs `then` once the active document's neighbourhood is up to date (at once if it is);
    // dropped if another document becomes active first.
    void whenReady(std::function<void()> then);

signals:
    void kChanged(int k);
    void enabledChanged(bool on);
    void neighborhoodReady(); // the active document's neighbourhood is up to date

private:
    void update();
    void clear(Dataset* document);
    void apply(Dataset* document, std::vector<int> centers,
               std::vector<std::vector<vecspace::Neighbor>> lists);

    TaskRunner* m_tasks;
    QPointer<Dataset> m_document;
    int m_k = 10;
    vecspace::Metric m_metric = vecspace::Metric::Cosine;
    bool m_enabled = true;
    bool m_pending = false;
    std::vector<std::function<void()>> m_waiting;
    QColor m_lineColor = QColor(255, 166, 48);
};
