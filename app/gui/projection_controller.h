#pragma once

#include "vecspace/embedding_set.h"
#include "vecspace/projection.h"

#include <QObject>
#include <memory>

class PointView;
class ProjectionPanel;
class ProjectionRunner;

// Connects the Projection panel, the worker that computes layouts and the point view: Run starts
// the panel's method on the current data set, intermediate t-SNE/UMAP layouts animate in the
// view while the view stays interactive, Stop cancels within one snapshot.
class ProjectionController : public QObject {
    Q_OBJECT

public:
    ProjectionController(ProjectionPanel* panel, PointView* view, QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set); // cancels a run
    void run();
    void cancel();
    bool isRunning() const;
    std::shared_ptr<const vecspace::ProjectionResult> lastResult() const { return m_last; }

signals:
    void statusMessage(QString message);
    void layoutFinished(std::shared_ptr<const vecspace::ProjectionResult> result);

private:
    void showLayout(const vecspace::RowMatrix& coordinates, bool fitCamera);

    ProjectionPanel* m_panel;
    PointView* m_view;
    ProjectionRunner* m_runner;
    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    std::shared_ptr<const vecspace::ProjectionResult> m_last;
    bool m_firstSnapshot = true;
};
