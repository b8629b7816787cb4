#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// How the all-pairs search ranks two rows a and b.
enum class PairScore {
    Dot,             // a . b, larger is nearer (cosine when the rows are unit vectors)
    NegativeSquared, // -|a - b|^2 = 2 a.b - |a|^2 - |b|^2, larger is nearer
};

struct AllPairsOptions {
    std::size_t k = 10;
    PairScore score = PairScore::Dot;
    // Score and select in registers with the AVX-512 kernel where the CPU has it (all_pairs_fused);
    // off, or without it, through Eigen's product and a pass over each tile of scores.
    bool fused = true;
    // With the fused kernel, where the CPU has AVX-512 BF16: products in bfloat16, twice as many
    // a cycle, each pair near a row's bar scored again in float32 (all_pairs_screened); the
    // neighbours are the same.
    bool screen = true;
    unsigned threads = 0;
    ProgressFn progress;
};

// Every row's k best other rows, best first, ties by the lower row: rows x k of each.
struct AllPairsTopK {
    std::size_t rows = 0;
    std::size_t k = 0;
    std::vector<std::uint32_t> ids;
    std::vector<float> scores; // a . b, or -|a - b|^2, each computed from the two rows alone
};

// The exact k best other rows of every row, through matrix products over pairs of row tiles:
// the score matrix is symmetric, so each pair of rows is scored once. Each row's candidates live
// in a buffer of 2k + 8 slots (8 bytes each, plus 8k bytes a row for the result); a tile's
// scores reach a buffer only when the best of a group of 16 clears the row's bar. The rows kept
// (the k best by tile score and all within its proven rounding of the k-th) are re-scored from
// the two rows alone, so ties and near-ties are decided as a direct computation decides them;
// only beyond about 1.5k near-tied candidates (masses of identical rows) can the choice among
// them differ. Throws std::invalid_argument unless 1 <= k < rows and the
// rows fit in 32 bits; Cancelled when progress asks to stop.
AllPairsTopK allPairsTopK(MatrixView matrix, const AllPairsOptions& options);

} // namespace vecspace
