// vecspace-cli: the command-line face of vecspace_core. Exit codes: 0 success, 1 a data error
// (message on stderr), 2 a usage error.
#include "arguments.h"
#include "commands.h"
#include "vecspace/io/load_error.h"

#include <cstring>
#include <iostream>

namespace {

constexpr const char* kVersion = VECSPACE_VERSION;

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
    const char* usage;
};

// Every command, in the order the help lists them.
const Command kCommands[] = {
    {"info", vecspace::cli::runInfo, vecspace::cli::kInfoUsage},
    {"convert", vecspace::cli::runConvert, vecspace::cli::kConvertUsage},
    {"neighbors", vecspace::cli::runNeighbors, vecspace::cli::kNeighborsUsage},
    {"analogy", vecspace::cli::runAnalogy, vecspace::cli::kAnalogyUsage},
    {"similarity", vecspace::cli::runSimilarity, vecspace::cli::kSimilarityUsage},
    {"odd-one-out", vecspace::cli::runOddOneOut, vecspace::cli::kOddOneOutUsage},
    {"evaluate-analogies", vecspace::cli::runEvaluateAnalogies,
     vecspace::cli::kEvaluateAnalogiesUsage},
    {"evaluate-similarity", vecspace::cli::runEvaluateSimilarity,
     vecspace::cli::kEvaluateSimilarityUsage},
    {"project", vecspace::cli::runProject, vecspace::cli::kProjectUsage},
    {"cluster", vecspace::cli::runCluster, vecspace::cli::kClusterUsage},
    {"compare", vecspace::cli::runCompare, vecspace::cli::kCompareUsage},
    {"generate", vecspace::cli::runGenerate, vecspace::cli::kGenerateUsage},
};

void printUsage(std::ostream& out) {
    out << "Usage:";
    for (const Command& command : kCommands)
        out << "\n  " << command.usage;
    out << "\n  vecspace-cli --help | --version\n\n"
           "Formats (detected from content and name; --format forces one):\n"
           "  word2vec-text, glove-text, fasttext-vec, word2vec-binary, tsv, npy; text formats "
           "may\n"
           "  be gzip-compressed (.gz). Model files: safetensors (a file, its checkpoint folder "
           "or\n"
           "  its index JSON) and gguf; --tensor NAME picks a 2-D tensor other than the token\n"
           "  table, info --tensors lists them.\n"
           "--metadata FILE adds a tab-separated table to any format: one line per row, or "
           "joined\n"
           "  by label when its first column holds labels.\n"
           "--index-storage keeps the neighbour index's rows in float32 or bfloat16 (auto: 16 "
           "bits\n"
           "  when the values are exact there, as a BF16 or F16 model's are).\n"
           "convert writes the format of OUT's extension: .txt/.vec word2vec text, .bin word2vec\n"
           "  binary, .npy NumPy (+ .labels.txt), .tsv Projector TSV (+ .metadata.tsv), .gz "
           "compressed\n"
           "  text; --to F overrides (e.g. --to glove-text for no header).\n"
           "--json prints one JSON object on stdout; a progress line goes to stderr unless "
           "--quiet.\n";
}

} // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (name == "--version") {
        std::cout << "vecspace-cli " << kVersion << '\n';
        return 0;
    }
    const Command* command = nullptr;
    for (const Command& candidate : kCommands)
        if (name == candidate.name) command = &candidate;
    if (!command) {
        std::cerr << "vecspace-cli: unknown command '" << name << "'\n\n";
        printUsage(std::cerr);
        return 2;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return command->run(args);
    } catch (const vecspace::cli::UsageError& e) {
        std::cerr << "vecspace-cli " << name << ": " << e.what() << "\nusage: " << command->usage
                  << '\n';
        return 2;
    } catch (const vecspace::LoadError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
