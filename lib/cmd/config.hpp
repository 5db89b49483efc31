#pragma once
// The settings CONFIG GET/SET reach, as one plain struct the store owns.

#include <string>

namespace not_redis::detail {

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

} // namespace not_redis::detail
