#pragma once

// Shared by the Export and session tests: a window shown with its data, a 2D PCA run through
// the Projection dock, and a file read back.

#include <QByteArray>
#include <QString>

class MainWindow;

namespace exportsession {

constexpr int kWaitMs = 30000;

// A file's bytes, empty when it cannot be read.
QByteArray readAll(const QString& path);

// Shows the window and loads `file` (the demo set when empty) until its layout is on screen.
void open(MainWindow& window, const QString& file = QString());

// A 2D PCA run with components 2 and 1 on x and y, through the Projection dock.
void runPca2D(MainWindow& window);

} // namespace exportsession
