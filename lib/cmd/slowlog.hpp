#pragma once
// The slow log's entries, as the store keeps them (Redis's slowlog.c). The
// commands that fill and read it are families/slowlog.cpp's.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace not_redis::detail {

/// One logged command: what SLOWLOG GET shows of it.
struct SlowlogEntry {
  std::uint64_t id = 0;
  std::int64_t unix_time_s = 0;  ///< on the store's clock
  std::int64_t duration_us = 0;
  std::vector<std::string> argv;  ///< capped as Redis caps it (32 arguments, 128 bytes each)
  std::string peer;               ///< "ip:port" or "/path:0"; empty for in-process callers
  std::string client_name;
};

struct Slowlog {
  std::deque<SlowlogEntry> entries;  ///< newest first
  /// Not reset by SLOWLOG RESET, as in Redis: ids stay unique for a reader
  /// that polls the log.
  std::uint64_t next_id = 0;
};

} // namespace not_redis::detail
