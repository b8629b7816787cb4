#pragma once

#include "window_parts.h"

#include <QObject>
#include <QSize>
#include <QString>
#include <functional>

class QMenu;
class TaskContext;

// File > Export, of the active document: the layout the view shows (TSV or CSV: label and coordinates per row, in input
// order), the selected rows as a TensorFlow Projector vectors + metadata pair, and a PNG of the
// point view at the window's size or any other. Files are written on a worker thread, each to a
// temporary file renamed into place (the core writers), as a task of the window's TaskRunner; a
// failure is reported by failed() and the Notifier (no box when unattended), never a crash.
class ExportActions : public QObject {
    Q_OBJECT

public:
    ExportActions(const WindowParts& parts, QObject* parent = nullptr);

    QMenu* menu() const { return m_menu; }

    // 2 coordinates per row when the view is in 2D mode, else 3; CSV (with a header row) for a
    // .csv name, else TSV without one, as `vecspace-cli project` writes it.
    void exportLayout(const QString& path);
    // PATH holds the vectors, PATH's name with .metadata.tsv the label and metadata columns.
    void exportSelection(const QString& path);
    // Rendered at `size` pixels on the GUI thread (it needs the view's GL context), then encoded
    // and written on a worker. False when the picture cannot be rendered at that size.
    bool exportScreenshot(const QString& path, QSize size);

signals:
    void exported(QString path);
    void failed(QString message);

private:
    void chooseLayoutFile();
    void chooseSelectionFile();
    void chooseScreenshot();
    // Runs `write` (which throws on failure) on a worker and reports the outcome; the task can
    // be cancelled from the status bar until the write's rename.
    void writeInBackground(const QString& path, const QString& what,
                           std::function<void(TaskContext&)> write);
    void fail(const QString& message);

    WindowParts m_parts;
    QMenu* m_menu;
};
