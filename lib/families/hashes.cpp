// The hash family (placeholder until the family lands).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> hash_commands() { return {}; }

} // namespace not_redis::detail
