#pragma once
// The data every measurement shares (keys, values, a shuffled order) and the
// few timing helpers they use, so every figure is taken on the same input.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace not_redis::bench {

/// N keys `key:0000000`..., 16-byte values, and one seeded random order of
/// their indices in which every measurement issues its operations.
struct Workload {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  std::vector<std::uint32_t> order;

  std::size_t size() const noexcept { return keys.size(); }
  const std::string& key(std::size_t i) const noexcept { return keys[order[i]]; }
  const std::string& value(std::size_t i) const noexcept { return values[order[i]]; }
};

inline Workload make_workload(std::size_t n, std::uint64_t seed) {
  Workload w;
  w.keys.reserve(n);
  w.values.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    w.keys.push_back(fmt::format("key:{:07}", i));
    w.values.push_back(fmt::format("value:{:010}", i));  // 16 bytes
  }
  w.order.resize(n);
  std::iota(w.order.begin(), w.order.end(), 0u);
  std::shuffle(w.order.begin(), w.order.end(), std::mt19937_64(seed));
  return w;
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
