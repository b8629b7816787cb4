#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/compare/alignment.h"
#include "vecspace/compare/neighbor_lists.h"
#include "vecspace/compare/vocabulary_pairing.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vecspace {

constexpr std::size_t kMaxCompareK = 250;

struct CompareOptions {
    PairingOptions pairing;
    std::size_t k = 10; // neighbours per label, 1 to kMaxCompareK
    bool align = false;
    AlignmentOptions alignment;
    unsigned threads = 0;
    ProgressFn progress;
};

// Two embedding sets over their shared labels. Pair i is the label labels[i]; every per-label
// vector below is indexed by pair.
struct Comparison {
    SharedVocabulary vocabulary;
    std::vector<std::string> labels; // A's spelling
    std::size_t dimsA = 0;
    std::size_t dimsB = 0;
    RowMatrix unitA; // the pairs' rows, unit-normalised
    RowMatrix unitB;
    std::size_t k = 0;
    NeighborLists neighborsA; // cosine neighbours within the shared labels, as pair indices
    NeighborLists neighborsB;
    std::vector<float> jaccard;       // |N_A ∩ N_B| / |N_A ∪ N_B| per pair
    std::vector<std::size_t> overlap; // overlap[j]: pairs keeping exactly j of k neighbours
    double meanJaccard = 0;
    double medianJaccard = 0;
    std::optional<Alignment> alignment;
    // Per pair: |b - a| after the alignment, or without one when the dimensions are equal (two
    // runs sharing a space, a fine-tuned model); empty when neither applies.
    std::vector<float> displacement;

    std::size_t size() const { return labels.size(); }
    bool hasDisplacement() const { return !displacement.empty(); }
};

// Throws std::invalid_argument when the sets share no label, k is out of range or not smaller
// than the number of shared labels, or there are more anchors than shared labels; Cancelled when
// progress says stop.
Comparison compareSets(const EmbeddingSet& a, const EmbeddingSet& b,
                       const CompareOptions& options = {});

// The pairs whose neighbourhoods changed most (lowest Jaccard first, then largest displacement)
// or least (highest Jaccard, then smallest displacement); ties by pair.
std::vector<std::size_t> mostChanged(const Comparison& comparison, std::size_t count);
std::vector<std::size_t> leastChanged(const Comparison& comparison, std::size_t count);

struct NeighborChange {
    std::size_t pair = 0;
    float similarityA = 0; // cosine to the label in A
    float similarityB = 0; // and in B
};

// One label's neighbours: in both lists, only in B's (gained), only in A's (lost); each list in
// the order of the list it comes from (A's for kept and lost).
struct LabelChanges {
    std::vector<NeighborChange> kept;
    std::vector<NeighborChange> gained;
    std::vector<NeighborChange> lost;
};

LabelChanges neighborChanges(const Comparison& comparison, std::size_t pair);

// label<TAB>jaccard<TAB>displacement, a header line and one line per pair (Projector metadata
// for the shared labels); written to a temporary file and renamed.
void writeComparisonTable(const Comparison& comparison, const std::filesystem::path& path);

} // namespace vecspace
