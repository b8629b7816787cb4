#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/io/loader.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>

// Loads embedding files on a worker thread and reports back on the thread that owns it.
//
// At most one load is current. Starting another load or calling cancel() abandons the current
// one at once: its worker is asked to stop at its next progress check and whatever it produces
// is dropped, so the GUI never waits for a large file to notice. Only cancel() emits cancelled();
// a load replaced by a newer one ends silently.
class DatasetLoader : public QObject {
    Q_OBJECT

public:
    explicit DatasetLoader(QObject* parent = nullptr);
    // Waits for the workers still running, abandoned ones included: they post to this object.
    ~DatasetLoader() override;

    // options.progress is replaced by the loader's own callback.
    void load(const QString& path, vecspace::LoadOptions options);
    bool isLoading() const { return m_current != nullptr; }

public slots:
    void cancel();

signals:
    void progress(double fraction);
    void loaded(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds);
    void failed(QString message);
    void cancelled();

private:
    struct Job;
    struct Outcome;

    void abandonCurrent();
    void deliverProgress(const std::shared_ptr<Job>& job);
    void finish(const std::shared_ptr<Job>& job, const Outcome& outcome);

    // A pool of its own so the destructor can wait for exactly this loader's workers.
    QThreadPool m_pool;
    std::shared_ptr<Job> m_current;
};
