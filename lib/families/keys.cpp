// The generic keyspace family: DEL, EXISTS, EXPIRE, SCAN... (db.c, expire.c).

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// DEL key [key ...]
Value del(Context& ctx) {
  long long deleted = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) deleted += ctx.db().erase(ctx.argv[i]);
  return Value::integer(deleted);
}

constexpr CommandSpec kCommands[] = {
    {"del", -2, kWrite, 1, -1, 1, &del, "@keyspace @write @slow"},
};

} // namespace

std::span<const CommandSpec> key_commands() { return kCommands; }

} // namespace not_redis::detail
