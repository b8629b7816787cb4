#pragma once

#include "layout/tsne_fft_plan.h"

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

namespace vecspace {

class ThreadPool;

// Linear (not circular) convolution of real charge grids with one real, even kernel, by FFT on
// grids padded to twice the nodes per axis. Charges are packed two to a complex grid (real and
// imaginary parts): the kernel's spectrum is real, so the two never mix. Each axis is
// transformed with the lanes running along another axis, so every butterfly is a vector
// operation; lanes that only ever hold padding zeros, or whose results are never read, are
// skipped, which halves the work of the first forward and the last inverse pass.
class GridConvolution {
public:
    static constexpr int kMaxDims = 3;

    explicit GridConvolution(ThreadPool& pool) : m_pool(pool) {}

    // Grids of nodes[0] x ... x nodes[dims - 1] nodes and `charges` charge grids. Cheap when
    // nothing changed.
    void setGrid(int dims, const std::array<std::size_t, kMaxDims>& nodes, std::size_t charges);
    // kernel(offset) at an offset of whole nodes per axis (each within +-(nodes - 1)); must be
    // even in every axis.
    void setKernel(const std::function<float(const long* offset)>& kernel);

    // Charge grid c: node (i_0, ..., i_{D-1}) at charge(c)[sum of i_d x stride(d)]. Write the
    // charges there (every node), convolve(), then read the potentials at the same places.
    float* charge(std::size_t c);
    std::size_t stride(int axis) const { return m_stride[static_cast<std::size_t>(axis)]; }
    void convolve();

private:
    struct Pass {
        int axis;
        bool inverse;
        bool allLanes; // every lane holds data (the kernel), not just those below `nodes`
        bool zeroTail; // elements from nodes[axis] on are zero and are not read
        bool keepHead; // only elements below nodes[axis] are written back
        std::size_t arrays;
    };
    void runPass(const Pass& pass, std::vector<float>* arrays);
    void clearNodes(float* plane) const;

    ThreadPool& m_pool;
    int m_dims = 0;
    std::array<std::size_t, kMaxDims> m_nodes{};  // M_d
    std::array<std::size_t, kMaxDims> m_padded{}; // L_d = 2 M_d
    std::array<std::size_t, kMaxDims> m_stride{};
    std::size_t m_total = 0; // product of L_d
    std::size_t m_charges = 0;
    std::array<FftPlan, kMaxDims> m_plans;
    std::vector<std::vector<float>> m_grids;   // per complex grid: re plane then im plane
    std::vector<float> m_spectrum;             // real, scaled by 1 / m_total
    std::vector<std::vector<float>> m_scratch; // per worker
};

} // namespace vecspace
