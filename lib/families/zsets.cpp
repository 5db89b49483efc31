// The sorted-set family: ZADD, the ZRANGE variants, the pops and their
// blocking forms, ZRANDMEMBER and ZSCAN (t_zset.c). The set operations
// (ZUNION, ZINTER, ZDIFF and their STORE forms) are in zset_operations.cpp.

#include <climits>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "families/zset_family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

ZsetLimits zset_limits(const Context& ctx) noexcept {
  return {static_cast<std::size_t>(ctx.store.config.zset_max_listpack_entries),
          static_cast<std::size_t>(ctx.store.config.zset_max_listpack_value)};
}

void EntryWriter::add(ScoredMember entry) {
  if (nested_) {
    out_.push_back(Value::array({Value::bulk(entry.member), Value::number(entry.score)}));
    return;
  }
  out_.push_back(Value::bulk(entry.member));
  if (with_scores_) out_.push_back(Value::number(entry.score));
}

Value store_zset(Context& ctx, std::string_view destination, std::unique_ptr<Zset> result, std::string_view event) {
  if (result->empty()) {
    // Redis deletes the destination when the result is empty, reporting a "del".
    ctx.db().erase(destination);
    return Value::integer(0);
  }
  const auto size = static_cast<long long>(result->size());
  ctx.db().set(destination, Object::aggregate(ObjectType::zset, std::move(result)), event);
  return Value::integer(size);
}

namespace {

Zset& zset_of(Entry& entry) { return entry.second.as<Zset>(); }

/// Reports a removal (`event`) from the sorted set at `entry`, and deletes the
/// key once the set is empty, as Redis does after each.
void after_removal(Context& ctx, Entry& entry, std::string_view event) {
  ctx.db().modified(entry, event);
  if (zset_of(entry).empty()) ctx.db().erase(entry);
}

// --- Intervals ------------------------------------------------------------------------

/// One end of a score interval as Redis's zslParseRange reads it: strtod over
/// the argument as a C string, so "" reads as 0 and "(" alone as an exclusive
/// 0, leading spaces and hex are accepted, NaN is not.
std::optional<ScoreBound> parse_score_bound(std::string_view arg) {
  const std::string text(arg.substr(0, arg.find('\0')));
  const bool exclusive = !text.empty() && text.front() == '(';
  const char* start = text.c_str() + (exclusive ? 1 : 0);
  char* end = nullptr;
  const double value = std::strtod(start, &end);
  if (*end != '\0' || std::isnan(value)) return std::nullopt;
  return ScoreBound{value, exclusive};
}

/// One end of a lex interval as zslParseLexRangeItem reads it: "-", "+",
/// "[member" or "(member".
std::optional<LexBound> parse_lex_bound(std::string_view arg) {
  if (arg.empty()) return std::nullopt;
  // Redis looks at the C string: "+" followed by a NUL is still "+".
  const bool alone = arg.size() == 1 || arg[1] == '\0';
  switch (arg.front()) {
  case '+':
    if (!alone) return std::nullopt;
    return LexBound{LexBound::Kind::plus_infinity, {}, true};
  case '-':
    if (!alone) return std::nullopt;
    return LexBound{LexBound::Kind::minus_infinity, {}, true};
  case '(': return LexBound{LexBound::Kind::member, arg.substr(1), true};
  case '[': return LexBound{LexBound::Kind::member, arg.substr(1), false};
  default: return std::nullopt;
  }
}

/// The ranks [first, last) of an interval whose ends are at ranks `first`
/// and `end`, after LIMIT's offset and count: Redis walks `offset` entries in,
/// from the low end or the high end (reverse), then up to `count` (negative:
/// all). A negative offset walks off the end: nothing.
std::pair<std::size_t, std::size_t> limit_window(std::size_t first, std::size_t end, long long offset, long long count,
                                                  bool reverse) {
  if (first >= end || offset < 0 || static_cast<unsigned long long>(offset) >= end - first) return {0, 0};
  const std::size_t available = end - first - static_cast<std::size_t>(offset);
  const std::size_t take = count < 0 ? available : std::min(available, static_cast<std::size_t>(count));
  if (reverse) return {end - static_cast<std::size_t>(offset) - take, end - static_cast<std::size_t>(offset)};
  return {first + static_cast<std::size_t>(offset), first + static_cast<std::size_t>(offset) + take};
}

Value not_float_range() { return error_reply("ERR min or max is not a float"); }
Value not_lex_range() { return error_reply("ERR min or max not valid string range item"); }

// --- ZADD, ZINCRBY ------------------------------------------------------------------------

struct ZaddFlags {
  bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
};

enum class ZaddOutcome : std::uint8_t { added, updated, unchanged, skipped, nan };

/// Redis's zsetAdd: `score` for `member` under the flags; with INCR, `score`
/// becomes the new score.
ZaddOutcome zset_add(Zset& zset, std::string_view member, double& score, const ZaddFlags& flags,
                     const ZsetLimits& limits) {
  if (const std::optional<double> current = zset.score(member)) {
    if (flags.nx) return ZaddOutcome::skipped;
    if (flags.incr) {
      score += *current;
      if (std::isnan(score)) return ZaddOutcome::nan;
    }
    if ((flags.lt && score >= *current) || (flags.gt && score <= *current)) return ZaddOutcome::skipped;
    // Equal scores (0 and -0 included) leave the entry as it was.
    if (score == *current) return ZaddOutcome::unchanged;
    zset.insert_or_assign(member, score, limits);
    return ZaddOutcome::updated;
  }
  if (flags.xx) return ZaddOutcome::skipped;
  zset.insert_or_assign(member, score, limits);
  return ZaddOutcome::added;
}

// Redis's zaddGenericCommand, behind ZADD and ZINCRBY (which is ZADD INCR:
// its options are parsed the same way, so ZINCRBY key nx member is a syntax
// error, as in Redis).
Value zadd_generic(Context& ctx, bool incr) {
  ZaddFlags flags;
  flags.incr = incr;
  std::size_t score_at = 2;
  for (; score_at < ctx.argv.size(); ++score_at) {
    const std::string_view option = ctx.argv[score_at];
    if (iequals(option, "nx")) flags.nx = true;
    else if (iequals(option, "xx")) flags.xx = true;
    else if (iequals(option, "ch")) flags.ch = true;
    else if (iequals(option, "incr")) flags.incr = true;
    else if (iequals(option, "gt")) flags.gt = true;
    else if (iequals(option, "lt")) flags.lt = true;
    else break;
  }
  const std::size_t arguments = ctx.argv.size() - score_at;
  if (arguments == 0 || arguments % 2 != 0) return syntax_error();
  const std::size_t pairs = arguments / 2;
  if (flags.nx && flags.xx) return error_reply("ERR XX and NX options at the same time are not compatible");
  if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt))
    return error_reply("ERR GT, LT, and/or NX options at the same time are not compatible");
  if (flags.incr && pairs > 1) return error_reply("ERR INCR option supports a single increment-element pair");

  // Every score first: the command runs fully or not at all.
  std::vector<double> scores(pairs);
  for (std::size_t i = 0; i < pairs; ++i) {
    const auto score = parse_double(ctx.argv[score_at + 2 * i]);
    if (!score) return error_reply(errors::kNotFloat);
    scores[i] = *score;
  }

  const std::string_view key = ctx.argv[1];
  auto [entry, wrong] = lookup_write(ctx, key, ObjectType::zset);
  if (wrong) return wrong_type();
  const auto no_change = [&] { return flags.incr ? Value{} : Value::integer(0); };
  if (!entry && flags.xx) return no_change();

  const ZsetLimits limits = zset_limits(ctx);
  // A new key starts as Redis 7.0 creates it: in the encoding its first member fits.
  std::unique_ptr<Zset> created;
  Zset& zset = entry ? zset_of(*entry) : *(created = Zset::create(1, ctx.argv[score_at + 1].size(), limits));
  long long added = 0, updated = 0, processed = 0;
  double score = 0;
  for (std::size_t i = 0; i < pairs; ++i) {
    score = scores[i];
    switch (zset_add(zset, ctx.argv[score_at + 2 * i + 1], score, flags, limits)) {
    case ZaddOutcome::added: ++added, ++processed; break;
    case ZaddOutcome::updated: ++updated, ++processed; break;
    case ZaddOutcome::unchanged: ++processed; break;
    case ZaddOutcome::skipped: break;
    case ZaddOutcome::nan:
      // Only INCR gets here, with its one pair: nothing was changed.
      return error_reply("ERR resulting score is not a number (NaN)");
    }
  }
  const std::string_view event = flags.incr ? "zincr" : "zadd";
  if (created) ctx.db().insert(key, Object::aggregate(ObjectType::zset, std::move(created)), event);
  else if (added || updated) ctx.db().modified(*entry, event);
  if (flags.incr) return processed ? Value::number(score) : Value{};
  return Value::integer(flags.ch ? added + updated : added);
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
Outcome zadd(Context& ctx) { return zadd_generic(ctx, false); }

// ZINCRBY key increment member
Outcome zincrby(Context& ctx) { return zadd_generic(ctx, true); }

// --- Reads -------------------------------------------------------------------------------

// ZCARD key
Outcome zcard(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(zset_of(*entry).size()) : 0);
}

// ZSCORE key member
Outcome zscore(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const std::optional<double> score = zset_of(*entry).score(ctx.argv[2]);
  return score ? Value::number(*score) : Value{};
}

// ZMSCORE key member [member ...]: a missing key is an empty set.
Outcome zmscore(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  Value::Array out;
  out.reserve(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::optional<double> score = entry ? zset_of(*entry).score(ctx.argv[i]) : std::nullopt;
    out.push_back(score ? Value::number(*score) : Value{});
  }
  return Value::array(std::move(out));
}

Value rank_generic(Context& ctx, bool reverse) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const Zset& zset = zset_of(*entry);
  const std::optional<std::size_t> rank = zset.rank(ctx.argv[2]);
  if (!rank) return Value{};
  return Value::integer(static_cast<long long>(reverse ? zset.size() - 1 - *rank : *rank));
}

// ZRANK key member
Outcome zrank(Context& ctx) { return rank_generic(ctx, false); }

// ZREVRANK key member
Outcome zrevrank(Context& ctx) { return rank_generic(ctx, true); }

// ZCOUNT and ZLEXCOUNT: the interval, read by `parse`, is checked before the
// key is looked at, as in Redis.
template <class Parse>
Value count_in_interval(Context& ctx, Parse parse, Value (*invalid)()) {
  const auto min = parse(ctx.argv[2]);
  const auto max = parse(ctx.argv[3]);
  if (!min || !max) return invalid();
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  const Zset& zset = zset_of(*entry);
  const std::size_t first = zset.first_rank(*min), end = zset.end_rank(*max);
  return Value::integer(first < end ? static_cast<long long>(end - first) : 0);
}

// ZCOUNT key min max
Outcome zcount(Context& ctx) { return count_in_interval(ctx, parse_score_bound, not_float_range); }

// ZLEXCOUNT key min max
Outcome zlexcount(Context& ctx) { return count_in_interval(ctx, parse_lex_bound, not_lex_range); }

// --- ZRANGE and its variants ------------------------------------------------------------------

enum class RangeBy : std::uint8_t { unset, rank, score, lex };

// Redis's zrangeGenericCommand, behind ZRANGE, ZRANGESTORE, ZREVRANGE and
// Z[REV]RANGEBY{SCORE,LEX}: the source key is argv[key_at], its interval the
// next two arguments, then the options. `by` and `reverse` are fixed by the
// legacy commands; ZRANGE and ZRANGESTORE leave them to BYSCORE/BYLEX/REV.
Value zrange_generic(Context& ctx, std::size_t key_at, bool store, RangeBy by, std::optional<bool> reverse) {
  bool with_scores = false;
  long long offset = 0, count = -1;
  // REV, BYSCORE and BYLEX are taken only while their choice is still open,
  // as Redis tests direction == AUTO and rangetype == AUTO at each argument:
  // a second REV, BYLEX after BYSCORE, or REV on ZREVRANGE is a syntax error.
  for (std::size_t i = key_at + 3; i < ctx.argv.size(); ++i) {
    const std::string_view option = ctx.argv[i];
    const std::size_t left = ctx.argv.size() - i - 1;
    if (!store && iequals(option, "withscores")) {
      with_scores = true;
    } else if (iequals(option, "limit") && left >= 2) {
      const auto o = integer_arg(ctx, i + 1), c = integer_arg(ctx, i + 2);
      if (!o || !c) return not_integer();
      offset = *o, count = *c;
      i += 2;
    } else if (!reverse.has_value() && iequals(option, "rev")) {
      reverse = true;
    } else if (by == RangeBy::unset && iequals(option, "bylex")) {
      by = RangeBy::lex;
    } else if (by == RangeBy::unset && iequals(option, "byscore")) {
      by = RangeBy::score;
    } else {
      return syntax_error();
    }
  }
  if (by == RangeBy::unset) by = RangeBy::rank;
  const bool backwards = reverse.value_or(false);
  // Redis tests the count, not whether LIMIT was given (opt_limit != -1): a
  // rank range takes LIMIT <any offset> -1, ignoring it, and then fails only
  // on its start and stop.
  if (count != -1 && by == RangeBy::rank)
    return error_reply("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  if (with_scores && by == RangeBy::lex)
    return error_reply("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  // A reversed score or lex interval is given as max, min.
  std::size_t min_at = key_at + 1, max_at = key_at + 2;
  if (backwards && by != RangeBy::rank) std::swap(min_at, max_at);

  std::optional<long long> start, stop;
  std::optional<ScoreBound> min_score, max_score;
  std::optional<LexBound> min_lex, max_lex;
  switch (by) {
  case RangeBy::score:
    min_score = parse_score_bound(ctx.argv[min_at]);
    max_score = parse_score_bound(ctx.argv[max_at]);
    if (!min_score || !max_score) return not_float_range();
    break;
  case RangeBy::lex:
    min_lex = parse_lex_bound(ctx.argv[min_at]);
    max_lex = parse_lex_bound(ctx.argv[max_at]);
    if (!min_lex || !max_lex) return not_lex_range();
    break;
  default:
    start = integer_arg(ctx, min_at);
    stop = integer_arg(ctx, max_at);
    if (!start || !stop) return not_integer();
    break;
  }

  auto [entry, wrong] = lookup_read(ctx, ctx.argv[key_at], ObjectType::zset);
  if (wrong) return wrong_type();
  const std::string_view destination = store ? ctx.argv[1] : std::string_view();
  if (!entry) return store ? store_zset(ctx, destination, Zset::create(0, 0, zset_limits(ctx)), "zrangestore") : Value::array();
  const Zset& zset = zset_of(*entry);

  std::pair<std::size_t, std::size_t> window{0, 0};
  if (by == RangeBy::rank) {
    if (const auto range = clamp_range(*start, *stop, zset.size())) {
      // Ranks counted from the top when reversed.
      window = backwards ? std::pair{zset.size() - 1 - range->second, zset.size() - range->first}
                         : std::pair{range->first, range->second + 1};
    }
  } else if (by == RangeBy::score) {
    window = limit_window(zset.first_rank(*min_score), zset.end_rank(*max_score), offset, count, backwards);
  } else {
    window = limit_window(zset.first_rank(*min_lex), zset.end_rank(*max_lex), offset, count, backwards);
  }

  if (store) {
    // ZRANGESTORE builds its result as Redis's zrangeResultBeginStore: a
    // listpack, converting as ZADD would, unless a window of ranks already
    // has more entries than a listpack holds; then a skiplist from the start,
    // which keeps a -0 score that a listpack would have made 0. (Score and
    // lex windows announce no length: always a listpack first.)
    const ZsetLimits limits = zset_limits(ctx);
    const std::size_t length = by == RangeBy::rank ? window.second - window.first : 0;
    std::unique_ptr<Zset> result = Zset::create(length, 0, limits);
    zset.for_each_in_ranks(window.first, window.second, backwards, [&](ScoredMember e) {
      result->insert_or_assign(e.member, e.score, limits);
      return true;
    });
    return store_zset(ctx, destination, std::move(result), "zrangestore");
  }
  EntryWriter out(ctx, with_scores);
  out.reserve(window.second - window.first);
  zset.for_each_in_ranks(window.first, window.second, backwards, [&](ScoredMember e) {
    out.add(e);
    return true;
  });
  return out.take();
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
Outcome zrange(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::unset, std::nullopt); }

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
Outcome zrangestore(Context& ctx) { return zrange_generic(ctx, 2, true, RangeBy::unset, std::nullopt); }

// ZREVRANGE key start stop [WITHSCORES]
Outcome zrevrange(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::rank, true); }

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
Outcome zrangebyscore(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::score, false); }

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
Outcome zrevrangebyscore(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::score, true); }

// ZRANGEBYLEX key min max [LIMIT offset count]
Outcome zrangebylex(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::lex, false); }

// ZREVRANGEBYLEX key max min [LIMIT offset count]
Outcome zrevrangebylex(Context& ctx) { return zrange_generic(ctx, 1, false, RangeBy::lex, true); }

// --- Removals ------------------------------------------------------------------------------

// ZREM key member [member ...]
Outcome zrem(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  Zset& zset = zset_of(*entry);
  long long removed = 0;
  for (std::size_t i = 2; i < ctx.argv.size() && !zset.empty(); ++i) removed += zset.erase(ctx.argv[i]);
  if (removed) after_removal(ctx, *entry, "zrem");
  return Value::integer(removed);
}

// Redis's zremrangeGenericCommand: the interval is parsed before the key is looked at.
Value zremrange_generic(Context& ctx, RangeBy by) {
  std::optional<long long> start, stop;
  std::optional<ScoreBound> min_score, max_score;
  std::optional<LexBound> min_lex, max_lex;
  if (by == RangeBy::rank) {
    start = integer_arg(ctx, 2);
    stop = integer_arg(ctx, 3);
    if (!start || !stop) return not_integer();
  } else if (by == RangeBy::score) {
    min_score = parse_score_bound(ctx.argv[2]);
    max_score = parse_score_bound(ctx.argv[3]);
    if (!min_score || !max_score) return not_float_range();
  } else {
    min_lex = parse_lex_bound(ctx.argv[2]);
    max_lex = parse_lex_bound(ctx.argv[3]);
    if (!min_lex || !max_lex) return not_lex_range();
  }
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  Zset& zset = zset_of(*entry);
  std::size_t first = 0, end = 0;
  std::string_view event;
  if (by == RangeBy::rank) {
    if (const auto range = clamp_range(*start, *stop, zset.size())) first = range->first, end = range->second + 1;
    event = "zremrangebyrank";
  } else if (by == RangeBy::score) {
    first = zset.first_rank(*min_score), end = zset.end_rank(*max_score);
    event = "zremrangebyscore";
  } else {
    first = zset.first_rank(*min_lex), end = zset.end_rank(*max_lex);
    event = "zremrangebylex";
  }
  if (first >= end) return Value::integer(0);
  zset.erase_ranks(first, end);
  after_removal(ctx, *entry, event);
  return Value::integer(static_cast<long long>(end - first));
}

// ZREMRANGEBYRANK key start stop
Outcome zremrangebyrank(Context& ctx) { return zremrange_generic(ctx, RangeBy::rank); }

// ZREMRANGEBYSCORE key min max
Outcome zremrangebyscore(Context& ctx) { return zremrange_generic(ctx, RangeBy::score); }

// ZREMRANGEBYLEX key min max
Outcome zremrangebylex(Context& ctx) { return zremrange_generic(ctx, RangeBy::lex); }

// --- Pops ----------------------------------------------------------------------------------

/// The shapes of Redis's genericZpopCommand replies.
enum class PopReply : std::uint8_t {
  flat,         ///< ZPOPMIN/MAX: member, score, ... (RESP2, or RESP3 without a count)
  pairs,        ///< ZPOPMIN/MAX with a count in RESP3: [member, score], ...
  keyed_flat,   ///< BZPOPMIN/MAX: key, member, score
  keyed_pairs,  ///< ZMPOP/BZMPOP: key, [[member, score], ...]
};

/// Pops up to `count` entries from the low (or `max`) end of the sorted set
/// at `entry` (under `key`), deleting the key once it is empty.
Value pop_entries(Context& ctx, Entry& entry, std::string_view key, bool max, std::size_t count, PopReply shape) {
  Zset& zset = zset_of(entry);
  count = std::min(count, zset.size());
  Value::Array popped;
  popped.reserve(shape == PopReply::flat || shape == PopReply::keyed_flat ? 2 * count + 1 : count);
  if (shape == PopReply::keyed_flat) popped.push_back(Value::bulk(key));
  const std::size_t first = max ? zset.size() - count : 0;
  zset.for_each_in_ranks(first, first + count, max, [&](ScoredMember e) {
    if (shape == PopReply::pairs || shape == PopReply::keyed_pairs) {
      popped.push_back(Value::array({Value::bulk(e.member), Value::number(e.score)}));
    } else {
      popped.push_back(Value::bulk(e.member));
      popped.push_back(Value::number(e.score));
    }
    return true;
  });
  zset.erase_ranks(first, first + count);
  after_removal(ctx, entry, max ? "zpopmax" : "zpopmin");
  if (shape == PopReply::keyed_pairs) return Value::array({Value::bulk(key), Value::array(std::move(popped))});
  return Value::array(std::move(popped));
}

// ZPOPMIN/ZPOPMAX key [count]
Value zpop_generic(Context& ctx, bool max) {
  if (ctx.argv.size() > 3) return syntax_error();
  std::optional<long long> count;
  if (ctx.argv.size() == 3) {
    // Redis's getPositiveLongFromObjectOrReply: one error for both failures.
    count = integer_arg(ctx, 2);
    if (!count || *count < 0) return error_reply(errors::kNotPositive);
  }
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry || count == 0) return Value::array();
  const PopReply shape = count && ctx.resp() > 2 ? PopReply::pairs : PopReply::flat;
  return pop_entries(ctx, *entry, ctx.argv[1], max, static_cast<std::size_t>(count.value_or(1)), shape);
}

// ZPOPMIN key [count]
Outcome zpopmin(Context& ctx) { return zpop_generic(ctx, false); }

// ZPOPMAX key [count]
Outcome zpopmax(Context& ctx) { return zpop_generic(ctx, true); }

/// Serves the first key of `keys` holding a sorted set, Redis's way for the
/// blocking pops: WRONGTYPE from a key of another type met first, nullopt
/// when every key is missing.
std::optional<Value> pop_first_nonempty(Context& ctx, std::span<const std::string_view> keys, bool max,
                                        std::size_t count, PopReply shape) {
  for (const std::string_view key : keys) {
    auto [entry, wrong] = lookup_write(ctx, key, ObjectType::zset);
    if (wrong) return wrong_type();
    if (entry) return pop_entries(ctx, *entry, key, max, count, shape);
  }
  return std::nullopt;
}

// BZPOPMIN/BZPOPMAX key [key ...] timeout: the timeout is parsed first.
Outcome bzpop_generic(Context& ctx, bool max) {
  Value error;
  const auto deadline = timeout_deadline(ctx, ctx.argv[ctx.argv.size() - 1], error);
  if (!deadline) return error;
  std::vector<std::string_view> keys;
  for (std::size_t i = 1; i + 1 < ctx.argv.size(); ++i) keys.push_back(ctx.argv[i]);
  if (auto served = pop_first_nonempty(ctx, keys, max, 1, PopReply::keyed_flat)) return std::move(*served);
  return ctx.block(keys, *deadline, Value::null_array(), ObjectType::zset);
}

// BZPOPMIN key [key ...] timeout
Outcome bzpopmin(Context& ctx) { return bzpop_generic(ctx, false); }

// BZPOPMAX key [key ...] timeout
Outcome bzpopmax(Context& ctx) { return bzpop_generic(ctx, true); }

// Redis's zmpopGenericCommand, behind ZMPOP and BZMPOP: numkeys at
// `numkeys_at`, then the keys, MIN|MAX and [COUNT count]. BZMPOP's timeout
// (argv[1]) is parsed after everything else, as in Redis.
Outcome zmpop_generic(Context& ctx, std::size_t numkeys_at, bool blocking) {
  Value error;
  const std::optional<MpopArgs> args = parse_mpop(ctx, numkeys_at, "min", "max", blocking, error);
  if (!args) return error;
  if (auto served = pop_first_nonempty(ctx, args->keys, args->second_end, args->count, PopReply::keyed_pairs))
    return std::move(*served);
  if (!args->deadline) return Value::null_array();
  return ctx.block(args->keys, *args->deadline, Value::null_array(), ObjectType::zset);
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
Outcome zmpop(Context& ctx) { return zmpop_generic(ctx, 1, false); }

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
Outcome bzmpop(Context& ctx) { return zmpop_generic(ctx, 2, true); }

// --- ZRANDMEMBER, ZSCAN ----------------------------------------------------------------------

/// A uniformly chosen entry of a sorted set that is not empty.
ScoredMember random_entry(const Zset& zset, std::mt19937_64& rng) {
  return zset.at(std::uniform_int_distribution<std::size_t>(0, zset.size() - 1)(rng));
}

// Redis's zrandmemberWithCountCommand: `count` entries, distinct unless
// `count` is negative, with the same four strategies as HRANDFIELD's.
Value zrandmember_with_count(Context& ctx, long long count, bool with_scores) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry || count == 0) return Value::array();
  const Zset& zset = zset_of(*entry);
  const std::size_t size = zset.size();
  const bool distinct = count > 0;
  const auto wanted = static_cast<unsigned long long>(distinct ? count : -count);
  std::mt19937_64& rng = ctx.store.rng;
  EntryWriter out(ctx, with_scores);

  if (!distinct || wanted == 1) {
    out.reserve(wanted);
    for (unsigned long long i = 0; i < wanted; ++i) out.add(random_entry(zset, rng));
  } else if (wanted >= size) {
    // The whole set, in the order Redis's iterator walks it: from the top.
    out.reserve(size);
    zset.for_each_in_ranks(0, size, true, [&](ScoredMember e) {
      out.add(e);
      return true;
    });
  } else if (wanted * 3 > size) {
    std::vector<ScoredMember> all;
    all.reserve(size);
    zset.for_each([&](ScoredMember e) { all.push_back(e); });
    while (all.size() > wanted) {
      std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
      all[pick(rng)] = all.back();
      all.pop_back();
    }
    out.reserve(all.size());
    for (const ScoredMember& e : all) out.add(e);
  } else {
    out.reserve(wanted);
    std::unordered_set<std::string_view> seen;
    seen.reserve(static_cast<std::size_t>(wanted));
    while (seen.size() < wanted) {
      const ScoredMember e = random_entry(zset, rng);
      if (seen.insert(e.member).second) out.add(e);
    }
  }
  return out.take();
}

// ZRANDMEMBER key [count [WITHSCORES]]
Outcome zrandmember(Context& ctx) {
  if (ctx.argv.size() >= 3) {
    const auto count = integer_arg(ctx, 2);
    if (!count) return not_integer();
    if (*count < -LLONG_MAX) return error_reply(errors::kCountOutOfLongRange);
    if (ctx.argv.size() > 4 || (ctx.argv.size() == 4 && !iequals(ctx.argv[3], "withscores"))) return syntax_error();
    const bool with_scores = ctx.argv.size() == 4;
    // Redis's limit, so that member+score replies cannot overflow a long.
    if (with_scores && (*count < -LLONG_MAX / 2 || *count > LLONG_MAX / 2)) return error_reply(errors::kOutOfRange);
    return zrandmember_with_count(ctx, *count, with_scores);
  }
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  return Value::bulk(random_entry(zset_of(*entry), ctx.store.rng).member);
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]: a missing key replies
// before the options are parsed, as in Redis; scores come as strings.
Outcome zscan(Context& ctx) {
  const auto cursor = parse_scan_cursor(ctx.argv[2]);
  if (!cursor) return error_reply(errors::kInvalidCursor);
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value::array({Value::bulk("0"), Value::array()});
  ScanArgs args;
  if (auto error = parse_scan_args(ctx, 3, false, args)) return std::move(*error);
  Value::Array found;
  const std::uint64_t next =
      zset_of(*entry).scan(*cursor, static_cast<std::size_t>(args.count), [&](ScoredMember e) {
        if (args.pattern && !glob_match(*args.pattern, e.member)) return;
        found.push_back(Value::bulk(e.member));
        found.push_back(Value::bulk(format_double(e.score)));
      });
  return Value::array({Value::bulk(std::to_string(next)), Value::array(std::move(found))});
}

// --- the table -----------------------------------------------------------------------------

constexpr CommandSpec kCommands[] = {
    {"zadd", -4, kWrite | kDenyOom | kFast, 1, 1, 1, &zadd, "@write @sortedset @fast"},
    {"zincrby", 4, kWrite | kDenyOom | kFast, 1, 1, 1, &zincrby, "@write @sortedset @fast"},
    {"zcard", 2, kReadonly | kFast, 1, 1, 1, &zcard, "@read @sortedset @fast"},
    {"zscore", 3, kReadonly | kFast, 1, 1, 1, &zscore, "@read @sortedset @fast"},
    {"zmscore", -3, kReadonly | kFast, 1, 1, 1, &zmscore, "@read @sortedset @fast"},
    {"zrank", 3, kReadonly | kFast, 1, 1, 1, &zrank, "@read @sortedset @fast"},
    {"zrevrank", 3, kReadonly | kFast, 1, 1, 1, &zrevrank, "@read @sortedset @fast"},
    {"zcount", 4, kReadonly | kFast, 1, 1, 1, &zcount, "@read @sortedset @fast"},
    {"zlexcount", 4, kReadonly | kFast, 1, 1, 1, &zlexcount, "@read @sortedset @fast"},
    {"zrange", -4, kReadonly, 1, 1, 1, &zrange, "@read @sortedset @slow"},
    {"zrangestore", -5, kWrite | kDenyOom, 1, 2, 1, &zrangestore, "@write @sortedset @slow"},
    {"zrevrange", -4, kReadonly, 1, 1, 1, &zrevrange, "@read @sortedset @slow"},
    {"zrangebyscore", -4, kReadonly, 1, 1, 1, &zrangebyscore, "@read @sortedset @slow"},
    {"zrevrangebyscore", -4, kReadonly, 1, 1, 1, &zrevrangebyscore, "@read @sortedset @slow"},
    {"zrangebylex", -4, kReadonly, 1, 1, 1, &zrangebylex, "@read @sortedset @slow"},
    {"zrevrangebylex", -4, kReadonly, 1, 1, 1, &zrevrangebylex, "@read @sortedset @slow"},
    {"zrem", -3, kWrite | kFast, 1, 1, 1, &zrem, "@write @sortedset @fast"},
    {"zremrangebyrank", 4, kWrite, 1, 1, 1, &zremrangebyrank, "@write @sortedset @slow"},
    {"zremrangebyscore", 4, kWrite, 1, 1, 1, &zremrangebyscore, "@write @sortedset @slow"},
    {"zremrangebylex", 4, kWrite, 1, 1, 1, &zremrangebylex, "@write @sortedset @slow"},
    {"zpopmin", -2, kWrite | kFast, 1, 1, 1, &zpopmin, "@write @sortedset @fast"},
    {"zpopmax", -2, kWrite | kFast, 1, 1, 1, &zpopmax, "@write @sortedset @fast"},
    {"zmpop", -4, kWrite | kMovableKeys, 0, 0, 0, &zmpop, "@write @sortedset @slow", {}, 1},
    {"bzpopmin", -3, kWrite | kNoscript | kFast | kBlocking, 1, -2, 1, &bzpopmin, "@write @sortedset @fast @blocking"},
    {"bzpopmax", -3, kWrite | kNoscript | kFast | kBlocking, 1, -2, 1, &bzpopmax, "@write @sortedset @fast @blocking"},
    {"bzmpop", -5, kWrite | kBlocking | kMovableKeys, 0, 0, 0, &bzmpop, "@write @sortedset @slow @blocking", {}, 2},
    {"zrandmember", -2, kReadonly, 1, 1, 1, &zrandmember, "@read @sortedset @slow"},
    {"zscan", -3, kReadonly, 1, 1, 1, &zscan, "@read @sortedset @slow"},
};

} // namespace

std::span<const CommandSpec> zset_commands() { return kCommands; }

} // namespace not_redis::detail
