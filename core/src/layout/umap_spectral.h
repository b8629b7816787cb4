#pragma once

#include "layout/umap_graph.h"
#include "vecspace/base/progress.h"

#include <Eigen/Core>
#include <cstdint>

namespace vecspace {

struct SpectralOptions {
    std::size_t components = 2;
    std::uint64_t seed = 0; // the Lanczos start vector
    // Converged when every wanted Ritz pair has ||M v - theta v|| below this (M = D^-1/2 W
    // D^-1/2, spectrum in [-1, 1]). umap-learn asks ARPACK for 1e-4, the same test.
    double tolerance = 1e-4;
    // The work cap for graphs whose smallest eigenvalues crowd together (large kNN graphs):
    // the solver then returns its best Ritz vectors, smooth vectors good enough to start from.
    std::size_t maxMatvecs = 3000;
    std::size_t basisSize = 40; // Lanczos vectors kept between restarts, at most
    // Graphs up to this many vertices go to the dense eigensolver (n^3 work: small, since a
    // fragmented graph can have many such components).
    std::size_t denseLimit = 100;
    unsigned threads = 0;
    ProgressFn progress; // fraction of maxMatvecs; false cancels
};

struct SpectralResult {
    Eigen::MatrixXd vectors;     // vertices x components, unit columns
    Eigen::VectorXd eigenvalues; // of the normalised Laplacian I - M, ascending, trivial excluded
    std::size_t matvecs = 0;
    double residual = 0; // the largest ||M v - theta v|| among the returned pairs
    bool converged = true;
};

// Eigenvectors of the normalised Laplacian I - D^-1/2 W D^-1/2 of a connected graph for its
// smallest eigenvalues above the trivial 0 (whose eigenvector D^1/2 1 is projected out), by
// thick-restart Lanczos (Wu and Simon 2000) with full reorthogonalisation on M, whose top
// eigenvalues are the Laplacian's bottom ones. Each vector is signed so that its entry of
// largest magnitude is positive. Needs at least components + 2 vertices.
SpectralResult laplacianEigenvectors(const SparseGraph& graph, const SpectralOptions& options);

} // namespace vecspace
