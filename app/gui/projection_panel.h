#pragma once

#include "vecspace/layout/projection.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

// The Projection dock: method and parameters, Run/Stop, and the run's live state (iteration,
// KL divergence, explained variance). It only describes runs; MainWindow owns the runner.
class ProjectionPanel : public QWidget {
    Q_OBJECT

public:
    explicit ProjectionPanel(QWidget* parent = nullptr);

    vecspace::ProjectionOptions options() const;
    void setOptions(const vecspace::ProjectionOptions& options);
    // The panel's settings as JSON (sessions, QSettings) and back; unknown keys are ignored.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);

    void setRunning(bool running);
    void setDataRows(qint64 rows); // PCA component limits and UMAP neighbour limits
    void showProgress(double fraction);
    void showSnapshot(qint64 step, qint64 steps, double klDivergence);
    void showResult(const vecspace::ProjectionResult& result);
    void showMessage(const QString& message);

signals:
    void runRequested();
    void stopRequested();

private:
    QWidget* createPcaPage();
    QWidget* createTsnePage();
    QWidget* createUmapPage();
    void updateMethodPage();

    QComboBox* m_method = nullptr;
    QComboBox* m_dims = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_metric = nullptr;
    QStackedWidget* m_pages = nullptr;
    QSpinBox* m_components[3] = {};
    QCheckBox* m_spherize = nullptr;
    QDoubleSpinBox* m_perplexity = nullptr;
    QSpinBox* m_tsneIterations = nullptr;
    QSpinBox* m_neighbors = nullptr;
    QDoubleSpinBox* m_minDist = nullptr;
    QSpinBox* m_epochs = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};
