#pragma once
// The data every measurement shares (keys, values, a shuffled order) and the
// few timing helpers they use, so every figure is taken on the same input.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace not_redis::bench {

/// N keys `key:0000000`..., 16-byte values, 16-byte hash fields, and one
/// seeded random order of their indices in which every measurement issues its
/// operations.
struct Workload {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  std::vector<std::string> fields;
  std::vector<std::string> scores;  ///< ZADD scores: seeded random, "%.17g"
  std::vector<std::uint32_t> order;

  std::size_t size() const noexcept { return keys.size(); }
  const std::string& key(std::size_t i) const noexcept { return keys[order[i]]; }
  const std::string& value(std::size_t i) const noexcept { return values[order[i]]; }
  const std::string& field(std::size_t i) const noexcept { return fields[order[i]]; }
  const std::string& score(std::size_t i) const noexcept { return scores[order[i]]; }
};

inline Workload make_workload(std::size_t n, std::uint64_t seed) {
  Workload w;
  w.keys.reserve(n);
  w.values.reserve(n);
  w.fields.reserve(n);
  w.scores.reserve(n);
  std::mt19937_64 scores(seed + 1);
  for (std::size_t i = 0; i < n; ++i) {
    w.keys.push_back(fmt::format("key:{:07}", i));
    w.values.push_back(fmt::format("value:{:010}", i));  // 16 bytes
    w.fields.push_back(fmt::format("field:{:010}", i));  // 16 bytes
    w.scores.push_back(fmt::format("{:.17g}", std::uniform_real_distribution<double>(0, 1e6)(scores)));
  }
  w.order.resize(n);
  std::iota(w.order.begin(), w.order.end(), 0u);
  std::shuffle(w.order.begin(), w.order.end(), std::mt19937_64(seed));
  return w;
}

/// The aggregate types whose memory per element is measured: all N elements
/// in ONE key (hash: field(i) -> value(i); list and set: value(i); sorted
/// set: value(i) with score(i)).
enum class Aggregate { hash, list, set, zset };

struct AggregateLoad {
  std::string_view command;         ///< adds elements: HSET, RPUSH, SADD
  std::string_view key;
  std::string_view length_command;  ///< counts them afterwards: HLEN, LLEN, SCARD
  std::string_view figure;          ///< the name of the per-element figure
};

constexpr AggregateLoad load_of(Aggregate kind) {
  switch (kind) {
    case Aggregate::hash: return {"HSET", "bench:hash", "HLEN", "bytes_per_hash_field"};
    case Aggregate::list: return {"RPUSH", "bench:list", "LLEN", "bytes_per_list_element"};
    case Aggregate::set: return {"SADD", "bench:set", "SCARD", "bytes_per_set_member"};
    case Aggregate::zset: return {"ZADD", "bench:zset", "ZCARD", "bytes_per_zset_member"};
  }
  return {};
}

/// Elements (hash: field/value pairs) per loading command, as a client
/// batching its writes would send them.
constexpr std::size_t kElementsPerCommand = 1000;

/// Calls `send(args)` with each command (name and key first) that loads the
/// N elements of `kind` into one key, in order, until `send` returns false.
/// The arguments view the workload's strings; both stores get the same ones.
template <class Send>
void for_each_load_command(const Workload& w, Aggregate kind, Send&& send) {
  const AggregateLoad load = load_of(kind);
  std::vector<std::string_view> args;
  for (std::size_t start = 0; start < w.size(); start += kElementsPerCommand) {
    const std::size_t end = std::min(w.size(), start + kElementsPerCommand);
    args.assign({load.command, load.key});
    for (std::size_t i = start; i < end; ++i) {
      if (kind == Aggregate::hash) args.push_back(w.field(i));
      if (kind == Aggregate::zset) args.push_back(w.score(i));
      args.push_back(w.value(i));
    }
    if (!send(std::span<const std::string_view>(args))) return;
  }
}

/// ZRANGE windows: kZrangeWindow ranks from a seeded random start, as many
/// windows as a tenth of the members (at least one).
constexpr long long kZrangeWindow = 10;
inline std::vector<long long> zrange_window_starts(const Workload& w) {
  std::mt19937_64 rng(w.size());
  const auto last_start = static_cast<long long>(w.size()) - kZrangeWindow;
  std::vector<long long> starts(std::max<std::size_t>(1, w.size() / 10));
  for (long long& s : starts) s = std::uniform_int_distribution<long long>(0, std::max(0LL, last_start))(rng);
  return starts;
}

using SteadyClock = std::chrono::steady_clock;

inline double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

inline double ns_per_op(double seconds, std::size_t ops) { return ops ? seconds * 1e9 / static_cast<double>(ops) : 0; }
inline double ops_per_s(double seconds, std::size_t ops) { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }

/// The q-quantile (0..1) of `samples`, reordering them.
inline double percentile(std::vector<std::int64_t>& samples, double q) {
  if (samples.empty()) return 0;
  const auto rank = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank), samples.end());
  return static_cast<double>(samples[rank]);
}

/// Keeps a computed value alive so the optimiser cannot drop the work behind it.
template <class T>
inline void keep(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

} // namespace not_redis::bench
