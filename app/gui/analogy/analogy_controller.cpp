#include "analogy_controller.h"

#include "analogy_drawing.h"
#include "dataset.h"
#include "task_runner.h"
#include "vecspace/semantic/similarity_index.h"

namespace {

constexpr int kKeepInHistoryMs = 2000;
const char* const kDockKey = "analogy";

} // namespace

AnalogyController::AnalogyController(AnalogyPanel* panel, TaskRunner* tasks, QObject* parent)
    : QObject(parent), m_panel(panel), m_tasks(tasks) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    m_keep.setSingleShot(true);
    m_keep.setInterval(kKeepInHistoryMs);
    connect(&m_debounce, &QTimer::timeout, this, &AnalogyController::answerNow);
    connect(&m_keep, &QTimer::timeout, this, [this] { m_panel->addHistory(m_panel->query()); });
    connect(m_panel, &AnalogyPanel::queryChanged, this, [this] {
        m_keep.stop();
        m_debounce.start();
    });
    connect(m_panel, &AnalogyPanel::queryCommitted, this, [this] {
        m_panel->addHistory(m_panel->query());
        m_debounce.stop();
        answerNow();
    });
    connect(m_panel, &AnalogyPanel::rowActivated, this, [this](int row) {
        m_panel->addHistory(m_panel->query());
        emit rowActivated(row);
    });
    connect(m_panel, &AnalogyPanel::axesRequested, this, [this] {
        const QStringList x = axes();
        if (!x.isEmpty()) emit axesRequested(x);
    });
}

AnalogyController::State& AnalogyController::stateOf(Dataset* document) {
    if (!m_states.contains(document)) {
        connect(document, &QObject::destroyed, this,
                [this, document] { m_states.remove(document); });
        // Arrows end at rows, which follow the layout; the computed point is placed again.
        connect(document, &Dataset::layoutChanged, this, [this, document] { draw(document); });
    }
    return m_states[document];
}

void AnalogyController::setDocument(Dataset* document) {
    if (document == m_document) return;
    if (m_document) m_document->setDockState(QLatin1String(kDockKey), m_panel->toJson());
    m_document = document;
    m_debounce.stop();
    m_keep.stop();
    if (!document) {
        m_panel->setWords(nullptr, nullptr);
        m_panel->clearAnswer();
        return;
    }
    const QJsonObject saved = document->dockState(QLatin1String(kDockKey));
    if (!saved.isEmpty()) m_panel->fromJson(saved);
    State& state = stateOf(document);
    if (state.words)
        m_panel->setWords(state.words->set, std::shared_ptr<const vecspace::LabelCompletion>(
                                                state.words, &state.words->completion));
    else
        buildWords(document);
    answerNow();
}

void AnalogyController::buildWords(Dataset* document) {
    State& state = stateOf(document);
    if (state.buildingWords) return;
    state.buildingWords = true;
    TaskOptions task;
    task.title = tr("Indexing the words of %1").arg(document->displayName());
    task.group = QStringLiteral("analogy-words:%1").arg(quintptr(document));
    m_tasks->start(
        task, document,
        [set = document->set()](TaskContext&) { return std::make_shared<const Words>(set); },
        [this, document](std::shared_ptr<const Words> words) {
            State& s = stateOf(document);
            s.words = std::move(words);
            s.buildingWords = false;
            if (document != m_document) return;
            m_panel->setWords(s.words->set, std::shared_ptr<const vecspace::LabelCompletion>(
                                                s.words, &s.words->completion));
            answerNow();
        },
        [this, document](const TaskEnd&) { stateOf(document).buildingWords = false; });
}

void AnalogyController::ask(const QString& query) {
    m_panel->setQuery(query);
    m_debounce.stop();
    m_panel->addHistory(m_panel->query());
    answerNow();
}

void AnalogyController::answerNow() {
    Dataset* document = m_document;
    if (!document) return;
    const QString query = m_panel->query();
    State& state = stateOf(document);
    if (query.isEmpty()) {
        m_tasks->cancel(state.task);
        state.report.reset();
        clearDrawing(document);
        m_panel->clearAnswer();
        return;
    }
    const std::shared_ptr<const vecspace::SimilarityIndex> index = document->similarityIndex();
    if (!index) { // built on a worker; the answer follows
        connect(document, &Dataset::similarityIndexReady, this, &AnalogyController::answerNow,
                Qt::UniqueConnection);
        document->requestSimilarityIndex(m_tasks);
        return;
    }
    if (!state.words) return buildWords(document);
    vecspace::AnalogyRequest request = m_panel->request();
    request.baselineK = 10;
    TaskOptions task;
    task.title = tr("Answering %1").arg(query);
    task.group = QStringLiteral("analogy:%1").arg(quintptr(document));
    task.visible = false; // tens of milliseconds, on every keystroke
    state.task = m_tasks->start(
        task, document,
        [index, words = state.words, query, request](TaskContext&) {
            return solve(*index, *words, query, request);
        },
        [this, document](const Outcome& outcome) { onAnswered(document, outcome); },
        [this, document](const TaskEnd& end) {
            if (end.cancelled() || document != m_document) return;
            AnalogyFailure failure;
            failure.kind = AnalogyFailure::Kind::NotApplicable;
            failure.message = end.message;
            m_panel->showFailure(failure);
            emit answered(false, end.message);
        });
}

AnalogyController::Outcome AnalogyController::solve(const vecspace::SimilarityIndex& index,
                                                    const Words& words, const QString& query,
                                                    const vecspace::AnalogyRequest& request) {
    Outcome outcome;
    outcome.query = query;
    try {
        auto report = std::make_shared<vecspace::AnalogyReport>(
            vecspace::solveAnalogy(index, words.labels, query.toStdString(), request));
        if (report->point.norm() > 0) {
            vecspace::NeighborOptions nearest;
            nearest.k = 1;
            const auto best = index.nearest(report->point, nearest);
            if (!best.empty()) outcome.pointRow = long(best.front().row);
        }
        outcome.report = std::move(report);
    } catch (const vecspace::ExpressionError& e) {
        outcome.failure.kind = AnalogyFailure::Kind::Syntax;
        outcome.failure.message = QString::fromUtf8(e.what());
        outcome.failure.column = int(e.column());
    } catch (const vecspace::UnknownLabelError& e) {
        QStringList suggestions;
        for (const std::string& s : e.suggestions())
            suggestions << QString::fromStdString(s);
        outcome.failure = {AnalogyFailure::Kind::UnknownWord, QString::fromUtf8(e.what()),
                           int(e.column()), QString::fromStdString(e.label()), suggestions};
    } catch (const std::invalid_argument& e) {
        outcome.failure.kind = AnalogyFailure::Kind::NotApplicable;
        outcome.failure.message = QString::fromUtf8(e.what());
    }
    return outcome;
}

void AnalogyController::onAnswered(Dataset* document, const Outcome& outcome) {
    State& state = stateOf(document);
    state.report = outcome.report;
    state.pointRow = outcome.pointRow;
    draw(document);
    if (document != m_document) return;
    if (!outcome.report) {
        m_panel->showFailure(outcome.failure);
        emit answered(false, outcome.failure.message);
        return;
    }
    m_keep.start();
    emit answered(true, {});
}

void AnalogyController::draw(Dataset* document) {
    const State& state = stateOf(document);
    if (!state.report) {
        clearDrawing(document);
        return;
    }
    const AnalogyDrawing drawing =
        drawAnalogy(*state.report, document->layout(), document->set()->labels, state.pointRow);
    document->setLineSet(drawing.offsets);
    document->setLineSet(drawing.computed);
    document->setPinnedLabels(drawing.labelled);
    if (document != m_document) return;
    // The panel says how this layout draws the computed point.
    m_panel->showReport(*state.report, *document->set(), drawing.note);
    emit highlightRequested(drawing.highlighted);
}

void AnalogyController::clearDrawing(Dataset* document) {
    document->removeLineSet(AnalogyDrawing::kOffsets);
    document->removeLineSet(AnalogyDrawing::kComputed);
    document->setPinnedLabels({});
    if (document == m_document) emit highlightRequested({});
}

std::shared_ptr<const vecspace::AnalogyReport> AnalogyController::report() const {
    if (!m_document) return nullptr;
    const auto it = m_states.find(m_document);
    return it == m_states.end() ? nullptr : it->report;
}

bool AnalogyController::isAnswering() const {
    if (!m_document) return false;
    const auto it = m_states.find(m_document);
    return m_debounce.isActive() || (it != m_states.end() && m_tasks->isRunning(it->task));
}

QStringList AnalogyController::axes() const {
    const auto current = report();
    if (!current || !current->query.question) return {};
    const vecspace::AnalogyQuestion& q = *current->query.question;
    auto word = [](const vecspace::ExpressionTerm& t) {
        return QString::fromStdString(vecspace::quoteLabel(t.label));
    };
    QStringList offsets;
    for (const vecspace::AnalogyPair& pair : q.pairs)
        offsets << QStringLiteral("%1 - %2").arg(word(pair.b), word(pair.a));
    const QString x =
        q.pairs.size() == 1
            ? offsets.front()
            : QStringLiteral("(%1) / %2").arg(offsets.join(" + ")).arg(q.pairs.size());
    return {x, QStringLiteral("%1 - %2").arg(word(q.c), word(q.pairs.front().a))};
}
