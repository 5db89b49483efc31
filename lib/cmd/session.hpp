#pragma once
// The caller a command runs for. Every network connection has a Session; the
// in-process callers of a store share one, owned by the engine.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/value.hpp>

#include "cmd/subscription_names.hpp"

namespace not_redis::detail {

/// MULTI's state: the commands queued until EXEC (Redis's multiState).
struct MultiState {
  bool active = false;   ///< between MULTI and EXEC/DISCARD (CLIENT LIST flag `x`)
  bool aborted = false;  ///< a command was refused while queuing: EXEC answers EXECABORT
  std::vector<Argv> queued;
  std::size_t queued_bytes = 0;  ///< CLIENT LIST's multi-mem
};

/// One key a session WATCHes.
struct WatchedKey {
  std::string key;
  /// Already expired (not yet reclaimed) when watched: its reclaiming is then
  /// no change, as in Redis's watchedKey.expired.
  bool expired = false;
};

class MessageSink;

struct Session {
  /// CLIENT REPLY: whether replies are sent. skip_next becomes skip for exactly
  /// the command after CLIENT REPLY SKIP (the server applies it).
  enum class ReplyMode : std::uint8_t { on, off, skip_next, skip };

  std::uint64_t id = 0;
  int resp = 2;               ///< protocol version, switched by HELLO
  bool authenticated = true;  ///< false until AUTH while requirepass is set
  bool network = false;       ///< false for the in-process session
  /// The one session every in-process caller of a store shares: commands
  /// that keep per-connection state across calls (MULTI, WATCH) are refused.
  bool shared = false;
  bool monitor = false;       ///< MONITOR: receives every command, sends nothing else
  bool no_evict = false;      ///< CLIENT NO-EVICT (accepted; nothing is evicted)
  bool close_after_reply = false;  ///< QUIT, or CLIENT KILL of itself
  ReplyMode reply_mode = ReplyMode::on;
  std::string name;           ///< CLIENT SETNAME
  MultiState multi;
  std::vector<WatchedKey> watched;  ///< in WATCH order (the registry is Store::watches)
  bool watch_dirty = false;         ///< a watched key changed: EXEC fails (flag `d`)

  // Kept up to date by the server, for CLIENT LIST / CLIENT INFO.
  std::string addr;           ///< "ip:port" of the peer, or "/path:0" for a unix socket
  std::string laddr;          ///< local address
  int fd = -1;
  std::int64_t created_ms = 0;  ///< wall-clock ms
  std::int64_t last_interaction_ms = 0;
  std::string_view last_command = "NULL";  ///< "cmd=" field: a table name such as "client|list"
  std::size_t query_buffer = 0;       ///< unparsed input bytes
  std::size_t output_bytes = 0;       ///< replies not yet written to the socket
  /// When (store clock, seconds) its output went over its class's soft
  /// limit and has stayed; 0 while under it (Redis's obuf_soft_limit_reached_time).
  std::int64_t output_soft_limit_since_s = 0;
  bool blocked = false;               ///< parked in a blocking command
  bool unix_socket = false;

  // Pub/sub (the registry is Store::pubsub): where this session's messages
  // go, null where it cannot subscribe, and what it is subscribed to, in
  // subscription order.
  MessageSink* sink = nullptr;
  SubscriptionNames channels;
  SubscriptionNames patterns;
  SubscriptionNames shard_channels;
  /// Set by a command whose replies went out through `sink` as pushes
  /// ((P|S)SUBSCRIBE's confirmations, one per channel): the server does not
  /// write its returned reply again.
  bool replied_through_sink = false;
  /// Redis's clientSubscriptionsCount: what (un)subscribe confirmations count.
  std::size_t subscriptions() const noexcept { return channels.size() + patterns.size(); }
  /// Redis's CLIENT_PUBSUB: in RESP2, only the subscription commands run.
  bool subscribed() const noexcept { return subscriptions() + shard_channels.size() > 0; }
};

/// What connection commands (CLIENT LIST, CLIENT KILL, MONITOR...) need from
/// whoever hosts network sessions: the Server implements it. Loop thread only.
class SessionRegistry {
public:
  virtual ~SessionRegistry() = default;
  /// Every network session, in id order.
  virtual std::vector<Session*> sessions() = 0;
  /// Closes `session`'s connection; if it is the `caller`, after its reply.
  virtual void kill(Session& session, const Session& caller) = 0;
  /// CLIENT UNBLOCK: completes `session`'s blocked command as if it timed
  /// out, or with_error `UNBLOCKED client unblocked via CLIENT UNBLOCK`.
  /// False if it was not blocked.
  virtual bool unblock(Session& session, bool with_error) = 0;
  /// Sends MONITOR's line for a command `from` ran to every monitor.
  virtual void feed_monitors(const Session& from, const Argv& argv, std::int64_t now_us) = 0;
  /// Whether any session is in MONITOR mode (checked on every command).
  virtual bool has_monitors() const noexcept = 0;
};

} // namespace not_redis::detail
