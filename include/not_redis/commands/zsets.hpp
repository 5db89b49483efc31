#pragma once
/// @file
/// Typed sorted-set commands (ZADD, ZRANGE, ZUNION, BZPOPMIN, ...), mixed into Client.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/lists.hpp>  // detail::timeout_seconds
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/scan.hpp>
#include <not_redis/commands/strings.hpp>  // detail::KeyRange: a range of strings
#include <not_redis/convert.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// Members with their scores, in the store's order (ascending score, then
/// member, unless the command says otherwise).
using ScoredMembers = std::vector<std::pair<std::string, double>>;

/// One end of a score interval: inclusive (`x`), exclusive (`(x`), or
/// unbounded (`-inf` as a minimum, `+inf` as a maximum). A plain double is an
/// inclusive bound.
class ScoreBound {
public:
  ScoreBound(double value) noexcept : value_(value) {}  // NOLINT: a score is an inclusive bound
  static ScoreBound inclusive(double value) noexcept { return {value, false, false}; }
  static ScoreBound exclusive(double value) noexcept { return {value, true, false}; }
  static ScoreBound unbounded() noexcept { return {0, false, true}; }

  double value() const noexcept { return value_; }
  bool is_exclusive() const noexcept { return exclusive_; }
  bool is_unbounded() const noexcept { return unbounded_; }
  friend bool operator==(const ScoreBound&, const ScoreBound&) = default;

private:
  ScoreBound(double value, bool exclusive, bool unbounded) noexcept
      : value_(value), exclusive_(exclusive), unbounded_(unbounded) {}
  double value_ = 0;
  bool exclusive_ = false;
  bool unbounded_ = false;
};

/// A score interval, lowest end first whatever the command (ZREVRANGEBYSCORE
/// gets its `max min` order from the method). The default is every score.
///
/// ```
/// store.zcount("board", {.min = ScoreBound::exclusive(10)}).get();   // (10 +inf
/// ```
struct ScoreRange {
  ScoreBound min = ScoreBound::unbounded();
  ScoreBound max = ScoreBound::unbounded();
};

/// One end of a lex interval: `[member`, `(member`, or unbounded (`-` as a
/// minimum, `+` as a maximum). Binary-safe. Lex ranges are meaningful only on
/// sorted sets whose members all have the same score.
class LexBound {
public:
  static LexBound inclusive(std::string member) { return {std::move(member), false, false}; }
  static LexBound exclusive(std::string member) { return {std::move(member), true, false}; }
  static LexBound unbounded() { return {{}, false, true}; }

  const std::string& member() const noexcept { return member_; }
  bool is_exclusive() const noexcept { return exclusive_; }
  bool is_unbounded() const noexcept { return unbounded_; }
  friend bool operator==(const LexBound&, const LexBound&) = default;

private:
  LexBound(std::string member, bool exclusive, bool unbounded)
      : member_(std::move(member)), exclusive_(exclusive), unbounded_(unbounded) {}
  std::string member_;
  bool exclusive_ = false;
  bool unbounded_ = false;
};

/// A lex interval, lowest end first; the default is every member.
struct LexRange {
  LexBound min = LexBound::unbounded();
  LexBound max = LexBound::unbounded();
};

/// LIMIT offset count of the range commands: skip `offset` matches, return at
/// most `count` (negative: all the rest). The default limits nothing.
struct Limit {
  long long offset = 0;
  long long count = -1;
};

/// ZADD's options; the defaults add or update unconditionally and count only
/// new members. Redis refuses `if_absent` with a comparison.
///
/// ```
/// store.zadd("board", "ann", 42, {.compare = ZaddCompare::greater}).get();  // keep the best score
/// ```
enum class ZaddCondition : std::uint8_t {
  always,
  if_absent,  ///< NX: only add new members
  if_exists,  ///< XX: only update existing members
};
enum class ZaddCompare : std::uint8_t {
  always,
  greater,  ///< GT: update only to a greater score (new members are still added)
  less,     ///< LT: update only to a lower score
};
struct ZaddOptions {
  ZaddCondition condition = ZaddCondition::always;
  ZaddCompare compare = ZaddCompare::always;
  bool changed = false;  ///< CH: count updated members too
};

/// How ZUNION and ZINTER combine a member's scores.
enum class ZsetAggregate : std::uint8_t { sum, min, max };

/// ZUNION's and ZINTER's options: a weight per input key (none: all 1; a plain
/// set's members have score 1) and the aggregate.
struct ZsetOpOptions {
  std::vector<double> weights = {};
  ZsetAggregate aggregate = ZsetAggregate::sum;
};

/// Which end a pop takes: the lowest scores (MIN) or the highest (MAX).
enum class ZsetEnd : std::uint8_t { min, max };

template <>
struct ToArgs<ScoreRange> {
  static void append(Argv& out, const ScoreRange& r) {
    push(out, r.min, "-inf");
    push(out, r.max, "+inf");
  }
  static void push(Argv& out, const ScoreBound& b, std::string_view unbounded) {
    if (b.is_unbounded()) {
      out.push_back(unbounded);
      return;
    }
    Argv one;
    one.push_double(b.value());
    out.push_back(b.is_exclusive() ? "(" + std::string(one[0]) : std::string(one[0]));
  }
};

template <>
struct ToArgs<LexRange> {
  static void append(Argv& out, const LexRange& r) {
    push(out, r.min, "-");
    push(out, r.max, "+");
  }
  static void push(Argv& out, const LexBound& b, std::string_view unbounded) {
    if (b.is_unbounded()) out.push_back(unbounded);
    else out.push_back((b.is_exclusive() ? "(" : "[") + b.member());
  }
};

template <>
struct ToArgs<Limit> {
  static void append(Argv& out, const Limit& l) {
    out.push_back("LIMIT");
    out.push_integer(l.offset);
    out.push_integer(l.count);
  }
};

template <>
struct ToArgs<ZaddOptions> {
  static void append(Argv& out, const ZaddOptions& o) {
    if (o.condition == ZaddCondition::if_absent) out.push_back("NX");
    if (o.condition == ZaddCondition::if_exists) out.push_back("XX");
    if (o.compare == ZaddCompare::greater) out.push_back("GT");
    if (o.compare == ZaddCompare::less) out.push_back("LT");
    if (o.changed) out.push_back("CH");
  }
};

template <>
struct ToArgs<ZsetOpOptions> {
  static void append(Argv& out, const ZsetOpOptions& o) {
    if (!o.weights.empty()) {
      out.push_back("WEIGHTS");
      for (double w : o.weights) out.push_double(w);
    }
    if (o.aggregate == ZsetAggregate::min) out.push_back("AGGREGATE"), out.push_back("MIN");
    if (o.aggregate == ZsetAggregate::max) out.push_back("AGGREGATE"), out.push_back("MAX");
  }
};

template <>
struct ToArgs<ZsetEnd> {
  static void append(Argv& out, ZsetEnd e) { out.push_back(e == ZsetEnd::min ? "MIN" : "MAX"); }
};

namespace detail {
/// A range written highest end first (ZREVRANGEBYSCORE, ZREVRANGEBYLEX).
template <class Range>
struct Reversed {
  const Range& range;
};
/// Members with scores written as ZADD wants them: score first.
template <class Pairs>
struct ScoresFirst {
  const Pairs& pairs;
};
} // namespace detail

template <class Range>
struct ToArgs<detail::Reversed<Range>> {
  static void append(Argv& out, const detail::Reversed<Range>& r) {
    ToArgs<Range>::push(out, r.range.max, std::is_same_v<Range, ScoreRange> ? "+inf" : "+");
    ToArgs<Range>::push(out, r.range.min, std::is_same_v<Range, ScoreRange> ? "-inf" : "-");
  }
};

template <class Pairs>
struct ToArgs<detail::ScoresFirst<Pairs>> {
  static void append(Argv& out, const detail::ScoresFirst<Pairs>& s) {
    for (const auto& [member, score] : s.pairs) {
      out.push_double(static_cast<double>(score));
      detail::append_arg(out, member);
    }
  }
};

/// One ZSCAN reply: the cursor to pass next (0 when the iteration is
/// complete) and the members of this step with their scores.
struct SortedSetScanPage {
  std::uint64_t cursor = 0;
  ScoredMembers members;
};

template <>
struct FromValue<SortedSetScanPage> {
  static SortedSetScanPage convert(Value&& v) {
    auto [cursor, members] = from_value<std::pair<std::uint64_t, ScoredMembers>>(std::move(v));
    return {cursor, std::move(members)};
  }
};

/// Client::zscan(key, options): every (member, score) pair, as a range (see ScanRange).
using SortedSetScan = ScanRange<SortedSetScanPage, &SortedSetScanPage::members>;

/// The sorted-set family as typed methods over `Self::command<T>(...)`. Keys
/// and members are binary-safe strings (members: anything command() takes);
/// scores are doubles (`inf` and `-inf` included; Redis refuses NaN). Replies
/// with scores give `ScoredMembers`, or the container given as `Out`. Commands
/// over several keys take a braced list or a range of strings. Error replies
/// (WRONGTYPE, a NaN result...) throw not_redis::Error (Kind::reply).
///
/// The blocking pops (BZPOPMIN, BZPOPMAX, BZMPOP) take a std::chrono duration
/// (zero: wait forever) and give std::nullopt when it passes; as for the
/// lists' blocking commands, wait for their futures away from the store's
/// loop thread, or chain with Future::then().
///
/// ```
/// store.zadd("board", {{"ann", 42}, {"bob", 17}}).get();                // 2
/// auto top = store.zrevrange_withscores("board", 0, 9).get();          // [("ann", 42), ("bob", 17)]
/// auto mid = store.zrangebyscore("board", {ScoreBound::exclusive(10), 50}).get();
/// auto next = store.bzpopmin({"jobs"}, 5s).get();                     // (key, member, score)
/// ```
template <class Self>
class SortedSetCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Members = std::vector<std::string>;
  using Strings = std::initializer_list<std::string_view>;
  using Pairs = std::initializer_list<std::pair<std::string_view, double>>;
  using KeyMemberScore = std::optional<std::tuple<std::string, std::string, double>>;
  template <class Out>
  using KeyScored = std::optional<std::pair<std::string, Out>>;

public:
  /// ZADD key [NX|XX] [GT|LT] [CH] score member ...: how many members were
  /// added (with `changed`: added or updated).
  template <detail::Arg M>
  Reply<long long> zadd(std::string_view key, const M& member, double score, ZaddOptions options = {}) {
    return self().template command<long long>("ZADD", key, options, score, member);
  }
  Reply<long long> zadd(std::string_view key, Pairs members, ZaddOptions options = {}) {
    return self().template command<long long>("ZADD", key, options, detail::ScoresFirst<Pairs>{members});
  }
  /// From any range of (member, score) pairs, e.g. ScoredMembers.
  template <std::ranges::input_range R>
    requires detail::PairLike<std::ranges::range_value_t<const R>>
  Reply<long long> zadd(std::string_view key, const R& members, ZaddOptions options = {}) {
    return self().template command<long long>("ZADD", key, options, detail::ScoresFirst<R>{members});
  }
  /// ZADD key ... INCR increment member: the new score, or std::nullopt when
  /// the options kept the member from changing.
  template <detail::Arg M>
  Reply<std::optional<double>> zadd_incr(std::string_view key, const M& member, double increment,
                                         ZaddOptions options = {}) {
    return self().template command<std::optional<double>>("ZADD", key, options, "INCR", increment, member);
  }
  /// ZINCRBY key increment member: the new score (a missing member starts at 0).
  template <detail::Arg M>
  Reply<double> zincrby(std::string_view key, double increment, const M& member) {
    return self().template command<double>("ZINCRBY", key, increment, member);
  }

  /// ZCARD key: 0 for a missing key.
  Reply<long long> zcard(std::string_view key) { return self().template command<long long>("ZCARD", key); }
  /// ZSCORE key member: std::nullopt for a missing member or key.
  template <detail::Arg M>
  Reply<std::optional<double>> zscore(std::string_view key, const M& member) {
    return self().template command<std::optional<double>>("ZSCORE", key, member);
  }
  /// ZMSCORE key member [member ...]: one score per member, in order.
  template <class Out = std::vector<std::optional<double>>, detail::Arg M, detail::Arg... More>
  Reply<Out> zmscore(std::string_view key, const M& member, const More&... more) {
    return self().template command<Out>("ZMSCORE", key, member, more...);
  }
  template <class Out = std::vector<std::optional<double>>>
  Reply<Out> zmscore(std::string_view key, Strings members) {
    return self().template command<Out>("ZMSCORE", key, members);
  }
  /// ZRANK key member: the 0-based rank by ascending score, or std::nullopt.
  template <detail::Arg M>
  Reply<std::optional<long long>> zrank(std::string_view key, const M& member) {
    return self().template command<std::optional<long long>>("ZRANK", key, member);
  }
  /// ZREVRANK key member: the rank by descending score, or std::nullopt.
  template <detail::Arg M>
  Reply<std::optional<long long>> zrevrank(std::string_view key, const M& member) {
    return self().template command<std::optional<long long>>("ZREVRANK", key, member);
  }
  /// ZCOUNT key min max: how many scores lie in `range`.
  Reply<long long> zcount(std::string_view key, const ScoreRange& range = {}) {
    return self().template command<long long>("ZCOUNT", key, range);
  }
  /// ZLEXCOUNT key min max.
  Reply<long long> zlexcount(std::string_view key, const LexRange& range = {}) {
    return self().template command<long long>("ZLEXCOUNT", key, range);
  }

  /// ZRANGE key start stop: members by rank, inclusive; negative ranks count
  /// from the end.
  template <class Out = Members>
  Reply<Out> zrange(std::string_view key, long long start, long long stop) {
    return self().template command<Out>("ZRANGE", key, start, stop);
  }
  /// ZRANGE key start stop WITHSCORES.
  template <class Out = ScoredMembers>
  Reply<Out> zrange_withscores(std::string_view key, long long start, long long stop) {
    return self().template command<Out>("ZRANGE", key, start, stop, "WITHSCORES");
  }
  /// ZREVRANGE key start stop: by rank from the highest score.
  template <class Out = Members>
  Reply<Out> zrevrange(std::string_view key, long long start, long long stop) {
    return self().template command<Out>("ZREVRANGE", key, start, stop);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zrevrange_withscores(std::string_view key, long long start, long long stop) {
    return self().template command<Out>("ZREVRANGE", key, start, stop, "WITHSCORES");
  }
  /// ZRANGEBYSCORE key min max LIMIT offset count: ascending.
  template <class Out = Members>
  Reply<Out> zrangebyscore(std::string_view key, const ScoreRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZRANGEBYSCORE", key, range, limit);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zrangebyscore_withscores(std::string_view key, const ScoreRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZRANGEBYSCORE", key, range, "WITHSCORES", limit);
  }
  /// ZREVRANGEBYSCORE key max min LIMIT offset count: descending; `range` is
  /// still given lowest end first.
  template <class Out = Members>
  Reply<Out> zrevrangebyscore(std::string_view key, const ScoreRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZREVRANGEBYSCORE", key, detail::Reversed<ScoreRange>{range}, limit);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zrevrangebyscore_withscores(std::string_view key, const ScoreRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZREVRANGEBYSCORE", key, detail::Reversed<ScoreRange>{range}, "WITHSCORES",
                                        limit);
  }
  /// ZRANGEBYLEX key min max LIMIT offset count.
  template <class Out = Members>
  Reply<Out> zrangebylex(std::string_view key, const LexRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZRANGEBYLEX", key, range, limit);
  }
  /// ZREVRANGEBYLEX key max min LIMIT offset count; `range` lowest end first.
  template <class Out = Members>
  Reply<Out> zrevrangebylex(std::string_view key, const LexRange& range = {}, Limit limit = {}) {
    return self().template command<Out>("ZREVRANGEBYLEX", key, detail::Reversed<LexRange>{range}, limit);
  }
  /// ZRANGESTORE destination source start stop: stores that range of ranks
  /// (replacing destination; an empty range deletes it) and returns its size.
  Reply<long long> zrangestore(std::string_view destination, std::string_view source, long long start, long long stop) {
    return self().template command<long long>("ZRANGESTORE", destination, source, start, stop);
  }
  /// ZRANGESTORE destination source min max BYSCORE LIMIT offset count.
  Reply<long long> zrangestore_byscore(std::string_view destination, std::string_view source,
                                       const ScoreRange& range = {}, Limit limit = {}) {
    return self().template command<long long>("ZRANGESTORE", destination, source, range, "BYSCORE", limit);
  }
  /// ZRANGESTORE destination source min max BYLEX LIMIT offset count.
  Reply<long long> zrangestore_bylex(std::string_view destination, std::string_view source,
                                     const LexRange& range = {}, Limit limit = {}) {
    return self().template command<long long>("ZRANGESTORE", destination, source, range, "BYLEX", limit);
  }

  /// ZREM key member [member ...]: how many were there; removing the last
  /// member deletes the key.
  template <detail::Arg M, detail::Arg... More>
  Reply<long long> zrem(std::string_view key, const M& member, const More&... more) {
    return self().template command<long long>("ZREM", key, member, more...);
  }
  Reply<long long> zrem(std::string_view key, Strings members) {
    return self().template command<long long>("ZREM", key, members);
  }
  /// ZREMRANGEBYRANK key start stop: how many were removed.
  Reply<long long> zremrangebyrank(std::string_view key, long long start, long long stop) {
    return self().template command<long long>("ZREMRANGEBYRANK", key, start, stop);
  }
  /// ZREMRANGEBYSCORE key min max.
  Reply<long long> zremrangebyscore(std::string_view key, const ScoreRange& range) {
    return self().template command<long long>("ZREMRANGEBYSCORE", key, range);
  }
  /// ZREMRANGEBYLEX key min max.
  Reply<long long> zremrangebylex(std::string_view key, const LexRange& range) {
    return self().template command<long long>("ZREMRANGEBYLEX", key, range);
  }

  /// ZUNION numkeys key ... [WEIGHTS ...] [AGGREGATE ...]: the members of any
  /// input (plain sets count with score 1), by combined score.
  template <class Out = Members>
  Reply<Out> zunion(Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZUNION", keys.size(), keys, options);
  }
  template <class Out = Members, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zunion(const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZUNION", std::ranges::distance(keys), keys, options);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zunion_withscores(Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZUNION", keys.size(), keys, options, "WITHSCORES");
  }
  template <class Out = ScoredMembers, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zunion_withscores(const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZUNION", std::ranges::distance(keys), keys, options, "WITHSCORES");
  }
  /// ZINTER numkeys key ... [WEIGHTS ...] [AGGREGATE ...]: the members of every input.
  template <class Out = Members>
  Reply<Out> zinter(Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZINTER", keys.size(), keys, options);
  }
  template <class Out = Members, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zinter(const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZINTER", std::ranges::distance(keys), keys, options);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zinter_withscores(Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZINTER", keys.size(), keys, options, "WITHSCORES");
  }
  template <class Out = ScoredMembers, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zinter_withscores(const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<Out>("ZINTER", std::ranges::distance(keys), keys, options, "WITHSCORES");
  }
  /// ZDIFF numkeys key ...: the members of the first input in none of the
  /// others, with the first input's scores.
  template <class Out = Members>
  Reply<Out> zdiff(Strings keys) {
    return self().template command<Out>("ZDIFF", keys.size(), keys);
  }
  template <class Out = Members, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zdiff(const R& keys) {
    return self().template command<Out>("ZDIFF", std::ranges::distance(keys), keys);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zdiff_withscores(Strings keys) {
    return self().template command<Out>("ZDIFF", keys.size(), keys, "WITHSCORES");
  }
  template <class Out = ScoredMembers, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<Out> zdiff_withscores(const R& keys) {
    return self().template command<Out>("ZDIFF", std::ranges::distance(keys), keys, "WITHSCORES");
  }
  /// ZUNIONSTORE destination numkeys key ...: stores the union (replacing
  /// destination; an empty result deletes it) and returns its size.
  /// ZINTERSTORE and ZDIFFSTORE likewise.
  Reply<long long> zunionstore(std::string_view destination, Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<long long>("ZUNIONSTORE", destination, keys.size(), keys, options);
  }
  template <detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<long long> zunionstore(std::string_view destination, const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<long long>("ZUNIONSTORE", destination, std::ranges::distance(keys), keys, options);
  }
  Reply<long long> zinterstore(std::string_view destination, Strings keys, const ZsetOpOptions& options = {}) {
    return self().template command<long long>("ZINTERSTORE", destination, keys.size(), keys, options);
  }
  template <detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<long long> zinterstore(std::string_view destination, const R& keys, const ZsetOpOptions& options = {}) {
    return self().template command<long long>("ZINTERSTORE", destination, std::ranges::distance(keys), keys, options);
  }
  Reply<long long> zdiffstore(std::string_view destination, Strings keys) {
    return self().template command<long long>("ZDIFFSTORE", destination, keys.size(), keys);
  }
  template <detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<long long> zdiffstore(std::string_view destination, const R& keys) {
    return self().template command<long long>("ZDIFFSTORE", destination, std::ranges::distance(keys), keys);
  }
  /// ZINTERCARD numkeys key ... LIMIT limit: the size of the intersection,
  /// counting stops at `limit` (0: no limit).
  Reply<long long> zintercard(Strings keys, long long limit = 0) {
    return self().template command<long long>("ZINTERCARD", keys.size(), keys, "LIMIT", limit);
  }
  template <detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<long long> zintercard(const R& keys, long long limit = 0) {
    return self().template command<long long>("ZINTERCARD", std::ranges::distance(keys), keys, "LIMIT", limit);
  }

  /// ZPOPMIN key count: removes and returns up to `count` (>= 0) members with
  /// the lowest scores, lowest first; none for a missing key.
  template <class Out = ScoredMembers>
  Reply<Out> zpopmin(std::string_view key, long long count = 1) {
    return self().template command<Out>("ZPOPMIN", key, count);
  }
  /// ZPOPMAX key count: the highest scores, highest first.
  template <class Out = ScoredMembers>
  Reply<Out> zpopmax(std::string_view key, long long count = 1) {
    return self().template command<Out>("ZPOPMAX", key, count);
  }
  /// ZMPOP numkeys key ... MIN|MAX COUNT count: up to `count` members from
  /// the first non-empty key, with that key; std::nullopt if all are empty.
  template <class Out = ScoredMembers>
  Reply<KeyScored<Out>> zmpop(Strings keys, ZsetEnd end, long long count = 1) {
    return self().template command<KeyScored<Out>>("ZMPOP", keys.size(), keys, end, "COUNT", count);
  }
  template <class Out = ScoredMembers, detail::KeyRange R>
    requires std::ranges::forward_range<const R>
  Reply<KeyScored<Out>> zmpop(const R& keys, ZsetEnd end, long long count = 1) {
    return self().template command<KeyScored<Out>>("ZMPOP", std::ranges::distance(keys), keys, end, "COUNT", count);
  }

  /// ZRANDMEMBER key: a random member, left in place; std::nullopt for a
  /// missing key.
  Reply<std::optional<std::string>> zrandmember(std::string_view key) {
    return self().template command<std::optional<std::string>>("ZRANDMEMBER", key);
  }
  /// ZRANDMEMBER key count: up to `count` distinct members, or for a negative
  /// count exactly -count that may repeat.
  template <class Out = Members>
  Reply<Out> zrandmember(std::string_view key, long long count) {
    return self().template command<Out>("ZRANDMEMBER", key, count);
  }
  template <class Out = ScoredMembers>
  Reply<Out> zrandmember_withscores(std::string_view key, long long count) {
    return self().template command<Out>("ZRANDMEMBER", key, count, "WITHSCORES");
  }

  /// ZSCAN key cursor [MATCH pattern] [COUNT count]: one step of an iteration
  /// that starts and ends with cursor 0.
  Reply<SortedSetScanPage> zscan(std::string_view key, std::uint64_t cursor, const ScanOptions& options = {}) {
    return self().template command<SortedSetScanPage>("ZSCAN", key, cursor, options);
  }
  /// The whole ZSCAN iteration as an input range of (member, score):
  /// `for (const auto& [member, score] : store.zscan("board"))`. Client only,
  /// not on its loop thread (see ScanRange).
  SortedSetScan zscan(std::string_view key, const ScanOptions& options = {})
    requires detail::Waitable<Self>
  {
    return SortedSetScan(self().on_loop_thread(), [&s = self(), k = std::string(key), options](std::uint64_t c) {
      return s.zscan(k, c, options);
    });
  }

  /// BZPOPMIN key [key ...] timeout: (key, member, score) of the lowest score
  /// of the first non-empty key, waiting up to `timeout` (zero: forever);
  /// std::nullopt on timeout.
  template <class Rep, class Period>
  Reply<KeyMemberScore> bzpopmin(Strings keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyMemberScore>("BZPOPMIN", keys, detail::timeout_seconds(timeout));
  }
  template <detail::KeyRange R, class Rep, class Period>
  Reply<KeyMemberScore> bzpopmin(const R& keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyMemberScore>("BZPOPMIN", keys, detail::timeout_seconds(timeout));
  }
  /// BZPOPMAX key [key ...] timeout: as BZPOPMIN, the highest score.
  template <class Rep, class Period>
  Reply<KeyMemberScore> bzpopmax(Strings keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyMemberScore>("BZPOPMAX", keys, detail::timeout_seconds(timeout));
  }
  template <detail::KeyRange R, class Rep, class Period>
  Reply<KeyMemberScore> bzpopmax(const R& keys, std::chrono::duration<Rep, Period> timeout) {
    return self().template command<KeyMemberScore>("BZPOPMAX", keys, detail::timeout_seconds(timeout));
  }
  /// BZMPOP timeout numkeys key ... MIN|MAX COUNT count: as ZMPOP, waiting for
  /// one of the keys to get members; std::nullopt on timeout.
  template <class Out = ScoredMembers, class Rep, class Period>
  Reply<KeyScored<Out>> bzmpop(Strings keys, ZsetEnd end, std::chrono::duration<Rep, Period> timeout,
                               long long count = 1) {
    return self().template command<KeyScored<Out>>("BZMPOP", detail::timeout_seconds(timeout), keys.size(), keys,
                                                   end, "COUNT", count);
  }
  template <class Out = ScoredMembers, detail::KeyRange R, class Rep, class Period>
    requires std::ranges::forward_range<const R>
  Reply<KeyScored<Out>> bzmpop(const R& keys, ZsetEnd end, std::chrono::duration<Rep, Period> timeout,
                               long long count = 1) {
    return self().template command<KeyScored<Out>>("BZMPOP", detail::timeout_seconds(timeout),
                                                   std::ranges::distance(keys), keys, end, "COUNT", count);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
