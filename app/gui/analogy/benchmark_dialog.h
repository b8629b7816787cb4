#pragma once

#include "vecspace/semantic/evaluation.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

class Dataset;
class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class TaskRunner;

// Tools > Benchmarks: the analogy benchmark (questions-words.txt or any file in its format) and
// word-similarity benchmarks on the active document, with gensim's rules and numbers identical
// to vecspace-cli evaluate-analogies / evaluate-similarity; on a worker with progress and
// cancel; the tables exportable as CSV.
class BenchmarkDialog : public QDialog {
    Q_OBJECT

public:
    BenchmarkDialog(Dataset* document, TaskRunner* tasks, QWidget* parent = nullptr);

    void setFiles(const QString& questions, const QStringList& pairs);
    void run();
    void cancel();
    bool isRunning() const;

    struct Results {
        std::optional<vecspace::AnalogyEvaluation> analogies;
        std::vector<std::pair<QString, vecspace::SimilarityEvaluation>> similarity;
    };
    const Results& results() const { return m_results; }
    QString csv() const; // both tables
    bool exportCsv(const QString& path, QString* error = nullptr) const;

signals:
    void finished(bool ok, QString message);

private:
    void browseQuestions();
    void browsePairs();
    void showResults();
    void setRunning(bool running);

    QPointer<Dataset> m_document;
    TaskRunner* m_tasks;
    QLineEdit* m_questions = nullptr;
    QLineEdit* m_pairs = nullptr;
    QSpinBox* m_restrict = nullptr;
    QCheckBox* m_caseSensitive = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_sections = nullptr;
    QTableWidget* m_similarity = nullptr;
    Results m_results;
    quint64 m_task = 0;
};
