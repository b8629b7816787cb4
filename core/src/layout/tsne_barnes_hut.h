#pragma once

#include "layout/tsne_repulsion.h"
#include "layout/tsne_space_tree.h"

#include <vector>

namespace vecspace {

// Barnes-Hut (van der Maaten 2014): a cell whose side is below theta times its distance acts as
// one body of its point count at its centre of mass. The tree is walked once per group of up to
// kGroupSize nearby points (a cell) rather than once per point, with the distance measured from
// the centre of mass to the nearest point of the group's bounding box, so that every point of
// the group meets the criterion (the result is at least as accurate as a walk per point). The
// walk yields a list of bodies (accepted cells, and the points of leaves that were not), and
// every point of the group sums over that list in a branch-free loop that vectorises.
template <int D> class BarnesHutRepulsion final : public TsneRepulsion {
public:
    static constexpr std::size_t kGroupSize = 32;

    // kernelWeighted: sklearn's force law (TsneForceLaw::KernelWeighted).
    BarnesHutRepulsion(double theta, double alpha, bool kernelWeighted, ThreadPool& pool);
    double compute(const RowMatrix& layout, RowMatrix& forces) override;

private:
    struct Bodies { // per worker, axis by axis for vector loads
        std::vector<float> position[D];
        std::vector<float> count;
        void clear();
        void add(const float* at, float weight);
    };
    double group(std::uint32_t cell, Bodies& bodies, RowMatrix& forces) const;
    // The forces on the group's points from its bodies, and their share of Z.
    template <typename Kernel>
    double sum(const typename SpaceTree<D>::Node& home, const Bodies& bodies, RowMatrix& forces,
               Kernel kernel) const;

    double m_theta;
    double m_alpha; // degrees of freedom of the kernel
    bool m_kernelWeighted;
    ThreadPool& m_pool;
    SpaceTree<D> m_tree;
    std::vector<std::uint32_t> m_groups;
    std::vector<Bodies> m_bodies;
    std::vector<double> m_partialZ;
};

} // namespace vecspace
