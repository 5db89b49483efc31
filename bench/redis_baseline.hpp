#pragma once
// The Redis baseline: a private redis-server driven through hiredis. Built
// only when hiredis is found (NOT_REDIS_BENCH_HIREDIS).

#include <cstddef>
#include <optional>
#include <string>

#include "workload.hpp"

namespace not_redis::bench {

struct RedisFigures {
  std::optional<double> rtt_p50_ns;
  std::optional<double> pipelined_get_ops_per_s;
  std::optional<double> bytes_per_key;
  std::optional<double> bytes_per_key_with_ttl;
  std::optional<double> bytes_per_hash_field, bytes_per_list_element, bytes_per_set_member;
  std::optional<double> del_hash_ms, unlink_hash_ms;
  std::optional<double> bytes_per_zset_member, zadd_ops_per_s, zrange_rank_window_ops_per_s;  ///< round trip of deleting the N-field hash
  std::string note;  ///< why figures are missing, if any are
};

/// Starts redis-server (if it is on PATH) on a free loopback port and a unix
/// socket in a temporary directory, measures, and stops it again (also on error).
RedisFigures measure_redis(const Workload& w, std::size_t rtt_samples);

} // namespace not_redis::bench
