#pragma once
/// @file
/// not_redis::RemoteClient: the same API as Client, against a real Redis server.

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/batch.hpp>
#include <not_redis/commands/all.hpp>
#include <not_redis/future.hpp>
#include <not_redis/value.hpp>

struct uv_loop_s;

namespace not_redis {

namespace detail {
class RemoteEngine;
}

/// Where a RemoteClient connects and how it behaves when the server does not
/// answer. Every duration of zero means "no limit".
struct RemoteOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  /// A unix socket path; when set, host and port are not used.
  std::string unix_socket;
  /// AUTH: with a password and no user, the user is `default` (as Redis 6+
  /// reads a one-argument AUTH).
  std::string user;
  std::string password;
  /// CLIENT SETNAME on every connection (empty: none).
  std::string client_name;
  /// Longest wait for a connection and its handshake (HELLO 3).
  std::chrono::milliseconds connect_timeout{2000};
  /// Longest wait for a command's reply, counted from the call; a command that
  /// is still waiting for a connection counts too. On expiry the future fails
  /// with Error(timeout); a reply overdue on a connection also closes that
  /// connection (the replies after it could no longer be matched) and fails
  /// what was sent on it with Error(io). Blocking commands (BLPOP, XREAD
  /// BLOCK, ...) are not subject to it: their own timeout argument rules them.
  std::chrono::milliseconds command_timeout{5000};
  /// Reconnection backoff: the first retry after `reconnect_min`, doubling up
  /// to `reconnect_max`.
  std::chrono::milliseconds reconnect_min{10};
  std::chrono::milliseconds reconnect_max{1000};
  /// While disconnected, a command fails at once with Error(io) instead of
  /// waiting (up to `command_timeout`) for the connection to come back.
  bool fail_fast_when_disconnected = false;
  /// How long a thread blocked in Future::get() polls before it sleeps: about
  /// a loopback round trip, which spares the sleep and wake-up (measured:
  /// RTT p50 equal to hiredis's with 20 us, 1.3x with none).
  std::chrono::microseconds caller_spin{20};

  /// Redis Cluster: host:port (and `seeds`, more "host:port" entry points)
  /// are where the client learns the slots (CLUSTER SLOTS, again on MOVED
  /// and every `topology_refresh`); each command goes to the master of its
  /// keys' slot. See RemoteClient for the routing of commands without keys.
  bool cluster = false;
  std::vector<std::string> seeds;
  std::chrono::milliseconds topology_refresh{10000};
  /// MOVED, ASK, TRYAGAIN and CLUSTERDOWN followed per command, at most;
  /// then the last error reply is the command's.
  int max_redirects = 16;

  /// `redis://[[user]:password@]host[:port][/0]`, or `unix:///path/to.sock`
  /// (with `?password=...` / `?user=...` if needed; `?cluster=yes` for a
  /// Redis Cluster, whose further seeds follow as `&seed=host:port`). Percent-escapes in the
  /// user and password are decoded. Throws Error(usage) for anything else,
  /// including a database other than 0.
  static RemoteOptions from_url(std::string_view url);
};

/// The typed API (strings, keys, hashes, lists, sets, sorted sets, streams,
/// pub/sub publishing, pipelines, transactions; not_redis::Subscriber takes a
/// RemoteClient as it takes a Client) against a Redis 6+ server,
/// over one libuv loop like the embedded store. Client keeps a keyspace in
/// your process; RemoteClient keeps none and sends every command to the
/// server: replace one with the other and the calls stay the same.
///
/// Two ways to host it:
/// - `RemoteClient redis(options);` starts its own loop thread.
/// - `RemoteClient redis(loop, options);` attaches to your `uv_loop_t*`
///   (construct and destroy it on the loop's thread); its handles are
///   unreferenced, as Client's.
///
/// Any thread may call any method. Commands posted by one thread reach the
/// server in the order posted, on one connection, and everything posted
/// between two turns of the loop leaves in one write (automatic pipelining).
/// A blocking command (BLPOP, BZPOPMIN, XREAD ... BLOCK, ...) is sent on a
/// connection of its own, after the replies to the commands posted before it,
/// so it never holds up the others; WATCH-based transaction() leases one too.
///
/// Replies are RESP3 (HELLO 3 at connect, so the shapes equal the embedded
/// store's and the typed conversions give the same results); a server without
/// HELLO (before Redis 6) is refused with Error(io). A lost connection fails
/// every command sent on it and not yet answered with Error(io) (it may or may
/// not have run), then reconnects with backoff; see RemoteOptions for waits.
///
/// ```
/// not_redis::RemoteClient redis(not_redis::RemoteOptions::from_url("redis://127.0.0.1:6380"));
/// redis.set("greeting", "hello").get();
/// std::optional<std::string> v = redis.get("greeting").get();
/// ```
class RemoteClient : public Commands<RemoteClient>, public detail::FutureBackend<RemoteClient> {
public:
  /// Starts its own loop thread and connects in the background (the first
  /// commands wait for the connection).
  explicit RemoteClient(RemoteOptions options = {});
  /// The same, from a URL (see RemoteOptions::from_url).
  explicit RemoteClient(std::string_view url) : RemoteClient(RemoteOptions::from_url(url)) {}
  /// Attaches to `loop` (a `uv_loop_t*`); call on the loop's thread.
  RemoteClient(uv_loop_s* loop, RemoteOptions options = {});
  /// Waits for the replies to what was sent (at most `command_timeout`),
  /// fails everything else with Error(shutdown), closes the connections and
  /// stops the loop thread (own-thread mode).
  ~RemoteClient();

  RemoteClient(const RemoteClient&) = delete;
  RemoteClient& operator=(const RemoteClient&) = delete;

  /// Runs `task` on the loop thread, after the commands this thread posted
  /// before it have been sent (not answered). Any thread.
  Future<void> post(std::function<void()> task);

  /// Stops accepting commands; as the destructor, but returns at once.
  /// Any thread; idempotent.
  void shutdown() noexcept;

  /// True on the thread that runs this client's loop.
  bool on_loop_thread() const noexcept;

  /// Connections opened so far (reconnections included), for monitoring.
  std::uint64_t connections_opened() const noexcept;

private:
  friend class Subscriber;  // a connection of its own, in subscribed mode
  friend class detail::FutureBackend<RemoteClient>;
  template <class Backend, class Keys, class F>
  friend Replies detail::watched_transaction(Backend&, const Keys&, F&, int);
  using Kind = detail::CallState::Kind;

  detail::CallHandle execute_handle(Argv&& argv);
  detail::CallHandle execute_batch(std::vector<Argv>&& commands, Kind kind, std::uint64_t lease);
  std::uint64_t new_lease();
  void end_lease(std::uint64_t lease) noexcept;

  std::unique_ptr<detail::RemoteEngine> engine_;
};

} // namespace not_redis
