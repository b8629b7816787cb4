#include "dock_test_support.h"

#include "main_window.h"
#include "point_view.h"
#include "search_panel.h"
#include "test_support.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

namespace docktest {

QStringList readLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split('\n');
    if (!lines.isEmpty() && lines.back().isEmpty()) lines.pop_back();
    return lines;
}

DigitsMetadata readDigitsMetadata() {
    DigitsMetadata metadata;
    const QStringList lines = readLines(testsupport::data("digits/digits.metadata.tsv"));
    if (lines.isEmpty()) return metadata;
    metadata.header = lines.front().split('\t');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = lines[i].split('\t');
        metadata.labels << fields.value(0);
        metadata.digits << fields.value(1);
    }
    return metadata;
}

QString digitsPath() {
    return testsupport::data("digits/digits.tsv");
}

bool load(MainWindow& window, const QString& path) {
    QSignalSpy layout(&window, &MainWindow::layoutReady);
    window.show();
    if (path.isEmpty())
        window.openDemoSet();
    else
        window.openFile(path);
    if (!layout.wait(kWaitMs) || window.pointView()->pointCount() != int(window.dataset()->rows()))
        return false;
    // The search index is built on a worker after the load.
    return QTest::qWaitFor([&] { return window.searchPanel()->isIndexReady(); }, kWaitMs);
}

std::vector<int> highlightedRows(const PointView* view) {
    std::vector<int> rows;
    for (int row = 0; row < view->pointCount(); ++row)
        if (view->isHighlighted(row)) rows.push_back(row);
    return rows;
}

QTreeWidget* legendOf(MainWindow& window) {
    return window.findChild<QTreeWidget*>("colorLegend");
}

QColor viewColor(const PointView* view, int row) {
    const std::vector<std::uint8_t>& rgb = view->colors();
    return QColor(rgb[3 * std::size_t(row)], rgb[3 * std::size_t(row) + 1],
                  rgb[3 * std::size_t(row) + 2]);
}

bool waitForColoring(MainWindow& window) {
    if (!window.isColoringPending()) return true;
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    return ready.wait(kWaitMs);
}

} // namespace docktest
