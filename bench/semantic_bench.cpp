// Times the semantic core on one embedding file: single top-10 cosine queries and the whole
// Google analogy benchmark. Prints one JSON object. Used by bench/semantic_bench.py, which runs
// gensim on the same data in the same run.
//   semantic_bench FILE QUESTIONS [QUERY_ROWS]
#include "vecspace/io/loader.h"
#include "vecspace/semantic/evaluation.h"
#include "vecspace/semantic/similarity_index.h"

#include <algorithm>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    // --no-screen: the analogy benchmark through float32 matrix products alone.
    bool screen = true;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--no-screen") == 0) {
            screen = false;
            std::copy(argv + i + 1, argv + argc, argv + i);
            --argc;
            break;
        }
    if (argc < 3) {
        std::fprintf(stderr, "usage: semantic_bench [--no-screen] FILE QUESTIONS [QUERY_ROWS "
                             "[auto|float32|bfloat16]]\n");
        return 2;
    }
    const std::size_t queries = argc > 3 ? std::stoul(argv[3]) : 100;
    auto start = std::chrono::steady_clock::now();
    const vecspace::EmbeddingSet set = vecspace::loadEmbeddings(argv[1]);
    const double loadSeconds = secondsSince(start);
    start = std::chrono::steady_clock::now();
    vecspace::SimilarityIndexOptions indexOptions;
    if (argc > 4) indexOptions.storage = vecspace::parseIndexStorage(argv[4]);
    const vecspace::SimilarityIndex index(set, indexOptions);
    const double indexSeconds = secondsSince(start);

    // Rows 1000, 1010, ...: ordinary words, the same ones bench/semantic_bench.py gives gensim.
    std::vector<double> times;
    vecspace::NeighborOptions options;
    options.k = 10;
    for (std::size_t i = 0; i < queries; ++i) {
        start = std::chrono::steady_clock::now();
        const auto result = index.nearestToRow(1000 + 10 * i, options);
        times.push_back(secondsSince(start) * 1e3);
        if (result.size() != 10) return 1;
    }
    std::sort(times.begin(), times.end());

    start = std::chrono::steady_clock::now();
    vecspace::AnalogyEvaluationOptions evaluation;
    evaluation.screen = screen;
    const vecspace::AnalogyEvaluation result =
        vecspace::evaluateAnalogies(index, argv[2], evaluation);
    const double analogySeconds = secondsSince(start);
    std::printf(
        "{\"screen\":%s,\"rows\":%zu,\"dims\":%zu,\"storage\":\"%s\",\"load_s\":%.4f,\"index_s\":%.4f,\"query_ms_median\":%.3f,"
        "\"query_ms_p90\":%.3f,\"analogy_s\":%.3f,\"correct\":%zu,\"incorrect\":%zu,\"skipped\":%"
        "zu,"
        "\"accuracy\":%.6f}\n",
        screen && vecspace::SimilarityIndex::screeningAvailable() ? "true" : "false", set.rows(), set.dims(), index.unitRows().description().c_str(), loadSeconds, indexSeconds, times[times.size() / 2],
        times[times.size() * 9 / 10], analogySeconds, result.correct, result.incorrect,
        result.skipped, result.accuracy);
    return 0;
}
