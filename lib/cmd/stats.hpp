#pragma once
// The counters INFO reports; CONFIG RESETSTAT zeroes them.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>

#include "util/latency_histogram.hpp"

namespace not_redis::detail {

struct CommandSpec;

/// INFO commandstats: one per command (and subcommand) that has run.
struct CommandStats {
  std::uint64_t calls = 0;
  std::uint64_t usec = 0;
  std::uint64_t rejected_calls = 0;  ///< refused before running (arity, NOAUTH)
  std::uint64_t failed_calls = 0;    ///< ran and replied with an error
  LatencyHistogram latency;          ///< INFO latencystats
};

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

} // namespace not_redis::detail
