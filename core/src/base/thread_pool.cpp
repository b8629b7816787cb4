#include "base/thread_pool.h"

#include "vecspace/base/parallel.h"

namespace vecspace {

ThreadPool::ThreadPool(unsigned threads) {
    const unsigned total = resolveThreads(threads);
    m_workers.reserve(total - 1);
    for (unsigned w = 1; w < total; ++w)
        m_workers.emplace_back([this, w] { workerLoop(w); });
}

ThreadPool::~ThreadPool() {
    m_stop = true;
    m_generation.fetch_add(1);
    m_generation.notify_all();
    for (auto& worker : m_workers)
        worker.join();
}

void ThreadPool::workerLoop(unsigned worker) {
    std::uint64_t seen = 0;
    for (;;) {
        m_generation.wait(seen);
        seen = m_generation.load();
        if (m_stop) return;
        work(worker);
        if (m_busy.fetch_sub(1) == 1) m_busy.notify_all();
    }
}

void ThreadPool::work(unsigned worker) {
    for (;;) {
        const std::size_t i = m_next.fetch_add(1);
        if (i >= m_count || m_failed.load(std::memory_order_relaxed)) return;
        try {
            (*m_task)(i, worker);
        } catch (...) {
            std::lock_guard lock(m_errorMutex);
            if (!m_error || i < m_errorIndex) {
                m_error = std::current_exception();
                m_errorIndex = i;
            }
            m_failed = true;
        }
    }
}

void ThreadPool::run(std::size_t count, const std::function<void(std::size_t, unsigned)>& task) {
    if (count == 0) return;
    std::lock_guard runLock(m_runMutex);
    m_task = &task;
    m_count = count;
    m_next = 0;
    m_failed = false;
    m_error = nullptr;
    // A single task needs no helpers; waking them would only add latency.
    const unsigned helpers = count > 1 ? static_cast<unsigned>(m_workers.size()) : 0;
    if (helpers > 0) {
        m_busy = helpers;
        m_generation.fetch_add(1);
        m_generation.notify_all();
    }
    work(0);
    if (helpers > 0)
        for (unsigned busy = m_busy.load(); busy != 0; busy = m_busy.load())
            m_busy.wait(busy);
    m_task = nullptr;
    if (m_error) std::rethrow_exception(m_error);
}

} // namespace vecspace
