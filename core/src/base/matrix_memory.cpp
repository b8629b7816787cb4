#include "base/matrix_memory.h"

#include "vecspace/base/memory_budget.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <sys/mman.h>

namespace vecspace {

void allocateRows(RowMatrix& matrix, std::size_t rows, std::size_t dims) {
    const std::uint64_t bytes = std::uint64_t(rows) * dims * sizeof(float);
    {
        const auto available = availableMemory();
        const std::uint64_t fit =
            available ? available->bytes / std::max<std::uint64_t>(dims * sizeof(float), 1) : 0;
        requireMemory(
            bytes, "a " + std::to_string(rows) + " x " + std::to_string(dims) + " float32 matrix",
            "Load the first rows with --limit N (about " + std::to_string(fit * 4 / 5) +
                " fit), or close other programs.");
    }
    matrix.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dims));
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(matrix.data());
    const std::uintptr_t end = begin + rows * dims * sizeof(float);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = end & ~(kHuge - 1);
    // Advice only: where the kernel has no huge pages to give, nothing changes.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

} // namespace vecspace
