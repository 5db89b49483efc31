// Geospatial commands on sorted sets with 52-bit geohash scores (geo.c, geohash.c).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> geo_commands() { return {}; }

} // namespace not_redis::detail
