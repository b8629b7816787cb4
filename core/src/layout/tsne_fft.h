#pragma once

#include "layout/tsne_fft_convolution.h"
#include "layout/tsne_near_field.h"
#include "layout/tsne_repulsion.h"

#include <memory>
#include <vector>

namespace vecspace {

// FIt-SNE's repulsion (Linderman, Rachh, Hoskins, Steinerberger and Kluger 2019): a box around
// the layout is cut into equal intervals per axis (at least fftMinIntervals, and at least
// fftIntervalsPerUnit per unit of length, so the grid grows with the layout), each with p
// equispaced Lagrange nodes. Every point spreads the charges 1 and y onto the p^D nodes of its
// box; the potentials of the repulsion's kernel K = w b = (1 + d^2 / a)^-(a + 1) (for a = 1 the
// squared Cauchy kernel 1 / (1 + d^2)^2) at the nodes are one convolution (GridConvolution),
// interpolated back to the points with the same weights. With y measured from the grid centre,
// phi_1 = sum_j K_ij and phi_y = sum_j K_ij y_j:
//   sum_j w_ij b_ij (y_i - y_j) = y_i phi_1 - phi_y, and, as w = K (1 + d^2 / a) and K is
//   symmetric, Z = sum_ij K_ij (1 + (|y_i|^2 - 2 y_i.y_j + |y_j|^2) / a)
//                = sum_i (1 + 2|y_i|^2 / a) phi_1 - 2 y_i.phi_y / a
// (FIt-SNE also convolves |y|^2 for Z, and openTSNE's heavy tails a second kernel w; the
// symmetry and the identity make both unnecessary, for any a), with the N terms j = i
// (w_ii = 1) removed.
template <int D> class FftRepulsion final : public TsneRepulsion {
public:
    FftRepulsion(const TsneOptions& options, double alpha, ThreadPool& pool);
    double compute(const RowMatrix& layout, RowMatrix& forces) override;

private:
    static constexpr std::size_t kCharges = D + 1;
    std::size_t boxesFor(double extent, double width) const;
    void placeGrid(const RowMatrix& layout);
    void locatePoints(const RowMatrix& layout);
    void spread();
    double gather(RowMatrix& forces);

    ThreadPool& m_pool;
    double m_alpha; // the kernel's degrees of freedom
    std::size_t m_minIntervals;
    double m_intervalsPerUnit;
    std::size_t m_nodesPerBox;
    double m_nearBoxes;
    GridConvolution m_convolution;
    std::unique_ptr<NearField<D>> m_nearField;
    bool m_nearActive = false; // the current grid leaves the near field to m_nearField

    std::array<std::size_t, D> m_boxes{};
    double m_low[D] = {}, m_boxWidth[D] = {}, m_centre[D] = {};

    std::vector<std::uint32_t> m_firstNode; // per point and axis: index of its box's first node
    std::vector<float> m_weights;           // per point, axis and node of the box
    std::vector<float> m_charges;           // per point: 1, then y - centre
    std::vector<std::uint32_t> m_slabStart, m_slabPoints; // points by box along axis 0
    std::vector<std::uint32_t> m_chunkCounts;             // the sort's per chunk and slab
    std::vector<double> m_partialZ;
};

} // namespace vecspace
