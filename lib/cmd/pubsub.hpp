#pragma once
// PubSub: who is subscribed to which channel, pattern and shard channel, and
// the delivery of a published message to them (Redis's pubsub.c). A
// subscriber is a MessageSink: the server's connection, or an in-process
// subscriber; the sessions hold their own side of each subscription, so
// UNSUBSCRIBE without arguments and disconnects know what to undo.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <not_redis/value.hpp>

#include "util/string_hash.hpp"

namespace not_redis::detail {

struct Session;

/// Where the messages of one subscriber go. Loop thread only.
class MessageSink {
public:
  /// `push` is the whole message as Redis sends it: [message, channel,
  /// payload], [pmessage, pattern, channel, payload], [smessage, channel,
  /// payload], or a (un)subscribe confirmation. RESP2 writes it as an array.
  virtual void deliver(const Value& push) noexcept = 0;

protected:
  ~MessageSink() = default;
};

/// The receiving end of an in-process subscriber (lib/subscriber.cpp),
/// shared by the Subscriber and the engine's lease of its session.
class SubscriberInbox : public MessageSink {
public:
  virtual ~SubscriberInbox() = default;
  /// The store closed (any thread): pulls fail with Error(shutdown) once the
  /// queue is empty, and nothing more arrives.
  virtual void store_closed() noexcept = 0;
};

enum class SubscriptionKind : std::uint8_t { channel, pattern, shard };

class PubSub {
public:
  /// Subscribes `session` (whose sink must be set) to `name`; false if it was already.
  bool subscribe(Session& session, SubscriptionKind kind, std::string_view name);
  /// False if `session` was not subscribed to `name`.
  bool unsubscribe(Session& session, SubscriptionKind kind, std::string_view name);
  /// Every subscription of `session`, without confirmations (RESET, a
  /// closed connection).
  void unsubscribe_all(Session& session) noexcept;

  /// PUBLISH: the channel's subscribers in subscription order, then each
  /// matching pattern's, in the order the patterns were first subscribed;
  /// returns how many messages were delivered. SPUBLISH (`shard`) reaches
  /// the shard channel's subscribers only.
  std::size_t publish(std::string_view channel, std::string_view message, bool shard = false);

  /// Channels (or shard channels) with subscribers, for PUBSUB CHANNELS.
  std::vector<std::string_view> active(SubscriptionKind kind) const;
  /// Subscribers of one channel (or shard channel), for PUBSUB NUMSUB.
  std::size_t subscribers(SubscriptionKind kind, std::string_view channel) const noexcept;
  /// INFO's pubsub_channels / pubsubshard_channels, and PUBSUB NUMPAT.
  std::size_t count(SubscriptionKind kind) const noexcept;

private:
  using Subscribers = std::vector<Session*>;
  using Channels = std::unordered_map<std::string, Subscribers, StringHash, std::equal_to<>>;
  Channels& channels(SubscriptionKind kind) noexcept { return kind == SubscriptionKind::shard ? shard_channels_ : channels_; }
  const Channels& channels(SubscriptionKind kind) const noexcept {
    return kind == SubscriptionKind::shard ? shard_channels_ : channels_;
  }

  Channels channels_;
  Channels shard_channels_;
  /// Patterns in the order they were first subscribed: PUBLISH matches each.
  std::vector<std::pair<std::string, Subscribers>> patterns_;
};

} // namespace not_redis::detail
