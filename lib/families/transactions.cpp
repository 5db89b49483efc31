// Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c).
// Queuing happens in dispatch(), which sees every command first; the watched
// keys' registry is Store::watches, fed by the keyspace's events.

#include "families/transactions.hpp"

#include <span>

#include "families/family.hpp"

namespace not_redis::detail {

void discard_transaction(Store& store, Session& session) noexcept {
  session.multi = MultiState{};
  store.watches.unwatch_all(session);
  session.watch_dirty = false;
}

namespace {

// MULTI
Outcome multi(Context& ctx) {
  Session& session = ctx.session();
  if (session.shared) return error_reply(errors::kSharedSession);
  if (session.multi.active) return error_reply(errors::kMultiNested);
  session.multi.active = true;
  return Value::ok();
}

// EXEC: runs the queued commands back to back, with one time snapshot and
// nothing interleaved, unless a command was refused while queuing (EXECABORT)
// or a watched key changed (a null array).
Outcome exec(Context& ctx) {
  Session& session = ctx.session();
  if (!session.multi.active) return error_reply(errors::kExecWithoutMulti);
  if (WatchedKeys::any_expired_since_watch(session, ctx.db())) session.watch_dirty = true;
  if (session.multi.aborted || session.watch_dirty) {
    const bool aborted = session.multi.aborted;
    discard_transaction(ctx.store, session);
    return aborted ? error_reply(errors::kExecAbort) : Value::null_array();
  }
  // Unwatch first: the transaction's own writes must not look the keys up.
  ctx.store.watches.unwatch_all(session);
  // The queue stays in place while it runs: CLIENT INFO inside it shows
  // `flags=x multi=N`, as in Redis.
  const std::span<const Argv> queued = session.multi.queued;
  Value::Array replies;
  try {
    replies.reserve(queued.size());
    const CallMode mode{.deny_blocking = true, .now_us = ctx.now_us};
    for (const Argv& argv : queued) {
      Outcome outcome = dispatch(ctx.store, session, argv, mode);
      // Nothing blocks inside EXEC; a command that asked to anyway answers nil.
      replies.push_back(outcome.blocked() ? Value{} : std::move(outcome.reply()));
    }
  } catch (const std::bad_alloc&) {
    // The connection must leave MULTI whatever happens; dispatch answers OOM
    // (the commands run so far keep their writes, as after any EXEC).
    discard_transaction(ctx.store, session);
    throw;
  }
  discard_transaction(ctx.store, session);
  return Value::array(std::move(replies));
}

// DISCARD
Outcome discard(Context& ctx) {
  if (!ctx.session().multi.active) return error_reply(errors::kDiscardWithoutMulti);
  discard_transaction(ctx.store, ctx.session());
  return Value::ok();
}

// WATCH key [key ...]
Outcome watch(Context& ctx) {
  Session& session = ctx.session();
  if (session.shared) return error_reply(errors::kSharedSession);
  if (session.multi.active) return error_reply(errors::kWatchInsideMulti);
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    // Not a lookup: reclaiming an expired key here would report a change the
    // watch then sees. Redis records that the key was already expired instead.
    const bool expired = ctx.db().presence(ctx.argv[i]) == Keyspace::Presence::expired;
    ctx.store.watches.watch(session, ctx.argv[i], expired);
  }
  return Value::ok();
}

// UNWATCH
Outcome unwatch(Context& ctx) {
  ctx.store.watches.unwatch_all(ctx.session());
  ctx.session().watch_dirty = false;
  return Value::ok();
}

constexpr std::uint32_t kFlags = kNoscript | kLoading | kStale | kFast | kAllowBusy;

constexpr CommandSpec kCommands[] = {
    {"discard", 1, kFlags, 0, 0, 0, &discard, "@fast @transaction"},
    {"exec", 1, kNoscript | kLoading | kStale | kSkipSlowlog, 0, 0, 0, &exec, "@slow @transaction"},
    {"multi", 1, kFlags, 0, 0, 0, &multi, "@fast @transaction"},
    {"unwatch", 1, kFlags, 0, 0, 0, &unwatch, "@fast @transaction"},
    {"watch", -2, kFlags, 1, -1, 1, &watch, "@fast @transaction"},
};

} // namespace

std::span<const CommandSpec> transaction_commands() { return kCommands; }

} // namespace not_redis::detail
