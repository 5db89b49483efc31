// The list family: LPUSH, LPOP, LRANGE, LMOVE, the blocking pops and every
// command on list values (t_list.c).

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/list.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

using End = List::End;

// --- Operations on list values -------------------------------------------------

List& list_of(Entry& entry) { return entry.second.as<List>(); }

/// LEFT or RIGHT (any case), as Redis's getListPositionFromObjectOrReply reads it.
std::optional<End> parse_end(std::string_view arg) {
  if (iequals(arg, "left")) return End::head;
  if (iequals(arg, "right")) return End::tail;
  return std::nullopt;
}

/// Stores `list` (not empty) under the missing `key`. An aggregate never
/// exists empty, so a list key appears only with its elements, which is also
/// what wakes the callers blocked on it.
std::size_t store_new_list(Context& ctx, std::string_view key, std::unique_ptr<List> list, std::string_view event) {
  const std::size_t size = list->size();
  ctx.db().insert(key, Object::aggregate(ObjectType::list, std::move(list)), event);
  return size;
}

/// Redis's event names for a push and a pop at `end`.
std::string_view push_event(End end) { return end == End::head ? "lpush" : "rpush"; }
std::string_view pop_event(End end) { return end == End::head ? "lpop" : "rpop"; }

/// Pushes `value` onto the list at `key` (`entry`, nullptr if missing).
void push_onto(Context& ctx, Entry* entry, std::string_view key, End end, std::string_view value) {
  if (entry) {
    list_of(*entry).push(end, value);
    ctx.db().modified(*entry, push_event(end));
    return;
  }
  auto list = std::make_unique<List>();
  list->push(end, value);
  store_new_list(ctx, key, std::move(list), push_event(end));
}

/// Reports a pop (or another removal, `event`) from the list at `entry`, and
/// deletes the key once the list is empty, as Redis does after each.
void after_removal(Context& ctx, Entry& entry, std::string_view event) {
  ctx.db().modified(entry, event);
  if (list_of(entry).empty()) ctx.db().erase(entry);
}

/// Removes `count` elements (at most the list's length) from `end` of the list
/// at `entry` as a reply array, deleting the key once it is empty.
Value pop_many(Context& ctx, Entry& entry, End end, std::size_t count) {
  List& list = list_of(entry);
  Value::Array out;
  count = std::min(count, list.size());
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(Value::bulk(list.pop(end)));
  after_removal(ctx, entry, pop_event(end));
  return Value::array(std::move(out));
}

/// Removes one element from `end` of the list at `entry`, deleting the key
/// once it is empty.
std::string pop_one(Context& ctx, Entry& entry, End end) {
  List& list = list_of(entry);
  std::string value = list.pop(end);
  after_removal(ctx, entry, pop_event(end));
  return value;
}

// Redis's pushGenericCommand, behind LPUSH, RPUSH, LPUSHX and RPUSHX.
Value push_generic(Context& ctx, End end, bool only_if_exists) {
  const std::string_view key = ctx.argv[1];
  auto [entry, wrong] = lookup_write(ctx, key, ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry && only_if_exists) return Value::integer(0);
  std::unique_ptr<List> created;
  List& list = entry ? list_of(*entry) : *(created = std::make_unique<List>());
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) list.push(end, ctx.argv[i]);
  if (created) return Value::integer(static_cast<long long>(store_new_list(ctx, key, std::move(created), push_event(end))));
  ctx.db().modified(*entry, push_event(end));
  return Value::integer(static_cast<long long>(list.size()));
}

// Redis's popGenericCommand, behind LPOP and RPOP: one element, or with a
// count an array of up to that many.
Value pop_generic(Context& ctx, End end) {
  if (ctx.argv.size() > 3) return error_reply(errors::wrong_arity(ctx.command.name));
  std::optional<long long> count;
  if (ctx.argv.size() == 3) {
    count = parse_integer(ctx.argv[2]);
    if (!count || *count < 0) return error_reply(errors::kNotPositive);
  }
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  // With a count, a missing key is a null array (RESP2 `*-1`), as in Redis.
  if (!entry) return count ? Value::null_array() : Value{};
  if (!count) return Value::bulk(pop_one(ctx, *entry, end));
  // Redis's fast exit for a count of 0: nothing popped, so no change reported.
  if (*count == 0) return Value::array({});
  return pop_many(ctx, *entry, end, static_cast<std::size_t>(*count));
}

// Redis's lmoveGenericCommand: pops from `src` and pushes onto `dst` (which
// may be the same list: a rotation). WRONGTYPE for either key, but a missing
// or empty source replies nil without looking at the destination.
Value lmove_generic(Context& ctx, std::string_view src, std::string_view dst, End from, End to) {
  auto [source, wrong] = lookup_write(ctx, src, ObjectType::list);
  if (wrong) return wrong_type();
  if (!source) return Value{};
  auto [destination, destination_wrong] = lookup_write(ctx, dst, ObjectType::list);
  if (destination_wrong) return wrong_type();
  List& list = list_of(*source);
  std::string value = list.pop(from);
  // Pushed before the source may be deleted: with src == dst they are one list.
  push_onto(ctx, destination, dst, to, value);
  after_removal(ctx, *source, pop_event(from));
  return Value::bulk(std::move(value));
}

// Redis's blockingPopGenericCommand, behind BLPOP and BRPOP: the first
// non-empty key in argument order is served; if none, the caller waits.
Outcome blocking_pop(Context& ctx, End end) {
  Value error;
  const auto deadline = timeout_deadline(ctx, ctx.argv[ctx.argv.size() - 1], error);
  if (!deadline) return error;
  std::vector<std::string_view> keys;
  for (std::size_t i = 1; i + 1 < ctx.argv.size(); ++i) {
    auto [entry, wrong] = lookup_write(ctx, ctx.argv[i], ObjectType::list);
    if (wrong) return wrong_type();
    if (entry) return Value::array({Value::bulk(ctx.argv[i]), Value::bulk(pop_one(ctx, *entry, end))});
    keys.push_back(ctx.argv[i]);
  }
  return ctx.block(keys, *deadline, Value::null_array());
}

// Redis's blmoveGenericCommand: LMOVE, or a wait while the source is missing.
Outcome blocking_move(Context& ctx, End from, End to, std::string_view timeout) {
  Value error;
  const auto deadline = timeout_deadline(ctx, timeout, error);
  if (!deadline) return error;
  auto [source, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!source) {
    // Redis replies nil inside a transaction but a null array (RESP2 `*-1`)
    // on timeout, as for every blocked list command.
    if (ctx.denies_blocking()) return Value{};
    return ctx.block(std::initializer_list<std::string_view>{ctx.argv[1]}, *deadline, Value::null_array());
  }
  return lmove_generic(ctx, ctx.argv[1], ctx.argv[2], from, to);
}

// Redis's lmpopGenericCommand, behind LMPOP and BLMPOP: `numkeys_at` is the
// position of numkeys. Pops up to COUNT elements from the first non-empty key.
// BLMPOP's timeout (argv[1]) is parsed after everything else, as in Redis.
Outcome mpop_generic(Context& ctx, std::size_t numkeys_at, bool blocking) {
  Value error;
  const std::optional<MpopArgs> args = parse_mpop(ctx, numkeys_at, "left", "right", blocking, error);
  if (!args) return error;
  const End end = args->second_end ? End::tail : End::head;
  for (const std::string_view key : args->keys) {
    auto [entry, wrong] = lookup_write(ctx, key, ObjectType::list);
    if (wrong) return wrong_type();
    if (entry) return Value::array({Value::bulk(key), pop_many(ctx, *entry, end, args->count)});
  }
  if (!args->deadline) return Value::null_array();
  return ctx.block(args->keys, *args->deadline, Value::null_array());
}

// --- Command handlers -----------------------------------------------------------

// LPUSH key element [element ...]
Outcome lpush(Context& ctx) { return push_generic(ctx, End::head, false); }

// RPUSH key element [element ...]
Outcome rpush(Context& ctx) { return push_generic(ctx, End::tail, false); }

// LPUSHX key element [element ...]
Outcome lpushx(Context& ctx) { return push_generic(ctx, End::head, true); }

// RPUSHX key element [element ...]
Outcome rpushx(Context& ctx) { return push_generic(ctx, End::tail, true); }

// LPOP key [count]
Outcome lpop(Context& ctx) { return pop_generic(ctx, End::head); }

// RPOP key [count]
Outcome rpop(Context& ctx) { return pop_generic(ctx, End::tail); }

// LLEN key
Outcome llen(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(list_of(*entry).size()) : 0);
}

// LRANGE key start stop
Outcome lrange(Context& ctx) {
  const auto start = integer_arg(ctx, 2);
  const auto stop = integer_arg(ctx, 3);
  if (!start || !stop) return not_integer();
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return Value::array();
  const List& list = list_of(*entry);
  const auto range = clamp_range(*start, *stop, list.size());
  if (!range) return Value::array();
  Value::Array out;
  out.reserve(range->second - range->first + 1);
  list.for_range(range->first, range->second - range->first + 1,
                 [&](std::string_view element) { out.push_back(Value::bulk(element)); });
  return Value::array(std::move(out));
}

// LINDEX key index
Outcome lindex(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const auto index = integer_arg(ctx, 2);
  if (!index) return not_integer();
  const List& list = list_of(*entry);
  const long long i = *index < 0 ? *index + static_cast<long long>(list.size()) : *index;
  if (i < 0 || i >= static_cast<long long>(list.size())) return Value{};
  return Value::bulk(list.at(static_cast<std::size_t>(i)));
}

// LSET key index element
Outcome lset(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return error_reply(errors::kNoSuchKey);
  const auto index = integer_arg(ctx, 2);
  if (!index) return not_integer();
  List& list = list_of(*entry);
  const long long i = *index < 0 ? *index + static_cast<long long>(list.size()) : *index;
  if (i < 0 || i >= static_cast<long long>(list.size())) return error_reply(errors::kIndexOutOfRange);
  list.set(static_cast<std::size_t>(i), ctx.argv[3]);
  ctx.db().modified(*entry, "lset");
  return Value::ok();
}

// LINSERT key <BEFORE | AFTER> pivot element
Outcome linsert(Context& ctx) {
  bool after;
  if (iequals(ctx.argv[2], "after")) after = true;
  else if (iequals(ctx.argv[2], "before")) after = false;
  else return syntax_error();
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  List& list = list_of(*entry);
  if (!list.insert(ctx.argv[3], ctx.argv[4], after)) return Value::integer(-1);
  ctx.db().modified(*entry, "linsert");
  return Value::integer(static_cast<long long>(list.size()));
}

// LREM key count element
Outcome lrem(Context& ctx) {
  const auto count = integer_arg(ctx, 2);
  if (!count) return not_integer();
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  // Redis negates a negative count; LLONG_MIN stays negative there and so
  // never stops the scan: it removes every match, as 0 does.
  const std::size_t limit = *count == LLONG_MIN ? 0 : static_cast<std::size_t>(std::llabs(*count));
  List& list = list_of(*entry);
  const std::size_t removed = list.remove(ctx.argv[3], limit, *count < 0 ? End::tail : End::head);
  if (removed > 0) after_removal(ctx, *entry, "lrem");
  return Value::integer(static_cast<long long>(removed));
}

// LTRIM key start stop
Outcome ltrim(Context& ctx) {
  const auto start = integer_arg(ctx, 2);
  const auto stop = integer_arg(ctx, 3);
  if (!start || !stop) return not_integer();
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return Value::ok();
  List& list = list_of(*entry);
  const std::size_t size = list.size();
  if (const auto range = clamp_range(*start, *stop, size)) list.trim(range->first, size - range->second - 1);
  else list.trim(size, 0);
  after_removal(ctx, *entry, "ltrim");
  return Value::ok();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
Outcome lpos(Context& ctx) {
  long long rank = 1;
  std::optional<long long> count;
  long long maxlen = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const std::string_view opt = ctx.argv[i];
    const bool has_next = i + 1 < ctx.argv.size();
    if (iequals(opt, "rank") && has_next) {
      const auto n = integer_arg(ctx, ++i);
      if (!n) return not_integer();
      if (*n == 0) return error_reply(errors::kRankZero);
      rank = *n;
    } else if (iequals(opt, "count") && has_next) {
      count = integer_arg(ctx, ++i);
      if (!count || *count < 0) return error_reply(errors::kCountNegative);
    } else if (iequals(opt, "maxlen") && has_next) {
      const auto n = integer_arg(ctx, ++i);
      if (!n || *n < 0) return error_reply(errors::kMaxlenNegative);
      maxlen = *n;
    } else {
      return syntax_error();
    }
  }
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::list);
  if (wrong) return wrong_type();
  if (!entry) return count ? Value::array() : Value{};

  const End from = rank < 0 ? End::tail : End::head;
  // Redis negates a negative rank; LLONG_MIN stays negative there, so every
  // match counts from the first and COUNT never stops the scan.
  const bool min_rank = rank == LLONG_MIN;
  const auto skip = static_cast<unsigned long long>(min_rank ? 1 : std::llabs(rank));
  const auto wanted = static_cast<unsigned long long>(min_rank ? 0 : count.value_or(1));
  const auto limit = static_cast<unsigned long long>(maxlen);
  const std::string_view element = ctx.argv[2];
  Value::Array found;
  unsigned long long scanned = 0, matches = 0;
  list_of(*entry).scan(from, [&](std::size_t index, std::string_view value) {
    if (limit != 0 && scanned++ >= limit) return false;
    if (value != element || ++matches < skip) return true;
    found.push_back(Value::integer(static_cast<long long>(index)));
    return wanted == 0 || found.size() < wanted;
  });
  if (count) return Value::array(std::move(found));
  return found.empty() ? Value{} : std::move(found.front());
}

// LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
Outcome lmove(Context& ctx) {
  const auto from = parse_end(ctx.argv[3]);
  const auto to = parse_end(ctx.argv[4]);
  if (!from || !to) return syntax_error();
  return lmove_generic(ctx, ctx.argv[1], ctx.argv[2], *from, *to);
}

// RPOPLPUSH source destination
Outcome rpoplpush(Context& ctx) { return lmove_generic(ctx, ctx.argv[1], ctx.argv[2], End::tail, End::head); }

// LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
Outcome lmpop(Context& ctx) { return mpop_generic(ctx, 1, false); }

// BLPOP key [key ...] timeout
Outcome blpop(Context& ctx) { return blocking_pop(ctx, End::head); }

// BRPOP key [key ...] timeout
Outcome brpop(Context& ctx) { return blocking_pop(ctx, End::tail); }

// BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout
Outcome blmove(Context& ctx) {
  const auto from = parse_end(ctx.argv[3]);
  const auto to = parse_end(ctx.argv[4]);
  if (!from || !to) return syntax_error();
  return blocking_move(ctx, *from, *to, ctx.argv[5]);
}

// BRPOPLPUSH source destination timeout
Outcome brpoplpush(Context& ctx) { return blocking_move(ctx, End::tail, End::head, ctx.argv[3]); }

// BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
Outcome blmpop(Context& ctx) { return mpop_generic(ctx, 2, true); }

constexpr CommandSpec kCommands[] = {
    {"lpush", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &lpush, "@write @list @fast"},
    {"rpush", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &rpush, "@write @list @fast"},
    {"lpushx", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &lpushx, "@write @list @fast"},
    {"rpushx", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &rpushx, "@write @list @fast"},
    {"lpop", -2, kWrite | kFast, 1, 1, 1, &lpop, "@write @list @fast"},
    {"rpop", -2, kWrite | kFast, 1, 1, 1, &rpop, "@write @list @fast"},
    {"llen", 2, kReadonly | kFast, 1, 1, 1, &llen, "@read @list @fast"},
    {"lrange", 4, kReadonly, 1, 1, 1, &lrange, "@read @list @slow"},
    {"lindex", 3, kReadonly, 1, 1, 1, &lindex, "@read @list @slow"},
    {"lset", 4, kWrite | kDenyOom, 1, 1, 1, &lset, "@write @list @slow"},
    {"linsert", 5, kWrite | kDenyOom, 1, 1, 1, &linsert, "@write @list @slow"},
    {"lrem", 4, kWrite, 1, 1, 1, &lrem, "@write @list @slow"},
    {"ltrim", 4, kWrite, 1, 1, 1, &ltrim, "@write @list @slow"},
    {"lpos", -3, kReadonly, 1, 1, 1, &lpos, "@read @list @slow"},
    {"lmove", 5, kWrite | kDenyOom, 1, 2, 1, &lmove, "@write @list @slow"},
    {"rpoplpush", 3, kWrite | kDenyOom, 1, 2, 1, &rpoplpush, "@write @list @slow"},
    {"lmpop", -4, kWrite | kMovableKeys, 0, 0, 0, &lmpop, "@write @list @slow", {}, 1},
    {"blpop", -3, kWrite | kNoscript | kBlocking, 1, -2, 1, &blpop, "@write @list @slow @blocking"},
    {"brpop", -3, kWrite | kNoscript | kBlocking, 1, -2, 1, &brpop, "@write @list @slow @blocking"},
    {"blmove", 6, kWrite | kDenyOom | kNoscript | kBlocking, 1, 2, 1, &blmove, "@write @list @slow @blocking"},
    {"brpoplpush", 4, kWrite | kDenyOom | kNoscript | kBlocking, 1, 2, 1, &brpoplpush,
     "@write @list @slow @blocking"},
    {"blmpop", -5, kWrite | kBlocking | kMovableKeys, 0, 0, 0, &blmpop, "@write @list @slow @blocking", {}, 2},
};

} // namespace

std::span<const CommandSpec> list_commands() { return kCommands; }

} // namespace not_redis::detail
