#include "base/write_guard.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/mman.h>
#include <thread>

namespace vecspace {
namespace {

// The handler may run on any thread at any moment, so the table is fixed and lock-free: a
// slot goes Free -> Claimed (being filled) -> Armed (guarded) -> Busy (handler copying) -> Done,
// and back to Free through Claimed when unguarded. Only the holder of the change from Armed
// (to Busy, or to Claimed) touches the mapping.
enum SlotState : int { Free, Claimed, Armed, Busy, Done };

struct Slot {
    std::atomic<int> state{Free};
    std::atomic<int> fd{-1};
    std::atomic<void*> data{nullptr};
    std::atomic<std::size_t> size{0};
};

constexpr int kSlots = 256;
Slot g_slots[kSlots];
int g_signal = 0;

// Async-signal-safe: atomics, mmap, memcpy, mremap, mprotect and fcntl only.
void privatize(Slot& slot) {
    void* data = slot.data.load();
    const std::size_t size = slot.size.load();
    void* copy = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    // Without memory for the copy the writer must still go on (the kernel would force it after
    // lease-break-time anyway); the mapping then stays shared with the file.
    if (copy != MAP_FAILED) {
        std::memcpy(copy, data, size);
        ::mprotect(copy, size, PROT_READ);
        if (::mremap(copy, size, size, MREMAP_MAYMOVE | MREMAP_FIXED, data) == MAP_FAILED)
            ::munmap(copy, size);
    }
    ::fcntl(slot.fd.load(), F_SETLEASE, F_UNLCK);
}

// Every armed lease whose break is pending, whatever the signal says: a queued signal may be
// stale (its descriptor closed and the number reused), and when the real-time queue is full the
// kernel sends SIGIO without a descriptor. A lease being broken reads F_UNLCK.
void onLeaseBreak(int, siginfo_t*, void*) {
    const int savedErrno = errno;
    for (Slot& slot : g_slots) {
        int armed = Armed;
        if (!slot.state.compare_exchange_strong(armed, Busy)) continue;
        if (::fcntl(slot.fd.load(), F_GETLEASE) == F_RDLCK) {
            slot.state.store(Armed);
            continue;
        }
        privatize(slot);
        slot.state.store(Done);
    }
    errno = savedErrno;
}

// Installs onLeaseBreak on `sig` unless someone else handles it. True if it is ours.
bool takeSignal(int sig) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) return false;
    if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction == onLeaseBreak) return true;
    if ((old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != nullptr
                                    : (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN))
        return false;
    struct sigaction action {};
    action.sa_sigaction = onLeaseBreak;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return ::sigaction(sig, &action, nullptr) == 0;
}

// Whether onLeaseBreak still handles `sig` (another library may have replaced it since).
bool stillOurs(int sig) {
    struct sigaction current {};
    return ::sigaction(sig, nullptr, &current) == 0 && (current.sa_flags & SA_SIGINFO) &&
           current.sa_sigaction == onLeaseBreak;
}

bool installHandler() {
    static std::once_flag once;
    static bool installed = false;
    std::call_once(once, [] {
        // A real-time signal carries the file descriptor (si_fd); SIGIO would not queue.
        const int sig = SIGRTMIN + 6;
        // Someone else's handler on the signal: leave it alone, read files into memory. SIGIO,
        // the kernel's fallback when the queue is full, would otherwise end the process.
        if (sig > SIGRTMAX || !takeSignal(sig) || !takeSignal(SIGIO)) return;
        g_signal = sig;
        installed = true;
    });
    return installed;
}

} // namespace

int guardMapping(int fd, void* data, std::size_t size) {
    if (fd < 0 || !data || size == 0 || !installHandler() || !stillOurs(g_signal) ||
        !stillOurs(SIGIO))
        return -1;
    for (int i = 0; i < kSlots; ++i) {
        Slot& slot = g_slots[i];
        int free = Free;
        if (!slot.state.compare_exchange_strong(free, Claimed)) continue;
        slot.fd.store(fd);
        slot.data.store(data);
        slot.size.store(size);
        slot.state.store(Armed);
        if (::fcntl(fd, F_SETSIG, g_signal) == 0 && ::fcntl(fd, F_SETLEASE, F_RDLCK) == 0) return i;
        unguardMapping(i);
        return -1;
    }
    return -1;
}

void unguardMapping(int handle) {
    if (handle < 0 || handle >= kSlots) return;
    Slot& slot = g_slots[handle];
    int armed = Armed;
    if (slot.state.compare_exchange_strong(armed, Claimed)) {
        ::fcntl(slot.fd.load(), F_SETLEASE, F_UNLCK);
    } else {
        // A handler is copying on another thread: wait for it (it takes milliseconds).
        while (slot.state.load() == Busy)
            std::this_thread::yield();
    }
    slot.fd.store(-1);
    slot.data.store(nullptr);
    slot.size.store(0);
    slot.state.store(Free);
}

} // namespace vecspace
