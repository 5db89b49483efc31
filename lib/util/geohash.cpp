#include "util/geohash.hpp"

#include <cmath>

namespace not_redis::detail::geohash {

namespace {

constexpr Range kLongitudeRange{kLongitudeMin, kLongitudeMax};
constexpr Range kLatitudeRange{kLatitudeMin, kLatitudeMax};
// geohash_helper.c's degree conversions divide and multiply by this one
// constant (not its separately rounded DEG_TO_RAD): the last bits of every
// distance depend on it.
constexpr double kRadiansPerDegree = M_PI / 180.0;
// Half the Mercator projection's width in meters, which the step estimate
// doubles the radius towards.
constexpr double kMercatorMax = 20037726.37;

double to_radians(double degrees) { return degrees * kRadiansPerDegree; }
double to_degrees(double radians) { return radians / kRadiansPerDegree; }

/// Spreads the low 32 bits of `x` over the even positions of a 64-bit word
/// and those of `y` over the odd ones.
std::uint64_t interleave(std::uint32_t x, std::uint32_t y) noexcept {
  constexpr std::uint64_t kMasks[] = {0x5555555555555555ULL, 0x3333333333333333ULL, 0x0F0F0F0F0F0F0F0FULL,
                                      0x00FF00FF00FF00FFULL, 0x0000FFFF0000FFFFULL};
  std::uint64_t a = x, b = y;
  for (int i = 4; i >= 0; --i) {
    const unsigned shift = 1u << i;
    a = (a | (a << shift)) & kMasks[i];
    b = (b | (b << shift)) & kMasks[i];
  }
  return a | (b << 1);
}

/// The inverse: even bits in the low half of the result, odd bits in the high.
std::uint64_t deinterleave(std::uint64_t v) noexcept {
  constexpr std::uint64_t kMasks[] = {0x5555555555555555ULL, 0x3333333333333333ULL, 0x0F0F0F0F0F0F0F0FULL,
                                      0x00FF00FF00FF00FFULL, 0x0000FFFF0000FFFFULL, 0x00000000FFFFFFFFULL};
  std::uint64_t a = v, b = v >> 1;
  a &= kMasks[0];
  b &= kMasks[0];
  for (int i = 1; i <= 5; ++i) {
    const unsigned shift = 1u << (i - 1);
    a = (a | (a >> shift)) & kMasks[i];
    b = (b | (b >> shift)) & kMasks[i];
  }
  return a | (b << 32);
}

/// C's (uint64_t)d as gcc emits it for x86-64: cvttsd2si below 2^63,
/// cvttsd2si of d - 2^63 with the top bit flipped above; cvttsd2si gives
/// 0x8000000000000000 for what it cannot represent (infinities included).
/// Redis decodes any score this way, including the ones ZADD stored.
std::uint64_t c_double_to_uint64(double d) noexcept {
  constexpr double kTwo63 = 9223372036854775808.0;
  constexpr std::uint64_t kIndefinite = 0x8000000000000000ULL;
  const auto truncate = [](double x) -> std::uint64_t {
    if (!(x >= -kTwo63 && x < kTwo63)) return kIndefinite;
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
  };
  if (d < kTwo63) return truncate(d);
  return truncate(d - kTwo63) ^ kIndefinite;
}

Area decode_over(Range longitude, Range latitude, Bits hash) noexcept {
  const std::uint64_t separated = deinterleave(hash.bits);
  const auto lat_cell = static_cast<std::uint32_t>(separated);
  const auto lon_cell = static_cast<std::uint32_t>(separated >> 32);
  const double cells = static_cast<double>(1ULL << hash.step);
  const double lat_scale = latitude.max - latitude.min;
  const double lon_scale = longitude.max - longitude.min;
  Area area;
  area.latitude.min = latitude.min + (lat_cell * 1.0 / cells) * lat_scale;
  // The + 1 is 32-bit arithmetic in Redis too: the last cell's wraps to 0.
  area.latitude.max = latitude.min + (static_cast<std::uint32_t>(lat_cell + 1) * 1.0 / cells) * lat_scale;
  area.longitude.min = longitude.min + (lon_cell * 1.0 / cells) * lon_scale;
  area.longitude.max = longitude.min + (static_cast<std::uint32_t>(lon_cell + 1) * 1.0 / cells) * lon_scale;
  return area;
}

// Moves a cell one step east (+1) or west (-1): the longitude bits sit in the
// odd positions; filling the even ones with ones lets the carry run through.
void move_x(Bits& hash, int direction) noexcept {
  std::uint64_t x = hash.bits & 0xaaaaaaaaaaaaaaaaULL;
  const std::uint64_t y = hash.bits & 0x5555555555555555ULL;
  const std::uint64_t fill = 0x5555555555555555ULL >> (64 - hash.step * 2);
  if (direction > 0) {
    x = x + (fill + 1);
  } else {
    x = x | fill;
    x = x - (fill + 1);
  }
  x &= (0xaaaaaaaaaaaaaaaaULL >> (64 - hash.step * 2));
  hash.bits = x | y;
}

// The same for north (+1) and south (-1), on the even positions.
void move_y(Bits& hash, int direction) noexcept {
  const std::uint64_t x = hash.bits & 0xaaaaaaaaaaaaaaaaULL;
  std::uint64_t y = hash.bits & 0x5555555555555555ULL;
  const std::uint64_t fill = 0xaaaaaaaaaaaaaaaaULL >> (64 - hash.step * 2);
  if (direction > 0) {
    y = y + (fill + 1);
  } else {
    y = y | fill;
    y = y - (fill + 1);
  }
  y &= (0x5555555555555555ULL >> (64 - hash.step * 2));
  hash.bits = x | y;
}

Bits moved(Bits hash, int east, int north) noexcept {
  if (east) move_x(hash, east);
  if (north) move_y(hash, north);
  return hash;
}

/// The longitude and latitude bounds of the shape (geohashBoundingBox): a
/// box's sides and a circle's radius, widened in longitude by the latitude of
/// the edge nearer the pole.
Area bounding_box(const Shape& shape) noexcept {
  const bool circle = shape.kind == Shape::Kind::radius;
  const double height = shape.to_meters * (circle ? shape.radius : shape.height / 2);
  const double width = shape.to_meters * (circle ? shape.radius : shape.width / 2);
  const double latitude = shape.centre.latitude;
  const double longitude = shape.centre.longitude;
  const double lat_delta = to_degrees(height / kEarthRadiusMeters);
  const double lon_delta_top = to_degrees(width / kEarthRadiusMeters / std::cos(to_radians(latitude + lat_delta)));
  const double lon_delta_bottom = to_degrees(width / kEarthRadiusMeters / std::cos(to_radians(latitude - lat_delta)));
  const bool southern = latitude < 0;
  Area box;
  box.longitude.min = southern ? longitude - lon_delta_bottom : longitude - lon_delta_top;
  box.longitude.max = southern ? longitude + lon_delta_bottom : longitude + lon_delta_top;
  box.latitude.min = latitude - lat_delta;
  box.latitude.max = latitude + lat_delta;
  return box;
}

} // namespace

bool encode(Range longitude, Range latitude, LonLat point, std::uint8_t step, Bits& out) noexcept {
  if (step > 32 || step == 0) return false;
  if (point.longitude > kLongitudeMax || point.longitude < kLongitudeMin || point.latitude > kLatitudeMax ||
      point.latitude < kLatitudeMin)
    return false;
  out.bits = 0;
  out.step = step;
  if (point.latitude < latitude.min || point.latitude > latitude.max || point.longitude < longitude.min ||
      point.longitude > longitude.max)
    return false;
  double lat_offset = (point.latitude - latitude.min) / (latitude.max - latitude.min);
  double lon_offset = (point.longitude - longitude.min) / (longitude.max - longitude.min);
  lat_offset *= static_cast<double>(1ULL << step);
  lon_offset *= static_cast<double>(1ULL << step);
  out.bits = interleave(static_cast<std::uint32_t>(lat_offset), static_cast<std::uint32_t>(lon_offset));
  return true;
}

bool encode_wgs84(LonLat point, std::uint8_t step, Bits& out) noexcept {
  return encode(kLongitudeRange, kLatitudeRange, point, step, out);
}

std::uint64_t align52(Bits hash) noexcept { return hash.bits << (52 - hash.step * 2); }

std::uint64_t score_of(LonLat point) noexcept {
  Bits hash;
  encode_wgs84(point, kStepMax, hash);
  return align52(hash);
}

Area decode(Bits hash) noexcept { return decode_over(kLongitudeRange, kLatitudeRange, hash); }

LonLat decode_score(double score) noexcept {
  const Area area = decode(Bits{c_double_to_uint64(score), kStepMax});
  LonLat point;
  point.longitude = (area.longitude.min + area.longitude.max) / 2;
  if (point.longitude > kLongitudeMax) point.longitude = kLongitudeMax;
  if (point.longitude < kLongitudeMin) point.longitude = kLongitudeMin;
  point.latitude = (area.latitude.min + area.latitude.max) / 2;
  if (point.latitude > kLatitudeMax) point.latitude = kLatitudeMax;
  if (point.latitude < kLatitudeMin) point.latitude = kLatitudeMin;
  return point;
}

std::array<char, 11> base32_of_score(double score) noexcept {
  static constexpr char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  Bits hash;
  encode({-180, 180}, {-90, 90}, decode_score(score), kStepMax, hash);
  std::array<char, 11> out;
  for (int i = 0; i < 10; ++i) out[i] = kAlphabet[(hash.bits >> (52 - (i + 1) * 5)) & 0x1f];
  // 52 bits fill 10.4 characters; the 11th is a zero, as Redis pads it.
  out[10] = kAlphabet[0];
  return out;
}

double distance(LonLat a, LonLat b) noexcept {
  const double lat1 = to_radians(a.latitude);
  const double lon1 = to_radians(a.longitude);
  const double lat2 = to_radians(b.latitude);
  const double lon2 = to_radians(b.longitude);
  const double u = std::sin((lat2 - lat1) / 2);
  const double v = std::sin((lon2 - lon1) / 2);
  return 2.0 * kEarthRadiusMeters * std::asin(std::sqrt(u * u + std::cos(lat1) * std::cos(lat2) * v * v));
}

bool distance_if_inside(const Shape& shape, LonLat point, double& meters) noexcept {
  if (shape.kind == Shape::Kind::radius) {
    meters = distance(shape.centre, point);
    return meters <= shape.radius * shape.to_meters;
  }
  // A point is in the box when its east-west distance from the centre's
  // meridian, along its own parallel, and its north-south distance from the
  // centre's parallel are within the half sides.
  const double lon_distance = distance(point, {shape.centre.longitude, point.latitude});
  const double lat_distance = distance(point, {point.longitude, shape.centre.latitude});
  if (lon_distance > shape.width * shape.to_meters / 2 || lat_distance > shape.height * shape.to_meters / 2) return false;
  meters = distance(shape.centre, point);
  return true;
}

std::uint8_t estimate_steps(double range_meters, double latitude) noexcept {
  if (range_meters == 0) return 26;
  int step = 1;
  while (range_meters < kMercatorMax) {
    range_meters *= 2;
    ++step;
  }
  step -= 2;  // so that most radii fit the cells
  // Meridians converge towards the poles: wider cells there.
  if (latitude > 66 || latitude < -66) {
    --step;
    if (latitude > 80 || latitude < -80) --step;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return static_cast<std::uint8_t>(step);
}

std::array<Bits, 9> search_cells(const Shape& shape) noexcept {
  const Area bounds = bounding_box(shape);
  const bool circle = shape.kind == Shape::Kind::radius;
  const double half_width = shape.width / 2, half_height = shape.height / 2;
  const double radius_meters =
      (circle ? shape.radius : std::sqrt(half_width * half_width + half_height * half_height)) * shape.to_meters;
  int steps = estimate_steps(radius_meters, shape.centre.latitude);

  Bits centre;
  encode_wgs84(shape.centre, static_cast<std::uint8_t>(steps), centre);
  // Near a cell's edge the estimate can leave part of the shape outside the
  // 9 cells: one bit less then, as Redis checks it.
  const bool too_fine = decode(moved(centre, 0, 1)).latitude.max < bounds.latitude.max ||
                        decode(moved(centre, 0, -1)).latitude.min > bounds.latitude.min ||
                        decode(moved(centre, 1, 0)).longitude.max < bounds.longitude.max ||
                        decode(moved(centre, -1, 0)).longitude.min > bounds.longitude.min;
  if (steps > 1 && too_fine) {
    --steps;
    encode_wgs84(shape.centre, static_cast<std::uint8_t>(steps), centre);
  }
  std::array<Bits, 9> cells = {centre,           moved(centre, 0, 1),  moved(centre, 0, -1),
                               moved(centre, 1, 0), moved(centre, -1, 0), moved(centre, 1, 1),
                               moved(centre, -1, 1), moved(centre, 1, -1), moved(centre, -1, -1)};
  enum { kCentre, kNorth, kSouth, kEast, kWest, kNorthEast, kNorthWest, kSouthEast, kSouthWest };
  // Neighbours past the shape's bounds hold no match.
  if (steps >= 2) {
    const Area area = decode(centre);
    if (area.latitude.min < bounds.latitude.min) cells[kSouth] = cells[kSouthWest] = cells[kSouthEast] = Bits{};
    if (area.latitude.max > bounds.latitude.max) cells[kNorth] = cells[kNorthEast] = cells[kNorthWest] = Bits{};
    if (area.longitude.min < bounds.longitude.min) cells[kWest] = cells[kSouthWest] = cells[kNorthWest] = Bits{};
    if (area.longitude.max > bounds.longitude.max) cells[kEast] = cells[kSouthEast] = cells[kNorthEast] = Bits{};
  }
  return cells;
}

} // namespace not_redis::detail::geohash
