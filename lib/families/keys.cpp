// The generic keyspace family: DEL, EXISTS, RENAME, COPY, SCAN, EXPIRE, TTL,
// OBJECT, FLUSHALL... (Redis's db.c, expire.c and object.c). These commands
// work on keys of any type, so none of them replies WRONGTYPE.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <string>

#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// --- lookups and key operations ----------------------------------------------

// Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): counts a keyspace hit or
// miss like any read, but leaves the access time alone. EXISTS, TYPE, TTL and
// OBJECT use it, so asking about a key does not make it look recently used.
Entry* peek_read(Context& ctx, std::string_view key) {
  Entry* e = ctx.db().peek(key);
  if (e) ++ctx.store.stats.keyspace_hits;
  else note_miss(ctx, key);
  return e;
}

// Redis's lookupKeyRead: counts a hit or miss and records the access.
Entry* touch_read(Context& ctx, std::string_view key) {
  Entry* e = ctx.db().find(key);
  if (e) ++ctx.store.stats.keyspace_hits;
  else note_miss(ctx, key);
  return e;
}

// Redis rounds TTL and EXPIRETIME to the nearest second: (ms + 500) / 1000,
// computed without overflowing near LLONG_MAX.
long long round_to_seconds(long long ms) { return ms / 1000 + (ms % 1000 + 500) / 1000; }

// An option echoed in an error, as Redis's addReplyErrorFormat("%s") prints
// it: up to the first NUL, with CR and LF turned into spaces.
std::string printable_option(std::string_view arg) {
  std::string out(arg.substr(0, arg.find('\0')));
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

// Redis shares one object for each integer 0..9999 (OBJ_SHARED_INTEGERS)
// with a refcount of INT_MAX. Difference: a COPY of such a value is a private
// object in Redis (refcount 1); here it reports the shared count.
bool is_shared_integer(const Object& value) {
  return value.is_int() && value.int_value() >= 0 && value.int_value() < 10000;
}

// --- DEL, EXISTS, TYPE, TOUCH -----------------------------------------------------

Value delete_keys(Context& ctx, Reclaim reclaim) {
  long long deleted = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) deleted += ctx.db().erase(ctx.argv[i], "del", reclaim);
  return Value::integer(deleted);
}

// DEL key [key ...]: lazyfree-lazy-user-del makes it UNLINK.
Outcome del(Context& ctx) {
  return delete_keys(ctx, ctx.store.config.lazyfree_lazy_user_del ? Reclaim::async : Reclaim::sync);
}

// UNLINK key [key ...]: a large value is freed by the LazyFree thread.
Outcome unlink(Context& ctx) { return delete_keys(ctx, Reclaim::async); }

// EXISTS key [key ...]: a key named twice counts twice.
Outcome exists(Context& ctx) {
  long long count = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) count += peek_read(ctx, ctx.argv[i]) != nullptr;
  return Value::integer(count);
}

// TYPE key
Outcome type(Context& ctx) {
  const Entry* e = peek_read(ctx, ctx.argv[1]);
  return Value::simple(std::string(e ? type_name(e->second.type()) : "none"));
}

// TOUCH key [key ...]
Outcome touch(Context& ctx) {
  long long touched = 0;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) touched += touch_read(ctx, ctx.argv[i]) != nullptr;
  return Value::integer(touched);
}

// --- RENAME, RENAMENX, COPY -------------------------------------------------------

Value rename_generic(Context& ctx, bool nx) {
  const std::string_view from = ctx.argv[1];
  const std::string_view to = ctx.argv[2];
  Entry* source = ctx.db().find(from);
  if (!source) return error_reply(errors::kNoSuchKey);
  if (from == to) return nx ? Value::integer(0) : Value::ok();
  if (nx && ctx.db().find(to)) return Value::integer(0);
  ctx.db().rename(*source, to);
  return nx ? Value::integer(1) : Value::ok();
}

// RENAME key newkey
Outcome rename(Context& ctx) { return rename_generic(ctx, false); }

// RENAMENX key newkey
Outcome renamenx(Context& ctx) { return rename_generic(ctx, true); }

// COPY source destination [DB destination-db] [REPLACE]
// A store has one database, 0; any other index is out of range.
Outcome copy(Context& ctx) {
  bool replace = false;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const bool has_value = i + 1 < ctx.argv.size();
    if (iequals(ctx.argv[i], "replace")) {
      replace = true;
    } else if (iequals(ctx.argv[i], "db") && has_value) {
      const std::optional<long long> db = integer_arg(ctx, ++i);
      if (!db) return not_integer();
      if (*db < INT_MIN || *db > INT_MAX) return error_reply(errors::kIntOutOfRange);
      if (*db != 0) return error_reply(errors::kDbIndexOutOfRange);
    } else {
      return syntax_error();
    }
  }
  const std::string_view from = ctx.argv[1];
  const std::string_view to = ctx.argv[2];
  if (from == to) return error_reply(errors::kSameObject);

  Entry* source = touch_read(ctx, from);
  if (!source) return Value::integer(0);
  const std::optional<std::int64_t> deadline = ctx.db().expiry(*source);
  Entry* target = ctx.db().find(to);
  if (target && !replace) return Value::integer(0);

  Object value = source->second.clone();
  Entry& copied = target ? ctx.db().set(to, std::move(value), "copy_to")
                         : *ctx.db().insert(to, std::move(value), "copy_to").first;
  if (deadline) ctx.db().set_expiry(copied, *deadline, "");
  return Value::integer(1);
}

// --- KEYS, SCAN, RANDOMKEY, DBSIZE --------------------------------------------------

// KEYS pattern
// Like Redis, KEYS skips expired keys without reclaiming them.
Outcome keys(Context& ctx) {
  const std::string_view pattern = ctx.argv[1];
  const bool all = pattern == "*";
  Value::Array out;
  ctx.db().for_each_unexpired([&](const Entry& e) {
    if (all || glob_match(pattern, e.first.view())) out.push_back(Value::bulk(e.first.view()));
  });
  return Value::array(std::move(out));
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
// Cursors are opaque: Keyspace::scan encodes the next bucket and the table
// size, and restarts the walk after a rehash, so a full iteration returns
// every key that existed throughout it (possibly more than once).
// Differences from Redis: an expired key is reclaimed before the TYPE filter
// sees it (Redis counts a keyspace miss for it there, and returns it for
// TYPE none); a cursor that is not one we handed out starts a new walk.
Outcome scan(Context& ctx) {
  const auto cursor = parse_scan_cursor(ctx.argv[1]);
  if (!cursor) return error_reply(errors::kInvalidCursor);
  ScanArgs args;
  if (auto error = parse_scan_args(ctx, 2, true, args)) return std::move(*error);
  // Named references, not a structured binding: clang before 16 cannot capture those in a lambda.
  const auto& count = args.count;
  const auto& pattern = args.pattern;
  const auto& type = args.type;

  Value::Array found;
  const std::uint64_t next = ctx.db().scan(*cursor, static_cast<std::size_t>(count), [&](Entry& e) {
    if (pattern && !glob_match(*pattern, e.first.view())) return;
    if (type) {
      ++ctx.store.stats.keyspace_hits;  // Redis looks each candidate up to learn its type
      if (!iequals(*type, type_name(e.second.type()))) return;
    }
    found.push_back(Value::bulk(e.first.view()));
  });
  Value::Array reply;
  reply.push_back(Value::bulk(std::to_string(next)));
  reply.push_back(Value::array(std::move(found)));
  return Value::array(std::move(reply));
}

// RANDOMKEY
Outcome randomkey(Context& ctx) {
  const Entry* e = ctx.db().random_entry(ctx.store.rng);
  if (!e) return Value{};
  return Value::bulk(e->first.view());
}

// DBSIZE
// As in Redis, expired keys not reclaimed yet still count.
Outcome dbsize(Context& ctx) { return Value::integer(static_cast<long long>(ctx.db().size())); }

// --- EXPIRE family, TTL family, PERSIST ------------------------------------------------

enum ExpireFlag : unsigned { kExpireNx = 1, kExpireXx = 2, kExpireGt = 4, kExpireLt = 8 };

// The body of EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: key when [NX|XX|GT|LT].
// `basetime_ms` is added to `when` (now for the relative forms, 0 for *AT).
Value expire_generic(Context& ctx, long long basetime_ms, bool seconds) {
  unsigned flags = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const std::string_view option = ctx.argv[i];
    if (iequals(option, "nx")) flags |= kExpireNx;
    else if (iequals(option, "xx")) flags |= kExpireXx;
    else if (iequals(option, "gt")) flags |= kExpireGt;
    else if (iequals(option, "lt")) flags |= kExpireLt;
    else return Value::error(std::string(errors::kUnsupportedOptionPrefix) + printable_option(option));
  }
  if ((flags & kExpireNx) && (flags & (kExpireXx | kExpireGt | kExpireLt)))
    return error_reply(errors::kExpireNxConflict);
  if ((flags & kExpireGt) && (flags & kExpireLt)) return error_reply(errors::kExpireGtLtConflict);

  std::optional<long long> when = integer_arg(ctx, 2);
  if (!when) return not_integer();
  // Negative times are allowed (they delete the key); only overflow is an error.
  if (seconds) {
    if (*when > LLONG_MAX / 1000 || *when < LLONG_MIN / 1000)
      return Value::error(errors::invalid_expire(ctx.command.name));
    *when *= 1000;
  }
  if (*when > LLONG_MAX - basetime_ms) return Value::error(errors::invalid_expire(ctx.command.name));
  *when += basetime_ms;

  Entry* e = ctx.db().find(ctx.argv[1]);
  if (!e) return Value::integer(0);
  if (flags) {
    // A key without a TTL counts as expiring never: GT always fails, LT always passes.
    const std::optional<std::int64_t> current = ctx.db().expiry(*e);
    if ((flags & kExpireNx) && current) return Value::integer(0);
    if ((flags & kExpireXx) && !current) return Value::integer(0);
    if ((flags & kExpireGt) && (!current || *when <= *current)) return Value::integer(0);
    if ((flags & kExpireLt) && current && *when >= *current) return Value::integer(0);
  }
  ctx.db().set_expiry(*e, *when, "expire");  // a time already past deletes the key: still a 1
  return Value::integer(1);
}

// EXPIRE key seconds [NX|XX|GT|LT]
Outcome expire(Context& ctx) { return expire_generic(ctx, ctx.now_ms(), true); }

// PEXPIRE key milliseconds [NX|XX|GT|LT]
Outcome pexpire(Context& ctx) { return expire_generic(ctx, ctx.now_ms(), false); }

// EXPIREAT key unix-time-seconds [NX|XX|GT|LT]
Outcome expireat(Context& ctx) { return expire_generic(ctx, 0, true); }

// PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT]
Outcome pexpireat(Context& ctx) { return expire_generic(ctx, 0, false); }

// The body of TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 for a missing key,
// -1 for a key without TTL, else the time left (or the deadline, `absolute`).
Value ttl_generic(Context& ctx, bool milliseconds, bool absolute) {
  const Entry* e = peek_read(ctx, ctx.argv[1]);
  if (!e) return Value::integer(-2);
  const std::optional<std::int64_t> deadline = ctx.db().expiry(*e);
  if (!deadline) return Value::integer(-1);
  const long long ms = std::max<long long>(absolute ? *deadline : *deadline - ctx.now_ms(), 0);
  return Value::integer(milliseconds ? ms : round_to_seconds(ms));
}

// TTL key
Outcome ttl(Context& ctx) { return ttl_generic(ctx, false, false); }

// PTTL key
Outcome pttl(Context& ctx) { return ttl_generic(ctx, true, false); }

// EXPIRETIME key
Outcome expiretime(Context& ctx) { return ttl_generic(ctx, false, true); }

// PEXPIRETIME key
Outcome pexpiretime(Context& ctx) { return ttl_generic(ctx, true, true); }

// PERSIST key
Outcome persist(Context& ctx) {
  Entry* e = ctx.db().find(ctx.argv[1]);
  return Value::integer(e && ctx.db().persist(*e));
}

// --- OBJECT -----------------------------------------------------------------------
// OBJECT looks keys up without recording an access, so IDLETIME reports the
// idle time as it was before the question.

// OBJECT ENCODING key
Outcome object_encoding(Context& ctx) {
  const Entry* e = peek_read(ctx, ctx.argv[2]);
  if (!e) return Value{};
  return Value::bulk(e->second.encoding());
}

// OBJECT REFCOUNT key
Outcome object_refcount(Context& ctx) {
  const Entry* e = peek_read(ctx, ctx.argv[2]);
  if (!e) return Value{};
  return Value::integer(is_shared_integer(e->second) ? INT_MAX : 1);
}

// OBJECT IDLETIME key: whole seconds since the last access. (Redis keeps an
// LFU counter instead under an LFU maxmemory-policy, which cannot be set yet.)
Outcome object_idletime(Context& ctx) {
  const Entry* e = peek_read(ctx, ctx.argv[2]);
  if (!e) return Value{};
  const long long idle = static_cast<long long>(ctx.db().now_seconds()) - e->second.access_time();
  return Value::integer(std::max(idle, 0LL));
}

// OBJECT FREQ key: as Redis under a policy that is not LFU, the only one
// maxmemory-policy accepts until the store evicts.
Outcome object_freq(Context& ctx) {
  if (!peek_read(ctx, ctx.argv[2])) return Value{};
  return error_reply(errors::kNoLfu);
}

// OBJECT HELP
Outcome object_help(Context&) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  Value::Array lines;
  for (std::string_view line : kLines) lines.push_back(Value::simple(std::string(line)));
  return Value::array(std::move(lines));
}

// --- FLUSHDB, FLUSHALL ------------------------------------------------------------

// FLUSHDB [ASYNC|SYNC] and FLUSHALL [ASYNC|SYNC]: both empty the one database.
// ASYNC leaves freeing the old keyspace to the LazyFree thread; without an
// argument lazyfree-lazy-user-flush decides (Redis's getFlushCommandFlags).
Value flush(Context& ctx) {
  if (ctx.argv.size() > 2) return syntax_error();
  bool async = ctx.store.config.lazyfree_lazy_user_flush;
  if (ctx.argv.size() == 2) {
    if (iequals(ctx.argv[1], "sync")) async = false;
    else if (iequals(ctx.argv[1], "async")) async = true;
    else return syntax_error();
  }
  ctx.db().clear(ctx.command.name, async);
  return Value::ok();
}

// FLUSHDB [ASYNC|SYNC]
Outcome flushdb(Context& ctx) { return flush(ctx); }

// FLUSHALL [ASYNC|SYNC]
Outcome flushall(Context& ctx) { return flush(ctx); }

// --- the table ----------------------------------------------------------------------

constexpr CommandSpec kObjectSubcommands[] = {
    {"object|encoding", 3, kReadonly, 2, 2, 1, &object_encoding, "@keyspace @read @slow"},
    {"object|freq", 3, kReadonly, 2, 2, 1, &object_freq, "@keyspace @read @slow"},
    {"object|help", 2, kLoading | kStale, 0, 0, 0, &object_help, "@keyspace @slow"},
    {"object|idletime", 3, kReadonly, 2, 2, 1, &object_idletime, "@keyspace @read @slow"},
    {"object|refcount", 3, kReadonly, 2, 2, 1, &object_refcount, "@keyspace @read @slow"},
};

constexpr CommandSpec kCommands[] = {
    {"del", -2, kWrite, 1, -1, 1, &del, "@keyspace @write @slow"},
    {"unlink", -2, kWrite | kFast, 1, -1, 1, &unlink, "@keyspace @write @fast"},
    {"exists", -2, kReadonly | kFast, 1, -1, 1, &exists, "@keyspace @read @fast"},
    {"type", 2, kReadonly | kFast, 1, 1, 1, &type, "@keyspace @read @fast"},
    {"touch", -2, kReadonly | kFast, 1, -1, 1, &touch, "@keyspace @read @fast"},
    {"rename", 3, kWrite, 1, 2, 1, &rename, "@keyspace @write @slow"},
    {"renamenx", 3, kWrite | kFast, 1, 2, 1, &renamenx, "@keyspace @write @fast"},
    {"copy", -3, kWrite | kDenyOom, 1, 2, 1, &copy, "@keyspace @write @slow"},
    {"keys", 2, kReadonly, 0, 0, 0, &keys, "@keyspace @read @slow @dangerous"},
    {"scan", -2, kReadonly, 0, 0, 0, &scan, "@keyspace @read @slow"},
    {"randomkey", 1, kReadonly, 0, 0, 0, &randomkey, "@keyspace @read @slow"},
    {"dbsize", 1, kReadonly | kFast, 0, 0, 0, &dbsize, "@keyspace @read @fast"},
    {"expire", -3, kWrite | kFast, 1, 1, 1, &expire, "@keyspace @write @fast"},
    {"pexpire", -3, kWrite | kFast, 1, 1, 1, &pexpire, "@keyspace @write @fast"},
    {"expireat", -3, kWrite | kFast, 1, 1, 1, &expireat, "@keyspace @write @fast"},
    {"pexpireat", -3, kWrite | kFast, 1, 1, 1, &pexpireat, "@keyspace @write @fast"},
    {"ttl", 2, kReadonly | kFast, 1, 1, 1, &ttl, "@keyspace @read @fast"},
    {"pttl", 2, kReadonly | kFast, 1, 1, 1, &pttl, "@keyspace @read @fast"},
    {"expiretime", 2, kReadonly | kFast, 1, 1, 1, &expiretime, "@keyspace @read @fast"},
    {"pexpiretime", 2, kReadonly | kFast, 1, 1, 1, &pexpiretime, "@keyspace @read @fast"},
    {"persist", 2, kWrite | kFast, 1, 1, 1, &persist, "@keyspace @write @fast"},
    {"object", -2, 0, 0, 0, 0, nullptr, "@slow", kObjectSubcommands},
    {"flushdb", -1, kWrite, 0, 0, 0, &flushdb, "@keyspace @write @slow @dangerous"},
    {"flushall", -1, kWrite, 0, 0, 0, &flushall, "@keyspace @write @slow @dangerous"},
};

} // namespace

std::span<const CommandSpec> key_commands() { return kCommands; }

} // namespace not_redis::detail
