#include "base/matrix_memory.h"

#include <cstdint>
#include <sys/mman.h>

namespace vecspace {

void allocateRows(RowMatrix& matrix, std::size_t rows, std::size_t dims) {
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
