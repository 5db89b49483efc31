#pragma once
/// @file
/// not_redis::Subscriber: Redis pub/sub for code in the store's own process.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <not_redis/argv.hpp>
#include <not_redis/client.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

class RemoteClient;
namespace detail {
class Inbox;
class SubscriberHost;
}

/// One published message, as a subscriber receives it.
struct Message {
  /// How it matched: a SUBSCRIBE (Redis's `message`), a PSUBSCRIBE pattern
  /// (`pmessage`) or an SSUBSCRIBE of a shard channel (`smessage`).
  enum class Kind : std::uint8_t { channel, pattern, shard };

  Kind kind = Kind::channel;
  std::string channel;
  std::string payload;
  std::string pattern;  ///< the pattern that matched, for Kind::pattern; else empty

  bool operator==(const Message&) const = default;
};

/// How a Subscriber queues what it has not handed out yet.
struct SubscriberOptions {
  /// What happens to a message that arrives while `max_queued` wait already.
  enum class Overflow : std::uint8_t {
    drop_oldest,  ///< the oldest queued message goes: a reader catches up on the latest
    drop_newest,  ///< the arriving message goes: the queue keeps what came first
  };
  /// Messages received and not yet taken (pulled, or passed to the callback),
  /// at most; at least 1. Every message dropped over it is counted in dropped().
  std::size_t max_queued = 10'000;
  Overflow overflow = Overflow::drop_oldest;
};

/// An in-process pub/sub subscriber of a store: a session of its own,
/// subscribed to channels, patterns and shard channels, receiving what any
/// in-process caller or network client PUBLISHes (SPUBLISHes), keyspace
/// notifications included. A PUBLISH posted after a (un)subscribe's future
/// completed sees the new subscriptions; one posted before by the same thread
/// too (commands of one thread run in order).
///
/// Messages arrive in publish order, either at a callback or in a bounded
/// queue to pull from:
/// - With a callback, it runs on the store's loop thread, one message at a
///   time, right after the command that published it (in its loop turn; in
///   the deterministic mode, within run_until_idle()). It may call the store;
///   it must not block, and what it throws is dropped.
/// - Without one, next(), wait_for() and try_next() take messages from any
///   thread, in order; several threads may pull at once, each message goes to
///   one of them.
///
/// Either way, at most SubscriberOptions::max_queued messages wait; beyond
/// that the overflow rule drops one (dropped() counts them). Redis closes a
/// network subscriber that falls behind (client-output-buffer-limit pubsub);
/// an in-process one keeps its subscriptions and loses messages instead.
///
/// Destroying the subscriber unsubscribes it (its callback never runs after
/// the destructor returns, unless the destructor runs inside that callback)
/// and fails pending next() futures with Error(shutdown). When the store shuts
/// down, messages already queued can still be taken; then pulls fail with
/// Error(shutdown). A Subscriber may outlive its Client, not be destroyed
/// while the Client is being destroyed on another thread.
///
/// ```
/// not_redis::Subscriber events(store);
/// events.psubscribe("orders.*").get();
/// store.publish("orders.new", "42").get();
/// not_redis::Message m = events.next().get();   // m.channel == "orders.new"
/// ```
class Subscriber {
public:
  /// Receives on the loop thread, through `on_message`.
  using Callback = std::function<void(Message&&)>;

  /// A subscriber to pull messages from. Any thread.
  explicit Subscriber(Client& store, SubscriberOptions options = {});
  /// A subscriber whose messages go to `on_message`. Any thread.
  Subscriber(Client& store, Callback on_message, SubscriberOptions options = {});
  /// The same on a Redis server: a connection of its own in subscribed mode,
  /// opened by the client's loop, which resubscribes after a reconnection
  /// (messages published while it was down are lost, as with any Redis
  /// client). The callback runs on the client's loop thread.
  explicit Subscriber(RemoteClient& store, SubscriberOptions options = {});
  Subscriber(RemoteClient& store, Callback on_message, SubscriberOptions options = {});
  /// Unsubscribes from everything. Any thread.
  ~Subscriber();

  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  /// SUBSCRIBE channel [channel ...]: completes once subscribed. Channels are
  /// anything command() takes: strings, a braced list, a range. Any thread;
  /// on the loop thread it runs at once.
  template <class... Channels>
  Future<void> subscribe(const Channels&... channels) {
    return run(make_argv("SUBSCRIBE", channels...));
  }
  Future<void> subscribe(std::initializer_list<std::string_view> channels) {
    return run(make_argv("SUBSCRIBE", channels));
  }
  /// PSUBSCRIBE pattern [pattern ...] (Redis glob patterns).
  template <class... Patterns>
  Future<void> psubscribe(const Patterns&... patterns) {
    return run(make_argv("PSUBSCRIBE", patterns...));
  }
  Future<void> psubscribe(std::initializer_list<std::string_view> patterns) {
    return run(make_argv("PSUBSCRIBE", patterns));
  }
  /// SSUBSCRIBE shardchannel [shardchannel ...].
  template <class... Channels>
  Future<void> ssubscribe(const Channels&... channels) {
    return run(make_argv("SSUBSCRIBE", channels...));
  }
  Future<void> ssubscribe(std::initializer_list<std::string_view> channels) {
    return run(make_argv("SSUBSCRIBE", channels));
  }
  /// UNSUBSCRIBE [channel ...]: from the channels given, or from every channel.
  template <class... Channels>
  Future<void> unsubscribe(const Channels&... channels) {
    return run(make_argv("UNSUBSCRIBE", channels...));
  }
  Future<void> unsubscribe(std::initializer_list<std::string_view> channels) {
    return run(make_argv("UNSUBSCRIBE", channels));
  }
  /// PUNSUBSCRIBE [pattern ...].
  template <class... Patterns>
  Future<void> punsubscribe(const Patterns&... patterns) {
    return run(make_argv("PUNSUBSCRIBE", patterns...));
  }
  Future<void> punsubscribe(std::initializer_list<std::string_view> patterns) {
    return run(make_argv("PUNSUBSCRIBE", patterns));
  }
  /// SUNSUBSCRIBE [shardchannel ...].
  template <class... Channels>
  Future<void> sunsubscribe(const Channels&... channels) {
    return run(make_argv("SUNSUBSCRIBE", channels...));
  }
  Future<void> sunsubscribe(std::initializer_list<std::string_view> channels) {
    return run(make_argv("SUNSUBSCRIBE", channels));
  }

  /// The next message: ready at once if one is queued, else completed (on the
  /// loop thread) when one arrives. Futures taken by several calls complete
  /// in call order. Any thread; Error(usage) with a callback.
  Future<Message> next();
  /// The next message if one is queued, without waiting. Any thread;
  /// Error(shutdown) once the store has shut down and the queue is empty.
  std::optional<Message> try_next();
  /// Waits up to `timeout` (real time, not the store's clock) for the next
  /// message; std::nullopt if none came. Not on the loop thread (Error(usage),
  /// as Future::get()), except with a zero timeout.
  template <class Rep, class Period>
  std::optional<Message> wait_for(std::chrono::duration<Rep, Period> timeout) {
    return wait_ns(std::chrono::ceil<std::chrono::nanoseconds>(timeout));
  }

  /// Messages queued and not yet taken. Any thread.
  std::size_t queued() const noexcept;
  /// Messages lost to the overflow rule so far. Any thread.
  std::uint64_t dropped() const noexcept;

private:
  Future<void> run(Argv&& argv);
  std::optional<Message> wait_ns(std::chrono::nanoseconds timeout);

  Subscriber(detail::SubscriberHost& host, Callback on_message, SubscriberOptions options);

  detail::SubscriberHost* host_;
  std::shared_ptr<detail::Inbox> inbox_;
  std::uint64_t id_;
};

} // namespace not_redis
