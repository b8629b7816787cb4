#include "label_list_model.h"

#include <algorithm>
#include <string_view>

namespace {

char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// needle is non-empty and already folded.
bool containsFoldedAscii(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    const std::size_t lastStart = haystack.size() - needle.size();
    for (std::size_t i = 0; i <= lastStart; ++i) {
        if (foldAscii(haystack[i]) != needle[0]) continue;
        std::size_t j = 1;
        while (j < needle.size() && foldAscii(haystack[i + j]) == needle[j])
            ++j;
        if (j == needle.size()) return true;
    }
    return false;
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool isAscii(const QString& text) {
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

} // namespace

LabelListModel::LabelListModel(QObject* parent) : QAbstractListModel(parent) {}

void LabelListModel::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    beginResetModel();
    m_set = std::move(set);
    m_nonAscii.clear();
    if (m_set) {
        m_nonAscii.reserve(m_set->labels.size());
        for (const std::string& label : m_set->labels)
            m_nonAscii.push_back(!isAscii(label));
    }
    updateMatches(false);
    endResetModel();
}

int LabelListModel::totalCount() const {
    return m_set ? static_cast<int>(m_set->labels.size()) : 0;
}

int LabelListModel::sourceRow(int row) const {
    if (row < 0 || row >= rowCount()) return -1;
    return m_foldedFilter.isEmpty() ? row : m_matches[static_cast<std::size_t>(row)];
}

int LabelListModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return m_foldedFilter.isEmpty() ? totalCount() : static_cast<int>(m_matches.size());
}

QVariant LabelListModel::data(const QModelIndex& index, int role) const {
    const int source = sourceRow(index.row());
    if (!index.isValid() || source < 0) return {};
    switch (role) {
    case Qt::DisplayRole:
        return QString::fromStdString(m_set->labels[static_cast<std::size_t>(source)]);
    case SourceRowRole:
        return source;
    default:
        return {};
    }
}

void LabelListModel::setFilter(const QString& text) {
    if (text == m_filter) return;
    const QString folded = text.toCaseFolded();
    // A longer needle can only lose matches, so typing on scans the previous matches only.
    const bool narrowing = !m_foldedFilter.isEmpty() && folded.contains(m_foldedFilter);
    beginResetModel();
    m_filter = text;
    m_foldedFilter = folded;
    m_asciiNeedle = isAscii(folded);
    m_needle = m_asciiNeedle ? folded.toStdString() : std::string();
    updateMatches(narrowing);
    endResetModel();
}

bool LabelListModel::matches(int sourceRow) const {
    const auto row = static_cast<std::size_t>(sourceRow);
    if (!m_nonAscii[row]) {
        // An ASCII label folds to ASCII, so it cannot hold a needle that folds to anything else.
        return m_asciiNeedle && containsFoldedAscii(m_set->labels[row], m_needle);
    }
    return QString::fromStdString(m_set->labels[row]).contains(m_filter, Qt::CaseInsensitive);
}

void LabelListModel::updateMatches(bool narrowing) {
    if (m_foldedFilter.isEmpty() || !m_set) {
        m_matches.clear();
        m_matches.shrink_to_fit();
        return;
    }
    std::vector<int> kept;
    if (narrowing) {
        for (int row : m_matches)
            if (matches(row)) kept.push_back(row);
    } else {
        const int total = totalCount();
        for (int row = 0; row < total; ++row)
            if (matches(row)) kept.push_back(row);
    }
    m_matches = std::move(kept);
}
