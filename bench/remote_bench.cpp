#include "remote_bench.hpp"

#include <algorithm>
#include <exception>
#include <string_view>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <not_redis/not_redis.hpp>

#include "process.hpp"
#include "redis_baseline.hpp"

namespace not_redis::bench {

namespace {

constexpr std::size_t kInFlight = 1000;
constexpr int kRounds = 3;

void progress(std::string_view what) { fmt::print(stderr, "not_redis-bench: {}...\n", what); }

void load(redisContext* c, const Workload& w) {
  command(c, "FLUSHALL");
  for (std::size_t first = 0; first < w.size(); first += kInFlight) {
    const std::size_t end = std::min(w.size(), first + kInFlight);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(c, "SET %b %b", w.keys[i].data(), w.keys[i].size(), w.values[i].data(), w.values[i].size());
    for (std::size_t i = first; i < end; ++i) next_reply(c);
  }
}

void hiredis_figures(redisContext* c, const Workload& w, std::size_t rtt_samples, RemoteFigures& f) {
  progress("remote: hiredis pipelined GET and RTT over TCP");
  std::size_t hits = 0;
  auto start = SteadyClock::now();
  for (std::size_t first = 0; first < w.size(); first += kInFlight) {
    const std::size_t end = std::min(w.size(), first + kInFlight);
    for (std::size_t i = first; i < end; ++i) redisAppendCommand(c, "GET %b", w.key(i).data(), w.key(i).size());
    for (std::size_t i = first; i < end; ++i) {
      Reply r = next_reply(c);
      hits += r->type == REDIS_REPLY_STRING && std::string_view(r->str, r->len) == w.value(i);
    }
  }
  f.hiredis_pipelined_get_ops_per_s = ops_per_s(seconds_since(start), w.size());
  if (hits != w.size()) f.notes.push_back(fmt::format("hiredis pipelined GET: {} of {} hits", hits, w.size()));
  std::vector<std::int64_t> ns;
  ns.reserve(rtt_samples);
  for (std::size_t i = 0; i < rtt_samples; ++i) {
    const std::string& k = w.key(i % w.size());
    start = SteadyClock::now();
    Reply reply = command(c, "GET %b", k.data(), k.size());
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count());
  }
  f.hiredis_rtt_p50_ns = percentile(ns, 0.50);
}

void remote_figures(int port, const Workload& w, std::size_t rtt_samples, RemoteFigures& f) {
  progress("remote: RemoteClient pipelined GET, Pipeline batches and RTT over TCP");
  RemoteOptions options;
  options.port = port;
  RemoteClient redis(options);
  std::size_t hits = 0;
  std::vector<Future<std::optional<std::string>>> batch;
  batch.reserve(kInFlight);
  auto start = SteadyClock::now();
  for (std::size_t first = 0; first < w.size(); first += kInFlight) {
    const std::size_t end = std::min(w.size(), first + kInFlight);
    for (std::size_t i = first; i < end; ++i) batch.push_back(redis.get(w.key(i)));
    for (std::size_t i = first; i < end; ++i) hits += batch[i - first].get() == w.value(i);
    batch.clear();
  }
  f.remote_pipelined_get_ops_per_s = ops_per_s(seconds_since(start), w.size());
  if (hits != w.size()) f.notes.push_back(fmt::format("RemoteClient pipelined GET: {} of {} hits", hits, w.size()));

  hits = 0;
  start = SteadyClock::now();
  for (std::size_t first = 0; first < w.size(); first += kInFlight) {
    const std::size_t end = std::min(w.size(), first + kInFlight);
    Pipeline pipeline;
    pipeline.reserve(end - first);
    for (std::size_t i = first; i < end; ++i) pipeline.get(w.key(i));
    const Replies replies = redis.execute(std::move(pipeline)).get();
    for (std::size_t i = first; i < end; ++i) hits += replies[i - first] == Value::bulk(w.value(i));
  }
  f.remote_pipeline_batch_get_ops_per_s = ops_per_s(seconds_since(start), w.size());
  if (hits != w.size()) f.notes.push_back(fmt::format("RemoteClient Pipeline GET: {} of {} hits", hits, w.size()));

  std::vector<std::int64_t> ns;
  ns.reserve(rtt_samples);
  for (std::size_t i = 0; i < rtt_samples; ++i) {
    const std::string& k = w.key(i % w.size());
    start = SteadyClock::now();
    keep(redis.get(k).get());
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count());
  }
  f.remote_rtt_p50_ns = percentile(ns, 0.50);
}

} // namespace

RemoteFigures measure_remote(const Workload& w, std::size_t rtt_samples) {
  RemoteFigures f;
  const auto binary = find_on_path("redis-server");
  if (!binary) {
    f.notes.push_back("remote figures: redis-server is not on PATH");
    return f;
  }
  try {
    RedisServer server(*binary);
    Connection tcp(redisConnect("127.0.0.1", server.port()));
    if (!tcp || tcp->err) throw std::runtime_error("hiredis cannot connect over TCP");
    progress(fmt::format("remote: loading {} keys into redis-server", w.size()));
    load(tcp.get(), w);
    // Taking turns, so neither side always runs on a cooler or warmer
    // server; each figure is the median of its rounds.
    std::vector<RemoteFigures> rounds(kRounds);
    for (RemoteFigures& round : rounds) {
      remote_figures(server.port(), w, rtt_samples / kRounds, round);
      hiredis_figures(tcp.get(), w, rtt_samples / kRounds, round);
      for (std::string& note : round.notes) f.notes.push_back(std::move(note));
    }
    const auto median = [&rounds](std::optional<double> RemoteFigures::*figure) -> std::optional<double> {
      std::vector<double> values;
      for (const RemoteFigures& round : rounds)
        if (round.*figure) values.push_back(*(round.*figure));
      if (values.empty()) return std::nullopt;
      std::ranges::sort(values);
      return values[values.size() / 2];
    };
    f.remote_pipelined_get_ops_per_s = median(&RemoteFigures::remote_pipelined_get_ops_per_s);
    f.hiredis_pipelined_get_ops_per_s = median(&RemoteFigures::hiredis_pipelined_get_ops_per_s);
    f.remote_pipeline_batch_get_ops_per_s = median(&RemoteFigures::remote_pipeline_batch_get_ops_per_s);
    f.remote_rtt_p50_ns = median(&RemoteFigures::remote_rtt_p50_ns);
    f.hiredis_rtt_p50_ns = median(&RemoteFigures::hiredis_rtt_p50_ns);
  } catch (const std::exception& e) {
    f.notes.push_back(fmt::format("remote figures: {}", e.what()));
  }
  return f;
}

} // namespace not_redis::bench
