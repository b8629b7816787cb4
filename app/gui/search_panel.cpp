#include "search_panel.h"

#include "label_list_model.h"
#include "task_runner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <span>

SearchPanel::SearchPanel(TaskRunner* tasks, QWidget* parent)
    : QWidget(parent), m_tasks(tasks), m_model(new LabelListModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(9, 6, 9, 6);
    layout->setSpacing(6);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("searchEdit"));
    m_edit->setPlaceholderText(tr("Search labels…"));
    m_edit->setClearButtonEnabled(true);
    // A file dropped on the search field should open, not paste its path.
    m_edit->setAcceptDrops(false);

    auto* options = new QHBoxLayout;
    m_regex = new QCheckBox(tr("Regex"), this);
    m_regex->setObjectName(QStringLiteral("searchRegex"));
    m_regex->setToolTip(tr("Regular expression (ECMAScript syntax), matched anywhere in the "
                           "text unless anchored with ^ and $"));
    m_case = new QCheckBox(tr("Match case"), this);
    m_case->setObjectName(QStringLiteral("searchCase"));
    m_column = new QComboBox(this);
    m_column->setObjectName(QStringLiteral("searchColumn"));
    m_column->setToolTip(tr("Search the labels or a metadata column"));
    m_column->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_column->setMinimumContentsLength(6);
    options->addWidget(m_regex);
    options->addWidget(m_case);
    options->addStretch(1);
    auto* in = new QHBoxLayout;
    in->addWidget(new QLabel(tr("In"), this));
    in->addWidget(m_column, 1);

    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("labelList"));
    m_list->setModel(m_model);
    // Hundreds of thousands of rows: equal heights let the view skip measuring each one.
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("matchLabel"));
    m_count->setWordWrap(true);
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layout->addWidget(m_edit);
    layout->addLayout(options);
    layout->addLayout(in);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);

    connect(m_edit, &QLineEdit::textChanged, this, &SearchPanel::search);
    // Enter goes to the best match: the exact one when there is one.
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (m_active && !m_ranked.empty()) emit rowActivated(m_ranked.front());
    });
    connect(m_regex, &QCheckBox::toggled, this, &SearchPanel::search);
    connect(m_case, &QCheckBox::toggled, this, &SearchPanel::search);
    connect(m_column, &QComboBox::currentIndexChanged, this, &SearchPanel::buildIndex);
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex& index) {
        emit rowActivated(index.data(LabelListModel::SourceRowRole).toInt());
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex& index) {
        emit rowActivated(index.data(LabelListModel::SourceRowRole).toInt());
    });
    showCount();
}

SearchPanel::~SearchPanel() = default;

void SearchPanel::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    m_set = std::move(set);
    m_model->setDataset(m_set);
    m_index.reset();
    const QSignalBlocker blocker(m_column);
    m_column->clear();
    m_column->addItem(tr("Labels"), -1);
    if (m_set)
        for (std::size_t c = 0; c < m_set->metadata.size(); ++c)
            m_column->addItem(QString::fromStdString(m_set->metadata[c].name), int(c));
    buildIndex();
}

void SearchPanel::buildIndex() {
    m_index.reset();
    m_model->setValueColumn(column());
    m_edit->setPlaceholderText(column() < 0 ? tr("Search labels…")
                                            : tr("Search %1…").arg(m_column->currentText()));
    if (!m_set) {
        search();
        return;
    }
    // One index at a time: a newer one (another column, another set) replaces it.
    TaskOptions task;
    task.title = tr("Indexing labels for search");
    task.group = QStringLiteral("search-index");
    task.visible = false; // tens of milliseconds for 341k labels
    m_tasks->start(
        task, this,
        [set = m_set, column = column()](TaskContext&) -> Index {
            // The index refers to the values: its deleter keeps the set alive with it.
            const std::vector<std::string>& values =
                column < 0 ? set->labels : set->metadata[std::size_t(column)].values;
            return Index(new vecspace::LabelSearch(std::span(values)),
                         [set](const vecspace::LabelSearch* index) { delete index; });
        },
        [this](Index index) {
            m_index = std::move(index);
            search();
        });
    search();
}

void SearchPanel::search() {
    const std::string query = m_edit->text().toStdString();
    m_error.clear();
    if (query.empty() || !m_set) {
        m_active = false;
        m_matches.clear();
        m_ranked.clear();
        m_model->showAll();
        showCount();
        emit matchesChanged();
        return;
    }
    // Text typed in the moments after a load, while the index is still being built: answered
    // when it arrives.
    if (!m_index) {
        m_count->setText(tr("Indexing…"));
        return;
    }
    vecspace::LabelSearchOptions options;
    options.mode =
        m_regex->isChecked() ? vecspace::SearchMode::Regex : vecspace::SearchMode::Substring;
    options.caseSensitive = m_case->isChecked();
    options.ranked = true;
    const vecspace::LabelSearchResult result = m_index->find(query, options);
    m_ranked.assign(result.rows.begin(), result.rows.end());
    m_matches = m_ranked;
    std::sort(m_matches.begin(), m_matches.end());
    if (result.error)
        m_error =
            tr("Invalid regular expression: %1").arg(QString::fromStdString(result.error->message));
    m_active = !result.error;
    m_model->setRows(m_ranked);
    showCount();
    emit matchesChanged();
}

void SearchPanel::showCount() {
    if (!m_error.isEmpty()) {
        m_count->setStyleSheet(QStringLiteral("color: #c0392b;"));
        m_count->setText(m_error);
        return;
    }
    m_count->setStyleSheet(QString());
    if (!m_set) {
        m_count->setText(tr("No data loaded"));
        return;
    }
    const QLocale locale;
    const QString matched = locale.toString(m_model->matchCount());
    const QString total = locale.toString(m_model->totalCount());
    m_count->setText(column() < 0 ? tr("%1 of %2 labels").arg(matched, total)
                                  : tr("%1 of %2 rows").arg(matched, total));
}

void SearchPanel::setQuery(const QString& text) {
    m_edit->setText(text);
}

QString SearchPanel::query() const {
    return m_edit->text();
}

void SearchPanel::setRegex(bool on) {
    m_regex->setChecked(on);
}

void SearchPanel::setCaseSensitive(bool on) {
    m_case->setChecked(on);
}

void SearchPanel::setColumn(int column) {
    const int index = m_column->findData(column);
    if (index >= 0) m_column->setCurrentIndex(index);
}

int SearchPanel::column() const {
    return m_column->count() ? m_column->currentData().toInt() : -1;
}

void SearchPanel::focusSearch() {
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

QJsonObject SearchPanel::toJson() const {
    QJsonObject json;
    json[QStringLiteral("query")] = query();
    json[QStringLiteral("regex")] = m_regex->isChecked();
    json[QStringLiteral("caseSensitive")] = m_case->isChecked();
    json[QStringLiteral("column")] = column() < 0 ? QString() : m_column->currentText();
    return json;
}

void SearchPanel::fromJson(const QJsonObject& json) {
    if (json.contains(QStringLiteral("regex"))) setRegex(json[QStringLiteral("regex")].toBool());
    if (json.contains(QStringLiteral("caseSensitive")))
        setCaseSensitive(json[QStringLiteral("caseSensitive")].toBool());
    const QString name = json[QStringLiteral("column")].toString();
    const int index = name.isEmpty() ? 0 : m_column->findText(name, Qt::MatchExactly);
    if (index >= 0) m_column->setCurrentIndex(index);
    if (json.contains(QStringLiteral("query"))) setQuery(json[QStringLiteral("query")].toString());
}
