#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace vecspace {

// A read-only view of a whole file: memory-mapped when it is a regular file, read into memory
// otherwise (pipes, /dev/stdin). Loaders release ranges they are done with so that the mapped
// pages do not count twice against peak memory next to the matrix being filled.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path); // throws LoadError
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {m_data, m_size}; }
    const std::filesystem::path& path() const { return m_path; }
    // Drops the resident pages wholly inside [offset, offset + length); contents stay readable.
    // Does nothing once the file is held (the pages are then the data kept).
    void release(std::size_t offset, std::size_t length) const;
    // Keeps the `length` bytes at `offset` as they are now for this object's lifetime, even if
    // another program rewrites or truncates the file (base/write_guard.h), so that values can
    // be used in place. False where that cannot be promised (not a mapped regular file, no
    // lease, the file changed size since it was mapped): copy instead. Once per object.
    bool hold(std::size_t offset, std::size_t length);

private:
    std::filesystem::path m_path;
    const char* m_data = nullptr;
    std::size_t m_size = 0;
    bool m_mapped = false;
    int m_fd = -1;        // kept open while mapped, for the lease
    int m_guard = -1;     // write_guard handle once held
    std::string m_buffer; // when not mapped
};

// Bytes to parse plus where they came from, so parsers can name the file and free pages.
struct InputBytes {
    std::filesystem::path file;
    std::string_view bytes;
    // The file, for releasing pages, and shared so that a parser may keep it (values read in
    // place); null for decompressed or in-memory data.
    std::shared_ptr<MappedFile> mapped;
    // Where `offset` into bytes lies in the mapped file.
    std::size_t fileOffset(std::size_t offset) const {
        return static_cast<std::size_t>(bytes.data() - mapped->bytes().data()) + offset;
    }
    void release(std::size_t offset, std::size_t length) const {
        if (mapped) mapped->release(fileOffset(offset), length);
    }
};

} // namespace vecspace
