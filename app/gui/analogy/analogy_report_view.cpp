#include "analogy_report_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>

using vecspace::AnalogyMethod;

namespace {

enum Column { Rank, Word, Score, Consistency, Notes };

QString number(double value) {
    return std::isnan(value) ? QStringLiteral("–") : QString::number(value, 'f', 3);
}

QString methodTitle(AnalogyMethod method) {
    return QString::fromLatin1(vecspace::analogyMethodTitle(method));
}

} // namespace

AnalogyReportView::AnalogyReportView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_results = new QTreeWidget;
    m_results->setObjectName("analogyResults");
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setHeaderLabels({tr("#"), tr("Word"), tr("Score"), tr("Offset"), tr("")});
    m_results->headerItem()->setToolTip(Score, tr("The method's score (higher is better)"));
    m_results->headerItem()->setToolTip(
        Consistency, tr("Offset consistency cos(b − a, d − c): how parallel the result's offset "
                        "from C is to the example offset"));
    m_results->headerItem()->setToolTip(
        Notes, tr("◦ also one of C's nearest neighbours: the answer may be neighbourhood, not "
                  "analogy; ▲ an input word"));
    m_results->header()->setStretchLastSection(false);
    m_results->header()->setSectionResizeMode(Word, QHeaderView::Stretch);
    for (int c : {Rank, Score, Consistency, Notes})
        m_results->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    layout->addWidget(m_results, 1);
    m_chosen = new QLabel;
    m_chosen->setObjectName("analogyChosen");
    m_chosen->setWordWrap(true);
    layout->addWidget(m_chosen);
    m_info = new QLabel;
    m_info->setObjectName("analogyInfo");
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::RichText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_info);
    connect(m_results, &QTreeWidget::currentItemChanged, this, &AnalogyReportView::showChosen);
    connect(m_results, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        emit rowActivated(item->data(Word, Qt::UserRole).toInt());
    });
    connect(m_results, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        emit rowActivated(item->data(Word, Qt::UserRole).toInt());
    });
}

QString AnalogyReportView::label(std::size_t row) const {
    return m_labels.value(row);
}

void AnalogyReportView::show(const vecspace::AnalogyReport& report,
                             const vecspace::EmbeddingSet& set, const QString& query,
                             const QString& drawingNote) {
    m_report = report;
    m_query = query;
    // Only the rows the report names are kept, not the whole vocabulary.
    m_labels.clear();
    auto keep = [&](std::size_t row) { m_labels[row] = QString::fromStdString(set.labels[row]); };
    for (const auto& r : report.results)
        keep(r.row);
    for (const auto& t : report.terms)
        keep(t.row);
    for (const auto& n : report.baseline)
        keep(n.row);
    if (report.bestKept) keep(report.bestKept->row);
    if (report.expectedRow) keep(*report.expectedRow);

    m_results->clear();
    QList<QTreeWidgetItem*> items;
    for (std::size_t i = 0; i < report.results.size(); ++i) {
        const vecspace::RankedRow& r = report.results[i];
        auto* item = new QTreeWidgetItem;
        item->setText(Rank, QString::number(i + 1));
        item->setText(Word, label(r.row));
        item->setData(Word, Qt::UserRole, int(r.row));
        item->setText(Score, QString::number(double(r.score), 'f', 4));
        item->setText(Consistency, number(double(r.consistency)));
        QString notes;
        if (r.input) notes += QStringLiteral("▲");
        if (r.nearC) notes += QStringLiteral("◦");
        item->setText(Notes, notes);
        if (r.input) item->setToolTip(Notes, tr("an input word"));
        if (r.nearC) item->setToolTip(Notes, tr("also one of C's nearest neighbours"));
        for (int c : {Rank, Score, Consistency})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
    }
    m_results->addTopLevelItems(items);
    if (!items.isEmpty()) m_results->setCurrentItem(items.front());

    QStringList lines;
    if (report.bestKept) {
        if (report.bestKept->input)
            lines << tr("<span style='color:#d9822b'>⚠ Without excluding the inputs the best "
                        "answer is <b>%1</b> (%2), an input word.</span>")
                         .arg(label(report.bestKept->row).toHtmlEscaped())
                         .arg(double(report.bestKept->score), 0, 'f', 3);
        else
            lines << tr("With the inputs kept the best answer is the same, <b>%1</b>.")
                         .arg(label(report.bestKept->row).toHtmlEscaped());
    }
    if (report.expectedRow) {
        QStringList ranks;
        for (const vecspace::ExpectedRank& e : report.expected)
            ranks << (e.rank ? tr("%1 rank %2 (%3)")
                                   .arg(methodTitle(e.method))
                                   .arg(*e.rank)
                                   .arg(double(e.score), 0, 'f', 3)
                             : tr("%1: %2").arg(methodTitle(e.method),
                                                QString::fromStdString(e.note).toHtmlEscaped()));
        lines << tr("Expected <b>%1</b>: %2")
                     .arg(label(*report.expectedRow).toHtmlEscaped(), ranks.join(" · "));
    }
    if (report.question && !report.baseline.empty()) {
        QStringList words;
        for (const vecspace::Neighbor& n : report.baseline)
            words << label(n.row).toHtmlEscaped();
        int near = 0;
        for (const auto& r : report.results)
            near += r.nearC;
        lines << tr("Baseline, C alone (<b>%1</b>): %2. %3 of the %4 results are just C's "
                    "neighbours (◦).")
                     .arg(label(report.question->c).toHtmlEscaped(), words.join(", "))
                     .arg(near)
                     .arg(report.results.size());
    } else if (!report.question) {
        lines << tr("Baseline, offset consistency and PairDirection need a question "
                    "(a : b :: c : ?).");
    }
    if (!drawingNote.isEmpty()) lines << drawingNote.toHtmlEscaped();
    m_info->setText(lines.join("<br>"));
    showChosen();
}

void AnalogyReportView::showChosen() {
    const QTreeWidgetItem* item = m_results->currentItem();
    if (!m_report || !item || !m_report->question) {
        m_chosen->clear();
        return;
    }
    const int index = m_results->indexOfTopLevelItem(const_cast<QTreeWidgetItem*>(item));
    const vecspace::RankedRow& r = m_report->results[std::size_t(index)];
    const auto& q = *m_report->question;
    const QString offset =
        q.pairs.size() == 1
            ? QStringLiteral("%1 − %2").arg(label(q.pairs[0].second), label(q.pairs[0].first))
            : tr("the mean offset");
    m_chosen->setText(tr("Offset consistency cos(%1, %2 − %3) = %4")
                          .arg(offset, label(r.row), label(q.c))
                          .arg(number(double(r.consistency))));
}

void AnalogyReportView::clear() {
    m_report.reset();
    m_results->clear();
    m_chosen->clear();
    m_info->clear();
}

QString AnalogyReportView::asText() const {
    if (!m_report) return {};
    QStringList lines;
    lines << QStringLiteral("%1\t%2").arg(m_query, methodTitle(m_report->method));
    lines << QStringLiteral("rank\tword\tscore\toffset_consistency\tinput\tnear_c");
    for (std::size_t i = 0; i < m_report->results.size(); ++i) {
        const auto& r = m_report->results[i];
        lines << QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                     .arg(i + 1)
                     .arg(label(r.row))
                     .arg(double(r.score), 0, 'f', 6)
                     .arg(std::isnan(r.consistency) ? QString()
                                                    : QString::number(r.consistency, 'f', 6))
                     .arg(r.input ? "yes" : "no")
                     .arg(r.nearC ? "yes" : "no");
    }
    if (m_report->bestKept)
        lines << QStringLiteral("best with inputs kept\t%1\t%2")
                     .arg(label(m_report->bestKept->row))
                     .arg(double(m_report->bestKept->score), 0, 'f', 6);
    for (const auto& e : m_report->expected)
        lines << QStringLiteral("expected %1 (%2)\t%3\t%4")
                     .arg(label(*m_report->expectedRow), methodTitle(e.method))
                     .arg(e.rank ? QString::number(*e.rank) : QString::fromStdString(e.note))
                     .arg(double(e.score), 0, 'f', 6);
    return lines.join('\n') + '\n';
}
