#pragma once
// What a handler sees (Context), and what it gives back (Outcome): a reply, or
// a request to wait for data (Block).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/value.hpp>

#include "cmd/session.hpp"
#include "cmd/store.hpp"
#include "db/object.hpp"

namespace not_redis::detail {

struct CommandSpec;

/// A blocking command with nothing to serve yet: what it waits for. The
/// engine parks the caller until one of `keys` holds a value of type `wants`
/// (then runs `resume` again, before any other command, so nobody can take the
/// data in between) or until `deadline_ms` passes.
struct Block {
  std::vector<std::string> keys;
  std::int64_t deadline_ms = 0;  ///< on the store's clock; 0 = wait forever
  Value timeout_reply;           ///< nil, or Value::null_array() (BLPOP's RESP2 `*-1`)
  ObjectType wants = ObjectType::list;
  /// The command to run when woken, when its meaning was fixed at block time
  /// (XREAD ... $ resolves `$` to the last id when it blocks); unset: the
  /// original arguments.
  std::optional<Argv> resume;
  /// Woken (to answer an error) when a key is deleted or gets another type,
  /// as Redis 7.0 unblocks XREADGROUP: it re-runs with CallMode::reprocessing.
  bool unblock_when_gone = false;
};

/// A handler's result: the reply, or the wait a blocking command asks for.
class Outcome {
public:
  Outcome(Value reply) noexcept : reply_(std::move(reply)) {}  // NOLINT: every reply is an outcome
  explicit Outcome(std::unique_ptr<Block> block) noexcept : block_(std::move(block)) {}

  bool blocked() const noexcept { return block_ != nullptr; }
  /// The reply; a placeholder (nil) when blocked.
  Value& reply() noexcept { return reply_; }
  std::unique_ptr<Block> take_block() noexcept { return std::move(block_); }

private:
  Value reply_;
  std::unique_ptr<Block> block_;
};

/// How a command is being run, beyond its arguments.
struct CallMode {
  /// A blocked command's re-run, once data arrived: counted and shown to
  /// MONITOR only once, when it is served.
  bool reprocessing = false;
  /// Inside EXEC, Client::atomically() or an in-process batch: nothing may
  /// block (a blocking command answers as on timeout), and nothing is queued
  /// for MULTI (these commands are the queue being run).
  bool deny_blocking = false;
  /// The time snapshot to use (a whole EXEC or atomically() shares one), in µs
  /// on the store's clock; 0 = read the clock.
  std::int64_t now_us = 0;
};

struct Context {
  Store& store;
  /// Who runs the command: its connection, or the in-process caller's session.
  Session& client;
  const Argv& argv;
  const CommandSpec& command;
  std::int64_t now_us;
  CallMode mode;

  Keyspace& db() const noexcept { return store.db; }
  std::int64_t now_ms() const noexcept { return now_us / 1000; }
  Session& session() const noexcept { return client; }
  /// The caller's protocol (2 or 3), for the few replies whose shape differs
  /// beyond what the RESP2 writer converts (e.g. HRANDFIELD WITHVALUES).
  int resp() const noexcept { return client.resp; }
  /// Inside EXEC, atomically() or a batch: blocking is denied.
  bool denies_blocking() const noexcept { return mode.deny_blocking; }

  /// For a blocking command with nothing to serve yet: waits until one of
  /// `keys` holds a `wants` value, or until `deadline_ms` on the store's clock
  /// (0 = forever), when the caller gets `timeout_reply`. Inside EXEC, where
  /// Redis never blocks, `timeout_reply` is the answer at once. Redis differs
  /// between the two for BLMOVE/BRPOPLPUSH (a null array on timeout, nil in a
  /// transaction): those handle the transaction case themselves.
  template <class Keys>
  Outcome block(const Keys& keys, std::int64_t deadline_ms, Value timeout_reply = Value{},
                ObjectType wants = ObjectType::list) const {
    if (mode.deny_blocking) return timeout_reply;
    auto request = std::make_unique<Block>();
    for (const auto& key : keys) request->keys.emplace_back(key);
    request->deadline_ms = deadline_ms;
    request->timeout_reply = std::move(timeout_reply);
    request->wants = wants;
    return Outcome(std::move(request));
  }
};

} // namespace not_redis::detail
