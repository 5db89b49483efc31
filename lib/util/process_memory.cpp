#include "util/process_memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>

namespace not_redis::detail {

HeapFigures heap_figures() noexcept {
  const struct mallinfo2 heap = mallinfo2();
  return {heap.uordblks + heap.hblkhd, heap.arena + heap.hblkhd};
}

std::size_t resident_bytes() noexcept {
  unsigned long long pages_total = 0, pages_resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%llu %llu", &pages_total, &pages_resident) != 2) pages_resident = 0;
    std::fclose(f);
  }
  return static_cast<std::size_t>(pages_resident * static_cast<unsigned long long>(sysconf(_SC_PAGESIZE)));
}

std::size_t used_memory() noexcept {
  const std::size_t allocated = heap_figures().allocated;
  return allocated != 0 ? allocated : resident_bytes();
}

} // namespace not_redis::detail
