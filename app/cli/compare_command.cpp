// vecspace-cli compare: two embedding files over their shared labels: how many they share, how
// much each label's neighbourhood changed (Jaccard of the k nearest), and, aligned, how far each
// label moved.
#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "commands.h"
#include "vecspace/compare/comparison.h"

#include <QJsonArray>
#include <QJsonValue>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace vecspace::cli {

const char* const kCompareUsage =
    "vecspace-cli compare A B [-k K] [--top N] [--align] [--anchors N] [--ignore-case]\n"
    "                         [--shared N] [--out FILE.tsv] [--format F] [--limit N]\n"
    "                         [--threads T] [--json] [--quiet]";

namespace {

QJsonValue displacementOf(const Comparison& c, std::size_t pair) {
    return c.hasDisplacement() ? QJsonValue(static_cast<double>(c.displacement[pair]))
                               : QJsonValue(QJsonValue::Null);
}

QJsonArray rankedJson(const Comparison& c, const std::vector<std::size_t>& pairs) {
    QJsonArray out;
    for (const std::size_t pair : pairs)
        out.append(QJsonObject{{"label", qs(c.labels[pair])},
                               {"jaccard", static_cast<double>(c.jaccard[pair])},
                               {"displacement", displacementOf(c, pair)}});
    return out;
}

QJsonObject compareJson(const Comparison& c, std::size_t top, double seconds) {
    const SharedVocabulary& v = c.vocabulary;
    QJsonArray histogram;
    for (std::size_t kept = 0; kept < c.overlap.size(); ++kept)
        histogram.append(QJsonObject{
            {"kept", static_cast<qint64>(kept)},
            {"jaccard", static_cast<double>(kept) / static_cast<double>(2 * c.k - kept)},
            {"labels", static_cast<qint64>(c.overlap[kept])}});
    const Alignment* alignment = c.alignment ? &*c.alignment : nullptr;
    const bool procrustes = alignment && alignment->method == AlignmentMethod::Procrustes;
    return QJsonObject{{"shared", static_cast<qint64>(v.sharedTotal)},
                       {"compared", static_cast<qint64>(c.size())},
                       {"only_a", static_cast<qint64>(v.onlyA)},
                       {"only_b", static_cast<qint64>(v.onlyB)},
                       {"dims_a", static_cast<qint64>(c.dimsA)},
                       {"dims_b", static_cast<qint64>(c.dimsB)},
                       {"k", static_cast<qint64>(c.k)},
                       {"mean_jaccard", c.meanJaccard},
                       {"median_jaccard", c.medianJaccard},
                       {"histogram", histogram},
                       {"alignment", alignment ? QJsonValue(alignmentMethodName(alignment->method))
                                               : QJsonValue(QJsonValue::Null)},
                       {"anchors", alignment ? QJsonValue(static_cast<qint64>(alignment->anchors))
                                             : QJsonValue(QJsonValue::Null)},
                       {"procrustes_residual", procrustes ? QJsonValue(alignment->residual)
                                                          : QJsonValue(QJsonValue::Null)},
                       {"linear_residual", alignment && !procrustes
                                               ? QJsonValue(alignment->residual)
                                               : QJsonValue(QJsonValue::Null)},
                       {"most_changed", rankedJson(c, mostChanged(c, top))},
                       {"least_changed", rankedJson(c, leastChanged(c, top))},
                       {"seconds", roundedSeconds(seconds)}};
}

void printRanked(const char* title, const Comparison& c, const std::vector<std::size_t>& pairs) {
    std::printf("%s\n", title);
    for (const std::size_t pair : pairs) {
        std::printf("  %s jaccard %.3f", labelColumn(c.labels[pair], 24).c_str(),
                    static_cast<double>(c.jaccard[pair]));
        if (c.hasDisplacement())
            std::printf("  displacement %.4f", static_cast<double>(c.displacement[pair]));
        std::printf("\n");
    }
}

void printText(const Comparison& c, std::size_t top) {
    const SharedVocabulary& v = c.vocabulary;
    std::printf("shared          %zu", v.sharedTotal);
    if (c.size() != v.sharedTotal) std::printf(" (the first %zu compared)", c.size());
    std::printf("\nonly in A       %zu\nonly in B       %zu\n", v.onlyA, v.onlyB);
    std::printf("dimensions      %zu and %zu\n", c.dimsA, c.dimsB);
    std::printf("k               %zu\nmean jaccard    %.4f\nmedian jaccard  %.4f\n", c.k,
                c.meanJaccard, c.medianJaccard);
    if (c.alignment)
        std::printf("alignment       %s on %zu anchors, residual %.6f%s\n",
                    alignmentMethodName(c.alignment->method), c.alignment->anchors,
                    c.alignment->residual,
                    c.alignment->method == AlignmentMethod::Linear
                        ? " (a least-squares linear map: the dimensions differ)"
                        : "");
    else
        std::printf("alignment       none%s\n",
                    c.hasDisplacement() ? " (displacement measured in the files' own axes)"
                                        : " (dimensions differ: no displacement without --align)");
    std::fflush(stdout);
    printRanked("most changed", c, mostChanged(c, top));
    printRanked("least changed", c, leastChanged(c, top));
    std::cout.flush();
}

} // namespace

int runCompare(const std::vector<std::string>& argv) {
    const Arguments args(
        argv, {"-k", "--top", "--anchors", "--shared", "--out", "--format", "--limit", "--threads"},
        {"--align", "--ignore-case", "--json", "--quiet"});
    args.expectPositional(2, "files A and B");
    CompareOptions options;
    options.k = args.number("-k", 10, 1);
    if (options.k > kMaxCompareK)
        throw UsageError("-k must be between 1 and " + std::to_string(kMaxCompareK) + ", not " +
                         std::to_string(options.k));
    const std::size_t top = args.number("--top", 10, 1);
    options.align = args.flag("--align");
    if (args.value("--anchors") && !options.align)
        throw UsageError("--anchors applies only with --align");
    options.alignment.anchors = args.number("--anchors", 0, 1);
    options.pairing.ignoreCase = args.flag("--ignore-case");
    options.pairing.limit = args.number("--shared", 0, 1);
    options.threads = static_cast<unsigned>(args.number("--threads", 0, 1));

    LoadOptions load;
    load.format = parseFormatOption(args, "--format");
    load.limit = args.number("--limit", 0, 1);
    load.threads = options.threads;
    const bool quiet = args.flag("--quiet");
    const TimedLoad a = timedLoad(args.positional()[0], load, quiet);
    const TimedLoad b = timedLoad(args.positional()[1], load, quiet);

    CliProgress progress("comparing neighbourhoods", !quiet);
    options.progress = progress.callback();
    const auto start = std::chrono::steady_clock::now();
    const Comparison comparison = compareSets(a.set, b.set, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();
    if (const auto out = args.value("--out")) writeComparisonTable(comparison, *out);
    if (args.flag("--json"))
        printJson(compareJson(comparison, top, seconds));
    else
        printText(comparison, top);
    return 0;
}

} // namespace vecspace::cli
