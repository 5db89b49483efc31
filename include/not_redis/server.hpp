#pragma once
/// @file
/// not_redis::Server: the store, reachable by any Redis client (RESP2/RESP3).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <not_redis/client.hpp>

namespace not_redis {

struct ServerOptions {
  /// Address of the TCP listener.
  std::string bind = "127.0.0.1";
  /// TCP port; 0 picks a free one (read it back with Server::port());
  /// nullopt: no TCP listener.
  std::optional<std::uint16_t> port = 0;
  /// Path of a unix-socket listener; empty: none.
  std::string unix_socket{};
  /// Sets `requirepass`: connections must AUTH (or HELLO AUTH) first.
  /// In-process callers never need to.
  std::string requirepass{};
  /// Connections beyond this are refused with Redis's error.
  std::size_t max_clients = 10'000;
  /// Redis's protected-mode: while no requirepass is set, connections from
  /// anywhere but the loopback interface are refused with Redis's DENIED
  /// error (CONFIG SET protected-mode no turns it off).
  bool protected_mode = true;
  /// Backpressure: a connection whose unsent replies exceed this many bytes is
  /// not read from (and its pipelined commands wait) until they drain, so a
  /// client that never reads costs at most this plus one reply.
  std::size_t max_pending_output = 1 << 20;
};

/// Serves a Client's store over TCP and/or a unix socket, on the store's own
/// loop, side by side with in-process callers: a command from a socket and one
/// from a Future run on the same thread against the same keyspace.
///
/// ```
/// not_redis::Client store;
/// not_redis::Server server(store, {.port = 0});
/// fmt::print("redis-cli -p {}\n", server.port());
/// ```
///
/// Construct and destroy it from any thread (the work happens on the loop
/// thread; the constructor returns once the listeners are up). Destroy it
/// before its Client. Shutting the Client down closes the server too.
class Server {
public:
  /// Throws not_redis::Error (Kind::usage) if a listener cannot be opened.
  explicit Server(Client& store, ServerOptions options = {});
  /// Closes the listeners and every connection; a command a connection has
  /// blocked in (BLPOP...) is abandoned.
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The TCP port listened on (the chosen one if ServerOptions::port was 0);
  /// 0 without a TCP listener.
  std::uint16_t port() const noexcept;
  /// The unix socket path, or empty.
  const std::string& unix_socket() const noexcept;

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

} // namespace not_redis
