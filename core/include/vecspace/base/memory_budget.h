#pragma once

// What a large allocation may take: the memory the system and the process's cgroup have left,
// checked before a matrix, an index or a comparison is allocated, so that a job too large is
// refused with a message instead of the process being killed.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace vecspace {

struct AvailableMemory {
    std::uint64_t bytes = 0;
    std::string source; // "MemAvailable", "the cgroup limit", "VECSPACE_MEMORY_LIMIT"
};

// The smallest of /proc/meminfo's MemAvailable and the cgroup's limit less its usage (cgroup v2
// memory.max - memory.current, or v1 memory.limit_in_bytes - memory.usage_in_bytes); the
// environment variable VECSPACE_MEMORY_LIMIT (bytes, or with K, M, G: "512M") replaces them, for
// tests and for users who want a ceiling. Empty when none can be read.
std::optional<AvailableMemory> availableMemory();

class InsufficientMemory : public std::runtime_error {
public:
    InsufficientMemory(const std::string& message, std::uint64_t needed, std::uint64_t available);
    std::uint64_t needed() const { return m_needed; }
    std::uint64_t available() const { return m_available; }

private:
    std::uint64_t m_needed, m_available;
};

// Throws InsufficientMemory when `bytes` exceed what is available:
// "<what> needs 2.1 GB; 1.4 GB is available (MemAvailable). <advice>".
void requireMemory(std::uint64_t bytes, const std::string& what, const std::string& advice);

std::string formatBytes(std::uint64_t bytes); // "1.4 GB", "512 MB", "900 KB"

} // namespace vecspace
