#include "stream_bench.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <string_view>
#include <utility>

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

constexpr std::size_t kBatch = 1000;  // XADDs in flight
constexpr std::string_view kKey = "bench:stream";
constexpr std::string_view kGroup = "g";
constexpr std::string_view kConsumer = "c";

void progress(std::string_view what) { fmt::print(stderr, "not_redis-bench: {}...\n", what); }

/// The entries both stores get: explicit ids one millisecond apart (for the
/// memory figures; the XADD figures use `*`), "f1" -> "a0000000"... and
/// "f2" -> "b0000000"... (8 bytes, not integers, so neither store can encode
/// them as numbers).
struct Entries {
  std::vector<std::string> ids, f1, f2;
  std::size_t size() const noexcept { return ids.size(); }
};

Entries make_entries(std::size_t n) {
  Entries e;
  e.ids.reserve(n);
  e.f1.reserve(n);
  e.f2.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    e.ids.push_back(fmt::format("{}-0", 1'700'000'000'000ULL + i));
    e.f1.push_back(fmt::format("a{:07}", i % 10'000'000));
    e.f2.push_back(fmt::format("b{:07}", i % 10'000'000));
  }
  return e;
}

/// Compares what one XREADGROUP call delivered with the entries expected
/// from `next` on (ids as XADD replied them); advances `next`.
struct DeliveryCheck {
  const Entries& entries;
  const std::vector<std::string>& ids;
  std::size_t next = 0, wrong = 0;

  void entry(std::string_view id, std::string_view f1, std::string_view v1, std::string_view f2, std::string_view v2) {
    if (next >= ids.size() || id != ids[next] || f1 != "f1" || v1 != entries.f1[next] || f2 != "f2" ||
        v2 != entries.f2[next])
      ++wrong;
    ++next;
  }
  /// A note if not every entry came exactly once, in order.
  void report(std::string_view who, bool drained, StreamFigures& f) const {
    if (next != ids.size() || wrong != 0 || !drained)
      f.notes.push_back(fmt::format("{} XREADGROUP: {} of {} entries delivered, {} not the entry expected there{}", who,
                                    next, ids.size(), wrong, drained ? "" : ", and a last call still found some"));
  }
};

/// Heap bytes per entry of one stream key loaded by XADDs with explicit ids
/// into a fresh attached store.
std::optional<double> store_bytes_per_entry(const Entries& e, StreamFigures& f) {
  AttachedStore store;
  const std::size_t before = heap_in_use();
  for (std::size_t i = 0; i < e.size(); ++i)
    store->xadd(kKey, {{"f1", e.f1[i]}, {"f2", e.f2[i]}}, {.id = e.ids[i]}).get();
  const std::size_t after = heap_in_use();
  const long long length = store->xlen(kKey).get();
  if (length != static_cast<long long>(e.size())) {
    f.notes.push_back(fmt::format("bytes_per_stream_entry: XLEN is {}, not {}", length, e.size()));
    return std::nullopt;
  }
  return (static_cast<double>(after) - static_cast<double>(before)) / static_cast<double>(e.size());
}

/// Pipelined XADD ... * of every entry from this thread into a store on its
/// own, then XREADGROUP COUNT 100 ... > of a group created at 0, until the
/// group has had every entry.
void store_throughput(const Entries& e, StreamFigures& f) {
  progress(fmt::format("streams: {} pipelined XADDs, XREADGROUP COUNT {} through the typed API", e.size(), kXreadgroupCount));
  Client store;
  std::vector<std::string> ids;
  ids.reserve(e.size());
  std::vector<Future<std::optional<std::string>>> batch;
  batch.reserve(kBatch);
  auto start = SteadyClock::now();
  for (std::size_t first = 0; first < e.size(); first += kBatch) {
    const std::size_t end = std::min(e.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i) batch.push_back(store.xadd(kKey, {{"f1", e.f1[i]}, {"f2", e.f2[i]}}));
    for (auto& added : batch) ids.push_back(added.get().value_or(""));
    batch.clear();
  }
  f.xadd_ops_per_s = ops_per_s(seconds_since(start), e.size());
  const long long length = store.xlen(kKey).get();
  if (length != static_cast<long long>(e.size()) || std::ranges::count(ids, "") != 0) {
    f.notes.push_back(fmt::format("xadd_ops_per_s: XLEN is {} after {} XADDs", length, e.size()));
    return;
  }

  store.command<void>("XGROUP", "CREATE", kKey, kGroup, "0").get();
  const auto read = [&] {
    return store.command<std::optional<StreamReads>>("XREADGROUP", "GROUP", kGroup, kConsumer, "COUNT",
                                                     kXreadgroupCount, "STREAMS", kKey, ">");
  };
  DeliveryCheck check{e, ids};
  const auto take = [&](std::optional<StreamReads>&& reads) {
    if (!reads) return;
    for (auto& [key, entries] : *reads) {
      for (const StreamEntry& entry : entries) {
        if (entry.fields.size() != 2) ++check.wrong;
        else
          check.entry(entry.id, entry.fields[0].first, entry.fields[0].second, entry.fields[1].first,
                      entry.fields[1].second);
      }
    }
  };
  const std::size_t calls = (e.size() + kXreadgroupCount - 1) / kXreadgroupCount;
  std::vector<Future<std::optional<StreamReads>>> reads;
  reads.reserve(kXreadgroupCallsInFlight);
  start = SteadyClock::now();
  for (std::size_t first = 0; first < calls; first += kXreadgroupCallsInFlight) {
    const std::size_t end = std::min(calls, first + kXreadgroupCallsInFlight);
    for (std::size_t i = first; i < end; ++i) reads.push_back(read());
    for (auto& r : reads) take(r.get());
    reads.clear();
  }
  const double seconds = seconds_since(start);
  check.report("not_redis", !read().get().has_value(), f);
  f.xreadgroup_ops_per_s = ops_per_s(seconds, check.next);
}

#if NOT_REDIS_BENCH_HIREDIS
/// used_memory delta per entry of the explicit-id XADDs, kBatch pipelined.
double redis_bytes_per_entry(redisContext* c, const Entries& e) {
  command(c, "FLUSHALL");
  const long long before = used_memory(c);
  for (std::size_t first = 0; first < e.size(); first += kBatch) {
    const std::size_t end = std::min(e.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(c, "XADD %b %b f1 %b f2 %b", kKey.data(), kKey.size(), e.ids[i].data(), e.ids[i].size(),
                         e.f1[i].data(), e.f1[i].size(), e.f2[i].data(), e.f2[i].size());
    for (std::size_t i = first; i < end; ++i) next_reply(c);
  }
  const long long after = used_memory(c);
  const long long length = command(c, "XLEN %b", kKey.data(), kKey.size())->integer;
  if (length != static_cast<long long>(e.size()))
    throw std::runtime_error(fmt::format("redis: XLEN is {}, not {}", length, e.size()));
  return static_cast<double>(after - before) / static_cast<double>(e.size());
}

std::string_view text(const redisReply* r) { return {r->str, r->len}; }

/// The same XADDs and XREADGROUPs as store_throughput(), hiredis pipelining
/// over the unix socket.
void redis_throughput(redisContext* c, const Entries& e, StreamFigures& f) {
  progress(fmt::format("streams: {} pipelined XADDs, XREADGROUP COUNT {} against redis-server", e.size(), kXreadgroupCount));
  command(c, "FLUSHALL");
  std::vector<std::string> ids;
  ids.reserve(e.size());
  auto start = SteadyClock::now();
  for (std::size_t first = 0; first < e.size(); first += kBatch) {
    const std::size_t end = std::min(e.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(c, "XADD %b * f1 %b f2 %b", kKey.data(), kKey.size(), e.f1[i].data(), e.f1[i].size(),
                         e.f2[i].data(), e.f2[i].size());
    for (std::size_t i = first; i < end; ++i) {
      Reply id = next_reply(c);
      ids.emplace_back(id->type == REDIS_REPLY_STRING ? text(id.get()) : "");
    }
  }
  f.redis_xadd_ops_per_s = ops_per_s(seconds_since(start), e.size());
  const long long length = command(c, "XLEN %b", kKey.data(), kKey.size())->integer;
  if (length != static_cast<long long>(e.size()) || std::ranges::count(ids, "") != 0) {
    f.notes.push_back(fmt::format("redis_xadd_ops_per_s: XLEN is {} after {} XADDs", length, e.size()));
    return;
  }

  command(c, "XGROUP CREATE %b g 0", kKey.data(), kKey.size());
  const auto append_read = [&] {
    redisAppendCommand(c, "XREADGROUP GROUP g c COUNT %lld STREAMS %b >", static_cast<long long>(kXreadgroupCount), kKey.data(), kKey.size());
  };
  DeliveryCheck check{e, ids};
  // Nil, or [[key, [[id, [f1, v1, f2, v2]], ...]]] (RESP2).
  const auto take = [&](const redisReply* r) {
    if (r->type != REDIS_REPLY_ARRAY) return;
    for (std::size_t s = 0; s < r->elements; ++s) {
      const redisReply* stream = r->element[s];
      if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) {
        ++check.wrong;
        continue;
      }
      const redisReply* entries = stream->element[1];
      for (std::size_t i = 0; i < entries->elements; ++i) {
        const redisReply* entry = entries->element[i];
        const redisReply* fields = entry->elements == 2 ? entry->element[1] : nullptr;
        if (!fields || fields->type != REDIS_REPLY_ARRAY || fields->elements != 4) ++check.wrong;
        else
          check.entry(text(entry->element[0]), text(fields->element[0]), text(fields->element[1]),
                      text(fields->element[2]), text(fields->element[3]));
      }
    }
  };
  const std::size_t calls = (e.size() + kXreadgroupCount - 1) / kXreadgroupCount;
  start = SteadyClock::now();
  for (std::size_t first = 0; first < calls; first += kXreadgroupCallsInFlight) {
    const std::size_t end = std::min(calls, first + kXreadgroupCallsInFlight);
    for (std::size_t i = first; i < end; ++i) append_read();
    for (std::size_t i = first; i < end; ++i) take(next_reply(c).get());
  }
  const double seconds = seconds_since(start);
  append_read();
  check.report("redis", next_reply(c)->type == REDIS_REPLY_NIL, f);
  f.redis_xreadgroup_ops_per_s = ops_per_s(seconds, check.next);
}
#endif

} // namespace

StreamFigures measure_streams(std::size_t entries) {
  StreamFigures f;
  progress(fmt::format("streams: bytes per entry of one {}-entry stream (glibc mallinfo2)", entries));
  const Entries e = make_entries(entries);
  f.bytes_per_stream_entry = store_bytes_per_entry(e, f);
  store_throughput(e, f);

#if NOT_REDIS_BENCH_HIREDIS
  const auto redis = find_on_path("redis-server");
  if (!redis) {
    f.notes.push_back("streams redis baseline: redis-server is not on PATH");
    return f;
  }
  try {
    RedisServer server(*redis);
    Connection c = server.connect();
    progress("streams: bytes per entry on redis-server (INFO memory)");
    f.redis_bytes_per_stream_entry = redis_bytes_per_entry(c.get(), e);
    redis_throughput(c.get(), e, f);
    command(c.get(), "FLUSHALL");
  } catch (const std::exception& ex) {
    f.notes.push_back(fmt::format("streams redis baseline: {}", ex.what()));
  }
#else
  f.notes.push_back("streams redis baseline: built without hiredis");
#endif
  return f;
}

} // namespace not_redis::bench
