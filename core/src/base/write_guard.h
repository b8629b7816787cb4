#pragma once

#include <cstddef>

namespace vecspace {

// Keeps the bytes of a read-only file mapping stable while other programs write the file, so
// that a matrix read in place can neither change under a computation nor vanish (a truncated
// mapped file raises SIGBUS on the next read). It takes a read lease (Linux fcntl F_SETLEASE):
// a program that opens the file for writing, or truncates it, is held back by the kernel until
// the lease is released, and this process gets a signal. The handler first moves a private
// copy of the bytes over the mapping, at the same addresses, so readers never see a change;
// then it releases the lease and the writer goes on.
//
// guardMapping guards the `size` bytes at `data` (page-aligned, inside the mapping of `fd`): only
// they are copied when a writer comes, so a few rows of a large file cost a few rows. The copy
// needs that much memory; without it (or if mremap fails) the writer still goes on and the
// mapping stays the file's. Returns a handle >= 0, or -1 where no lease can be taken: another
// owner's file (without CAP_LEASE), a file open for writing somewhere, a file system without
// leases, another handler on SIGRTMIN+6 or SIGIO. The caller must then copy what it keeps. `fd`
// must stay open until unguardMapping.
int guardMapping(int fd, void* data, std::size_t size);

// Ends the guard; call it before unmapping and closing. Waits for a handler in progress.
void unguardMapping(int handle);

} // namespace vecspace
