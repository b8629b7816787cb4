#include "startup_script.h"

#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "vecspace/io/writer.h"
#include "vecspace/search/label_index.h"

#include <QBuffer>
#include <QFile>
#include <QPixmap>
#include <QStatusBar>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace {

constexpr int kSettlePollMs = 20;

std::vector<int> toInts(const std::vector<std::size_t>& rows) {
    return std::vector<int>(rows.begin(), rows.end());
}

} // namespace

StartupScript::StartupScript(MainWindow* window, Options options, QObject* parent)
    : QObject(parent), m_window(window), m_options(std::move(options)) {
    m_settle.setInterval(kSettlePollMs);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        if (m_window->pointView()->isAnimating()) return;
        m_settle.stop();
        (this->*m_afterSettle)();
    });
    connect(&m_analogy, &QFutureWatcherBase::finished, this, &StartupScript::onAnalogyAnswered);
}

void StartupScript::start() {
    connect(m_window, &MainWindow::loadFailed, this, &StartupScript::fail);
    // Once the view shows the loaded set (its PCA overview), not merely the data loaded.
    connect(m_window, &MainWindow::layoutReady, this, &StartupScript::runProjection,
            Qt::SingleShotConnection);
}

void StartupScript::runProjection() {
    if (!m_options.method && m_options.dimensions == 0) {
        whenViewSettles(&StartupScript::applyColoring);
        return;
    }
    ProjectionController* projection = m_window->projection();
    vecspace::ProjectionOptions options = projection->options();
    options.method = m_options.method.value_or(vecspace::ProjectionMethod::Pca);
    options.dimensions = std::size_t(m_options.dimensions > 0 ? m_options.dimensions : 3);
    // The finished layout, not a snapshot on the way: t-SNE and UMAP show several.
    connect(projection, &ProjectionController::layoutFinished, this, [this] {
        disconnect(m_window->projection(), nullptr, this, nullptr);
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
    if (!m_window->setColorBy(m_options.colorBy, &error)) {
        fail(tr("--color-by: %1").arg(error));
        return;
    }
    if (!m_window->isColoringPending()) { // a column: coloured at once
        selectLabel();
        return;
    }
    // A clustering, computed on a worker.
    connect(m_window, &MainWindow::coloringReady, this, &StartupScript::selectLabel,
            Qt::SingleShotConnection);
    connect(m_window, &MainWindow::coloringFailed, this, &StartupScript::fail,
            Qt::SingleShotConnection);
}

void StartupScript::selectLabel() {
    if (m_options.select.isEmpty()) {
        showAnalogy();
        return;
    }
    const auto set = m_window->dataset();
    const vecspace::LabelIndex labels(set->labels);
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
    connect(m_window->inspector(), &InspectorPanel::neighborsChanged, this,
            [this, row](long shown) {
                if (shown != row) return;
                disconnect(m_window->inspector(), nullptr, this, nullptr);
                whenViewSettles(&StartupScript::showAnalogy);
            });
    m_window->showRow(row);
}

void StartupScript::showAnalogy() {
    if (m_options.analogy.isEmpty()) {
        takeScreenshot();
        return;
    }
    const std::shared_ptr<const vecspace::SimilarityIndex> index = m_window->similarityIndex();
    if (!index) { // still being built on a worker
        connect(m_window, &MainWindow::similarityIndexReady, this, &StartupScript::showAnalogy,
                Qt::SingleShotConnection);
        return;
    }
    m_analogy.setFuture(QtConcurrent::run(
        [index, expression = m_options.analogy] { return answerAnalogy(*index, expression); }));
}

void StartupScript::onAnalogyAnswered() {
    const AnalogyAnswer answer = m_analogy.result();
    if (!answer.ok()) {
        fail(tr("--analogy: %1").arg(answer.error));
        return;
    }
    const long row = long(answer.results.front().row);
    std::vector<int> pinned = toInts(answer.termRows);
    pinned.push_back(int(row));
    connect(m_window->inspector(), &InspectorPanel::neighborsChanged, this,
            [this, row](long shown) {
                if (shown != row) return;
                disconnect(m_window->inspector(), nullptr, this, nullptr);
                whenViewSettles(&StartupScript::takeScreenshot);
            });
    m_window->showRow(row);
    // Not as close as a flight to the answer alone: the query's words are to be seen too.
    m_window->pointView()->frameRows(pinned);
    m_window->pointView()->setPinnedLabels(std::move(pinned));
    m_window->statusBar()->showMessage(answer.summary(*m_window->dataset()));
}

void StartupScript::takeScreenshot() {
    if (!isScreenshot()) {
        finish(true, {});
        return;
    }
    // Every point in the frame, not the sample that level of detail draws while moving; the
    // grab renders the view again.
    m_window->pointView()->setLevelOfDetail(false);
    const QPixmap pixmap = m_window->grab();
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
    disconnect(m_window, nullptr, this, nullptr);
    disconnect(m_window->projection(), nullptr, this, nullptr);
    disconnect(m_window->inspector(), nullptr, this, nullptr);
    if (!ok) m_window->statusBar()->showMessage(message);
    emit finished(ok, message);
}
