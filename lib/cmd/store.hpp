#pragma once
// Store: everything a command may touch. Loop thread only.

#include <cstdint>
#include <random>
#include <string>

#include <not_redis/clock.hpp>

#include "cmd/config.hpp"
#include "cmd/pubsub.hpp"
#include "cmd/session.hpp"
#include "cmd/slowlog.hpp"
#include "cmd/stats.hpp"
#include "cmd/watched_keys.hpp"
#include "db/keyspace.hpp"

namespace not_redis::detail {

struct Store {
  /// Declared before the keyspace, which hands it values: it outlives them.
  LazyFree lazy_free;
  Keyspace db;
  Config config;
  Stats stats;
  Slowlog slowlog;
  /// Who is subscribed to which channel and pattern.
  PubSub pubsub;
  /// Who WATCHes which key (consumes the keyspace's events).
  WatchedKeys watches;
  std::mt19937_64 rng;
  Clock* clock = nullptr;
  std::int64_t start_time_us = 0;
  /// used_memory when the store was made (INFO's used_memory_startup).
  std::size_t used_memory_startup = 0;
  /// INFO replication's master_replid: 40 hex digits drawn once, from `rng`.
  std::string replication_id;
  /// INFO server's run_id, drawn the same way.
  std::string run_id;
  /// Called after CONFIG SET changes settings, for those the engine applies
  /// (hz, the keyspace's lazy-free policy).
  void (*on_config_changed)(void* engine) = nullptr;
  void* engine = nullptr;
  /// Not reset by CONFIG RESETSTAT, as Redis's are not.
  ClientPeaks client_peaks;
  /// Callers waiting in blocking commands (INFO clients: blocked_clients).
  std::size_t blocked_clients = 0;
  /// Network sessions, when a Server is attached; null otherwise.
  SessionRegistry* sessions = nullptr;
  std::uint64_t next_session_id = 1;
};

} // namespace not_redis::detail
