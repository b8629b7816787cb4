#include "io/label_table.h"

#include <bit>
#include <cstring>

namespace vecspace {

LabelTable::LabelTable(const std::vector<std::string>& labels) : m_labels(labels) {
    const std::uint64_t size = std::bit_ceil<std::uint64_t>(labels.size() * 2 + 16);
    m_slots.assign(size, Slot{});
    m_mask = size - 1;
}

std::uint64_t LabelTable::hash(std::string_view text) {
    // FNV-1a over 8-byte words, then a final avalanche: short labels are the common case.
    std::uint64_t h = 0xcbf29ce484222325ull ^ text.size();
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        h = (h ^ word) * 0x100000001b3ull;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, text.data() + i, text.size() - i);
    h = (h ^ tail) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

std::uint32_t LabelTable::insert(std::uint32_t row) {
    return insertHashed(row, hash(m_labels[row]));
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> LabelTable::insertAll() {
    const auto rows = static_cast<std::uint32_t>(m_labels.size());
    std::vector<std::uint64_t> hashes(rows);
    for (std::uint32_t row = 0; row < rows; ++row)
        hashes[row] = hash(m_labels[row]);
    constexpr std::uint32_t kAhead = 16;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> repeats;
    for (std::uint32_t row = 0; row < rows; ++row) {
        if (row + kAhead < rows) __builtin_prefetch(&m_slots[hashes[row + kAhead] & m_mask], 1);
        const std::uint32_t first = insertHashed(row, hashes[row]);
        if (first != kNone) repeats.emplace_back(row, first);
    }
    return repeats;
}

std::uint32_t LabelTable::insertHashed(std::uint32_t row, std::uint64_t h) {
    const std::string_view label = m_labels[row];
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::uint64_t slot = h & m_mask;; slot = (slot + 1) & m_mask) {
        Slot& s = m_slots[slot];
        if (s.rowPlusOne == 0) {
            s = Slot{row + 1, tag};
            return kNone;
        }
        if (s.tag == tag && m_labels[s.rowPlusOne - 1] == label) return s.rowPlusOne - 1;
    }
}

std::uint32_t LabelTable::find(std::string_view label) const {
    const std::uint64_t h = hash(label);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::uint64_t slot = h & m_mask;; slot = (slot + 1) & m_mask) {
        const Slot& s = m_slots[slot];
        if (s.rowPlusOne == 0) return kNone;
        if (s.tag == tag && m_labels[s.rowPlusOne - 1] == label) return s.rowPlusOne - 1;
    }
}

} // namespace vecspace
