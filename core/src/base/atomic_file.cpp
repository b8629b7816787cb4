#include "base/atomic_file.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace vecspace {

struct AtomicFile::Deflater {
    z_stream zs{};
};

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

// Fault injection for tests: VECSPACE_FAIL_WRITES_AFTER=N makes every write past the first N
// bytes of a file fail as a full disk would (ENOSPC).
std::size_t failWritesAfter() {
    static const std::size_t limit = [] {
        const char* value = std::getenv("VECSPACE_FAIL_WRITES_AFTER");
        return value && *value ? std::size_t(std::strtoull(value, nullptr, 10)) : SIZE_MAX;
    }();
    return limit;
}
} // namespace

AtomicFile::AtomicFile(std::filesystem::path target, bool gzip) : m_target(std::move(target)) {
    std::string pattern = m_target.string() + ".tmp-XXXXXX";
    m_fd = ::mkstemp(pattern.data());
    if (m_fd < 0) fail("cannot create a temporary file beside it");
    m_temp = pattern;
    // mkstemp makes the file 0600; give the result the permissions a new file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_fd, 0666 & ~mask);
    if (gzip) {
        m_deflater = new Deflater;
        if (deflateInit2(&m_deflater->zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
            Z_OK)
            fail("zlib failed to start");
    }
    m_buffer.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
    if (m_deflater) {
        deflateEnd(&m_deflater->zs);
        delete m_deflater;
    }
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && !m_temp.empty()) ::unlink(m_temp.c_str());
}

void AtomicFile::fail(std::string_view what) const {
    throw std::runtime_error(m_target.string() + ": " + std::string(what) + ": " +
                             std::strerror(errno));
}

void AtomicFile::write(std::string_view bytes) {
    if (m_buffer.size() + bytes.size() > kBufferBytes) flushBuffer();
    if (bytes.size() > kBufferBytes) {
        if (m_deflater) {
            m_buffer.assign(bytes);
            flushBuffer();
        } else {
            writeRaw(bytes.data(), bytes.size());
        }
        return;
    }
    m_buffer.append(bytes);
}

void AtomicFile::flushBuffer() {
    if (!m_deflater) {
        writeRaw(m_buffer.data(), m_buffer.size());
        m_buffer.clear();
        return;
    }
    z_stream& zs = m_deflater->zs;
    zs.next_in = reinterpret_cast<Bytef*>(m_buffer.data());
    zs.avail_in = static_cast<uInt>(m_buffer.size());
    char out[1 << 16];
    do {
        zs.next_out = reinterpret_cast<Bytef*>(out);
        zs.avail_out = sizeof out;
        deflate(&zs, Z_NO_FLUSH);
        writeRaw(out, sizeof out - zs.avail_out);
    } while (zs.avail_out == 0);
    m_buffer.clear();
}

void AtomicFile::writeRaw(const char* data, std::size_t size) {
    if (m_written + size > failWritesAfter()) {
        errno = ENOSPC;
        fail("write failed");
    }
    m_written += size;
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write failed");
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    flushBuffer();
    if (m_deflater) {
        z_stream& zs = m_deflater->zs;
        char out[1 << 16];
        int rc;
        do {
            zs.next_out = reinterpret_cast<Bytef*>(out);
            zs.avail_out = sizeof out;
            rc = deflate(&zs, Z_FINISH);
            writeRaw(out, sizeof out - zs.avail_out);
        } while (rc == Z_OK);
        if (rc != Z_STREAM_END) fail("compression failed");
    }
    if (::fsync(m_fd) != 0) fail("fsync failed");
    if (::close(m_fd) != 0) {
        m_fd = -1;
        fail("close failed");
    }
    m_fd = -1;
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
        fail("cannot rename the temporary file into place");
    m_committed = true;
}

} // namespace vecspace
