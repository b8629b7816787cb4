#include "vecspace/base/memory_budget.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace vecspace {
namespace {

std::optional<std::uint64_t> readNumber(const char* path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
        return std::nullopt; // missing, or "max"
    return std::strtoull(text.c_str(), nullptr, 10);
}

std::optional<std::uint64_t> memAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t value = 0;
    while (in >> key >> value) {
        std::getline(in, unit);
        if (key == "MemAvailable:") return value * 1024;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> cgroupLeft() {
    for (const auto& [limitPath, usagePath] :
         {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
          std::pair{"/sys/fs/cgroup/memory/memory.limit_in_bytes",
                    "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
        const auto limit = readNumber(limitPath);
        // v1 reports "no limit" as a huge number.
        if (!limit || *limit >= (std::uint64_t{1} << 60)) continue;
        const std::uint64_t usage = readNumber(usagePath).value_or(0);
        return usage < *limit ? *limit - usage : 0;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> parseSize(const char* text) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || value < 0) return std::nullopt;
    double scale = 1;
    switch (std::toupper(static_cast<unsigned char>(*end))) {
    case 'K':
        scale = 1024.0;
        break;
    case 'M':
        scale = 1024.0 * 1024;
        break;
    case 'G':
        scale = 1024.0 * 1024 * 1024;
        break;
    case '\0':
        break;
    default:
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(value * scale);
}

} // namespace

std::optional<AvailableMemory> availableMemory() {
    if (const char* forced = std::getenv("VECSPACE_MEMORY_LIMIT"); forced && *forced)
        if (const auto bytes = parseSize(forced))
            return AvailableMemory{*bytes, "VECSPACE_MEMORY_LIMIT"};
    std::optional<AvailableMemory> best;
    if (const auto bytes = memAvailable()) best = AvailableMemory{*bytes, "MemAvailable"};
    if (const auto bytes = cgroupLeft(); bytes && (!best || *bytes < best->bytes))
        best = AvailableMemory{*bytes, "the cgroup's memory limit"};
    return best;
}

InsufficientMemory::InsufficientMemory(const std::string& message, std::uint64_t needed,
                                       std::uint64_t available)
    : std::runtime_error(message), m_needed(needed), m_available(available) {}

std::string formatBytes(std::uint64_t bytes) {
    char text[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1e9)
        std::snprintf(text, sizeof text, "%.1f GB", b / 1e9);
    else if (b >= 1e6)
        std::snprintf(text, sizeof text, "%.0f MB", b / 1e6);
    else
        std::snprintf(text, sizeof text, "%.0f KB", b / 1e3);
    return text;
}

void requireMemory(std::uint64_t bytes, const std::string& what, const std::string& advice) {
    const auto available = availableMemory();
    if (!available || bytes <= available->bytes) return;
    throw InsufficientMemory(what + " needs " + formatBytes(bytes) + "; " +
                                 formatBytes(available->bytes) + " is available (" +
                                 available->source + "). " + advice,
                             bytes, available->bytes);
}

} // namespace vecspace
