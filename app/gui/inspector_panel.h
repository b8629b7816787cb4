#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/semantic/similarity_index.h"

#include <QFutureWatcher>
#include <QWidget>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

// The Inspector dock: the selected point's label and metadata, and its k nearest neighbours in
// the input space (k and metric selectable), searched on a worker thread. Clicking a neighbour
// asks to fly there; Isolate shows only the point and its neighbours.
class InspectorPanel : public QWidget {
    Q_OBJECT

public:
    explicit InspectorPanel(QWidget* parent = nullptr);
    ~InspectorPanel() override;

    // A new data set: the index (built off the GUI thread by the caller) may arrive later.
    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set);
    void setIndex(std::shared_ptr<const vecspace::SimilarityIndex> index);
    void setRow(long row); // -1: nothing selected

    long row() const { return m_row; }
    const std::vector<vecspace::Neighbor>& neighbors() const { return m_neighbors; }
    int k() const;
    void setK(int k);
    vecspace::Metric metric() const;
    void setMetric(vecspace::Metric metric);

signals:
    void neighborsChanged(long row, std::vector<std::size_t> rows);
    void neighborActivated(long row); // a click on a neighbour in the list
    void isolateRequested(std::vector<std::size_t> rows);
    void showAllRequested();

private:
    void search();
    void showNeighbors();

    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    std::shared_ptr<const vecspace::SimilarityIndex> m_index;
    long m_row = -1;
    std::vector<vecspace::Neighbor> m_neighbors;
    QFutureWatcher<std::vector<vecspace::Neighbor>> m_watcher;
    long m_pendingRow = -1;
    bool m_searchAgain = false;

    QLabel* m_label = nullptr;
    QTableWidget* m_metadata = nullptr;
    QSpinBox* m_k = nullptr;
    QComboBox* m_metric = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_isolate = nullptr;
    QPushButton* m_showAll = nullptr;
};
