#pragma once

#include "vecspace/io/load_warning.h"

#include <array>
#include <vector>

namespace vecspace {

// Keeps the first few warnings of each kind so that a file with a million bad labels does not
// produce a million messages; finish() appends one summary line per kind that overflowed.
class WarningCollector {
public:
    static constexpr std::size_t kMaxPerKind = 20;

    void add(WarningKind kind, std::uint64_t line, std::string message);
    void merge(const WarningCollector& other); // keeps order: this one's warnings first
    std::vector<LoadWarning> finish() const;
    std::uint64_t count(WarningKind kind) const { return m_counts[index(kind)]; }

private:
    static std::size_t index(WarningKind kind) { return static_cast<std::size_t>(kind); }

    std::vector<LoadWarning> m_kept;
    std::array<std::uint64_t, kWarningKinds> m_counts{};
};

} // namespace vecspace
