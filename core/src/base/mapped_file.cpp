#include "base/mapped_file.h"

#include "base/write_guard.h"
#include "vecspace/io/load_error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vecspace {
namespace {

struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

std::size_t pageSize() {
    static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return page;
}

std::string errnoText() {
    return std::strerror(errno);
}

} // namespace

MappedFile::MappedFile(const std::filesystem::path& path) : m_path(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw LoadError(path, "cannot open: " + errnoText());
    FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw LoadError(path, "cannot stat: " + errnoText());
    if (S_ISDIR(st.st_mode)) throw LoadError(path, "is a directory, not an embedding file");

    if (S_ISREG(st.st_mode)) {
        m_size = static_cast<std::size_t>(st.st_size);
        if (m_size == 0) return;
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            m_data = static_cast<const char*>(p);
            m_mapped = true;
            ::madvise(p, m_size, MADV_SEQUENTIAL);
            m_fd = closer.fd;
            closer.fd = -1;
            return;
        }
    }
    // Not mappable: read it all.
    char chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw LoadError(path, "read error: " + errnoText());
        }
        if (n == 0) break;
        m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
    m_data = m_buffer.data();
    m_size = m_buffer.size();
}

MappedFile::~MappedFile() {
    unguardMapping(m_guard);
    if (m_mapped) ::munmap(const_cast<char*>(m_data), m_size);
    if (m_fd >= 0) ::close(m_fd);
}

bool MappedFile::hold(std::size_t offset, std::size_t length) {
    if (m_guard >= 0 || !m_mapped || length == 0 || offset > m_size || length > m_size - offset)
        return false;
    // Whole pages, but none past the end of the file.
    const std::size_t page = pageSize();
    const std::size_t begin = offset / page * page;
    const std::size_t end = std::min((offset + length + page - 1) / page * page, m_size);
    char* start = const_cast<char*>(m_data) + begin;
    m_guard = guardMapping(m_fd, start, end - begin);
    if (m_guard < 0) return false;
    // The lease covers what happens from now on; a file cut short before it was taken is not
    // what was mapped (and reading past its end would raise SIGBUS).
    struct stat st {};
    if (::fstat(m_fd, &st) != 0 || static_cast<std::size_t>(st.st_size) != m_size) {
        unguardMapping(m_guard);
        m_guard = -1;
        return false;
    }
    // Read as the program needs them from now on, not once front to back.
    ::madvise(start, end - begin, MADV_NORMAL);
    return true;
}

void MappedFile::release(std::size_t offset, std::size_t length) const {
    if (!m_mapped || m_guard >= 0 || length == 0) return;
    const std::size_t page = pageSize();
    const std::size_t begin = (offset + page - 1) / page * page;
    const std::size_t end = std::min(offset + length, m_size) / page * page;
    if (end > begin) ::madvise(const_cast<char*>(m_data) + begin, end - begin, MADV_DONTNEED);
}

} // namespace vecspace
