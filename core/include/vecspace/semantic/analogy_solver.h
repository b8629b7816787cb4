#pragma once

#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy.h"
#include "vecspace/semantic/analogy_question.h"
#include "vecspace/semantic/similarity_index.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

enum class AnalogyMethod {
    CosAdd,        // gensim most_similar: cosine to the normalised sum of unit vectors
    CosMul,        // gensim most_similar_cosmul (Levy and Goldberg 2014)
    PairDirection, // cos(d - c, b - a) on unit vectors (Levy and Goldberg 2014): the offset only
};
const char* analogyMethodName(AnalogyMethod method);  // "3cosadd", "3cosmul", "pairdirection"
const char* analogyMethodTitle(AnalogyMethod method); // "3CosAdd", "3CosMul", "PairDirection"
std::optional<AnalogyMethod> parseAnalogyMethod(std::string_view name);

struct AnalogyRequest {
    AnalogyMethod method = AnalogyMethod::CosAdd;
    std::size_t k = 10;
    std::size_t restrictRows = 0; // rank only the first N rows (gensim's restrict_vocab); 0: all
    bool includeInputs = false;   // rank the query's own words too
    std::string expected;         // a label to report the rank of; empty: none
    std::size_t baselineK = 10;   // C's own neighbours to compare with; 0: none
    unsigned threads = 0;
};

struct RankedRow {
    std::size_t row = 0;
    float score = 0;
    bool input = false;    // one of the query's words
    bool nearC = false;    // also among C's baselineK nearest neighbours
    float consistency = 0; // cos(b - a, d - c): question only (NaN otherwise)
};

// The question with its words found: rows of each pair and of c.
struct ResolvedQuestion {
    std::vector<std::pair<std::size_t, std::size_t>> pairs; // (a, b) rows
    std::size_t c = 0;
};

struct ExpectedRank {
    AnalogyMethod method = AnalogyMethod::CosAdd;
    std::optional<std::size_t> rank; // 1 = best, among the rows the list ranks; none: not ranked
    float score = 0;
    std::string note; // why there is no rank ("an input word", "not among the first N rows")
};

struct AnalogyReport {
    AnalogyQuery query;
    std::vector<ResolvedTerm> terms;
    std::optional<ResolvedQuestion> question;
    AnalogyMethod method = AnalogyMethod::CosAdd;
    std::vector<RankedRow> results; // best first, k of them

    // The best row when nothing is excluded, and whether it is one of the inputs: the answer
    // to king - man + woman without gensim's exclusion is king.
    std::optional<RankedRow> bestKept;

    std::optional<std::size_t> expectedRow;
    std::vector<ExpectedRank> expected; // one per method that applies to the query

    std::vector<Neighbor> baseline; // C's nearest rows, the same rows excluded as in results

    // The computed point in the set's own coordinates: sum of weight * vector (c + mean offset),
    // what the view draws.
    Eigen::VectorXf point;
};

// Parses, resolves and answers `text` (an expression or an a : b :: c : ? question). Throws
// ExpressionError (syntax, with its column), UnknownLabelError (with suggestions), and
// std::invalid_argument when the method does not apply (PairDirection without a question,
// 3CosMul with weights other than +1 and -1).
AnalogyReport solveAnalogy(const SimilarityIndex& index, const LabelIndex& labels,
                           std::string_view text, const AnalogyRequest& request);

// Every ranked row's score under `method` for the resolved query (rows beyond restrictRows are
// not scored). PairDirection gives -infinity where d - c has no direction (d equal to c).
std::vector<float> analogyScores(const SimilarityIndex& index,
                                 const std::vector<ResolvedTerm>& terms,
                                 const std::optional<ResolvedQuestion>& question,
                                 AnalogyMethod method, std::size_t restrictRows, unsigned threads);

// sum of weight * raw vector over the terms.
Eigen::VectorXf expressionVector(const EmbeddingSet& set, const std::vector<ResolvedTerm>& terms);

} // namespace vecspace
