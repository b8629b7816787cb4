#pragma once

#include "base/candidate_buffers.h"
#include "vecspace/base/embedding_set.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Whether this CPU has AVX-512F and this build could compile the fused all-pairs kernel for it.
bool fusedPairsAvailable();

// The rows in groups of 16, dimension-major inside a group (one 512-bit load holds one dimension
// of 16 rows), with two zero groups after the last so that any pair of groups can be read.
class FloatPanels {
public:
    FloatPanels(MatrixView matrix, unsigned threads);
    const float* group(std::size_t g) const { return m_data.data() + g * m_dims * 16; }
    std::size_t dims() const { return m_dims; }

private:
    std::size_t m_dims = 0;
    std::vector<float> m_data;
};

struct FusedPairs {
    MatrixView matrix; // the panels' rows, in their order
    const FloatPanels& panels;
    const float* squaredNorms; // padded like the panels; null: rank by the dot product
    // The caller's number of panel row r is order[r] (null: r). Buffers are indexed by panel row
    // and hold the caller's numbers as candidates, so that ties fall to the lower of those.
    const std::uint32_t* order = nullptr;
    std::uint32_t name(std::size_t r) const {
        return order ? order[r] : static_cast<std::uint32_t>(r);
    }
};

// Scores rows [firstI, firstI + ni) against [firstJ, firstJ + nj) (firstI a multiple of 32) in
// registers, 32 x 12 at a time, and offers each score to both rows' buffers when it clears their
// bars, so no tile of scores is ever stored. On the diagonal (the same rows twice) each row is
// offered the others once and never itself. The caller holds the buffers of both ranges.
void scoreTilePairFused(const FusedPairs& job, std::size_t firstI, std::size_t ni,
                        std::size_t firstJ, std::size_t nj, CandidateBuffers& buffers);

} // namespace vecspace
