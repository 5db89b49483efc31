#include "util/crc64.hpp"

#include <array>

namespace not_redis::detail {

namespace {

// The Jones polynomial with its bits reversed, for the reflected
// (least-significant bit first) byte-at-a-time algorithm.
constexpr std::uint64_t kReflectedPolynomial = 0x95ac9329ac4bc9b5ULL;

constexpr std::array<std::uint64_t, 256> make_table() noexcept {
  std::array<std::uint64_t, 256> table{};
  for (std::uint64_t i = 0; i < 256; ++i) {
    std::uint64_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kReflectedPolynomial : crc >> 1;
    table[i] = crc;
  }
  return table;
}

constexpr std::array<std::uint64_t, 256> kTable = make_table();

} // namespace

std::uint64_t crc64(std::uint64_t crc, std::string_view bytes) noexcept {
  for (const char c : bytes) crc = kTable[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
  return crc;
}

} // namespace not_redis::detail
