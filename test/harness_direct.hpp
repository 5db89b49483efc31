#pragma once
// The harness below the engine: a store with no loop, on a ManualClock, whose
// commands a test dispatches itself, in the CallMode of its choice (EXEC's,
// where blocking is denied).

#include <not_redis/argv.hpp>
#include <not_redis/clock.hpp>

#include "cmd/store.hpp"
#include "cmd/table.hpp"
#include "harness.hpp"

namespace test {

/// Inside EXEC, atomically() or a batch: a blocking command answers at once.
inline constexpr not_redis::detail::CallMode kInExec{.deny_blocking = true};

struct DirectStore {
  not_redis::ManualClock clock;
  not_redis::detail::Store store;
  not_redis::detail::Session session;

  DirectStore() { store.clock = &clock; }
  /// Runs `argv` for the session; the command must not block.
  Value run(const not_redis::Argv& argv, not_redis::detail::CallMode mode = {}) {
    not_redis::detail::Outcome outcome = not_redis::detail::dispatch(store, session, argv, mode);
    CHECK_FALSE(outcome.blocked());
    return std::move(outcome.reply());
  }
};

} // namespace test
