#pragma once

#include "vecspace/base/progress.h"

#include <chrono>
#include <string>

namespace vecspace::cli {

// A progress line on stderr for anything that takes longer than half a second: redrawn in place
// on a terminal, one line per 10% otherwise (logs and CI keep it readable).
class CliProgress {
public:
    CliProgress(std::string task, bool enabled);
    ~CliProgress();
    CliProgress(const CliProgress&) = delete;
    CliProgress& operator=(const CliProgress&) = delete;

    ProgressFn callback();
    // The stage a multi-stage run is in, shown after the task ("projecting (UMAP), epochs: 60%").
    PhaseFn phaseCallback();
    void finish();

private:
    void update(double fraction);

    std::string m_task;
    std::string m_phase;
    bool m_enabled;
    bool m_tty;
    bool m_shown = false;
    int m_lastTenth = -1;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace vecspace::cli
