#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

// Prefix completion over a set's labels, for typing words: the labels sorted once,
// case-folded, so that a prefix is a binary search and its matches a contiguous range. On
// 341k GloVe labels building takes about 0.2 s and a lookup well under a millisecond.
class LabelCompletion {
public:
    explicit LabelCompletion(const std::vector<std::string>& labels);

    // Up to `count` rows whose label starts with `prefix` ignoring case (foldCase), lowest rows
    // first (the most frequent words in frequency-ordered files); exact-case matches are not
    // preferred, so "Paris" and "paris" come in file order. An empty prefix gives nothing.
    std::vector<std::size_t> complete(std::string_view prefix, std::size_t count) const;

    std::size_t size() const { return m_rows.size(); }

private:
    std::vector<std::string> m_folded; // in sorted order
    std::vector<std::size_t> m_rows;   // row of each sorted entry
};

} // namespace vecspace
