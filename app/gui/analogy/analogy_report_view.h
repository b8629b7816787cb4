#pragma once

#include "vecspace/semantic/analogy_solver.h"

#include <QHash>
#include <QString>
#include <QWidget>
#include <optional>

class QLabel;
class QTreeWidget;

// An analogy's answer as a careful reader needs it: the ranked results with their scores, offset
// consistency and whether each is just a neighbour of C; beside them the best answer with the
// inputs kept (flagged when it is an input), the expected word's rank under each method, C's own
// neighbours (the baseline), offset consistency for the chosen result, and how the view draws
// the computed point.
class AnalogyReportView : public QWidget {
    Q_OBJECT

public:
    explicit AnalogyReportView(QWidget* parent = nullptr);

    void show(const vecspace::AnalogyReport& report, const vecspace::EmbeddingSet& set,
              const QString& query, const QString& drawingNote);
    void clear();
    QString asText() const; // the list and the notes, tab-separated, for the clipboard
    QTreeWidget* results() const { return m_results; }
    QLabel* info() const { return m_info; }

signals:
    void rowActivated(int row);

private:
    void showChosen(); // offset consistency of the current result
    QString label(std::size_t row) const;

    QTreeWidget* m_results = nullptr;
    QLabel* m_chosen = nullptr;
    QLabel* m_info = nullptr;
    std::optional<vecspace::AnalogyReport> m_report;
    QHash<std::size_t, QString> m_labels; // of the rows the report names
    QString m_query;
};
