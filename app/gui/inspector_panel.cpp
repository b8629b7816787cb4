#include "inspector_panel.h"

#include "dataset.h"
#include "task_runner.h"

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

InspectorPanel::InspectorPanel(TaskRunner* tasks, QWidget* parent)
    : QWidget(parent), m_tasks(tasks) {
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

    connect(m_k, &QSpinBox::valueChanged, this, [this](int k) {
        search();
        emit kChanged(k);
    });
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        search();
        emit metricChanged(metric());
    });
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

InspectorPanel::~InspectorPanel() = default;

void InspectorPanel::setDocument(Dataset* document) {
    if (m_document) disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_tasks->cancelGroup(QStringLiteral("inspector"));
    if (document) {
        connect(document, &Dataset::inspectedRowChanged, this, &InspectorPanel::showRow);
        connect(document, &Dataset::similarityIndexReady, this, &InspectorPanel::search);
        document->requestSimilarityIndex(m_tasks);
    }
    showRow(document ? document->inspectedRow() : -1);
}

int InspectorPanel::k() const {
    return m_k->value();
}
void InspectorPanel::setK(int k) {
    m_k->setValue(k);
}
void InspectorPanel::setMaximumK(int k) {
    m_k->setMaximum(k);
}
vecspace::Metric InspectorPanel::metric() const {
    return static_cast<vecspace::Metric>(m_metric->currentData().toInt());
}
void InspectorPanel::setMetric(vecspace::Metric metric) {
    m_metric->setCurrentIndex(m_metric->findData(int(metric)));
}

void InspectorPanel::setRow(long row) {
    if (!m_document) return;
    if (row == m_document->inspectedRow())
        showRow(row); // again: the neighbours are searched anew
    else
        m_document->setInspectedRow(row); // back through inspectedRowChanged
}

void InspectorPanel::showRow(long row) {
    const Dataset* document = m_document;
    m_row = document && row >= 0 && static_cast<std::size_t>(row) < document->rows() ? row : -1;
    m_metadata->setRowCount(0);
    if (m_row < 0) {
        m_tasks->cancelGroup(QStringLiteral("inspector"));
        m_label->setText(tr("Nothing selected"));
        m_neighbors.clear();
        m_list->clear();
        emit neighborsChanged(-1, {});
        return;
    }
    const vecspace::EmbeddingSet& set = *document->set();
    const auto r = static_cast<std::size_t>(m_row);
    const QString word = QString::fromStdString(set.labels[r]);
    const QString shown = document->labelText(r);
    m_label->setText(shown == word ? word : QStringLiteral("%1 (%2)").arg(shown, word));
    for (const auto& column : set.metadata) {
        const int i = m_metadata->rowCount();
        m_metadata->insertRow(i);
        m_metadata->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(column.name)));
        m_metadata->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(column.values[r])));
    }
    search();
}

void InspectorPanel::search() {
    if (m_row < 0 || !m_document) return;
    const std::shared_ptr<const vecspace::SimilarityIndex> index = m_document->similarityIndex();
    if (!index) return; // searched once similarityIndexReady() comes
    vecspace::NeighborOptions options;
    options.k = static_cast<std::size_t>(m_k->value());
    options.metric = metric();
    TaskOptions task;
    task.title = tr("Nearest neighbours");
    task.group = QStringLiteral("inspector"); // the newest request replaces an older one
    task.visible = false;
    const long row = m_row;
    m_tasks->start(
        task, this,
        [index, row, options](TaskContext&) {
            return index->nearestToRow(static_cast<std::size_t>(row), options);
        },
        [this, row](std::vector<vecspace::Neighbor> neighbors) {
            showNeighbors(row, std::move(neighbors));
        });
}

void InspectorPanel::showNeighbors(long row, std::vector<vecspace::Neighbor> neighbors) {
    if (row != m_row || !m_document) return;
    m_neighbors = std::move(neighbors);
    m_list->clear();
    std::vector<std::size_t> rows;
    for (const auto& n : m_neighbors) {
        auto* item = new QListWidgetItem(QStringLiteral("%1   %2").arg(
            m_document->labelText(n.row), QString::number(n.score, 'f', 4)));
        item->setData(Qt::UserRole, static_cast<qlonglong>(n.row));
        m_list->addItem(item);
        rows.push_back(n.row);
    }
    emit neighborsChanged(m_row, rows);
}
