// The bitmap commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD (bitops.c).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> bitmap_commands() { return {}; }

} // namespace not_redis::detail
