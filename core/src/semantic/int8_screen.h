#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Whether this CPU has AVX-512 VNNI (vpdpbusd: 64 multiply-adds of 8-bit integers an
// instruction, four times float32's) and this build could compile for it.
bool int8ScreeningAvailable();

// Unit rows quantised to 8 bits, each with its own scale (its largest magnitude maps to 127), and
// packed for the screening kernel: groups of 16 rows, and in each group, for every four
// dimensions, the 16 rows' four values side by side (one 512-bit load). Padded with zeros.
class Int8Panels {
public:
    Int8Panels() = default;
    // Packs the first `rows` rows of `unit` (unit-length rows).
    Int8Panels(const Eigen::Ref<const RowMatrix>& unit, std::size_t rows, unsigned threads);

    std::size_t rows() const { return m_rows; }
    std::size_t dims() const { return m_dims; }
    std::size_t quads() const { return m_quads; }
    std::size_t bytes() const;
    const std::uint32_t* group(std::size_t g) const { return m_data.data() + g * m_quads * 16; }
    const std::int32_t* sums(std::size_t g) const { return m_sums.data() + g * 16; }
    const float* scales(std::size_t g) const { return m_scales.data() + g * 16; }
    double largestScale() const { return m_largestScale; }
    double largestL1() const { return m_largestL1; } // the largest sum of |u_i| of a row

private:
    std::size_t m_rows = 0, m_dims = 0, m_quads = 0;
    std::vector<std::uint32_t> m_data;
    std::vector<std::int32_t> m_sums; // each row's sum of its 8-bit values
    std::vector<float> m_scales;      // u_i ~ scale * value_i
    double m_largestScale = 0, m_largestL1 = 0;
};

struct ScreenOptions {
    std::size_t keep = 10; // the best `keep` rows by exact score must survive
    std::size_t rows = 0;  // screen rows [0, rows) of the panels
    unsigned threads = 0;
    ProgressFn progress;
};

// For each query (a unit-length row of `queries`), the rows that can be among its `keep` best by
// cosine: every row whose 8-bit score lies within twice the proven quantisation bound of the
// keep-th best 8-bit score (see int8ScoreBound). Unordered; the caller re-scores them in float32.
std::vector<std::vector<std::uint32_t>>
int8Screen(const Int8Panels& panels, const RowMatrix& queries, const ScreenOptions& options);

// A bound on |8-bit score - exact score| between any panel row and a query with the given
// scale (largest |q_i| / 127) and sum of |q_i|: with q_i = sq Q_i + e_i and u_i = su U_i + f_i,
// |e_i| <= sq / 2 and |f_i| <= su / 2, the error sum_i (sq Q_i f_i + e_i su U_i + e_i f_i) is
// at most (su |q|_1 + sq |u|_1) / 2 + 3/4 d sq su, taken at the largest su and |u|_1 of the
// panels, plus the float rounding of the two scalings (the integer sums are exact).
double int8ScoreBound(const Int8Panels& panels, double queryScale, double queryL1);

} // namespace vecspace
