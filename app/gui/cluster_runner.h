#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/kmeans.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// What to cluster: k-means on the set's vectors, or HDBSCAN on a layout of its rows.
struct ClusterRequest {
    std::shared_ptr<const vecspace::EmbeddingSet> set;
    bool density = false;
    vecspace::KMeansOptions kMeans;   // progress is replaced by the runner's
    vecspace::HdbscanOptions hdbscan; // idem
    vecspace::RowMatrix layout;       // density only: rows x 2 or 3
};

struct ClusterOutcome {
    std::shared_ptr<const vecspace::EmbeddingSet> set; // the set it was computed for
    bool density = false;
    std::vector<std::int32_t> assignment; // cluster per row, -1 for noise
    std::vector<std::string> names;       // per cluster, from the members nearest its centroid
    double seconds = 0;
};

// Runs one clustering at a time on a worker thread and reports on the thread that owns it.
// Starting another or cancel() abandons the current run: its worker stops at its next progress
// call and its result is never delivered. Progress events are coalesced (one in flight).
class ClusterRunner : public QObject {
    Q_OBJECT

public:
    explicit ClusterRunner(QObject* parent = nullptr);
    ~ClusterRunner() override; // waits for abandoned workers

    void start(ClusterRequest request);
    bool isRunning() const { return m_current != nullptr; }

public slots:
    void cancel();

signals:
    void progress(double fraction);
    void finished(std::shared_ptr<const ClusterOutcome> outcome);
    void failed(QString message);
    void cancelled();

private:
    struct Job;
    void abandonCurrent();

    QThreadPool m_pool;
    std::shared_ptr<Job> m_current;
};
