#pragma once
// What the process's allocator and the kernel say about memory: the figures
// behind INFO memory until the store accounts for its own bytes.

#include <cstddef>

namespace not_redis::detail {

struct HeapFigures {
  std::size_t allocated = 0;  ///< bytes in chunks handed out (glibc: uordblks + hblkhd)
  std::size_t active = 0;     ///< bytes the allocator holds from the system, free chunks included
};

/// glibc's mallinfo2(); zeros under an allocator that does not fill it in
/// (the sanitizers'), which callers replace by resident_bytes().
HeapFigures heap_figures() noexcept;
/// The process's resident set size (/proc/self/statm), 0 if unreadable.
std::size_t resident_bytes() noexcept;
/// Redis's used_memory for this process: the heap in use, or the resident
/// size where the allocator gives no figures.
std::size_t used_memory() noexcept;

} // namespace not_redis::detail
