#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace vecspace {

// Where in a file something went wrong and what was expected there. what() reads
// "FILE:LINE: expected X, found Y" (or "FILE: byte N: ..." for binary data).
struct ErrorLocation {
    std::filesystem::path file;
    std::uint64_t line = 0;                // 1-based, 0 when unknown or not a text position
    std::uint64_t byteOffset = UINT64_MAX; // UINT64_MAX when not known
};

class LoadError : public std::runtime_error {
public:
    LoadError(ErrorLocation where, std::string expected, std::string found);
    // For failures that are not about content (cannot open, out of memory, I/O error).
    LoadError(std::filesystem::path file, std::string message);

    const ErrorLocation& where() const { return m_where; }
    const std::string& expected() const { return m_expected; }
    const std::string& found() const { return m_found; }

private:
    ErrorLocation m_where;
    std::string m_expected;
    std::string m_found;
};

// A bounded, printable excerpt of raw bytes for error messages (quotes, escapes control bytes).
std::string describeBytes(const char* data, std::size_t size, std::size_t maxChars = 40);

} // namespace vecspace
