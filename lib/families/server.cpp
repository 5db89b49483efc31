// PING, ECHO, TIME and SELECT: the server and connection commands that need
// nothing but the call itself (Redis's server.c; SELECT is db.c's). INFO,
// COMMAND and CONFIG have files of their own.

#include <climits>
#include <span>
#include <string>

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// Command handlers.

// PING [message]
Outcome ping(Context& ctx) {
  // Arity -1 lets PING alone through; Redis's handler refuses more than one argument.
  if (ctx.argv.size() > 2) return error_reply(errors::wrong_arity(ctx.command.name));
  // A RESP2 subscriber reads only arrays: Redis answers it ["pong", argument or ""].
  if (ctx.session().subscribed() && ctx.resp() == 2)
    return Value::array({Value::bulk("pong"), Value::bulk(ctx.argv.size() == 2 ? std::string(ctx.argv[1]) : "")});
  if (ctx.argv.size() == 2) return Value::bulk(ctx.argv[1]);
  return Value::simple("PONG");
}

// ECHO message
Outcome echo(Context& ctx) { return Value::bulk(ctx.argv[1]); }

// TIME
Outcome time(Context& ctx) {
  // The store's clock, so a ManualClock moves TIME too.
  return Value::array({Value::bulk(std::to_string(ctx.now_us / 1'000'000)),
                       Value::bulk(std::to_string(ctx.now_us % 1'000'000))});
}

// SELECT index
Outcome select(Context& ctx) {
  const auto index = integer_arg(ctx, 1);
  if (!index) return not_integer();
  if (*index < INT_MIN || *index > INT_MAX) return error_reply(errors::kIntOutOfRange);
  // A store holds one database. Redis (databases 16) would accept 1..15; we
  // answer those as out of range too rather than pretend to switch.
  if (*index != 0) return error_reply(errors::kDbIndexOutOfRange);
  return Value::ok();
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr CommandSpec kCommands[] = {
    {"echo", 2, kLoading | kStale | kFast, 0, 0, 0, &echo, "@fast @connection"},
    {"ping", -1, kFast | kSentinel, 0, 0, 0, &ping, "@fast @connection"},
    {"select", 2, kLoading | kStale | kFast, 0, 0, 0, &select, "@fast @connection"},
    {"time", 1, kLoading | kStale | kFast, 0, 0, 0, &time, "@fast"},
};

} // namespace

std::span<const CommandSpec> server_commands() { return kCommands; }

} // namespace not_redis::detail
