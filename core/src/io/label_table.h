#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

// An open-addressing map from label to the first row that holds it, over labels owned
// elsewhere. No allocation per entry: inserting 341k GloVe words takes milliseconds, where
// std::unordered_set needed tens of them.
class LabelTable {
public:
    explicit LabelTable(const std::vector<std::string>& labels);

    // Adds row (whose label is labels[row]); returns the earlier row with the same label, or
    // kNone if the label is new.
    std::uint32_t insert(std::uint32_t row);
    std::uint32_t find(std::string_view label) const;

    // Inserts rows 0..labels.size()-1 in order and returns, for each repeated label, the pair
    // (row, first row with that label). Hashes everything first so that slot lookups can be
    // prefetched: the table outgrows the caches and a miss per label dominated.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> insertAll();

    static constexpr std::uint32_t kNone = UINT32_MAX;

private:
    static std::uint64_t hash(std::string_view text);
    std::uint32_t insertHashed(std::uint32_t row, std::uint64_t h);

    const std::vector<std::string>& m_labels;
    struct Slot {
        std::uint32_t rowPlusOne = 0; // 0: empty
        std::uint32_t tag = 0;        // high hash bits, to skip most string compares
    };
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
};

} // namespace vecspace
