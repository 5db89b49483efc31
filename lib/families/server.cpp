// Server and connection commands: PING, ECHO, TIME, INFO, COMMAND, CONFIG...

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// PING [message]
Value ping(Context& ctx) {
  if (ctx.argv.size() > 2) return error_reply(errors::wrong_arity("ping"));
  if (ctx.argv.size() == 2) return Value::bulk(ctx.argv[1]);
  return Value::simple("PONG");
}

constexpr CommandSpec kCommands[] = {
    {"ping", -1, kFast | kSentinel, 0, 0, 0, &ping, "@fast @connection"},
};

} // namespace

std::span<const CommandSpec> server_commands() { return kCommands; }

} // namespace not_redis::detail
