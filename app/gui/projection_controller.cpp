#include "projection_controller.h"

#include "dataset.h"
#include "projection_panel.h"
#include "task_runner.h"
#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy_solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

ProjectionController::ProjectionController(ProjectionPanel* panel, TaskRunner* tasks,
                                           QObject* parent)
    : QObject(parent), m_panel(panel), m_tasks(tasks) {
    connect(m_panel, &ProjectionPanel::runRequested, this, &ProjectionController::run);
    connect(m_panel, &ProjectionPanel::stopRequested, this, &ProjectionController::cancel);
    connect(m_tasks, &TaskRunner::progressChanged, this, [this](quint64 id, double fraction) {
        if (m_document && runOf(m_document).task == id) m_panel->showProgress(fraction);
    });
}

ProjectionController::Run& ProjectionController::runOf(Dataset* document) {
    if (!m_runs.contains(document))
        connect(document, &QObject::destroyed, this, [this, document] { m_runs.remove(document); });
    return m_runs[document];
}

void ProjectionController::setDocument(Dataset* document) {
    if (document == m_document) return;
    if (m_document) m_document->setDockState(QStringLiteral("projection"), m_panel->toJson());
    m_document = document;
    if (!document) {
        m_panel->setRunning(false);
        return;
    }
    m_panel->setDataRows(qint64(document->rows()));
    // A document never shown starts from the defaults, not from another file's settings.
    const QJsonObject saved = document->dockState(QStringLiteral("projection"));
    if (saved.isEmpty())
        m_panel->setOptions(vecspace::ProjectionOptions{});
    else
        m_panel->fromJson(saved);
    showPanelState();
}

void ProjectionController::showPanelState() {
    const Run& run = runOf(m_document);
    const bool running = m_tasks->isRunning(run.task);
    m_panel->setRunning(running);
    if (running)
        m_panel->showPhase(run.method, run.phase);
    else if (run.last && run.layoutVersion == m_document->layout().version)
        m_panel->showResult(*run.last);
    else if (!run.lastMessage.isEmpty() && run.layoutVersion == m_document->layout().version)
        m_panel->showMessage(run.lastMessage);
    else if (m_document->hasLayout())
        m_panel->showMessage(tr("%1 layout on screen (%2D)")
                                 .arg(ProjectionPanel::methodTitle(m_document->layout().method))
                                 .arg(m_document->layout().dims));
    else
        m_panel->showMessage({});
    emit runningChanged(running);
}

void ProjectionController::run() {
    if (!m_document) return;
    Dataset* document = m_document;
    Run& state = runOf(document);
    state.options = m_panel->options();
    state.parameters = m_panel->toJson();
    state.firstSnapshot = true;
    state.phase.clear();
    if (m_panel->isCustom()) return runCustom(document);
    state.method = QString::fromLatin1(vecspace::projectionMethodName(state.options.method));
    vecspace::ProjectionOptions options = state.options;
    TaskOptions task;
    task.title = tr("%1 of %2")
                     .arg(QString::fromLatin1(vecspace::projectionMethodTitle(options.method)),
                          document->displayName());
    // One run per document: a new one replaces it.
    task.group = QStringLiteral("layout:%1").arg(quintptr(document));
    state.task = m_tasks->start(
        task, document,
        [this, document, options, set = document->set()](TaskContext& context) mutable {
            options.progress = context.progressFn();
            options.phase = [this, document, context](const char* name) mutable {
                context.postUpdate([this, document, phase = QString::fromUtf8(name)] {
                    onPhase(document, phase);
                });
            };
            options.callback = [this, document,
                                context](const vecspace::ProjectionSnapshot& s) mutable {
                if (context.isCancelled()) return false;
                auto layout = std::make_shared<const vecspace::RowMatrix>(s.coordinates);
                const qint64 step = qint64(s.step), steps = qint64(s.steps);
                const double kl = s.klDivergence;
                context.postUpdate([this, document, layout, step, steps, kl] {
                    onSnapshot(document, layout, step, steps, kl);
                });
                return true;
            };
            return std::make_shared<const vecspace::ProjectionResult>(
                vecspace::computeProjection(set->vectors, options));
        },
        [this, document](std::shared_ptr<const vecspace::ProjectionResult> result) {
            onFinished(document, std::move(result));
        },
        [this, document](const TaskEnd& end) { onEnded(document, end.cancelled(), end.message); });
    m_panel->setRunning(true);
    m_panel->showPhase(state.method, {});
    emit runningChanged(true);
}

void ProjectionController::onPhase(Dataset* document, const QString& phase) {
    Run& state = runOf(document);
    if (state.phase == phase) return;
    state.phase = phase;
    if (document != m_document) return;
    m_panel->showPhase(state.method, phase);
    emit phaseChanged(phase);
}

void ProjectionController::onSnapshot(Dataset* document,
                                      const std::shared_ptr<const vecspace::RowMatrix>& layout,
                                      qint64 step, qint64 steps, double kl) {
    // Snapshots come only from the last stage; its own update may have been coalesced away.
    onPhase(document, runOf(document).method == QLatin1String("umap")
                          ? QStringLiteral("epochs")
                          : QStringLiteral("optimisation"));
    if (document == m_document) m_panel->showSnapshot(runOf(document).method, step, steps, kl);
    // Later layouts move the points under the camera, so a user orbiting or zooming during the
    // run keeps their view while the layout stays in frame.
    showLayout(document, *layout, false);
}

void ProjectionController::onFinished(Dataset* document,
                                      std::shared_ptr<const vecspace::ProjectionResult> result) {
    Run& state = runOf(document);
    state.last = result;
    state.lastMessage.clear();
    showLayout(document, result->coordinates, true);
    state.layoutVersion = document->layout().version;
    if (document == m_document) {
        m_panel->setRunning(false);
        m_panel->showResult(*result);
        emit runningChanged(false);
    }
    emit statusMessage(
        tr("%1 layout of %2 ready in %3 s")
            .arg(QString::fromLatin1(vecspace::projectionMethodTitle(result->method)),
                 document->displayName())
            .arg(result->seconds, 0, 'f', 2));
    emit layoutFinished(result);
}

// Analogy axes: the expressions are read and their vectors summed on the worker, then every row
// placed by its cosine (or projection) with each; one matrix product, no snapshots.
void ProjectionController::runCustom(Dataset* document) {
    Run& state = runOf(document);
    state.method = QStringLiteral("custom");
    const QStringList axes = m_panel->customAxes();
    if (axes.size() < 2) {
        m_panel->showMessage(tr("Analogy axes need an x and a y expression"));
        return;
    }
    vecspace::CustomAxesOptions options;
    options.measure = m_panel->axisMeasure();
    TaskOptions task;
    task.title = tr("Analogy axes of %1").arg(document->displayName());
    task.group = QStringLiteral("layout:%1").arg(quintptr(document));
    state.task = m_tasks->start(
        task, document,
        [set = document->set(), axes, options](TaskContext& context) mutable {
            options.progress = context.progressFn();
            const auto start = std::chrono::steady_clock::now();
            const vecspace::LabelIndex labels(set->labels);
            std::vector<Eigen::VectorXf> vectors;
            const char* names[3] = {"x", "y", "z"};
            for (qsizetype i = 0; i < axes.size(); ++i) {
                try {
                    const auto terms = vecspace::resolveTerms(
                        vecspace::parseExpression(axes[i].toStdString()), labels);
                    vectors.push_back(vecspace::expressionVector(*set, terms));
                } catch (const std::exception& e) {
                    throw std::invalid_argument(std::string(names[i]) + " axis: " + e.what());
                }
            }
            auto layout = std::make_shared<vecspace::RowMatrix>(
                vecspace::customAxesLayout(set->vectors, vectors, options));
            // 2 axes make a 2D layout.
            if (axes.size() == 2) layout->conservativeResize(Eigen::NoChange, 2);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return std::make_pair(std::shared_ptr<const vecspace::RowMatrix>(layout), seconds);
        },
        [this, document, axes](std::pair<std::shared_ptr<const vecspace::RowMatrix>, double> done) {
            Run& run = runOf(document);
            run.last.reset();
            const char* names[3] = {"x", "y", "z"};
            QStringList described;
            for (qsizetype i = 0; i < axes.size(); ++i)
                described << QStringLiteral("%1 = %2").arg(QLatin1String(names[i]), axes[i]);
            run.lastMessage = tr("Analogy axes done in %1 s: %2")
                                  .arg(done.second, 0, 'f', 2)
                                  .arg(described.join(", "));
            showLayout(document, *done.first, true);
            run.layoutVersion = document->layout().version;
            if (document == m_document) {
                m_panel->setRunning(false);
                m_panel->showMessage(run.lastMessage);
                emit runningChanged(false);
            }
            emit statusMessage(run.lastMessage);
        },
        [this, document](const TaskEnd& end) { onEnded(document, end.cancelled(), end.message); });
    m_panel->setRunning(true);
    m_panel->showMessage(tr("Running…"));
    emit runningChanged(true);
}

void ProjectionController::onEnded(Dataset* document, bool cancelled, const QString& message) {
    if (document == m_document) {
        m_panel->setRunning(false);
        m_panel->showMessage(cancelled ? tr("Stopped") : tr("Failed: %1").arg(message));
        emit runningChanged(false);
    }
    emit statusMessage(cancelled ? tr("Layout stopped") : tr("Layout failed: %1").arg(message));
    emit layoutFailed(cancelled ? tr("the layout was stopped") : message);
}

void ProjectionController::runCustomAxes(const QStringList& axes, vecspace::AxisMeasure measure) {
    m_panel->setCustomAxes(axes, measure);
    run();
}

void ProjectionController::runWith(const vecspace::ProjectionOptions& options) {
    m_panel->setOptions(options);
    run();
}

vecspace::ProjectionOptions ProjectionController::options() const {
    return m_panel->options();
}

void ProjectionController::cancel() {
    if (m_document) m_tasks->cancel(runOf(m_document).task);
}

bool ProjectionController::isRunning() const {
    return m_document && isRunning(m_document);
}

bool ProjectionController::isRunning(const Dataset* document) const {
    const auto it = m_runs.find(document);
    return it != m_runs.end() && m_tasks->isRunning(it->task);
}

void ProjectionController::setOverviewResult(
    Dataset* document, std::shared_ptr<const vecspace::ProjectionResult> result) {
    Run& state = runOf(document);
    if (m_tasks->isRunning(state.task)) return; // a run asked for meanwhile has the panel
    state.last = std::move(result);
    state.method = QStringLiteral("pca");
    state.lastMessage.clear();
    state.layoutVersion = document->layout().version;
    if (document == m_document) showPanelState();
}

void ProjectionController::describeLayout() {
    if (m_document) showPanelState();
}

std::shared_ptr<const vecspace::ProjectionResult> ProjectionController::lastResult() const {
    if (!m_document) return nullptr;
    const auto it = m_runs.find(m_document);
    return it == m_runs.end() ? nullptr : it->last;
}

void ProjectionController::showLayout(Dataset* document, const vecspace::RowMatrix& coordinates,
                                      bool final) {
    Run& state = runOf(document);
    const bool firstOfRun = state.firstSnapshot;
    state.firstSnapshot = false;
    const float extent = coordinates.size() > 0 ? coordinates.cwiseAbs().maxCoeff() : 0.0f;
    // While running, only a layout half as large again re-frames (the camera would otherwise
    // jump at every snapshot); the final layout is framed whenever it outgrew the frame at all.
    const float grown = final ? 1.0f : 1.5f;
    const bool fitCamera =
        firstOfRun || extent > grown * state.framedExtent || extent < 0.5f * state.framedExtent;
    if (fitCamera) state.framedExtent = extent;
    const auto rows = static_cast<std::size_t>(coordinates.rows());
    const auto dims = static_cast<std::size_t>(coordinates.cols());
    std::vector<float> xyz(rows * 3, 0.0f);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t d = 0; d < dims && d < 3; ++d)
            xyz[r * 3 + d] =
                coordinates(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(d));
    // A new method's first layout glides from the old one when the two are of a size; t-SNE
    // starts 10^4 times smaller than a PCA layout, and a glide between them would pass through
    // frames with every point off screen: it is shown at once instead. Snapshots just move.
    // (Measured on the first layout only: snapshots never glide.)
    bool comparable = false;
    if (firstOfRun && document->hasLayout()) {
        float oldExtent = 0;
        for (float v : *document->layout().xyz)
            oldExtent = std::max(oldExtent, std::abs(v));
        comparable = extent > 0.25f * oldExtent && extent < 4.0f * oldExtent;
    }
    LayoutChange change;
    change.animate = firstOfRun && comparable;
    change.fitCamera = fitCamera;
    change.newRun = firstOfRun;
    document->setLayout(std::move(xyz), int(dims), state.method, state.parameters, true, change);
}
