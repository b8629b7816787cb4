#pragma once

#include "session.h"
#include "vecspace/base/embedding_set.h"
#include "window_parts.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

class QMenu;

// File > Save Session… and Open Session…: every open document's state to a JSON file and back
// (Session).
//
// Saving encodes and writes on a worker, atomically. Opening reads the file on a worker, loads
// each document's data file (progress and Cancel in the status bar), checks that each is what
// the session was saved with (rows, dimensions, a checksum of the labels, the selected rows'
// labels), and only then replaces the open documents with the session's and restores each one's
// layout, camera, selection, hidden rows and dock settings, and the look. Any failure leaves
// the window as it was and is reported by failed() (and a message box unless unattended).
class SessionController : public QObject {
    Q_OBJECT

public:
    SessionController(const WindowParts& parts, QObject* parent = nullptr);
    ~SessionController() override;

    void addActions(QMenu* fileMenu);

    // The window's state now, with the data files' paths also relative to `sessionPath`'s
    // folder. Empty with a message when there is nothing to save yet.
    std::optional<Session> capture(const QString& sessionPath, QString* error) const;
    void save(const QString& path);
    void open(const QString& path);
    void cancel();
    bool isOpening() const;
    // What Save Session offers: the session last saved or opened, else one beside the active
    // document's data file ("glove.6B.100d-session.json").
    QString proposedPath() const;

signals:
    void saved(QString path);
    void opened(QString path);
    void failed(QString message);

private:
    struct Pending {
        QString dataPath; // where its data file was found
        std::shared_ptr<const vecspace::EmbeddingSet> set;
        double seconds = 0;
        quint64 task = 0;
    };

    void showSaveDialog();
    void showOpenDialog();
    void onRead(Session session);
    bool startLoads();
    void onLoaded(int index, std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds);
    QString mismatch(int index) const;
    void apply();
    void fail(const QString& message, bool saving = false);

    WindowParts m_parts;
    // The session being opened: its file, what it holds, and each document's data as it loads.
    QString m_openPath;
    QString m_lastPath; // the session last saved or opened
    Session m_session;
    std::vector<Pending> m_pending;
    quint64 m_readTask = 0;
    int m_generation = 0; // bumped by each open() and cancel(): stale loads are dropped
    bool m_opening = false;
};
