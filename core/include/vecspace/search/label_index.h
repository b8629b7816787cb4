#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

// Label -> row lookups over one set's labels: exact first, then case-insensitive, where the
// first row (the most frequent word, in frequency-ordered files) of several case variants wins,
// as gensim's evaluate_word_analogies does. The index copies nothing but the row numbers; the
// labels must outlive it.
class LabelIndex {
public:
    explicit LabelIndex(const std::vector<std::string>& labels);

    struct Match {
        std::size_t row = 0;
        bool caseInsensitive = false; // found only by ignoring case
    };

    std::optional<Match> find(std::string_view label) const;
    std::optional<std::size_t> findExact(std::string_view label) const;
    std::optional<std::size_t> findIgnoringCase(std::string_view label) const;

    // Up to `count` labels closest to `label` by edit distance (case-insensitive), nearest first,
    // ties by row: the "did you mean" list for an unknown label.
    std::vector<std::string> closest(std::string_view label, std::size_t count) const;

    std::size_t size() const { return m_labels.size(); }

private:
    struct Table {
        std::vector<std::uint32_t> entries; // row + 1, 0 = empty
        std::uint64_t mask = 0;
    };
    static Table makeTable(std::size_t entries);
    static std::optional<std::size_t> lookup(const Table& table, std::string_view key,
                                             const std::vector<std::string>& keys);
    static void insertFirst(Table& table, std::uint32_t row, const std::vector<std::string>& keys);

    const std::vector<std::string>& m_labels;
    std::vector<std::string> m_folded; // case-folded labels, row for row
    Table m_exact;
    Table m_ignoringCase;
};

// Upper-cases UTF-8 text the way Python's str.upper() does for ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic (including 'ß' -> "SS"); other characters are kept as they are.
std::string foldCase(std::string_view text);

// Levenshtein distance over Unicode code points.
std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace vecspace
