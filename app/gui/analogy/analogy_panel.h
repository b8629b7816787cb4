#pragma once

#include "vecspace/semantic/analogy_solver.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>

class AnalogyReportView;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class WordCompleter;
namespace vecspace {
class LabelCompletion;
}

// Why a query has no answer, as the panel shows it inline.
struct AnalogyFailure {
    enum class Kind { None, Syntax, UnknownWord, NotApplicable } kind = Kind::None;
    QString message;
    int column = 0;          // 1-based, in the query text (syntax errors, unknown words)
    QString word;            // the unknown word
    QStringList suggestions; // "did you mean"
};

// The Analogy dock: a question asked two ways kept in step (A is to B as C is to ?, with more
// example pairs, and a free expression), the method and its options, the expected word, and the
// answer (AnalogyReportView) with a history of what was asked. It only describes queries;
// AnalogyController answers them for the active document.
class AnalogyPanel : public QWidget {
    Q_OBJECT

public:
    explicit AnalogyPanel(QWidget* parent = nullptr);

    QString query() const;              // the expression field: what is asked
    void setQuery(const QString& text); // fills the fields in step; emits queryChanged
    // Puts a word in field A, B or C (0, 1, 2), as if typed there (the point menu's "Use as").
    void setWord(int field, const QString& word);
    vecspace::AnalogyRequest request() const; // method, k, rows, expected (k >= 1)
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);

    void setWords(std::shared_ptr<const vecspace::EmbeddingSet> set,
                  std::shared_ptr<const vecspace::LabelCompletion> completion);
    void showReport(const vecspace::AnalogyReport& report, const vecspace::EmbeddingSet& set,
                    const QString& drawingNote);
    void showFailure(const AnalogyFailure& failure);
    void clearAnswer();
    void addHistory(const QString& query);
    QStringList history() const;
    AnalogyReportView* reportView() const { return m_report; }

signals:
    void queryChanged();        // any field or option: answer again (the controller debounces)
    void queryCommitted();      // Enter in a field: worth keeping in the history
    void rowActivated(int row); // a result clicked
    void axesRequested();       // lay the current question out on its analogy axes
    void benchmarksRequested();

private:
    void onFieldsEdited();     // A, B, C or more pairs typed: rewrite the expression
    void onExpressionEdited(); // the expression typed: fill A, B, C if it is a question
    void fillFields(const QString& text);
    void markField(const QString& word);
    void replaceWord(int column, const QString& word, const QString& with);

    QLineEdit* m_a = nullptr;
    QLineEdit* m_b = nullptr;
    QLineEdit* m_c = nullptr;
    QLineEdit* m_pairs = nullptr;
    QLineEdit* m_expression = nullptr;
    QLineEdit* m_expected = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_k = nullptr;
    QSpinBox* m_rows = nullptr;
    QLabel* m_error = nullptr;
    AnalogyReportView* m_report = nullptr;
    QListWidget* m_history = nullptr;
    QList<WordCompleter*> m_completers;
    AnalogyFailure m_failure;
};
