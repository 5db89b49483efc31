#pragma once
// CRC-64 as Redis's crc64.c computes it (the Jones polynomial
// 0xad93d23594c935a9, reflected, no final xor): the checksum that ends every
// DUMP payload. crc64(0, "123456789") == 0xe9c6d914c4b8d9ca.

#include <cstdint>
#include <string_view>

namespace not_redis::detail {

/// Continues the checksum `crc` over `bytes` (start with 0).
std::uint64_t crc64(std::uint64_t crc, std::string_view bytes) noexcept;

} // namespace not_redis::detail
