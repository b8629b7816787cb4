// vecspace-cli cluster: k-means on the vectors, written as a TSV the Projector can read as
// metadata (label, cluster id, cluster name, with a header row).
#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "commands.h"
#include "vecspace/cluster/cluster_names.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/kmeans.h"
#include "vecspace/io/layout_io.h"
#include "vecspace/io/writer.h"

#include <QJsonArray>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace vecspace::cli {

const char* const kClusterUsage =
    "vecspace-cli cluster FILE (--k K [--seed S] [--euclidean] [--iterations N] | --layout "
    "COORDS.tsv [--min-cluster-size N] [--min-samples M] [--dbscan --eps E]) --out clusters.tsv "
    "[--json]";

namespace {

int runDensityClusters(const Arguments& args, const TimedLoad& load) {
    // A layout as `project` writes it: one line per row of FILE, in order; anything else is an
    // error naming the line.
    LayoutReadOptions read;
    read.expectedLabels = &load.set.labels;
    const RowMatrix layout = readLayout(*args.value("--layout"), read).coordinates;
    CliProgress progress("clustering the layout", !args.flag("--quiet"));
    const auto start = std::chrono::steady_clock::now();
    DensityClusters clusters;
    const bool dbscanWanted = args.flag("--dbscan");
    if (dbscanWanted) {
        DbscanOptions options;
        const auto eps = args.value("--eps");
        if (!eps) throw UsageError("--dbscan needs --eps E, the neighbourhood radius");
        try {
            std::size_t used = 0;
            options.eps = std::stod(*eps, &used);
            if (used != eps->size() || !(options.eps > 0)) throw std::invalid_argument("eps");
        } catch (const std::exception&) {
            throw UsageError("--eps must be a positive number, not '" + *eps + "'");
        }
        options.minSamples = args.number("--min-samples", 5, 1);
        options.progress = progress.callback();
        clusters = dbscan(layout, options);
    } else {
        HdbscanOptions options;
        options.minClusterSize = args.number("--min-cluster-size", 5, 2);
        options.minSamples = args.number("--min-samples", 0, 1);
        options.progress = progress.callback();
        clusters = hdbscan(layout, options);
    }
    const ClusterNames names =
        nameClusters(load.set, clusters.labels, clusters.count(), ClusterNameOptions{});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

    std::string tsv = "label\tcluster\tname\n";
    for (std::size_t row = 0; row < load.set.rows(); ++row) {
        const std::int32_t c = clusters.labels[row];
        tsv.append(load.set.labels[row]).append("\t").append(std::to_string(c)).append("\t");
        tsv.append(c < 0 ? std::string("noise") : names.names[static_cast<std::size_t>(c)]);
        tsv.append("\n");
    }
    writeFileAtomically(*args.value("--out"), tsv);
    if (args.flag("--json")) {
        QJsonArray list;
        for (std::size_t c = 0; c < clusters.count(); ++c)
            list.append(QJsonObject{{"id", static_cast<qint64>(c)},
                                    {"size", static_cast<qint64>(clusters.sizes[c])},
                                    {"name", qs(names.names[c])}});
        printJson(QJsonObject{{"method", dbscanWanted ? "dbscan" : "hdbscan"},
                              {"clusters_found", static_cast<qint64>(clusters.count())},
                              {"noise", static_cast<qint64>(clusters.noise())},
                              {"seconds", roundedSeconds(seconds)},
                              {"clusters", list}});
        return 0;
    }
    for (std::size_t c = 0; c < clusters.count(); ++c)
        std::printf("%4zu %8zu  %s\n", c, clusters.sizes[c], names.names[c].c_str());
    std::fprintf(stderr, "wrote %s (%zu clusters, %zu noise points, %.2f s)\n",
                 args.value("--out")->c_str(), clusters.count(), clusters.noise(), seconds);
    return 0;
}

} // namespace

int runCluster(const std::vector<std::string>& argv) {
    std::set<std::string> valued = kLoadOptions;
    valued.insert({"--k", "-k", "--seed", "--iterations", "--out", "--layout", "--min-cluster-size",
                   "--min-samples", "--eps"});
    const Arguments args(argv, valued, {"--json", "--quiet", "--euclidean", "--dbscan"});
    args.expectPositional(1, "FILE");
    const auto out = args.value("--out");
    if (!out) throw UsageError("missing --out clusters.tsv");
    if (args.value("--layout")) {
        if (args.value("--k") || args.value("-k"))
            throw UsageError("--k (k-means on the vectors) and --layout (density clusters of a "
                             "layout) exclude each other");
        const TimedLoad load =
            timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
        return runDensityClusters(args, load);
    }
    if (args.flag("--dbscan")) throw UsageError("--dbscan needs --layout COORDS.tsv");
    KMeansOptions options;
    options.k = args.value("--k") ? args.number("--k", 0, 1) : args.number("-k", 0, 1);
    if (options.k == 0) throw UsageError("missing --k K, the number of clusters");
    options.seed = args.number("--seed", 0);
    options.maxIterations = args.number("--iterations", 100, 1);
    options.spherical = !args.flag("--euclidean");

    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    if (options.k > load.set.rows())
        throw UsageError("--k " + std::to_string(options.k) + " is more than the " +
                         std::to_string(load.set.rows()) + " rows of the file");
    CliProgress progress("clustering", !args.flag("--quiet"));
    options.progress = progress.callback();
    const auto start = std::chrono::steady_clock::now();
    const KMeansResult result = kMeans(load.set, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

    std::string tsv = "label\tcluster\tname\n";
    for (std::size_t row = 0; row < load.set.rows(); ++row) {
        const std::uint32_t c = result.assignment[row];
        tsv.append(load.set.labels[row]).append("\t").append(std::to_string(c)).append("\t");
        tsv.append(result.names[c]).append("\n");
    }
    writeFileAtomically(*out, tsv);

    if (args.flag("--json")) {
        QJsonArray clusters;
        for (std::size_t c = 0; c < result.names.size(); ++c)
            clusters.append(QJsonObject{{"id", static_cast<qint64>(c)},
                                        {"size", static_cast<qint64>(result.sizes[c])},
                                        {"name", qs(result.names[c])}});
        printJson(QJsonObject{{"k", static_cast<qint64>(options.k)},
                              {"iterations", static_cast<qint64>(result.iterations)},
                              {"objective", result.objective},
                              {"seconds", roundedSeconds(seconds)},
                              {"clusters", clusters}});
        return 0;
    }
    for (std::size_t c = 0; c < result.names.size(); ++c)
        std::printf("%4zu %8zu  %s\n", c, result.sizes[c], result.names[c].c_str());
    std::fprintf(stderr, "wrote %s (%zu iterations, %.2f s)\n", out->c_str(), result.iterations,
                 seconds);
    return 0;
}

} // namespace vecspace::cli
