#pragma once
/// @file
/// Typed HyperLogLog commands (PFADD, PFCOUNT, PFMERGE), mixed into Client.

#include <initializer_list>
#include <string_view>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/strings.hpp>  // detail::KeyRange: a range of strings

namespace not_redis {

/// The HyperLogLog family as typed methods over `Self::command<T>(...)`. A
/// HyperLogLog is a string value in Redis's own format, so GET/SET move it
/// to and from a Redis server unchanged; counts are Redis's estimates
/// (standard error 0.81%), identical to Redis's for the same elements.
/// Elements are anything command() takes (strings, numbers, your types
/// through ToArgs), as arguments or a range; keys as arguments, a braced
/// list or a range of strings. Error replies (WRONGTYPE for a value that is
/// not a HyperLogLog, INVALIDOBJ for a corrupt one) throw not_redis::Error
/// (Kind::reply). Thread rules as for every typed method (see Client): call
/// them from any thread; none of them blocks, so each future completes as
/// soon as its command has run.
///
/// ```
/// store.pfadd("visitors", "ann", "bob").get();           // true: the estimate changed
/// store.pfadd("visitors:yesterday", "bob", "cid").get();
/// long long today = store.pfcount("visitors").get();     // 2
/// long long both = store.pfcount("visitors", "visitors:yesterday").get();  // 3
/// store.pfmerge("visitors:week", "visitors", "visitors:yesterday").get();
/// ```
template <class Self>
class HyperLogLogCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Strings = std::initializer_list<std::string_view>;

public:
  /// PFADD key [element ...]: true if a register changed (or the key was
  /// created: `pfadd(key)` alone creates an empty one). Elements may also
  /// be a range: `pfadd(key, names)` for a std::vector<std::string>.
  template <detail::Arg... Elements>
  Reply<bool> pfadd(std::string_view key, const Elements&... elements) {
    return self().template command<bool>("PFADD", key, elements...);
  }
  Reply<bool> pfadd(std::string_view key, Strings elements) { return self().template command<bool>("PFADD", key, elements); }

  /// PFCOUNT key [key ...]: the estimated number of distinct elements added
  /// (of their union, for several keys); 0 for a missing key.
  template <class... Keys>
    requires(sizeof...(Keys) > 0 && (detail::StringLike<Keys> && ...))
  Reply<long long> pfcount(const Keys&... keys) {
    return self().template command<long long>("PFCOUNT", keys...);
  }
  Reply<long long> pfcount(Strings keys) { return self().template command<long long>("PFCOUNT", keys); }
  template <detail::KeyRange R>
  Reply<long long> pfcount(const R& keys) {
    return self().template command<long long>("PFCOUNT", keys);
  }

  /// PFMERGE destkey [sourcekey ...]: stores the union of `destination` and
  /// the sources in `destination` (created if missing).
  template <class... Keys>
    requires(detail::StringLike<Keys> && ...)
  Reply<void> pfmerge(std::string_view destination, const Keys&... sources) {
    return self().template command<void>("PFMERGE", destination, sources...);
  }
  Reply<void> pfmerge(std::string_view destination, Strings sources) {
    return self().template command<void>("PFMERGE", destination, sources);
  }
  template <detail::KeyRange R>
  Reply<void> pfmerge(std::string_view destination, const R& sources) {
    return self().template command<void>("PFMERGE", destination, sources);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
