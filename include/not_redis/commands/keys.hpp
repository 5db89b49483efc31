#pragma once
/// @file
/// Typed generic keyspace commands (DEL, EXISTS, EXPIRE, SCAN, ...), mixed into Client.

#include <chrono>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/scan.hpp>
#include <not_redis/future.hpp>
#include <not_redis/options.hpp>

namespace not_redis {

/// An ExpireCondition as EXPIRE's option: `NX`, `XX`, `GT`, `LT`, or nothing.
template <>
struct ToArgs<ExpireCondition> {
  static void append(Argv& out, ExpireCondition c) {
    switch (c) {
    case ExpireCondition::always: return;
    case ExpireCondition::if_no_ttl: out.push_back("NX"); return;
    case ExpireCondition::if_has_ttl: out.push_back("XX"); return;
    case ExpireCondition::if_greater: out.push_back("GT"); return;
    case ExpireCondition::if_less: out.push_back("LT"); return;
    }
  }
};

/// One SCAN reply: the cursor to pass next (0 when the iteration is complete)
/// and the keys of this step.
struct ScanPage {
  std::uint64_t cursor = 0;
  std::vector<std::string> keys;
};

template <>
struct FromValue<ScanPage> {
  static ScanPage convert(Value&& v) {
    auto [cursor, keys] = from_value<std::pair<std::uint64_t, std::vector<std::string>>>(std::move(v));
    return {cursor, std::move(keys)};
  }
};

/// Client::scan(options): every key, as a range (see ScanRange).
using KeyScan = ScanRange<ScanPage, &ScanPage::keys>;

/// What TTL/PTTL and EXPIRETIME/PEXPIRETIME tell about a key.
enum class TtlState : std::uint8_t {
  no_key,     ///< the key does not exist (-2)
  no_expiry,  ///< the key exists and has no TTL (-1)
  expiring,   ///< the key has a TTL
};

namespace detail {
inline TtlState ttl_state(long long reply) {
  if (reply == -2) return TtlState::no_key;
  if (reply == -1) return TtlState::no_expiry;
  return TtlState::expiring;
}
} // namespace detail

/// A TTL/PTTL reply: the key's state and, if it expires, the time left in
/// `Duration` (TTL rounds to the nearest second, PTTL is exact). A
/// `BasicTtl<std::chrono::seconds>` converts to `Ttl`.
///
/// ```
/// not_redis::Ttl t = store.pttl("session").get();
/// if (t.expiring()) std::cout << t.remaining().count() << " ms left\n";
/// ```
template <class Duration>
class BasicTtl {
public:
  BasicTtl() = default;
  BasicTtl(TtlState state, Duration remaining) : state_(state), remaining_(remaining) {}
  template <class Other>
    requires std::convertible_to<Other, Duration>
  BasicTtl(const BasicTtl<Other>& other) : state_(other.state()), remaining_(other.remaining()) {}

  static BasicTtl no_key() { return {TtlState::no_key, Duration::zero()}; }
  static BasicTtl no_expiry() { return {TtlState::no_expiry, Duration::zero()}; }
  static BasicTtl in(Duration remaining) { return {TtlState::expiring, remaining}; }

  TtlState state() const noexcept { return state_; }
  bool exists() const noexcept { return state_ != TtlState::no_key; }
  bool expiring() const noexcept { return state_ == TtlState::expiring; }
  /// Time left; zero unless expiring().
  Duration remaining() const noexcept { return remaining_; }

  friend bool operator==(const BasicTtl&, const BasicTtl&) = default;

private:
  TtlState state_ = TtlState::no_key;
  Duration remaining_{0};
};

/// PTTL's reply (and TTL's, converted).
using Ttl = BasicTtl<std::chrono::milliseconds>;

template <class Duration>
struct FromValue<BasicTtl<Duration>> {
  static BasicTtl<Duration> convert(Value&& v) {
    const long long n = from_value<long long>(std::move(v));
    const TtlState state = detail::ttl_state(n);
    return {state, state == TtlState::expiring ? Duration(n) : Duration::zero()};
  }
};

/// An EXPIRETIME/PEXPIRETIME reply: the key's state and, if it expires, the
/// Unix time at which it does, in `Duration` units (EXPIRETIME rounds to the
/// nearest second). `at()` is like an optional: set only when expiring.
template <class Duration>
class BasicExpireTime {
public:
  using TimePoint = std::chrono::sys_time<Duration>;

  BasicExpireTime() = default;
  BasicExpireTime(TtlState state, TimePoint at) : state_(state), at_(at) {}
  template <class Other>
    requires std::convertible_to<Other, Duration>
  BasicExpireTime(const BasicExpireTime<Other>& other)
      : state_(other.state()), at_(other.at().value_or(typename BasicExpireTime<Other>::TimePoint{})) {}

  TtlState state() const noexcept { return state_; }
  bool exists() const noexcept { return state_ != TtlState::no_key; }
  bool expiring() const noexcept { return state_ == TtlState::expiring; }
  /// When the key expires; std::nullopt unless expiring().
  std::optional<TimePoint> at() const { return expiring() ? std::optional<TimePoint>(at_) : std::nullopt; }

  friend bool operator==(const BasicExpireTime&, const BasicExpireTime&) = default;

private:
  TtlState state_ = TtlState::no_key;
  TimePoint at_{};
};

/// PEXPIRETIME's reply (and EXPIRETIME's, converted).
using ExpireTime = BasicExpireTime<std::chrono::milliseconds>;

template <class Duration>
struct FromValue<BasicExpireTime<Duration>> {
  static BasicExpireTime<Duration> convert(Value&& v) {
    using TimePoint = typename BasicExpireTime<Duration>::TimePoint;
    const long long n = from_value<long long>(std::move(v));
    const TtlState state = detail::ttl_state(n);
    return {state, state == TtlState::expiring ? TimePoint(Duration(n)) : TimePoint{}};
  }
};

/// The keyspace family as typed methods over `Self::command<T>(...)`. Keys are
/// binary safe; commands taking several keys accept them as arguments or as
/// one range. Error replies throw not_redis::Error (Kind::reply).
///
/// TTLs: an integer is in the command's unit (`expire(k, 10)` seconds,
/// `pexpire(k, 10)` milliseconds); a std::chrono duration or system_clock
/// time point is sent in seconds when whole, else in milliseconds rounded up
/// (see Expiry), so `expire(k, 1500ms)` is PEXPIRE 1500 and `expire(k, 300us)`
/// PEXPIRE 1. Zero or negative TTLs are sent as is: Redis deletes the key.
///
/// ```
/// store.expire("session", 30min).get();
/// for (const std::string& key : store.scan({.match = "user:*"})) use(key);
/// for (std::uint64_t cursor = 0;;) {   // the page form, for any backend and thread
///   auto page = store.scan(cursor, {.match = "user:*"}).get();
///   for (auto& key : page.keys) use(key);
///   if ((cursor = page.cursor) == 0) break;
/// }
/// ```
template <class Self>
class KeyCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// DEL key [key ...]: how many of the keys existed.
  template <class... Keys>
  Reply<long long> del(const Keys&... keys) {
    return self().template command<long long>("DEL", keys...);
  }
  /// UNLINK key [key ...]: DEL under another name.
  template <class... Keys>
  Reply<long long> unlink(const Keys&... keys) {
    return self().template command<long long>("UNLINK", keys...);
  }
  /// EXISTS key [key ...]: how many of the keys exist (a key named twice counts twice).
  template <class... Keys>
  Reply<long long> exists(const Keys&... keys) {
    return self().template command<long long>("EXISTS", keys...);
  }
  /// EXISTS over a range of keys.
  template <std::ranges::input_range Keys>
    requires(!std::convertible_to<const Keys&, std::string_view>)
  Reply<long long> exists(const Keys& keys) {
    return self().template command<long long>("EXISTS", keys);
  }
  /// TOUCH key [key ...]: how many of the keys exist; marks them as accessed.
  template <class... Keys>
  Reply<long long> touch(const Keys&... keys) {
    return self().template command<long long>("TOUCH", keys...);
  }
  /// TYPE key: "string", "list", ..., or "none" for a missing key.
  Reply<std::string> type(std::string_view key) { return self().template command<std::string>("TYPE", key); }
  /// RENAME key newkey: throws for a missing key; the TTL moves with the value.
  Reply<void> rename(std::string_view key, std::string_view newkey) {
    return self().template command<void>("RENAME", key, newkey);
  }
  /// RENAMENX key newkey: false if newkey already exists.
  Reply<bool> renamenx(std::string_view key, std::string_view newkey) {
    return self().template command<bool>("RENAMENX", key, newkey);
  }
  /// COPY source destination [REPLACE]: false if source is missing, or if
  /// destination exists and `replace` is false.
  Reply<bool> copy(std::string_view source, std::string_view destination, bool replace = false) {
    if (replace) return self().template command<bool>("COPY", source, destination, "REPLACE");
    return self().template command<bool>("COPY", source, destination);
  }
  /// KEYS pattern: every key matching the glob pattern, as `Out` (e.g. a
  /// std::set<std::string>). Walks the whole keyspace at once: see scan().
  template <class Out = std::vector<std::string>>
  Reply<Out> keys(std::string_view pattern) {
    return self().template command<Out>("KEYS", pattern);
  }
  /// SCAN cursor [MATCH ...] [COUNT ...] [TYPE ...]: one step of an iteration
  /// that starts and ends with cursor 0. Any backend, any thread.
  Reply<ScanPage> scan(std::uint64_t cursor, const ScanOptions& options = {}) {
    return self().template command<ScanPage>("SCAN", cursor, options);
  }
  /// The whole SCAN iteration as an input range of keys, page by page:
  /// `for (const std::string& key : store.scan({.match = "user:*"}))`.
  /// Client only, not on its loop thread (see ScanRange).
  KeyScan scan(const ScanOptions& options = {})
    requires detail::Waitable<Self>
  {
    return KeyScan(self().on_loop_thread(), [&s = self(), options](std::uint64_t c) { return s.scan(c, options); });
  }
  /// RANDOMKEY: a random key, or std::nullopt when the store is empty.
  Reply<std::optional<std::string>> randomkey() {
    return self().template command<std::optional<std::string>>("RANDOMKEY");
  }
  /// EXPIRE key seconds [NX|XX|GT|LT]: true if the TTL was set; `expire(k,
  /// 10)` is 10 seconds. A TTL of 0 or less deletes the key (and counts as set).
  Reply<bool> expire(std::string_view key, long long seconds, ExpireCondition when = ExpireCondition::always) {
    return self().template command<bool>("EXPIRE", key, seconds, when);
  }
  /// EXPIRE, or PEXPIRE when `ttl` is not whole seconds: `expire(k, 1500ms)`.
  /// Rounded up to whole milliseconds (a key lives at least as long as asked:
  /// 300us is PEXPIRE 1); zero or negative is sent as is and deletes the key.
  template <class Rep, class Period>
  Reply<bool> expire(std::string_view key, std::chrono::duration<Rep, Period> ttl,
                      ExpireCondition when = ExpireCondition::always) {
    const Expiry e = Expiry::in(ttl);
    return self().template command<bool>(e.in_seconds() ? "EXPIRE" : "PEXPIRE", key, e.amount(), when);
  }
  /// PEXPIRE key milliseconds [NX|XX|GT|LT]: `pexpire(k, 10)` is 10 ms.
  Reply<bool> pexpire(std::string_view key, long long milliseconds, ExpireCondition when = ExpireCondition::always) {
    return self().template command<bool>("PEXPIRE", key, milliseconds, when);
  }
  /// PEXPIRE with `ttl` rounded up to whole milliseconds.
  template <class Rep, class Period>
  Reply<bool> pexpire(std::string_view key, std::chrono::duration<Rep, Period> ttl,
                       ExpireCondition when = ExpireCondition::always) {
    return self().template command<bool>("PEXPIRE", key, std::chrono::ceil<std::chrono::milliseconds>(ttl).count(),
                                         when);
  }
  /// EXPIREAT key unix-time-seconds [NX|XX|GT|LT]. A time in the past deletes the key.
  Reply<bool> expireat(std::string_view key, long long unix_seconds, ExpireCondition when = ExpireCondition::always) {
    return self().template command<bool>("EXPIREAT", key, unix_seconds, when);
  }
  /// EXPIREAT, or PEXPIREAT when `at` is not whole seconds (rounded up to
  /// whole milliseconds): `expireat(k, std::chrono::system_clock::now() + 1h)`.
  template <class Duration>
  Reply<bool> expireat(std::string_view key, std::chrono::sys_time<Duration> at,
                        ExpireCondition when = ExpireCondition::always) {
    const Expiry e = Expiry::at(at);
    return self().template command<bool>(e.in_seconds() ? "EXPIREAT" : "PEXPIREAT", key, e.amount(), when);
  }
  /// PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT].
  Reply<bool> pexpireat(std::string_view key, long long unix_milliseconds,
                         ExpireCondition when = ExpireCondition::always) {
    return self().template command<bool>("PEXPIREAT", key, unix_milliseconds, when);
  }
  /// PEXPIREAT with `at` rounded up to whole milliseconds.
  template <class Duration>
  Reply<bool> pexpireat(std::string_view key, std::chrono::sys_time<Duration> at,
                         ExpireCondition when = ExpireCondition::always) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(at).time_since_epoch().count();
    return self().template command<bool>("PEXPIREAT", key, ms, when);
  }
  /// TTL key: time left, rounded to the nearest second; `ttl<long long>(k)`
  /// gives Redis's integer (-2: no key, -1: no TTL).
  template <class Out = BasicTtl<std::chrono::seconds>>
  Reply<Out> ttl(std::string_view key) {
    return self().template command<Out>("TTL", key);
  }
  /// PTTL key: time left in milliseconds; `pttl<long long>(k)` gives the integer.
  template <class Out = Ttl>
  Reply<Out> pttl(std::string_view key) {
    return self().template command<Out>("PTTL", key);
  }
  /// EXPIRETIME key: when the key expires, rounded to the nearest second.
  Reply<BasicExpireTime<std::chrono::seconds>> expiretime(std::string_view key) {
    return self().template command<BasicExpireTime<std::chrono::seconds>>("EXPIRETIME", key);
  }
  /// PEXPIRETIME key: when the key expires, in milliseconds.
  Reply<ExpireTime> pexpiretime(std::string_view key) {
    return self().template command<ExpireTime>("PEXPIRETIME", key);
  }
  /// PERSIST key: true if a TTL was removed.
  Reply<bool> persist(std::string_view key) { return self().template command<bool>("PERSIST", key); }
  /// OBJECT ENCODING key: "int", "embstr", "raw", ...; std::nullopt for a missing key.
  Reply<std::optional<std::string>> object_encoding(std::string_view key) {
    return self().template command<std::optional<std::string>>("OBJECT", "ENCODING", key);
  }
  /// OBJECT IDLETIME key: whole seconds since the key was last read or
  /// written; std::nullopt for a missing key.
  Reply<std::optional<long long>> object_idletime(std::string_view key) {
    return self().template command<std::optional<long long>>("OBJECT", "IDLETIME", key);
  }
  /// DBSIZE: the number of keys (including expired ones not reclaimed yet, as Redis).
  Reply<long long> dbsize() { return self().template command<long long>("DBSIZE"); }
  /// FLUSHDB: deletes every key.
  Reply<void> flushdb() { return self().template command<void>("FLUSHDB"); }
  /// FLUSHALL: deletes every key (the store has one database).
  Reply<void> flushall() { return self().template command<void>("FLUSHALL"); }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
