#pragma once
/// @file
/// Typed list commands (LPUSH, LPOP, LRANGE, LMOVE, BLPOP, ...), mixed into Client.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
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

/// LINSERT's position relative to the pivot.
enum class ListWhere : std::uint8_t { before, after };
/// An end of a list: left is the head (LPUSH, LPOP), right the tail.
enum class ListEnd : std::uint8_t { left, right };

template <>
struct ToArgs<ListWhere> {
  static void append(Argv& out, ListWhere w) { out.push_back(w == ListWhere::before ? "BEFORE" : "AFTER"); }
};

template <>
struct ToArgs<ListEnd> {
  static void append(Argv& out, ListEnd e) { out.push_back(e == ListEnd::left ? "LEFT" : "RIGHT"); }
};

/// LPOS's options; unset fields are not sent.
///
/// ```
/// store.lpos("queue", "job", {.rank = -1}).get();   // the last match
/// ```
struct LposOptions {
  std::optional<long long> rank = {};    ///< RANK: the n-th match (negative: from the tail)
  std::optional<long long> maxlen = {};  ///< MAXLEN: compare at most this many elements
};

template <>
struct ToArgs<LposOptions> {
  static void append(Argv& out, const LposOptions& o) {
    if (o.rank) {
      out.push_back("RANK");
      out.push_integer(*o.rank);
    }
    if (o.maxlen) {
      out.push_back("MAXLEN");
      out.push_integer(*o.maxlen);
    }
  }
};

namespace detail {
/// A blocking command's timeout as Redis reads it: seconds with a fraction
/// (microseconds here; Redis rounds up to whole milliseconds). Zero waits forever.
template <class Rep, class Period>
std::string timeout_seconds(std::chrono::duration<Rep, Period> timeout) {
  const long long us = std::chrono::ceil<std::chrono::microseconds>(timeout).count();
  const unsigned long long magnitude = us < 0 ? 0ULL - static_cast<unsigned long long>(us) : us;
  const std::string fraction = std::to_string(magnitude % 1'000'000);
  return (us < 0 ? "-" : "") + std::to_string(magnitude / 1'000'000) + "." + std::string(6 - fraction.size(), '0') +
         fraction;
}
} // namespace detail

/// The list family as typed methods over `Self::command<T>(...)`. Keys are
/// binary-safe strings; elements are anything command() takes (strings,
/// numbers, your types through ToArgs). Commands taking several elements
/// accept them as arguments, as a braced list of strings or as ranges;
/// several keys, as arguments, a braced list or a range of strings. Error
/// replies (WRONGTYPE...) throw not_redis::Error (Kind::reply).
///
/// The blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) take a
/// std::chrono duration (zero: wait forever) and give std::nullopt when it
/// passes. Their futures complete when data arrives: wait for them from
/// another thread than the store's loop thread, or chain with Future::then().
///
/// ```
/// store.rpush("jobs", "a", "b").get();                   // 2
/// auto job = store.lpop("jobs").get();                   // "a"
/// auto next = store.blpop({"jobs", "urgent"}, 5s).get(); // {"jobs", "b"}
/// ```
template <class Self>
class ListCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using OptionalString = std::optional<std::string>;
  using Strings = std::initializer_list<std::string_view>;
  using Elements = std::vector<std::string>;
  using KeyElement = std::optional<std::pair<std::string, std::string>>;
  template <class Out>
  using KeyElements = std::optional<std::pair<std::string, Out>>;

public:
  /// LPUSH key element [element ...]: the new length. Each element goes to the
  /// head in turn, so `lpush("l", "a", "b")` leaves b first.
  template <detail::Arg E, detail::Arg... More>
  Reply<long long> lpush(std::string_view key, const E& element, const More&... more) {
    return self().template command<long long>("LPUSH", key, element, more...);
  }
  Reply<long long> lpush(std::string_view key, Strings elements) {
    return self().template command<long long>("LPUSH", key, elements);
  }
  /// RPUSH key element [element ...]: the new length.
  template <detail::Arg E, detail::Arg... More>
  Reply<long long> rpush(std::string_view key, const E& element, const More&... more) {
    return self().template command<long long>("RPUSH", key, element, more...);
  }
  Reply<long long> rpush(std::string_view key, Strings elements) {
    return self().template command<long long>("RPUSH", key, elements);
  }
  /// LPUSHX key element [element ...]: like LPUSH, only onto an existing list
  /// (0 if there is none).
  template <detail::Arg E, detail::Arg... More>
  Reply<long long> lpushx(std::string_view key, const E& element, const More&... more) {
    return self().template command<long long>("LPUSHX", key, element, more...);
  }
  Reply<long long> lpushx(std::string_view key, Strings elements) {
    return self().template command<long long>("LPUSHX", key, elements);
  }
  /// RPUSHX key element [element ...]: like RPUSH, only onto an existing list.
  template <detail::Arg E, detail::Arg... More>
  Reply<long long> rpushx(std::string_view key, const E& element, const More&... more) {
    return self().template command<long long>("RPUSHX", key, element, more...);
  }
  Reply<long long> rpushx(std::string_view key, Strings elements) {
    return self().template command<long long>("RPUSHX", key, elements);
  }

  /// LPOP key: the first element, or std::nullopt if the key does not exist.
  Reply<OptionalString> lpop(std::string_view key) { return self().template command<OptionalString>("LPOP", key); }
  /// LPOP key count: up to `count` (>= 0) elements from the head, as `Out`;
  /// std::nullopt if the key does not exist.
  template <class Out = Elements>
  Reply<std::optional<Out>> lpop(std::string_view key, long long count) {
    return self().template command<std::optional<Out>>("LPOP", key, count);
  }
  /// RPOP key: the last element, or std::nullopt.
  Reply<OptionalString> rpop(std::string_view key) { return self().template command<OptionalString>("RPOP", key); }
  /// RPOP key count: up to `count` elements from the tail, last first.
  template <class Out = Elements>
  Reply<std::optional<Out>> rpop(std::string_view key, long long count) {
    return self().template command<std::optional<Out>>("RPOP", key, count);
  }

  /// LLEN key: 0 for a missing key.
  Reply<long long> llen(std::string_view key) { return self().template command<long long>("LLEN", key); }
  /// LRANGE key start stop: inclusive; negative indexes count from the end.
  /// `Out` may be e.g. std::vector<long long>.
  template <class Out = Elements>
  Reply<Out> lrange(std::string_view key, long long start, long long stop) {
    return self().template command<Out>("LRANGE", key, start, stop);
  }
  /// LINDEX key index: std::nullopt when out of range or missing.
  Reply<OptionalString> lindex(std::string_view key, long long index) {
    return self().template command<OptionalString>("LINDEX", key, index);
  }
  /// LSET key index element (throws "ERR no such key" / "ERR index out of range").
  template <detail::Arg E>
  Reply<void> lset(std::string_view key, long long index, const E& element) {
    return self().template command<void>("LSET", key, index, element);
  }
  /// LINSERT key BEFORE|AFTER pivot element: the new length, -1 if the pivot
  /// is not there, 0 if the key does not exist.
  template <detail::Arg P, detail::Arg E>
  Reply<long long> linsert(std::string_view key, ListWhere where, const P& pivot, const E& element) {
    return self().template command<long long>("LINSERT", key, where, pivot, element);
  }
  /// LREM key count element: removes up to `count` matches from the head
  /// (from the tail if negative, all if 0); how many were removed.
  template <detail::Arg E>
  Reply<long long> lrem(std::string_view key, long long count, const E& element) {
    return self().template command<long long>("LREM", key, count, element);
  }
  /// LTRIM key start stop: keeps only that inclusive range.
  Reply<void> ltrim(std::string_view key, long long start, long long stop) {
    return self().template command<void>("LTRIM", key, start, stop);
  }
  /// LPOS key element [RANK rank] [MAXLEN len]: the index of the match, or
  /// std::nullopt.
  template <detail::Arg E>
  Reply<std::optional<long long>> lpos(std::string_view key, const E& element, LposOptions options = {}) {
    return self().template command<std::optional<long long>>("LPOS", key, element, options);
  }
  /// LPOS key element COUNT count ...: the indexes of up to `count` matches
  /// (0: all of them).
  template <class Out = std::vector<long long>, detail::Arg E>
  Reply<Out> lpos_count(std::string_view key, const E& element, long long count, LposOptions options = {}) {
    return self().template command<Out>("LPOS", key, element, "COUNT", count, options);
  }

  /// LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the element moved, or
  /// std::nullopt if the source does not exist.
  Reply<OptionalString> lmove(std::string_view source, std::string_view destination, ListEnd from, ListEnd to) {
    return self().template command<OptionalString>("LMOVE", source, destination, from, to);
  }
  /// RPOPLPUSH source destination (LMOVE source destination RIGHT LEFT).
  Reply<OptionalString> rpoplpush(std::string_view source, std::string_view destination) {
    return self().template command<OptionalString>("RPOPLPUSH", source, destination);
  }
  /// LMPOP numkeys key [key ...] LEFT|RIGHT COUNT count: up to `count`
  /// elements (as `Out`) from the first non-empty list, with its key;
  /// std::nullopt if every list is empty.
  template <class Out = Elements>
  Reply<KeyElements<Out>> lmpop(Strings keys, ListEnd end, long long count = 1) {
    return self().template command<KeyElements<Out>>("LMPOP", keys.size(), keys, end, "COUNT", count);
  }
  template <class Out = Elements, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<KeyElements<Out>> lmpop(const R& keys, ListEnd end, long long count = 1) {
    const auto numkeys = static_cast<long long>(std::ranges::distance(keys));
    return self().template command<KeyElements<Out>>("LMPOP", numkeys, keys, end, "COUNT", count);
  }

  /// BLPOP key [key ...] timeout: the key and the element popped from the
  /// first non-empty list, waiting up to `timeout` (zero: forever) for one;
  /// std::nullopt on timeout.
  template <class Rep, class Period>
  Reply<KeyElement> blpop(std::string_view key, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BLPOP", key, detail::timeout_seconds(timeout));
  }
  template <class Rep, class Period>
  Reply<KeyElement> blpop(Strings keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BLPOP", keys, detail::timeout_seconds(timeout));
  }
  template <detail::KeyRange R, class Rep, class Period>
  Reply<KeyElement> blpop(const R& keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BLPOP", keys, detail::timeout_seconds(timeout));
  }
  /// BRPOP key [key ...] timeout: as BLPOP, from the tail.
  template <class Rep, class Period>
  Reply<KeyElement> brpop(std::string_view key, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BRPOP", key, detail::timeout_seconds(timeout));
  }
  template <class Rep, class Period>
  Reply<KeyElement> brpop(Strings keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BRPOP", keys, detail::timeout_seconds(timeout));
  }
  template <detail::KeyRange R, class Rep, class Period>
  Reply<KeyElement> brpop(const R& keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyElement>("BRPOP", keys, detail::timeout_seconds(timeout));
  }
  /// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: as LMOVE,
  /// waiting for the source to get an element; std::nullopt on timeout.
  template <class Rep, class Period>
  Reply<OptionalString> blmove(std::string_view source, std::string_view destination, ListEnd from, ListEnd to,
                                std::chrono::duration<Rep, Period> timeout) {
    return self().template command<OptionalString>("BLMOVE", source, destination, from, to,
                                                   detail::timeout_seconds(timeout));
  }
  /// BRPOPLPUSH source destination timeout.
  template <class Rep, class Period>
  Reply<OptionalString> brpoplpush(std::string_view source, std::string_view destination,
                                    std::chrono::duration<Rep, Period> timeout) {
    return self().template command<OptionalString>("BRPOPLPUSH", source, destination, detail::timeout_seconds(timeout));
  }
  /// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT COUNT count: as LMPOP,
  /// waiting for one of the lists to get elements; std::nullopt on timeout.
  template <class Out = Elements, class Rep, class Period>
  Reply<KeyElements<Out>> blmpop(Strings keys, ListEnd end, std::chrono::duration<Rep, Period> timeout,
                                  long long count = 1) {
    return self().template command<KeyElements<Out>>("BLMPOP", detail::timeout_seconds(timeout), keys.size(), keys,
                                                     end, "COUNT", count);
  }
  template <class Out = Elements, detail::KeyRange R, class Rep, class Period>
    requires std::ranges::forward_range<const R>
  Reply<KeyElements<Out>> blmpop(const R& keys, ListEnd end, std::chrono::duration<Rep, Period> timeout,
                                  long long count = 1) {
    const auto numkeys = static_cast<long long>(std::ranges::distance(keys));
    return self().template command<KeyElements<Out>>("BLMPOP", detail::timeout_seconds(timeout), numkeys, keys, end,
                                                     "COUNT", count);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
