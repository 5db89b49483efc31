#pragma once
// The command table's row type and the context a handler runs in.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/clock.hpp>
#include <not_redis/value.hpp>

#include "cmd/session.hpp"
#include "db/keyspace.hpp"

namespace not_redis::detail {

// Redis's command flags (COMMAND INFO reports them by these names).
enum CommandFlag : std::uint32_t {
  kWrite = 1u << 0,
  kReadonly = 1u << 1,
  kDenyOom = 1u << 2,
  kAdmin = 1u << 3,
  kPubsub = 1u << 4,
  kNoscript = 1u << 5,
  kBlocking = 1u << 6,
  kLoading = 1u << 7,
  kStale = 1u << 8,
  kSkipMonitor = 1u << 9,
  kSkipSlowlog = 1u << 10,
  kFast = 1u << 11,
  kNoAuth = 1u << 12,
  kMayReplicate = 1u << 13,
  kSentinel = 1u << 14,
  kOnlySentinel = 1u << 15,
  kNoMandatoryKeys = 1u << 16,
  kProtected = 1u << 17,
  kNoAsyncLoading = 1u << 18,
  kNoMulti = 1u << 19,
  kMovableKeys = 1u << 20,
  kAllowBusy = 1u << 21,
};

/// The settings CONFIG GET/SET reach.
struct Config {
  int hz = 10;
  int active_expire_effort = 1;
  long long proto_max_bulk_len = 512LL * 1024 * 1024;
  // Accepted by CONFIG SET and reported by CONFIG GET as Redis does; nothing
  // acts on them yet (an embedded store neither evicts, persists nor notifies).
  unsigned long long maxmemory = 0;
  std::string maxmemory_policy = "noeviction";
  int maxmemory_samples = 5;
  int notify_keyspace_events = 0;  ///< Redis's NOTIFY_* bits
  std::string save;                ///< "seconds changes ..." pairs; empty = none
  bool appendonly = false;
  int timeout = 0;
  std::string requirepass;  ///< empty = no authentication
  // Redis's encoding thresholds, accepted and reported as Redis does; the
  // encodings (lib/db) keep their own constants, equal to these defaults.
  long long hash_max_listpack_entries = 512;
  long long hash_max_listpack_value = 64;
  int list_max_listpack_size = -2;
  int list_compress_depth = 0;
  long long set_max_intset_entries = 512;
  long long zset_max_listpack_entries = 128;
  long long zset_max_listpack_value = 64;
  // Where a Server listens (it fills them in; CONFIG GET reports them):
  // nothing while the store is only embedded.
  int port = 0;
  std::string bind;
  std::string unixsocket;
  unsigned long long maxclients = 10000;
};

struct CommandSpec;

/// INFO commandstats: one per command (and subcommand) that has run.
struct CommandStats {
  std::uint64_t calls = 0;
  std::uint64_t usec = 0;
  std::uint64_t rejected_calls = 0;  ///< refused before running (arity, NOAUTH)
  std::uint64_t failed_calls = 0;    ///< ran and replied with an error
};

/// Counters for INFO stats; CONFIG RESETSTAT zeroes them.
struct Stats {
  std::uint64_t commands_processed = 0;
  std::uint64_t keyspace_hits = 0;
  std::uint64_t keyspace_misses = 0;
  std::uint64_t expire_cycles = 0;
  std::uint64_t expire_cycle_time_us = 0;
  std::uint64_t expire_cycle_max_us = 0;
  std::unordered_map<const CommandSpec*, CommandStats> commands;
  std::uint64_t connections_received = 0;
  std::uint64_t rejected_connections = 0;
  /// INFO errorstats: error replies by their code ("ERR", "WRONGTYPE"...).
  std::map<std::string, std::uint64_t, std::less<>> errors;
};

/// Everything a command may touch. Loop thread only.
struct Store {
  Keyspace db;
  Config config;
  Stats stats;
  std::mt19937_64 rng;
  Clock* clock = nullptr;
  std::int64_t start_time_us = 0;
  /// Called after CONFIG SET changes a setting the engine acts on (hz).
  void (*on_config_changed)(void* engine) = nullptr;
  void* engine = nullptr;

  /// Set by Context::block(): the command waits for data instead of replying.
  struct BlockRequest {
    std::vector<std::string> keys;
    std::int64_t deadline_ms = 0;  ///< on the store's clock; 0 = wait forever
    Value timeout_reply;           ///< nil, or Value::null_array() (BLPOP's RESP2 `*-1`)
  };
  std::optional<BlockRequest> block_request;
  /// True while a transaction runs its commands: blocking commands answer at once.
  bool in_transaction = false;
  /// Callers waiting in blocking commands (INFO clients: blocked_clients).
  std::size_t blocked_clients = 0;

  /// Who runs the current command; never null while a command runs.
  Session* session = nullptr;
  /// Network sessions, when a Server is attached; null otherwise.
  SessionRegistry* sessions = nullptr;
  std::uint64_t next_session_id = 1;
};

/// What a handler sees: the store, its arguments and the command's time.
struct Context {
  Store& store;
  const Argv& argv;
  const CommandSpec& command;
  std::int64_t now_us;

  Keyspace& db() const noexcept { return store.db; }
  std::int64_t now_ms() const noexcept { return now_us / 1000; }
  Session& session() const noexcept { return *store.session; }
  /// The caller's protocol (2 or 3), for the few replies whose shape differs
  /// beyond what the RESP2 writer converts (e.g. HRANDFIELD WITHVALUES).
  int resp() const noexcept { return store.session->resp; }

  /// For a blocking command with nothing to serve yet: wait until one of
  /// `keys` gets data (the engine then runs the command again, before any
  /// other command, so nobody can take the data in between) or until
  /// `deadline_ms` on the store's clock (0 = forever; the reply is then nil).
  /// Returns the reply to give now: nil inside a transaction, where Redis
  /// never blocks; otherwise a placeholder the engine discards.
  /// `timeout_reply` is what the caller gets on timeout and inside a
  /// transaction. Redis differs between the two for BLMOVE/BRPOPLPUSH (a null
  /// array on timeout, nil in a transaction): those handle the transaction case
  /// themselves.
  template <class Keys>
  Value block(const Keys& keys, std::int64_t deadline_ms, Value timeout_reply = Value{}) {
    if (store.in_transaction) return timeout_reply;
    Store::BlockRequest request;
    for (const auto& key : keys) request.keys.emplace_back(key);
    request.deadline_ms = deadline_ms;
    request.timeout_reply = std::move(timeout_reply);
    store.block_request = std::move(request);
    return Value{};
  }
};

using Handler = Value (*)(Context&);

/// One row of the command table, as Redis declares commands.
struct CommandSpec {
  std::string_view name;  ///< lower case; a subcommand's full name is "container|name"
  int arity;              ///< counts the command name; negative = at least -arity
  std::uint32_t flags;
  int first_key;  ///< 0 = no keys
  int last_key;   ///< negative counts from the end
  int key_step;
  Handler handler;
  std::string_view acl_categories;  ///< e.g. "@write @string @slow"
  std::span<const CommandSpec> subcommands = {};
  /// For movable-keys commands whose keys follow a count (SINTERCARD 2 a b,
  /// LMPOP, BLMPOP): the position of that count; 0 = none.
  int numkeys_at = 0;
};

} // namespace not_redis::detail
