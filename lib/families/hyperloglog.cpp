// HyperLogLog: PFADD, PFCOUNT, PFMERGE on string values in Redis's own representation (hyperloglog.c).

#include "families/family.hpp"

namespace not_redis::detail {

std::span<const CommandSpec> hyperloglog_commands() { return {}; }

} // namespace not_redis::detail
