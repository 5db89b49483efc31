#pragma once
// The counters INFO reports; CONFIG RESETSTAT zeroes them.

#include <array>
#include <cstddef>
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

/// Redis's instantaneous metrics: a rate sampled at each tick of the
/// server's cron (here the active-expiry timer, every 1000/hz ms), averaged
/// over the last kSamples ticks as trackInstantaneousMetric does.
struct InstantaneousMetric {
  static constexpr std::size_t kSamples = 16;  // Redis's STATS_METRIC_SAMPLES
  std::array<double, kSamples> rates{};
  std::size_t next = 0;
  std::int64_t last_ms = 0;
  std::uint64_t last_reading = 0;

  void sample(std::int64_t now_ms, std::uint64_t reading) noexcept {
    if (last_ms != 0 && now_ms > last_ms) {
      rates[next] = static_cast<double>(reading - last_reading) * 1000.0 / static_cast<double>(now_ms - last_ms);
      next = (next + 1) % kSamples;
    }
    last_ms = now_ms;
    last_reading = reading;
  }
  double per_second() const noexcept {
    double sum = 0;
    for (double r : rates) sum += r;
    return sum / kSamples;
  }
};

struct Stats {
  std::uint64_t commands_processed = 0;
  std::uint64_t keyspace_hits = 0;
  std::uint64_t keyspace_misses = 0;
  std::uint64_t expire_cycles = 0;
  std::uint64_t expire_cycle_time_us = 0;
  std::uint64_t expire_cycle_max_us = 0;
  std::uint64_t expire_cycles_capped = 0;  ///< stopped by the time budget with due keys left
  std::unordered_map<const CommandSpec*, CommandStats> commands;
  std::uint64_t connections_received = 0;
  std::uint64_t rejected_connections = 0;
  std::uint64_t net_input_bytes = 0;   ///< read from network clients
  std::uint64_t net_output_bytes = 0;  ///< written to them
  std::uint64_t reads_processed = 0;
  std::uint64_t writes_processed = 0;
  std::uint64_t error_replies = 0;  ///< every error reply, as Redis's total_error_replies
  InstantaneousMetric ops, net_input, net_output;
  /// INFO errorstats: error replies by their code ("ERR", "WRONGTYPE"...).
  std::map<std::string, std::uint64_t, std::less<>> errors;
};

} // namespace not_redis::detail
