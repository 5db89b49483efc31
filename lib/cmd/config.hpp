#pragma once
// The settings CONFIG GET/SET reach, as one plain struct the store owns.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace not_redis::detail {

/// The classes client-output-buffer-limit has a limit for, in Redis's
/// CLIENT_TYPE_* order (the order CONFIG GET lists them in).
enum class OutputClass : std::uint8_t { normal, replica, pubsub };
inline constexpr std::size_t kOutputClasses = 3;

/// One class's limit: closed at `hard` bytes, or when over `soft` for more
/// than `soft_seconds`; 0 turns a limit off.
struct OutputLimit {
  unsigned long long hard = 0;
  unsigned long long soft = 0;
  long long soft_seconds = 0;
  bool operator==(const OutputLimit&) const = default;
};

struct Config {
  int hz = 10;
  int active_expire_effort = 1;
  long long proto_max_bulk_len = 512LL * 1024 * 1024;
  // Reported by CONFIG GET as Redis does. Nothing evicts or persists yet,
  // so CONFIG SET takes only the values that say so (see settings.cpp's
  // only()); maxmemory-samples is used by no one until maxmemory can be set.
  unsigned long long maxmemory = 0;
  std::string maxmemory_policy = "noeviction";
  int maxmemory_samples = 5;
  int notify_keyspace_events = 0;  ///< Redis's NOTIFY_* bits (settings.hpp's kNotify*): what notifications.cpp publishes
  std::string save;                ///< "seconds changes ..." pairs; empty = none
  bool appendonly = false;
  int timeout = 0;
  std::string requirepass;  ///< empty = no authentication
  bool protected_mode = true;  ///< without requirepass, only loopback clients connect
  // Redis's encoding thresholds. The hash and set ones decide OBJECT
  // ENCODING as in Redis (read at each write); list-max-listpack-size sizes
  // Redis's quicklist nodes, which not_redis's list chunks do not follow
  // (OBJECT ENCODING is "quicklist" either way, as in 7.0); the zset ones
  // wait for sorted sets.
  long long hash_max_listpack_entries = 512;
  long long hash_max_listpack_value = 64;
  int list_max_listpack_size = -2;
  int list_compress_depth = 0;
  long long set_max_intset_entries = 512;
  long long zset_max_listpack_entries = 128;
  long long zset_max_listpack_value = 64;
  // Longest a sparse HyperLogLog may grow (header included) before it is made dense.
  long long hll_sparse_max_bytes = 3000;
  // Where a stream's blocks split (as Redis's radix tree nodes); 0 = no limit.
  long long stream_node_max_bytes = 4096;
  long long stream_node_max_entries = 100;
  // Where a Server listens (it fills them in; CONFIG GET reports them):
  // nothing while the store is only embedded.
  int port = 0;
  std::string bind;
  std::string unixsocket;
  unsigned long long maxclients = 10000;
  // Redis's lazyfree-lazy-* choices of when large values are freed off the
  // loop (LazyFree). Eviction's waits for maxmemory.
  bool lazyfree_lazy_eviction = false;
  bool lazyfree_lazy_expire = false;
  bool lazyfree_lazy_server_del = false;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;
  // The slow log (SLOWLOG): commands that ran at least this long, in µs on
  // the store's clock (-1: none, 0: every one), and how many it keeps.
  long long slowlog_log_slower_than = 10000;
  long long slowlog_max_len = 128;
  // Redis's default, "normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60".
  // not_redis has no replicas: their limit is kept for CONFIG GET/SET only.
  std::array<OutputLimit, kOutputClasses> client_output_buffer_limit = {{
      {0, 0, 0},
      {256ULL * 1024 * 1024, 64ULL * 1024 * 1024, 60},
      {32ULL * 1024 * 1024, 8ULL * 1024 * 1024, 60},
  }};
};

} // namespace not_redis::detail
