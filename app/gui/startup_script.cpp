#include "startup_script.h"

#include "analogy_controller.h"
#include "color_controller.h"
#include "compare_controller.h"
#include "dataset.h"
#include "document_loader.h"
#include "inspector_panel.h"
#include "neighborhood_controller.h"
#include "notifier.h"
#include "point_view.h"
#include "projection_controller.h"
#include "session_controller.h"
#include "task_runner.h"
#include "vecspace/io/writer.h"
#include "vecspace/search/label_index.h"
#include "workspace.h"

#include <QBuffer>
#include <QDockWidget>
#include <QFile>
#include <QPixmap>
#include <QStringList>
#include <QWidget>
#include <exception>

namespace {

constexpr int kSettlePollMs = 20;

} // namespace

StartupScript::StartupScript(const WindowParts& parts, Options options, QObject* parent)
    : QObject(parent), m_parts(parts), m_options(std::move(options)) {
    m_settle.setInterval(kSettlePollMs);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        if (m_parts.view->isAnimating()) return;
        m_settle.stop();
        (this->*m_afterSettle)();
    });
}

void StartupScript::start() {
    m_request = m_parts.loader->nextRequest();
    connect(m_parts.loader, &DocumentLoader::opened, this, [this](Dataset* document, int request) {
        if (request == m_request) begin(document);
    });
    connect(m_parts.loader, &DocumentLoader::failed, this,
            [this](const QString&, const QString& message, int request) {
                if (request == m_request) fail(message);
            });
}

void StartupScript::startOnSession(QObject* sessions) {
    auto* controller = qobject_cast<SessionController*>(sessions);
    connect(controller, &SessionController::opened, this,
            [this] { begin(m_parts.workspace->active()); });
    connect(controller, &SessionController::failed, this, &StartupScript::fail);
}

void StartupScript::begin(Dataset* document) {
    disconnect(m_parts.loader, nullptr, this, nullptr);
    m_document = document;
    if (!document) {
        fail(tr("no document is open"));
        return;
    }
    if (!m_options.compareWith.isEmpty()) {
        openComparison();
        return;
    }
    waitForLayout();
}

void StartupScript::waitForLayout() {
    Dataset* document = m_document;
    if (!document) return fail(tr("the document was closed"));
    // Once the view shows the document's layout (its PCA overview), not merely the data loaded.
    if (document->hasLayout())
        runProjection();
    else
        connect(document, &Dataset::layoutChanged, this, &StartupScript::runProjection,
                Qt::SingleShotConnection);
}

void StartupScript::openComparison() {
    const int request =
        m_parts.loader->open(m_options.compareWith, {}, DocumentLoader::Placement::Add, false);
    connect(m_parts.loader, &DocumentLoader::opened, this, [this, request](Dataset* b, int r) {
        if (r != request) return;
        disconnect(m_parts.loader, nullptr, this, nullptr);
        if (!m_document) return fail(tr("the document was closed"));
        m_compared = b;
        connect(m_parts.compare, &CompareController::ready, this,
                &StartupScript::whenComparisonShown, Qt::SingleShotConnection);
        connect(m_parts.compare, &CompareController::failed, this, &StartupScript::fail,
                Qt::SingleShotConnection);
        m_parts.compare->setSettings(m_options.compare);
        m_parts.compare->compare(m_document, b);
    });
    connect(m_parts.loader, &DocumentLoader::failed, this,
            [this, request](const QString&, const QString& message, int r) {
                if (r == request) fail(tr("--compare: %1").arg(message));
            });
}

void StartupScript::whenComparisonShown() {
    disconnect(m_parts.compare, nullptr, this, nullptr);
    if (Dataset* joint = m_parts.compare->joint();
        joint && m_options.compare.view == CompareSettings::View::Joint)
        m_document = joint; // the projection, colours and selection apply to the joint view
    if (!m_document || !m_compared) return fail(tr("the document was closed"));
    if (!m_document->hasLayout() || !m_compared->hasLayout()) {
        QTimer::singleShot(kSettlePollMs, this, &StartupScript::whenComparisonShown);
        return;
    }
    if (auto* dock = m_parts.window->findChild<QDockWidget*>(QStringLiteral("compareDock"))) {
        dock->show();
        dock->raise();
    }
    waitForLayout();
}

void StartupScript::runProjection() {
    if (!m_document) return fail(tr("the document was closed"));
    if (!m_options.method && m_options.dimensions == 0) {
        whenViewSettles(&StartupScript::applyColoring);
        return;
    }
    ProjectionController* projection = m_parts.projection;
    vecspace::ProjectionOptions options = projection->options();
    options.method = m_options.method.value_or(vecspace::ProjectionMethod::Pca);
    options.dimensions = std::size_t(m_options.dimensions > 0 ? m_options.dimensions : 3);
    // The finished layout, not a snapshot on the way: t-SNE and UMAP show several.
    connect(projection, &ProjectionController::layoutFinished, this, [this] {
        disconnect(m_parts.projection, nullptr, this, nullptr);
        // The controller has framed the final layout (it re-frames a layout that outgrew it).
        whenViewSettles(&StartupScript::applyColoring);
    });
    connect(projection, &ProjectionController::layoutFailed, this, [this](const QString& message) {
        fail(tr("the %1 layout failed: %2")
                 .arg(QString::fromLatin1(vecspace::projectionMethodName(
                          m_options.method.value_or(vecspace::ProjectionMethod::Pca))),
                      message));
    });
    projection->runWith(options);
}

void StartupScript::applyColoring() {
    if (m_options.colorBy.isEmpty()) {
        selectLabel();
        return;
    }
    QString error;
    if (!m_parts.colors->setColorBy(m_options.colorBy, &error)) {
        fail(tr("--color-by: %1").arg(error));
        return;
    }
    // The legend explains the colours: in front of its tab group in the picture.
    if (auto* dock = m_parts.window->findChild<QDockWidget*>(QStringLiteral("colorDock")))
        dock->raise();
    if (!m_parts.colors->isPending()) { // a column: coloured at once
        selectLabel();
        return;
    }
    // A clustering, computed on a worker.
    connect(m_parts.colors, &ColorController::coloringReady, this, &StartupScript::selectLabel,
            Qt::SingleShotConnection);
    connect(m_parts.colors, &ColorController::coloringFailed, this, &StartupScript::fail,
            Qt::SingleShotConnection);
}

void StartupScript::selectLabel() {
    if (m_options.select.isEmpty()) {
        showAnalogy();
        return;
    }
    if (!m_document) return fail(tr("the document was closed"));
    const vecspace::LabelIndex labels(m_document->set()->labels);
    const std::string label = m_options.select.toStdString();
    const std::optional<vecspace::LabelIndex::Match> match = labels.find(label);
    if (!match) {
        QString message = tr("--select: no label '%1' in the file").arg(m_options.select);
        QStringList closest;
        for (const std::string& other : labels.closest(label, 5))
            closest << QString::fromStdString(other);
        if (!closest.isEmpty()) message += tr("; closest: %1").arg(closest.join(", "));
        fail(message);
        return;
    }
    const long row = long(match->row);
    // Shown once the Inspector lists the row's neighbours (the view labels them) and the camera
    // has arrived.
    connect(m_parts.inspector, &InspectorPanel::neighborsChanged, this, [this, row](long shown) {
        if (shown != row) return;
        disconnect(m_parts.inspector, nullptr, this, nullptr);
        // And once the view lights them and has framed them.
        m_parts.neighborhood->whenReady([this] { whenViewSettles(&StartupScript::showAnalogy); });
    });
    m_parts.showRow(row);
}

// Asked through the Analogy dock, which answers it and draws it in the document.
void StartupScript::showAnalogy() {
    if (m_options.analogy.isEmpty()) {
        takeScreenshot();
        return;
    }
    if (!m_document) return fail(tr("the document was closed"));
    if (auto* dock = m_parts.window->findChild<QDockWidget*>(QStringLiteral("analogyDock"))) {
        dock->show();
        dock->raise();
    }
    connect(m_parts.analogy, &AnalogyController::answered, this, &StartupScript::onAnalogyAnswered,
            Qt::SingleShotConnection);
    m_parts.analogy->ask(m_options.analogy);
}

void StartupScript::onAnalogyAnswered(bool ok, const QString& message) {
    if (!ok) return fail(tr("--analogy: %1").arg(message));
    if (!m_document) return fail(tr("the document was closed"));
    const auto report = m_parts.analogy->report();
    if (!report || report->results.empty()) return fail(tr("--analogy: no answer"));
    // The answer selected and in the Inspector; the camera frames the whole relation, not the
    // answer alone.
    const int answer = int(report->results.front().row);
    m_document->setSelection({answer});
    m_parts.inspector->setRow(answer);
    std::vector<int> rows;
    for (const auto& term : report->terms)
        rows.push_back(int(term.row));
    for (std::size_t i = 0; i < std::min<std::size_t>(3, report->results.size()); ++i)
        rows.push_back(int(report->results[i].row));
    m_parts.view->frameRows(rows);
    const auto& labels = m_document->set()->labels;
    m_parts.notifier->status(
        tr("%1 → %2 (%3)")
            .arg(m_options.analogy, QString::fromStdString(labels[std::size_t(answer)]))
            .arg(double(report->results.front().score), 0, 'f', 3));
    whenViewSettles(m_options.analogyAxes ? &StartupScript::layOutOnAxes
                                          : &StartupScript::takeScreenshot);
}

void StartupScript::layOutOnAxes() {
    const QStringList axes = m_parts.analogy->axes();
    if (axes.isEmpty()) return fail(tr("--analogy-axes: the query is no a : b :: c : ? question"));
    connect(m_parts.projection, &ProjectionController::runningChanged, this, [this](bool running) {
        if (running) return;
        disconnect(m_parts.projection, nullptr, this, nullptr);
        if (!m_document || m_document->layout().method != QLatin1String("custom"))
            return fail(tr("--analogy-axes: the layout failed"));
        whenViewSettles(&StartupScript::takeScreenshot);
    });
    m_parts.projection->runCustomAxes(axes, vecspace::AxisMeasure::Cosine);
}

void StartupScript::takeScreenshot() {
    if (!isScreenshot()) {
        finish(true, {});
        return;
    }
    // The other files of the command line too: loaded and laid out, nothing half done.
    if (!m_parts.tasks->runningTasks().isEmpty()) {
        QTimer::singleShot(kSettlePollMs, this, &StartupScript::takeScreenshot);
        return;
    }
    // Every point in the frame, not the sample that level of detail draws while moving; the
    // grab renders the view again.
    m_parts.view->setLevelOfDetail(false);
    m_parts.secondView->setLevelOfDetail(false);
    const QPixmap pixmap = m_parts.window->grab();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QString& path = m_options.screenshotPath;
    // Always PNG, whatever the name says.
    if (pixmap.isNull() || !pixmap.save(&buffer, "PNG")) {
        fail(tr("cannot make a picture of the window"));
        return;
    }
    try {
        vecspace::writeFileAtomically(
            QFile::encodeName(path).toStdString(),
            std::string_view(bytes.constData(), std::size_t(bytes.size())));
    } catch (const std::exception& e) {
        fail(tr("cannot write %1: %2").arg(path, QString::fromUtf8(e.what())));
        return;
    }
    finish(true, path);
}

void StartupScript::whenViewSettles(void (StartupScript::*next)()) {
    m_afterSettle = next;
    m_settle.start();
}

void StartupScript::fail(const QString& message) {
    finish(false, message);
}

void StartupScript::finish(bool ok, const QString& message) {
    if (m_done) return;
    m_done = true;
    m_settle.stop();
    // Later loads and runs are the user's, not the script's.
    disconnect(m_parts.loader, nullptr, this, nullptr);
    disconnect(m_parts.projection, nullptr, this, nullptr);
    disconnect(m_parts.inspector, nullptr, this, nullptr);
    disconnect(m_parts.colors, nullptr, this, nullptr);
    disconnect(m_parts.analogy, nullptr, this, nullptr);
    if (m_document) disconnect(m_document, nullptr, this, nullptr);
    if (!ok) m_parts.notifier->status(message);
    emit finished(ok, message);
}
