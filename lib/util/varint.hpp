#pragma once
// LEB128 varints: the lengths of packed entries (hash pairs, zset listpack
// entries), one byte below 128.

#include <cstddef>

namespace not_redis::detail {

constexpr std::size_t varint_size(std::size_t n) noexcept {
  std::size_t bytes = 1;
  for (; n >= 0x80; n >>= 7) ++bytes;
  return bytes;
}

inline unsigned char* write_varint(unsigned char* p, std::size_t n) noexcept {
  while (n >= 0x80) {
    *p++ = static_cast<unsigned char>(n | 0x80);
    n >>= 7;
  }
  *p++ = static_cast<unsigned char>(n);
  return p;
}

/// Reads the varint at `p` and moves `p` past it.
inline std::size_t read_varint(const unsigned char*& p) noexcept {
  std::size_t n = 0;
  int shift = 0;
  while (*p & 0x80) {
    n |= static_cast<std::size_t>(*p++ & 0x7f) << shift;
    shift += 7;
  }
  n |= static_cast<std::size_t>(*p++) << shift;
  return n;
}

} // namespace not_redis::detail
