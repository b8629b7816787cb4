// Times the k-NN graph (exact and HNSW) on one embedding file and measures the HNSW graph's
// recall against exact neighbours: of every row, or with --sample S of S evenly spaced rows
// found by a brute-force scan here (squared distances from dot products; exact up to
// rounding). Prints one JSON object per method.
//   knn_bench FILE [--limit N] [--k K] [--metric euclidean|cosine] [--method exact|hnsw|both]
//             [--m M] [--efc EF] [--ef EF] [--ef-per-k X] [--refine CANDIDATES] [--threads T]
//             [--seed S] [--sample S] [--dump-first N]
#include "guarded_main.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/knn_graph.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Exact k nearest other rows of the sampled rows: one matrix product per sampled row.
std::vector<std::vector<std::uint32_t>> sampledExact(vecspace::MatrixView data,
                                                     const std::vector<std::size_t>& sample,
                                                     std::size_t k, bool cosine) {
    vecspace::RowMatrix m(data);
    if (cosine)
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            if (const float n = m.row(i).norm(); n > 0) m.row(i) /= n;
    const Eigen::VectorXf norms = m.rowwise().squaredNorm();
    std::vector<std::vector<std::uint32_t>> out;
    std::vector<std::pair<float, std::uint32_t>> scored(static_cast<std::size_t>(m.rows()));
    for (std::size_t q = 0; q < sample.size(); ++q) {
        const Eigen::VectorXf dots = m * m.row(static_cast<Eigen::Index>(sample[q])).transpose();
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            const float dot = dots[r];
            const float d = cosine ? 1.0f - dot : norms[r] - 2 * dot;
            scored[static_cast<std::size_t>(r)] = {d, static_cast<std::uint32_t>(r)};
        }
        std::erase_if(scored, [&](const auto& s) { return s.second == sample[q]; });
        std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k),
                          scored.end());
        std::vector<std::uint32_t> ids;
        for (std::size_t j = 0; j < k; ++j)
            ids.push_back(scored[j].second);
        out.push_back(std::move(ids));
        scored.resize(static_cast<std::size_t>(m.rows()));
    }
    return out;
}

} // namespace

int run(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') {
        std::fprintf(stderr,
                     "usage: knn_bench FILE [--limit N] [--k K] [--metric euclidean|cosine] "
                     "[--method exact|hnsw|both] [--m M] [--efc EF] [--ef EF] "
                     "[--ef-per-k X] [--refine CANDIDATES] [--threads T] [--seed S] [--sample S] "
                     "[--dump-first N]\n");
        return 2;
    }
    vecspace::LoadOptions load;
    vecspace::KnnOptions options;
    std::string method = "both";
    std::size_t sample = 0, dumpFirst = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--limit")
            load.limit = std::stoul(value);
        else if (flag == "--k")
            options.k = std::stoul(value);
        else if (flag == "--metric")
            options.metric = std::strcmp(value, "cosine") == 0
                                 ? vecspace::DistanceMetric::Cosine
                                 : vecspace::DistanceMetric::Euclidean;
        else if (flag == "--method")
            method = value;
        else if (flag == "--m")
            options.hnswM = std::stoul(value);
        else if (flag == "--efc")
            options.hnswEfConstruction = std::stoul(value);
        else if (flag == "--ef")
            options.hnswEfSearch = std::stoul(value);
        else if (flag == "--ef-per-k")
            options.hnswEfSearchPerK = std::stod(value);
        else if (flag == "--refine")
            options.hnswRefineCandidates = std::stoul(value);
        else if (flag == "--threads")
            options.threads = static_cast<unsigned>(std::stoul(value));
        else if (flag == "--seed")
            options.seed = std::stoull(value);
        else if (flag == "--sample")
            sample = std::stoul(value);
        else if (flag == "--dump-first")
            dumpFirst = std::stoul(value);
        else {
            std::fprintf(stderr, "unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const vecspace::EmbeddingSet set = vecspace::loadEmbeddings(argv[1], load);
    const bool cosine = options.metric == vecspace::DistanceMetric::Cosine;
    const char* metric = cosine ? "cosine" : "euclidean";

    vecspace::KnnGraph exact;
    if (method == "exact" || (method == "both" && sample == 0)) {
        options.method = vecspace::KnnMethod::Exact;
        const auto start = std::chrono::steady_clock::now();
        exact = vecspace::computeKnnGraph(set.vectors, options);
        const double seconds = secondsSince(start);
        std::printf("{\"method\":\"exact\",\"rows\":%zu,\"dims\":%zu,\"k\":%zu,\"metric\":\"%s\","
                    "\"seconds\":%.3f",
                    set.rows(), set.dims(), options.k, metric, seconds);
        // The first rows' neighbours, for a comparison with another tool's graph.
        if (dumpFirst > 0) {
            std::printf(",\"first\":[");
            for (std::size_t r = 0; r < std::min(dumpFirst, exact.rows); ++r) {
                std::printf(r ? ",[" : "[");
                for (std::size_t j = 0; j < exact.k; ++j)
                    std::printf(j ? ",%u" : "%u", exact.neighbors(r)[j]);
                std::printf("]");
            }
            std::printf("]");
        }
        std::printf("}\n");
        std::fflush(stdout);
    }
    if (method == "hnsw" || method == "both") {
        options.method = vecspace::KnnMethod::Hnsw;
        const auto start = std::chrono::steady_clock::now();
        const vecspace::KnnGraph graph = vecspace::computeKnnGraph(set.vectors, options);
        const double seconds = secondsSince(start);
        double recall = -1;
        if (sample > 0) {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < sample; ++i)
                rows.push_back(i * set.rows() / sample);
            const auto truth = sampledExact(set.vectors, rows, options.k, cosine);
            std::size_t hits = 0;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const std::uint32_t* found = graph.neighbors(rows[i]);
                for (const std::uint32_t id : truth[i])
                    hits += std::find(found, found + options.k, id) != found + options.k;
            }
            recall = static_cast<double>(hits) / static_cast<double>(sample * options.k);
        } else if (exact.rows > 0) {
            recall = vecspace::knnRecall(graph, exact);
        }
        std::printf(
            "{\"method\":\"hnsw\",\"rows\":%zu,\"dims\":%zu,\"k\":%zu,\"metric\":\"%s\","
            "\"m\":%zu,\"efc\":%zu,\"ef\":%zu,\"ef_per_k\":%g,\"refine\":%zu,\"threads\":%u,"
            "\"seconds\":%.3f,\"recall\":%.4f,\"sample\":%zu}\n",
            set.rows(), set.dims(), options.k, metric, options.hnswM, options.hnswEfConstruction,
            options.hnswEfSearch, options.hnswEfSearchPerK, options.hnswRefineCandidates,
            options.threads, seconds, recall, sample);
    }
    return 0;
}

int main(int argc, char** argv) {
    return guardedMain(argc, argv, run);
}
