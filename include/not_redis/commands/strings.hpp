#pragma once
/// @file
/// Typed string commands (SET, GET, INCR, ...), mixed into Client.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/future.hpp>
#include <not_redis/options.hpp>

namespace not_redis {

/// An Expiry as SET's and GETEX's options: `EX 10`, `PXAT ...`, `KEEPTTL`,
/// `PERSIST`, or nothing.
template <>
struct ToArgs<Expiry> {
  static void append(Argv& out, const Expiry& e) {
    using Kind = Expiry::Kind;
    std::string_view option;
    switch (e.kind()) {
    case Kind::none: return;
    case Kind::keep: out.push_back("KEEPTTL"); return;
    case Kind::persist: out.push_back("PERSIST"); return;
    case Kind::relative_s: option = "EX"; break;
    case Kind::relative_ms: option = "PX"; break;
    case Kind::absolute_s: option = "EXAT"; break;
    case Kind::absolute_ms: option = "PXAT"; break;
    }
    out.push_back(option);
    out.push_integer(e.amount());
  }
};

/// A SetCondition as SET's option: `NX`, `XX`, or nothing.
template <>
struct ToArgs<SetCondition> {
  static void append(Argv& out, SetCondition c) {
    if (c == SetCondition::if_not_exists) out.push_back("NX");
    else if (c == SetCondition::if_exists) out.push_back("XX");
  }
};

namespace detail {
/// A range of keys (not a single string, which is itself a range of chars).
template <class R>
concept KeyRange = std::ranges::input_range<const R> && !StringLike<R> &&
                   StringLike<std::ranges::range_value_t<const R>>;
/// A range of key/value pairs, such as a std::map.
template <class R>
concept PairRange = std::ranges::input_range<const R> && PairLike<std::ranges::range_value_t<const R>> && Arg<R>;
} // namespace detail

/// The string family as typed methods. Each is a thin wrapper over
/// `Self::command<T>(...)`, so any backend with that entry point gets them.
/// Keys are `std::string_view`s (binary safe); values are anything command()
/// takes (strings, numbers, your types through ToArgs: `set("n", 42)`).
/// Error replies throw not_redis::Error (Kind::reply) with Redis's text.
///
/// ```
/// store.set("session", token, 30min).get();
/// long long hits = store.incr("hits").get();
/// std::vector<std::optional<std::string>> values = store.mget("a", "b").get();
/// ```
template <class Self>
class StringCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using OptionalString = std::optional<std::string>;

public:
  /// GET key: the value, or std::nullopt if the key does not exist.
  Reply<OptionalString> get(std::string_view key) { return self().template command<OptionalString>("GET", key); }
  /// SET key value [EX|PX|EXAT|PXAT|KEEPTTL] [NX|XX]: true if the value was
  /// stored. `expiry` may be a duration or a time point: `set(k, v, 10s)`
  /// (see Expiry for the rounding).
  template <detail::Arg V>
  Reply<bool> set(std::string_view key, const V& value, Expiry expiry = {},
                   SetCondition condition = SetCondition::always) {
    return self().template command<bool>("SET", key, value, expiry, condition);
  }
  /// SET key value ... GET: the previous value (std::nullopt if none).
  template <detail::Arg V>
  Reply<OptionalString> set_get(std::string_view key, const V& value, Expiry expiry = {},
                                 SetCondition condition = SetCondition::always) {
    return self().template command<OptionalString>("SET", key, value, expiry, condition, "GET");
  }
  /// SETNX key value: true if the key did not exist and was set.
  template <detail::Arg V>
  Reply<bool> setnx(std::string_view key, const V& value) {
    return self().template command<bool>("SETNX", key, value);
  }
  /// SETEX key seconds value: `setex(k, 10, v)` is 10 seconds. Redis refuses
  /// a TTL of 0 or less (`ERR invalid expire time in 'setex' command`).
  template <detail::Arg V>
  Reply<void> setex(std::string_view key, long long seconds, const V& value) {
    return self().template command<void>("SETEX", key, seconds, value);
  }
  /// SETEX, or PSETEX when `ttl` is not whole seconds (rounded up to whole
  /// milliseconds, as Expiry does: 300us is PSETEX 1).
  template <class Rep, class Period, detail::Arg V>
  Reply<void> setex(std::string_view key, std::chrono::duration<Rep, Period> ttl, const V& value) {
    const Expiry e = Expiry::in(ttl);
    return self().template command<void>(e.in_seconds() ? "SETEX" : "PSETEX", key, e.amount(), value);
  }
  /// PSETEX key milliseconds value: `psetex(k, 10, v)` is 10 ms.
  template <detail::Arg V>
  Reply<void> psetex(std::string_view key, long long milliseconds, const V& value) {
    return self().template command<void>("PSETEX", key, milliseconds, value);
  }
  /// PSETEX with `ttl` rounded up to whole milliseconds.
  template <class Rep, class Period, detail::Arg V>
  Reply<void> psetex(std::string_view key, std::chrono::duration<Rep, Period> ttl, const V& value) {
    return self().template command<void>("PSETEX", key, std::chrono::ceil<std::chrono::milliseconds>(ttl).count(),
                                         value);
  }
  /// GETSET key value: the previous value; the new one has no TTL.
  template <detail::Arg V>
  Reply<OptionalString> getset(std::string_view key, const V& value) {
    return self().template command<OptionalString>("GETSET", key, value);
  }
  /// GETDEL key: the value, and the key is gone.
  Reply<OptionalString> getdel(std::string_view key) { return self().template command<OptionalString>("GETDEL", key); }
  /// GETEX key [EX|PX|EXAT|PXAT|PERSIST]: the value, with its TTL changed
  /// (`getex(k, 10s)`; `Expiry::persist()` removes it; the default leaves it).
  Reply<OptionalString> getex(std::string_view key, Expiry expiry = {}) {
    return self().template command<OptionalString>("GETEX", key, expiry);
  }

  /// MSET key value [key value ...]: `mset({{"a", "1"}, {"b", "2"}})`.
  Reply<void> mset(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
    return self().template command<void>("MSET", pairs);
  }
  /// MSET from any range of pairs, e.g. a std::map<std::string, int>.
  template <detail::PairRange R>
  Reply<void> mset(const R& pairs) {
    return self().template command<void>("MSET", pairs);
  }
  /// MSETNX key value [key value ...]: true if none existed and all were set.
  Reply<bool> msetnx(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
    return self().template command<bool>("MSETNX", pairs);
  }
  template <detail::PairRange R>
  Reply<bool> msetnx(const R& pairs) {
    return self().template command<bool>("MSETNX", pairs);
  }
  /// MGET key [key ...]: one value per key, std::nullopt for a missing key or
  /// one that is not a string; `Out` may be e.g. std::vector<std::optional<long long>>.
  template <class Out = std::vector<OptionalString>, class Key, class... Keys>
    requires(detail::StringLike<Key> && (detail::StringLike<Keys> && ...))
  Reply<Out> mget(const Key& key, const Keys&... keys) {
    return self().template command<Out>("MGET", key, keys...);
  }
  /// MGET from any range of keys, e.g. a std::vector<std::string>.
  template <class Out = std::vector<OptionalString>, detail::KeyRange R>
  Reply<Out> mget(const R& keys) {
    return self().template command<Out>("MGET", keys);
  }

  /// APPEND key value: the new length.
  template <detail::Arg V>
  Reply<long long> append(std::string_view key, const V& value) {
    return self().template command<long long>("APPEND", key, value);
  }
  /// STRLEN key: 0 for a missing key.
  Reply<long long> strlen(std::string_view key) { return self().template command<long long>("STRLEN", key); }
  /// GETRANGE key start end: negative indexes count from the end; inclusive.
  Reply<std::string> getrange(std::string_view key, long long start, long long end) {
    return self().template command<std::string>("GETRANGE", key, start, end);
  }
  /// SETRANGE key offset value: the new length (zero-pads beyond the end).
  template <detail::Arg V>
  Reply<long long> setrange(std::string_view key, long long offset, const V& value) {
    return self().template command<long long>("SETRANGE", key, offset, value);
  }

  /// INCR key: the new value; a missing key counts as 0.
  Reply<long long> incr(std::string_view key) { return self().template command<long long>("INCR", key); }
  Reply<long long> decr(std::string_view key) { return self().template command<long long>("DECR", key); }
  Reply<long long> incrby(std::string_view key, long long increment) {
    return self().template command<long long>("INCRBY", key, increment);
  }
  Reply<long long> decrby(std::string_view key, long long decrement) {
    return self().template command<long long>("DECRBY", key, decrement);
  }
  /// INCRBYFLOAT key increment: the new value (computed as a long double).
  Reply<double> incrbyfloat(std::string_view key, double increment) {
    return self().template command<double>("INCRBYFLOAT", key, increment);
  }

  /// LCS key1 key2: the longest common subsequence of the two values.
  Reply<std::string> lcs(std::string_view key1, std::string_view key2) {
    return self().template command<std::string>("LCS", key1, key2);
  }
  /// LCS key1 key2 LEN: its length.
  Reply<long long> lcs_len(std::string_view key1, std::string_view key2) {
    return self().template command<long long>("LCS", key1, key2, "LEN");
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
