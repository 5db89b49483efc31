#pragma once
/// @file
/// Typed hash commands (HSET, HGET, HGETALL, HSCAN, ...), mixed into Client.

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/scan.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// One HSCAN reply: the cursor to pass next (0 when the iteration is
/// complete) and the fields of this step with their values.
struct HashScanPage {
  std::uint64_t cursor = 0;
  std::vector<std::pair<std::string, std::string>> entries;
};

template <>
struct FromValue<HashScanPage> {
  static HashScanPage convert(Value&& v) {
    auto [cursor, flat] = from_value<std::pair<std::uint64_t, std::vector<std::string>>>(std::move(v));
    if (flat.size() % 2 != 0) throw Error(Error::Kind::conversion, "HSCAN reply with an odd number of elements");
    HashScanPage page{cursor, {}};
    page.entries.reserve(flat.size() / 2);
    for (std::size_t i = 0; i < flat.size(); i += 2) page.entries.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
    return page;
  }
};

/// Client::hscan(key, options): every (field, value) pair, as a range (see ScanRange).
using HashScan = ScanRange<HashScanPage, &HashScanPage::entries>;

namespace detail {
/// A range of field/value pairs: `std::map`, `std::vector<std::pair<...>>`, ...
template <class R>
concept FieldValueRange =
    std::ranges::input_range<R> && PairLike<std::remove_cvref_t<std::ranges::range_value_t<R>>> && Arg<R>;
} // namespace detail

/// The hash family as typed methods over `Self::command<T>(...)`. Keys are
/// string-like; fields and values are anything command() takes (strings,
/// numbers, your types through ToArgs), binary safe. Commands taking several
/// fields accept them as arguments or as ranges, and HSET takes pairs as a
/// braced list or any range of pairs (a map). Error replies throw
/// not_redis::Error (Kind::reply).
///
/// ```
/// store.hset("user:1", {{"name", "Ada"}, {"lang", "en"}}).get();
/// std::optional<std::string> name = store.hget("user:1", "name").get();
/// auto all = store.hgetall("user:1").get();   // std::unordered_map
/// auto ordered = store.hgetall<std::vector<std::pair<std::string, int>>>("scores").get();
/// ```
///
/// Methods returning many values take the container as a template argument
/// (`Out`), defaulting to the type shown; anything FromValue converts to fits.
template <class Self>
class HashCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// HSET key field value: 1 if the field is new, 0 if it was overwritten.
  template <detail::Arg F, detail::Arg V>
  Reply<long long> hset(std::string_view key, const F& field, const V& value) {
    return self().template command<long long>("HSET", key, field, value);
  }
  /// HSET key field value [field value ...]: how many fields are new.
  Reply<long long> hset(std::string_view key,
                         std::initializer_list<std::pair<std::string_view, std::string_view>> entries) {
    return self().template command<long long>("HSET", key, entries);
  }
  /// HSET over a range of field/value pairs (a map, a vector of pairs).
  template <detail::FieldValueRange Entries>
  Reply<long long> hset(std::string_view key, const Entries& entries) {
    return self().template command<long long>("HSET", key, entries);
  }
  /// HSETNX key field value: false (and nothing changes) if the field exists.
  template <detail::Arg F, detail::Arg V>
  Reply<bool> hsetnx(std::string_view key, const F& field, const V& value) {
    return self().template command<bool>("HSETNX", key, field, value);
  }
  /// HGET key field: std::nullopt for a missing key or field.
  template <detail::Arg F>
  Reply<std::optional<std::string>> hget(std::string_view key, const F& field) {
    return self().template command<std::optional<std::string>>("HGET", key, field);
  }
  /// HMGET key field [field ...]: one optional per field, in order. A range
  /// of fields counts as its fields.
  template <class Out = std::vector<std::optional<std::string>>, detail::Arg... Fields>
  Reply<Out> hmget(std::string_view key, const Fields&... fields) {
    return self().template command<Out>("HMGET", key, fields...);
  }
  /// HGETALL key: every field and its value (empty for a missing key), as
  /// `Out`: any map, or a std::vector<std::pair<K, V>> in the hash's order.
  template <class Out = std::unordered_map<std::string, std::string>>
  Reply<Out> hgetall(std::string_view key) {
    return self().template command<Out>("HGETALL", key);
  }
  /// HDEL key field [field ...]: how many fields were removed (a range of
  /// fields counts as its fields). Removing the last field deletes the key.
  template <detail::Arg... Fields>
  Reply<long long> hdel(std::string_view key, const Fields&... fields) {
    return self().template command<long long>("HDEL", key, fields...);
  }
  /// HEXISTS key field.
  template <detail::Arg F>
  Reply<bool> hexists(std::string_view key, const F& field) {
    return self().template command<bool>("HEXISTS", key, field);
  }
  /// HLEN key: the number of fields (0 for a missing key).
  Reply<long long> hlen(std::string_view key) { return self().template command<long long>("HLEN", key); }
  /// HKEYS key: every field, as `Out` (a vector, a set...).
  template <class Out = std::vector<std::string>>
  Reply<Out> hkeys(std::string_view key) {
    return self().template command<Out>("HKEYS", key);
  }
  /// HVALS key: every value, as `Out` (e.g. std::vector<long long>).
  template <class Out = std::vector<std::string>>
  Reply<Out> hvals(std::string_view key) {
    return self().template command<Out>("HVALS", key);
  }
  /// HSTRLEN key field: the value's length (0 for a missing key or field).
  template <detail::Arg F>
  Reply<long long> hstrlen(std::string_view key, const F& field) {
    return self().template command<long long>("HSTRLEN", key, field);
  }
  /// HINCRBY key field increment: the new value; a missing field counts as 0.
  template <detail::Arg F>
  Reply<long long> hincrby(std::string_view key, const F& field, long long increment) {
    return self().template command<long long>("HINCRBY", key, field, increment);
  }
  /// HINCRBYFLOAT key field increment: the new value (computed as a long double).
  template <detail::Arg F>
  Reply<double> hincrbyfloat(std::string_view key, const F& field, double increment) {
    return self().template command<double>("HINCRBYFLOAT", key, field, increment);
  }
  /// HRANDFIELD key: a random field, or std::nullopt for a missing key.
  Reply<std::optional<std::string>> hrandfield(std::string_view key) {
    return self().template command<std::optional<std::string>>("HRANDFIELD", key);
  }
  /// HRANDFIELD key count: up to `count` distinct random fields; a negative
  /// count returns exactly -count fields, repeats allowed.
  template <class Out = std::vector<std::string>>
  Reply<Out> hrandfield(std::string_view key, long long count) {
    return self().template command<Out>("HRANDFIELD", key, count);
  }
  /// HRANDFIELD key count WITHVALUES: as hrandfield(key, count), with values;
  /// `Out` a vector of pairs (repeats kept) or a map.
  template <class Out = std::vector<std::pair<std::string, std::string>>>
  Reply<Out> hrandfield_withvalues(std::string_view key, long long count) {
    return self().template command<Out>("HRANDFIELD", key, count, "WITHVALUES");
  }
  /// HSCAN key cursor [MATCH ...] [COUNT ...]: one step of an iteration that
  /// starts and ends with cursor 0. `options.type` is SCAN's only: leave it unset.
  ///
  /// ```
  /// for (std::uint64_t cursor = 0;;) {
  ///   auto page = store.hscan("user:1", cursor, {.match = "addr:*"}).get();
  ///   for (auto& [field, value] : page.entries) use(field, value);
  ///   if ((cursor = page.cursor) == 0) break;
  /// }
  /// ```
  Reply<HashScanPage> hscan(std::string_view key, std::uint64_t cursor, const ScanOptions& options = {}) {
    return self().template command<HashScanPage>("HSCAN", key, cursor, options);
  }
  /// The whole HSCAN iteration as an input range of (field, value) pairs:
  /// `for (auto& [field, value] : store.hscan("user:1"))`. Client only, not on
  /// its loop thread (see ScanRange).
  HashScan hscan(std::string_view key, const ScanOptions& options = {})
    requires detail::Waitable<Self>
  {
    return HashScan(self().on_loop_thread(), [&s = self(), k = std::string(key), options](std::uint64_t c) {
      return s.hscan(k, c, options);
    });
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
