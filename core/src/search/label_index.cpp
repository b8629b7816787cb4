#include "vecspace/search/label_index.h"

#include "base/utf8.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace vecspace {
namespace {

std::uint64_t hashBytes(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ull ^ text.size();
    for (unsigned char c : text)
        h = (h ^ c) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

char32_t upper(char32_t c) {
    if (c >= 'a' && c <= 'z') return c - 0x20;
    if (c < 0x80) return c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 0x20;
    if (c == 0xFF) return 0x178;
    if (c == 0xB5) return 0x39C; // micro sign -> Greek capital mu, as Python does
    if (c >= 0x100 && c <= 0x17F) {
        // Latin Extended-A pairs: lower case is odd in 0100-0137 and 014A-0177, even in
        // 0139-0148 and 0179-017E.
        if (c == 0x131) return 'I';
        if (c == 0x17F) return 'S';
        if ((c <= 0x137 || (c >= 0x14A && c <= 0x177)) && (c & 1)) return c - 1;
        if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && !(c & 1)) return c - 1;
        return c;
    }
    if (c >= 0x3B1 && c <= 0x3C9) return c == 0x3C2 ? 0x3A3 : c - 0x20; // Greek, final sigma
    if (c >= 0x3AC && c <= 0x3AF) {
        static constexpr char32_t kTonos[] = {0x386, 0x388, 0x389, 0x38A};
        return kTonos[c - 0x3AC];
    }
    if (c >= 0x430 && c <= 0x44F) return c - 0x20; // Cyrillic а-я
    if (c >= 0x450 && c <= 0x45F) return c - 0x50; // ѐ-џ
    return c;
}

std::vector<char32_t> codePoints(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();)
        out.push_back(decodeUtf8(text, i));
    return out;
}

} // namespace

std::string foldCase(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool ascii = true;
    for (char c : text)
        ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        for (char c : text)
            out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 0x20) : c;
        return out;
    }
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = decodeUtf8(text, i);
        if (c == 0xDF) {
            out += "SS";
            continue;
        }
        appendUtf8(upper(c), out);
    }
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    const auto x = codePoints(a), y = codePoints(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

LabelIndex::Table LabelIndex::makeTable(std::size_t entries) {
    Table table;
    const std::uint64_t size = std::bit_ceil<std::uint64_t>(entries * 2 + 16);
    table.entries.assign(size, 0);
    table.mask = size - 1;
    return table;
}

void LabelIndex::insertFirst(Table& table, std::uint32_t row,
                             const std::vector<std::string>& keys) {
    const std::string& key = keys[row];
    for (std::uint64_t slot = hashBytes(key) & table.mask;; slot = (slot + 1) & table.mask) {
        if (table.entries[slot] == 0) {
            table.entries[slot] = row + 1;
            return;
        }
        if (keys[table.entries[slot] - 1] == key) return; // an earlier row keeps the key
    }
}

std::optional<std::size_t> LabelIndex::lookup(const Table& table, std::string_view key,
                                              const std::vector<std::string>& keys) {
    for (std::uint64_t slot = hashBytes(key) & table.mask;; slot = (slot + 1) & table.mask) {
        if (table.entries[slot] == 0) return std::nullopt;
        if (keys[table.entries[slot] - 1] == key) return table.entries[slot] - 1;
    }
}

LabelIndex::LabelIndex(const std::vector<std::string>& labels)
    : m_labels(labels), m_exact(makeTable(labels.size())),
      m_ignoringCase(makeTable(labels.size())) {
    m_folded.reserve(labels.size());
    for (const auto& label : labels)
        m_folded.push_back(foldCase(label));
    for (std::uint32_t row = 0; row < labels.size(); ++row) {
        insertFirst(m_exact, row, m_labels);
        insertFirst(m_ignoringCase, row, m_folded);
    }
}

std::optional<std::size_t> LabelIndex::findExact(std::string_view label) const {
    return lookup(m_exact, label, m_labels);
}

std::optional<std::size_t> LabelIndex::findIgnoringCase(std::string_view label) const {
    return lookup(m_ignoringCase, foldCase(label), m_folded);
}

std::optional<LabelIndex::Match> LabelIndex::find(std::string_view label) const {
    if (const auto row = findExact(label)) return Match{*row, false};
    if (const auto row = findIgnoringCase(label)) return Match{*row, true};
    return std::nullopt;
}

std::vector<std::string> LabelIndex::closest(std::string_view label, std::size_t count) const {
    const std::string folded = foldCase(label);
    const std::size_t length = codePoints(folded).size();
    std::vector<std::pair<std::size_t, std::size_t>> scored; // (distance, row)
    for (std::size_t row = 0; row < m_folded.size(); ++row) {
        // A label whose length differs by more than the current worst kept distance cannot win.
        const std::size_t otherLength = m_folded[row].size(); // bytes >= code points
        if (scored.size() == count && otherLength + scored.back().first < length) continue;
        const std::size_t d = editDistance(folded, m_folded[row]);
        if (scored.size() < count || d < scored.back().first) {
            scored.emplace_back(d, row);
            std::stable_sort(scored.begin(), scored.end());
            if (scored.size() > count) scored.pop_back();
        }
    }
    std::vector<std::string> out;
    for (const auto& [distance, row] : scored)
        out.push_back(m_labels[row]);
    return out;
}

} // namespace vecspace
