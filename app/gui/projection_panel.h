#pragma once

#include "vecspace/layout/custom_axes.h"
#include "vecspace/layout/projection.h"

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
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
    // "Analogy axes": each point placed by its cosine (or scalar projection) with two or three
    // expressions (x: king - queen, y: man - woman); not a core projection method, so apart.
    bool isCustom() const;
    QStringList customAxes() const; // the non-empty axis expressions, x first
    vecspace::AxisMeasure axisMeasure() const;
    void setCustomAxes(const QStringList& axes, vecspace::AxisMeasure measure);
    static constexpr int kCustomMethod = 100; // the method list's item data for analogy axes
    void setOptions(const vecspace::ProjectionOptions& options);
    // The panel's settings as JSON (sessions, QSettings) and back; unknown keys are ignored.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);

    void setRunning(bool running);
    void setDataRows(qint64 rows); // PCA component limits and UMAP neighbour limits
    void showProgress(double fraction);
    // "t-SNE: neighbours…"; an empty phase: the run has not said yet.
    void showPhase(const QString& method, const QString& phase);
    // "UMAP: epoch 30 of 200", "t-SNE: iteration 250 of 1000, KL divergence 2.1".
    void showSnapshot(const QString& method, qint64 step, qint64 steps, double klDivergence);
    void showResult(const vecspace::ProjectionResult& result);
    void showMessage(const QString& message);
    QString statusText() const; // what the status line says now
    // A layout method's name as users write it: pca -> PCA, tsne -> t-SNE, custom -> Analogy axes.
    static QString methodTitle(const QString& method);

signals:
    void runRequested();
    void stopRequested();

private:
    QWidget* createPcaPage();
    QWidget* createTsnePage();
    QWidget* createUmapPage();
    QWidget* createCustomPage();
    void updateMethodPage();

    QComboBox* m_method = nullptr;
    QComboBox* m_dims = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_metric = nullptr;
    QStackedWidget* m_pages = nullptr;
    QSpinBox* m_components[3] = {};
    QCheckBox* m_spherize = nullptr;
    QDoubleSpinBox* m_perplexity = nullptr;
    QDoubleSpinBox* m_dof = nullptr;
    QSpinBox* m_tsneIterations = nullptr;
    QSpinBox* m_neighbors = nullptr;
    QDoubleSpinBox* m_minDist = nullptr;
    QSpinBox* m_epochs = nullptr;
    QLineEdit* m_axes[3] = {};
    QComboBox* m_measure = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};
