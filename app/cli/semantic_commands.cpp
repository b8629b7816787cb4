// neighbors, analogy, odd-one-out and the two benchmarks: the semantic core on the command line.
#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "commands.h"
#include "vecspace/semantic/analogy.h"
#include "vecspace/semantic/analogy_question.h"
#include "vecspace/semantic/analogy_solver.h"
#include "vecspace/semantic/evaluation.h"

#include <QJsonArray>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace vecspace::cli {

const char* const kNeighborsUsage = "vecspace-cli neighbors FILE LABEL [-k K] [--metric "
                                    "cosine|dot|euclidean] [--restrict N] [--index-storage "
                                    "auto|float32|bfloat16] [--json]";
const char* const kAnalogyUsage =
    "vecspace-cli analogy FILE EXPR|\"A : B :: C : ?\" [-k K] [--method "
    "3cosadd|3cosmul|pairdirection] [--expected WORD] [--include-inputs] [--restrict N] "
    "[--index-storage auto|float32|bfloat16] [--json]";
const char* const kSimilarityUsage = "vecspace-cli similarity FILE LABEL LABEL [--json]";
const char* const kOddOneOutUsage = "vecspace-cli odd-one-out FILE LABEL LABEL LABEL... [--json]";
const char* const kEvaluateAnalogiesUsage =
    "vecspace-cli evaluate-analogies FILE QUESTIONS [--restrict N] [--case-sensitive] "
    "[--index-storage auto|float32|bfloat16] [--json]";
const char* const kEvaluateSimilarityUsage =
    "vecspace-cli evaluate-similarity FILE PAIRS [--restrict N] [--case-sensitive] "
    "[--index-storage auto|float32|bfloat16] [--json]";

namespace {

std::set<std::string> withLoadOptions(std::set<std::string> extra) {
    extra.insert(kLoadOptions.begin(), kLoadOptions.end());
    return extra;
}

// --index-storage: how the index keeps its unit rows (auto: 16 bits when that is exact).
SimilarityIndexOptions indexOptions(const Arguments& args) {
    SimilarityIndexOptions options;
    if (const auto name = args.value("--index-storage")) {
        try {
            options.storage = parseIndexStorage(*name);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--index-storage: ") + e.what());
        }
    }
    return options;
}

// The query as typed, each label as found (it may differ in case), and the ranked results.
QJsonObject resultsJson(const std::string& query, const std::vector<ResolvedTerm>& terms,
                        const std::vector<Neighbor>& results, const EmbeddingSet& set) {
    QJsonArray termArray;
    for (const auto& term : terms)
        termArray.append(QJsonObject{{"label", qs(term.label)},
                                     {"matched", qs(set.labels[term.row])},
                                     {"weight", static_cast<double>(term.weight)}});
    QJsonArray array;
    for (const Neighbor& n : results)
        array.append(
            QJsonObject{{"label", qs(set.labels[n.row])}, {"score", static_cast<double>(n.score)}});
    return QJsonObject{{"query", qs(query)}, {"terms", termArray}, {"results", array}};
}

void printResults(const std::vector<Neighbor>& results, const EmbeddingSet& set) {
    for (const Neighbor& n : results)
        std::printf("%s %.6f\n", labelColumn(set.labels[n.row], 24).c_str(),
                    static_cast<double>(n.score));
}

// A note on stderr when a label was found only by ignoring case, so the user knows.
void noteCaseInsensitive(const std::vector<ResolvedTerm>& terms, const EmbeddingSet& set) {
    for (const auto& term : terms)
        if (term.caseInsensitive)
            std::cerr << "note: '" << term.label << "' is not in the file; using '"
                      << set.labels[term.row] << "'\n";
}

// What both benchmark commands start with: FILE and the benchmark file, the restricted
// vocabulary and case rule gensim's evaluations take.
struct EvaluationSetup {
    Arguments args;
    TimedLoad load;
    std::size_t restrictRows;
    bool caseInsensitive;
};

EvaluationSetup evaluationSetup(const std::vector<std::string>& argv, const char* benchmarkName) {
    Arguments args(argv, withLoadOptions({"--restrict", "--index-storage"}),
                   {"--json", "--quiet", "--case-sensitive"});
    args.expectPositional(2, std::string("FILE and ") + benchmarkName);
    TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    const std::size_t restrictRows = args.number("--restrict", 300000, 1);
    const bool caseInsensitive = !args.flag("--case-sensitive");
    return {std::move(args), std::move(load), restrictRows, caseInsensitive};
}

} // namespace

int runNeighbors(const std::vector<std::string>& argv) {
    const Arguments args(argv, withLoadOptions({"-k", "--metric", "--restrict", "--index-storage"}),
                         {"--json", "--quiet"});
    args.expectPositional(2, "FILE and LABEL");
    NeighborOptions options;
    options.k = args.number("-k", 10, 1);
    options.restrictRows = args.number("--restrict", 0, 1);
    const std::string metric = args.value("--metric").value_or("cosine");
    if (metric == "cosine")
        options.metric = Metric::Cosine;
    else if (metric == "dot")
        options.metric = Metric::Dot;
    else if (metric == "euclidean")
        options.metric = Metric::Euclidean;
    else
        throw UsageError("--metric must be cosine, dot or euclidean, not '" + metric + "'");

    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    const LabelIndex labels(load.set.labels);
    std::string label = args.positional()[1];
    // Quoted as in an expression ('" king"'), when no label is spelt with the quotes.
    if (const std::string unquoted = labelFromField(label);
        unquoted != label && !labels.find(label) && labels.find(unquoted))
        label = unquoted;
    const auto terms = resolveTerms({{label, 1.0, 1}}, labels);
    noteCaseInsensitive(terms, load.set);
    const SimilarityIndex index(load.set, indexOptions(args));
    const auto results = index.nearestToRow(terms.front().row, options);
    if (args.flag("--json"))
        printJson(resultsJson(label, terms, results, load.set));
    else
        printResults(results, load.set);
    return 0;
}

int runAnalogy(const std::vector<std::string>& argv) {
    const Arguments args(
        argv, withLoadOptions({"-k", "--method", "--restrict", "--expected", "--index-storage"}),
        {"--json", "--quiet", "--include-inputs"});
    args.expectPositional(2, "FILE and EXPR");
    AnalogyRequest request;
    request.k = args.number("-k", 10, 1);
    request.restrictRows = args.number("--restrict", 0, 1);
    request.includeInputs = args.flag("--include-inputs");
    request.expected = args.value("--expected").value_or("");
    request.baselineK = 0;
    const std::string method = args.value("--method").value_or("3cosadd");
    const auto parsedMethod = parseAnalogyMethod(method);
    if (!parsedMethod)
        throw UsageError("--method must be 3cosadd, 3cosmul or pairdirection, not '" + method +
                         "'");
    request.method = *parsedMethod;
    const std::string& expression = args.positional()[1];
    try {
        parseAnalogyQuery(expression); // a syntax error is reported before the load
    } catch (const ExpressionError& e) {
        // The expression is data the user typed: show where it went wrong.
        std::cerr << "error: " << e.what() << "\n  " << expression << "\n  "
                  << std::string(e.column() - 1, ' ') << "^\n";
        return 1;
    }
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    const LabelIndex labels(load.set.labels);
    const SimilarityIndex index(load.set, indexOptions(args));
    const AnalogyReport report = solveAnalogy(index, labels, expression, request);
    noteCaseInsensitive(report.terms, load.set);
    const auto& names = load.set.labels;
    if (args.flag("--json")) {
        std::vector<Neighbor> plain;
        for (const RankedRow& r : report.results)
            plain.push_back({r.row, r.score});
        QJsonObject json = resultsJson(expression, report.terms, plain, load.set);
        json["method"] = analogyMethodName(request.method);
        if (report.query.question) json["question"] = qs(formatQuestion(*report.query.question));
        QJsonArray results;
        for (const RankedRow& r : report.results) {
            QJsonObject entry{{"label", qs(names[r.row])}, {"score", static_cast<double>(r.score)}};
            if (request.includeInputs) entry["input"] = r.input;
            if (!std::isnan(r.consistency))
                entry["offset_consistency"] = static_cast<double>(r.consistency);
            results.append(entry);
        }
        json["results"] = results;
        if (report.bestKept)
            json["best_with_inputs"] =
                QJsonObject{{"label", qs(names[report.bestKept->row])},
                            {"score", static_cast<double>(report.bestKept->score)},
                            {"input", report.bestKept->input}};
        if (report.expectedRow) {
            for (const ExpectedRank& e : report.expected) {
                if (e.method != request.method) continue;
                QJsonObject expected{{"label", qs(names[*report.expectedRow])}};
                expected["rank"] = e.rank ? QJsonValue(static_cast<qint64>(*e.rank)) : QJsonValue();
                expected["score"] =
                    e.note.empty() || e.rank ? static_cast<double>(e.score) : QJsonValue();
                if (!e.note.empty()) expected["note"] = qs(e.note);
                json["expected"] = expected;
            }
        }
        printJson(json);
        return 0;
    }
    for (const RankedRow& r : report.results)
        std::printf("%s %.6f%s\n", labelColumn(names[r.row], 24).c_str(),
                    static_cast<double>(r.score), r.input ? "  (input)" : "");
    if (report.expectedRow)
        for (const ExpectedRank& e : report.expected) {
            if (e.method != request.method) continue;
            if (e.rank)
                std::printf("expected %s: rank %zu, score %.6f\n",
                            names[*report.expectedRow].c_str(), *e.rank,
                            static_cast<double>(e.score));
            else
                std::printf("expected %s: not ranked (%s)\n", names[*report.expectedRow].c_str(),
                            e.note.c_str());
        }
    return 0;
}

int runSimilarity(const std::vector<std::string>& argv) {
    const Arguments args(argv, kLoadOptions, {"--json", "--quiet"});
    args.expectPositional(3, "FILE and two LABELs");
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    const LabelIndex labels(load.set.labels);
    const auto a = resolveTerms({{args.positional()[1], 1.0, 1}}, labels);
    const auto b = resolveTerms({{args.positional()[2], 1.0, 1}}, labels);
    noteCaseInsensitive(a, load.set);
    noteCaseInsensitive(b, load.set);
    const SimilarityIndex index(load.set);
    const float similarity = index.cosine(a.front().row, b.front().row);
    if (args.flag("--json"))
        printJson(QJsonObject{{"a", qs(load.set.labels[a.front().row])},
                              {"b", qs(load.set.labels[b.front().row])},
                              {"similarity", static_cast<double>(similarity)}});
    else
        std::printf("%.6f\n", static_cast<double>(similarity));
    return 0;
}

int runOddOneOut(const std::vector<std::string>& argv) {
    const Arguments args(argv, kLoadOptions, {"--json", "--quiet"});
    if (args.positional().size() < 3) throw UsageError("missing FILE and at least two LABELs");
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    const LabelIndex labels(load.set.labels);
    std::vector<ExpressionTerm> words;
    for (std::size_t i = 1; i < args.positional().size(); ++i)
        words.push_back({args.positional()[i], 1.0, i});
    // Not resolveTerms: a repeated word stays two entries, as gensim's doesnt_match counts it.
    std::vector<std::size_t> rows;
    for (const auto& word : words)
        rows.push_back(resolveTerms({word}, labels).front().row);
    const SimilarityIndex index(load.set);
    const std::string& result = load.set.labels[doesntMatch(index, rows)];
    if (args.flag("--json"))
        printJson(QJsonObject{{"result", qs(result)}});
    else
        std::cout << result << '\n';
    return 0;
}

int runEvaluateAnalogies(const std::vector<std::string>& argv) {
    const EvaluationSetup setup = evaluationSetup(argv, "QUESTIONS");
    const Arguments& args = setup.args;
    AnalogyEvaluationOptions options;
    options.restrictRows = setup.restrictRows;
    options.caseInsensitive = setup.caseInsensitive;
    const SimilarityIndex index(setup.load.set, indexOptions(args));
    CliProgress progress("answering analogies", !args.flag("--quiet"));
    options.progress = progress.callback();
    const auto start = std::chrono::steady_clock::now();
    const AnalogyEvaluation result = evaluateAnalogies(index, args.positional()[1], options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();
    if (args.flag("--json")) {
        QJsonArray sections;
        for (const auto& s : result.sections)
            sections.append(QJsonObject{{"name", qs(s.name)},
                                        {"correct", static_cast<qint64>(s.correct)},
                                        {"incorrect", static_cast<qint64>(s.incorrect)}});
        printJson(QJsonObject{{"correct", static_cast<qint64>(result.correct)},
                              {"incorrect", static_cast<qint64>(result.incorrect)},
                              {"skipped", static_cast<qint64>(result.skipped)},
                              {"accuracy", result.accuracy},
                              {"sections", sections},
                              {"seconds", roundedSeconds(seconds)}});
        return 0;
    }
    for (const auto& s : result.sections) {
        const std::size_t n = s.correct + s.incorrect;
        std::printf("%-30s %6zu / %-6zu %6.2f%%\n", s.name.c_str(), s.correct, n,
                    n ? 100.0 * s.correct / n : 0.0);
    }
    std::printf("%-30s %6zu / %-6zu %6.2f%%  (%zu skipped, %.2f s)\n", "total", result.correct,
                result.correct + result.incorrect, 100.0 * result.accuracy, result.skipped,
                seconds);
    return 0;
}

int runEvaluateSimilarity(const std::vector<std::string>& argv) {
    const EvaluationSetup setup = evaluationSetup(argv, "PAIRS");
    const Arguments& args = setup.args;
    SimilarityEvaluationOptions options;
    options.restrictRows = setup.restrictRows;
    options.caseInsensitive = setup.caseInsensitive;
    const SimilarityIndex index(setup.load.set, indexOptions(args));
    const SimilarityEvaluation result = evaluateWordPairs(index, args.positional()[1], options);
    if (args.flag("--json")) {
        printJson(QJsonObject{{"pairs", static_cast<qint64>(result.pairs)},
                              {"pearson", result.pearson},
                              {"spearman", result.spearman},
                              {"oov_ratio", result.oovRatio}});
        return 0;
    }
    std::printf("pairs     %zu (%zu out of vocabulary, %.2f%%)\npearson   %.6f\nspearman  %.6f\n",
                result.pairs, result.oov, result.oovRatio, result.pearson, result.spearman);
    return 0;
}

} // namespace vecspace::cli
