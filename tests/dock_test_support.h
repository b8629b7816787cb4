#pragma once

// Shared by the GUI tests of the docks: the data files read without Vecspace code, and a
// window loaded and shown.

#include <QString>
#include <QStringList>
#include <vector>

class MainWindow;
class PointView;

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

} // namespace docktest
