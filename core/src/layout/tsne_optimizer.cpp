#include "layout/tsne_optimizer.h"

#include "base/progress_throttle.h"
#include "base/thread_pool.h"
#include "layout/tsne_divergence.h"
#include "layout/tsne_kernel.h"
#include "layout/tsne_locality.h"

#include <algorithm>
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kRowsPerTask = 512;
// Iterations between renumberings (tsne_locality.h): the layout moves little in 100.
constexpr std::size_t kRenumberInterval = 100;
// Accumulators per vector lane in the attractive sum: independent ones let the loop vectorise
// (gathers of the neighbours' coordinates) with the order of additions fixed. 16 measured
// twice as fast as 8 (AVX-512, GCC 12).
constexpr std::size_t kLanes = 16;

// sum over the CSR entries [begin, end) of p_ij (y_i - y_j) / (1 + |y_i - y_j|^2 / a), given
// 1 / a (exactly 1 for the Cauchy kernel, where the product changes no bit), or, KernelWeighted
// (sklearn's force law), of p_ij w_ij (y_i - y_j) with w = (1 + |y_i - y_j|^2 / a)^-a. Everything
// the loop reads is passed in as locals: through members the compiler would have to assume
// aliasing and would not vectorise.
template <int D, bool KernelWeighted>
void attraction(const std::uint32_t* columns, const float* values, std::size_t begin,
                std::size_t end, const float* y, const float* yi, float alpha, float inverseAlpha,
                float* out) {
    float own[D];
    for (int d = 0; d < D; ++d)
        own[d] = yi[d];
    float acc[D][kLanes] = {};
    auto edge = [&](std::size_t e, std::size_t lane) {
        const std::size_t j = columns[e];
        float diff[D], d2 = 0;
        for (int d = 0; d < D; ++d) {
            diff[d] = own[d] - y[j * D + d];
            d2 += diff[d] * diff[d];
        }
        float pw;
        if constexpr (KernelWeighted)
            pw = values[e] * powUnit(1.0f / (1.0f + d2 * inverseAlpha), alpha);
        else
            pw = values[e] / (1.0f + d2 * inverseAlpha);
        for (int d = 0; d < D; ++d)
            acc[d][lane] += pw * diff[d];
    };
    std::size_t e = begin;
    for (; e + kLanes <= end; e += kLanes)
        for (std::size_t lane = 0; lane < kLanes; ++lane)
            edge(e + lane, lane);
    for (std::size_t lane = 0; e + lane < end; ++lane)
        edge(e + lane, lane);
    for (int d = 0; d < D; ++d) {
        float sum = 0;
        for (std::size_t lane = 0; lane < kLanes; ++lane)
            sum += acc[d][lane];
        out[d] = sum;
    }
}

#if defined(__AVX512F__) && defined(__AVX512VL__)
// attraction<2, false> by hand: the compiler's version gathers each coordinate on its own with
// 64-bit indices and keeps the accumulators on the stack. Here one 64-bit gather fetches the
// (x, y) pairs of 8 neighbours, and the sums stay in registers. The same lanes and order of
// additions as the portable loop (at a = 1 the same bits: the same KL to the last digit).
void attraction2(const std::uint32_t* columns, const float* values, std::size_t begin,
                 std::size_t end, const float* y, const float* yi, float inverseAlpha, float* out) {
    const __m512i even =
        _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    const __m512 ownX = _mm512_set1_ps(yi[0]), ownY = _mm512_set1_ps(yi[1]);
    const __m512 one = _mm512_set1_ps(1.0f), scale = _mm512_set1_ps(inverseAlpha);
    // Row j's (x, y) as one 8-byte element j of y.
    __m512 accX = _mm512_setzero_ps(), accY = _mm512_setzero_ps();
    for (std::size_t e = begin; e < end; e += 16) {
        const auto live = static_cast<__mmask16>(end - e >= 16 ? 0xFFFF : (1u << (end - e)) - 1);
        const auto liveLow = static_cast<__mmask8>(live),
                   liveHigh = static_cast<__mmask8>(live >> 8);
        const __m512 p = _mm512_maskz_loadu_ps(live, values + e);
        const __m512d low = _mm512_mask_i32gather_pd(
            _mm512_setzero_pd(), liveLow, _mm256_maskz_loadu_epi32(liveLow, columns + e), y, 8);
        const __m512d high =
            _mm512_mask_i32gather_pd(_mm512_setzero_pd(), liveHigh,
                                     _mm256_maskz_loadu_epi32(liveHigh, columns + e + 8), y, 8);
        const __m512 a = _mm512_castpd_ps(low), b = _mm512_castpd_ps(high);
        const __m512 dx = _mm512_sub_ps(ownX, _mm512_permutex2var_ps(a, even, b));
        const __m512 dy = _mm512_sub_ps(ownY, _mm512_permutex2var_ps(a, odd, b));
        const __m512 d2 = _mm512_fmadd_ps(dy, dy, _mm512_mul_ps(dx, dx));
        // Masked lanes have p = 0 and add exact zeros, as the portable loop's unused lanes do.
        const __m512 pw = _mm512_div_ps(p, _mm512_add_ps(one, _mm512_mul_ps(d2, scale)));
        accX = _mm512_fmadd_ps(pw, dx, accX);
        accY = _mm512_fmadd_ps(pw, dy, accY);
    }
    alignas(64) float lanes[2][16];
    _mm512_store_ps(lanes[0], accX);
    _mm512_store_ps(lanes[1], accY);
    for (int d = 0; d < 2; ++d) {
        float sum = 0;
        for (std::size_t lane = 0; lane < 16; ++lane)
            sum += lanes[d][lane];
        out[d] = sum;
    }
}
#endif

} // namespace

TsneOptimizer::TsneOptimizer(TsneAffinities&& p, std::size_t dims, const TsneOptions& options,
                             ThreadPool& pool)
    : TsneOptimizer(static_cast<const TsneAffinities&>(p), dims, options, pool) {
    m_local = std::move(p);
    m_p = &m_local;
}

TsneOptimizer::TsneOptimizer(const TsneAffinities& p, std::size_t dims, const TsneOptions& options,
                             ThreadPool& pool)
    : m_p(&p), m_dims(dims), m_options(options), m_pool(pool),
      m_method(resolveTsneMethod(options, p.rows, dims)),
      m_alpha(resolveTsneDegreesOfFreedom(options, dims)),
      m_forceLaw(resolveTsneForceLaw(options, dims, m_method)),
      m_exaggeration(resolveTsneEarlyExaggeration(options, dims)) {
    if (!(options.learningRate >= 0))
        throw std::invalid_argument("t-SNE: the learning rate must not be negative");
    if (!(options.maxStepNorm >= 0) || !std::isfinite(options.maxStepNorm))
        throw std::invalid_argument("t-SNE: the longest step must be finite and not negative");
    m_learningRate = options.learningRate > 0 ? options.learningRate
                                              : std::max(double(p.rows) / m_exaggeration, 200.0);
    m_repulsion = makeTsneRepulsion(m_method, dims, options, pool);
}

TsneOptimizer::~TsneOptimizer() = default;

template <int D>
void TsneOptimizer::step(const RowMatrix& from, RowMatrix& to, double z, float exaggeration,
                         float momentum) {
    const std::size_t n = m_p->rows;
    const float* y = from.data();
    const float inverseZ = static_cast<float>(1.0 / z);
    const auto alpha = static_cast<float>(m_alpha);
    const auto inverseAlpha = static_cast<float>(1.0 / m_alpha);
    // For a = 1 both laws are p b: the Cauchy kernel's division, to the bit.
    const bool kernelWeighted = m_forceLaw == TsneForceLaw::KernelWeighted && m_alpha != 1.0;
    const auto rate = static_cast<float>(m_learningRate);
    const auto minGain = static_cast<float>(m_options.minGain);
    const auto maxStep = static_cast<float>(m_options.maxStepNorm);
    const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
    m_pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        for (std::size_t i = task * kRowsPerTask; i < end; ++i) {
            float yi[D];
            for (int d = 0; d < D; ++d)
                yi[d] = y[i * D + d];
            float pull[D];
            if (kernelWeighted)
                attraction<D, true>(m_p->columns.data(), m_p->values.data(), m_p->rowStart[i],
                                    m_p->rowStart[i + 1], y, yi, alpha, inverseAlpha, pull);
#if defined(__AVX512F__) && defined(__AVX512VL__)
            else if constexpr (D == 2)
                attraction2(m_p->columns.data(), m_p->values.data(), m_p->rowStart[i],
                            m_p->rowStart[i + 1], y, yi, inverseAlpha, pull);
#endif
            else
                attraction<D, false>(m_p->columns.data(), m_p->values.data(), m_p->rowStart[i],
                                     m_p->rowStart[i + 1], y, yi, alpha, inverseAlpha, pull);
            const auto r = static_cast<Eigen::Index>(i);
            float step[D], length2 = 0;
            for (int d = 0; d < D; ++d) {
                const float gradient = exaggeration * pull[d] - m_forces(r, d) * inverseZ;
                float& gain = m_gains(r, d);
                const float update = m_update(r, d);
                gain = (update * gradient < 0.0f) ? gain + 0.2f : gain * 0.8f;
                gain = std::max(gain, minGain);
                step[d] = momentum * update - rate * gain * gradient;
                length2 += step[d] * step[d];
            }
            // The shortened step is also the momentum carried on, as in openTSNE.
            const float shorten =
                maxStep > 0 && length2 > maxStep * maxStep ? maxStep / std::sqrt(length2) : 1.0f;
            for (int d = 0; d < D; ++d) {
                m_update(r, d) = step[d] * shorten;
                to(r, d) = yi[d] + m_update(r, d);
            }
        }
    });
}

void TsneOptimizer::renumber(RowMatrix& layout) {
    const std::vector<std::uint32_t> order = spaceFillingOrder(layout);
    // Into the spare, which after the first time holds the P before last: the two swap roles.
    renumberAffinities(*m_p, order, m_pool, m_spare);
    std::swap(m_local, m_spare);
    m_p = &m_local;
    renumberRows(layout, order);
    renumberRows(m_update, order);
    renumberRows(m_gains, order);
    if (m_order.empty()) {
        m_order = order;
    } else {
        std::vector<std::uint32_t> composed(order.size());
        for (std::size_t k = 0; k < order.size(); ++k)
            composed[k] = m_order[order[k]];
        m_order.swap(composed);
    }
}

const RowMatrix& TsneOptimizer::inInputOrder(const RowMatrix& layout) {
    if (m_order.empty()) return layout;
    m_ordered.resize(layout.rows(), layout.cols());
    for (Eigen::Index k = 0; k < layout.rows(); ++k)
        m_ordered.row(Eigen::Index(m_order[std::size_t(k)])) = layout.row(k);
    return m_ordered;
}

double TsneOptimizer::run(RowMatrix& layout, double progressBase, double progressScale) {
    const std::size_t n = m_p->rows;
    if (static_cast<std::size_t>(layout.rows()) != n ||
        static_cast<std::size_t>(layout.cols()) != m_dims)
        throw std::invalid_argument("t-SNE: the initial layout must be rows x dimensions");
    const auto rows = static_cast<Eigen::Index>(n), cols = static_cast<Eigen::Index>(m_dims);
    m_forces.resize(rows, cols);
    m_next.resize(rows, cols);
    ProgressThrottle throttle(m_options.progress);
    const double negativeEntropy = affinityNegativeEntropy(*m_p);
    auto divergence = [&](const RowMatrix& y, double z) {
        return negativeEntropy + affinityLogKernelSum(*m_p, y, m_alpha, m_pool) + std::log(z);
    };
    auto report = [&](const RowMatrix& y, std::size_t iteration, double kl) {
        if (m_options.callback && !m_options.callback(TsneSnapshot{y, iteration, kl}))
            throw Cancelled();
    };
    const std::size_t total = m_options.iterations;
    const std::size_t interval = m_options.callbackInterval;
    const std::size_t exaggerated = m_options.earlyExaggerationIterations;
    for (std::size_t t = 0; t < total; ++t) {
        if (t == 0 || t == exaggerated) { // sklearn starts each phase afresh
            m_update.setZero(rows, cols);
            m_gains.setOnes(rows, cols);
        }
        if (renumbersRows(m_options, n) && t % kRenumberInterval == 0) renumber(layout);
        const bool early = t < exaggerated;
        const double z = m_repulsion->compute(layout, m_forces);
        const auto exaggeration = static_cast<float>(early ? m_exaggeration : 1.0);
        const auto momentum =
            static_cast<float>(early ? m_options.initialMomentum : m_options.finalMomentum);
        if (m_dims == 2)
            step<2>(layout, m_next, z, exaggeration, momentum);
        else
            step<3>(layout, m_next, z, exaggeration, momentum);
        if (m_options.callback && interval > 0 && t % interval == 0)
            report(inInputOrder(layout), t, divergence(layout, z));
        layout.swap(m_next);
        throttle.report(progressBase + progressScale * double(t + 1) / double(total));
    }
    const double kl = divergence(layout, m_repulsion->compute(layout, m_forces));
    if (!m_order.empty()) {
        layout = inInputOrder(layout);
        m_ordered.resize(0, 0);
    }
    report(layout, total, kl);
    throttle.force(progressBase + progressScale);
    return kl;
}

} // namespace vecspace
