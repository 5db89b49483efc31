#pragma once
/// @file
/// Typed pub/sub commands that need no subscription (PUBLISH, SPUBLISH,
/// PUBSUB ...), mixed into Client.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/strings.hpp>  // detail::KeyRange: a range of strings
#include <not_redis/convert.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// The pub/sub commands a publisher or an observer sends, as typed methods
/// over `Self::command<T>(...)`: publishing, and asking who listens.
/// Subscribing needs a connection of its own to deliver messages to, and is
/// not here. Channel names and patterns are binary-safe strings; messages are
/// anything command() takes (strings, numbers, your types through ToArgs).
/// Commands taking several channels accept them as arguments, as a braced
/// list of strings or as a range of strings.
///
/// ```
/// long long receivers = store.publish("news", "hello").get();
/// auto active = store.pubsub_channels("news.*").get();      // std::vector<std::string>
/// auto counts = store.pubsub_numsub({"news", "sport"}).get();  // {{"news", 2}, {"sport", 0}}
/// ```
template <class Self>
class PubSubCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Channels = std::vector<std::string>;
  using Counts = std::vector<std::pair<std::string, long long>>;
  using Strings = std::initializer_list<std::string_view>;

public:
  /// PUBLISH channel message: how many subscribers received it, those of the
  /// channel plus those of each matching pattern (one connection subscribed
  /// both ways counts twice).
  template <detail::Arg M>
  Reply<long long> publish(std::string_view channel, const M& message) {
    return self().template command<long long>("PUBLISH", channel, message);
  }
  /// SPUBLISH shardchannel message: how many shard-channel subscribers
  /// (SSUBSCRIBE) received it; channel and pattern subscribers do not.
  template <detail::Arg M>
  Reply<long long> spublish(std::string_view shardchannel, const M& message) {
    return self().template command<long long>("SPUBLISH", shardchannel, message);
  }

  /// PUBSUB CHANNELS: the channels with at least one subscriber (patterns not
  /// counted), in no particular order, as `Out`: a std::vector<std::string>
  /// by default, or e.g. a std::set<std::string>.
  template <class Out = Channels>
  Reply<Out> pubsub_channels() {
    return self().template command<Out>("PUBSUB", "CHANNELS");
  }
  /// PUBSUB CHANNELS pattern: those of them matching the glob `pattern`.
  template <class Out = Channels>
  Reply<Out> pubsub_channels(std::string_view pattern) {
    return self().template command<Out>("PUBSUB", "CHANNELS", pattern);
  }
  /// PUBSUB SHARDCHANNELS: the shard channels with at least one subscriber.
  template <class Out = Channels>
  Reply<Out> pubsub_shardchannels() {
    return self().template command<Out>("PUBSUB", "SHARDCHANNELS");
  }
  /// PUBSUB SHARDCHANNELS pattern: those of them matching the glob `pattern`.
  template <class Out = Channels>
  Reply<Out> pubsub_shardchannels(std::string_view pattern) {
    return self().template command<Out>("PUBSUB", "SHARDCHANNELS", pattern);
  }

  /// PUBSUB NUMSUB [channel ...]: each channel with its number of subscribers
  /// (pattern subscribers not counted), in argument order, repeats kept, as
  /// `Out`: a std::vector<std::pair<std::string, long long>> by default, or a
  /// map (which folds the repeats).
  template <class Out = Counts, class... Names>
    requires(detail::StringLike<Names> && ...)
  Reply<Out> pubsub_numsub(const Names&... channels) {
    return self().template command<Out>("PUBSUB", "NUMSUB", channels...);
  }
  template <class Out = Counts>
  Reply<Out> pubsub_numsub(Strings channels) {
    return self().template command<Out>("PUBSUB", "NUMSUB", channels);
  }
  template <class Out = Counts, detail::KeyRange R>
  Reply<Out> pubsub_numsub(const R& channels) {
    return self().template command<Out>("PUBSUB", "NUMSUB", channels);
  }
  /// PUBSUB SHARDNUMSUB [shardchannel ...]: as pubsub_numsub, for shard
  /// channels.
  template <class Out = Counts, class... Names>
    requires(detail::StringLike<Names> && ...)
  Reply<Out> pubsub_shardnumsub(const Names&... shardchannels) {
    return self().template command<Out>("PUBSUB", "SHARDNUMSUB", shardchannels...);
  }
  template <class Out = Counts>
  Reply<Out> pubsub_shardnumsub(Strings shardchannels) {
    return self().template command<Out>("PUBSUB", "SHARDNUMSUB", shardchannels);
  }
  template <class Out = Counts, detail::KeyRange R>
  Reply<Out> pubsub_shardnumsub(const R& shardchannels) {
    return self().template command<Out>("PUBSUB", "SHARDNUMSUB", shardchannels);
  }
  /// PUBSUB NUMPAT: the number of distinct patterns subscribed to, over all
  /// connections (one pattern on two connections counts once, as in Redis 7).
  Reply<long long> pubsub_numpat() { return self().template command<long long>("PUBSUB", "NUMPAT"); }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
