#pragma once

#include "layout/tsne_repulsion.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace vecspace {

class ThreadPool;

// Gradient descent on KL(P || Q) with the usual schedule: early exaggeration of P with the
// initial momentum, then plain P with the final momentum, and per-coordinate gains (+0.2 when
// the gradient changes sign against the last step, x0.8 otherwise, at least minGain), as in
// sklearn 1.2, which also restarts the momentum and gains when the exaggeration ends.
// The gradient is that of openTSNE (the paper's without its factor 4), with the kernel
// w = (1 + d^2 / a)^-a of a degrees of freedom and b = w^(1/a) = 1 / (1 + d^2 / a):
//   g_i = exaggeration sum_j p_ij b_ij (y_i - y_j) - sum_j w_ij b_ij (y_i - y_j) / Z,
// or, under sklearn's force law (TsneForceLaw::KernelWeighted), not a gradient for a != 1:
//   g_i = exaggeration sum_j p_ij w_ij (y_i - y_j) - sum_j w_ij^2 (y_i - y_j) / Z.
class TsneOptimizer {
public:
    TsneOptimizer(const TsneAffinities& p, std::size_t dims, const TsneOptions& options,
                  ThreadPool& pool);
    // Takes P over, so that renumbering it (see tsne_locality.h) needs no second copy for long.
    TsneOptimizer(TsneAffinities&& p, std::size_t dims, const TsneOptions& options,
                  ThreadPool& pool);
    ~TsneOptimizer();

    TsneMethod method() const { return m_method; }
    double learningRate() const { return m_learningRate; }
    double degreesOfFreedom() const { return m_alpha; }
    TsneForceLaw forceLaw() const { return m_forceLaw; }
    double earlyExaggeration() const { return m_exaggeration; }

    // Runs every iteration on `layout` (rows x dims, changed in place) and returns the final KL
    // divergence. Progress goes to options.progress as base + scale x (share of iterations).
    double run(RowMatrix& layout, double progressBase, double progressScale);

private:
    void renumber(RowMatrix& layout);
    // The layout in the caller's row order.
    const RowMatrix& inInputOrder(const RowMatrix& layout);
    template <int D>
    void step(const RowMatrix& from, RowMatrix& to, double z, float exaggeration, float momentum);

    TsneAffinities m_local;             // P renumbered (or taken over)
    TsneAffinities m_spare;             // storage for the next renumbering
    const TsneAffinities* m_p;          // the caller's P or m_local
    std::vector<std::uint32_t> m_order; // row k of the optimiser's layout is input row m_order[k]
    RowMatrix m_ordered;
    std::size_t m_dims;
    const TsneOptions& m_options;
    ThreadPool& m_pool;
    TsneMethod m_method;
    double m_learningRate;
    double m_alpha;
    TsneForceLaw m_forceLaw;
    double m_exaggeration;
    std::unique_ptr<TsneRepulsion> m_repulsion;
    RowMatrix m_forces, m_update, m_gains, m_next;
    std::vector<double> m_partial;
};

} // namespace vecspace
