#pragma once
/// @file
/// Typed stream commands (XADD, XRANGE, XTRIM, XREAD, ...), mixed into Client.

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
#include <not_redis/commands/hashes.hpp>   // detail::FieldValueRange: a range of field/value pairs
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/strings.hpp>  // detail::PairRange: a range of key/value pairs
#include <not_redis/convert.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// One stream entry: its id ("1700000000000-0") and its field/value pairs in
/// the order they were added. An entry that XREADGROUP's history still lists
/// but that was deleted comes with no fields.
struct StreamEntry {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  friend bool operator==(const StreamEntry&, const StreamEntry&) = default;
};

/// Entries in the stream's order (XREVRANGE: newest first).
using StreamEntries = std::vector<StreamEntry>;

/// XREAD's reply: each stream that had entries, with them, in the order the
/// streams were asked for.
using StreamReads = std::vector<std::pair<std::string, StreamEntries>>;

/// How XADD and XTRIM trim: MAXLEN (keep the newest `threshold` entries) or
/// MINID (drop the entries with an id below `threshold`), exact (`=`, not
/// sent) or approximate (`~`: only whole nodes go, which is cheaper), with
/// LIMIT (at most that many entries removed; Redis takes it with `~` only).
///
/// ```
/// store.xtrim("events", StreamTrim::maxlen(1000, true)).get();   // XTRIM events MAXLEN ~ 1000
/// store.xtrim("events", StreamTrim::minid("1700000000000-0")).get();
/// ```
struct StreamTrim {
  enum class Strategy : std::uint8_t { maxlen, minid };
  Strategy strategy = Strategy::maxlen;
  std::string threshold = "0";  ///< a length for MAXLEN, an id for MINID
  bool approximate = false;
  std::optional<long long> limit = {};

  static StreamTrim maxlen(long long length, bool approximate = false, std::optional<long long> limit = {}) {
    return {Strategy::maxlen, std::to_string(length), approximate, limit};
  }
  static StreamTrim minid(std::string id, bool approximate = false, std::optional<long long> limit = {}) {
    return {Strategy::minid, std::move(id), approximate, limit};
  }
  friend bool operator==(const StreamTrim&, const StreamTrim&) = default;
};

/// XADD's options; the defaults add with an id of the store's choosing (`*`:
/// the clock's milliseconds, then a sequence number), create the stream if it
/// is missing and do not trim.
///
/// ```
/// store.xadd("events", {{"kind", "login"}}, {.trim = StreamTrim::maxlen(1000, true)}).get();
/// store.xadd("events", {{"kind", "logout"}}, {.id = "1700000000000-*"}).get();
/// ```
struct XaddOptions {
  std::string id = "*";             ///< `*`, `ms-*` or an explicit `ms-seq` above the stream's last id
  bool nomkstream = false;          ///< NOMKSTREAM: do not create a missing stream (the reply is nil)
  std::optional<StreamTrim> trim = {};  ///< MAXLEN|MINID ..., applied after the add
};

/// XREAD's options; unset fields are not sent.
struct XreadOptions {
  std::optional<long long> count = {};  ///< COUNT: at most this many entries per stream
  /// BLOCK: wait this long (zero: forever) for an entry when there is none
  /// yet; unset, XREAD answers at once.
  std::optional<std::chrono::milliseconds> block = {};
};

template <>
struct FromValue<StreamEntry> {
  static StreamEntry convert(Value&& v) {
    Value::Array e = detail::take_elements(std::move(v), "a stream entry");
    if (e.size() != 2) throw Error(Error::Kind::conversion, "cannot convert an aggregate not of size 2 to a stream entry");
    StreamEntry out{from_value<std::string>(std::move(e[0])), {}};
    if (!e[1].is_nil()) out.fields = from_value<std::vector<std::pair<std::string, std::string>>>(std::move(e[1]));
    return out;
  }
};

template <>
struct ToArgs<StreamTrim> {
  static void append(Argv& out, const StreamTrim& t) {
    out.push_back(t.strategy == StreamTrim::Strategy::maxlen ? "MAXLEN" : "MINID");
    if (t.approximate) out.push_back("~");
    out.push_back(t.threshold);
    if (t.limit) {
      out.push_back("LIMIT");
      out.push_integer(*t.limit);
    }
  }
};

template <>
struct ToArgs<XaddOptions> {
  static void append(Argv& out, const XaddOptions& o) {
    if (o.nomkstream) out.push_back("NOMKSTREAM");
    if (o.trim) ToArgs<StreamTrim>::append(out, *o.trim);
    out.push_back(o.id);
  }
};

template <>
struct ToArgs<XreadOptions> {
  static void append(Argv& out, const XreadOptions& o) {
    if (o.count) {
      out.push_back("COUNT");
      out.push_integer(*o.count);
    }
    if (o.block) {
      out.push_back("BLOCK");
      out.push_integer(o.block->count());
    }
  }
};

namespace detail {
/// COUNT n of XRANGE and XREVRANGE, when there is one.
struct StreamCount {
  std::optional<long long> count;
};
/// XSETID's optional ENTRIESADDED and MAXDELETEDID.
struct StreamSetIdOptions {
  std::optional<long long> entries_added;
  std::optional<std::string_view> max_deleted_id;
};
/// (key, id) pairs written as XREAD wants them: STREAMS, every key, then every id.
template <class Pairs>
struct StreamsThenIds {
  const Pairs& pairs;
};
} // namespace detail

template <>
struct ToArgs<detail::StreamCount> {
  static void append(Argv& out, const detail::StreamCount& c) {
    if (!c.count) return;
    out.push_back("COUNT");
    out.push_integer(*c.count);
  }
};

template <>
struct ToArgs<detail::StreamSetIdOptions> {
  static void append(Argv& out, const detail::StreamSetIdOptions& o) {
    if (o.entries_added) {
      out.push_back("ENTRIESADDED");
      out.push_integer(*o.entries_added);
    }
    if (o.max_deleted_id) {
      out.push_back("MAXDELETEDID");
      out.push_back(*o.max_deleted_id);
    }
  }
};

template <class Pairs>
struct ToArgs<detail::StreamsThenIds<Pairs>> {
  static void append(Argv& out, const detail::StreamsThenIds<Pairs>& s) {
    out.push_back("STREAMS");
    for (const auto& [key, id] : s.pairs) detail::append_arg(out, key);
    for (const auto& [key, id] : s.pairs) detail::append_arg(out, id);
  }
};

/// The stream family's entries (consumer groups: StreamGroupCommands) as
/// typed methods over `Self::command<T>(...)`. Keys, ids, fields and values
/// are binary-safe strings (values: anything command() takes); ids are
/// Redis's text, `ms-seq`, with its special forms where the command takes
/// them (`-`, `+`, `(` for an exclusive bound, `$`). Replies with entries give
/// `StreamEntries`, or the container given as `Out`. Error replies
/// (WRONGTYPE, an id not above the stream's last...) throw not_redis::Error
/// (Kind::reply).
///
/// XREAD with `block` waits like the blocking pops, on the store's clock,
/// and gives std::nullopt when the time passes; wait for its future away from
/// the store's loop thread, or chain with Future::then().
///
/// ```
/// auto id = store.xadd("events", {{"kind", "login"}, {"user", "ada"}}).get();  // "1700000000000-0"
/// auto last = store.xrevrange("events", "+", "-", 10).get();                  // the 10 newest
/// auto news = store.xread({{"events", "$"}}, {.block = std::chrono::seconds(5)}).get();
/// ```
template <class Self>
class StreamCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Strings = std::initializer_list<std::string_view>;
  using Pairs = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  using OptionalString = std::optional<std::string>;

public:
  /// XADD key [NOMKSTREAM] [MAXLEN|MINID [~] threshold [LIMIT count]] id field
  /// value ...: the new entry's id; std::nullopt with `nomkstream` on a
  /// missing key.
  Reply<OptionalString> xadd(std::string_view key, Pairs fields, const XaddOptions& options = {}) {
    return self().template command<OptionalString>("XADD", key, options, fields);
  }
  /// From any range of field/value pairs (a vector of pairs, a map).
  template <detail::FieldValueRange Fields>
  Reply<OptionalString> xadd(std::string_view key, const Fields& fields, const XaddOptions& options = {}) {
    return self().template command<OptionalString>("XADD", key, options, fields);
  }
  /// XLEN key: how many entries; 0 for a missing key.
  Reply<long long> xlen(std::string_view key) { return self().template command<long long>("XLEN", key); }
  /// XRANGE key start end [COUNT count]: the entries from `start` to `end`
  /// (inclusive; `(id` excludes), oldest first; none for a missing key.
  template <class Out = StreamEntries>
  Reply<Out> xrange(std::string_view key, std::string_view start = "-", std::string_view end = "+",
                    std::optional<long long> count = {}) {
    return self().template command<Out>("XRANGE", key, start, end, detail::StreamCount{count});
  }
  /// XREVRANGE key end start [COUNT count]: as XRANGE, newest first (`end` comes first).
  template <class Out = StreamEntries>
  Reply<Out> xrevrange(std::string_view key, std::string_view end = "+", std::string_view start = "-",
                       std::optional<long long> count = {}) {
    return self().template command<Out>("XREVRANGE", key, end, start, detail::StreamCount{count});
  }
  /// XDEL key id [id ...]: how many of the entries were there.
  template <detail::Arg I, detail::Arg... More>
  Reply<long long> xdel(std::string_view key, const I& id, const More&... more) {
    return self().template command<long long>("XDEL", key, id, more...);
  }
  Reply<long long> xdel(std::string_view key, Strings ids) {
    return self().template command<long long>("XDEL", key, ids);
  }
  /// XTRIM key MAXLEN|MINID [~] threshold [LIMIT count]: how many entries were removed.
  Reply<long long> xtrim(std::string_view key, const StreamTrim& trim) {
    return self().template command<long long>("XTRIM", key, trim);
  }
  /// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]:
  /// sets the stream's last id (not below its newest entry's) and counters.
  Reply<void> xsetid(std::string_view key, std::string_view last_id, std::optional<long long> entries_added = {},
                     std::optional<std::string_view> max_deleted_id = {}) {
    return self().template command<void>("XSETID", key, last_id, detail::StreamSetIdOptions{entries_added, max_deleted_id});
  }
  /// XREAD [COUNT count] [BLOCK ms] STREAMS key ... id ...: per (key, id) pair,
  /// the entries after `id` (`$`: after the stream's last entry now), for the
  /// streams that have some; std::nullopt if none has (after `block`, if set).
  template <class Out = StreamReads>
  Reply<std::optional<Out>> xread(Pairs streams, const XreadOptions& options = {}) {
    return self().template command<std::optional<Out>>("XREAD", options, detail::StreamsThenIds<Pairs>{streams});
  }
  /// From any range of (key, id) pairs.
  template <class Out = StreamReads, detail::PairRange R>
  Reply<std::optional<Out>> xread(const R& streams, const XreadOptions& options = {}) {
    return self().template command<std::optional<Out>>("XREAD", options, detail::StreamsThenIds<R>{streams});
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
