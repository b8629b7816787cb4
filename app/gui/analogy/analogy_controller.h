#pragma once

#include "analogy_panel.h"
#include "vecspace/search/label_completion.h"
#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy_solver.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <vector>

class Dataset;
class TaskRunner;

// Answers the Analogy panel's query for the active document as the user types: debounced, on a
// worker (TaskRunner, one task per document, a newer query replacing an older one so that stale
// answers are dropped), and draws the answer in the document (arrows, the computed point,
// labels). Each document keeps its own query, answer and drawing.
class AnalogyController : public QObject {
    Q_OBJECT

public:
    AnalogyController(AnalogyPanel* panel, TaskRunner* tasks, QObject* parent = nullptr);

    void setDocument(Dataset* document);
    // Shows `query` in the panel and answers it without waiting for more typing (scripts).
    void ask(const QString& query);
    // The active document's last answer; null when it has none (yet).
    std::shared_ptr<const vecspace::AnalogyReport> report() const;
    // x: b - a, y: c - a of the active answer's question (empty without one).
    QStringList axes() const;
    bool isAnswering() const;

    static constexpr int kDebounceMs = 120;

signals:
    void answered(bool ok, QString message); // every answer or failure of the active document
    void highlightRequested(std::vector<int> rows);
    void rowActivated(int row);
    void axesRequested(QStringList axes);

private:
    struct Words {
        explicit Words(std::shared_ptr<const vecspace::EmbeddingSet> s)
            : set(std::move(s)), labels(set->labels), completion(set->labels) {}
        std::shared_ptr<const vecspace::EmbeddingSet> set;
        vecspace::LabelIndex labels;
        vecspace::LabelCompletion completion;
    };
    struct Outcome {
        QString query;
        std::shared_ptr<const vecspace::AnalogyReport> report;
        AnalogyFailure failure;
        long pointRow = -1; // the row nearest the computed point
    };
    struct State {
        std::shared_ptr<const Words> words;
        bool buildingWords = false;
        std::shared_ptr<const vecspace::AnalogyReport> report;
        long pointRow = -1;
        quint64 task = 0;
    };

    State& stateOf(Dataset* document);
    void answerNow();
    void buildWords(Dataset* document);
    void onAnswered(Dataset* document, const Outcome& outcome);
    void draw(Dataset* document);
    void clearDrawing(Dataset* document);
    static Outcome solve(const vecspace::SimilarityIndex& index, const Words& words,
                         const QString& query, const vecspace::AnalogyRequest& request);

    AnalogyPanel* m_panel;
    TaskRunner* m_tasks;
    QPointer<Dataset> m_document;
    QHash<const Dataset*, State> m_states;
    QTimer m_debounce;
    QTimer m_keep; // an answer left standing this long goes into the history
};
