// vecspace-cli cluster: k-means on the vectors, written as a TSV the Projector can read as
// metadata (label, cluster id, cluster name, with a header row).
#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "commands.h"
#include "vecspace/kmeans.h"
#include "vecspace/writer.h"

#include <QJsonArray>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace vecspace::cli {

const char* const kClusterUsage = "vecspace-cli cluster FILE --k K [--seed S] [--euclidean] "
                                  "[--iterations N] --out clusters.tsv [--json]";

int runCluster(const std::vector<std::string>& argv) {
    std::set<std::string> valued = kLoadOptions;
    valued.insert({"--k", "-k", "--seed", "--iterations", "--out"});
    const Arguments args(argv, valued, {"--json", "--quiet", "--euclidean"});
    args.expectPositional(1, "FILE");
    const auto out = args.value("--out");
    if (!out) throw UsageError("missing --out clusters.tsv");
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
