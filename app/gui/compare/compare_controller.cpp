#include "compare_controller.h"

#include "dataset.h"
#include "notifier.h"
#include "point_view.h"
#include "task_runner.h"
#include "workspace.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

CompareController::CompareController(const WindowParts& parts, PointView* secondView,
                                     QObject* parent)
    : QObject(parent), m_parts(parts), m_second(secondView) {
    connect(m_parts.workspace, &Workspace::documentClosed, this, [this](Dataset* document) {
        if (document == m_joint) {
            m_joint = nullptr;
            return;
        }
        if (document == m_a || document == m_b) stop();
    });
    connect(m_parts.workspace, &Workspace::activeChanged, this,
            &CompareController::updateSecondView);
    // Orbit one view and the other follows, when linked.
    const auto follow = [this](PointView* from, PointView* to) {
        if (m_cameraSyncing || !m_settings.linkCameras || !to->isVisible() || !isActive()) return;
        m_cameraSyncing = true;
        to->setCameraPose(from->camera().pose());
        m_cameraSyncing = false;
    };
    connect(m_parts.view, &PointView::cameraChanged, this,
            [this, follow] { follow(m_parts.view, m_second); });
    connect(m_second, &PointView::cameraChanged, this,
            [this, follow] { follow(m_second, m_parts.view); });
}

void CompareController::compare(Dataset* a, Dataset* b) {
    if (!a || !b || a == b) return;
    stop();
    m_a = a;
    m_b = b;
    link(a);
    link(b);
    run();
    updateSecondView();
}

void CompareController::setSettings(const CompareSettings& settings) {
    const bool rerun = !settings.sameComparison(m_settings);
    const bool viewChanged = settings.view != m_settings.view;
    const bool colorChanged = settings.colorBy != m_settings.colorBy;
    const bool linesChanged = settings.maxJaccard != m_settings.maxJaccard ||
                              settings.minDisplacement != m_settings.minDisplacement;
    const bool linkChanged = settings.linkCameras != m_settings.linkCameras;
    m_settings = settings;
    if (!isActive()) return;
    if (rerun) {
        run();
        return;
    }
    if (!m_result) return;
    if (colorChanged) applyColors();
    if (viewChanged) applyView();
    if (linesChanged) updateJointLines();
    if (linkChanged && settings.linkCameras && m_second->isVisible())
        m_second->setCameraPose(m_parts.view->camera().pose());
}

void CompareController::stop() {
    if (m_task) m_parts.tasks->cancel(m_task);
    m_task = 0;
    for (Dataset* document : {m_a.data(), m_b.data()})
        if (document) disconnect(document, nullptr, this, nullptr);
    m_a = nullptr;
    m_b = nullptr;
    m_result.reset();
    m_pairOfRowA.clear();
    m_pairOfRowB.clear();
    m_focus = -1;
    if (Dataset* joint = m_joint) {
        m_joint = nullptr;
        m_parts.workspace->close(joint);
    }
    updateSecondView();
    emit stopped();
}

bool CompareController::isRunning() const {
    return m_task != 0 && m_parts.tasks->isRunning(m_task);
}

void CompareController::run() {
    vecspace::CompareOptions options;
    options.k = std::size_t(m_settings.k);
    options.align = m_settings.align;
    options.alignment.anchors = m_settings.align ? std::size_t(m_settings.anchors) : 0;
    options.pairing.ignoreCase = m_settings.ignoreCase;
    TaskOptions task;
    task.title = tr("Comparing %1 with %2").arg(m_a->displayName(), m_b->displayName());
    task.group = QStringLiteral("compare");
    emit started();
    m_task = m_parts.tasks->start(
        task, this,
        [a = m_a->set(), b = m_b->set(), options](TaskContext& context) mutable {
            options.progress = context.progressFn();
            return std::shared_ptr<const vecspace::Comparison>(
                std::make_shared<vecspace::Comparison>(vecspace::compareSets(*a, *b, options)));
        },
        [this](std::shared_ptr<const vecspace::Comparison> result) { onReady(std::move(result)); },
        [this](const TaskEnd& end) {
            m_task = 0;
            // A first run cancelled leaves no comparison, as before it was asked for; a re-run
            // (other settings) cancelled keeps the result on screen.
            if (end.cancelled() && !m_result) stop();
            if (!end.cancelled()) emit failed(end.message);
        });
}

void CompareController::onReady(std::shared_ptr<const vecspace::Comparison> result) {
    m_task = 0;
    if (!isActive()) return;
    m_result = std::move(result);
    m_pairOfRowA.assign(m_a->rows(), -1);
    m_pairOfRowB.assign(m_b->rows(), -1);
    for (std::size_t pair = 0; pair < m_result->size(); ++pair) {
        m_pairOfRowA[m_result->vocabulary.rowsA[pair]] = int(pair);
        m_pairOfRowB[m_result->vocabulary.rowsB[pair]] = int(pair);
    }
    // A joint document of an earlier run shows old positions: made anew when asked for.
    if (Dataset* joint = m_joint) {
        m_joint = nullptr;
        m_parts.workspace->close(joint);
    }
    if (m_focus >= long(m_result->size())) m_focus = -1;
    applyColors();
    applyView();
    m_parts.notifier->status(tr("%1 and %2 share %3 labels; mean Jaccard %4 at k %5")
                                 .arg(m_a->displayName(), m_b->displayName())
                                 .arg(m_result->vocabulary.sharedTotal)
                                 .arg(m_result->meanJaccard, 0, 'f', 3)
                                 .arg(m_result->k),
                             8000);
    emit ready();
    emit focusChanged(m_focus);
}

Dataset* CompareController::partnerOf(const Dataset* document) const {
    if (!isActive() || !document) return nullptr;
    if (document == m_a) return m_b;
    if (document == m_b) return m_a;
    return nullptr;
}

long CompareController::pairOf(const Dataset* document, int row) const {
    if (!m_result || row < 0) return -1;
    if (document == m_a) return row < int(m_pairOfRowA.size()) ? m_pairOfRowA[row] : -1;
    if (document == m_b) return row < int(m_pairOfRowB.size()) ? m_pairOfRowB[row] : -1;
    if (document == m_joint && m_joint) {
        const long n = long(m_result->size());
        return row < 2 * n ? row % n : -1;
    }
    return -1;
}

std::vector<std::size_t> CompareController::pairsOf(const Dataset* document,
                                                    const std::vector<int>& rows) const {
    std::vector<std::size_t> pairs;
    for (int row : rows)
        if (const long pair = pairOf(document, row); pair >= 0) pairs.push_back(std::size_t(pair));
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
}

std::vector<int> CompareController::rowsOf(const Dataset* document,
                                           const std::vector<std::size_t>& pairs) const {
    std::vector<int> rows;
    if (!m_result) return rows;
    for (std::size_t pair : pairs) {
        if (pair >= m_result->size()) continue;
        if (document == m_a) rows.push_back(int(m_result->vocabulary.rowsA[pair]));
        if (document == m_b) rows.push_back(int(m_result->vocabulary.rowsB[pair]));
        if (document == m_joint && m_joint) {
            rows.push_back(int(pair));
            rows.push_back(int(pair + m_result->size()));
        }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

void CompareController::link(Dataset* document) {
    connect(document, &Dataset::selectionChanged, this,
            [this, document] { syncSelection(document); });
    connect(document, &Dataset::highlightChanged, this,
            [this, document] { syncHighlight(document); });
}

void CompareController::syncSelection(Dataset* from) {
    if (m_syncing || !m_result) return;
    const std::vector<std::size_t> pairs = pairsOf(from, from->selection());
    m_syncing = true;
    for (Dataset* other : {m_a.data(), m_b.data(), m_joint.data()})
        if (other && other != from) other->setSelection(rowsOf(other, pairs));
    // In the joint view a label is two points: picking one selects both.
    if (from == m_joint) from->setSelection(rowsOf(from, pairs));
    m_syncing = false;
    if (pairs.size() == 1 && long(pairs.front()) != m_focus) {
        m_focus = long(pairs.front());
        emit focusChanged(m_focus);
    }
}

void CompareController::syncHighlight(Dataset* from) {
    if (m_syncing || !m_result) return;
    const std::vector<int>& rows = from->highlighted();
    const std::vector<std::size_t> pairs = pairsOf(from, rows);
    m_syncing = true;
    for (Dataset* other : {m_a.data(), m_b.data(), m_joint.data()})
        if (other && other != from)
            other->setHighlighted(rows.empty() ? std::vector<int>{} : rowsOf(other, pairs));
    m_syncing = false;
}

void CompareController::selectPairs(const std::vector<std::size_t>& pairs) {
    if (!m_result) return;
    m_syncing = true;
    for (Dataset* document : {m_a.data(), m_b.data(), m_joint.data()})
        if (document) document->setSelection(rowsOf(document, pairs));
    m_syncing = false;
}

void CompareController::selectJaccardRange(double low, double high) {
    if (!m_result) return;
    std::vector<std::size_t> pairs;
    for (std::size_t pair = 0; pair < m_result->size(); ++pair) {
        const double j = m_result->jaccard[pair];
        // The Jaccards are floats; the bounds are exact ratios.
        if (j >= low - 1e-6 && j <= high + 1e-6) pairs.push_back(pair);
    }
    selectPairs(pairs);
    m_parts.notifier->status(tr("%1 labels with Jaccard from %2 to %3 selected")
                                 .arg(pairs.size())
                                 .arg(low, 0, 'f', 3)
                                 .arg(high, 0, 'f', 3),
                             5000);
}

void CompareController::setFocusPair(long pair) {
    if (!m_result || pair < 0 || pair >= long(m_result->size())) return;
    m_focus = pair;
    selectPairs({std::size_t(pair)});
    if (Dataset* active = m_parts.workspace->active()) {
        const std::vector<int> rows = rowsOf(active, {std::size_t(pair)});
        if (!rows.empty()) m_parts.view->frameRows(rows);
    }
    emit focusChanged(pair);
}

QJsonObject CompareController::sessionState(const QList<const Dataset*>& saved) const {
    if (!isActive()) return {};
    const qsizetype a = saved.indexOf(m_a.data());
    const qsizetype b = saved.indexOf(m_b.data());
    if (a < 0 || b < 0) return {};
    QJsonObject state = m_settings.toJson();
    state["a"] = int(a);
    state["b"] = int(b);
    return state;
}

void CompareController::restore(const QJsonObject& state, const QList<Dataset*>& documents) {
    if (state.isEmpty()) return;
    const int a = state.value("a").toInt(-1);
    const int b = state.value("b").toInt(-1);
    if (a < 0 || b < 0 || a == b || a >= documents.size() || b >= documents.size()) return;
    m_settings = CompareSettings::fromJson(state);
    compare(documents[a], documents[b]);
}
