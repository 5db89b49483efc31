#pragma once
/// @file
/// Typed set commands (SADD, SMEMBERS, SINTER, SSCAN, ...), mixed into Client.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/scan.hpp>
#include <not_redis/commands/strings.hpp>  // detail::KeyRange: a range of strings
#include <not_redis/convert.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// One SSCAN reply: the cursor to pass next (0 when the iteration is
/// complete) and the members of this step.
struct SetScanPage {
  std::uint64_t cursor = 0;
  std::vector<std::string> members;
};

template <>
struct FromValue<SetScanPage> {
  static SetScanPage convert(Value&& v) {
    auto [cursor, members] = from_value<std::pair<std::uint64_t, std::vector<std::string>>>(std::move(v));
    return {cursor, std::move(members)};
  }
};

/// Client::sscan(key, options): every member, as a range (see ScanRange).
using SetScan = ScanRange<SetScanPage, &SetScanPage::members>;

/// The set family as typed methods over `Self::command<T>(...)`. Keys are
/// binary-safe strings; members are anything command() takes (strings,
/// numbers, your types through ToArgs). Commands taking several members or
/// keys accept them as arguments, as a braced list of strings or as ranges
/// (of members: of anything command() takes; of keys: of strings).
/// Commands returning members give a `std::vector<std::string>` in the
/// store's order (ascending for small integer sets, otherwise unspecified),
/// or the container given as their first template argument (`Out`):
/// `smembers<std::set<int>>(key)`. Error replies (WRONGTYPE...) throw
/// not_redis::Error (Kind::reply).
///
/// ```
/// store.sadd("tags", "red", "green").get();             // 2
/// bool red = store.sismember("tags", "red").get();      // true
/// auto all = store.smembers<std::set<std::string>>("tags").get();
/// auto both = store.sinter("tags", "other_tags").get();
/// ```
template <class Self>
class SetCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Members = std::vector<std::string>;
  using Strings = std::initializer_list<std::string_view>;

public:
  /// SADD key member [member ...]: how many members were not there yet.
  template <detail::Arg M, detail::Arg... More>
  Reply<long long> sadd(std::string_view key, const M& member, const More&... more) {
    return self().template command<long long>("SADD", key, member, more...);
  }
  Reply<long long> sadd(std::string_view key, Strings members) {
    return self().template command<long long>("SADD", key, members);
  }

  /// SREM key member [member ...]: how many members were there; removing the
  /// last one deletes the key.
  template <detail::Arg M, detail::Arg... More>
  Reply<long long> srem(std::string_view key, const M& member, const More&... more) {
    return self().template command<long long>("SREM", key, member, more...);
  }
  Reply<long long> srem(std::string_view key, Strings members) {
    return self().template command<long long>("SREM", key, members);
  }

  /// SMEMBERS key: every member (none for a missing key), as `Out`: a
  /// std::vector<std::string> by default, or e.g. a std::set<std::string>.
  template <class Out = Members>
  Reply<Out> smembers(std::string_view key) {
    return self().template command<Out>("SMEMBERS", key);
  }
  /// SISMEMBER key member.
  template <detail::Arg M>
  Reply<bool> sismember(std::string_view key, const M& member) {
    return self().template command<bool>("SISMEMBER", key, member);
  }
  /// SMISMEMBER key member [member ...]: one answer per member, in order.
  template <class Out = std::vector<bool>, detail::Arg M, detail::Arg... More>
  Reply<Out> smismember(std::string_view key, const M& member, const More&... more) {
    return self().template command<Out>("SMISMEMBER", key, member, more...);
  }
  template <class Out = std::vector<bool>>
  Reply<Out> smismember(std::string_view key, Strings members) {
    return self().template command<Out>("SMISMEMBER", key, members);
  }
  /// SCARD key: the number of members; 0 for a missing key.
  Reply<long long> scard(std::string_view key) { return self().template command<long long>("SCARD", key); }

  /// SPOP key: removes and returns a random member; std::nullopt if the key
  /// does not exist.
  Reply<std::optional<std::string>> spop(std::string_view key) {
    return self().template command<std::optional<std::string>>("SPOP", key);
  }
  /// SPOP key count: removes and returns up to `count` (>= 0) distinct random
  /// members, as `Out`.
  template <class Out = Members>
  Reply<Out> spop(std::string_view key, long long count) {
    return self().template command<Out>("SPOP", key, count);
  }
  /// SRANDMEMBER key: a random member, left in place; std::nullopt if the key
  /// does not exist.
  Reply<std::optional<std::string>> srandmember(std::string_view key) {
    return self().template command<std::optional<std::string>>("SRANDMEMBER", key);
  }
  /// SRANDMEMBER key count: up to `count` distinct random members, or, for a
  /// negative count, exactly -count members that may repeat (a set container
  /// as `Out` folds the repeats).
  template <class Out = Members>
  Reply<Out> srandmember(std::string_view key, long long count) {
    return self().template command<Out>("SRANDMEMBER", key, count);
  }
  /// SMOVE source destination member: true if the member was in source (and
  /// is now in destination).
  template <detail::Arg M>
  Reply<bool> smove(std::string_view source, std::string_view destination, const M& member) {
    return self().template command<bool>("SMOVE", source, destination, member);
  }

  /// SINTER key [key ...]: the members in every set (a missing key is empty).
  template <class Out = Members, class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<Out> sinter(const Keys&... keys) {
    return self().template command<Out>("SINTER", keys...);
  }
  template <class Out = Members>
  Reply<Out> sinter(Strings keys) {
    return self().template command<Out>("SINTER", keys);
  }
  template <class Out = Members, detail::KeyRange R>
  Reply<Out> sinter(const R& keys) {
    return self().template command<Out>("SINTER", keys);
  }
  /// SINTERCARD numkeys key [key ...] LIMIT limit: the size of the
  /// intersection, counting stops at `limit` (0: no limit).
  Reply<long long> sintercard(Strings keys, long long limit = 0) {
    return self().template command<long long>("SINTERCARD", keys.size(), keys, "LIMIT", limit);
  }
  template <detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<long long> sintercard(const R& keys, long long limit = 0) {
    const auto numkeys = static_cast<long long>(std::ranges::distance(keys));
    return self().template command<long long>("SINTERCARD", numkeys, keys, "LIMIT", limit);
  }

  /// SUNION key [key ...]: the members of any of the sets.
  template <class Out = Members, class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<Out> sunion(const Keys&... keys) {
    return self().template command<Out>("SUNION", keys...);
  }
  template <class Out = Members>
  Reply<Out> sunion(Strings keys) {
    return self().template command<Out>("SUNION", keys);
  }
  template <class Out = Members, detail::KeyRange R>
  Reply<Out> sunion(const R& keys) {
    return self().template command<Out>("SUNION", keys);
  }

  /// SDIFF key [key ...]: the members of the first set in none of the others.
  template <class Out = Members, class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<Out> sdiff(const Keys&... keys) {
    return self().template command<Out>("SDIFF", keys...);
  }
  template <class Out = Members>
  Reply<Out> sdiff(Strings keys) {
    return self().template command<Out>("SDIFF", keys);
  }
  template <class Out = Members, detail::KeyRange R>
  Reply<Out> sdiff(const R& keys) {
    return self().template command<Out>("SDIFF", keys);
  }

  /// SINTERSTORE destination key [key ...]: stores the intersection under
  /// destination (replacing any value; an empty result deletes it) and
  /// returns its size. SUNIONSTORE and SDIFFSTORE likewise.
  template <class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<long long> sinterstore(std::string_view destination, const Keys&... keys) {
    return self().template command<long long>("SINTERSTORE", destination, keys...);
  }
  Reply<long long> sinterstore(std::string_view destination, Strings keys) {
    return self().template command<long long>("SINTERSTORE", destination, keys);
  }
  template <detail::KeyRange R>
  Reply<long long> sinterstore(std::string_view destination, const R& keys) {
    return self().template command<long long>("SINTERSTORE", destination, keys);
  }
  template <class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<long long> sunionstore(std::string_view destination, const Keys&... keys) {
    return self().template command<long long>("SUNIONSTORE", destination, keys...);
  }
  Reply<long long> sunionstore(std::string_view destination, Strings keys) {
    return self().template command<long long>("SUNIONSTORE", destination, keys);
  }
  template <detail::KeyRange R>
  Reply<long long> sunionstore(std::string_view destination, const R& keys) {
    return self().template command<long long>("SUNIONSTORE", destination, keys);
  }
  template <class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<long long> sdiffstore(std::string_view destination, const Keys&... keys) {
    return self().template command<long long>("SDIFFSTORE", destination, keys...);
  }
  Reply<long long> sdiffstore(std::string_view destination, Strings keys) {
    return self().template command<long long>("SDIFFSTORE", destination, keys);
  }
  template <detail::KeyRange R>
  Reply<long long> sdiffstore(std::string_view destination, const R& keys) {
    return self().template command<long long>("SDIFFSTORE", destination, keys);
  }

  /// SSCAN key cursor [MATCH pattern] [COUNT count]: one step of an iteration
  /// that starts and ends with cursor 0. Every member present for the whole
  /// iteration is returned exactly once.
  Reply<SetScanPage> sscan(std::string_view key, std::uint64_t cursor, const ScanOptions& options = {}) {
    return self().template command<SetScanPage>("SSCAN", key, cursor, options);
  }
  /// The whole SSCAN iteration as an input range of members:
  /// `for (const std::string& m : store.sscan("tags"))`. Client only, not on
  /// its loop thread (see ScanRange).
  SetScan sscan(std::string_view key, const ScanOptions& options = {})
    requires detail::Waitable<Self>
  {
    return SetScan(self().on_loop_thread(), [&s = self(), k = std::string(key), options](std::uint64_t c) {
      return s.sscan(k, c, options);
    });
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
