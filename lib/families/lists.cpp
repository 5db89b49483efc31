// The lists family (placeholder until the family lands).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> list_commands() { return {}; }

} // namespace not_redis::detail
