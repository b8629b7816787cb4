#include "io/warning_collector.h"

namespace vecspace {

void WarningCollector::add(WarningKind kind, std::uint64_t line, std::string message) {
    if (m_counts[index(kind)]++ < kMaxPerKind)
        m_kept.push_back(LoadWarning{kind, line, std::move(message)});
}

void WarningCollector::merge(const WarningCollector& other) {
    for (const auto& warning : other.m_kept)
        if (m_counts[index(warning.kind)]++ < kMaxPerKind) m_kept.push_back(warning);
    // Warnings the other collector already dropped still count towards the summary.
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        std::uint64_t kept = 0;
        for (const auto& warning : other.m_kept)
            if (index(warning.kind) == i) ++kept;
        m_counts[i] += other.m_counts[i] - kept;
    }
}

std::vector<LoadWarning> WarningCollector::finish() const {
    std::vector<LoadWarning> out = m_kept;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] <= kMaxPerKind) continue;
        const auto kind = static_cast<WarningKind>(i);
        // Appended piece by piece: GCC 12 warns (falsely, -Wrestrict) on the chained operator+.
        std::string message = std::to_string(m_counts[i] - kMaxPerKind);
        message.append(" more '").append(warningKindName(kind)).append("' warnings not listed (");
        message.append(std::to_string(m_counts[i])).append(" in all)");
        out.push_back(LoadWarning{WarningKind::Summary, 0, std::move(message)});
    }
    return out;
}

} // namespace vecspace
