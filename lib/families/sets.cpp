// The sets family (placeholder until the family lands).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> set_commands() { return {}; }

} // namespace not_redis::detail
