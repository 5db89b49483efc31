#pragma once
// What every family file shares: typed lookups through the keyspace gate,
// argument parsing with Redis's error texts, and reply shorthands.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <not_redis/value.hpp>

#include "cmd/command.hpp"
#include "cmd/errors.hpp"
#include "cmd/settings.hpp"
#include "cmd/table.hpp"
#include "util/numbers.hpp"

namespace not_redis::detail {

inline Value error_reply(std::string_view text) { return Value::error(std::string(text)); }
inline Value wrong_type() { return error_reply(errors::kWrongType); }
inline Value syntax_error() { return error_reply(errors::kSyntax); }

/// An argument as Redis's "%s" shows it in an error: up to a NUL, on one line.
inline std::string error_arg(std::string_view arg) {
  std::string out(arg.substr(0, arg.find('\0')));
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

/// Redis's addReplySubcommandSyntaxError, for a subcommand given too many arguments.
inline Value subcommand_syntax_error(const Context& ctx, std::string_view container) {
  return Value::error(fmt::format(fmt::runtime(errors::kSubcommandSyntax), error_arg(ctx.argv[1].substr(0, 128)), container));
}

/// Redis's addReplyHelp: the usage line, the given lines, then HELP's own.
inline Value help_reply(std::string_view container, std::initializer_list<std::string_view> lines) {
  Value::Array out;
  out.reserve(lines.size() + 3);
  out.push_back(Value::simple(fmt::format("{} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", container)));
  for (std::string_view line : lines) out.push_back(Value::simple(std::string(line)));
  out.push_back(Value::simple("HELP"));
  out.push_back(Value::simple("    Prints this help."));
  return Value::array(std::move(out));
}

/// A key lookup for a command that needs a value of `type`.
struct Lookup {
  Entry* entry = nullptr;
  bool wrong_type = false;
};

/// A read that found nothing: counted (INFO keyspace_misses) and, with
/// notifications of class m on, reported as "keymiss", as Redis's lookupKeyRead.
inline void note_miss(Context& ctx, std::string_view key) {
  ++ctx.store.stats.keyspace_misses;
  if (ctx.store.config.notify_keyspace_events & kNotifyKeyMiss) [[unlikely]] ctx.db().notice("keymiss", key);
}

/// Looks `key` up for reading: counts a keyspace hit or miss, as Redis's
/// lookupKeyRead does, and flags a value of another type.
inline Lookup lookup_read(Context& ctx, std::string_view key, ObjectType type) {
  Entry* e = ctx.db().find(key);
  if (!e) {
    note_miss(ctx, key);
    return {};
  }
  ++ctx.store.stats.keyspace_hits;
  if (e->second.type() != type) return {e, true};
  return {e, false};
}

/// Looks `key` up for writing (no hit/miss accounting).
inline Lookup lookup_write(Context& ctx, std::string_view key, ObjectType type) {
  Entry* e = ctx.db().find(key);
  if (e && e->second.type() != type) return {e, true};
  return {e, false};
}

/// The integer at argv[i], or nullopt (reply errors::kNotInteger).
inline std::optional<long long> integer_arg(const Context& ctx, std::size_t i) { return parse_integer(ctx.argv[i]); }

inline Value not_integer() { return error_reply(errors::kNotInteger); }

/// The options of SCAN, HSCAN and SSCAN, from argv[first] on.
struct ScanArgs {
  long long count = 10;
  std::optional<std::string_view> pattern;  ///< unset for no MATCH or MATCH *
  std::optional<std::string_view> type;     ///< SCAN only
};

/// Parses COUNT n, MATCH pattern and (with `allow_type`) TYPE name, as Redis's
/// scanGenericCommand does; returns the error reply for bad options.
inline std::optional<Value> parse_scan_args(const Context& ctx, std::size_t first, bool allow_type, ScanArgs& out) {
  for (std::size_t i = first; i < ctx.argv.size(); i += 2) {
    const std::string_view option = ctx.argv[i];
    if (i + 1 >= ctx.argv.size()) return syntax_error();
    if (iequals(option, "count")) {
      const std::optional<long long> n = integer_arg(ctx, i + 1);
      if (!n) return not_integer();
      if (*n < 1) return syntax_error();
      out.count = *n;
    } else if (iequals(option, "match")) {
      out.pattern = ctx.argv[i + 1];
      if (*out.pattern == "*") out.pattern.reset();
    } else if (allow_type && iequals(option, "type")) {
      out.type = ctx.argv[i + 1];
    } else {
      return syntax_error();
    }
  }
  return std::nullopt;
}

/// Redis's LRANGE/LTRIM/ZRANGE index arithmetic: the inclusive range [start, end] of
/// a list of `size` elements, or nullopt when it selects nothing.
inline std::optional<std::pair<std::size_t, std::size_t>> clamp_range(long long start, long long end, std::size_t size) {
  const auto n = static_cast<long long>(size);
  if (start < 0) start += n;
  if (end < 0) end += n;
  if (start < 0) start = 0;
  if (start > end || start >= n) return std::nullopt;
  if (end >= n) end = n - 1;
  return std::pair{static_cast<std::size_t>(start), static_cast<std::size_t>(end)};
}

/// The arguments of LMPOP/BLMPOP and ZMPOP/BZMPOP: numkeys at `numkeys_at`,
/// the keys, one of two end words (LEFT|RIGHT, MIN|MAX) and [COUNT count],
/// then, for the blocking forms, the timeout at argv[1]: parsed last, as in
/// Redis.
struct MpopArgs {
  std::vector<std::string_view> keys;
  bool second_end = false;  ///< RIGHT or MAX
  std::size_t count = 1;
  std::optional<std::int64_t> deadline;  ///< blocking forms only
};
/// Parses them as Redis's lmpopGenericCommand and zmpopGenericCommand do;
/// nullopt and the error in `error` if they are wrong.
std::optional<MpopArgs> parse_mpop(const Context& ctx, std::size_t numkeys_at, std::string_view first_end,
                                   std::string_view second_end, bool blocking, Value& error);

/// Redis 7.0's getTimeoutFromObjectOrReply for the seconds of a blocking
/// command: a deadline in ms on the store's clock (0 = wait forever), or
/// nullopt and the error in `error`.
std::optional<std::int64_t> timeout_deadline(const Context& ctx, std::string_view arg, Value& error);

} // namespace not_redis::detail
