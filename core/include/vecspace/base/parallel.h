#pragma once

#include "vecspace/base/progress.h"

#include <cstddef>
#include <functional>

namespace vecspace {

struct ParallelOptions {
    unsigned threads = 0; // 0: one per hardware thread
    ProgressFn progress;  // called from the calling thread only
    // Fraction of the work done, read while tasks run; default: finished tasks / count.
    std::function<double()> fraction;
    double progressBase = 0.0; // the reported value is base + scale * fraction
    double progressScale = 1.0;
};

unsigned resolveThreads(unsigned requested);

// Runs task(i) for every i in [0, count) on worker threads, handing out indices in order, while
// the calling thread reports progress. If a task throws, tasks with a larger index are not
// started and the exception of the lowest failing index is rethrown after all workers stop, so
// the error reported for a file is always the first one in it. Throws Cancelled when progress
// asks to stop (tasks already running finish first).
void parallelFor(std::size_t count, const std::function<void(std::size_t)>& task,
                 const ParallelOptions& options = {});

} // namespace vecspace
