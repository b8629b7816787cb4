#pragma once

#include "vecspace/semantic/similarity_index.h"

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

class Dataset;
class TaskRunner;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

// The Inspector dock: the active document's inspected row (its label and metadata) and its k
// nearest neighbours in the input space (k and metric selectable), searched on a worker
// (TaskRunner) once the document's similarity index is built. Clicking a neighbour asks to fly
// there; Isolate shows only the point and its neighbours.
class InspectorPanel : public QWidget {
    Q_OBJECT

public:
    explicit InspectorPanel(TaskRunner* tasks, QWidget* parent = nullptr);
    ~InspectorPanel() override;

    // Shows the document's inspected row, and follows it; asks for its similarity index.
    void setDocument(Dataset* document);
    void setRow(long row); // the document's inspected row; -1: nothing selected

    long row() const { return m_row; }
    const std::vector<vecspace::Neighbor>& neighbors() const { return m_neighbors; }
    int k() const;
    void setK(int k);
    void setMaximumK(int k);
    vecspace::Metric metric() const;
    void setMetric(vecspace::Metric metric);

signals:
    void neighborsChanged(long row, std::vector<std::size_t> rows);
    void kChanged(int k);
    void metricChanged(vecspace::Metric metric);
    void neighborActivated(long row); // a click on a neighbour in the list
    void isolateRequested(std::vector<std::size_t> rows);
    void showAllRequested();

private:
    void showRow(long row);
    void search();
    void showNeighbors(long row, std::vector<vecspace::Neighbor> neighbors);

    TaskRunner* m_tasks;
    QPointer<Dataset> m_document;
    long m_row = -1;
    std::vector<vecspace::Neighbor> m_neighbors;

    QLabel* m_label = nullptr;
    QTableWidget* m_metadata = nullptr;
    QSpinBox* m_k = nullptr;
    QComboBox* m_metric = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_isolate = nullptr;
    QPushButton* m_showAll = nullptr;
};
