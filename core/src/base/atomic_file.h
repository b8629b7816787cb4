#pragma once

#include <filesystem>
#include <string_view>

namespace vecspace {

// Writes go to a temporary file beside the target; commit() flushes, syncs and renames it into
// place. Destroyed without commit() (an exception, a cancel), the temporary file is removed and
// the target is untouched. With `gzip`, bytes are deflated on the way out.
class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target, bool gzip = false);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view bytes);
    void commit();
    const std::filesystem::path& target() const { return m_target; }

private:
    void writeRaw(const char* data, std::size_t size);
    void flushBuffer();
    [[noreturn]] void fail(std::string_view what) const;

    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    int m_fd = -1;
    bool m_committed = false;
    std::string m_buffer;
    std::size_t m_written = 0; // bytes handed to write(2)
    struct Deflater;
    Deflater* m_deflater = nullptr;
};

} // namespace vecspace
