#include "vecspace/semantic/analogy.h"

#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>

namespace vecspace {
namespace {

std::string describeUnknown(const std::string& label, std::size_t column,
                            const std::vector<std::string>& suggestions) {
    std::string message = "unknown label '" + label + "'";
    if (column > 0) message += " (column " + std::to_string(column) + ")";
    if (!suggestions.empty()) {
        message += "; closest: ";
        for (std::size_t i = 0; i < suggestions.size(); ++i)
            message += (i ? ", " : "") + suggestions[i];
    }
    return message;
}

std::vector<std::size_t> rowsOf(const std::vector<ResolvedTerm>& terms) {
    std::vector<std::size_t> rows;
    for (const auto& term : terms)
        rows.push_back(term.row);
    return rows;
}

} // namespace

UnknownLabelError::UnknownLabelError(std::string label, std::size_t column,
                                     std::vector<std::string> suggestions)
    : std::runtime_error(describeUnknown(label, column, suggestions)), m_label(std::move(label)),
      m_column(column), m_suggestions(std::move(suggestions)) {}

std::vector<ResolvedTerm> resolveTerms(const std::vector<ExpressionTerm>& terms,
                                       const LabelIndex& labels) {
    std::vector<ResolvedTerm> out;
    for (const auto& term : terms) {
        const auto match = labels.find(term.label);
        if (!match) throw UnknownLabelError(term.label, term.column, labels.closest(term.label, 5));
        auto same = std::find_if(out.begin(), out.end(),
                                 [&](const ResolvedTerm& t) { return t.row == match->row; });
        if (same != out.end()) {
            same->weight += static_cast<float>(term.weight);
            continue;
        }
        out.push_back(
            {match->row, static_cast<float>(term.weight), term.label, match->caseInsensitive});
    }
    return out;
}

Eigen::VectorXf cosAddQuery(const SimilarityIndex& index, const std::vector<ResolvedTerm>& terms) {
    // gensim: mean of weight * unit vector, then unitvec; float32 throughout as in numpy.
    Eigen::VectorXf sum = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(index.set().dims()));
    for (const auto& term : terms)
        sum +=
            term.weight * index.unitVectors().row(static_cast<Eigen::Index>(term.row)).transpose();
    sum /= static_cast<float>(terms.size());
    const float norm = sum.norm();
    if (norm > 0) sum /= norm;
    return sum;
}

std::vector<Neighbor> mostSimilar(const SimilarityIndex& index,
                                  const std::vector<ResolvedTerm>& terms,
                                  const AnalogyOptions& options) {
    NeighborOptions neighbor;
    neighbor.k = options.k;
    neighbor.restrictRows = options.restrictRows;
    neighbor.threads = options.threads;
    neighbor.exclude = rowsOf(terms);
    return index.nearest(cosAddQuery(index, terms), neighbor);
}

std::vector<Neighbor> mostSimilarCosmul(const SimilarityIndex& index,
                                        const std::vector<ResolvedTerm>& terms,
                                        const AnalogyOptions& options) {
    std::vector<std::size_t> positive, negative;
    for (const auto& term : terms) {
        if (term.weight == 1.0f)
            positive.push_back(term.row);
        else if (term.weight == -1.0f)
            negative.push_back(term.row);
        else
            throw std::invalid_argument(
                "3CosMul takes labels added (+) or subtracted (-), not weighted: '" + term.label +
                "' has weight " + std::to_string(term.weight));
    }
    const RowMatrix& unit = index.unitVectors();
    const std::size_t rows = options.restrictRows > 0
                                 ? std::min(options.restrictRows, index.set().rows())
                                 : index.set().rows();
    // One matrix product gives every row's cosine to every term.
    Eigen::MatrixXf termVectors(unit.cols(),
                                static_cast<Eigen::Index>(positive.size() + negative.size()));
    for (std::size_t i = 0; i < positive.size(); ++i)
        termVectors.col(static_cast<Eigen::Index>(i)) =
            unit.row(static_cast<Eigen::Index>(positive[i])).transpose();
    for (std::size_t i = 0; i < negative.size(); ++i)
        termVectors.col(static_cast<Eigen::Index>(positive.size() + i)) =
            unit.row(static_cast<Eigen::Index>(negative[i])).transpose();

    const std::vector<std::size_t> exclude = rowsOf(terms);
    const std::size_t parts = resolveThreads(options.threads);
    std::vector<TopK> tops(parts, TopK(options.k + exclude.size()));
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallelFor(
        parts,
        [&](std::size_t part) {
            const std::size_t begin = rows * part / parts, end = rows * (part + 1) / parts;
            constexpr std::size_t kBlock = 4096;
            Eigen::MatrixXf cosines;
            for (std::size_t b = begin; b < end; b += kBlock) {
                const auto n = static_cast<Eigen::Index>(std::min(kBlock, end - b));
                cosines.noalias() = unit.middleRows(static_cast<Eigen::Index>(b), n) * termVectors;
                for (Eigen::Index r = 0; r < n; ++r) {
                    float numerator = 1.0f, denominator = 1.0f;
                    for (std::size_t i = 0; i < positive.size(); ++i)
                        numerator *= (1.0f + cosines(r, static_cast<Eigen::Index>(i))) / 2.0f;
                    for (std::size_t i = 0; i < negative.size(); ++i)
                        denominator *=
                            (1.0f + cosines(r, static_cast<Eigen::Index>(positive.size() + i))) /
                            2.0f;
                    tops[part].push(b + static_cast<std::size_t>(r),
                                    numerator / (denominator + 0.000001f));
                }
            }
        },
        parallel);
    for (std::size_t part = 1; part < parts; ++part)
        tops[0].merge(tops[part]);
    return tops[0].best(options.k, exclude);
}

std::size_t doesntMatch(const SimilarityIndex& index, const std::vector<std::size_t>& rows) {
    if (rows.empty()) throw std::invalid_argument("odd one out needs at least one label");
    // gensim's mean is that of the unit vectors, normalised: cosAddQuery with every weight +1.
    std::vector<ResolvedTerm> terms;
    for (std::size_t row : rows)
        terms.push_back({row, 1.0f, {}, false});
    const Eigen::VectorXf mean = cosAddQuery(index, terms);
    const RowMatrix& unit = index.unitVectors();
    std::size_t best = rows.front();
    float bestSimilarity = std::numeric_limits<float>::infinity();
    const auto& labels = index.set().labels;
    for (std::size_t row : rows) {
        const float similarity = unit.row(static_cast<Eigen::Index>(row)).dot(mean);
        if (similarity < bestSimilarity ||
            (similarity == bestSimilarity && labels[row] < labels[best])) {
            best = row;
            bestSimilarity = similarity;
        }
    }
    return best;
}

} // namespace vecspace
