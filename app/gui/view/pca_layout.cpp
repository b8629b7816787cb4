#include "pca_layout.h"

#include "vecspace/layout/pca.h"

#include <algorithm>
#include <chrono>
#include <exception>

PcaLayout computePcaLayout(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    const auto start = std::chrono::steady_clock::now();
    PcaLayout layout;
    layout.set = std::move(set);
    const vecspace::EmbeddingSet& data = *layout.set;
    const std::size_t rows = data.rows();
    const std::size_t components = std::min({std::size_t(3), rows, data.dims()});
    layout.xyz.assign(rows * 3, 0.0f);
    if (components == 0) return layout;
    try {
        vecspace::PcaOptions options;
        options.components = components;
        const vecspace::PcaResult pca = vecspace::computePca(data.vectors, options);
        for (std::size_t row = 0; row < rows; ++row)
            for (std::size_t c = 0; c < components; ++c)
                layout.xyz[row * 3 + c] = pca.coordinates(Eigen::Index(row), Eigen::Index(c));
        for (std::size_t c = 0; c < components; ++c) {
            layout.explainedVariance.push_back(pca.explainedVariance(Eigen::Index(c)));
            layout.explainedVarianceRatio.push_back(pca.explainedVarianceRatio(Eigen::Index(c)));
        }
    } catch (const std::exception& error) {
        layout.error = QString::fromUtf8(error.what());
        layout.xyz.clear();
    }
    layout.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return layout;
}
