#pragma once

#include "vecspace/search/label_index.h"
#include "vecspace/semantic/expression.h"
#include "vecspace/semantic/similarity_index.h"

#include <stdexcept>

namespace vecspace {

// A label that is not in the set, with the closest labels that are (edit distance). Column 0:
// the label was not typed in an expression (an option's value).
class UnknownLabelError : public std::runtime_error {
public:
    UnknownLabelError(std::string label, std::size_t column, std::vector<std::string> suggestions);
    const std::string& label() const { return m_label; }
    std::size_t column() const { return m_column; }
    const std::vector<std::string>& suggestions() const { return m_suggestions; }

private:
    std::string m_label;
    std::size_t m_column;
    std::vector<std::string> m_suggestions;
};

struct ResolvedTerm {
    std::size_t row = 0;
    float weight = 1.0f;
    std::string label;            // as typed
    bool caseInsensitive = false; // found only by ignoring case
};

// Looks every term up (exact, then ignoring case); throws UnknownLabelError for the first
// label that is not there. Terms that land on the same row are merged.
std::vector<ResolvedTerm> resolveTerms(const std::vector<ExpressionTerm>& terms,
                                       const LabelIndex& labels);

struct AnalogyOptions {
    std::size_t k = 10;
    std::size_t restrictRows = 0; // rank only the first N rows (gensim's restrict_vocab); 0: all
    unsigned threads = 0;
};

// The query 3CosAdd ranks by, with gensim's most_similar semantics: each input unit-normalised,
// the weighted mean taken, normalised again.
Eigen::VectorXf cosAddQuery(const SimilarityIndex& index, const std::vector<ResolvedTerm>& terms);

// 3CosAdd (gensim most_similar(positive, negative)): rows by cosine to cosAddQuery, the inputs
// excluded.
std::vector<Neighbor> mostSimilar(const SimilarityIndex& index,
                                  const std::vector<ResolvedTerm>& terms,
                                  const AnalogyOptions& options);

// 3CosMul (gensim most_similar_cosmul): prod((1 + cos(row, p)) / 2) / (prod((1 + cos(row, n)) / 2)
// + 1e-6) over positive terms p and negative terms n, the inputs excluded. Weights must be +1
// or -1: the method has no notion of a coefficient.
std::vector<Neighbor> mostSimilarCosmul(const SimilarityIndex& index,
                                        const std::vector<ResolvedTerm>& terms,
                                        const AnalogyOptions& options);

// gensim doesnt_match: the row least similar (cosine) to the normalised mean of the rows' unit
// vectors; ties go to the smaller label, as gensim's sort of (similarity, word) pairs does.
std::size_t doesntMatch(const SimilarityIndex& index, const std::vector<std::size_t>& rows);

} // namespace vecspace
