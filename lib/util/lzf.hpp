#pragma once
// LZF decompression (liblzf's format, which Redis uses for the strings of
// its RDB files and DUMP payloads when rdbcompression is on).

#include <cstddef>
#include <string_view>

namespace not_redis::detail {

/// The most bytes `compressed_size` bytes of LZF can expand to: a 3-byte
/// back reference copies at most 264 bytes. A declared size above this is a
/// lie, refused before anything is allocated.
constexpr std::size_t lzf_max_expansion(std::size_t compressed_size) noexcept { return compressed_size * 88; }

/// Decompresses `in` into `out`, which must be exactly the declared size;
/// false if the data is malformed (a reference before the start, a run past
/// either end) or does not fill `out` exactly. Never reads or writes out of
/// bounds.
bool lzf_decompress(std::string_view in, char* out, std::size_t out_size) noexcept;

} // namespace not_redis::detail
