#pragma once
// The counters INFO reports; CONFIG RESETSTAT zeroes them.

#include <algorithm>
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

/// Redis's clientsCronTrackExpansiveClients: the largest query buffer and
/// output list any client had, per second, over the last kSlots seconds
/// (INFO clients' client_recent_max_input_buffer / _output_buffer). A second's
/// slot starts from zero when time reaches it again.
class ClientPeaks {
public:
  static constexpr std::size_t kSlots = 8;  // Redis's CLIENTS_PEAK_MEM_USAGE_SLOTS

  void record(std::int64_t now_s, std::size_t input, std::size_t output) noexcept {
    move_to(now_s);
    auto& slot = slots_[index(now_s)];
    slot.input = std::max(slot.input, input);
    slot.output = std::max(slot.output, output);
  }
  std::size_t max_input(std::int64_t now_s) noexcept { return peak(now_s, &Slot::input); }
  std::size_t max_output(std::int64_t now_s) noexcept { return peak(now_s, &Slot::output); }

private:
  struct Slot {
    std::size_t input = 0, output = 0;
  };
  static std::size_t index(std::int64_t second) noexcept { return static_cast<std::size_t>(second) % kSlots; }
  /// Clears the slots of the seconds passed since the last record.
  void move_to(std::int64_t now_s) noexcept {
    if (now_s <= second_) return;
    const std::int64_t first = std::max(second_ + 1, now_s - static_cast<std::int64_t>(kSlots) + 1);
    for (std::int64_t s = first; s <= now_s; ++s) slots_[index(s)] = Slot{};
    second_ = now_s;
  }
  std::size_t peak(std::int64_t now_s, std::size_t Slot::*field) noexcept {
    move_to(now_s);
    std::size_t most = 0;
    for (const Slot& slot : slots_) most = std::max(most, slot.*field);
    return most;
  }

  std::array<Slot, kSlots> slots_{};
  std::int64_t second_ = 0;
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
  /// The most used_memory INFO saw. Not sampled by the cron: glibc's
  /// mallinfo2 walks the free lists, which cost whole milliseconds while a
  /// mass expiry frees a million keys (and slowed their reclaiming 25-fold).
  std::size_t used_memory_peak = 0;
  InstantaneousMetric ops, net_input, net_output;
  /// INFO errorstats: error replies by their code ("ERR", "WRONGTYPE"...).
  std::map<std::string, std::uint64_t, std::less<>> errors;
};

} // namespace not_redis::detail
