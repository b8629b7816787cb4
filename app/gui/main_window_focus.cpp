// What the view lights, dims and labels on the active document (focus_rules.h has the rule), the
// selection's neighbourhood, the point's context menu and the status bar's "Lit:" line. Kept
// apart from main_window_docks.cpp, which builds the docks.
#include "analogy_panel.h"
#include "color_panel.h"
#include "dataset.h"
#include "focus_rules.h"
#include "inspector_panel.h"
#include "label_list_model.h"
#include "main_window.h"
#include "neighborhood_controller.h"
#include "notifier.h"
#include "point_context_menu.h"
#include "point_view.h"
#include "search_panel.h"
#include "task_runner.h"
#include "view_controls.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <algorithm>

void MainWindow::createFocus() {
    m_parts.neighborhood = new NeighborhoodController(m_parts.tasks, this);
    NeighborhoodController* neighborhood = m_parts.neighborhood;
    m_parts.inspector->setMaximumK(NeighborhoodController::kMaxK);
    // One k and one metric: the Inspector's list and the neighbours lit in the view agree.
    neighborhood->setK(m_parts.inspector->k());
    connect(m_parts.inspector, &InspectorPanel::kChanged, neighborhood,
            &NeighborhoodController::setK);
    connect(neighborhood, &NeighborhoodController::kChanged, m_parts.inspector,
            &InspectorPanel::setK);
    connect(m_parts.inspector, &InspectorPanel::metricChanged, neighborhood,
            &NeighborhoodController::setMetric);
    connect(m_parts.view, &PointView::lookChanged, neighborhood,
            [this] { m_parts.neighborhood->setLineColor(m_parts.view->theme().neighborOutline); });
    neighborhood->setLineColor(m_parts.view->theme().neighborOutline);
    connect(m_parts.view, &PointView::contextMenuRequested, this, &MainWindow::showPointMenu);
    m_focusStatus = new QLabel;
    m_focusStatus->setObjectName(QStringLiteral("focusStatus"));
    statusBar()->addPermanentWidget(m_focusStatus);
    createFocusControls();
}

// In the view's toolbar: the neighbours lit with a selection (on or off, and k), and which
// column labels the points.
void MainWindow::createFocusControls() {
    QToolBar* bar = m_parts.viewControls->toolBar();
    bar->addSeparator();
    auto* lit = new QAction(tr("Neighbours"), this);
    lit->setObjectName(QStringLiteral("neighborsAction"));
    lit->setCheckable(true);
    lit->setChecked(m_parts.neighborhood->isEnabled());
    lit->setToolTip(tr("Light the selection's nearest neighbours and draw lines to them"));
    connect(lit, &QAction::toggled, m_parts.neighborhood, &NeighborhoodController::setEnabled);
    bar->addAction(lit);
    auto* k = new QSpinBox;
    k->setObjectName(QStringLiteral("neighborsKSpin"));
    k->setRange(1, NeighborhoodController::kMaxK);
    k->setValue(m_parts.neighborhood->k());
    k->setPrefix(tr("k "));
    k->setToolTip(tr("How many nearest neighbours of each selected point are lit"));
    connect(k, &QSpinBox::valueChanged, m_parts.neighborhood, &NeighborhoodController::setK);
    connect(m_parts.neighborhood, &NeighborhoodController::kChanged, k, &QSpinBox::setValue);
    bar->addWidget(k);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Label by ")));
    m_labelBy = new QComboBox;
    m_labelBy->setObjectName(QStringLiteral("labelByCombo"));
    m_labelBy->setToolTip(tr("The metadata column shown as each point's label"));
    m_labelBy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_labelBy, &QComboBox::activated, this, [this] {
        if (Dataset* document = activeDocument())
            document->setLabelColumn(m_labelBy->currentData().toString());
    });
    bar->addWidget(m_labelBy);
    bar->addSeparator();
    m_connectRows = new QAction(tr("Connect Rows"), this);
    m_connectRows->setObjectName(QStringLiteral("connectRowsAction"));
    m_connectRows->setCheckable(true);
    m_connectRows->setToolTip(tr("Draw a line through the rows in file order: the curve of a "
                                 "positional-embedding table"));
    connect(m_connectRows, &QAction::toggled, this, [this] { applyRowOrder(activeDocument()); });
    bar->addAction(m_connectRows);
}

// A polyline through rows 0, 1, 2, ... (a view option: every document shown gets it).
void MainWindow::applyRowOrder(Dataset* document) {
    static const QString kName = QStringLiteral("row-order");
    if (!document) return;
    if (!m_connectRows->isChecked()) {
        document->removeLineSet(kName);
        return;
    }
    // Made once per document: switching back to it finds the set still there.
    const auto& sets = document->lineSets();
    if (std::any_of(sets.begin(), sets.end(), [](const LineSet& l) { return l.name == kName; }))
        return;
    // The line renderer draws a few hundred thousand segments; beyond that the start is shown.
    constexpr int kMaxSegments = 400000;
    LineSet set;
    set.name = kName;
    set.arrows = false;
    set.width = 1.5f;
    set.color = QColor(96, 200, 190);
    const int rows = int(std::min<std::size_t>(document->rows(), kMaxSegments + 1));
    set.segments.reserve(std::size_t(std::max(0, rows - 1)));
    for (int row = 0; row + 1 < rows; ++row)
        set.segments.push_back({LineEnd::atRow(row), LineEnd::atRow(row + 1), QColor()});
    document->setLineSet(std::move(set));
    if (document->rows() > std::size_t(kMaxSegments + 1))
        m_parts.notifier->status(tr("Connect Rows: the first %1 rows are joined")
                                     .arg(QLocale().toString(kMaxSegments + 1)));
}

void MainWindow::fillLabelByCombo(const Dataset* document) {
    const QSignalBlocker blocker(m_labelBy);
    m_labelBy->clear();
    m_labelBy->addItem(tr("Label"), QString());
    if (document)
        for (const auto& column : document->set()->metadata) {
            const QString name = QString::fromStdString(column.name);
            m_labelBy->addItem(name, name);
        }
    m_labelBy->setCurrentIndex(document ? std::max(0, m_labelBy->findData(document->labelColumn()))
                                        : 0);
    m_labelBy->setEnabled(m_labelBy->count() > 1);
    showLabelTexts(document);
}

void MainWindow::showLabelTexts(const Dataset* document) {
    // The lists show what the view shows: the label-by column's values, with the labels after.
    const bool byColumn = document && !document->labelColumn().isEmpty() &&
                          m_parts.search->model()->dataset() == document->set();
    m_parts.search->model()->setLabelTexts(byColumn ? document->labelTexts() : nullptr);
}

// The view, the Inspector and the labels follow the active document's selection and
// neighbourhood, whoever changes them (a click, a list, a session, a comparison).
void MainWindow::followDocumentFocus(Dataset* document) {
    for (const QMetaObject::Connection& connection : m_focusConnections)
        disconnect(connection);
    m_focusConnections.clear();
    fillLabelByCombo(document);
    applyRowOrder(document);
    if (!document) return;
    m_focusConnections << connect(document, &Dataset::labelColumnChanged, this,
                                  [this, document] { fillLabelByCombo(document); });
    m_focusConnections << connect(document, &Dataset::selectionChanged, this, [this, document] {
        // The Inspector shows a selected row, never one the selection no longer has.
        const std::vector<int>& selection = document->selection();
        const long inspected = document->inspectedRow();
        if (selection.empty())
            document->setInspectedRow(-1);
        else if (!std::binary_search(selection.begin(), selection.end(), int(inspected)))
            document->setInspectedRow(selection.front());
        applyHighlights();
    });
    m_focusConnections << connect(document, &Dataset::neighborhoodChanged, this,
                                  &MainWindow::applyHighlights);
}

void MainWindow::applyHighlights() {
    Dataset* document = activeDocument();
    if (!document) {
        m_focusStatus->clear();
        return;
    }
    FocusInputs inputs;
    inputs.rows = document->rows();
    inputs.selection = document->selection();
    inputs.neighbors = document->neighborhood().rows;
    inputs.searching = m_parts.search->isActive();
    if (inputs.searching) inputs.searchMatches = m_parts.search->matches();
    inputs.legendRows = m_legendRows;
    const int entry = m_colorPanel->highlightedEntry();
    const auto& entries = document->colors().legend.entries;
    if (entry >= 0 && std::size_t(entry) < entries.size())
        inputs.legendName = QString::fromStdString(entries[std::size_t(entry)].name);
    inputs.analogyRows = m_analogyRows;
    Focus focus = composeFocus(inputs);
    document->setHighlighted(std::move(focus.lit));
    document->setFocusLabels(std::move(focus.focusLabels));
    document->setLabeledRows(std::move(focus.labeled));
    m_focusStatus->setText(focus.summary);
}

void MainWindow::showPointMenu(int row, QPoint globalPos) {
    Dataset* document = activeDocument();
    if (!document) return;
    PointContextMenu::Actions actions;
    actions.select = [this, document](int r) {
        document->setSelection({r});
        document->setInspectedRow(r);
    };
    actions.showNeighbors = [this](int r) { showRow(r); };
    actions.isolate = [this, document](int r) {
        document->setSelection({r});
        // The neighbours are searched on a worker: isolate once they are there.
        m_parts.neighborhood->whenReady([document, r] {
            std::vector<char> shown(document->rows(), 0);
            shown[std::size_t(r)] = 1;
            for (int n : document->neighborhood().rows)
                shown[std::size_t(n)] = 1;
            std::vector<int> hidden;
            for (std::size_t i = 0; i < shown.size(); ++i)
                if (!shown[i]) hidden.push_back(int(i));
            document->setHidden(std::move(hidden));
        });
    };
    actions.searchSimilar = [this](const QString& text) {
        if (auto* dock = qobject_cast<QDockWidget*>(m_parts.search->parentWidget())) dock->show();
        raiseDock(m_parts.search);
        m_parts.search->setQuery(text);
    };
    actions.useInAnalogy = [this](int field, const QString& word) {
        showAnalogyDock();
        m_analogyPanel->setWord(field, word);
    };
    actions.showAll = [document] { document->setHidden({}); };
    PointContextMenu::popup(*document, row, globalPos, actions, this);
}
