// The hash family: HSET, HGET and every command on hash values (t_hash.c).
// The value type and its two encodings live in db/hash.hpp.

#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "db/hash.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// --- Operations on hash values ------------------------------------------------------

Hash& hash_of(Entry& entry) { return entry.second.as<Hash>(); }

HashLimits hash_limits(const Context& ctx) {
  const Config& config = ctx.store.config;
  return {static_cast<std::size_t>(config.hash_max_listpack_entries),
          static_cast<std::size_t>(config.hash_max_listpack_value)};
}

// Redis's hashTypeLookupWriteOrCreate, without its one hazard: `update` runs
// on the hash under `key`, or on a new one that is stored only once `update`
// returned, so a failure cannot leave an empty hash behind. The change is
// reported as `event`.
template <class Update>
auto update_or_create(Context& ctx, Entry* entry, std::string_view key, std::string_view event, Update&& update) {
  if (entry) {
    auto result = update(hash_of(*entry));
    ctx.db().modified(*entry, event);
    return result;
  }
  auto hash = std::make_unique<Hash>();
  auto result = update(*hash);
  ctx.db().insert(key, Object::aggregate(ObjectType::hash, std::move(hash)), event);
  return result;
}

// Reserves room for `n` reply elements. A count no vector can hold (HRANDFIELD
// accepts up to LONG_MAX) is out of memory, as any allocation that fails.
void reserve_reply(Value::Array& out, unsigned long long n) {
  if (n > out.max_size()) throw std::bad_alloc();
  out.reserve(static_cast<std::size_t>(n));
}

// How HRANDFIELD replies an entry: the field; with values, a [field, value]
// pair in RESP3, or the field then the value in one flat array in RESP2
// (Redis 7.0's shape differs by protocol beyond what the RESP2 writer converts).
enum class EntryReply { kField, kPair, kFlat };

void add_random_entry(Value::Array& out, FieldValue entry, EntryReply how) {
  if (how == EntryReply::kFlat) {
    out.push_back(Value::bulk(entry.first));
    out.push_back(Value::bulk(entry.second));
  } else if (how == EntryReply::kPair) {
    Value::Array pair;
    pair.reserve(2);
    pair.push_back(Value::bulk(entry.first));
    pair.push_back(Value::bulk(entry.second));
    out.push_back(Value::array(std::move(pair)));
  } else {
    out.push_back(Value::bulk(entry.first));
  }
}

// Redis's hrandfieldWithCountCommand: `count` entries, distinct unless
// `count` is negative. Its strategies, each O(1) per returned entry:
// repeats allowed: independent draws; count >= size: the whole hash; count
// more than a third of the size: every entry, then drop random ones; fewer:
// draw until enough distinct ones were seen.
Value hrandfield_with_count(Context& ctx, long long count, bool with_values) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  if (!entry || count == 0) return Value::array();
  const Hash& hash = hash_of(*entry);
  const std::size_t size = hash.size();
  const bool distinct = count > 0;
  const auto wanted = static_cast<unsigned long long>(distinct ? count : -count);
  std::mt19937_64& rng = ctx.store.rng;
  const EntryReply how = !with_values ? EntryReply::kField : ctx.resp() == 2 ? EntryReply::kFlat : EntryReply::kPair;
  const unsigned long long per_entry = how == EntryReply::kFlat ? 2 : 1;
  Value::Array out;

  if (!distinct || wanted == 1) {
    reserve_reply(out, wanted * per_entry);
    const Hash::Sampler sample(hash);
    for (unsigned long long i = 0; i < wanted; ++i) add_random_entry(out, sample(rng), how);
  } else if (wanted >= size) {
    reserve_reply(out, size * per_entry);
    hash.for_each([&](FieldValue e) { add_random_entry(out, e, how); });
  } else if (wanted * 3 > size) {
    std::vector<FieldValue> all;
    all.reserve(size);
    hash.for_each([&](FieldValue e) { all.push_back(e); });
    while (all.size() > wanted) {
      std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
      all[pick(rng)] = all.back();
      all.pop_back();
    }
    reserve_reply(out, wanted * per_entry);
    for (const FieldValue& e : all) add_random_entry(out, e, how);
  } else {
    reserve_reply(out, wanted * per_entry);
    const Hash::Sampler sample(hash);
    std::unordered_set<std::string_view> seen;
    seen.reserve(static_cast<std::size_t>(wanted));
    while (seen.size() < wanted) {
      const FieldValue e = sample(rng);
      if (seen.insert(e.first).second) add_random_entry(out, e, how);
    }
  }
  return Value::array(std::move(out));
}

// Redis's hsetCommand and hmsetCommand: `reply_count` tells which.
Value set_fields(Context& ctx, bool reply_count) {
  if (ctx.argv.size() % 2 != 0) return error_reply(errors::wrong_arity(ctx.command.name));
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  const HashLimits limits = hash_limits(ctx);
  const long long created = update_or_create(ctx, entry, ctx.argv[1], "hset", [&](Hash& hash) {
    long long n = 0;
    for (std::size_t i = 2; i < ctx.argv.size(); i += 2) n += hash.set(ctx.argv[i], ctx.argv[i + 1], limits);
    return n;
  });
  return reply_count ? Value::integer(created) : Value::ok();
}

enum class Part { fields, values, both };

// Redis's genericHgetallCommand, behind HKEYS, HVALS and HGETALL.
Value get_all(Context& ctx, Part part) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  Value::Array out;
  if (entry) {
    const Hash& hash = hash_of(*entry);
    out.reserve(part == Part::both ? 2 * hash.size() : hash.size());
    hash.for_each([&](FieldValue e) {
      if (part != Part::values) out.push_back(Value::bulk(e.first));
      if (part != Part::fields) out.push_back(Value::bulk(e.second));
    });
  }
  return part == Part::both ? Value::map(std::move(out)) : Value::array(std::move(out));
}

// --- Command handlers -----------------------------------------------------------------

// HSET key field value [field value ...]
Outcome hset(Context& ctx) { return set_fields(ctx, true); }

// HMSET key field value [field value ...]
Outcome hmset(Context& ctx) { return set_fields(ctx, false); }

// HSETNX key field value
Outcome hsetnx(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  if (entry && hash_of(*entry).get(ctx.argv[2])) return Value::integer(0);
  update_or_create(ctx, entry, ctx.argv[1], "hset", [&](Hash& hash) { return hash.set(ctx.argv[2], ctx.argv[3], hash_limits(ctx)); });
  return Value::integer(1);
}

// HGET key field
Outcome hget(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const auto value = hash_of(*entry).get(ctx.argv[2]);
  return value ? Value::bulk(*value) : Value{};
}

// HMGET key field [field ...]
Outcome hmget(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  Value::Array out;
  out.reserve(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const auto value = entry ? hash_of(*entry).get(ctx.argv[i]) : std::nullopt;
    out.push_back(value ? Value::bulk(*value) : Value{});
  }
  return Value::array(std::move(out));
}

// HGETALL key
// A map, as Redis replies in RESP3 (RESP2 sees the flat field/value array).
Outcome hgetall(Context& ctx) { return get_all(ctx, Part::both); }

// HKEYS key
Outcome hkeys(Context& ctx) { return get_all(ctx, Part::fields); }

// HVALS key
Outcome hvals(Context& ctx) { return get_all(ctx, Part::values); }

// HDEL key field [field ...]
Outcome hdel(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  Hash& hash = hash_of(*entry);
  long long deleted = 0;
  for (std::size_t i = 2; i < ctx.argv.size() && !hash.empty(); ++i) deleted += hash.erase(ctx.argv[i]);
  if (deleted == 0) return Value::integer(0);
  ctx.db().modified(*entry, "hdel");
  if (hash.empty()) ctx.db().erase(*entry);
  return Value::integer(deleted);
}

// HLEN key
Outcome hlen(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(hash_of(*entry).size()) : 0);
}

// HEXISTS key field
Outcome hexists(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  return Value::integer(entry && hash_of(*entry).get(ctx.argv[2]) ? 1 : 0);
}

// HSTRLEN key field
Outcome hstrlen(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  const auto value = entry ? hash_of(*entry).get(ctx.argv[2]) : std::nullopt;
  return Value::integer(value ? static_cast<long long>(value->size()) : 0);
}

// HINCRBY key field increment
Outcome hincrby(Context& ctx) {
  const auto increment = integer_arg(ctx, 3);
  if (!increment) return not_integer();
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  long long current = 0;
  if (const auto value = entry ? hash_of(*entry).get(ctx.argv[2]) : std::nullopt) {
    const auto n = parse_integer(*value);
    if (!n) return error_reply(errors::kHashNotInteger);
    current = *n;
  }
  const long long delta = *increment;
  if ((delta < 0 && current < 0 && delta < LLONG_MIN - current) ||
      (delta > 0 && current > 0 && delta > LLONG_MAX - current))
    return error_reply(errors::kOverflow);
  const long long result = current + delta;
  char scratch[24];
  const std::string_view text = format_integer(result, scratch);
  update_or_create(ctx, entry, ctx.argv[1], "hincrby", [&](Hash& hash) { return hash.set(ctx.argv[2], text, hash_limits(ctx)); });
  return Value::integer(result);
}

// HINCRBYFLOAT key field increment
Outcome hincrbyfloat(Context& ctx) {
  const auto increment = parse_long_double(ctx.argv[3]);
  if (!increment) return error_reply(errors::kNotFloat);
  if (std::isnan(*increment) || std::isinf(*increment)) return error_reply(errors::kNanOrInfinityValue);
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  long double current = 0;
  if (const auto value = entry ? hash_of(*entry).get(ctx.argv[2]) : std::nullopt) {
    const auto n = parse_long_double(*value);
    if (!n) return error_reply(errors::kHashNotFloat);
    current = *n;
  }
  const long double result = current + *increment;
  if (std::isnan(result) || std::isinf(result)) return error_reply(errors::kNanOrInfinity);
  std::string text = format_long_double_human(result);
  update_or_create(ctx, entry, ctx.argv[1], "hincrbyfloat", [&](Hash& hash) { return hash.set(ctx.argv[2], text, hash_limits(ctx)); });
  return Value::bulk(std::move(text));
}

// HRANDFIELD key [count [WITHVALUES]]
Outcome hrandfield(Context& ctx) {
  if (ctx.argv.size() >= 3) {
    const auto count = integer_arg(ctx, 2);
    if (!count) return not_integer();
    if (*count < -LLONG_MAX) return error_reply(errors::kCountOutOfLongRange);
    if (ctx.argv.size() > 4 || (ctx.argv.size() == 4 && !iequals(ctx.argv[3], "withvalues"))) return syntax_error();
    const bool with_values = ctx.argv.size() == 4;
    // Redis's limit, so that field+value replies cannot overflow a long.
    if (with_values && (*count < -LLONG_MAX / 2 || *count > LLONG_MAX / 2)) return error_reply(errors::kOutOfRange);
    return hrandfield_with_count(ctx, *count, with_values);
  }
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const Hash& hash = hash_of(*entry);
  return Value::bulk(Hash::Sampler(hash)(ctx.store.rng).first);
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
// Redis's scanGenericCommand for a hash: a hashtable is walked bucket by
// bucket, at most 10*COUNT of them, until COUNT replies (fields and values
// both count) were gathered; a listpack is returned whole with cursor 0.
// Like Redis, a missing key replies before the options are parsed.
Outcome hscan(Context& ctx) {
  const auto cursor = parse_scan_cursor(ctx.argv[2]);
  if (!cursor) return error_reply(errors::kInvalidCursor);
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::hash);
  if (wrong) return wrong_type();
  std::uint64_t next = 0;
  Value::Array found;
  if (entry) {
    ScanArgs args;
    if (auto error = parse_scan_args(ctx, 3, false, args)) return std::move(*error);
    const auto count = static_cast<unsigned long long>(args.count);
    const auto& pattern = args.pattern;
    const auto collect = [&](FieldValue e) {
      if (pattern && !glob_match(*pattern, e.first)) return;
      found.push_back(Value::bulk(e.first));
      found.push_back(Value::bulk(e.second));
    };
    // Redis counts the gathered replies before MATCH filters them.
    unsigned long long gathered = 0;
    const std::function<void(FieldValue)> visit = [&](FieldValue e) {
      gathered += 2;
      collect(e);
    };
    const unsigned long long max_iterations = count > ULLONG_MAX / 10 ? ULLONG_MAX : count * 10;
    const Hash& hash = hash_of(*entry);
    next = *cursor;
    unsigned long long iterations = 0;
    do {
      next = hash.scan(next, visit);
    } while (next != 0 && iterations++ < max_iterations && gathered < count);
  }
  Value::Array reply;
  reply.push_back(Value::bulk(std::to_string(next)));
  reply.push_back(Value::array(std::move(found)));
  return Value::array(std::move(reply));
}

// --- the table --------------------------------------------------------------------------

constexpr CommandSpec kCommands[] = {
    {"hset", -4, kWrite | kDenyOom | kFast, 1, 1, 1, &hset, "@write @hash @fast"},
    {"hsetnx", 4, kWrite | kDenyOom | kFast, 1, 1, 1, &hsetnx, "@write @hash @fast"},
    {"hmset", -4, kWrite | kDenyOom | kFast, 1, 1, 1, &hmset, "@write @hash @fast"},
    {"hget", 3, kReadonly | kFast, 1, 1, 1, &hget, "@read @hash @fast"},
    {"hmget", -3, kReadonly | kFast, 1, 1, 1, &hmget, "@read @hash @fast"},
    {"hgetall", 2, kReadonly, 1, 1, 1, &hgetall, "@read @hash @slow"},
    {"hkeys", 2, kReadonly, 1, 1, 1, &hkeys, "@read @hash @slow"},
    {"hvals", 2, kReadonly, 1, 1, 1, &hvals, "@read @hash @slow"},
    {"hdel", -3, kWrite | kFast, 1, 1, 1, &hdel, "@write @hash @fast"},
    {"hlen", 2, kReadonly | kFast, 1, 1, 1, &hlen, "@read @hash @fast"},
    {"hexists", 3, kReadonly | kFast, 1, 1, 1, &hexists, "@read @hash @fast"},
    {"hstrlen", 3, kReadonly | kFast, 1, 1, 1, &hstrlen, "@read @hash @fast"},
    {"hincrby", 4, kWrite | kDenyOom | kFast, 1, 1, 1, &hincrby, "@write @hash @fast"},
    {"hincrbyfloat", 4, kWrite | kDenyOom | kFast, 1, 1, 1, &hincrbyfloat, "@write @hash @fast"},
    {"hrandfield", -2, kReadonly, 1, 1, 1, &hrandfield, "@read @hash @slow"},
    {"hscan", -3, kReadonly, 1, 1, 1, &hscan, "@read @hash @slow"},
};

} // namespace

std::span<const CommandSpec> hash_commands() { return kCommands; }

} // namespace not_redis::detail
