#include "cli_progress.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace vecspace::cli {

CliProgress::CliProgress(std::string task, bool enabled)
    : m_task(std::move(task)), m_enabled(enabled), m_tty(::isatty(STDERR_FILENO) == 1),
      m_start(std::chrono::steady_clock::now()) {}

CliProgress::~CliProgress() {
    finish();
}

ProgressFn CliProgress::callback() {
    if (!m_enabled) return {};
    return [this](double fraction) {
        update(fraction);
        return true;
    };
}

PhaseFn CliProgress::phaseCallback() {
    if (!m_enabled) return {};
    return [this](const char* phase) {
        if (m_shown && m_tty) std::fprintf(stderr, "\r\033[K");
        m_phase = phase;
        m_lastTenth = -1; // each stage gets its own lines in a log
    };
}

void CliProgress::update(double fraction) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    // VECSPACE_PROGRESS_AFTER overrides the half-second delay (the CLI tests set it to 0).
    static const double delay = [] {
        const char* text = std::getenv("VECSPACE_PROGRESS_AFTER");
        return text ? std::atof(text) : 0.5;
    }();
    if (elapsed < delay) return;
    const int percent = static_cast<int>(fraction * 100.0);
    const std::string task = m_phase.empty() ? m_task : m_task + ", " + m_phase;
    if (m_tty) {
        std::fprintf(stderr, "\r%s: %3d%% (%.1f s)", task.c_str(), percent, elapsed);
        m_shown = true;
    } else if (percent / 10 > m_lastTenth) {
        m_lastTenth = percent / 10;
        std::fprintf(stderr, "%s: %d%% (%.1f s)\n", task.c_str(), percent, elapsed);
    }
    std::fflush(stderr);
}

void CliProgress::finish() {
    if (m_shown && m_tty) std::fprintf(stderr, "\r\033[K");
    m_shown = false;
}

} // namespace vecspace::cli
