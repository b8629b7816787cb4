#include "projection_controller.h"

#include "point_view.h"
#include "projection_panel.h"
#include "projection_runner.h"

ProjectionController::ProjectionController(ProjectionPanel* panel, PointView* view, QObject* parent)
    : QObject(parent), m_panel(panel), m_view(view), m_runner(new ProjectionRunner(this)) {
    connect(m_panel, &ProjectionPanel::runRequested, this, &ProjectionController::run);
    connect(m_panel, &ProjectionPanel::stopRequested, this, &ProjectionController::cancel);
    connect(m_runner, &ProjectionRunner::progress, m_panel, &ProjectionPanel::showProgress);
    connect(m_runner, &ProjectionRunner::progress, this, &ProjectionController::progress);
    connect(m_runner, &ProjectionRunner::snapshot, this,
            [this](std::shared_ptr<const vecspace::RowMatrix> layout, qint64 step, qint64 steps,
                   double kl) {
                m_panel->showSnapshot(step, steps, kl);
                // Later layouts move the points under the camera, so a user orbiting or zooming
                // during the run keeps their view while the layout stays in frame.
                showLayout(*layout, m_firstSnapshot);
                m_firstSnapshot = false;
            });
    connect(m_runner, &ProjectionRunner::finished, this,
            [this](std::shared_ptr<const vecspace::ProjectionResult> result) {
                m_last = result;
                setRunning(false);
                m_panel->showResult(*result);
                showLayout(result->coordinates, m_firstSnapshot, true);
                emit statusMessage(
                    tr("%1 layout ready in %2 s")
                        .arg(QString::fromLatin1(vecspace::projectionMethodName(result->method))
                                 .toUpper())
                        .arg(result->seconds, 0, 'f', 2));
                emit layoutFinished(result);
            });
    connect(m_runner, &ProjectionRunner::failed, this, [this](const QString& message) {
        setRunning(false);
        m_panel->showMessage(tr("Failed: %1").arg(message));
        emit statusMessage(tr("Layout failed: %1").arg(message));
        emit layoutFailed(message);
    });
    connect(m_runner, &ProjectionRunner::cancelled, this, [this] {
        setRunning(false);
        m_panel->showMessage(tr("Stopped"));
        emit statusMessage(tr("Layout stopped"));
        emit layoutFailed(tr("the layout was stopped"));
    });
}

void ProjectionController::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    if (m_runner->isRunning()) m_runner->cancel();
    m_set = std::move(set);
    m_last.reset();
    m_shownLayout = false;
    if (m_set) m_panel->setDataRows(static_cast<qint64>(m_set->rows()));
}

void ProjectionController::run() {
    if (!m_set) return;
    vecspace::ProjectionOptions options = m_panel->options();
    m_firstSnapshot = true;
    setRunning(true);
    m_panel->showMessage(tr("Running…"));
    m_runner->start(m_set, options);
}

void ProjectionController::runWith(const vecspace::ProjectionOptions& options) {
    m_panel->setOptions(options);
    run();
}

vecspace::ProjectionOptions ProjectionController::options() const {
    return m_panel->options();
}

void ProjectionController::cancel() {
    m_runner->cancel();
}

void ProjectionController::setRunning(bool running) {
    m_panel->setRunning(running);
    emit runningChanged(running);
}

bool ProjectionController::isRunning() const {
    return m_runner->isRunning();
}

void ProjectionController::showLayout(const vecspace::RowMatrix& coordinates, bool firstOfRun,
                                      bool final) {
    const float extent = coordinates.size() > 0 ? coordinates.cwiseAbs().maxCoeff() : 0.0f;
    // While running, only a layout half as large again re-frames (the camera would otherwise
    // jump at every snapshot); the final layout is framed whenever it outgrew the frame at all.
    const float grown = final ? 1.0f : 1.5f;
    const bool fitCamera =
        firstOfRun || extent > grown * m_framedExtent || extent < 0.5f * m_framedExtent;
    if (fitCamera) m_framedExtent = extent;
    m_shownLayout = true;
    const auto rows = static_cast<std::size_t>(coordinates.rows());
    const auto dims = static_cast<std::size_t>(coordinates.cols());
    std::vector<float> xyz(rows * 3, 0.0f);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t d = 0; d < dims && d < 3; ++d)
            xyz[r * 3 + d] =
                coordinates(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(d));
    // Only with a new layout: a user who flattens a 3D run keeps that while it runs.
    if (firstOfRun) m_view->set2DMode(dims == 2);
    PointView::Transition transition;
    transition.animate = firstOfRun; // a new method's first layout glides; snapshots just move
    transition.fitCamera = fitCamera;
    m_view->setPositions(std::move(xyz), transition);
}
