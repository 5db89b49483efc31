// DUMP and RESTORE in Redis 7.0's serialization (cluster.c, rdb.c).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> dump_commands() { return {}; }

} // namespace not_redis::detail
