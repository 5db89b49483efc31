#include "bitmap_bench.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <exception>
#include <random>
#include <string_view>

#include <fmt/format.h>

#include <not_redis/not_redis.hpp>

#include "attached_store.hpp"
#include "process.hpp"
#include "workload.hpp"
#if NOT_REDIS_BENCH_HIREDIS
#include "redis_baseline.hpp"
#endif

namespace not_redis::bench {

namespace {

constexpr std::string_view kKey = "bench:bitmap";

void progress(std::string_view what) { fmt::print(stderr, "not_redis-bench: {}...\n", what); }

double gb_per_s(double seconds, int rounds) {
  return seconds > 0 ? static_cast<double>(kBitmapBytes) * rounds / seconds / 1e9 : 0;
}

std::string random_value() {
  std::string value(kBitmapBytes, '\0');
  std::mt19937_64 rng(20261203);
  for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
    const std::uint64_t w = rng();
    std::memcpy(value.data() + i, &w, sizeof w);
  }
  return value;
}

// What a program would write itself: std::popcount over 64-bit words.
long long raw_count(const std::string& value) {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < value.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, value.data() + i, sizeof w);
    total += static_cast<std::uint64_t>(std::popcount(w));
  }
  return static_cast<long long>(total);
}

} // namespace

BitmapFigures measure_bitmaps(int rounds) {
  BitmapFigures f;
  progress(fmt::format("bitmaps: BITCOUNT of a {} MB value, {} times", kBitmapBytes >> 20, rounds));
  const std::string value = random_value();

  long long expected = 0;
  auto start = SteadyClock::now();
  for (int i = 0; i < rounds; ++i) expected = raw_count(value);
  f.raw_popcount_gb_per_s = gb_per_s(seconds_since(start), rounds);

  {
    AttachedStore store;
    store->set(kKey, value).get();
    long long counted = 0;
    start = SteadyClock::now();
    for (int i = 0; i < rounds; ++i) counted = store->bitcount(kKey).get();
    f.bitcount_gb_per_s = gb_per_s(seconds_since(start), rounds);
    if (counted != expected) f.notes.push_back(fmt::format("BITCOUNT counted {}, std::popcount {}", counted, expected));
  }

#if NOT_REDIS_BENCH_HIREDIS
  const auto redis = find_on_path("redis-server");
  if (!redis) {
    f.notes.push_back("bitmaps redis baseline: redis-server is not on PATH");
    return f;
  }
  try {
    RedisServer server(*redis);
    Connection c = server.connect();
    command(c.get(), "SET %b %b", kKey.data(), kKey.size(), value.data(), value.size());
    long long counted = 0;
    start = SteadyClock::now();
    for (int i = 0; i < rounds; ++i) counted = command(c.get(), "BITCOUNT %b", kKey.data(), kKey.size())->integer;
    f.redis_bitcount_gb_per_s = gb_per_s(seconds_since(start), rounds);
    if (counted != expected) f.notes.push_back(fmt::format("redis BITCOUNT counted {}, std::popcount {}", counted, expected));
    command(c.get(), "FLUSHALL");
  } catch (const std::exception& ex) {
    f.notes.push_back(fmt::format("bitmaps redis baseline: {}", ex.what()));
  }
#else
  f.notes.push_back("bitmaps redis baseline: built without hiredis");
#endif
  return f;
}

} // namespace not_redis::bench
