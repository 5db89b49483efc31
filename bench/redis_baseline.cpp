#include "redis_baseline.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include <hiredis/hiredis.h>

#include "process.hpp"

namespace not_redis::bench {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::size_t kBatch = 1000;
constexpr std::size_t kLoadCommandsInFlight = 16;  // of kElementsPerCommand elements each
constexpr auto kStartTimeout = 5s;
constexpr auto kStopTimeout = 5s;

void load(redisContext* c, const Workload& w, bool with_ttl) {
  for (std::size_t start = 0; start < w.size(); start += kBatch) {
    const std::size_t end = std::min(w.size(), start + kBatch);
    for (std::size_t i = start; i < end; ++i) {
      const std::string& k = w.key(i);
      const std::string& v = w.value(i);
      if (with_ttl) redisAppendCommand(c, "SET %b %b EX 3600", k.data(), k.size(), v.data(), v.size());
      else redisAppendCommand(c, "SET %b %b", k.data(), k.size(), v.data(), v.size());
    }
    for (std::size_t i = start; i < end; ++i) next_reply(c);
  }
}

double bytes_per_key(redisContext* c, const Workload& w, bool with_ttl) {
  command(c, "FLUSHALL");
  const long long before = used_memory(c);
  load(c, w, with_ttl);
  const long long after = used_memory(c);
  return static_cast<double>(after - before) / static_cast<double>(w.size());
}

/// used_memory delta per element of one aggregate key loaded with
/// kElementsPerCommand elements per command, kLoadCommandsInFlight commands pipelined.
double bytes_per_element(redisContext* c, const Workload& w, Aggregate kind) {
  command(c, "FLUSHALL");
  const long long before = used_memory(c);
  std::vector<const char*> argv;
  std::vector<std::size_t> argvlen;
  std::size_t in_flight = 0;
  for_each_load_command(w, kind, [&](std::span<const std::string_view> args) {
    argv.clear();
    argvlen.clear();
    for (std::string_view a : args) {
      argv.push_back(a.data());
      argvlen.push_back(a.size());
    }
    redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), argvlen.data());
    if (++in_flight == kLoadCommandsInFlight) {
      for (; in_flight > 0; --in_flight) next_reply(c);
    }
    return true;
  });
  for (; in_flight > 0; --in_flight) next_reply(c);
  const long long after = used_memory(c);

  const AggregateLoad load = load_of(kind);
  const std::string key(load.key);
  const std::string length_command(load.length_command);
  const long long length = command(c, "%s %b", length_command.c_str(), key.data(), key.size())->integer;
  if (length != static_cast<long long>(w.size())) {
    throw std::runtime_error(fmt::format("{} holds {} of {} elements", load.key, length, w.size()));
  }
  return static_cast<double>(after - before) / static_cast<double>(w.size());
}

/// Round trip, in ms, of deleting the hash bytes_per_element() loads, with
/// `command` (DEL or UNLINK), loading it first.
double timed_hash_delete(redisContext* c, const Workload& w, const char* command_name) {
  const std::string key(load_of(Aggregate::hash).key);
  bytes_per_element(c, w, Aggregate::hash);
  const auto start = SteadyClock::now();
  Reply deleted = command(c, "%s %b", command_name, key.data(), key.size());
  const double ms = seconds_since(start) * 1e3;
  if (deleted->type != REDIS_REPLY_INTEGER || deleted->integer != 1) throw std::runtime_error(fmt::format("redis: {} failed", command_name));
  return ms;
}

/// ZADD of the N members one by one into one key, pipelined in batches of
/// kBatch, then the ZRANGE windows of zrange_window_starts() on it.
void measure_zset_commands(redisContext* c, const Workload& w, RedisFigures& figures) {
  command(c, "FLUSHALL");
  const std::string key(load_of(Aggregate::zset).key);
  long long added = 0;
  auto start = SteadyClock::now();
  for (std::size_t first = 0; first < w.size(); first += kBatch) {
    const std::size_t end = std::min(w.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(c, "ZADD %b %b %b", key.data(), key.size(), w.score(i).data(), w.score(i).size(),
                         w.value(i).data(), w.value(i).size());
    for (std::size_t i = first; i < end; ++i) added += next_reply(c)->integer;
  }
  figures.zadd_ops_per_s = ops_per_s(seconds_since(start), w.size());
  if (added != static_cast<long long>(w.size())) throw std::runtime_error("redis: ZADD added fewer members");

  const std::vector<long long> starts = zrange_window_starts(w);
  std::size_t full = 0;
  start = SteadyClock::now();
  for (std::size_t first = 0; first < starts.size(); first += kBatch) {
    const std::size_t end = std::min(starts.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(c, "ZRANGE %b %lld %lld", key.data(), key.size(), starts[i], starts[i] + kZrangeWindow - 1);
    for (std::size_t i = first; i < end; ++i) full += next_reply(c)->elements == kZrangeWindow;
  }
  figures.zrange_rank_window_ops_per_s = ops_per_s(seconds_since(start), starts.size());
  if (full != starts.size()) throw std::runtime_error("redis: a ZRANGE window came back short");
}

double pipelined_get_ops_per_s(redisContext* c, const Workload& w) {
  std::size_t hits = 0;
  const auto start = SteadyClock::now();
  for (std::size_t first = 0; first < w.size(); first += kBatch) {
    const std::size_t end = std::min(w.size(), first + kBatch);
    for (std::size_t i = first; i < end; ++i) redisAppendCommand(c, "GET %b", w.key(i).data(), w.key(i).size());
    for (std::size_t i = first; i < end; ++i) hits += next_reply(c)->type == REDIS_REPLY_STRING;
  }
  const double seconds = seconds_since(start);
  if (hits != w.size()) throw std::runtime_error("redis: pipelined GETs missed keys");
  return ops_per_s(seconds, w.size());
}

double rtt_p50_ns(redisContext* c, const Workload& w, std::size_t samples) {
  std::vector<std::int64_t> ns;
  ns.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    const std::string& k = w.key(i % w.size());
    const auto start = SteadyClock::now();
    Reply reply = command(c, "GET %b", k.data(), k.size());
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count());
  }
  return percentile(ns, 0.50);
}

} // namespace

RedisServer::RedisServer(const fs::path& binary) {
  std::string dir_template = (fs::temp_directory_path() / "not_redis-bench-XXXXXX").string();
  if (!::mkdtemp(dir_template.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = dir_template;
  socket_ = (dir_ / "redis.sock").string();
  port_ = free_loopback_port();
  const std::string port = std::to_string(port_);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, STDOUT_FILENO);
    ::dup2(null_fd, STDERR_FILENO);
    ::execl(binary.c_str(), "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--unixsocket",
            socket_.c_str(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir_.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  try {
    wait_until_ready();
  } catch (...) {
    stop();  // the destructor does not run for a constructor that throws
    throw;
  }
}

Connection RedisServer::connect() const {
  Connection c(redisConnectUnix(socket_.c_str()));
  if (!c || c->err) throw std::runtime_error(fmt::format("cannot connect to {}", socket_));
  return c;
}

void RedisServer::wait_until_ready() {
  const auto deadline = SteadyClock::now() + kStartTimeout;
  while (SteadyClock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("redis-server exited at start-up");
    }
    Connection c(redisConnectUnix(socket_.c_str()));
    if (c && !c->err) {
      Reply pong(static_cast<redisReply*>(redisCommand(c.get(), "PING")));
      if (pong && pong->type == REDIS_REPLY_STATUS) return;  // not still loading
    }
    std::this_thread::sleep_for(10ms);
  }
  throw std::runtime_error("redis-server did not start in time");
}

void RedisServer::stop() noexcept {
  if (pid_ > 0) {
    if (Connection c(redisConnectUnix(socket_.c_str())); c && !c->err) {
      // The server closes the connection instead of replying.
      freeReplyObject(redisCommand(c.get(), "SHUTDOWN NOSAVE"));
    }
    const auto deadline = SteadyClock::now() + kStopTimeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (SteadyClock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(5ms);
    }
    pid_ = -1;
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

RedisFigures measure_redis(const Workload& w, std::size_t rtt_samples) {
  RedisFigures figures;
  const auto binary = find_on_path("redis-server");
  if (!binary) {
    figures.note = "redis-server is not on PATH";
    return figures;
  }
  try {
    RedisServer server(*binary);
    Connection c = server.connect();
    figures.bytes_per_key = bytes_per_key(c.get(), w, false);
    figures.pipelined_get_ops_per_s = pipelined_get_ops_per_s(c.get(), w);
    figures.rtt_p50_ns = rtt_p50_ns(c.get(), w, rtt_samples);
    figures.bytes_per_key_with_ttl = bytes_per_key(c.get(), w, true);
    figures.bytes_per_hash_field = bytes_per_element(c.get(), w, Aggregate::hash);
    figures.bytes_per_list_element = bytes_per_element(c.get(), w, Aggregate::list);
    figures.bytes_per_set_member = bytes_per_element(c.get(), w, Aggregate::set);
    figures.bytes_per_zset_member = bytes_per_element(c.get(), w, Aggregate::zset);
    measure_zset_commands(c.get(), w, figures);
    figures.del_hash_ms = figures.unlink_hash_ms = 1e300;
    for (int round = 0; round < 3; ++round) {  // the best of three, as for not_redis
      figures.del_hash_ms = std::min(*figures.del_hash_ms, timed_hash_delete(c.get(), w, "DEL"));
      figures.unlink_hash_ms = std::min(*figures.unlink_hash_ms, timed_hash_delete(c.get(), w, "UNLINK"));
    }
    command(c.get(), "FLUSHALL");
  } catch (const std::exception& e) {
    figures.note = e.what();
  }
  return figures;
}

} // namespace not_redis::bench
