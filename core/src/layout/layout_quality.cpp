#include "vecspace/layout/layout_quality.h"

#include "layout/subset_knn.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace vecspace {
namespace {

// The caller's progress over [base, base + scale).
ProgressFn part(const ProgressFn& progress, double base, double scale) {
    if (!progress) return {};
    return [&progress, base, scale](double f) { return progress(base + scale * f); };
}

void checkK(std::size_t k, std::size_t rows) {
    if (k == 0 || k >= rows)
        throw std::invalid_argument("layout quality: k must be between 1 and rows - 1 (" +
                                    std::to_string(rows > 0 ? rows - 1 : 0) + "), got " +
                                    std::to_string(k));
}

} // namespace

std::vector<std::size_t> qualitySampleRows(std::size_t rows, std::size_t sample,
                                           std::uint64_t seed) {
    std::vector<std::size_t> all(rows);
    std::iota(all.begin(), all.end(), std::size_t{0});
    if (sample == 0 || sample >= rows) return all;
    // The modulo's bias is below rows / 2^64: immaterial, and unlike
    // std::uniform_int_distribution it is the same in every standard library.
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < sample; ++i)
        std::swap(all[i], all[i + static_cast<std::size_t>(rng() % (rows - i))]);
    all.resize(sample);
    std::sort(all.begin(), all.end());
    return all;
}

double knnPreservation(MatrixView input, const PointIndex& layout,
                       const LayoutQualityOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(input.rows());
    if (rows != layout.size())
        throw std::invalid_argument("layout quality: the input has " + std::to_string(rows) +
                                    " rows, the layout " + std::to_string(layout.size()));
    checkK(options.k, rows);
    const std::vector<std::size_t> queries = qualitySampleRows(rows, options.sample, options.seed);
    // The input side costs queries x rows x dims; the layout side, queries x log(rows).
    const KnnGraph high = exactKnnOfRows(input, queries, options.k, options.metric, options.threads,
                                         part(options.progress, 0.0, 0.9));
    const KnnGraph low =
        layout.knnOfRows(queries, options.k, options.threads, part(options.progress, 0.9, 0.1));
    std::size_t kept = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::uint32_t* a = high.neighbors(i);
        const std::uint32_t* b = low.neighbors(i);
        for (std::size_t j = 0; j < options.k; ++j)
            kept += std::find(b, b + options.k, a[j]) != b + options.k;
    }
    return static_cast<double>(kept) / static_cast<double>(queries.size() * options.k);
}

double knnPreservation(MatrixView input, const RowMatrix& layout,
                       const LayoutQualityOptions& options) {
    if (input.rows() != layout.rows())
        throw std::invalid_argument("layout quality: the input has " +
                                    std::to_string(input.rows()) + " rows, the layout " +
                                    std::to_string(layout.rows()));
    return knnPreservation(input, PointIndex(layout), options);
}

double labelAgreement(const PointIndex& layout, std::span<const std::int32_t> classes,
                      const LayoutQualityOptions& options) {
    const std::size_t rows = layout.size();
    if (classes.size() != rows)
        throw std::invalid_argument("layout quality: " + std::to_string(classes.size()) +
                                    " classes for " + std::to_string(rows) + " rows");
    checkK(options.k, rows);
    const std::vector<std::size_t> queries = qualitySampleRows(rows, options.sample, options.seed);
    const KnnGraph graph = layout.knnOfRows(queries, options.k, options.threads, options.progress);
    std::size_t same = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::uint32_t* n = graph.neighbors(i);
        for (std::size_t j = 0; j < options.k; ++j)
            same += classes[n[j]] == classes[queries[i]];
    }
    return static_cast<double>(same) / static_cast<double>(queries.size() * options.k);
}

double labelAgreement(const RowMatrix& layout, std::span<const std::int32_t> classes,
                      const LayoutQualityOptions& options) {
    return labelAgreement(PointIndex(layout), classes, options);
}

double labelAgreement(const RowMatrix& layout, const std::vector<std::string>& classes,
                      const LayoutQualityOptions& options) {
    std::unordered_map<std::string, std::int32_t> ids;
    std::vector<std::int32_t> numbers;
    numbers.reserve(classes.size());
    for (const std::string& c : classes)
        numbers.push_back(ids.try_emplace(c, static_cast<std::int32_t>(ids.size())).first->second);
    return labelAgreement(layout, numbers, options);
}

} // namespace vecspace
