// The string family: SET, GET and every command on string values (t_string.c).

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <new>
#include <vector>

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// --- Operations on string values ---------------------------------------------

/// Redis's checkStringLength: would a string of `size + extra` bytes pass
/// proto-max-bulk-len? Written so that no sum can overflow.
bool fits_max_size(const Context& ctx, unsigned long long size, unsigned long long extra) {
  const auto max = static_cast<unsigned long long>(ctx.store.config.proto_max_bulk_len);
  return size <= max && extra <= max - size;
}

/// The integer a string value holds, as Redis's getLongLongFromObject reads it.
std::optional<long long> integer_value(const Object& value) {
  if (value.is_int()) return value.int_value();
  char scratch[24];
  return parse_integer(value.string_view(scratch));
}

/// Redis's getGenericCommand: the value as a bulk reply, nil, or WRONGTYPE.
Value get_generic(Context& ctx, std::string_view key) {
  auto [entry, wrong] = lookup_read(ctx, key, ObjectType::string);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  char scratch[24];
  return Value::bulk(entry->second.string_view(scratch));
}

// The options of SET and GETEX (Redis's OBJ_* flags).
enum StringOption : unsigned {
  kNx = 1u << 0,
  kXx = 1u << 1,
  kGet = 1u << 2,
  kKeepTtl = 1u << 3,
  kPersist = 1u << 4,
  kEx = 1u << 5,
  kPx = 1u << 6,
  kExat = 1u << 7,
  kPxat = 1u << 8,
};
constexpr unsigned kAnyExpire = kEx | kPx | kExat | kPxat;

enum class OptionsOf { set, getex };

struct StringOptions {
  unsigned flags = 0;
  std::optional<std::string_view> expire;  ///< the argument of EX, PX, EXAT or PXAT
};

// Redis's parseExtendedStringArgumentsOrReply: options in any order, case
// insensitive. Repeating an option is allowed (the last expire wins);
// combining conflicting ones is a syntax error.
std::optional<StringOptions> parse_string_options(const Context& ctx, std::size_t first, OptionsOf command) {
  constexpr std::pair<std::string_view, StringOption> kExpireOptions[] = {
      {"ex", kEx}, {"px", kPx}, {"exat", kExat}, {"pxat", kPxat}};
  const bool is_set = command == OptionsOf::set;
  StringOptions options;
  unsigned& flags = options.flags;
  for (std::size_t i = first; i < ctx.argv.size(); ++i) {
    const std::string_view opt = ctx.argv[i];
    const bool has_next = i + 1 < ctx.argv.size();
    if (is_set && iequals(opt, "nx") && !(flags & kXx)) {
      flags |= kNx;
    } else if (is_set && iequals(opt, "xx") && !(flags & kNx)) {
      flags |= kXx;
    } else if (is_set && iequals(opt, "get")) {
      flags |= kGet;
    } else if (is_set && iequals(opt, "keepttl") && !(flags & (kAnyExpire | kPersist))) {
      flags |= kKeepTtl;
    } else if (!is_set && iequals(opt, "persist") && !(flags & (kAnyExpire | kKeepTtl))) {
      flags |= kPersist;
    } else {
      bool matched = false;
      for (auto [name, flag] : kExpireOptions) {
        if (iequals(opt, name) && has_next && !(flags & ((kAnyExpire & ~flag) | kKeepTtl | kPersist))) {
          flags |= flag;
          options.expire = ctx.argv[++i];
          matched = true;
          break;
        }
      }
      if (!matched) return std::nullopt;
    }
  }
  return options;
}

// Redis's getExpireMillisecondsOrReply: the deadline (Unix ms) that the
// argument of EX/PX/EXAT/PXAT names; on a bad argument, nullopt and `error`.
std::optional<std::int64_t> expire_deadline(const Context& ctx, std::string_view arg, unsigned flags, Value& error) {
  const std::optional<long long> amount = parse_integer(arg);
  if (!amount) {
    error = not_integer();
    return std::nullopt;
  }
  const bool seconds = flags & (kEx | kExat);
  const bool relative = flags & (kEx | kPx);
  long long ms = *amount;
  // Non-positive, or a deadline that would overflow milliseconds since the epoch.
  if (ms <= 0 || (seconds && ms > LLONG_MAX / 1000) ||
      (relative && (seconds ? ms * 1000 : ms) > LLONG_MAX - ctx.now_ms())) {
    error = error_reply(errors::invalid_expire(ctx.command.name));
    return std::nullopt;
  }
  if (seconds) ms *= 1000;
  if (relative) ms += ctx.now_ms();
  return ms;
}

// Redis's setGenericCommand, behind SET, SETNX, SETEX and PSETEX: `done` and
// `aborted` are the replies when the value was, or (NX/XX) was not, stored.
Value set_generic(Context& ctx, unsigned flags, std::string_view key, std::string_view value,
                  std::optional<std::string_view> expire, Value done, Value aborted) {
  std::int64_t deadline_ms = 0;
  if (expire) {
    Value error;
    const auto deadline = expire_deadline(ctx, *expire, flags, error);
    if (!deadline) return error;
    deadline_ms = *deadline;
  }
  if (flags & kGet) {
    // SET ... GET replies with the old value whether or not it then sets.
    done = get_generic(ctx, key);
    if (done.is_error()) return done;
    aborted = done;
  }
  Entry* entry = ctx.db().find(key);  // any type: SET overwrites it
  if ((flags & kNx && entry) || (flags & kXx && !entry)) return aborted;
  if (entry && (flags & kKeepTtl)) {
    entry->second.assign_string(value);
    ctx.db().modified(*entry, "set");
  } else {
    entry = &ctx.db().set(key, Object::string(value), "set");
  }
  if (expire) ctx.db().set_expiry(*entry, deadline_ms, "expire");
  return done;
}

// Redis's incrDecrCommand, behind INCR, DECR, INCRBY and DECRBY: adds `delta`
// to the integer at argv[1] (0 if missing), keeping its TTL.
Value incr_decr(Context& ctx, long long delta) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  long long current = 0;
  if (entry) {
    const auto n = integer_value(entry->second);
    if (!n) return not_integer();
    current = *n;
  }
  if ((delta < 0 && current < 0 && delta < LLONG_MIN - current) ||
      (delta > 0 && current > 0 && delta > LLONG_MAX - current))
    return error_reply(errors::kOverflow);
  const long long result = current + delta;
  if (entry) {
    entry->second.assign_integer(result);
    ctx.db().modified(*entry, "incrby");
  } else {
    ctx.db().set(ctx.argv[1], Object::integer(result), "incrby");
  }
  return Value::integer(result);
}

// Redis's msetGenericCommand: with `nx`, sets nothing if any key exists.
Value mset_generic(Context& ctx, bool nx) {
  if (ctx.argv.size() % 2 == 0) return error_reply(errors::wrong_arity(ctx.command.name));
  if (nx) {
    for (std::size_t i = 1; i < ctx.argv.size(); i += 2)
      if (ctx.db().find(ctx.argv[i])) return Value::integer(0);
  }
  for (std::size_t i = 1; i < ctx.argv.size(); i += 2) ctx.db().set(ctx.argv[i], Object::string(ctx.argv[i + 1]), "set");
  return nx ? Value::integer(1) : Value::ok();
}

/// The longest common subsequence of `a` and `b` as Redis's LCS reports it:
/// the table's corner is its length; walking back yields the string and the
/// matched ranges, last match first.
struct LcsMatch {
  std::uint32_t a_start, a_end, b_start, b_end;
  std::uint32_t length() const { return a_end - a_start + 1; }
};

class LcsTable {
public:
  LcsTable(std::string_view a, std::string_view b) : a_(a), b_(b), table_((a.size() + 1) * (b.size() + 1)) {
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        at(i, j) = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
      }
    }
  }

  std::uint32_t length() const { return at(a_.size(), b_.size()); }

  /// The subsequence itself, and every run of contiguous matches (Redis's
  /// back-tracking, so ranges and their order are the same as Redis's).
  std::string walk(std::vector<LcsMatch>& matches) const {
    std::string result(length(), '\0');
    std::size_t idx = result.size();
    const auto unset = static_cast<std::uint32_t>(a_.size());
    LcsMatch range{unset, 0, 0, 0};
    std::size_t i = a_.size(), j = b_.size();
    while (i > 0 && j > 0) {
      bool emit = false;
      if (a_[i - 1] == b_[j - 1]) {
        result[--idx] = a_[i - 1];
        const auto ai = static_cast<std::uint32_t>(i - 1), bj = static_cast<std::uint32_t>(j - 1);
        if (range.a_start == unset) {
          range = {ai, ai, bj, bj};
        } else if (range.a_start == ai + 1 && range.b_start == bj + 1) {
          --range.a_start;  // still contiguous: extend backwards
          --range.b_start;
        } else {
          emit = true;
        }
        if (range.a_start == 0 || range.b_start == 0) emit = true;
        --i;
        --j;
      } else {
        if (at(i - 1, j) > at(i, j - 1)) --i;
        else --j;
        if (range.a_start != unset) emit = true;
      }
      if (emit) {
        matches.push_back(range);
        range.a_start = unset;
      }
    }
    return result;
  }

private:
  std::uint32_t& at(std::size_t i, std::size_t j) { return table_[i * (b_.size() + 1) + j]; }
  std::uint32_t at(std::size_t i, std::size_t j) const { return table_[i * (b_.size() + 1) + j]; }

  std::string_view a_, b_;
  std::vector<std::uint32_t> table_;
};

// --- Command handlers -----------------------------------------------------------

// GET key
Outcome get(Context& ctx) { return get_generic(ctx, ctx.argv[1]); }

// SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]
Outcome set(Context& ctx) {
  const auto options = parse_string_options(ctx, 3, OptionsOf::set);
  if (!options) return syntax_error();
  return set_generic(ctx, options->flags, ctx.argv[1], ctx.argv[2], options->expire, Value::ok(), Value{});
}

// SETNX key value
Outcome setnx(Context& ctx) {
  return set_generic(ctx, kNx, ctx.argv[1], ctx.argv[2], std::nullopt, Value::integer(1), Value::integer(0));
}

// SETEX key seconds value
Outcome setex(Context& ctx) {
  return set_generic(ctx, kEx, ctx.argv[1], ctx.argv[3], ctx.argv[2], Value::ok(), Value{});
}

// PSETEX key milliseconds value
Outcome psetex(Context& ctx) {
  return set_generic(ctx, kPx, ctx.argv[1], ctx.argv[3], ctx.argv[2], Value::ok(), Value{});
}

// GETSET key value
Outcome getset(Context& ctx) {
  Value old = get_generic(ctx, ctx.argv[1]);
  if (old.is_error()) return old;
  ctx.db().set(ctx.argv[1], Object::string(ctx.argv[2]), "set");
  return old;
}

// GETDEL key
Outcome getdel(Context& ctx) {
  Value old = get_generic(ctx, ctx.argv[1]);
  if (!old.is_error() && !old.is_nil()) ctx.db().erase(ctx.argv[1]);
  return old;
}

// GETEX key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|PERSIST]
Outcome getex(Context& ctx) {
  const auto options = parse_string_options(ctx, 2, OptionsOf::getex);
  if (!options) return syntax_error();
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  std::int64_t deadline_ms = 0;
  if (options->expire) {
    Value error;
    const auto deadline = expire_deadline(ctx, *options->expire, options->flags, error);
    if (!deadline) return error;
    deadline_ms = *deadline;
  }
  char scratch[24];
  Value reply = Value::bulk(entry->second.string_view(scratch));
  // A deadline already past (EXAT/PXAT) deletes the key, after the reply was taken.
  if (options->expire) ctx.db().set_expiry(*entry, deadline_ms, "expire");
  else if (options->flags & kPersist) ctx.db().persist(*entry);
  return reply;
}

// MSET key value [key value ...]
Outcome mset(Context& ctx) { return mset_generic(ctx, false); }

// MSETNX key value [key value ...]
Outcome msetnx(Context& ctx) { return mset_generic(ctx, true); }

// MGET key [key ...]
Outcome mget(Context& ctx) {
  Value::Array values;
  values.reserve(ctx.argv.size() - 1);
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    auto [entry, wrong] = lookup_read(ctx, ctx.argv[i], ObjectType::string);
    char scratch[24];
    // A key of another type is not an error here, just not a string.
    values.push_back(entry && !wrong ? Value::bulk(entry->second.string_view(scratch)) : Value{});
  }
  return Value::array(std::move(values));
}

// APPEND key value
Outcome append(Context& ctx) {
  const std::string_view tail = ctx.argv[2];
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  if (!entry) {
    ctx.db().set(ctx.argv[1], Object::string(tail), "append");
    return Value::integer(static_cast<long long>(tail.size()));
  }
  const std::size_t size = entry->second.string_size();
  if (!fits_max_size(ctx, size, tail.size())) return error_reply(errors::kStringTooLong);
  char* bytes = entry->second.mutable_string(size + tail.size());
  if (!tail.empty()) std::memcpy(bytes + size, tail.data(), tail.size());
  ctx.db().modified(*entry, "append");
  return Value::integer(static_cast<long long>(size + tail.size()));
}

// STRLEN key
Outcome strlen(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(entry->second.string_size()) : 0);
}

// GETRANGE key start end   (also SUBSTR, its old name)
Outcome getrange(Context& ctx) {
  const auto first = integer_arg(ctx, 2);
  const auto last = integer_arg(ctx, 3);
  if (!first || !last) return not_integer();
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  if (!entry) return Value::bulk("");
  char scratch[24];
  const std::string_view s = entry->second.string_view(scratch);
  const auto size = static_cast<long long>(s.size());
  long long start = *first, end = *last;
  if (start < 0 && end < 0 && start > end) return Value::bulk("");
  if (start < 0) start = std::max(size + start, 0LL);
  if (end < 0) end = std::max(size + end, 0LL);
  end = std::min(end, size - 1);
  if (start > end || size == 0) return Value::bulk("");
  return Value::bulk(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start + 1)));
}

// SETRANGE key offset value
Outcome setrange(Context& ctx) {
  const std::string_view patch = ctx.argv[3];
  const auto offset = integer_arg(ctx, 2);
  if (!offset) return not_integer();
  if (*offset < 0) return error_reply(errors::kOffsetOutOfRange);
  const auto at = static_cast<unsigned long long>(*offset);
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  // Writing nothing neither creates the key nor checks the size.
  if (patch.empty()) return Value::integer(entry ? static_cast<long long>(entry->second.string_size()) : 0);
  if (!fits_max_size(ctx, at, patch.size())) return error_reply(errors::kStringTooLong);
  if (!entry) entry = &ctx.db().set(ctx.argv[1], Object::string({}), "setrange");
  else ctx.db().modified(*entry, "setrange");
  const std::size_t size = std::max<std::size_t>(entry->second.string_size(), at + patch.size());
  std::memcpy(entry->second.mutable_string(size) + at, patch.data(), patch.size());
  return Value::integer(static_cast<long long>(size));
}

// INCR key
Outcome incr(Context& ctx) { return incr_decr(ctx, 1); }

// DECR key
Outcome decr(Context& ctx) { return incr_decr(ctx, -1); }

// INCRBY key increment
Outcome incrby(Context& ctx) {
  const auto delta = integer_arg(ctx, 2);
  if (!delta) return not_integer();
  return incr_decr(ctx, *delta);
}

// DECRBY key decrement
Outcome decrby(Context& ctx) {
  const auto delta = integer_arg(ctx, 2);
  if (!delta) return not_integer();
  if (*delta == LLONG_MIN) return error_reply(errors::kDecrementOverflow);  // -delta would overflow
  return incr_decr(ctx, -*delta);
}

// INCRBYFLOAT key increment
Outcome incrbyfloat(Context& ctx) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  long double current = 0;
  if (entry) {
    char scratch[24];
    const auto v = parse_long_double(entry->second.string_view(scratch));
    if (!v) return error_reply(errors::kNotFloat);
    current = *v;
  }
  const auto delta = parse_long_double(ctx.argv[2]);
  if (!delta) return error_reply(errors::kNotFloat);
  const long double result = current + *delta;
  if (std::isnan(result) || std::isinf(result)) return error_reply(errors::kNanOrInfinity);
  std::string text = format_long_double_human(result);
  // Like INCR, the new value keeps the key's TTL.
  // Redis stores the result as text, never int-encoded.
  if (entry) {
    entry->second.assign_string(text, false);
    ctx.db().modified(*entry, "incrbyfloat");
  } else {
    ctx.db().set(ctx.argv[1], Object::string(text, false), "incrbyfloat");
  }
  return Value::bulk(std::move(text));
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
Outcome lcs(Context& ctx) {
  auto [a, a_wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  auto [b, b_wrong] = lookup_read(ctx, ctx.argv[2], ObjectType::string);
  if (a_wrong || b_wrong) return error_reply(errors::kLcsNotStrings);
  bool want_len = false, want_idx = false, with_match_len = false;
  long long min_match_len = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const std::string_view opt = ctx.argv[i];
    if (iequals(opt, "idx")) {
      want_idx = true;
    } else if (iequals(opt, "len")) {
      want_len = true;
    } else if (iequals(opt, "withmatchlen")) {
      with_match_len = true;
    } else if (iequals(opt, "minmatchlen") && i + 1 < ctx.argv.size()) {
      const auto n = integer_arg(ctx, ++i);
      if (!n) return not_integer();
      min_match_len = std::max(*n, 0LL);
    } else {
      return syntax_error();
    }
  }
  if (want_idx && want_len) return error_reply(errors::kLcsLenAndIdx);

  char a_scratch[24], b_scratch[24];
  const std::string_view sa = a ? a->second.string_view(a_scratch) : std::string_view();
  const std::string_view sb = b ? b->second.string_view(b_scratch) : std::string_view();
  // The table is transient but quadratic: Redis bounds it by proto-max-bulk-len.
  const unsigned long long cells = (sa.size() + 1ULL) * (sb.size() + 1ULL);
  if (cells * sizeof(std::uint32_t) > static_cast<unsigned long long>(ctx.store.config.proto_max_bulk_len))
    return error_reply(errors::kLcsTooLarge);
  std::optional<LcsTable> table;
  try {
    table.emplace(sa, sb);
  } catch (const std::bad_alloc&) {
    return error_reply(errors::kLcsNoMemory);
  }

  if (want_len) return Value::integer(table->length());
  std::vector<LcsMatch> matches;
  std::string common = table->walk(matches);
  if (!want_idx) return Value::bulk(std::move(common));
  Value::Array reply_matches;
  for (const LcsMatch& m : matches) {
    if (m.length() < min_match_len) continue;
    Value::Array match{Value::array({Value::integer(m.a_start), Value::integer(m.a_end)}),
                       Value::array({Value::integer(m.b_start), Value::integer(m.b_end)})};
    if (with_match_len) match.push_back(Value::integer(m.length()));
    reply_matches.push_back(Value::array(std::move(match)));
  }
  return Value::map({Value::bulk("matches"), Value::array(std::move(reply_matches)), Value::bulk("len"),
                     Value::integer(table->length())});
}

// Rows as Redis 7.0 declares them (COMMAND INFO).
constexpr CommandSpec kCommands[] = {
    {"get", 2, kReadonly | kFast, 1, 1, 1, &get, "@read @string @fast"},
    {"set", -3, kWrite | kDenyOom, 1, 1, 1, &set, "@write @string @slow"},
    {"setnx", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &setnx, "@write @string @fast"},
    {"setex", 4, kWrite | kDenyOom, 1, 1, 1, &setex, "@write @string @slow"},
    {"psetex", 4, kWrite | kDenyOom, 1, 1, 1, &psetex, "@write @string @slow"},
    {"getset", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &getset, "@write @string @fast"},
    {"getdel", 2, kWrite | kFast, 1, 1, 1, &getdel, "@write @string @fast"},
    {"getex", -2, kWrite | kFast, 1, 1, 1, &getex, "@write @string @fast"},
    {"mset", -3, kWrite | kDenyOom, 1, -1, 2, &mset, "@write @string @slow"},
    {"msetnx", -3, kWrite | kDenyOom, 1, -1, 2, &msetnx, "@write @string @slow"},
    {"mget", -2, kReadonly | kFast, 1, -1, 1, &mget, "@read @string @fast"},
    {"append", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &append, "@write @string @fast"},
    {"strlen", 2, kReadonly | kFast, 1, 1, 1, &strlen, "@read @string @fast"},
    {"getrange", 4, kReadonly, 1, 1, 1, &getrange, "@read @string @slow"},
    {"substr", 4, kReadonly, 1, 1, 1, &getrange, "@read @string @slow"},
    {"setrange", 4, kWrite | kDenyOom, 1, 1, 1, &setrange, "@write @string @slow"},
    {"incr", 2, kWrite | kDenyOom | kFast, 1, 1, 1, &incr, "@write @string @fast"},
    {"decr", 2, kWrite | kDenyOom | kFast, 1, 1, 1, &decr, "@write @string @fast"},
    {"incrby", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &incrby, "@write @string @fast"},
    {"decrby", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &decrby, "@write @string @fast"},
    {"incrbyfloat", 3, kWrite | kDenyOom | kFast, 1, 1, 1, &incrbyfloat, "@write @string @fast"},
    {"lcs", -3, kReadonly, 1, 2, 1, &lcs, "@read @string @slow"},
};

} // namespace

std::span<const CommandSpec> string_commands() { return kCommands; }

} // namespace not_redis::detail
