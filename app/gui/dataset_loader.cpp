#include "dataset_loader.h"

#include "vecspace/base/progress.h"
#include "vecspace/io/load_error.h"

#include <QElapsedTimer>
#include <QFile>
#include <atomic>
#include <filesystem>
#include <new>

// Shared by the GUI thread and one worker; outlives whichever side lets go last.
struct DatasetLoader::Job {
    std::atomic<bool> cancelRequested{false};
    std::atomic<double> fraction{0.0};
    std::atomic<bool> progressQueued{false};
};

struct DatasetLoader::Outcome {
    enum class Kind { Loaded, Failed, Cancelled };
    Kind kind = Kind::Cancelled;
    std::shared_ptr<const vecspace::EmbeddingSet> set;
    QString message;
    double seconds = 0.0;
};

namespace {

std::filesystem::path toFsPath(const QString& path) {
    // encodeName gives the bytes the file system uses, which need not be UTF-8.
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

} // namespace

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

DatasetLoader::~DatasetLoader() {
    abandonCurrent();
    m_pool.waitForDone();
}

void DatasetLoader::load(const QString& path, vecspace::LoadOptions options) {
    abandonCurrent();
    auto job = std::make_shared<Job>();
    m_current = job;

    options.progress = [this, job](double fraction) {
        if (job->cancelRequested.load(std::memory_order_relaxed)) return false;
        job->fraction.store(fraction, std::memory_order_relaxed);
        // One progress event in flight per job, so a fast loader cannot flood the event queue.
        if (!job->progressQueued.exchange(true))
            QMetaObject::invokeMethod(
                this, [this, job] { deliverProgress(job); }, Qt::QueuedConnection);
        return true;
    };

    m_pool.start([this, job, path, options = std::move(options)] {
        Outcome outcome;
        if (!job->cancelRequested.load()) {
            QElapsedTimer timer;
            timer.start();
            try {
                auto set = std::make_shared<const vecspace::EmbeddingSet>(
                    vecspace::loadEmbeddings(toFsPath(path), options));
                outcome.kind = Outcome::Kind::Loaded;
                outcome.set = std::move(set);
                outcome.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
            } catch (const vecspace::Cancelled&) {
                outcome.kind = Outcome::Kind::Cancelled;
            } catch (const vecspace::LoadError& error) {
                outcome.kind = Outcome::Kind::Failed;
                outcome.message = QString::fromStdString(error.what());
            } catch (const std::bad_alloc&) {
                outcome.kind = Outcome::Kind::Failed;
                outcome.message = tr("%1: not enough memory to load this file").arg(path);
            } catch (const std::exception& error) {
                outcome.kind = Outcome::Kind::Failed;
                outcome.message = path + QStringLiteral(": ") + QString::fromUtf8(error.what());
            } catch (...) {
                outcome.kind = Outcome::Kind::Failed;
                outcome.message = tr("%1: unknown error while loading").arg(path);
            }
        }
        // Safe: the destructor waits for this worker, so `this` is still alive here, and Qt
        // drops the queued call if the loader is gone by the time it would run.
        QMetaObject::invokeMethod(
            this, [this, job, outcome] { finish(job, outcome); }, Qt::QueuedConnection);
    });
}

void DatasetLoader::cancel() {
    if (!m_current) return;
    abandonCurrent();
    emit cancelled();
}

void DatasetLoader::abandonCurrent() {
    if (m_current) m_current->cancelRequested.store(true);
    m_current.reset();
}

void DatasetLoader::deliverProgress(const std::shared_ptr<Job>& job) {
    // Cleared before reading, so a value stored after the read still gets an event of its own.
    job->progressQueued.store(false);
    if (job == m_current) emit progress(job->fraction.load(std::memory_order_relaxed));
}

void DatasetLoader::finish(const std::shared_ptr<Job>& job, const Outcome& outcome) {
    if (job != m_current) return;
    m_current.reset();
    switch (outcome.kind) {
    case Outcome::Kind::Loaded:
        emit loaded(outcome.set, outcome.seconds);
        break;
    case Outcome::Kind::Failed:
        emit failed(outcome.message);
        break;
    case Outcome::Kind::Cancelled:
        emit cancelled();
        break;
    }
}
