#include "vecspace/base/parallel.h"

#include "base/progress_throttle.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace vecspace {

unsigned resolveThreads(unsigned requested) {
    if (requested > 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

void parallelFor(std::size_t count, const std::function<void(std::size_t)>& task,
                 const ParallelOptions& options) {
    if (count == 0) return;
    const unsigned workers =
        static_cast<unsigned>(std::min<std::size_t>(resolveThreads(options.threads), count));

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<std::size_t> firstFailure{SIZE_MAX};
    std::atomic<bool> cancelled{false};
    std::vector<std::exception_ptr> errors(count);
    std::mutex mutex;
    std::condition_variable finished;
    unsigned running = workers;

    auto work = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= count || cancelled.load() || i > firstFailure.load()) break;
            try {
                task(i);
            } catch (...) {
                errors[i] = std::current_exception();
                std::size_t seen = firstFailure.load();
                while (i < seen && !firstFailure.compare_exchange_weak(seen, i)) {
                }
            }
            done.fetch_add(1);
        }
        std::lock_guard lock(mutex);
        if (--running == 0) finished.notify_all();
    };

    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (unsigned t = 0; t < workers; ++t)
        threads.emplace_back(work);

    ProgressThrottle throttle(options.progress);
    {
        std::unique_lock lock(mutex);
        while (running > 0) {
            finished.wait_for(lock, std::chrono::milliseconds(40));
            if (running == 0 || !options.progress || cancelled) continue;
            const double f =
                options.fraction ? options.fraction() : static_cast<double>(done) / count;
            lock.unlock();
            try {
                throttle.report(options.progressBase + options.progressScale * f);
            } catch (const Cancelled&) {
                cancelled = true;
            }
            lock.lock();
        }
    }
    for (auto& thread : threads)
        thread.join();
    if (cancelled) throw Cancelled();
    if (const std::size_t i = firstFailure.load(); i != SIZE_MAX) std::rethrow_exception(errors[i]);
}

} // namespace vecspace
