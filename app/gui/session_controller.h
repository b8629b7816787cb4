#pragma once

#include "session.h"
#include "vecspace/base/embedding_set.h"

#include <QObject>
#include <QString>
#include <memory>
#include <optional>

class DatasetLoader;
class MainWindow;
class QMenu;
class QProgressBar;
class QPushButton;

// File > Save Session… and Open Session…: the window's state to a JSON file and back (Session).
//
// Saving encodes and writes on a worker thread, atomically. Opening reads the file on a worker,
// loads its data file with a loader of its own (progress and Cancel in the status bar), checks
// that the data is what the session was saved with (rows, dimensions, a checksum of the labels,
// the selected rows' labels), and only then replaces the window's data and applies the layout,
// camera, selection, hidden rows and look. Any failure leaves the window as it was and is
// reported by failed() (and a message box, except in screenshot mode).
class SessionController : public QObject {
    Q_OBJECT

public:
    explicit SessionController(MainWindow* window);
    ~SessionController() override;

    void addActions(QMenu* fileMenu);

    // The window's state now, with the data file's path also relative to `sessionPath`'s folder.
    // Empty with a message when there is nothing to save yet.
    std::optional<Session> capture(const QString& sessionPath, QString* error) const;
    void save(const QString& path);
    void open(const QString& path);
    void cancel();
    bool isOpening() const;

signals:
    void saved(QString path);
    void opened(QString path);
    void failed(QString message);

private:
    struct ReadOutcome;

    void showSaveDialog();
    void showOpenDialog();
    void onRead(const ReadOutcome& outcome);
    void onLoaded(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds);
    QString mismatch(const vecspace::EmbeddingSet& set) const;
    void apply(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds);
    void fail(const QString& message, bool saving = false);
    void setProgressVisible(bool visible);

    MainWindow* m_window;
    DatasetLoader* m_loader;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    // The session being opened: its file, what it holds and where its data file was found.
    QString m_openPath;
    Session m_pending;
    QString m_dataPath;
    int m_generation = 0; // bumped by each open() and cancel(): a stale read is dropped
    bool m_reading = false;
};
