#include "layout/tsne_locality.h"

#include "base/thread_pool.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace vecspace {
namespace {

constexpr int kBits2D = 16; // 65,536 cells per axis: far finer than any layout's clusters
constexpr int kBits3D = 21;
constexpr std::size_t kRowsPerTask = 4096;

// Position along the Hilbert curve of the cell (x, y) of a 2^bits x 2^bits grid: each quadrant
// is visited whole, and consecutive cells always share an edge.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y, int bits) {
    std::uint64_t d = 0;
    for (std::uint32_t s = std::uint32_t{1} << (bits - 1); s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += std::uint64_t(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) { // rotate the quadrant so the curve's pieces join
            if (rx == 1) {
                x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
                y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
            }
            std::swap(x, y);
        }
    }
    return d;
}

// Bits of v spread to every third position.
std::uint64_t spread3(std::uint64_t v) {
    v &= 0x1FFFFF;
    v = (v | v << 32) & 0x1F00000000FFFFull;
    v = (v | v << 16) & 0x1F0000FF0000FFull;
    v = (v | v << 8) & 0x100F00F00F00F00Full;
    v = (v | v << 4) & 0x10C30C30C30C30C3ull;
    v = (v | v << 2) & 0x1249249249249249ull;
    return v;
}

} // namespace

std::vector<std::uint32_t> spaceFillingOrder(const RowMatrix& layout) {
    const auto n = static_cast<std::size_t>(layout.rows());
    const int dims = static_cast<int>(layout.cols());
    const int bits = dims == 2 ? kBits2D : kBits3D;
    double lo[3], scale[3];
    for (int d = 0; d < dims && d < 3; ++d) {
        const double low = layout.col(d).minCoeff(), high = layout.col(d).maxCoeff();
        lo[d] = low;
        scale[d] = high > low ? (double(std::uint64_t{1} << bits) - 1) / (high - low) : 0.0;
    }
    auto cell = [&](std::size_t i, int d) {
        return static_cast<std::uint32_t>((double(layout(Eigen::Index(i), d)) - lo[d]) * scale[d]);
    };
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t key = 0;
        if (dims == 2)
            key = hilbert(cell(i, 0), cell(i, 1), bits);
        else if (dims == 3)
            key = spread3(cell(i, 0)) << 2 | spread3(cell(i, 1)) << 1 | spread3(cell(i, 2));
        keys[i] = {key, static_cast<std::uint32_t>(i)};
    }
    std::sort(keys.begin(), keys.end()); // ties by row: the order depends on the layout alone
    std::vector<std::uint32_t> order(n);
    for (std::size_t k = 0; k < n; ++k)
        order[k] = keys[k].second;
    return order;
}

TsneAffinities renumberAffinities(const TsneAffinities& p, const std::vector<std::uint32_t>& order,
                                  ThreadPool& pool) {
    TsneAffinities out;
    renumberAffinities(p, order, pool, out);
    return out;
}

void renumberAffinities(const TsneAffinities& p, const std::vector<std::uint32_t>& order,
                        ThreadPool& pool, TsneAffinities& out) {
    const std::size_t n = p.rows;
    std::vector<std::uint32_t> rank(n);
    for (std::size_t k = 0; k < n; ++k)
        rank[order[k]] = static_cast<std::uint32_t>(k);
    out.rows = n;
    out.rowStart.resize(n + 1);
    out.rowStart[0] = 0;
    for (std::size_t k = 0; k < n; ++k)
        out.rowStart[k + 1] = out.rowStart[k] + (p.rowStart[order[k] + 1] - p.rowStart[order[k]]);
    // Every entry is written below: same-size storage is kept as it is.
    out.columns.resize(p.columns.size());
    out.values.resize(p.values.size());
    pool.run((n + kRowsPerTask - 1) / kRowsPerTask, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        for (std::size_t k = task * kRowsPerTask; k < end; ++k) {
            std::size_t to = out.rowStart[k];
            for (std::size_t e = p.rowStart[order[k]]; e < p.rowStart[order[k] + 1]; ++e, ++to) {
                out.columns[to] = rank[p.columns[e]];
                out.values[to] = p.values[e];
            }
        }
    });
}

void renumberRows(RowMatrix& m, const std::vector<std::uint32_t>& order) {
    RowMatrix next(m.rows(), m.cols());
    for (Eigen::Index k = 0; k < m.rows(); ++k)
        next.row(k) = m.row(Eigen::Index(order[std::size_t(k)]));
    m.swap(next);
}

} // namespace vecspace
