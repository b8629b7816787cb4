#include "vecspace/compare/vocabulary_pairing.h"

#include "vecspace/search/label_index.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace vecspace {

SharedVocabulary pairLabels(const EmbeddingSet& a, const EmbeddingSet& b,
                            const PairingOptions& options) {
    const auto keyOf = [&](const std::string& label) {
        return options.ignoreCase ? foldCase(label) : label;
    };
    SharedVocabulary shared;
    std::unordered_map<std::string, std::size_t> rowOfB;
    rowOfB.reserve(b.rows());
    for (std::size_t row = 0; row < b.rows(); ++row)
        if (!rowOfB.emplace(keyOf(b.labels[row]), row).second) ++shared.repeatsB;

    std::unordered_set<std::string> seenA;
    seenA.reserve(a.rows());
    for (std::size_t row = 0; row < a.rows(); ++row) {
        std::string key = keyOf(a.labels[row]);
        const auto found = rowOfB.find(key);
        if (!seenA.insert(std::move(key)).second) {
            ++shared.repeatsA;
            continue;
        }
        if (found == rowOfB.end()) {
            ++shared.onlyA;
            continue;
        }
        shared.rowsA.push_back(row);
        shared.rowsB.push_back(found->second);
    }
    shared.sharedTotal = shared.rowsA.size();
    shared.onlyB = rowOfB.size() - shared.sharedTotal;
    if (options.limit > 0 && options.limit < shared.rowsA.size()) {
        shared.rowsA.resize(options.limit);
        shared.rowsB.resize(options.limit);
    }
    return shared;
}

} // namespace vecspace
