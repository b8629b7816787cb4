#pragma once

#include "vecspace/base/progress.h"
#include "vecspace/semantic/similarity_index.h"

#include <filesystem>
#include <string>
#include <vector>

namespace vecspace {

struct AnalogySection {
    std::string name;
    std::size_t correct = 0;
    std::size_t incorrect = 0;
};

struct AnalogyEvaluation {
    std::vector<AnalogySection> sections; // in file order
    std::size_t correct = 0;
    std::size_t incorrect = 0;
    std::size_t skipped = 0; // questions with a word outside the (restricted) vocabulary
    double accuracy = 0;     // correct / (correct + incorrect)
};

struct AnalogyEvaluationOptions {
    std::size_t restrictRows = 300000; // gensim's restrict_vocab
    bool caseInsensitive = true;
    bool screen = true; // 8-bit screening before the float32 scores (NeighborOptions::screen)
    unsigned threads = 0;
    ProgressFn progress;
};

// The Google analogy benchmark with gensim's evaluate_word_analogies rules: vocabulary = the
// first restrictRows rows; case-insensitive lookups where the first of several case variants
// wins; a question with an unknown word is skipped (and counted); 3CosAdd over the restricted
// rows, the three inputs excluded, top-1 after dropping case variants of the inputs among the
// top 5. Questions are answered in batches through matrix products. Throws LoadError for a
// question line that is not four words, or that comes before any ": section" line.
AnalogyEvaluation evaluateAnalogies(const SimilarityIndex& index,
                                    const std::filesystem::path& questions,
                                    const AnalogyEvaluationOptions& options = {});

struct SimilarityEvaluation {
    std::size_t pairs = 0; // pairs scored
    std::size_t oov = 0;   // pairs with a word outside the vocabulary
    double pearson = 0;
    double spearman = 0;
    double oovRatio = 0; // percent of all pairs, as gensim reports it
};

struct SimilarityEvaluationOptions {
    std::size_t restrictRows = 300000;
    bool caseInsensitive = true;
};

// Word-similarity benchmark with gensim's evaluate_word_pairs rules: "word1<TAB>word2<TAB>score"
// lines, '#' comments; Pearson and Spearman (average ranks for ties) between the gold scores and
// the cosine similarities. Throws LoadError for a line that is not two words and a number.
SimilarityEvaluation evaluateWordPairs(const SimilarityIndex& index,
                                       const std::filesystem::path& pairs,
                                       const SimilarityEvaluationOptions& options = {});

} // namespace vecspace
