// The set family: SADD, SPOP, SINTER, SSCAN... (Redis's t_set.c). The value
// type and its two encodings are in db/set.hpp.

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/set.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// --- Operations on set values ------------------------------------------------------

Set& set_of(const Entry& entry) { return entry.second.as<Set>(); }

/// Redis's set-max-intset-entries, as every write that adds members reads it.
std::size_t intset_limit(const Context& ctx) { return static_cast<std::size_t>(ctx.store.config.set_max_intset_entries); }

/// Reports a removal (`event`) from the set at `entry`, and deletes the key if
/// its set became empty: an aggregate never stays empty.
void after_removal(Context& ctx, Entry& entry, std::string_view event) {
  ctx.db().modified(entry, event);
  if (set_of(entry).empty()) ctx.db().erase(entry);
}

/// Every member of `set` as bulk strings, in position order.
Value::Array member_array(const Set& set) {
  Value::Array out;
  out.reserve(set.size());
  set.for_each([&](std::string_view member) { out.push_back(Value::bulk(member)); });
  return out;
}

/// Stores `result` under `dest`, replacing whatever was there (any type, and
/// its TTL); an empty result deletes `dest`. Replies the result's size.
Value store_result(Context& ctx, std::string_view dest, std::unique_ptr<Set> result) {
  const auto size = static_cast<long long>(result->size());
  if (size == 0) ctx.db().erase(dest);
  else ctx.db().set(dest, Object::aggregate(ObjectType::set, std::move(result)), ctx.command.name);
  return Value::integer(size);
}

/// The sets named by argv[first, end), nullptr for a missing key, or nullopt
/// if any key holds another type: every key is checked before any work.
/// Sources are read lookups for the *STORE commands too, as in Redis 7.0.15
/// (a missing one counts in keyspace_misses and is a "keymiss").
std::optional<std::vector<const Set*>> source_sets(Context& ctx, std::size_t first, std::size_t end) {
  std::vector<const Set*> sets;
  sets.reserve(end - first);
  for (std::size_t i = first; i < end; ++i) {
    const Lookup found = lookup_read(ctx, ctx.argv[i], ObjectType::set);
    if (found.wrong_type) return std::nullopt;
    sets.push_back(found.entry ? &set_of(*found.entry) : nullptr);
  }
  return sets;
}

/// Calls `emit(member)` for each member of the intersection of `sets` (none
/// missing) until it returns false. Walks the smallest set, probing the
/// others: O(N * M) for N the smallest size and M sets.
template <class Emit>
void intersect(std::vector<const Set*> sets, Emit&& emit) {
  std::sort(sets.begin(), sets.end(), [](const Set* a, const Set* b) { return a->size() < b->size(); });
  const Set& smallest = *sets.front();
  char scratch[24];
  for (std::size_t i = 0; i < smallest.size(); ++i) {
    const std::string_view member = smallest.at(i, scratch);
    const bool everywhere = std::all_of(sets.begin() + 1, sets.end(),
                                        [&](const Set* s) { return s == &smallest || s->contains(member); });
    if (everywhere && !emit(member)) return;
  }
}

/// The union of `sets` (nullptr = empty), as Redis builds it: an intset
/// that converts as members arrive.
std::unique_ptr<Set> unite(const std::vector<const Set*>& sets, std::size_t max_intset_entries) {
  auto result = std::make_unique<Set>();
  for (const Set* set : sets)
    if (set) set->for_each([&](std::string_view member) { result->add(member, max_intset_entries); });
  return result;
}

/// The members of the first set in none of the others. Like Redis, picks
/// the cheaper of two ways: probe each member of the first set in the others
/// (O(N * M)), or copy the first set and remove the others' members (O(total)).
std::unique_ptr<Set> subtract(std::vector<const Set*> sets, std::size_t max_intset_entries) {
  auto result = std::make_unique<Set>();
  const Set* first = sets.front();
  if (!first) return result;
  std::size_t probe_work = 0;
  std::size_t copy_work = 0;
  for (const Set* set : sets) {
    if (!set) continue;
    probe_work += first->size();
    copy_work += set->size();
  }
  if (probe_work / 2 <= copy_work) {
    // Largest sets first: a member found early stops the probing sooner.
    std::sort(sets.begin() + 1, sets.end(),
              [](const Set* a, const Set* b) { return (a ? a->size() : 0) > (b ? b->size() : 0); });
    first->for_each([&](std::string_view member) {
      const bool elsewhere = std::any_of(sets.begin() + 1, sets.end(), [&](const Set* s) {
        return s && (s == first || s->contains(member));
      });
      if (!elsewhere) result->add(member, max_intset_entries);
    });
  } else {
    first->for_each([&](std::string_view member) { result->add(member, max_intset_entries); });
    for (auto it = sets.begin() + 1; it != sets.end() && !result->empty(); ++it)
      if (*it) (*it)->for_each([&](std::string_view member) { result->remove(member); });
  }
  return result;
}

/// Positions of `count` distinct members chosen uniformly, in random order:
/// a Fisher-Yates shuffle that stops after `count` steps and records only
/// the swapped entries, so it costs O(count) whatever the set's size.
std::vector<std::size_t> sample_positions(std::size_t size, std::size_t count, std::mt19937_64& rng) {
  std::unordered_map<std::size_t, std::size_t> swapped;
  swapped.reserve(count);
  auto at = [&](std::size_t i) {
    const auto it = swapped.find(i);
    return it == swapped.end() ? i : it->second;
  };
  std::vector<std::size_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = std::uniform_int_distribution<std::size_t>(i, size - 1)(rng);
    const std::size_t picked = at(j);
    swapped[j] = at(i);
    out.push_back(picked);
  }
  return out;
}

// --- SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD ---------------------------

// SADD key member [member ...]
Outcome sadd(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  const bool created = !entry;
  if (created) entry = ctx.db().insert(ctx.argv[1], Object::aggregate(ObjectType::set, Set::for_member(ctx.argv[2])), "sadd").first;
  Set& set = set_of(*entry);
  long long added = 0;
  const std::size_t limit = intset_limit(ctx);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) added += set.add(ctx.argv[i], limit);
  if (added > 0 && !created) ctx.db().modified(*entry, "sadd");
  return Value::integer(added);
}

// SREM key member [member ...]
Outcome srem(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  Set& set = set_of(*entry);
  long long removed = 0;
  for (std::size_t i = 2; i < ctx.argv.size() && !set.empty(); ++i) removed += set.remove(ctx.argv[i]);
  if (removed > 0) after_removal(ctx, *entry, "srem");
  return Value::integer(removed);
}

// SMEMBERS key: Redis runs it as a one-set SINTER.
Outcome smembers(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry) return Value::set();
  return Value::set(member_array(set_of(*entry)));
}

// SISMEMBER key member
Outcome sismember(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  return Value::integer(entry && set_of(*entry).contains(ctx.argv[2]));
}

// SMISMEMBER key member [member ...]
Outcome smismember(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  Value::Array out;
  out.reserve(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i)
    out.push_back(Value::integer(entry && set_of(*entry).contains(ctx.argv[i])));
  return Value::array(std::move(out));
}

// SCARD key
Outcome scard(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(set_of(*entry).size()) : 0);
}

// --- SPOP, SRANDMEMBER, SMOVE ---------------------------------------------------------

// SPOP key count (count given): Redis's spopWithCountCommand, whose three
// cases keep the cost O(count) and decide the encoding left behind.
Value spop_with_count(Context& ctx) {
  const std::optional<long long> n = integer_arg(ctx, 2);
  if (!n || *n < 0) return error_reply(errors::kNotPositive);
  auto count = static_cast<unsigned long long>(*n);
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry || count == 0) return Value::set();
  Set& set = set_of(*entry);
  const std::size_t size = set.size();

  // Everything: the whole set, and the key is gone.
  if (count >= size) {
    Value reply = Value::set(member_array(set));
    ctx.db().modified(*entry, "spop");
    ctx.db().erase(*entry);
    return reply;
  }

  Value::Array out;
  out.reserve(count);
  char scratch[24];
  const std::size_t remaining = size - count;
  if (remaining * 5 > count) {
    // Few: pop them one by one.
    while (count--) {
      const std::size_t pos = set.random_position(ctx.store.rng);
      out.push_back(Value::bulk(set.at(pos, scratch)));
      set.remove_at(pos);
    }
  } else {
    // Nearly all: move the few that stay into a new set (in the encoding
    // Redis's setTypeCreate gives it, so it may become an intset again),
    // reply the old set's members and keep the new set under the key (its
    // TTL stays).
    std::unique_ptr<Set> kept;
    for (std::size_t i = 0; i < remaining; ++i) {
      const std::size_t pos = set.random_position(ctx.store.rng);
      const std::string_view member = set.at(pos, scratch);
      if (!kept) kept = Set::for_member(member);
      kept->add(member, intset_limit(ctx));
      set.remove_at(pos);
    }
    out = member_array(set);
    set.swap(*kept);
  }
  ctx.db().modified(*entry, "spop");
  return Value::set(std::move(out));
}

// SPOP key [count]
Outcome spop(Context& ctx) {
  if (ctx.argv.size() == 3) return spop_with_count(ctx);
  if (ctx.argv.size() > 3) return syntax_error();
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  Set& set = set_of(*entry);
  const std::size_t pos = set.random_position(ctx.store.rng);
  char scratch[24];
  Value reply = Value::bulk(set.at(pos, scratch));
  set.remove_at(pos);
  after_removal(ctx, *entry, "spop");
  return reply;
}

// SRANDMEMBER key count (count given). A negative count allows repeats.
Value srandmember_with_count(Context& ctx) {
  const std::optional<long long> n = integer_arg(ctx, 2);
  if (!n) return not_integer();
  if (*n == LLONG_MIN) return error_reply(errors::kCountOutOfLongRange);
  const bool unique = *n >= 0;
  const auto count = static_cast<unsigned long long>(unique ? *n : -*n);
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry || count == 0) return Value::array();
  const Set& set = set_of(*entry);
  const std::size_t size = set.size();
  if (unique && count >= size) return Value::array(member_array(set));

  Value::Array out;
  // One allocation up front: a count no memory could hold fails at once.
  if (count > out.max_size()) return error_reply(errors::kOutOfMemory);
  out.reserve(count);
  char scratch[24];
  if (!unique) {
    for (unsigned long long i = 0; i < count; ++i)
      out.push_back(Value::bulk(set.at(set.random_position(ctx.store.rng), scratch)));
  } else {
    for (const std::size_t pos : sample_positions(size, count, ctx.store.rng))
      out.push_back(Value::bulk(set.at(pos, scratch)));
  }
  return Value::array(std::move(out));
}

// SRANDMEMBER key [count]
Outcome srandmember(Context& ctx) {
  if (ctx.argv.size() == 3) return srandmember_with_count(ctx);
  if (ctx.argv.size() > 3) return syntax_error();
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const Set& set = set_of(*entry);
  char scratch[24];
  return Value::bulk(set.at(set.random_position(ctx.store.rng), scratch));
}

// SMOVE source destination member
// A missing source replies 0 before the destination's type is checked, and
// moving within one key only tells whether the member is there (Redis).
Outcome smove(Context& ctx) {
  const std::string_view member = ctx.argv[3];
  auto [source, source_wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::set);
  auto [dest, dest_wrong] = lookup_write(ctx, ctx.argv[2], ObjectType::set);
  if (!source) return Value::integer(0);
  if (source_wrong || dest_wrong) return wrong_type();
  if (source == dest) return Value::integer(set_of(*source).contains(member));
  if (!set_of(*source).remove(member)) return Value::integer(0);
  after_removal(ctx, *source, "srem");  // `dest` is another node: still valid
  if (!dest) {
    dest = ctx.db().insert(ctx.argv[2], Object::aggregate(ObjectType::set, Set::for_member(member)), "sadd").first;
    set_of(*dest).add(member, intset_limit(ctx));
  } else if (set_of(*dest).add(member, intset_limit(ctx))) {
    ctx.db().modified(*dest, "sadd");
  }
  return Value::integer(1);
}

// --- SINTER, SINTERCARD, SUNION, SDIFF and their *STORE ----------------------------------

// SINTER key [key ...]
Outcome sinter(Context& ctx) {
  const auto sets = source_sets(ctx, 1, ctx.argv.size());
  if (!sets) return wrong_type();
  Value::Array out;
  if (std::find(sets->begin(), sets->end(), nullptr) == sets->end()) {
    intersect(*sets, [&](std::string_view member) {
      out.push_back(Value::bulk(member));
      return true;
    });
  }
  return Value::set(std::move(out));
}

// SINTERSTORE destination key [key ...]
Outcome sinterstore(Context& ctx) {
  const auto sets = source_sets(ctx, 2, ctx.argv.size());
  if (!sets) return wrong_type();
  auto result = std::make_unique<Set>();
  if (std::find(sets->begin(), sets->end(), nullptr) == sets->end()) {
    intersect(*sets, [&](std::string_view member) {
      result->add(member, intset_limit(ctx));
      return true;
    });
  }
  return store_result(ctx, ctx.argv[1], std::move(result));
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
// LIMIT 0 means no limit; the intersection stops once it reaches the limit.
Outcome sintercard(Context& ctx) {
  const std::optional<long long> numkeys = integer_arg(ctx, 1);
  if (!numkeys || *numkeys < 1) return error_reply(errors::kNumkeysNotPositive);
  if (static_cast<unsigned long long>(*numkeys) > ctx.argv.size() - 2) return error_reply(errors::kNumkeysTooMany);
  const std::size_t end = 2 + static_cast<std::size_t>(*numkeys);
  long long limit = 0;
  for (std::size_t i = end; i < ctx.argv.size(); ++i) {
    if (iequals(ctx.argv[i], "limit") && i + 1 < ctx.argv.size()) {
      const std::optional<long long> n = integer_arg(ctx, ++i);
      if (!n || *n < 0) return error_reply(errors::kLimitNegative);
      limit = *n;
    } else {
      return syntax_error();
    }
  }
  const auto sets = source_sets(ctx, 2, end);
  if (!sets) return wrong_type();
  long long count = 0;
  if (std::find(sets->begin(), sets->end(), nullptr) == sets->end())
    intersect(*sets, [&](std::string_view) { return ++count != limit; });
  return Value::integer(count);
}

// SUNION key [key ...]
Outcome sunion(Context& ctx) {
  const auto sets = source_sets(ctx, 1, ctx.argv.size());
  if (!sets) return wrong_type();
  return Value::set(member_array(*unite(*sets, intset_limit(ctx))));
}

// SUNIONSTORE destination key [key ...]
Outcome sunionstore(Context& ctx) {
  const auto sets = source_sets(ctx, 2, ctx.argv.size());
  if (!sets) return wrong_type();
  return store_result(ctx, ctx.argv[1], unite(*sets, intset_limit(ctx)));
}

// SDIFF key [key ...]
Outcome sdiff(Context& ctx) {
  const auto sets = source_sets(ctx, 1, ctx.argv.size());
  if (!sets) return wrong_type();
  return Value::set(member_array(*subtract(*sets, intset_limit(ctx))));
}

// SDIFFSTORE destination key [key ...]
Outcome sdiffstore(Context& ctx) {
  const auto sets = source_sets(ctx, 2, ctx.argv.size());
  if (!sets) return wrong_type();
  return store_result(ctx, ctx.argv[1], subtract(*sets, intset_limit(ctx)));
}

// --- SSCAN -------------------------------------------------------------------------------

// SSCAN key cursor [MATCH pattern] [COUNT count]
// As in Redis, the cursor is checked first, then the key, then the options.
// An intset comes back whole with cursor 0. A hashtable's cursor is a hash
// value (see MemberTable::scan): a full iteration returns every member that
// stayed in the set exactly once, however the set grew or shrank meanwhile.
Outcome sscan(Context& ctx) {
  const auto cursor = parse_scan_cursor(ctx.argv[2]);
  if (!cursor) return error_reply(errors::kInvalidCursor);
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::set);
  if (wrong) return wrong_type();
  if (!entry) return Value::array({Value::bulk("0"), Value::array()});
  ScanArgs args;
  if (auto error = parse_scan_args(ctx, 3, false, args)) return std::move(*error);
  const auto& pattern = args.pattern;
  const long long count = args.count;
  Value::Array found;
  const std::uint64_t next =
      set_of(*entry).scan(*cursor, static_cast<std::size_t>(count), [&](std::string_view member) {
        if (!pattern || glob_match(*pattern, member)) found.push_back(Value::bulk(member));
      });
  return Value::array({Value::bulk(std::to_string(next)), Value::array(std::move(found))});
}

// --- the table ------------------------------------------------------------------------------

constexpr CommandSpec kCommands[] = {
    {"sadd", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &sadd, "@write @set @fast"},
    {"srem", -3, kWrite | kFast, 1, 1, 1, &srem, "@write @set @fast"},
    {"smembers", 2, kReadonly, 1, 1, 1, &smembers, "@read @set @slow"},
    {"sismember", 3, kReadonly | kFast, 1, 1, 1, &sismember, "@read @set @fast"},
    {"smismember", -3, kReadonly | kFast, 1, 1, 1, &smismember, "@read @set @fast"},
    {"scard", 2, kReadonly | kFast, 1, 1, 1, &scard, "@read @set @fast"},
    {"spop", -2, kWrite | kFast, 1, 1, 1, &spop, "@write @set @fast"},
    {"srandmember", -2, kReadonly, 1, 1, 1, &srandmember, "@read @set @slow"},
    {"smove", 4, kWrite | kFast, 1, 2, 1, &smove, "@write @set @fast"},
    {"sinter", -2, kReadonly, 1, -1, 1, &sinter, "@read @set @slow"},
    {"sintercard", -3, kReadonly | kMovableKeys, 0, 0, 0, &sintercard, "@read @set @slow", {}, 1},
    {"sinterstore", -3, kWrite | kDenyOom, 1, -1, 1, &sinterstore, "@write @set @slow"},
    {"sunion", -2, kReadonly, 1, -1, 1, &sunion, "@read @set @slow"},
    {"sunionstore", -3, kWrite | kDenyOom, 1, -1, 1, &sunionstore, "@write @set @slow"},
    {"sdiff", -2, kReadonly, 1, -1, 1, &sdiff, "@read @set @slow"},
    {"sdiffstore", -3, kWrite | kDenyOom, 1, -1, 1, &sdiffstore, "@write @set @slow"},
    {"sscan", -3, kReadonly, 1, 1, 1, &sscan, "@read @set @slow"},
};

} // namespace

std::span<const CommandSpec> set_commands() { return kCommands; }

} // namespace not_redis::detail
