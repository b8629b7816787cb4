#include "vecspace/semantic/analogy_solver.h"

#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr float kNoScore = -std::numeric_limits<float>::infinity();

bool better(float score, std::size_t row, float thanScore, std::size_t thanRow) {
    return score > thanScore || (score == thanScore && row < thanRow);
}

std::optional<ResolvedQuestion> resolveQuestion(const AnalogyQuestion& question,
                                                const LabelIndex& labels) {
    auto rowOf = [&](const ExpressionTerm& term) {
        return resolveTerms({term}, labels).front().row;
    };
    ResolvedQuestion resolved;
    for (const AnalogyPair& pair : question.pairs)
        resolved.pairs.emplace_back(rowOf(pair.a), rowOf(pair.b));
    resolved.c = rowOf(question.c);
    return resolved;
}

// The PairDirection offset: the mean of u_b - u_a over the pairs, on unit vectors.
Eigen::VectorXf unitOffset(const SimilarityIndex& index, const ResolvedQuestion& question) {
    Eigen::VectorXf offset = Eigen::VectorXf::Zero(Eigen::Index(index.set().dims()));
    for (const auto& [a, b] : question.pairs)
        offset += index.unitRow(b) - index.unitRow(a);
    offset /= static_cast<float>(question.pairs.size());
    const float norm = offset.norm();
    if (!(norm > 0))
        throw std::invalid_argument(
            "the example pairs have no offset (each b is its a): PairDirection and offset "
            "consistency need a direction");
    return offset / norm;
}

// cos(d - c, o) from u_d.o, u_d.u_c and u_c.o, with |u_d - u_c|^2 = 2 - 2 u_d.u_c.
float pairDirection(float dOffset, float dC, float cOffset) {
    const float squared = 2.0f - 2.0f * dC;
    if (!(squared > 1e-6f)) return kNoScore; // d is c (or its copy): no direction
    return (dOffset - cOffset) / std::sqrt(squared);
}

bool isInput(const std::vector<ResolvedTerm>& terms, std::size_t row) {
    return std::any_of(terms.begin(), terms.end(),
                       [row](const ResolvedTerm& t) { return t.row == row; });
}

} // namespace

const char* analogyMethodName(AnalogyMethod method) {
    switch (method) {
    case AnalogyMethod::CosAdd:
        return "3cosadd";
    case AnalogyMethod::CosMul:
        return "3cosmul";
    case AnalogyMethod::PairDirection:
        return "pairdirection";
    }
    return "";
}

const char* analogyMethodTitle(AnalogyMethod method) {
    switch (method) {
    case AnalogyMethod::CosAdd:
        return "3CosAdd";
    case AnalogyMethod::CosMul:
        return "3CosMul";
    case AnalogyMethod::PairDirection:
        return "PairDirection";
    }
    return "";
}

std::optional<AnalogyMethod> parseAnalogyMethod(std::string_view name) {
    for (AnalogyMethod m :
         {AnalogyMethod::CosAdd, AnalogyMethod::CosMul, AnalogyMethod::PairDirection})
        if (name == analogyMethodName(m)) return m;
    return std::nullopt;
}

Eigen::VectorXf expressionVector(const EmbeddingSet& set, const std::vector<ResolvedTerm>& terms) {
    Eigen::VectorXf sum = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(set.dims()));
    for (const ResolvedTerm& term : terms)
        sum += term.weight * set.vectors.row(static_cast<Eigen::Index>(term.row)).transpose();
    return sum;
}

std::vector<float> analogyScores(const SimilarityIndex& index,
                                 const std::vector<ResolvedTerm>& terms,
                                 const std::optional<ResolvedQuestion>& question,
                                 AnalogyMethod method, std::size_t restrictRows, unsigned threads) {
    const UnitRows& unit = index.unitRows();
    const std::size_t rows =
        restrictRows > 0 ? std::min(restrictRows, index.set().rows()) : index.set().rows();
    // Each method scores a row from its cosines with a few vectors, the columns of `with`.
    Eigen::MatrixXf with;
    std::size_t positives = 0;
    float cOffset = 0;
    switch (method) {
    case AnalogyMethod::CosAdd:
        with = cosAddQuery(index, terms);
        break;
    case AnalogyMethod::CosMul: {
        std::vector<std::size_t> order;
        for (int sign : {1, -1})
            for (const ResolvedTerm& term : terms) {
                if (term.weight != 1.0f && term.weight != -1.0f)
                    throw std::invalid_argument(
                        "3CosMul takes labels added (+) or subtracted (-), not weighted: '" +
                        term.label + "' has weight " + std::to_string(term.weight));
                if (term.weight == float(sign)) order.push_back(term.row);
            }
        for (const ResolvedTerm& term : terms)
            positives += term.weight == 1.0f;
        with.resize(Eigen::Index(unit.dims()), Eigen::Index(order.size()));
        for (std::size_t i = 0; i < order.size(); ++i)
            with.col(Eigen::Index(i)) = unit.row(order[i]);
        break;
    }
    case AnalogyMethod::PairDirection: {
        if (!question)
            throw std::invalid_argument(
                "PairDirection needs a question of the form a : b :: c : ? (or b - a + c)");
        with.resize(Eigen::Index(unit.dims()), 2);
        with.col(0) = unitOffset(index, *question);
        with.col(1) = unit.row(question->c);
        cOffset = with.col(1).dot(with.col(0));
        break;
    }
    }

    std::vector<float> scores(rows);
    const std::size_t parts = resolveThreads(threads);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor(
        parts,
        [&](std::size_t part) {
            const std::size_t begin = rows * part / parts, end = rows * (part + 1) / parts;
            // Float32: the tile the benchmark was tuned with; half: one that stays in cache.
            const std::size_t block =
                unit.kind() == UnitRows::Kind::Float32 ? 4096 : unit.tileRows();
            Eigen::MatrixXf cosines;
            RowMatrix scratch;
            for (std::size_t b = begin; b < end; b += block) {
                const auto n = static_cast<Eigen::Index>(std::min(block, end - b));
                cosines.noalias() = unit.tile(b, std::size_t(n), scratch) * with;
                for (Eigen::Index r = 0; r < n; ++r) {
                    float score = 0;
                    if (method == AnalogyMethod::CosAdd) {
                        score = cosines(r, 0);
                    } else if (method == AnalogyMethod::CosMul) {
                        float numerator = 1.0f, denominator = 1.0f;
                        for (Eigen::Index i = 0; i < cosines.cols(); ++i)
                            (std::size_t(i) < positives ? numerator : denominator) *=
                                (1.0f + cosines(r, i)) / 2.0f;
                        score = numerator / (denominator + 0.000001f);
                    } else {
                        score = pairDirection(cosines(r, 0), cosines(r, 1), cOffset);
                    }
                    scores[b + std::size_t(r)] = score;
                }
            }
        },
        parallel);
    return scores;
}

AnalogyReport solveAnalogy(const SimilarityIndex& index, const LabelIndex& labels,
                           std::string_view text, const AnalogyRequest& request) {
    AnalogyReport report;
    report.method = request.method;
    report.query = parseAnalogyQuery(text);
    report.terms = resolveTerms(report.query.terms, labels);
    if (report.query.question) report.question = resolveQuestion(*report.query.question, labels);
    if (!request.expected.empty()) {
        const auto match = labels.find(request.expected);
        if (!match)
            throw UnknownLabelError(request.expected, 0, labels.closest(request.expected, 5));
        report.expectedRow = match->row;
    }
    report.point = expressionVector(index.set(), report.terms);

    const std::vector<float> scores =
        analogyScores(index, report.terms, report.question, request.method, request.restrictRows,
                      request.threads);
    auto ranked = [&](std::size_t row) {
        return scores[row] != kNoScore && (request.includeInputs || !isInput(report.terms, row));
    };
    TopK top(request.k);
    std::optional<RankedRow> bestKept;
    for (std::size_t row = 0; row < scores.size(); ++row) {
        if (scores[row] == kNoScore) continue;
        if (!bestKept || better(scores[row], row, bestKept->score, bestKept->row))
            bestKept = RankedRow{row, scores[row], isInput(report.terms, row)};
        if (ranked(row)) top.push(row, scores[row]);
    }
    report.bestKept = bestKept;

    std::vector<std::size_t> baselineRows;
    if (report.question && request.baselineK > 0) {
        NeighborOptions options;
        options.k = request.baselineK;
        options.restrictRows = request.restrictRows;
        options.threads = request.threads;
        if (!request.includeInputs)
            for (const ResolvedTerm& term : report.terms)
                options.exclude.push_back(term.row);
        report.baseline = index.nearestToRow(report.question->c, options);
        for (const Neighbor& n : report.baseline)
            baselineRows.push_back(n.row);
    }

    std::optional<Eigen::VectorXf> offset;
    if (report.question) offset = unitOffset(index, *report.question);
    const Eigen::VectorXf c =
        report.question ? index.unitRow(report.question->c) : Eigen::VectorXf();
    for (const Neighbor& n : top.sorted()) {
        RankedRow row{n.row, n.score, isInput(report.terms, n.row)};
        row.nearC =
            std::find(baselineRows.begin(), baselineRows.end(), n.row) != baselineRows.end();
        row.consistency = std::numeric_limits<float>::quiet_NaN();
        if (offset) {
            const Eigen::VectorXf d = index.unitRow(n.row);
            row.consistency = pairDirection(d.dot(*offset), d.dot(c), c.dot(*offset));
            if (row.consistency == kNoScore)
                row.consistency = std::numeric_limits<float>::quiet_NaN();
        }
        report.results.push_back(row);
    }

    if (report.expectedRow) {
        const std::size_t expected = *report.expectedRow;
        for (AnalogyMethod method :
             {AnalogyMethod::CosAdd, AnalogyMethod::CosMul, AnalogyMethod::PairDirection}) {
            std::vector<float> own;
            try {
                own = method == request.method
                          ? scores
                          : analogyScores(index, report.terms, report.question, method,
                                          request.restrictRows, request.threads);
            } catch (const std::invalid_argument&) {
                continue; // the method does not apply to this query
            }
            ExpectedRank entry;
            entry.method = method;
            if (expected >= own.size()) {
                entry.note = "not among the first " + std::to_string(own.size()) + " rows";
            } else if (own[expected] == kNoScore) {
                entry.note = "has no direction from c (it is c)";
            } else {
                entry.score = own[expected];
                if (!request.includeInputs && isInput(report.terms, expected)) {
                    entry.note = "an input word (excluded)";
                } else {
                    std::size_t rank = 1;
                    for (std::size_t row = 0; row < own.size(); ++row)
                        if (own[row] != kNoScore &&
                            (request.includeInputs || !isInput(report.terms, row)) &&
                            better(own[row], row, own[expected], expected))
                            ++rank;
                    entry.rank = rank;
                }
            }
            report.expected.push_back(entry);
        }
    }
    return report;
}

} // namespace vecspace
