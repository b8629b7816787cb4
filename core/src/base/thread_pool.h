#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vecspace {

// Worker threads kept alive across many short parallel loops. parallelFor starts threads on
// every call, which costs tens of microseconds; an optimisation that runs several loops per
// iteration for a thousand iterations would spend a good part of its time on that.
class ThreadPool {
public:
    explicit ThreadPool(unsigned threads = 0); // 0: one per hardware thread
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned size() const { return static_cast<unsigned>(m_workers.size()) + 1; }

    // Runs task(i, worker) for every i in [0, count), worker < size() naming the thread (for
    // per-thread scratch space); the calling thread takes part. Indices are handed out in order;
    // after a task throws, no further ones start and the exception of the lowest failing index
    // is rethrown once all have stopped.
    void run(std::size_t count, const std::function<void(std::size_t, unsigned)>& task);

private:
    void workerLoop(unsigned worker);
    void work(unsigned worker);

    std::vector<std::thread> m_workers;
    std::mutex m_runMutex; // one run at a time
    const std::function<void(std::size_t, unsigned)>* m_task = nullptr;
    std::size_t m_count = 0;
    std::atomic<std::size_t> m_next{0};
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<unsigned> m_busy{0};
    std::atomic<bool> m_failed{false};
    std::atomic<bool> m_stop{false};
    std::mutex m_errorMutex;
    std::size_t m_errorIndex = 0;
    std::exception_ptr m_error;
};

} // namespace vecspace
