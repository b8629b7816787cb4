#pragma once

#include "base/all_pairs_fused.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Whether this CPU has AVX-512 BF16 and this build could compile the screened kernel for it.
bool screenedPairsAvailable();

// The rows rounded to bfloat16, in groups of 16 as FloatPanels, by pairs of dimensions: one
// 512-bit load holds dimensions 2p and 2p + 1 of 16 rows (one 32-bit word a row), as
// vdpbf16ps multiplies them. An odd last dimension is paired with zero.
class Bf16Panels {
public:
    Bf16Panels(MatrixView matrix, unsigned threads);
    const std::uint32_t* group(std::size_t g) const { return m_data.data() + g * m_pairs * 16; }
    std::size_t pairs() const { return m_pairs; }
    // Per row, rounded up, padded with 32 zeros: the length of the rounding error a - ã (ã as
    // vdpbf16ps reads it, subnormals as zero), and |ã| + that, which is at least |a|.
    const float* errors() const { return m_errors.data(); }
    const float* reaches() const { return m_reaches.data(); }

private:
    std::size_t m_pairs = 0;
    std::vector<std::uint32_t> m_data;
    std::vector<float> m_errors, m_reaches;
};

struct ScreenedPairs {
    MatrixView matrix;          // the panels' rows in float32, in their order, for the re-check
    const std::uint32_t* order; // the name of each row in the buffers, as FusedPairs'
    const float* squaredNorms;  // padded as FusedPairs'; null: rank by the dot product
    const Bf16Panels& panels;
    // Per row, padded like squaredNorms: E (panels.errors()), R (panels.reaches()) and
    // E + kappa R (see the .cpp).
    const float* errors;
    const float* reaches;
    const float* reachErrors;
    // A pair's bfloat16 score is within boundScale (E_a R_b + R_a (E_b + kappa R_b)) +
    // boundSum (|a|^2 + |b|^2) + boundFloor of the float32 one the fused kernel would compute.
    float boundScale, boundSum, boundFloor;
    std::uint32_t name(std::size_t r) const {
        return order ? order[r] : static_cast<std::uint32_t>(r);
    }
};

// Usable when every value rounds to a finite bfloat16 (below about 3.4e38 in magnitude) and every
// squared norm is finite: then ScreenedPairs' bound holds.
bool screenable(MatrixView matrix, const float* squaredNorms);

// The bound's constants and per-row terms for the panels' rows (`matrix`, in the panels' order)
// and the search's score; reachErrors receives the per-row terms it points to.
ScreenedPairs screenedPairs(MatrixView matrix, const std::uint32_t* order,
                            const float* squaredNorms, const Bf16Panels& panels,
                            std::vector<float>& reachErrors);

// scoreTilePairFused with the products in bfloat16 (vdpbf16ps: twice float32's multiply-adds an
// instruction): a pair whose bfloat16 score is within the bound of a row's bar is scored again
// in float32 from the two rows, and only that score is offered, so the buffers see what the
// fused kernel would offer them, up to float32 rounding, which their slack covers.
void scoreTilePairScreened(const ScreenedPairs& job, std::size_t firstI, std::size_t ni,
                           std::size_t firstJ, std::size_t nj, CandidateBuffers& buffers);

} // namespace vecspace
