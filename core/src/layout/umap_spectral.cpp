#include "layout/umap_spectral.h"

#include "base/progress_throttle.h"
#include "layout/umap_random.h"
#include "vecspace/base/parallel.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kRowBlock = 8192;

// y = D^-1/2 W D^-1/2 x, split into fixed row blocks so that the sums do not depend on threads.
class NormalizedAdjacency {
public:
    NormalizedAdjacency(const SparseGraph& graph, unsigned threads)
        : m_graph(graph), m_threads(threads), m_scale(static_cast<Eigen::Index>(graph.rows)) {
        for (std::size_t i = 0; i < graph.rows; ++i) {
            double degree = 0;
            for (std::size_t e = graph.rowStart[i]; e < graph.rowStart[i + 1]; ++e)
                degree += graph.weights[e];
            m_scale[static_cast<Eigen::Index>(i)] = degree > 0 ? 1.0 / std::sqrt(degree) : 0.0;
        }
    }

    // The trivial eigenvector D^1/2 1, normalised (eigenvalue 1 of M).
    Eigen::VectorXd trivial() const {
        Eigen::VectorXd u = m_scale.unaryExpr([](double s) { return s > 0 ? 1.0 / s : 0.0; });
        return u / u.norm();
    }

    void apply(const Eigen::VectorXd& x, Eigen::VectorXd& y) const {
        const std::size_t rows = m_graph.rows;
        y.resize(static_cast<Eigen::Index>(rows));
        auto block = [&](std::size_t b) {
            const std::size_t end = std::min(rows, (b + 1) * kRowBlock);
            for (std::size_t i = b * kRowBlock; i < end; ++i) {
                double sum = 0;
                for (std::size_t e = m_graph.rowStart[i]; e < m_graph.rowStart[i + 1]; ++e) {
                    const auto j = static_cast<Eigen::Index>(m_graph.cols[e]);
                    sum += static_cast<double>(m_graph.weights[e]) * m_scale[j] * x[j];
                }
                y[static_cast<Eigen::Index>(i)] = m_scale[static_cast<Eigen::Index>(i)] * sum;
            }
        };
        const std::size_t blocks = (rows + kRowBlock - 1) / kRowBlock;
        if (blocks == 1 || resolveThreads(m_threads) == 1) {
            for (std::size_t b = 0; b < blocks; ++b)
                block(b);
            return;
        }
        ParallelOptions parallel;
        parallel.threads = m_threads;
        parallelFor(blocks, block, parallel);
    }

    Eigen::MatrixXd dense() const {
        const auto n = static_cast<Eigen::Index>(m_graph.rows);
        Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (std::size_t e = m_graph.rowStart[static_cast<std::size_t>(i)];
                 e < m_graph.rowStart[static_cast<std::size_t>(i) + 1]; ++e) {
                const auto j = static_cast<Eigen::Index>(m_graph.cols[e]);
                m(i, j) += m_scale[i] * static_cast<double>(m_graph.weights[e]) * m_scale[j];
            }
        return m;
    }

private:
    const SparseGraph& m_graph;
    unsigned m_threads;
    Eigen::VectorXd m_scale;
};

void fixSigns(Eigen::MatrixXd& vectors) {
    for (Eigen::Index c = 0; c < vectors.cols(); ++c) {
        Eigen::Index largest = 0;
        vectors.col(c).cwiseAbs().maxCoeff(&largest);
        if (vectors(largest, c) < 0) vectors.col(c) = -vectors.col(c);
    }
}

SpectralResult denseSolve(const NormalizedAdjacency& op, std::size_t components) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(op.dense());
    const Eigen::Index n = solver.eigenvalues().size();
    const auto k = static_cast<Eigen::Index>(components);
    SpectralResult out;
    out.vectors.resize(n, k);
    out.eigenvalues.resize(k);
    // Ascending eigenvalues of M: the last is the trivial 1, the ones before it are wanted.
    for (Eigen::Index c = 0; c < k; ++c) {
        out.vectors.col(c) = solver.eigenvectors().col(n - 2 - c);
        out.eigenvalues[c] = 1.0 - solver.eigenvalues()[n - 2 - c];
    }
    return out;
}

// w minus its components along u and the first `count` columns of V, twice when the first pass
// cancelled most of w (Kahan's "twice is enough"); the coefficients removed go to h.
void orthogonalize(Eigen::VectorXd& w, const Eigen::MatrixXd& v, Eigen::Index count,
                   const Eigen::VectorXd& u, Eigen::VectorXd& h) {
    h = Eigen::VectorXd::Zero(count);
    for (int pass = 0; pass < 2; ++pass) {
        const double before = w.norm();
        w -= u.dot(w) * u;
        const Eigen::VectorXd c = v.leftCols(count).transpose() * w;
        w.noalias() -= v.leftCols(count) * c;
        h += c;
        if (w.norm() > 0.7 * before) break;
    }
}

Eigen::VectorXd randomUnit(Eigen::Index n, std::uint64_t seed, std::uint64_t round,
                           const Eigen::MatrixXd& v, Eigen::Index count, const Eigen::VectorXd& u) {
    Eigen::VectorXd x(n);
    for (Eigen::Index i = 0; i < n; ++i)
        x[i] = umaprandom::normal(seed + round, umaprandom::kEigenStart,
                                  static_cast<std::uint64_t>(i));
    Eigen::VectorXd h;
    orthogonalize(x, v, count, u, h);
    return x / x.norm();
}

} // namespace

SpectralResult laplacianEigenvectors(const SparseGraph& graph, const SpectralOptions& options) {
    const auto n = static_cast<Eigen::Index>(graph.rows);
    const auto k = static_cast<Eigen::Index>(options.components);
    if (k < 1 || n < k + 2)
        throw std::invalid_argument("spectral layout: needs at least components + 2 vertices");
    const NormalizedAdjacency op(graph, options.threads);
    if (graph.rows <= options.denseLimit) {
        SpectralResult out = denseSolve(op, options.components);
        fixSigns(out.vectors);
        return out;
    }

    // Basis of m vectors (the trivial one excluded, so at most n - 1); on restart the l best Ritz
    // vectors stay (Wu and Simon's thick restart: no information about them is lost).
    const Eigen::Index m = std::min<Eigen::Index>(
        n - 1, std::max<Eigen::Index>(static_cast<Eigen::Index>(options.basisSize), 2 * k + 4));
    const Eigen::Index keep = std::min<Eigen::Index>(m - 1, std::max<Eigen::Index>(k + 2, m / 2));
    const Eigen::VectorXd u = op.trivial();
    Eigen::MatrixXd v(n, m);
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(m, m);
    v.col(0) = randomUnit(n, options.seed, 0, v, 0, u);

    ProgressThrottle throttle(options.progress);
    SpectralResult out;
    Eigen::VectorXd w;
    Eigen::VectorXd coefficients;
    Eigen::Index filled = 0;
    std::uint64_t restarts = 1;
    for (;;) {
        double beta = 0;
        for (Eigen::Index j = filled; j < m; ++j) {
            op.apply(v.col(j), w);
            ++out.matvecs;
            orthogonalize(w, v, j + 1, u, coefficients);
            h.col(j).head(j + 1) = coefficients;
            h.row(j).head(j + 1) = coefficients.transpose();
            beta = w.norm();
            if (j + 1 == m) break;
            // An invariant subspace: continue with a fresh direction (coupling 0).
            v.col(j + 1) = beta > 1e-10 ? Eigen::VectorXd(w / beta)
                                        : randomUnit(n, options.seed, restarts++, v, j + 1, u);
        }
        throttle.report(static_cast<double>(out.matvecs) / static_cast<double>(options.maxMatvecs));

        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(h);
        // Ascending: the wanted pairs are the last k; residual of pair c is beta * |y_m(c)|.
        out.residual = 0;
        for (Eigen::Index c = m - k; c < m; ++c)
            out.residual = std::max(out.residual, beta * std::abs(ritz.eigenvectors()(m - 1, c)));
        const bool done = out.residual <= options.tolerance || beta <= 1e-10;
        if (done || out.matvecs >= options.maxMatvecs) {
            out.converged = done;
            out.vectors.resize(n, k);
            out.eigenvalues.resize(k);
            for (Eigen::Index c = 0; c < k; ++c) {
                out.vectors.col(c) = v * ritz.eigenvectors().col(m - 1 - c);
                out.vectors.col(c).normalize();
                out.eigenvalues[c] = 1.0 - ritz.eigenvalues()[m - 1 - c];
            }
            break;
        }
        const Eigen::MatrixXd kept = v * ritz.eigenvectors().rightCols(keep);
        v.leftCols(keep) = kept;
        v.col(keep) = w / beta;
        h.setZero();
        h.topLeftCorner(keep, keep).diagonal() = ritz.eigenvalues().tail(keep);
        filled = keep;
    }
    fixSigns(out.vectors);
    return out;
}

} // namespace vecspace
