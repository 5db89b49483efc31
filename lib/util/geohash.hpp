#pragma once
// Redis's geohash arithmetic (geohash.c, geohash_helper.c), reproduced to the
// bit: a 52-bit score interleaves 26 bits of latitude (in the even positions,
// over -85.05112878..85.05112878, the Web Mercator limits) with 26 bits of
// longitude (odd positions, -180..180). Searches cover the query with the
// cell holding its centre plus the 8 cells around it, at a precision chosen
// from the radius; each cell is one score range of the sorted set.

#include <array>
#include <cstdint>

namespace not_redis::detail::geohash {

inline constexpr double kLongitudeMin = -180;
inline constexpr double kLongitudeMax = 180;
inline constexpr double kLatitudeMin = -85.05112878;
inline constexpr double kLatitudeMax = 85.05112878;
/// Bits per coordinate in a stored score.
inline constexpr std::uint8_t kStepMax = 26;
inline constexpr double kEarthRadiusMeters = 6372797.560856;

struct Range {
  double min;
  double max;
};

/// A cell: `step` bits per coordinate, interleaved in `bits`. Both zero is
/// "no cell" (a neighbour excluded from the search).
struct Bits {
  std::uint64_t bits = 0;
  std::uint8_t step = 0;
  bool empty() const noexcept { return bits == 0 && step == 0; }
  friend bool operator==(const Bits&, const Bits&) = default;
};

struct Area {
  Range longitude;
  Range latitude;
};

struct LonLat {
  double longitude;
  double latitude;
};

/// Redis's geohashEncode over the given ranges; false outside them (or the
/// Mercator limits, which always apply).
bool encode(Range longitude, Range latitude, LonLat point, std::uint8_t step, Bits& out) noexcept;
/// The cell of `point` at `step` bits, over Redis's ranges.
bool encode_wgs84(LonLat point, std::uint8_t step, Bits& out) noexcept;
/// The score of `point`: its 26-bit cell shifted to 52 bits.
std::uint64_t score_of(LonLat point) noexcept;
/// A cell's bits shifted to their place in a 52-bit score (geohashAlign52Bits).
std::uint64_t align52(Bits hash) noexcept;

/// The cell's bounds over Redis's ranges (geohashDecode).
Area decode(Bits hash) noexcept;
/// The coordinates a score stands for: the centre of its cell, clamped to the
/// ranges (decodeGeohash). `score` goes through C's (uint64_t) conversion as
/// x86-64 performs it, so any score a ZADD stored decodes as in Redis.
LonLat decode_score(double score) noexcept;

/// The 11-character base32 geohash GEOHASH prints for a score: decoded, then
/// re-encoded over the standard -90..90 latitude range.
std::array<char, 11> base32_of_score(double score) noexcept;

/// The haversine great-circle distance in meters (geohashGetDistance).
double distance(LonLat a, LonLat b) noexcept;

/// A search shape around `centre`; lengths are in the unit, `to_meters` converts.
struct Shape {
  enum class Kind : std::uint8_t { radius, box };
  Kind kind = Kind::radius;
  LonLat centre{0, 0};
  double to_meters = 1;
  double radius = 0;
  double width = 0;
  double height = 0;
};

/// The distance in meters from the shape's centre to `point` if the point is
/// inside the shape (geohashGetDistanceIfInRadiusWGS84 and
/// geohashGetDistanceIfInRectangle), else false.
bool distance_if_inside(const Shape& shape, LonLat point, double& meters) noexcept;

/// The 9 cells to scan, in Redis's order: the centre's, then north, south,
/// east, west, north-east, north-west, south-east, south-west; cells that
/// cannot hold a match at the chosen precision are empty()
/// (geohashCalculateAreasByShapeWGS84).
std::array<Bits, 9> search_cells(const Shape& shape) noexcept;

/// The number of bits per coordinate whose cells cover `range_meters` around a
/// point at `latitude` (geohashEstimateStepsByRadius).
std::uint8_t estimate_steps(double range_meters, double latitude) noexcept;

} // namespace not_redis::detail::geohash
