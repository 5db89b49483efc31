#include "util/lzf.hpp"

namespace not_redis::detail {

// Each control byte starts either a literal run (below 32: that many + 1
// bytes follow) or a back reference: 3 bits of length (7 = one more length
// byte follows) and 13 bits of distance, the low 8 in the next byte.
bool lzf_decompress(std::string_view in, char* out, std::size_t out_size) noexcept {
  const auto* ip = reinterpret_cast<const unsigned char*>(in.data());
  const unsigned char* const in_end = ip + in.size();
  std::size_t op = 0;
  while (ip < in_end) {
    const unsigned ctrl = *ip++;
    if (ctrl < 32) {
      const std::size_t run = ctrl + 1;
      if (static_cast<std::size_t>(in_end - ip) < run || out_size - op < run) return false;
      for (std::size_t i = 0; i < run; ++i) out[op++] = static_cast<char>(*ip++);
      continue;
    }
    std::size_t length = ctrl >> 5;
    if (length == 7) {
      if (ip >= in_end) return false;
      length += *ip++;
    }
    if (ip >= in_end) return false;
    const std::size_t distance = ((static_cast<std::size_t>(ctrl & 0x1f) << 8) | *ip++) + 1;
    length += 2;
    if (distance > op || out_size - op < length) return false;
    // Byte by byte: the source may overlap what this copy writes.
    for (std::size_t i = 0; i < length; ++i, ++op) out[op] = out[op - distance];
  }
  return op == out_size;
}

} // namespace not_redis::detail
