// SORT and SORT_RO on lists, sets and sorted sets (sort.c).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> sort_commands() { return {}; }

} // namespace not_redis::detail
