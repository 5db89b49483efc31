#pragma once
// The Redis baseline: a private redis-server driven through hiredis. Built
// only when hiredis is found (NOT_REDIS_BENCH_HIREDIS).

#include <sys/types.h>

#include <charconv>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include "workload.hpp"

namespace not_redis::bench {

struct RedisFigures {
  std::optional<double> rtt_p50_ns;
  std::optional<double> pipelined_get_ops_per_s;
  std::optional<double> bytes_per_key;
  std::optional<double> bytes_per_key_with_ttl;
  std::optional<double> bytes_per_hash_field, bytes_per_list_element, bytes_per_set_member;
  std::optional<double> del_hash_ms, unlink_hash_ms;
  std::optional<double> bytes_per_zset_member, zadd_ops_per_s, zrange_rank_window_ops_per_s;  ///< round trip of deleting the N-field hash
  std::string note;  ///< why figures are missing, if any are
};

/// Starts redis-server (if it is on PATH) on a free loopback port and a unix
/// socket in a temporary directory, measures, and stops it again (also on error).
RedisFigures measure_redis(const Workload& w, std::size_t rtt_samples);

struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Connection = std::unique_ptr<redisContext, ContextFree>;

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

/// redisCommand(): its reply; throws std::runtime_error on a failure or an error reply.
inline Reply command(redisContext* c, const char* format, auto... args) {
  Reply reply(static_cast<redisReply*>(redisCommand(c, format, args...)));
  if (!reply) throw std::runtime_error(fmt::format("redis: {}", c->errstr));
  if (reply->type == REDIS_REPLY_ERROR) throw std::runtime_error(fmt::format("redis: {}", reply->str));
  return reply;
}

/// The next reply of a pipeline; throws as command() does.
inline Reply next_reply(redisContext* c) {
  void* raw = nullptr;
  if (redisGetReply(c, &raw) != REDIS_OK) throw std::runtime_error(fmt::format("redis: {}", c->errstr));
  Reply reply(static_cast<redisReply*>(raw));
  if (reply->type == REDIS_REPLY_ERROR) throw std::runtime_error(fmt::format("redis: {}", reply->str));
  return reply;
}

/// INFO memory's used_memory.
inline long long used_memory(redisContext* c) {
  Reply info = command(c, "INFO memory");
  const std::string_view text(info->str, info->len);
  constexpr std::string_view kField = "\nused_memory:";
  const auto at = text.find(kField);
  if (at == std::string_view::npos) throw std::runtime_error("INFO memory has no used_memory");
  long long bytes = 0;
  const char* first = text.data() + at + kField.size();
  std::from_chars(first, text.data() + text.size(), bytes);
  return bytes;
}

/// A private redis-server child process on a free loopback port and a unix
/// socket in a temporary directory, stopped (SHUTDOWN NOSAVE, then waitpid)
/// and its directory removed when this object goes away.
class RedisServer {
public:
  /// Returns once the server answers PING; throws std::runtime_error if it does not.
  explicit RedisServer(const std::filesystem::path& binary);
  ~RedisServer() { stop(); }

  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  /// A new connection over the unix socket.
  Connection connect() const;
  /// The TCP port (on 127.0.0.1).
  int port() const noexcept { return port_; }

private:
  void wait_until_ready();
  void stop() noexcept;

  std::filesystem::path dir_;
  std::string socket_;
  int port_ = 0;
  pid_t pid_ = -1;
};

} // namespace not_redis::bench
