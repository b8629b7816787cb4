#include "inspector_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

InspectorPanel::InspectorPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_label = new QLabel(tr("Nothing selected"));
    m_label->setObjectName("inspectorLabel");
    QFont big = m_label->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_label->setFont(big);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_label);

    m_metadata = new QTableWidget(0, 2);
    m_metadata->setHorizontalHeaderLabels({tr("Column"), tr("Value")});
    m_metadata->horizontalHeader()->setStretchLastSection(true);
    m_metadata->verticalHeader()->hide();
    m_metadata->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_metadata->setMaximumHeight(110);
    layout->addWidget(m_metadata);

    auto* form = new QFormLayout;
    m_k = new QSpinBox;
    m_k->setRange(1, 1000);
    m_k->setValue(10);
    m_k->setObjectName("inspectorK");
    form->addRow(tr("Neighbours"), m_k);
    m_metric = new QComboBox;
    m_metric->addItem(tr("Cosine"), int(vecspace::Metric::Cosine));
    m_metric->addItem(tr("Euclidean"), int(vecspace::Metric::Euclidean));
    m_metric->addItem(tr("Dot product"), int(vecspace::Metric::Dot));
    form->addRow(tr("Metric"), m_metric);
    layout->addLayout(form);

    m_list = new QListWidget;
    m_list->setObjectName("inspectorNeighbors");
    layout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    m_isolate = new QPushButton(tr("Isolate"));
    m_isolate->setToolTip(tr("Show only the selected point and its neighbours"));
    m_showAll = new QPushButton(tr("Show all"));
    buttons->addWidget(m_isolate);
    buttons->addWidget(m_showAll);
    layout->addLayout(buttons);

    connect(m_k, &QSpinBox::valueChanged, this, &InspectorPanel::search);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &InspectorPanel::search);
    connect(&m_watcher, &QFutureWatcher<std::vector<vecspace::Neighbor>>::finished, this,
            &InspectorPanel::showNeighbors);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit neighborActivated(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        emit neighborActivated(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_isolate, &QPushButton::clicked, this, [this] {
        if (m_row < 0) return;
        std::vector<std::size_t> rows{static_cast<std::size_t>(m_row)};
        for (const auto& n : m_neighbors)
            rows.push_back(n.row);
        emit isolateRequested(rows);
    });
    connect(m_showAll, &QPushButton::clicked, this, &InspectorPanel::showAllRequested);
}

InspectorPanel::~InspectorPanel() {
    m_watcher.waitForFinished(); // the worker reads m_index and m_set through its own copies
}

void InspectorPanel::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    m_set = std::move(set);
    m_index.reset();
    setRow(-1);
}

void InspectorPanel::setIndex(std::shared_ptr<const vecspace::SimilarityIndex> index) {
    m_index = std::move(index);
    search();
}

int InspectorPanel::k() const {
    return m_k->value();
}
void InspectorPanel::setK(int k) {
    m_k->setValue(k);
}
vecspace::Metric InspectorPanel::metric() const {
    return static_cast<vecspace::Metric>(m_metric->currentData().toInt());
}
void InspectorPanel::setMetric(vecspace::Metric metric) {
    m_metric->setCurrentIndex(m_metric->findData(int(metric)));
}

void InspectorPanel::setRow(long row) {
    m_row = m_set && row >= 0 && static_cast<std::size_t>(row) < m_set->rows() ? row : -1;
    m_metadata->setRowCount(0);
    if (m_row < 0) {
        m_label->setText(tr("Nothing selected"));
        m_neighbors.clear();
        m_list->clear();
        emit neighborsChanged(-1, {});
        return;
    }
    const auto r = static_cast<std::size_t>(m_row);
    m_label->setText(QString::fromStdString(m_set->labels[r]));
    for (const auto& column : m_set->metadata) {
        const int i = m_metadata->rowCount();
        m_metadata->insertRow(i);
        m_metadata->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(column.name)));
        m_metadata->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(column.values[r])));
    }
    search();
}

void InspectorPanel::search() {
    if (m_row < 0 || !m_index) return;
    if (m_watcher.isRunning()) { // one search at a time; the newest request runs next
        m_searchAgain = true;
        return;
    }
    vecspace::NeighborOptions options;
    options.k = static_cast<std::size_t>(m_k->value());
    options.metric = metric();
    m_pendingRow = m_row;
    m_watcher.setFuture(QtConcurrent::run([index = m_index, row = static_cast<std::size_t>(m_row),
                                           options] { return index->nearestToRow(row, options); }));
}

void InspectorPanel::showNeighbors() {
    if (m_searchAgain) {
        m_searchAgain = false;
        search();
        return;
    }
    if (m_pendingRow != m_row) return;
    m_neighbors = m_watcher.result();
    m_list->clear();
    std::vector<std::size_t> rows;
    for (const auto& n : m_neighbors) {
        auto* item = new QListWidgetItem(QStringLiteral("%1   %2").arg(
            QString::fromStdString(m_set->labels[n.row]), QString::number(n.score, 'f', 4)));
        item->setData(Qt::UserRole, static_cast<qlonglong>(n.row));
        m_list->addItem(item);
        rows.push_back(n.row);
    }
    emit neighborsChanged(m_row, rows);
}
