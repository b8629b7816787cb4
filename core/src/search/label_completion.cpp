#include "vecspace/search/label_completion.h"

#include "vecspace/search/label_index.h"

#include <algorithm>
#include <numeric>

namespace vecspace {

LabelCompletion::LabelCompletion(const std::vector<std::string>& labels) {
    std::vector<std::string> folded(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i)
        folded[i] = foldCase(labels[i]);
    std::vector<std::size_t> order(labels.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return folded[a] < folded[b] || (folded[a] == folded[b] && a < b);
    });
    m_folded.reserve(order.size());
    for (std::size_t row : order)
        m_folded.push_back(std::move(folded[row]));
    m_rows = std::move(order);
}

std::vector<std::size_t> LabelCompletion::complete(std::string_view prefix,
                                                   std::size_t count) const {
    if (prefix.empty() || count == 0) return {};
    const std::string key = foldCase(prefix);
    const auto begin = std::lower_bound(m_folded.begin(), m_folded.end(), key);
    auto end = begin;
    while (end != m_folded.end() && std::string_view(*end).substr(0, key.size()) == key)
        ++end;
    std::vector<std::size_t> rows(m_rows.begin() + (begin - m_folded.begin()),
                                  m_rows.begin() + (end - m_folded.begin()));
    if (rows.size() > count) {
        std::nth_element(rows.begin(), rows.begin() + std::ptrdiff_t(count), rows.end());
        rows.resize(count);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace vecspace
