#pragma once

#include "vecspace/base/progress.h"

#include <chrono>

namespace vecspace {

// Calls the user's progress function at most every ~30 ms so that hot loops can report freely,
// and turns a "stop" answer into Cancelled.
class ProgressThrottle {
public:
    explicit ProgressThrottle(const ProgressFn& fn) : m_fn(fn) {}

    void report(double fraction) {
        if (!m_fn) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(30)) return;
        m_last = now;
        force(fraction);
    }
    void force(double fraction) {
        if (m_fn && !m_fn(fraction < 0 ? 0 : fraction > 1 ? 1 : fraction)) throw Cancelled();
    }

private:
    const ProgressFn& m_fn;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace vecspace
