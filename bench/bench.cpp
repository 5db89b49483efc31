// not_redis-bench: measures the store through its public typed API against
// in-run baselines (a raw std::unordered_map, a naive mutex+deque+promise
// design, and a private redis-server), and prints a table or one JSON object.
//
//   not_redis-bench [--keys N] [--quick] [--json]

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>

#include "attached_store.hpp"
#include "naive_store.hpp"
#include "pubsub_bench.hpp"
#include "bitmap_bench.hpp"
#include "stream_bench.hpp"
#if NOT_REDIS_BENCH_HIREDIS
#include "remote_bench.hpp"
#endif
#include "workload.hpp"
#if NOT_REDIS_BENCH_HIREDIS
#include "redis_baseline.hpp"
#endif

namespace not_redis::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kSeed = 42;
constexpr std::size_t kBatch = 1000;         // futures awaited together when pipelining
constexpr std::size_t kCallerThreads = 4;
constexpr auto kExpiryDelay = 1s;            // deadline: now + this + an allowance for loading
constexpr auto kExpiryPollEvery = 2ms;
constexpr auto kExpiryGiveUpAfter = 10s;     // past the deadline
constexpr auto kLongTtl = 1h;

struct Settings {
  std::size_t keys = 1'000'000;
  std::size_t rtt_samples = 100'000;
  int bitcount_rounds = 20;
  bool json = false;
  bool remote_only = false;  ///< --remote: only the RemoteClient figures
};

/// Every figure of one run; nullopt where it could not be measured.
struct Results {
  std::optional<double> raw_map_get_ns, raw_map_set_ns;
  std::optional<double> same_thread_get_ns, same_thread_set_ns;
  std::optional<double> naive_pipelined_get_ops_per_s;
  std::optional<double> cross_thread_rtt_p50_ns, cross_thread_rtt_p99_ns;
  std::optional<double> cross_thread_pipelined_get_ops_per_s, cross_thread_pipelined_set_ops_per_s;
  std::optional<double> cross_thread_pipelined_4threads_ops_per_s;
  std::optional<double> pipeline_get_ops_per_s, pipeline_set_ops_per_s;
  std::optional<double> transaction_incr_ops_per_s, atomically_ops_per_s;
  std::optional<double> redis_rtt_p50_ns, redis_pipelined_get_ops_per_s;
  std::optional<double> bytes_per_key, bytes_per_key_with_ttl;
  std::optional<double> redis_bytes_per_key, redis_bytes_per_key_with_ttl;
  std::optional<double> bytes_per_hash_field, bytes_per_list_element, bytes_per_set_member;
  std::optional<double> redis_bytes_per_hash_field, redis_bytes_per_list_element, redis_bytes_per_set_member;
  std::optional<double> expire_reclaim_99_ms, expire_max_tick_us;
  std::optional<double> del_hash_ms, unlink_hash_ms, redis_del_hash_ms, redis_unlink_hash_ms;
  std::optional<double> bytes_per_zset_member, redis_bytes_per_zset_member;
  std::optional<double> zadd_ops_per_s, zrange_rank_window_ops_per_s, redis_zadd_ops_per_s,
      redis_zrange_rank_window_ops_per_s;
  std::optional<double> publish_fanout_msgs_per_s, redis_publish_fanout_msgs_per_s, publish_fanout_pull_msgs_per_s;
  std::optional<double> server_publish_ops_per_s, redis_server_publish_ops_per_s;
  std::optional<double> bytes_per_stream_entry, redis_bytes_per_stream_entry;
  std::optional<double> xadd_ops_per_s, redis_xadd_ops_per_s;
  std::optional<double> bitcount_gb_per_s, redis_bitcount_gb_per_s, raw_popcount_gb_per_s;
  std::optional<double> xreadgroup_ops_per_s, redis_xreadgroup_ops_per_s;  ///< entries delivered per second
  std::optional<double> remote_pipelined_get_ops_per_s, hiredis_pipelined_get_ops_per_s;
  std::optional<double> remote_pipeline_batch_get_ops_per_s, remote_rtt_p50_ns, hiredis_rtt_p50_ns;
  std::vector<std::string> notes;  ///< why figures are missing, failed checks
};

void progress(std::string_view what) { fmt::print(stderr, "not_redis-bench: {}...\n", what); }

// ---------------------------------------------------------------------------
// Helpers over the public API

/// True if SET ... EX really gives the key a TTL (a guard against a figure
/// silently measured without TTLs).
bool applies_ttl(Client& store) {
  store.set("bench:probe", "x", Expiry::in(100s)).get();
  const long long pttl = store.command<long long>("PTTL", "bench:probe").get();
  store.del("bench:probe").get();
  return pttl > 0;
}

/// Issues `issue(i)` for every i in [first, last) and awaits the futures in
/// batches of kBatch; returns how many replies `check(i, future)` accepted.
template <class Issue, class Check>
std::size_t run_pipelined(std::size_t first, std::size_t last, Issue&& issue, Check&& check) {
  std::vector<std::invoke_result_t<Issue&, std::size_t>> batch;
  batch.reserve(kBatch);
  std::size_t accepted = 0;
  for (std::size_t start = first; start < last; start += kBatch) {
    const std::size_t end = std::min(last, start + kBatch);
    for (std::size_t i = start; i < end; ++i) batch.push_back(issue(i));
    for (std::size_t i = start; i < end; ++i) accepted += check(i, batch[i - start]);
    batch.clear();
  }
  return accepted;
}

void expect_all(std::size_t got, std::size_t expected, std::string_view what, Results& r) {
  if (got != expected) r.notes.push_back(fmt::format("{}: only {} of {} replies were right", what, got, expected));
}

/// A numeric field of INFO `section`, if the store reports it.
std::optional<double> info_field(Client& store, std::string_view section, std::string_view field) {
  const std::string info = store.info(section).get();
  const std::string line_start = fmt::format("\n{}:", field);  // every section opens with a "# Name" line
  const auto at = info.find(line_start);
  if (at == std::string::npos) return std::nullopt;
  double value = 0;
  std::from_chars(info.data() + at + line_start.size(), info.data() + info.size(), value);
  return value;
}

// ---------------------------------------------------------------------------
// Measurements, one function each

void measure_raw_map(const Workload& w, Results& r) {
  progress("raw std::unordered_map");
  std::unordered_map<std::string, std::string> map;
  auto start = SteadyClock::now();
  for (std::size_t i = 0; i < w.size(); ++i) map.insert_or_assign(w.key(i), w.value(i));
  r.raw_map_set_ns = ns_per_op(seconds_since(start), w.size());

  std::size_t hits = 0;
  start = SteadyClock::now();
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto it = map.find(w.key(i));
    // Copied out, as the store's GET must.
    std::optional<std::string> value = it == map.end() ? std::nullopt : std::optional<std::string>(it->second);
    hits += value.has_value();
    keep(value);
  }
  r.raw_map_get_ns = ns_per_op(seconds_since(start), w.size());
  expect_all(hits, w.size(), "raw map GET", r);
}

void measure_same_thread(const Workload& w, Results& r) {
  progress("typed API on the loop's own thread");
  AttachedStore store;
  auto start = SteadyClock::now();
  for (std::size_t i = 0; i < w.size(); ++i) store->set(w.key(i), w.value(i)).get();
  r.same_thread_set_ns = ns_per_op(seconds_since(start), w.size());

  std::size_t hits = 0;
  start = SteadyClock::now();
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::optional<std::string> value = store->get(w.key(i)).get();
    hits += value.has_value();
    keep(value);
  }
  r.same_thread_get_ns = ns_per_op(seconds_since(start), w.size());
  expect_all(hits, w.size(), "same-thread GET", r);
}

/// Heap bytes per key of a fresh attached store loaded with every key.
std::optional<double> store_bytes_per_key(const Workload& w, bool with_ttl, Results& r) {
  AttachedStore store;
  if (with_ttl && !applies_ttl(*store)) {
    r.notes.push_back("bytes_per_key_with_ttl: SET ... EX set no TTL (checked with PTTL)");
    return std::nullopt;
  }
  const std::size_t before = heap_in_use();
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (with_ttl) store->set(w.key(i), w.value(i), Expiry::in(kLongTtl)).get();
    else store->set(w.key(i), w.value(i)).get();
  }
  const std::size_t after = heap_in_use();
  return (static_cast<double>(after) - static_cast<double>(before)) / static_cast<double>(w.size());
}

/// Heap bytes per element of ONE aggregate key that a fresh attached store
/// loads with N elements; nullopt (and a note) if the store rejects a command
/// (a family not built yet replies "unknown command") or loses elements.
std::optional<double> store_bytes_per_element(const Workload& w, Aggregate kind, Results& r) {
  const AggregateLoad load = load_of(kind);
  AttachedStore store;
  std::string rejected;
  const std::size_t before = heap_in_use();
  for_each_load_command(w, kind, [&](std::span<const std::string_view> args) {
    Argv argv;
    for (std::string_view a : args) argv.push_back(a);
    const Value reply = store->execute(std::move(argv)).get();
    if (reply.is_error()) rejected = reply.string();
    return rejected.empty();
  });
  const std::size_t after = heap_in_use();
  if (!rejected.empty()) {
    // Redis's unknown-command text goes on to quote the (long) arguments.
    const std::string_view text = std::string_view(rejected).substr(0, rejected.find(", with args"));
    r.notes.push_back(fmt::format("{}: {} replied \"{}\"", load.figure, load.command, text));
    return std::nullopt;
  }
  const Value length = store->command(load.length_command, load.key).get();
  if (!length.is_integer() || length.integer_value() != static_cast<long long>(w.size())) {
    r.notes.push_back(fmt::format("{}: {} did not count {} elements", load.figure, load.length_command, w.size()));
    return std::nullopt;
  }
  return (static_cast<double>(after) - static_cast<double>(before)) / static_cast<double>(w.size());
}

void measure_memory(const Workload& w, Results& r) {
  progress("bytes per key and per aggregate element (glibc mallinfo2)");
  r.bytes_per_key = store_bytes_per_key(w, false, r);
  r.bytes_per_key_with_ttl = store_bytes_per_key(w, true, r);
  r.bytes_per_hash_field = store_bytes_per_element(w, Aggregate::hash, r);
  r.bytes_per_list_element = store_bytes_per_element(w, Aggregate::list, r);
  r.bytes_per_set_member = store_bytes_per_element(w, Aggregate::set, r);
  r.bytes_per_zset_member = store_bytes_per_element(w, Aggregate::zset, r);
}

/// How long the loop is busy deleting the N-field hash of the memory figures:
/// with DEL, which frees it there and then, and with UNLINK, which hands it to
/// the lazy-free thread. The store runs commands inline on this thread, so a
/// call's duration is the loop's.
void measure_lazy_free(const Workload& w, Results& r) {
  progress("DEL and UNLINK of one large hash");
  const AggregateLoad load = load_of(Aggregate::hash);
  AttachedStore store;
  const auto timed_delete = [&](std::string_view command) -> std::optional<double> {
    for_each_load_command(w, Aggregate::hash, [&](std::span<const std::string_view> args) {
      Argv argv;
      for (std::string_view a : args) argv.push_back(a);
      return !store->execute(std::move(argv)).get().is_error();
    });
    const auto start = SteadyClock::now();
    const Value deleted = store->command(command, load.key).get();
    const double ms = seconds_since(start) * 1e3;
    if (deleted != Value::integer(1)) {
      r.notes.push_back(fmt::format("lazy free: {} {} did not delete the hash", command, load.key));
      return std::nullopt;
    }
    return ms;
  };
  // The best of three each: the first UNLINK also starts the lazy-free thread.
  for (int round = 0; round < 3; ++round) {
    const auto best = [](std::optional<double>& so_far, std::optional<double> now) {
      if (now && (!so_far || *now < *so_far)) so_far = now;
    };
    best(r.del_hash_ms, timed_delete("DEL"));
    best(r.unlink_hash_ms, timed_delete("UNLINK"));
  }
}

/// Pipelined from this thread to a store on its own: ZADD of the N members
/// one by one into one key, then ZRANGE windows of 10 ranks at random
/// positions of it (redis-server gets the same commands, pipelined alike).
void measure_zset(const Workload& w, Results& r) {
  progress("sorted set: pipelined ZADD, ZRANGE windows of 10");
  Client store;
  const std::string key(load_of(Aggregate::zset).key);
  auto start = SteadyClock::now();
  const std::size_t added = run_pipelined(
      0, w.size(), [&](std::size_t i) { return store.command<long long>("ZADD", key, w.score(i), w.value(i)); },
      [](std::size_t, auto& f) { return static_cast<std::size_t>(f.get()); });
  r.zadd_ops_per_s = ops_per_s(seconds_since(start), w.size());
  expect_all(added, w.size(), "ZADD", r);

  const std::vector<long long> starts = zrange_window_starts(w);
  start = SteadyClock::now();
  const std::size_t windows = run_pipelined(
      0, starts.size(), [&](std::size_t i) { return store.zrange(key, starts[i], starts[i] + kZrangeWindow - 1); },
      [](std::size_t, auto& f) { return f.get().size() == kZrangeWindow; });
  r.zrange_rank_window_ops_per_s = ops_per_s(seconds_since(start), starts.size());
  expect_all(windows, starts.size(), "ZRANGE window", r);
}

void measure_naive(const Workload& w, Results& r) {
  progress("naive mutex+deque+promise baseline");
  std::unordered_map<std::string, std::string> data;
  for (std::size_t i = 0; i < w.size(); ++i) data.emplace(w.keys[i], w.values[i]);
  NaiveStore naive(std::move(data));
  const auto start = SteadyClock::now();
  const std::size_t hits = run_pipelined(
      0, w.size(), [&](std::size_t i) { return naive.get(w.key(i)); },
      [&](std::size_t i, auto& f) { return f.get() == w.value(i); });
  r.naive_pipelined_get_ops_per_s = ops_per_s(seconds_since(start), w.size());
  expect_all(hits, w.size(), "naive GET", r);
}

std::size_t pipelined_gets(Client& store, const Workload& w, std::size_t first, std::size_t last) {
  return run_pipelined(
      first, last, [&](std::size_t i) { return store.get(w.key(i)); },
      [&](std::size_t i, auto& f) { return f.get() == w.value(i); });
}

void measure_cross_thread_pipelined(Client& store, const Workload& w, Results& r) {
  progress("cross-thread pipelined SET and GET");
  auto start = SteadyClock::now();
  const std::size_t sets = run_pipelined(
      0, w.size(), [&](std::size_t i) { return store.set(w.key(i), w.value(i)); },
      [](std::size_t, auto& f) {
        f.get();
        return 1;
      });
  r.cross_thread_pipelined_set_ops_per_s = ops_per_s(seconds_since(start), w.size());
  expect_all(sets, w.size(), "cross-thread SET", r);

  start = SteadyClock::now();
  const std::size_t hits = pipelined_gets(store, w, 0, w.size());
  r.cross_thread_pipelined_get_ops_per_s = ops_per_s(seconds_since(start), w.size());
  expect_all(hits, w.size(), "cross-thread GET", r);
}

void measure_cross_thread_rtt(Client& store, const Workload& w, std::size_t samples, Results& r) {
  progress("cross-thread round trips");
  std::vector<std::int64_t> ns;
  ns.reserve(samples);
  std::size_t hits = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    const std::string& k = w.key(i % w.size());
    const auto start = SteadyClock::now();
    std::optional<std::string> value = store.get(k).get();
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count());
    hits += value.has_value();
  }
  r.cross_thread_rtt_p50_ns = percentile(ns, 0.50);
  r.cross_thread_rtt_p99_ns = percentile(ns, 0.99);
  expect_all(hits, samples, "cross-thread RTT GET", r);
}

/// kCallerThreads callers share the N GETs, each a contiguous slice of the order.
void measure_cross_thread_threads(Client& store, const Workload& w, Results& r) {
  progress(fmt::format("{} caller threads pipelining GETs", kCallerThreads));
  std::latch ready(kCallerThreads + 1);
  std::vector<std::size_t> hits(kCallerThreads);
  std::vector<std::thread> callers;
  for (std::size_t t = 0; t < kCallerThreads; ++t) {
    callers.emplace_back([&, t] {
      ready.arrive_and_wait();
      hits[t] = pipelined_gets(store, w, w.size() * t / kCallerThreads, w.size() * (t + 1) / kCallerThreads);
    });
  }
  ready.arrive_and_wait();
  const auto start = SteadyClock::now();
  for (auto& c : callers) c.join();
  r.cross_thread_pipelined_4threads_ops_per_s = ops_per_s(seconds_since(start), w.size());
  std::size_t total = 0;
  for (std::size_t h : hits) total += h;
  expect_all(total, w.size(), "multi-thread GET", r);
}

/// One caller thread, batches of kBatchSize through the Pipeline API.
void measure_batches(Client& store, const Workload& w, Results& r) {
  constexpr std::size_t kBatchSize = 1000;
  progress("pipelines of 1,000 SETs and GETs, MULTI/EXEC of 10 INCRs, atomically()");
  auto run = [&](auto&& queue, auto&& check) {
    // A few batches in flight: the caller builds the next while the loop runs one.
    std::vector<std::pair<not_redis::Future<not_redis::Replies>, std::size_t>> pending;
    std::size_t good = 0;
    const auto settle = [&] {
      good += check(pending.front().first.get(), pending.front().second);
      pending.erase(pending.begin());
    };
    const auto start = SteadyClock::now();
    for (std::size_t first = 0; first < w.size(); first += kBatchSize) {
      not_redis::Pipeline batch;
      batch.reserve(kBatchSize);
      const std::size_t last = std::min(w.size(), first + kBatchSize);
      for (std::size_t i = first; i < last; ++i) queue(batch, i);
      pending.emplace_back(store.execute(std::move(batch)), first);
      if (pending.size() == 4) settle();
    }
    while (!pending.empty()) settle();
    return std::pair(seconds_since(start), good);
  };
  auto [set_seconds, sets] = run([&](not_redis::Pipeline& b, std::size_t i) { b.set(w.key(i), w.value(i)); },
                                 [](const not_redis::Replies& replies, std::size_t) { return replies.size(); });
  r.pipeline_set_ops_per_s = ops_per_s(set_seconds, w.size());
  expect_all(sets, w.size(), "pipeline SET", r);
  auto [get_seconds, hits] = run([&](not_redis::Pipeline& b, std::size_t i) { b.get(w.key(i)); },
                                 [&](const not_redis::Replies& replies, std::size_t first) {
                                   std::size_t good = 0;
                                   for (std::size_t j = 0; j < replies.size(); ++j)
                                     good += replies[j].is_string() && replies[j].string() == w.value(first + j);
                                   return good;
                                 });
  r.pipeline_get_ops_per_s = ops_per_s(get_seconds, w.size());
  expect_all(hits, w.size(), "pipeline GET", r);

  const std::size_t transactions = std::max<std::size_t>(1, w.size() / 100);
  auto start = SteadyClock::now();
  for (std::size_t t = 0; t < transactions; ++t) {
    not_redis::Transaction tx;
    for (int i = 0; i < 10; ++i) tx.incr("bench:counter");
    store.execute(std::move(tx)).get();
  }
  r.transaction_incr_ops_per_s = ops_per_s(seconds_since(start), transactions * 10);

  start = SteadyClock::now();
  for (std::size_t t = 0; t < transactions; ++t)
    store.atomically([](not_redis::AtomicView& s) { return s.incr("bench:atomic"); }).get();
  r.atomically_ops_per_s = ops_per_s(seconds_since(start), transactions);
}

void measure_cross_thread(const Workload& w, const Settings& s, Results& r) {
  Client store;
  measure_cross_thread_pipelined(store, w, r);
  measure_batches(store, w, r);
  measure_cross_thread_rtt(store, w, s.rtt_samples, r);
  measure_cross_thread_threads(store, w, r);
}

/// Loads N keys sharing one deadline into an own-thread store, then polls the
/// key count (never touching the keys, which would expire them lazily) until
/// at most 1 % are left.
void measure_expiry(const Workload& w, Results& r) {
  progress("active expiry of keys sharing one deadline");
  using std::chrono::system_clock;
  Client store;
  if (!applies_ttl(store)) {
    r.notes.push_back("expiry: SET ... EX set no TTL (checked with PTTL)");
    return;
  }
  // The deadline must still be ahead once loading ends: allow for the load
  // at the rate the cross-thread SET figure showed (or 1 µs per key).
  const double set_rate = r.cross_thread_pipelined_set_ops_per_s.value_or(1e6);
  const auto load_allowance = std::chrono::duration_cast<system_clock::duration>(
      std::chrono::duration<double>(2.0 * static_cast<double>(w.size()) / set_rate));
  const auto deadline = std::chrono::floor<std::chrono::milliseconds>(system_clock::now() + kExpiryDelay + load_allowance);
  run_pipelined(
      0, w.size(), [&](std::size_t i) { return store.set(w.key(i), w.value(i), Expiry::at(deadline)); },
      [](std::size_t, auto& f) {
        f.get();
        return 1;
      });
  if (system_clock::now() >= deadline) r.notes.push_back("expiry: loading ended after the deadline");

  const long long target = static_cast<long long>(w.size() / 100);
  std::this_thread::sleep_until(deadline);
  for (;;) {
    const long long left = store.dbsize().get();
    const auto now = system_clock::now();
    if (left <= target) {
      r.expire_reclaim_99_ms = std::chrono::duration<double, std::milli>(now - deadline).count();
      break;
    }
    if (now - deadline > kExpiryGiveUpAfter) {
      r.notes.push_back(fmt::format("expiry: {} keys still there {} s after the deadline", left,
                                    std::chrono::duration_cast<std::chrono::seconds>(kExpiryGiveUpAfter).count()));
      break;
    }
    std::this_thread::sleep_for(kExpiryPollEvery);
  }
  r.expire_max_tick_us = info_field(store, "stats", "expire_cycle_max_tick_us");
  if (!r.expire_max_tick_us) r.notes.push_back("expiry: INFO stats has no expire_cycle_max_tick_us");
}

void measure_redis_baseline(const Workload& w, const Settings& s, Results& r) {
#if NOT_REDIS_BENCH_HIREDIS
  progress("redis-server through hiredis");
  RedisFigures redis = measure_redis(w, s.rtt_samples);
  r.redis_rtt_p50_ns = redis.rtt_p50_ns;
  r.redis_pipelined_get_ops_per_s = redis.pipelined_get_ops_per_s;
  r.redis_bytes_per_key = redis.bytes_per_key;
  r.redis_bytes_per_key_with_ttl = redis.bytes_per_key_with_ttl;
  r.redis_bytes_per_hash_field = redis.bytes_per_hash_field;
  r.redis_bytes_per_list_element = redis.bytes_per_list_element;
  r.redis_bytes_per_set_member = redis.bytes_per_set_member;
  r.redis_del_hash_ms = redis.del_hash_ms;
  r.redis_bytes_per_zset_member = redis.bytes_per_zset_member;
  r.redis_zadd_ops_per_s = redis.zadd_ops_per_s;
  r.redis_zrange_rank_window_ops_per_s = redis.zrange_rank_window_ops_per_s;
  r.redis_unlink_hash_ms = redis.unlink_hash_ms;
  if (!redis.note.empty()) r.notes.push_back(fmt::format("redis baseline: {}", redis.note));
#else
  (void)w;
  (void)s;
  r.notes.push_back("redis baseline: built without hiredis");
#endif
}

/// Pub/sub: M PUBLISHes fanned out to 100 subscribers (M = keys / 25), and
/// redis-benchmark PUBLISHes to the network server (keys / 5 of them).
void measure_pubsub(const Settings& s, Results& r) {
  PubSubFigures f = bench::measure_pubsub(std::max<std::size_t>(1, s.keys / 25), std::max<std::size_t>(1, s.keys / 5));
  r.publish_fanout_msgs_per_s = f.publish_fanout_msgs_per_s;
  r.redis_publish_fanout_msgs_per_s = f.redis_publish_fanout_msgs_per_s;
  r.publish_fanout_pull_msgs_per_s = f.publish_fanout_pull_msgs_per_s;
  r.server_publish_ops_per_s = f.server_publish_ops_per_s;
  r.redis_server_publish_ops_per_s = f.redis_server_publish_ops_per_s;
  for (std::string& note : f.notes) r.notes.push_back(std::move(note));
}

/// Streams: N two-field entries in one key (bytes per entry, pipelined XADD),
/// then a consumer group drained 100 entries per XREADGROUP. Its memory figure
/// needs no other thread allocating, so it runs next to the other memory figures.
void measure_streams(const Workload& w, Results& r) {
  StreamFigures f = bench::measure_streams(w.size());
  r.bytes_per_stream_entry = f.bytes_per_stream_entry;
  r.redis_bytes_per_stream_entry = f.redis_bytes_per_stream_entry;
  r.xadd_ops_per_s = f.xadd_ops_per_s;
  r.redis_xadd_ops_per_s = f.redis_xadd_ops_per_s;
  r.xreadgroup_ops_per_s = f.xreadgroup_ops_per_s;
  r.redis_xreadgroup_ops_per_s = f.redis_xreadgroup_ops_per_s;
  for (std::string& note : f.notes) r.notes.push_back(std::move(note));
}

/// BITCOUNT of one 64 MB value, next to redis-server and a std::popcount loop.
void measure_bitmaps(const Settings& s, Results& r) {
  BitmapFigures f = bench::measure_bitmaps(s.bitcount_rounds);
  r.bitcount_gb_per_s = f.bitcount_gb_per_s;
  r.redis_bitcount_gb_per_s = f.redis_bitcount_gb_per_s;
  r.raw_popcount_gb_per_s = f.raw_popcount_gb_per_s;
  for (std::string& note : f.notes) r.notes.push_back(std::move(note));
}

/// RemoteClient against a private redis-server over TCP, next to hiredis.
void measure_remote(const Workload& w, const Settings& s, Results& r) {
#if NOT_REDIS_BENCH_HIREDIS
  RemoteFigures f = bench::measure_remote(w, s.rtt_samples);
  r.remote_pipelined_get_ops_per_s = f.remote_pipelined_get_ops_per_s;
  r.hiredis_pipelined_get_ops_per_s = f.hiredis_pipelined_get_ops_per_s;
  r.remote_pipeline_batch_get_ops_per_s = f.remote_pipeline_batch_get_ops_per_s;
  r.remote_rtt_p50_ns = f.remote_rtt_p50_ns;
  r.hiredis_rtt_p50_ns = f.hiredis_rtt_p50_ns;
  for (std::string& note : f.notes) r.notes.push_back(std::move(note));
#else
  (void)w;
  (void)s;
  r.notes.push_back("remote figures: built without hiredis");
#endif
}

// ---------------------------------------------------------------------------
// Output

std::string format_number(std::optional<double> v) {
  if (!v) return "n/a";
  if (*v >= 1e6) return fmt::format("{:.2f}M", *v / 1e6);
  if (*v >= 1e4) return fmt::format("{:.0f}", *v);
  return fmt::format("{:.1f}", *v);
}

std::optional<double> ratio(std::optional<double> value, std::optional<double> baseline) {
  if (!value || !baseline || *baseline == 0) return std::nullopt;
  return *value / *baseline;
}

/// One line of the table: a figure, what it is compared with, and the target.
struct Row {
  std::string figure;
  std::optional<double> value;
  std::string baseline_name;
  std::optional<double> baseline;
  std::string target;                 // empty: informational
  std::optional<double> checked;      // the quantity the target applies to
  double limit = 0;
  bool at_most = true;                // checked <= limit, else checked >= limit
};

std::string verdict(const Row& row) {
  if (row.target.empty()) return "";
  if (!row.checked) return "n/a";
  const bool pass = row.at_most ? *row.checked <= row.limit : *row.checked >= row.limit;
  return pass ? "PASS" : "MISS";
}

/// Time per operation of a throughput figure: what the raw map's per-GET time compares with.
std::optional<double> per_op_ns(std::optional<double> ops_per_s) {
  if (!ops_per_s || *ops_per_s <= 0) return std::nullopt;
  return 1e9 / *ops_per_s;
}

std::vector<Row> table_rows(const Results& r) {
  const auto vs = [](std::optional<double> a, std::optional<double> b) { return ratio(a, b); };
  return {
      {"same-thread GET (ns/op)", r.same_thread_get_ns, "raw map GET", r.raw_map_get_ns, "<= 2x raw map",
       vs(r.same_thread_get_ns, r.raw_map_get_ns), 2.0, true},
      {"same-thread SET (ns/op)", r.same_thread_set_ns, "raw map SET", r.raw_map_set_ns, "", {}, 0, true},
      {"cross-thread pipelined GET (ops/s)", r.cross_thread_pipelined_get_ops_per_s, "naive design",
       r.naive_pipelined_get_ops_per_s, ">= 2x naive",
       vs(r.cross_thread_pipelined_get_ops_per_s, r.naive_pipelined_get_ops_per_s), 2.0, false},
      {"cross-thread pipelined GET (ops/s)", r.cross_thread_pipelined_get_ops_per_s, "redis pipelined",
       r.redis_pipelined_get_ops_per_s, ">= 1x redis",
       vs(r.cross_thread_pipelined_get_ops_per_s, r.redis_pipelined_get_ops_per_s), 1.0, false},
      {"cross-thread pipelined SET (ops/s)", r.cross_thread_pipelined_set_ops_per_s, "", {}, "", {}, 0, true},
      {fmt::format("{} callers pipelined GET (ops/s)", kCallerThreads), r.cross_thread_pipelined_4threads_ops_per_s,
       "1 caller", r.cross_thread_pipelined_get_ops_per_s, ">= 1x 1 caller",
       vs(r.cross_thread_pipelined_4threads_ops_per_s, r.cross_thread_pipelined_get_ops_per_s), 1.0, false},
      {"pipeline GET, batches of 1000 (ops/s)", r.pipeline_get_ops_per_s, "cross-thread", r.cross_thread_pipelined_get_ops_per_s,
       ">= 3x cross-thread", vs(r.pipeline_get_ops_per_s, r.cross_thread_pipelined_get_ops_per_s), 3.0, false},
      {"pipeline GET, batches of 1000 (ns/op)", per_op_ns(r.pipeline_get_ops_per_s), "raw map GET", r.raw_map_get_ns,
       "<= 1.3x raw map", vs(per_op_ns(r.pipeline_get_ops_per_s), r.raw_map_get_ns), 1.3, true},
      {"pipeline SET, batches of 1000 (ops/s)", r.pipeline_set_ops_per_s, "cross-thread", r.cross_thread_pipelined_set_ops_per_s,
       "", vs(r.pipeline_set_ops_per_s, r.cross_thread_pipelined_set_ops_per_s), 0, false},
      {"MULTI/EXEC of 10 INCRs (INCR/s)", r.transaction_incr_ops_per_s, "", {}, "", {}, 0, false},
      {"atomically() calls (calls/s)", r.atomically_ops_per_s, "", {}, "", {}, 0, false},
      {"cross-thread RTT p50 (ns)", r.cross_thread_rtt_p50_ns, "redis RTT p50", r.redis_rtt_p50_ns, "<= 10000 ns",
       r.cross_thread_rtt_p50_ns, 10'000, true},
      {"cross-thread RTT p99 (ns)", r.cross_thread_rtt_p99_ns, "", {}, "", {}, 0, true},
      {"bytes per key", r.bytes_per_key, "redis", r.redis_bytes_per_key, "<= 1x redis (aim 80)",
       vs(r.bytes_per_key, r.redis_bytes_per_key), 1.0, true},
      {"bytes per key with TTL", r.bytes_per_key_with_ttl, "redis", r.redis_bytes_per_key_with_ttl, "<= 1x redis",
       vs(r.bytes_per_key_with_ttl, r.redis_bytes_per_key_with_ttl), 1.0, true},
      {"bytes per hash field (1 key)", r.bytes_per_hash_field, "redis", r.redis_bytes_per_hash_field, "<= 1x redis",
       vs(r.bytes_per_hash_field, r.redis_bytes_per_hash_field), 1.0, true},
      {"bytes per list element (1 key)", r.bytes_per_list_element, "redis", r.redis_bytes_per_list_element,
       "<= 1x redis", vs(r.bytes_per_list_element, r.redis_bytes_per_list_element), 1.0, true},
      {"bytes per set member (1 key)", r.bytes_per_set_member, "redis", r.redis_bytes_per_set_member, "<= 1x redis",
       vs(r.bytes_per_set_member, r.redis_bytes_per_set_member), 1.0, true},
      {"expiry: 99% reclaimed after (ms)", r.expire_reclaim_99_ms, "", {}, "<= 2000 ms", r.expire_reclaim_99_ms, 2000,
       true},
      {"expiry: max active-expiry tick (us)", r.expire_max_tick_us, "", {}, "<= 2000 us", r.expire_max_tick_us, 2000,
       true},
      {"bytes per zset member (1 key)", r.bytes_per_zset_member, "redis", r.redis_bytes_per_zset_member,
       "<= 0.7x redis", vs(r.bytes_per_zset_member, r.redis_bytes_per_zset_member), 0.7, true},
      {"pipelined ZADD (ops/s)", r.zadd_ops_per_s, "redis pipelined", r.redis_zadd_ops_per_s, "", {}, 0, false},
      {"pipelined ZRANGE i i+9 (ops/s)", r.zrange_rank_window_ops_per_s, "redis pipelined",
       r.redis_zrange_rank_window_ops_per_s, "", {}, 0, false},
      {"DEL of one N-field hash (ms)", r.del_hash_ms, "redis DEL", r.redis_del_hash_ms, "", {}, 0, true},
      {"UNLINK of one N-field hash (ms)", r.unlink_hash_ms, "redis UNLINK", r.redis_unlink_hash_ms, "<= 0.1x DEL",
       vs(r.unlink_hash_ms, r.del_hash_ms), 0.1, true},
      {fmt::format("PUBLISH to {} callbacks (msgs/s)", kFanoutSubscribers), r.publish_fanout_msgs_per_s,
       "redis fan-out", r.redis_publish_fanout_msgs_per_s, "", {}, 0, false},
      {fmt::format("PUBLISH to {} pull subs (msgs/s)", kFanoutSubscribers), r.publish_fanout_pull_msgs_per_s,
       "redis fan-out", r.redis_publish_fanout_msgs_per_s, "", {}, 0, false},
      {"server PUBLISH, redis-benchmark (ops/s)", r.server_publish_ops_per_s, "redis-server",
       r.redis_server_publish_ops_per_s, "", {}, 0, false},
      {"BITCOUNT of 64 MB (GB/s)", r.bitcount_gb_per_s, "redis BITCOUNT", r.redis_bitcount_gb_per_s, "",
       vs(r.bitcount_gb_per_s, r.redis_bitcount_gb_per_s), 0, false},
      {"std::popcount loop, 64 MB (GB/s)", r.raw_popcount_gb_per_s, "", {}, "", {}, 0, false},
      {"bytes per stream entry (1 key)", r.bytes_per_stream_entry, "redis", r.redis_bytes_per_stream_entry,
       "<= 1x redis", vs(r.bytes_per_stream_entry, r.redis_bytes_per_stream_entry), 1.0, true},
      {"pipelined XADD, 2 fields (ops/s)", r.xadd_ops_per_s, "redis pipelined", r.redis_xadd_ops_per_s, "", {}, 0,
       false},
      {fmt::format("XREADGROUP COUNT {} (entries/s)", kXreadgroupCount), r.xreadgroup_ops_per_s, "redis pipelined",
       r.redis_xreadgroup_ops_per_s, "", {}, 0, false},
      {"RemoteClient pipelined GET (ops/s)", r.remote_pipelined_get_ops_per_s, "hiredis", r.hiredis_pipelined_get_ops_per_s,
       ">= 1x hiredis", vs(r.remote_pipelined_get_ops_per_s, r.hiredis_pipelined_get_ops_per_s), 1.0, false},
      {"RemoteClient Pipeline of 1000 GETs (ops/s)", r.remote_pipeline_batch_get_ops_per_s, "hiredis",
       r.hiredis_pipelined_get_ops_per_s, "", vs(r.remote_pipeline_batch_get_ops_per_s, r.hiredis_pipelined_get_ops_per_s),
       0, false},
      {"RemoteClient RTT p50 (ns)", r.remote_rtt_p50_ns, "hiredis", r.hiredis_rtt_p50_ns, "<= 1.2x hiredis",
       vs(r.remote_rtt_p50_ns, r.hiredis_rtt_p50_ns), 1.2, true},
  };
}

void print_table(const Results& r, const Settings& s) {
  fmt::print("not_redis-bench: {} keys `key:0000000`..., 16-byte values, shuffled order (seed {}), {} CPUs\n",
             s.keys, kSeed, std::thread::hardware_concurrency());
  fmt::print("{:<38} {:>10}  {:<16} {:>10}  {:>7}  {:<21} {}\n", "figure", "value", "baseline", "", "ratio",
             "target", "");
  fmt::print("{:-<114}\n", "");
  for (const Row& row : table_rows(r)) {
    const auto q = ratio(row.value, row.baseline);
    fmt::print("{:<38} {:>10}  {:<16} {:>10}  {:>7}  {:<21} {}\n", row.figure, format_number(row.value),
               row.baseline_name, row.baseline_name.empty() ? "" : format_number(row.baseline),
               q ? fmt::format("{:.2f}x", *q) : "", row.target, verdict(row));
  }
  fmt::print("\nMemory: allocator statistics (glibc mallinfo2, uordblks+hblkhd delta) for not_redis;\n"
             "        INFO memory used_memory delta for redis. Aggregates: all N 16-byte elements (hash: 16-byte\n"
             "        fields, 16-byte values; zset: random scores) in one key, {} per HSET/RPUSH/SADD/ZADD. RTT and pipelined redis figures\n"
             "        over a unix socket. DEL/UNLINK: the loop's time for the command (redis: its round trip).\n"
             "PUBLISH fan-out: 16-byte messages to {} subscribers of one channel, 1000 PUBLISHes in flight (redis: {}\n"
             "        hiredis connections read by one poll() thread). Server PUBLISH: redis-benchmark -c 50 over TCP\n"
             "        while {} subscriber connections read; pull subscribers drained by {} threads.\n"
             "Streams: N entries \"f1\" -> 8 bytes, \"f2\" -> 8 bytes in one key (memory: explicit ids; XADD: `*`,\n"
             "        {} in flight). XREADGROUP: a group created at 0 on that stream, one consumer calling\n"
             "        XREADGROUP GROUP g c COUNT {} STREAMS key > ({} calls in flight, no XACK) until every entry came,\n"
             "        each exactly once and in order (checked); the figure is entries delivered per second.\n"
             "Ratios are value / baseline; each GET's reply is checked against the value set.\n",
             kElementsPerCommand, kFanoutSubscribers, kFanoutSubscribers, kNetworkSubscribers, kPullThreads, kBatch,
             kXreadgroupCount, kXreadgroupCallsInFlight);
  for (const std::string& note : r.notes) fmt::print("note: {}\n", note);
}

void print_json(const Results& r) {
  const std::pair<std::string_view, std::optional<double>> fields[] = {
      {"raw_map_get_ns", r.raw_map_get_ns},
      {"raw_map_set_ns", r.raw_map_set_ns},
      {"same_thread_get_ns", r.same_thread_get_ns},
      {"same_thread_set_ns", r.same_thread_set_ns},
      {"naive_pipelined_get_ops_per_s", r.naive_pipelined_get_ops_per_s},
      {"cross_thread_rtt_p50_ns", r.cross_thread_rtt_p50_ns},
      {"cross_thread_rtt_p99_ns", r.cross_thread_rtt_p99_ns},
      {"cross_thread_pipelined_get_ops_per_s", r.cross_thread_pipelined_get_ops_per_s},
      {"cross_thread_pipelined_set_ops_per_s", r.cross_thread_pipelined_set_ops_per_s},
      {"cross_thread_pipelined_4threads_ops_per_s", r.cross_thread_pipelined_4threads_ops_per_s},
      {"pipeline_get_ops_per_s", r.pipeline_get_ops_per_s},
      {"pipeline_get_ns", per_op_ns(r.pipeline_get_ops_per_s)},
      {"pipeline_set_ops_per_s", r.pipeline_set_ops_per_s},
      {"transaction_incr_ops_per_s", r.transaction_incr_ops_per_s},
      {"atomically_ops_per_s", r.atomically_ops_per_s},
      {"redis_rtt_p50_ns", r.redis_rtt_p50_ns},
      {"redis_pipelined_get_ops_per_s", r.redis_pipelined_get_ops_per_s},
      {"bytes_per_key", r.bytes_per_key},
      {"bytes_per_key_with_ttl", r.bytes_per_key_with_ttl},
      {"redis_bytes_per_key", r.redis_bytes_per_key},
      {"redis_bytes_per_key_with_ttl", r.redis_bytes_per_key_with_ttl},
      {"bytes_per_hash_field", r.bytes_per_hash_field},
      {"bytes_per_list_element", r.bytes_per_list_element},
      {"bytes_per_set_member", r.bytes_per_set_member},
      {"redis_bytes_per_hash_field", r.redis_bytes_per_hash_field},
      {"redis_bytes_per_list_element", r.redis_bytes_per_list_element},
      {"redis_bytes_per_set_member", r.redis_bytes_per_set_member},
      {"expire_reclaim_99_ms", r.expire_reclaim_99_ms},
      {"expire_max_tick_us", r.expire_max_tick_us},
      {"bytes_per_zset_member", r.bytes_per_zset_member},
      {"redis_bytes_per_zset_member", r.redis_bytes_per_zset_member},
      {"zadd_ops_per_s", r.zadd_ops_per_s},
      {"redis_zadd_ops_per_s", r.redis_zadd_ops_per_s},
      {"zrange_rank_window_ops_per_s", r.zrange_rank_window_ops_per_s},
      {"redis_zrange_rank_window_ops_per_s", r.redis_zrange_rank_window_ops_per_s},
      {"del_hash_ms", r.del_hash_ms},
      {"unlink_hash_ms", r.unlink_hash_ms},
      {"redis_del_hash_ms", r.redis_del_hash_ms},
      {"redis_unlink_hash_ms", r.redis_unlink_hash_ms},
      {"publish_fanout_msgs_per_s", r.publish_fanout_msgs_per_s},
      {"redis_publish_fanout_msgs_per_s", r.redis_publish_fanout_msgs_per_s},
      {"publish_fanout_pull_msgs_per_s", r.publish_fanout_pull_msgs_per_s},
      {"server_publish_ops_per_s", r.server_publish_ops_per_s},
      {"redis_server_publish_ops_per_s", r.redis_server_publish_ops_per_s},
      {"bytes_per_stream_entry", r.bytes_per_stream_entry},
      {"redis_bytes_per_stream_entry", r.redis_bytes_per_stream_entry},
      {"xadd_ops_per_s", r.xadd_ops_per_s},
      {"redis_xadd_ops_per_s", r.redis_xadd_ops_per_s},
      {"xreadgroup_ops_per_s", r.xreadgroup_ops_per_s},
      {"redis_xreadgroup_ops_per_s", r.redis_xreadgroup_ops_per_s},
      {"bitcount_gb_per_s", r.bitcount_gb_per_s},
      {"redis_bitcount_gb_per_s", r.redis_bitcount_gb_per_s},
      {"raw_popcount_gb_per_s", r.raw_popcount_gb_per_s},
      {"remote_pipelined_get_ops_per_s", r.remote_pipelined_get_ops_per_s},
      {"hiredis_pipelined_get_ops_per_s", r.hiredis_pipelined_get_ops_per_s},
      {"remote_pipeline_batch_get_ops_per_s", r.remote_pipeline_batch_get_ops_per_s},
      {"remote_rtt_p50_ns", r.remote_rtt_p50_ns},
      {"hiredis_rtt_p50_ns", r.hiredis_rtt_p50_ns},
  };
  fmt::print("{{");
  const char* separator = "";
  for (const auto& [name, value] : fields) {
    fmt::print("{}\"{}\": {}", separator, name, value ? fmt::format("{:.1f}", *value) : "null");
    separator = ", ";
  }
  fmt::print("}}\n");
}

// ---------------------------------------------------------------------------

void print_usage(std::FILE* to) {
  fmt::print(to, "usage: not_redis-bench [--keys N] [--quick] [--remote] [--json]\n"
                 "  --keys N  keys per measurement (default 1000000; --quick: 100000)\n"
                 "  --quick   fewer keys and round-trip samples, for a fast check\n"
                 "  --remote  only the RemoteClient figures (against redis-server, next to hiredis)\n"
                 "  --json    print one JSON object instead of the table\n");
}

std::optional<Settings> parse_arguments(int argc, char** argv) {
  Settings s;
  std::optional<std::size_t> keys;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      s.json = true;
    } else if (arg == "--quick") {
      quick = true;
    } else if (arg == "--remote") {
      s.remote_only = true;
    } else if (arg == "--keys" && i + 1 < argc) {
      const std::string_view n = argv[++i];
      std::size_t value = 0;
      const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), value);
      if (ec != std::errc{} || end != n.data() + n.size() || value < 100 || value > 10'000'000) {
        fmt::print(stderr, "not_redis-bench: --keys takes a number from 100 to 10000000\n");
        return std::nullopt;
      }
      keys = value;
    } else if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      std::exit(0);
    } else {
      print_usage(stderr);
      return std::nullopt;
    }
  }
  if (quick) {
    s.keys = 100'000;
    s.rtt_samples = 10'000;
    s.bitcount_rounds = 3;
  }
  if (keys) s.keys = *keys;
  return s;
}

} // namespace

int run(int argc, char** argv) {
  const std::optional<Settings> settings = parse_arguments(argc, argv);
  if (!settings) return 2;
  progress(fmt::format("preparing {} keys", settings->keys));
  const Workload w = make_workload(settings->keys, kSeed);

  Results r;
  if (settings->remote_only) {
    measure_remote(w, *settings, r);
    if (settings->json) print_json(r);
    else print_table(r, *settings);
    return 0;
  }
  measure_raw_map(w, r);
  measure_same_thread(w, r);
  measure_memory(w, r);  // while this is the only thread, so the heap delta is the store's
  measure_streams(w, r);  // its memory figure first, likewise
  measure_lazy_free(w, r);
  measure_zset(w, r);
  measure_bitmaps(*settings, r);
  measure_naive(w, r);
  measure_cross_thread(w, *settings, r);
  measure_expiry(w, r);
  measure_redis_baseline(w, *settings, r);
  measure_pubsub(*settings, r);
  measure_remote(w, *settings, r);

  if (settings->json) print_json(r);
  else print_table(r, *settings);
  return 0;
}

} // namespace not_redis::bench

int main(int argc, char** argv) {
  try {
    return not_redis::bench::run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "not_redis-bench: {}\n", e.what());
    return 1;
  }
}
