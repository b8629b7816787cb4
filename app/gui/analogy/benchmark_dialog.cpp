#include "benchmark_dialog.h"

#include "dataset.h"
#include "demo_set.h"
#include "fs_path.h"
#include "task_runner.h"
#include "vecspace/io/writer.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QTableWidget* table(const char* name, const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(QLatin1String(name));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells, bool bold = false) {
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        QFont font = item->font();
        font.setBold(bold);
        item->setFont(font);
        t->setItem(row, c, item);
    }
}

QString csvField(const QString& text) {
    if (!text.contains(',') && !text.contains('"')) return text;
    return '"' + QString(text).replace("\"", "\"\"") + '"';
}

QString percent(std::size_t correct, std::size_t total) {
    return total ? QString::number(100.0 * double(correct) / double(total), 'f', 2) + '%'
                 : QStringLiteral("–");
}

} // namespace

BenchmarkDialog::BenchmarkDialog(Dataset* document, TaskRunner* tasks, QWidget* parent)
    : QDialog(parent), m_document(document), m_tasks(tasks) {
    setObjectName("benchmarkDialog");
    setWindowTitle(tr("Benchmarks — %1").arg(document ? document->displayName() : QString()));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    auto fileRow = [&](QLineEdit*& edit, const char* name, auto browse) {
        auto* row = new QHBoxLayout;
        edit = new QLineEdit;
        edit->setObjectName(QLatin1String(name));
        auto* button = new QPushButton(tr("Browse…"));
        connect(button, &QPushButton::clicked, this, browse);
        row->addWidget(edit, 1);
        row->addWidget(button);
        return row;
    };
    form->addRow(tr("Analogies"),
                 fileRow(m_questions, "benchmarkQuestions", &BenchmarkDialog::browseQuestions));
    form->addRow(tr("Word pairs"),
                 fileRow(m_pairs, "benchmarkPairs", &BenchmarkDialog::browsePairs));
    m_pairs->setToolTip(tr("One or more similarity files (word, word, score), separated by ';'"));
    m_restrict = new QSpinBox;
    m_restrict->setObjectName("benchmarkRestrict");
    m_restrict->setRange(1, 100000000);
    m_restrict->setValue(300000);
    m_restrict->setToolTip(tr("Use only the first N rows as the vocabulary (gensim's "
                              "restrict_vocab, 300,000 by default)"));
    form->addRow(tr("Vocabulary rows"), m_restrict);
    m_caseSensitive = new QCheckBox(tr("Case-sensitive lookups"));
    form->addRow(m_caseSensitive);
    layout->addLayout(form);

    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run"));
    m_run->setObjectName("benchmarkRun");
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName("benchmarkCancel");
    m_cancel->setEnabled(false);
    m_export = new QPushButton(tr("Export CSV…"));
    m_export->setObjectName("benchmarkExport");
    m_export->setEnabled(false);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setObjectName("benchmarkStatus");
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_sections =
        table("benchmarkSections", {tr("Section"), tr("Correct"), tr("Total"), tr("Accuracy")});
    layout->addWidget(m_sections, 2);
    m_similarity =
        table("benchmarkSimilarity", {tr("Word pairs"), tr("Pairs"), tr("Out of vocabulary"),
                                      tr("Pearson"), tr("Spearman")});
    layout->addWidget(m_similarity, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);
    resize(620, 640);

    connect(m_run, &QPushButton::clicked, this, &BenchmarkDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &BenchmarkDialog::cancel);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export benchmark results"),
                                         QStringLiteral("benchmarks.csv"), tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error)) m_status->setText(error);
    });
    connect(m_tasks, &TaskRunner::progressChanged, this, [this](quint64 id, double fraction) {
        if (id == m_task) m_progress->setValue(int(fraction * 1000));
    });
    // The bundled files, ready to run.
    QStringList pairs;
    for (const char* name : {"wordsim353.tsv", "simlex999.txt"}) {
        const QString path = findResource(QStringLiteral("benchmarks"), QLatin1String(name));
        if (!path.isEmpty()) pairs << path;
    }
    setFiles(findResource(QStringLiteral("benchmarks"), QStringLiteral("questions-words.txt")),
             pairs);
}

void BenchmarkDialog::setFiles(const QString& questions, const QStringList& pairs) {
    m_questions->setText(questions);
    m_pairs->setText(pairs.join(';'));
}

void BenchmarkDialog::browseQuestions() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Analogy questions"), m_questions->text());
    if (!path.isEmpty()) m_questions->setText(path);
}

void BenchmarkDialog::browsePairs() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Word-pair files"));
    if (!paths.isEmpty()) m_pairs->setText(paths.join(';'));
}

bool BenchmarkDialog::isRunning() const {
    return m_tasks->isRunning(m_task);
}

void BenchmarkDialog::cancel() {
    m_tasks->cancel(m_task);
}

void BenchmarkDialog::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (!running) m_progress->setValue(0);
}

void BenchmarkDialog::run() {
    if (!m_document) return;
    const QString questions = m_questions->text().trimmed();
    QStringList pairs;
    for (const QString& p : m_pairs->text().split(';', Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty()) pairs << p.trimmed();
    if (questions.isEmpty() && pairs.isEmpty()) {
        m_status->setText(tr("Choose an analogy file, word-pair files, or both."));
        return;
    }
    // A name that is not a file is an error before anything runs.
    QStringList named = pairs;
    named << questions;
    for (const QString& path : std::as_const(named))
        if (!path.isEmpty() && !QFileInfo(path).isFile()) {
            m_status->setText(tr("No such file: %1").arg(path));
            emit finished(false, m_status->text());
            return;
        }
    const auto index = m_document->similarityIndex();
    if (!index) {
        connect(m_document, &Dataset::similarityIndexReady, this, &BenchmarkDialog::run,
                Qt::SingleShotConnection);
        m_document->requestSimilarityIndex(m_tasks);
        m_status->setText(tr("Preparing the vectors…"));
        setRunning(true);
        return;
    }
    const std::size_t restrictRows = std::size_t(m_restrict->value());
    const bool caseInsensitive = !m_caseSensitive->isChecked();
    TaskOptions task;
    task.title = tr("Benchmarks on %1").arg(m_document->displayName());
    task.group = QStringLiteral("benchmarks:%1").arg(quintptr(m_document.data()));
    m_task = m_tasks->start(
        task, this,
        [index, questions, pairs, restrictRows, caseInsensitive](TaskContext& context) {
            Results results;
            const double analogyShare = pairs.isEmpty() ? 1.0 : 0.95;
            if (!questions.isEmpty()) {
                vecspace::AnalogyEvaluationOptions options;
                options.restrictRows = restrictRows;
                options.caseInsensitive = caseInsensitive;
                options.progress = [&context, analogyShare](double f) {
                    return context.setProgress(f * analogyShare);
                };
                results.analogies =
                    vecspace::evaluateAnalogies(*index, toFsPath(questions), options);
            }
            vecspace::SimilarityEvaluationOptions options;
            options.restrictRows = restrictRows;
            options.caseInsensitive = caseInsensitive;
            for (const QString& path : pairs) {
                if (context.isCancelled()) throw vecspace::Cancelled();
                results.similarity.emplace_back(
                    QFileInfo(path).fileName(),
                    vecspace::evaluateWordPairs(*index, toFsPath(path), options));
            }
            return results;
        },
        [this](Results results) {
            m_results = std::move(results);
            setRunning(false);
            showResults();
            emit finished(true, {});
        },
        [this](const TaskEnd& end) {
            setRunning(false);
            m_status->setText(end.cancelled() ? tr("Cancelled; the tables show the last run.")
                                              : tr("Failed: %1").arg(end.message));
            emit finished(false, m_status->text());
        });
    setRunning(true);
    m_status->setText(tr("Running…"));
}

void BenchmarkDialog::showResults() {
    m_sections->setRowCount(0);
    QString status;
    if (const auto& a = m_results.analogies) {
        m_sections->setRowCount(int(a->sections.size()) + 1);
        int row = 0;
        for (const vecspace::AnalogySection& s : a->sections) {
            const std::size_t total = s.correct + s.incorrect;
            setRow(m_sections, row++,
                   {QString::fromStdString(s.name), QString::number(s.correct),
                    QString::number(total), percent(s.correct, total)});
        }
        const std::size_t total = a->correct + a->incorrect;
        setRow(m_sections, row,
               {tr("Total"), QString::number(a->correct), QString::number(total),
                percent(a->correct, total)},
               true);
        status = tr("Analogies: %1 of %2 correct (%3), %4 skipped (a word not in the "
                    "vocabulary).")
                     .arg(a->correct)
                     .arg(total)
                     .arg(percent(a->correct, total))
                     .arg(a->skipped);
    }
    m_similarity->setRowCount(int(m_results.similarity.size()));
    int row = 0;
    for (const auto& [name, s] : m_results.similarity)
        setRow(m_similarity, row++,
               {name, QString::number(s.pairs), QString::number(s.oovRatio, 'f', 2) + '%',
                QString::number(s.pearson, 'f', 4), QString::number(s.spearman, 'f', 4)});
    m_status->setText(status);
    m_export->setEnabled(true);
}

QString BenchmarkDialog::csv() const {
    QStringList lines{QStringLiteral("benchmark,section,correct,total,accuracy,pairs,oov_percent,"
                                     "pearson,spearman")};
    if (const auto& a = m_results.analogies) {
        for (const auto& s : a->sections)
            lines << QStringLiteral("analogies,%1,%2,%3,%4,,,,")
                         .arg(csvField(QString::fromStdString(s.name)))
                         .arg(s.correct)
                         .arg(s.correct + s.incorrect)
                         .arg(s.correct + s.incorrect
                                  ? double(s.correct) / double(s.correct + s.incorrect)
                                  : 0.0,
                              0, 'f', 6);
        lines << QStringLiteral("analogies,total,%1,%2,%3,,,,")
                     .arg(a->correct)
                     .arg(a->correct + a->incorrect)
                     .arg(a->accuracy, 0, 'f', 6);
    }
    for (const auto& [name, s] : m_results.similarity)
        lines << QStringLiteral("%1,,,,,%2,%3,%4,%5")
                     .arg(csvField(name))
                     .arg(s.pairs)
                     .arg(s.oovRatio, 0, 'f', 4)
                     .arg(s.pearson, 0, 'f', 6)
                     .arg(s.spearman, 0, 'f', 6);
    return lines.join('\n') + '\n';
}

bool BenchmarkDialog::exportCsv(const QString& path, QString* error) const {
    try {
        const QByteArray bytes = csv().toUtf8();
        vecspace::writeFileAtomically(
            toFsPath(path), std::string_view(bytes.constData(), std::size_t(bytes.size())));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = tr("Cannot write %1: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
}
