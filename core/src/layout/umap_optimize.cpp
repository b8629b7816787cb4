#include "layout/umap_optimize.h"

#include "base/progress_throttle.h"
#include "layout/umap_random.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kVertexBlock = 256;

// x^y for normal x > 0 as 2^(y log2 x), each through a short series on the float's mantissa
// and exponent: relative error below 1e-5 (a few 1e-7 for squared distances of layouts) at a
// fraction of the time of libm's powf, which would otherwise take half the time of an epoch.
inline float fastPow(float x, float y) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    int exponent = static_cast<int>((bits >> 23) & 0xffu) - 127;
    bits = (bits & 0x7fffffu) | 0x3f800000u;
    float m;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.41421356f) {
        m *= 0.5f;
        ++exponent;
    }
    // ln m = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172.
    const float t = (m - 1.0f) / (m + 1.0f);
    const float t2 = t * t;
    const float lnM = 2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7))));
    float z = y * (static_cast<float>(exponent) + lnM * 1.44269504f);
    z = std::min(126.0f, std::max(-126.0f, z));
    const float whole = std::nearbyint(z);
    const float f = (z - whole) * 0.69314718f; // |f| <= ln 2 / 2
    const float e =
        1.0f +
        f * (1.0f +
             f * (0.5f + f * (1.0f / 6 + f * (1.0f / 24 + f * (1.0f / 120 + f * (1.0f / 720))))));
    const std::uint32_t scaleBits = static_cast<std::uint32_t>(static_cast<int>(whole) + 127) << 23;
    float scale;
    std::memcpy(&scale, &scaleBits, sizeof scale);
    return e * scale;
}

inline float clip(float value) {
    return value > 4.0f ? 4.0f : (value < -4.0f ? -4.0f : value);
}

// Per-edge sampling schedule (umap-learn's epochs_per_sample and the two "next" counters).
struct Schedule {
    std::vector<float> epochsPerSample;
    std::vector<float> nextSample;
    std::vector<float> nextNegative;
};

Schedule makeSchedule(const SparseGraph& graph, double negativeSampleRate) {
    Schedule s;
    const std::size_t edges = graph.edges();
    const float maxWeight =
        edges ? *std::max_element(graph.weights.begin(), graph.weights.end()) : 1.0f;
    s.epochsPerSample.resize(edges);
    s.nextSample.resize(edges);
    s.nextNegative.resize(edges);
    for (std::size_t e = 0; e < edges; ++e) {
        s.epochsPerSample[e] = maxWeight / graph.weights[e];
        s.nextSample[e] = s.epochsPerSample[e];
        s.nextNegative[e] = s.epochsPerSample[e] / static_cast<float>(negativeSampleRate);
    }
    return s;
}

// One epoch's work for a range of head vertices. umap-learn's SGD is sequential (Hogwild when
// parallel, and then not reproducible); here every vertex is owned by one task:
// - a vertex reads every other vertex from the previous epoch's layout and writes only its own
//   row of the next one, so tasks share nothing and the result does not depend on threads;
// - the graph is symmetric, so an edge's other end still moves, through its own copy of the
//   edge. umap-learn moves both ends of both copies, so each end gets two pulls per sample: the
//   head's pull here counts twice;
// - the negative samples are a hash of (seed, epoch, edge, sample), not a shared stream;
// - an edge sample's pull and its negative samples are evaluated at the same head position and
//   summed (each term clipped to [-4, 4] as umap-learn clips it), instead of one after another:
//   the terms are then independent, which lets the CPU overlap them (3-4 times faster than
//   the serial chain through the head position) at no measurable cost in quality.
template <int Dim> class EpochRunner {
public:
    EpochRunner(const SparseGraph& graph, Schedule& schedule, const UmapOptimizeOptions& options)
        : m_graph(graph), m_schedule(schedule), m_seed(options.seed),
          m_a(static_cast<float>(options.a)), m_b(static_cast<float>(options.b)),
          m_gamma(static_cast<float>(options.gamma)),
          m_negativeRate(static_cast<float>(options.negativeSampleRate)) {}

    void run(std::size_t epoch, float alpha, const float* previous, float* next, std::size_t first,
             std::size_t last) const {
        for (std::size_t i = first; i < last; ++i) {
            float self[Dim];
            for (int d = 0; d < Dim; ++d)
                self[d] = previous[i * Dim + d];
            for (std::size_t e = m_graph.rowStart[i]; e < m_graph.rowStart[i + 1]; ++e)
                if (m_schedule.nextSample[e] <= static_cast<float>(epoch))
                    sampleEdge(i, e, epoch, alpha, previous, self);
            for (int d = 0; d < Dim; ++d)
                next[i * Dim + d] = self[d];
        }
    }

private:
    static constexpr int kLanes = 8;

    void sampleEdge(std::size_t i, std::size_t e, std::size_t epoch, float alpha,
                    const float* previous, float* self) const {
        // umap-learn's bookkeeping: the next sample epoch_per_sample later, and as many negative
        // samples as have fallen due since the last one at rate negative_sample_rate.
        const auto n = static_cast<float>(epoch);
        m_schedule.nextSample[e] += m_schedule.epochsPerSample[e];
        const float perNegative = m_schedule.epochsPerSample[e] / m_negativeRate;
        const int negatives = m_negativeRate > 0
                                  ? static_cast<int>((n - m_schedule.nextNegative[e]) / perNegative)
                                  : 0;
        if (negatives > 0)
            m_schedule.nextNegative[e] += static_cast<float>(negatives) * perNegative;
        const std::uint64_t stream =
            umaprandom::hash(m_seed, umaprandom::kNegativeSamples, epoch * m_graph.edges() + e);
        const auto vertices = static_cast<std::uint32_t>(m_graph.rows);

        // Term 0 is the pull along the edge, terms 1..negatives the pushes, kLanes at a time.
        for (int start = 0; start <= negatives; start += kLanes) {
            const int count = std::min(kLanes, negatives + 1 - start);
            float diff[Dim][kLanes];
            float dist2[kLanes];
            float keep[kLanes]; // 0 for a negative sample that drew the vertex itself
            for (int l = 0; l < count; ++l) {
                const int term = start + l;
                const std::uint32_t k =
                    term == 0 ? m_graph.cols[e]
                              : umaprandom::below(umaprandom::mix(stream + 0x9e3779b97f4a7c15ULL *
                                                                               unsigned(term)),
                                                  vertices);
                keep[l] = k == i ? 0.0f : 1.0f;
                const float* other = previous + std::size_t(k) * Dim;
                dist2[l] = 0;
                for (int d = 0; d < Dim; ++d) {
                    diff[d][l] = self[d] - other[d];
                    dist2[l] += diff[d][l] * diff[d][l];
                }
            }
            float coeff[kLanes];
            for (int l = 0; l < count; ++l) {
                const float x = dist2[l] > 0 ? dist2[l] : 1.0f;
                const float p = fastPow(x, m_b);
                const float pull = -2.0f * 2.0f * m_a * m_b * (p / x) / (m_a * p + 1.0f);
                const float push = 2.0f * m_gamma * m_b / ((0.001f + x) * (m_a * p + 1.0f));
                coeff[l] = start + l == 0 ? (dist2[l] > 0 ? pull : 0.0f) : push;
            }
            float step[Dim] = {};
            for (int l = 0; l < count; ++l) {
                // Two vertices on the same spot: umap-learn pushes by the clip limit.
                const bool stacked = start + l > 0 && !(dist2[l] > 0);
                for (int d = 0; d < Dim; ++d)
                    step[d] += keep[l] * (stacked ? 4.0f : clip(coeff[l] * diff[d][l]));
            }
            for (int d = 0; d < Dim; ++d)
                self[d] += step[d] * alpha;
        }
    }

    const SparseGraph& m_graph;
    Schedule& m_schedule; // each edge is touched only by the task that owns its head
    std::uint64_t m_seed;
    float m_a;
    float m_b;
    float m_gamma;
    float m_negativeRate;
};

template <int Dim>
void optimize(RowMatrix& embedding, const SparseGraph& graph, const UmapOptimizeOptions& options) {
    const std::size_t rows = graph.rows;
    Schedule schedule = makeSchedule(graph, options.negativeSampleRate);
    const EpochRunner<Dim> runner(graph, schedule, options);
    std::vector<float> buffers[2];
    buffers[0].assign(embedding.data(), embedding.data() + rows * Dim);
    buffers[1].resize(rows * Dim);

    const std::size_t blocks = (rows + kVertexBlock - 1) / kVertexBlock;
    const bool serial = resolveThreads(options.threads) == 1 || blocks == 1;
    ParallelOptions parallel;
    parallel.threads = options.threads;
    ProgressThrottle throttle(options.progress);
    const std::size_t epochs = options.epochs;
    const std::size_t interval = std::max<std::size_t>(options.epochInterval, 1);
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
        // umap-learn lowers the rate after each epoch, so the first two run at the full rate.
        const double done = epoch == 0 ? 0.0 : static_cast<double>(epoch - 1);
        const auto alpha =
            static_cast<float>(options.learningRate * (1.0 - done / static_cast<double>(epochs)));
        const float* previous = buffers[epoch % 2].data();
        float* next = buffers[(epoch + 1) % 2].data();
        auto block = [&](std::size_t b) {
            runner.run(epoch, alpha, previous, next, b * kVertexBlock,
                       std::min(rows, (b + 1) * kVertexBlock));
        };
        if (serial) {
            for (std::size_t b = 0; b < blocks; ++b)
                block(b);
        } else {
            parallelFor(blocks, block, parallel);
        }
        const std::vector<float>& current = buffers[(epoch + 1) % 2];
        if (options.onEpoch && ((epoch + 1) % interval == 0 || epoch + 1 == epochs)) {
            std::copy(current.begin(), current.end(), embedding.data());
            if (!options.onEpoch(embedding, epoch + 1)) throw Cancelled();
        }
        if (epoch + 1 == epochs)
            throttle.force(1.0);
        else
            throttle.report(static_cast<double>(epoch + 1) / static_cast<double>(epochs));
    }
    const std::vector<float>& final = buffers[epochs % 2];
    std::copy(final.begin(), final.end(), embedding.data());
}

} // namespace

void optimizeLayout(RowMatrix& embedding, const SparseGraph& graph,
                    const UmapOptimizeOptions& options) {
    if (static_cast<std::size_t>(embedding.rows()) != graph.rows)
        throw std::invalid_argument("UMAP: the layout and the graph differ in rows");
    if (embedding.cols() == 2)
        optimize<2>(embedding, graph, options);
    else if (embedding.cols() == 3)
        optimize<3>(embedding, graph, options);
    else
        throw std::invalid_argument("UMAP: layouts have 2 or 3 components");
}

} // namespace vecspace
