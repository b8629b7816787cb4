// Times t-SNE on the first rows of an embedding file and prints one JSON object: the phases'
// seconds, the method and learning rate used and the final KL divergence. --out writes the
// layout as .npy (with its labels beside it) for scoring against other tools.
//   tsne_bench FILE [--rows N] [--dims 2|3] [--method auto|exact|barnes-hut|fft]
//              [--iterations N] [--threads T] [--seed S] [--perplexity P] [--out LAYOUT.npy]
//              [--fft-intervals X] [--fft-near-boxes B] [--max-step S] [--quality SAMPLE]
// --quality measures the 10-NN preservation on SAMPLE rows (exact neighbours among all rows).
#include "guarded_main.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/writer.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/tsne.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const char* methodName(vecspace::TsneMethod method) {
    switch (method) {
    case vecspace::TsneMethod::Exact:
        return "exact";
    case vecspace::TsneMethod::BarnesHut:
        return "barnes-hut";
    case vecspace::TsneMethod::Fft:
        return "fft";
    default:
        return "auto";
    }
}

} // namespace

int run(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') {
        std::fprintf(stderr, "usage: tsne_bench FILE [--rows N] [--dims 2|3] [--method "
                             "auto|exact|barnes-hut|fft] [--iterations N] [--threads T] "
                             "[--seed S] [--perplexity P] [--out LAYOUT.npy] [--fft-intervals X] "
                             "[--fft-near-boxes B] [--max-step S] [--quality SAMPLE]\n");
        return 2;
    }
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2)
        args[argv[i]] = argv[i + 1];
    auto get = [&](const char* name, const char* fallback) {
        const auto it = args.find(name);
        return it == args.end() ? std::string(fallback) : it->second;
    };
    vecspace::LoadOptions load;
    load.limit = std::stoul(get("--rows", "0"));
    auto start = std::chrono::steady_clock::now();
    vecspace::EmbeddingSet set = vecspace::loadEmbeddings(argv[1], load);
    const double loadSeconds = secondsSince(start);

    vecspace::TsneOptions options;
    options.dimensions = std::stoul(get("--dims", "2"));
    options.iterations = std::stoul(get("--iterations", "1000"));
    options.threads = static_cast<unsigned>(std::stoul(get("--threads", "0")));
    options.seed = std::stoull(get("--seed", "0"));
    options.perplexity = std::stod(get("--perplexity", "30"));
    options.fftIntervalsPerUnit =
        std::stod(get("--fft-intervals", std::to_string(options.fftIntervalsPerUnit).c_str()));
    options.fftNearFieldBoxes =
        std::stod(get("--fft-near-boxes", std::to_string(options.fftNearFieldBoxes).c_str()));
    options.maxStepNorm = std::stod(get("--max-step", std::to_string(options.maxStepNorm).c_str()));
    const std::string method = get("--method", "auto");
    for (auto m : {vecspace::TsneMethod::Auto, vecspace::TsneMethod::Exact,
                   vecspace::TsneMethod::BarnesHut, vecspace::TsneMethod::Fft})
        if (method == methodName(m)) options.method = m;
    start = std::chrono::steady_clock::now();
    const vecspace::TsneResult result = vecspace::computeTsne(set.vectors, options);
    const double total = secondsSince(start);
    double preservation = -1;
    if (const std::size_t sample = std::stoul(get("--quality", "0")); sample > 0) {
        vecspace::LayoutQualityOptions quality;
        quality.sample = sample;
        preservation = vecspace::knnPreservation(set.vectors, result.coordinates, quality);
    }
    std::printf(
        "{\"rows\":%zu,\"dims\":%zu,\"method\":\"%s\",\"threads\":%u,\"learning_rate\":%.2f,"
        "\"kl\":%.5f,\"load_s\":%.3f,\"neighbors_s\":%.3f,\"affinities_s\":%.3f,"
        "\"optimization_s\":%.3f,\"total_s\":%.3f,\"knn_preservation\":%.4f}\n",
        set.rows(), options.dimensions, methodName(result.method), options.threads,
        result.learningRate, result.klDivergence, loadSeconds, result.seconds.neighbors,
        result.seconds.affinities, result.seconds.optimization, total, preservation);
    if (const std::string out = get("--out", ""); !out.empty()) {
        set.vectors = result.coordinates;
        set.metadata.clear();
        vecspace::writeEmbeddings(set, out);
    }
    return 0;
}

int main(int argc, char** argv) {
    return guardedMain(argc, argv, run);
}
