#pragma once
// Stream figures: heap bytes per entry of one stream key, pipelined XADD, and
// XREADGROUP ... COUNT 100 ... > draining a consumer group, each next to
// redis-server measured the same way in the same run.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace not_redis::bench {

struct StreamFigures {
  std::optional<double> bytes_per_stream_entry, redis_bytes_per_stream_entry;
  std::optional<double> xadd_ops_per_s, redis_xadd_ops_per_s;
  std::optional<double> xreadgroup_ops_per_s, redis_xreadgroup_ops_per_s;  ///< entries delivered per second
  std::vector<std::string> notes;  ///< why figures are missing, failed checks
};

/// Entries per XREADGROUP call, and calls in flight while draining the group.
inline constexpr std::size_t kXreadgroupCount = 100;
inline constexpr std::size_t kXreadgroupCallsInFlight = 10;

/// `entries` entries of two fields ("f1" and "f2", 8-byte values) in one
/// stream key: the heap delta per entry of an attached store (call it while no
/// other thread allocates), XADD ... * pipelined 1000 at a time, then a group
/// created at 0 drained by one consumer with XREADGROUP COUNT 100 (every entry
/// checked to come exactly once, in order). redis-server figures are left out
/// (a note says why) without hiredis or redis-server.
StreamFigures measure_streams(std::size_t entries);

} // namespace not_redis::bench
