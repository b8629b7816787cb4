#pragma once

// Shared by the GUI tests of the docks: the data files read without Vecspace code, a window
// loaded and shown, and what the Colour dock and the view show.

#include <QColor>
#include <QString>
#include <QStringList>
#include <vector>

class MainWindow;
class PointView;
class QTreeWidget;

namespace docktest {

constexpr int kWaitMs = 60000;

// A text file's lines, without the newline after the last.
QStringList readLines(const QString& path);

// tests/data/digits/digits.metadata.tsv: a header row, then label<TAB>digit per row.
struct DigitsMetadata {
    QStringList header;
    QStringList labels;
    QStringList digits;
};
DigitsMetadata readDigitsMetadata();
QString digitsPath(); // digits.tsv, the vectors of that metadata

// Loads a file (empty: the demo set) and waits until the view shows its layout.
bool load(MainWindow& window, const QString& path);

// The rows the view shows highlighted (the rest dimmed), ascending.
std::vector<int> highlightedRows(const PointView* view);

// The Colour dock's legend.
QTreeWidget* legendOf(MainWindow& window);

// The colour the view gives a row.
QColor viewColor(const PointView* view, int row);

// Waits until a colouring asked for has arrived; true at once when none is pending.
bool waitForColoring(MainWindow& window);

} // namespace docktest
