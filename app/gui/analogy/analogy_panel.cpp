#include "analogy_panel.h"

#include "analogy_report_view.h"
#include "word_completer.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

using vecspace::AnalogyMethod;

namespace {

QLineEdit* wordField(const char* name, const QString& placeholder) {
    auto* edit = new QLineEdit;
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    edit->setMinimumWidth(40); // the dock shares a small window with the view
    return edit;
}

// A field's label as the expression needs it (a field may hold it quoted: " king").
QString quoted(const QString& field) {
    return QString::fromStdString(
        vecspace::quoteLabel(vecspace::labelFromField(field.toStdString())));
}

// A label as the expression needs it.
QString expressionText(const std::string& label) {
    return QString::fromStdString(vecspace::quoteLabel(label));
}

QString fieldLabel(const QLineEdit* edit) {
    return QString::fromStdString(vecspace::labelFromField(edit->text().toStdString()));
}

QString fieldText(const std::string& label) {
    return QString::fromStdString(vecspace::fieldFromLabel(label));
}

} // namespace

AnalogyPanel::AnalogyPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* classic = new QHBoxLayout;
    m_a = wordField("analogyA", tr("man"));
    m_b = wordField("analogyB", tr("king"));
    m_c = wordField("analogyC", tr("woman"));
    // A is to B as C is to ?, written the way the text form reads.
    classic->addWidget(m_a, 1);
    classic->addWidget(new QLabel(QStringLiteral(":")));
    classic->addWidget(m_b, 1);
    classic->addWidget(new QLabel(QStringLiteral("::")));
    classic->addWidget(m_c, 1);
    classic->addWidget(new QLabel(QStringLiteral(": ?")));
    for (QLineEdit* edit : {m_a, m_b, m_c})
        edit->setToolTip(tr("A is to B as C is to ?"));
    layout->addLayout(classic);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_pairs = wordField("analogyPairs", tr("woman : queen, boy : prince"));
    m_pairs->setToolTip(tr("More example pairs a : b, separated by commas: the offsets are "
                           "averaged (3CosAvg)"));
    form->addRow(tr("More pairs"), m_pairs);
    m_expression = wordField("analogyExpression", tr("king - man + woman"));
    m_expression->setToolTip(
        tr("Any expression (king - man + woman, 0.5*paris + 0.5*london, avg(a, b, c)) or a "
           "question (man : king :: woman : ?)"));
    form->addRow(tr("Expression"), m_expression);
    m_method = new QComboBox;
    m_method->setObjectName("analogyMethod");
    for (AnalogyMethod method :
         {AnalogyMethod::CosAdd, AnalogyMethod::CosMul, AnalogyMethod::PairDirection})
        m_method->addItem(QString::fromLatin1(vecspace::analogyMethodTitle(method)), int(method));
    m_method->setItemData(0, tr("gensim's most_similar: cosine to b − a + c"), Qt::ToolTipRole);
    m_method->setItemData(1, tr("gensim's most_similar_cosmul (Levy and Goldberg 2014)"),
                          Qt::ToolTipRole);
    m_method->setItemData(2, tr("cos(d − c, b − a): the direction of the offset only"),
                          Qt::ToolTipRole);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_method->setMinimumContentsLength(4);
    auto* options = new QHBoxLayout;
    options->addWidget(m_method, 1);
    options->addWidget(new QLabel(tr("k")));
    m_k = new QSpinBox;
    m_k->setObjectName("analogyK");
    m_k->setRange(1, 999);
    m_k->setValue(10);
    options->addWidget(m_k);
    m_rows = new QSpinBox;
    m_rows->setObjectName("analogyRows");
    m_rows->setRange(0, 99999999);
    m_rows->setSingleStep(10000);
    m_rows->setSpecialValueText(tr("all"));
    m_rows->setToolTip(tr("Rank only the N most frequent rows (the first N of the file)"));
    form->addRow(tr("Method"), options);
    form->addRow(tr("Rows"), m_rows);
    m_expected = wordField("analogyExpected", tr("optional, e.g. queen"));
    form->addRow(tr("Expected"), m_expected);
    layout->addLayout(form);

    m_error = new QLabel;
    m_error->setObjectName("analogyError");
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::RichText);
    m_error->hide();
    // A link names its suggestion by index: a token such as " king" would not survive an href.
    connect(m_error, &QLabel::linkActivated, this, [this](const QString& link) {
        bool ok = false;
        const int i = link.toInt(&ok);
        if (ok && i >= 0 && i < m_failure.suggestions.size())
            replaceWord(m_failure.column, m_failure.word, m_failure.suggestions[i]);
    });
    layout->addWidget(m_error);

    m_report = new AnalogyReportView;
    connect(m_report, &AnalogyReportView::rowActivated, this, &AnalogyPanel::rowActivated);
    layout->addWidget(m_report, 1);

    auto* buttons = new QHBoxLayout;
    auto* axes = new QPushButton(tr("Axes"));
    axes->setObjectName("analogyAxesButton");
    axes->setToolTip(tr("Lay every point out by its cosine with b − a (x) and c − a (y)"));
    auto* copy = new QPushButton(tr("Copy"));
    copy->setObjectName("analogyCopy");
    copy->setToolTip(tr("Copy the results and notes as tab-separated text"));
    auto* benchmarks = new QPushButton(tr("Benchmarks"));
    benchmarks->setObjectName("analogyBenchmarks");
    // Narrow enough for a small window: the dock's width is the widest row's.
    for (QPushButton* button : {axes, copy, benchmarks}) {
        button->setMinimumWidth(40);
        button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        buttons->addWidget(button);
    }
    layout->addLayout(buttons);
    connect(axes, &QPushButton::clicked, this, &AnalogyPanel::axesRequested);
    connect(benchmarks, &QPushButton::clicked, this, &AnalogyPanel::benchmarksRequested);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_report->asText()); });

    layout->addWidget(new QLabel(tr("History (double-click to ask again)")));
    m_history = new QListWidget;
    m_history->setObjectName("analogyHistory");
    m_history->setMaximumHeight(90);
    connect(m_history, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem* item) { setQuery(item->text()); });
    layout->addWidget(m_history);

    for (QLineEdit* edit : {m_a, m_b, m_c})
        m_completers << new WordCompleter(edit, false);
    m_completers << new WordCompleter(m_pairs, true) << new WordCompleter(m_expression, true)
                 << new WordCompleter(m_expected, false);
    for (QLineEdit* edit : {m_a, m_b, m_c, m_pairs})
        connect(edit, &QLineEdit::textEdited, this, &AnalogyPanel::onFieldsEdited);
    connect(m_expression, &QLineEdit::textEdited, this, &AnalogyPanel::onExpressionEdited);
    connect(m_expected, &QLineEdit::textEdited, this, &AnalogyPanel::queryChanged);
    connect(m_method, &QComboBox::currentIndexChanged, this, &AnalogyPanel::queryChanged);
    connect(m_k, &QSpinBox::valueChanged, this, &AnalogyPanel::queryChanged);
    connect(m_rows, &QSpinBox::valueChanged, this, &AnalogyPanel::queryChanged);
    for (QLineEdit* edit : {m_a, m_b, m_c, m_pairs, m_expression, m_expected})
        connect(edit, &QLineEdit::returnPressed, this, &AnalogyPanel::queryCommitted);
}

QString AnalogyPanel::query() const {
    return m_expression->text().trimmed();
}

void AnalogyPanel::setQuery(const QString& text) {
    m_expression->setText(text);
    fillFields(text);
    emit queryChanged();
}

void AnalogyPanel::setWord(int field, const QString& word) {
    QLineEdit* edits[] = {m_a, m_b, m_c};
    if (field < 0 || field > 2) return;
    edits[field]->setText(fieldText(word.toStdString()));
    onFieldsEdited();
}

void AnalogyPanel::onFieldsEdited() {
    const QString a = m_a->text().trimmed(), b = m_b->text().trimmed(), c = m_c->text().trimmed(),
                  more = m_pairs->text().trimmed();
    if (a.isEmpty() || b.isEmpty() || c.isEmpty()) {
        m_expression->clear(); // not a question yet
    } else if (more.isEmpty()) {
        // The classic form's expression: b - a + c.
        m_expression->setText(QStringLiteral("%1 - %2 + %3").arg(quoted(b), quoted(a), quoted(c)));
    } else {
        // Several pairs have no plain expression: the question form says it.
        m_expression->setText(
            QStringLiteral("%1 : %2, %3 :: %4 : ?").arg(quoted(a), quoted(b), more, quoted(c)));
    }
    emit queryChanged();
}

void AnalogyPanel::onExpressionEdited() {
    fillFields(m_expression->text());
    emit queryChanged();
}

void AnalogyPanel::fillFields(const QString& text) {
    std::optional<vecspace::AnalogyQuestion> question;
    try {
        question = vecspace::parseAnalogyQuery(text.toStdString()).question;
    } catch (const vecspace::ExpressionError&) {
        return; // half typed: the fields keep what they had
    }
    QString a, b, c, more;
    if (question) {
        a = fieldText(question->pairs.front().a.label);
        b = fieldText(question->pairs.front().b.label);
        c = fieldText(question->c.label);
        QStringList rest;
        for (std::size_t i = 1; i < question->pairs.size(); ++i)
            rest << QStringLiteral("%1 : %2").arg(expressionText(question->pairs[i].a.label),
                                                  expressionText(question->pairs[i].b.label));
        more = rest.join(", ");
    }
    m_a->setText(a);
    m_b->setText(b);
    m_c->setText(c);
    m_pairs->setText(more);
}

vecspace::AnalogyRequest AnalogyPanel::request() const {
    vecspace::AnalogyRequest request;
    request.method = static_cast<AnalogyMethod>(m_method->currentData().toInt());
    request.k = std::size_t(m_k->value());
    request.restrictRows = std::size_t(m_rows->value());
    request.expected = vecspace::labelFromField(m_expected->text().toStdString());
    return request;
}

QJsonObject AnalogyPanel::toJson() const {
    return {{"query", query()},
            {"method", vecspace::analogyMethodName(request().method)},
            {"k", m_k->value()},
            {"rows", m_rows->value()},
            {"expected", m_expected->text()}};
}

void AnalogyPanel::fromJson(const QJsonObject& json) {
    const QSignalBlocker blockMethod(m_method), blockK(m_k), blockRows(m_rows);
    if (const auto method = vecspace::parseAnalogyMethod(json["method"].toString().toStdString()))
        m_method->setCurrentIndex(m_method->findData(int(*method)));
    m_k->setValue(json["k"].toInt(m_k->value()));
    m_rows->setValue(json["rows"].toInt(m_rows->value()));
    m_expected->setText(json["expected"].toString());
    m_expression->setText(json["query"].toString());
    fillFields(m_expression->text());
}

void AnalogyPanel::setWords(std::shared_ptr<const vecspace::EmbeddingSet> set,
                            std::shared_ptr<const vecspace::LabelCompletion> completion) {
    for (WordCompleter* completer : m_completers)
        completer->setWords(set, completion);
}

void AnalogyPanel::showReport(const vecspace::AnalogyReport& report,
                              const vecspace::EmbeddingSet& set, const QString& drawingNote) {
    m_failure = {};
    m_error->hide();
    markField({});
    m_report->show(report, set, query(), drawingNote);
}

void AnalogyPanel::showFailure(const AnalogyFailure& failure) {
    m_failure = failure;
    m_report->clear();
    QString html;
    const QString text = query();
    switch (failure.kind) {
    case AnalogyFailure::Kind::None:
        m_error->hide();
        return;
    case AnalogyFailure::Kind::Syntax: {
        // The query with the problem's column marked.
        const int at = std::clamp(failure.column - 1, 0, int(text.size()));
        const QString mark = at < text.size() ? text.mid(at, 1).toHtmlEscaped() : "&nbsp;";
        html = tr("<span style='color:#e05050'>%1</span><br><code>%2<span "
                  "style='background:#e05050;color:white'>%3</span>%4</code>")
                   .arg(failure.message.toHtmlEscaped(), text.left(at).toHtmlEscaped(), mark,
                        text.mid(at + 1).toHtmlEscaped());
        break;
    }
    case AnalogyFailure::Kind::UnknownWord: {
        QStringList links;
        for (int i = 0; i < failure.suggestions.size(); ++i)
            links << QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(i)
                         .arg(fieldText(failure.suggestions[i].toStdString()).toHtmlEscaped());
        html = tr("<span style='color:#e05050'>Unknown word <b>%1</b></span>")
                   .arg(failure.word.toHtmlEscaped());
        if (!links.isEmpty()) html += tr(" — did you mean %1?").arg(links.join(", "));
        markField(failure.word);
        break;
    }
    case AnalogyFailure::Kind::NotApplicable:
        html = QStringLiteral("<span style='color:#e05050'>%1</span>")
                   .arg(failure.message.toHtmlEscaped());
        break;
    }
    m_error->setText(html);
    m_error->show();
}

void AnalogyPanel::clearAnswer() {
    m_failure = {};
    m_error->hide();
    markField({});
    m_report->clear();
}

void AnalogyPanel::markField(const QString& word) {
    for (QLineEdit* edit : {m_a, m_b, m_c, m_expected})
        edit->setStyleSheet(!word.isEmpty() && fieldLabel(edit) == word
                                ? QStringLiteral("QLineEdit { border: 1px solid #e05050; }")
                                : QString());
}

void AnalogyPanel::replaceWord(int column, const QString& word, const QString& with) {
    if (fieldLabel(m_expected) == word && column == 0) {
        m_expected->setText(fieldText(with.toStdString()));
        emit queryChanged();
        return;
    }
    QString text = m_expression->text();
    const int at = column - 1;
    if (at < 0 || at >= text.size()) return;
    int length = int(word.size());
    if (text[at] == '"' || text[at] == '\'') length = int(text.indexOf(text[at], at + 1)) - at + 1;
    if (length <= 0) return;
    text.replace(at, length, expressionText(with.toStdString()));
    setQuery(text);
}

void AnalogyPanel::addHistory(const QString& text) {
    if (text.isEmpty()) return;
    if (m_history->count() > 0 && m_history->item(0)->text() == text) return;
    for (int i = m_history->count() - 1; i >= 0; --i)
        if (m_history->item(i)->text() == text) delete m_history->takeItem(i);
    m_history->insertItem(0, text);
}

QStringList AnalogyPanel::history() const {
    QStringList out;
    for (int i = 0; i < m_history->count(); ++i)
        out << m_history->item(i)->text();
    return out;
}
