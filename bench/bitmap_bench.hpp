#pragma once
// Bitmap figures: BITCOUNT over one 64 MB value, in GB of value counted per
// second, next to the same count done by redis-server and by a plain loop of
// std::popcount over the bytes, in the same run.

#include <optional>
#include <string>
#include <vector>

namespace not_redis::bench {

struct BitmapFigures {
  std::optional<double> bitcount_gb_per_s;        ///< BITCOUNT key through a Client
  std::optional<double> redis_bitcount_gb_per_s;  ///< the same BITCOUNT on redis-server, through hiredis
  std::optional<double> raw_popcount_gb_per_s;    ///< std::popcount over the bytes, one 64-bit word at a time
  std::vector<std::string> notes;                 ///< why figures are missing, failed checks
};

/// The value's size: 64 MB, as the issue names it.
inline constexpr std::size_t kBitmapBytes = 64u << 20;

/// Counts the same random 64 MB value `rounds` times each way; a note if the
/// three counts disagree.
BitmapFigures measure_bitmaps(int rounds);

} // namespace not_redis::bench
