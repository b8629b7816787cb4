#include "vecspace/semantic/analogy.h"

#include "base/top_k.h"
#include "vecspace/base/parallel.h"
#include "vecspace/semantic/analogy_question.h"
#include "vecspace/semantic/analogy_solver.h"

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
            message += (i ? ", " : "") + quoteLabel(suggestions[i]); // " king" shows its space
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
        sum += term.weight * index.unitRow(term.row);
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
    // The analogy solver's scores, so that the panel, the CLI and this agree to the bit.
    const std::vector<float> scores = analogyScores(
        index, terms, std::nullopt, AnalogyMethod::CosMul, options.restrictRows, options.threads);
    const std::vector<std::size_t> exclude = rowsOf(terms);
    TopK top(options.k + exclude.size());
    for (std::size_t row = 0; row < scores.size(); ++row)
        top.push(row, scores[row]);
    return top.best(options.k, exclude);
}

std::size_t doesntMatch(const SimilarityIndex& index, const std::vector<std::size_t>& rows) {
    if (rows.empty()) throw std::invalid_argument("odd one out needs at least one label");
    // gensim's mean is that of the unit vectors, normalised: cosAddQuery with every weight +1.
    std::vector<ResolvedTerm> terms;
    for (std::size_t row : rows)
        terms.push_back({row, 1.0f, {}, false});
    const Eigen::VectorXf mean = cosAddQuery(index, terms);
    std::size_t best = rows.front();
    float bestSimilarity = std::numeric_limits<float>::infinity();
    const auto& labels = index.set().labels;
    for (std::size_t row : rows) {
        const float similarity = index.unitRow(row).dot(mean);
        if (similarity < bestSimilarity ||
            (similarity == bestSimilarity && labels[row] < labels[best])) {
            best = row;
            bestSimilarity = similarity;
        }
    }
    return best;
}

} // namespace vecspace
