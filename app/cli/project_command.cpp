// vecspace-cli project: a 2D or 3D layout of every row by PCA, t-SNE or UMAP, written as
// label<TAB>x<TAB>y[<TAB>z] in input order (CSV for a .csv name), with the layout's quality
// measured on the way out.
#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "commands.h"
#include "vecspace/io/layout_io.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/projection.h"

#include <QJsonArray>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace vecspace::cli {

const char* const kProjectUsage =
    "vecspace-cli project FILE --method pca|tsne|umap --dims 2|3 [--perplexity P] [--dof A] "
    "[--force-law auto|kl|sklearn] [--exaggeration E] [--max-step S] [--iterations N] "
    "[--neighbors K] "
    "[--min-dist D] [--seed S] [--components 1,2,3] "
    "[--spherize] [--init pca|random|spectral] [--metric euclidean|cosine] [--knn auto|exact|hnsw] "
    "[--tsne-method auto|exact|barnes-hut|fft] [--quality-sample N | --no-quality] "
    "[--limit N] [--threads T] [--format F] --out coords.tsv [--json] [--quiet]";

namespace {

double parseReal(const Arguments& args, const std::string& name, double fallback, double min,
                 double max) {
    const auto text = args.value(name);
    if (!text) return fallback;
    double value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || !std::isfinite(value) ||
        value < min || value > max)
        throw UsageError(name + " must be a number in [" + std::to_string(min) + ", " +
                         std::to_string(max) + "], not '" + *text + "'");
    return value;
}

// "1,2,3" (1-based, as users count components) to 0-based indices.
std::vector<std::size_t> parseComponents(const std::string& text) {
    std::vector<std::size_t> components;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        std::size_t value = 0;
        const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
        if (error != std::errc() || end != item.data() + item.size() || value == 0)
            throw UsageError("--components takes 1-based component numbers like 1,2,3, not '" +
                             text + "'");
        components.push_back(value - 1);
    }
    return components;
}

template <typename Enum>
Enum parseChoice(const Arguments& args, const std::string& name, Enum fallback,
                 std::initializer_list<std::pair<const char*, Enum>> choices) {
    const auto text = args.value(name);
    if (!text) return fallback;
    std::string names;
    for (const auto& [choice, value] : choices) {
        if (*text == choice) return value;
        names.append(names.empty() ? "" : ", ").append(choice);
    }
    throw UsageError(name + " must be one of " + names + ", not '" + *text + "'");
}

ProjectionOptions projectionOptions(const Arguments& args, std::size_t rows) {
    ProjectionOptions options;
    const auto method = args.value("--method");
    if (!method) throw UsageError("missing --method pca|tsne|umap");
    const auto parsed = parseProjectionMethod(*method);
    if (!parsed) throw UsageError("--method must be pca, tsne or umap, not '" + *method + "'");
    options.method = *parsed;
    options.dimensions = args.number("--dims", 2, 2);
    if (options.dimensions > 3) throw UsageError("--dims must be 2 or 3");
    options.seed = args.number("--seed", 0);
    options.threads = static_cast<unsigned>(args.number("--threads", 0, 1));
    if (const auto components = args.value("--components")) {
        if (options.method != ProjectionMethod::Pca)
            throw UsageError("--components applies to --method pca only");
        options.pcaComponents = parseComponents(*components);
        if (options.pcaComponents.size() != options.dimensions)
            throw UsageError("--components names " + std::to_string(options.pcaComponents.size()) +
                             " components for --dims " + std::to_string(options.dimensions));
    }
    options.spherize = args.flag("--spherize");

    const auto metric =
        parseChoice(args, "--metric", DistanceMetric::Euclidean,
                    {{"euclidean", DistanceMetric::Euclidean}, {"cosine", DistanceMetric::Cosine}});
    const auto knn = parseChoice(
        args, "--knn", KnnMethod::Auto,
        {{"auto", KnnMethod::Auto}, {"exact", KnnMethod::Exact}, {"hnsw", KnnMethod::Hnsw}});
    TsneOptions& tsne = options.tsne;
    tsne.metric = metric;
    tsne.knnMethod = knn;
    tsne.perplexity = parseReal(args, "--perplexity", tsne.perplexity, 1, 1000);
    if (args.value("--dof") && options.method != ProjectionMethod::Tsne)
        throw UsageError("--dof applies to --method tsne only");
    // 0: the default for --dims. Above 1000 the kernel is a Gaussian to float precision.
    tsne.degreesOfFreedom = parseReal(args, "--dof", tsne.degreesOfFreedom, 0, 1000);
    if (args.value("--force-law") && options.method != ProjectionMethod::Tsne)
        throw UsageError("--force-law applies to --method tsne only");
    tsne.forceLaw = parseChoice(args, "--force-law", TsneForceLaw::Auto,
                                {{"auto", TsneForceLaw::Auto},
                                 {"kl", TsneForceLaw::KlGradient},
                                 {"sklearn", TsneForceLaw::KernelWeighted}});
    tsne.iterations = args.number("--iterations", tsne.iterations, 1);
    if (args.value("--exaggeration") && options.method != ProjectionMethod::Tsne)
        throw UsageError("--exaggeration applies to --method tsne only");
    // 0: the default for --dims (12 in 2D, 3 in 3D).
    tsne.earlyExaggeration = parseReal(args, "--exaggeration", tsne.earlyExaggeration, 0, 1000);
    if (args.value("--max-step") && options.method != ProjectionMethod::Tsne)
        throw UsageError("--max-step applies to --method tsne only");
    // 0: no limit.
    tsne.maxStepNorm = parseReal(args, "--max-step", tsne.maxStepNorm, 0, 1e6);
    tsne.earlyExaggerationIterations = std::min(tsne.earlyExaggerationIterations, tsne.iterations);
    tsne.method = parseChoice(args, "--tsne-method", TsneMethod::Auto,
                              {{"auto", TsneMethod::Auto},
                               {"exact", TsneMethod::Exact},
                               {"barnes-hut", TsneMethod::BarnesHut},
                               {"fft", TsneMethod::Fft}});
    if (tsne.method == TsneMethod::Fft && options.dimensions == 3)
        throw UsageError("--tsne-method fft lays out 2D only; use barnes-hut for --dims 3");
    // The grid convolves the KL gradient's kernel only (TsneForceLaw); with a = 1 the laws agree.
    if (tsne.method == TsneMethod::Fft &&
        resolveTsneForceLaw(tsne, options.dimensions, tsne.method) ==
            TsneForceLaw::KernelWeighted &&
        resolveTsneDegreesOfFreedom(tsne, options.dimensions) != 1.0)
        throw UsageError("--force-law sklearn needs --tsne-method exact or barnes-hut");

    const auto init = args.value("--init");
    if (init && options.method == ProjectionMethod::Pca)
        throw UsageError("--init applies to --method tsne and umap");
    if (options.method == ProjectionMethod::Tsne)
        tsne.init = parseChoice(args, "--init", TsneInit::Pca,
                                {{"pca", TsneInit::Pca}, {"random", TsneInit::Random}});

    UmapOptions& umap = options.umap;
    if (options.method == ProjectionMethod::Umap)
        umap.init = parseChoice(args, "--init", UmapInit::Spectral,
                                {{"spectral", UmapInit::Spectral},
                                 {"pca", UmapInit::Pca},
                                 {"random", UmapInit::Random}});
    umap.metric = metric;
    umap.knnMethod = knn;
    umap.nNeighbors = args.number("--neighbors", umap.nNeighbors, 2);
    umap.minDist = parseReal(args, "--min-dist", umap.minDist, 0, 100);
    if (args.value("--iterations")) umap.epochs = args.number("--iterations", 0, 1);

    if (options.method == ProjectionMethod::Umap && umap.nNeighbors >= rows)
        throw UsageError("--neighbors " + std::to_string(umap.nNeighbors) +
                         " must be below the number of rows (" + std::to_string(rows) + ")");
    if (options.method == ProjectionMethod::Tsne && rows < 3)
        throw UsageError("t-SNE needs at least 3 rows");
    return options;
}

} // namespace

int runProject(const std::vector<std::string>& argv) {
    std::set<std::string> valued = kLoadOptions;
    valued.insert({"--method", "--dims", "--perplexity", "--dof", "--force-law", "--exaggeration",
                   "--max-step", "--iterations", "--neighbors", "--min-dist", "--seed",
                   "--components", "--init", "--metric", "--knn", "--tsne-method",
                   "--quality-sample", "--out"});
    const Arguments args(argv, valued, {"--json", "--quiet", "--spherize", "--no-quality"});
    args.expectPositional(1, "FILE");
    const auto out = args.value("--out");
    if (!out) throw UsageError("missing --out coords.tsv");
    if (args.flag("--no-quality") && args.value("--quality-sample"))
        throw UsageError("--no-quality and --quality-sample exclude each other");
    const bool quiet = args.flag("--quiet");

    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), quiet);
    // Before the layout is computed: a label the output cannot hold fails at once.
    checkLayoutLabels(load.set.labels, LayoutFormat::Auto, *out);
    ProjectionOptions options = projectionOptions(args, load.set.rows());
    CliProgress progress(std::string("projecting (") + projectionMethodTitle(options.method) + ")",
                         !quiet);
    options.progress = progress.callback();
    options.phase = progress.phaseCallback();
    const ProjectionResult result = computeProjection(load.set.vectors, options);
    progress.finish();
    LayoutWriteOptions write; // TSV, or CSV for a .csv name (with a header row, as pandas expects)
    write.header = layoutFormatFromPath(*out) == LayoutFormat::Csv;
    writeLayout(*out, load.set.labels, result.coordinates, write);

    std::optional<double> preservation;
    double qualitySeconds = 0;
    if (!args.flag("--no-quality") && load.set.rows() > 10) {
        CliProgress qualityProgress("measuring 10-NN preservation", !quiet);
        LayoutQualityOptions quality;
        quality.k = 10;
        quality.metric = options.method == ProjectionMethod::Pca ? DistanceMetric::Euclidean
                                                                 : options.tsne.metric;
        quality.sample = args.number("--quality-sample", quality.sample);
        quality.seed = options.seed;
        quality.threads = options.threads;
        quality.progress = qualityProgress.callback();
        const auto start = std::chrono::steady_clock::now();
        preservation = knnPreservation(load.set.vectors, result.coordinates, quality);
        qualitySeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qualityProgress.finish();
    }

    if (args.flag("--json")) {
        QJsonObject json{{"method", projectionMethodName(result.method)},
                         {"dims", static_cast<qint64>(options.dimensions)},
                         {"rows", static_cast<qint64>(load.set.rows())},
                         {"seconds", roundedSeconds(result.seconds)},
                         {"load_seconds", roundedSeconds(load.seconds)}};
        if (result.steps > 0) json["iterations"] = static_cast<qint64>(result.steps);
        if (result.klDivergence) json["kl_divergence"] = *result.klDivergence;
        if (result.degreesOfFreedom) json["dof"] = *result.degreesOfFreedom;
        if (result.forceLaw)
            json["force_law"] = *result.forceLaw == TsneForceLaw::KernelWeighted ? "sklearn" : "kl";
        if (preservation) {
            json["knn_preservation"] = *preservation;
            json["quality_seconds"] = roundedSeconds(qualitySeconds);
        }
        if (!result.explainedVariance.empty()) {
            QJsonArray variance, ratio;
            for (double v : result.explainedVariance)
                variance.append(v);
            for (double r : result.explainedVarianceRatio)
                ratio.append(r);
            json["explained_variance"] = variance;
            json["explained_variance_ratio"] = ratio;
        }
        printJson(json);
        return 0;
    }
    std::printf("%s %zuD of %zu rows in %.2f s", projectionMethodName(result.method),
                options.dimensions, load.set.rows(), result.seconds);
    if (result.klDivergence) std::printf(", KL divergence %.4f", *result.klDivergence);
    if (preservation) std::printf(", 10-NN preservation %.4f", *preservation);
    std::printf("\n");
    for (std::size_t c = 0; c < result.explainedVarianceRatio.size(); ++c)
        std::printf("  component %zu: %.2f%% of the variance\n",
                    (options.pcaComponents.empty() ? c : options.pcaComponents[c]) + 1,
                    100 * result.explainedVarianceRatio[c]);
    std::fprintf(stderr, "wrote %s\n", out->c_str());
    return 0;
}

} // namespace vecspace::cli
