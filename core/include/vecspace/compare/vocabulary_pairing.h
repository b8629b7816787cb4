#pragma once

#include "vecspace/base/embedding_set.h"

#include <cstddef>
#include <vector>

namespace vecspace {

struct PairingOptions {
    // Match labels ignoring case (foldCase); of several case variants in one file the first row
    // (the most frequent word, in frequency-ordered files) stands for all of them.
    bool ignoreCase = false;
    // Keep only the first N shared labels in A's row order (the N most frequent, in
    // frequency-ordered files); 0: all.
    std::size_t limit = 0;
};

// The labels two sets have in common, paired row to row: pair i is A's row rowsA[i] and B's row
// rowsB[i], in A's row order. Counts are of distinct labels (or case-folded labels).
struct SharedVocabulary {
    std::vector<std::size_t> rowsA;
    std::vector<std::size_t> rowsB;
    std::size_t sharedTotal = 0; // shared labels before PairingOptions::limit
    std::size_t onlyA = 0;       // distinct labels of A that B lacks
    std::size_t onlyB = 0;
    std::size_t repeatsA = 0; // rows of A skipped because an earlier row has the same label
    std::size_t repeatsB = 0;

    std::size_t size() const { return rowsA.size(); }
};

SharedVocabulary pairLabels(const EmbeddingSet& a, const EmbeddingSet& b,
                            const PairingOptions& options = {});

} // namespace vecspace
