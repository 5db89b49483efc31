// SLOWLOG and the log it reads (Redis's slowlog.c): dispatch hands every
// command that ran to slowlog_push with the duration it measured for
// commandstats, so the log costs no clock reading of its own.

#include "families/slowlog.hpp"

#include <algorithm>
#include <climits>
#include <new>
#include <span>
#include <string>
#include <utility>

#include "families/connection.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING: a log of huge
// MSETs must not keep their whole arguments alive.
constexpr std::size_t kMaxArgs = 32;
constexpr std::size_t kMaxArgBytes = 128;

// Redis's slowlogCreateEntry: past 32 arguments the 32nd says how many more
// there were; an argument past 128 bytes keeps those and says how many more.
std::vector<std::string> logged_argv(const Argv& argv) {
  const std::vector<bool> redacted = redacted_arguments(argv);
  const std::size_t kept = std::min(argv.size(), kMaxArgs);
  std::vector<std::string> out;
  out.reserve(kept);
  for (std::size_t j = 0; j < kept; ++j) {
    if (kept != argv.size() && j == kept - 1) {
      out.push_back(fmt::format("... ({} more arguments)", argv.size() - kept + 1));
    } else if (redacted[j]) {
      out.emplace_back("(redacted)");
    } else if (argv[j].size() > kMaxArgBytes) {
      out.push_back(fmt::format("{}... ({} more bytes)", argv[j].substr(0, kMaxArgBytes), argv[j].size() - kMaxArgBytes));
    } else {
      out.emplace_back(argv[j]);
    }
  }
  return out;
}

Value entry_reply(const SlowlogEntry& entry) {
  Value::Array args;
  args.reserve(entry.argv.size());
  for (const std::string& arg : entry.argv) args.push_back(Value::bulk(arg));
  return Value::array({Value::integer(static_cast<long long>(entry.id)), Value::integer(entry.unix_time_s),
                       Value::integer(entry.duration_us), Value::array(std::move(args)), Value::bulk(entry.peer),
                       Value::bulk(entry.client_name)});
}

// ---------------------------------------------------------------------------
// Command handlers.

// SLOWLOG GET [count]
Outcome slowlog_get(Context& ctx) {
  if (ctx.argv.size() > 3) return subcommand_syntax_error(ctx, "SLOWLOG");
  const auto& entries = ctx.store.slowlog.entries;
  std::size_t count = 10;
  if (ctx.argv.size() == 3) {
    // Redis's getRangeLongFromObjectOrReply with its own message: a word gets
    // the same text as a count below -1.
    const auto n = integer_arg(ctx, 2);
    if (!n || *n < -1) return error_reply(errors::kSlowlogBadCount);
    count = *n == -1 ? entries.size() : static_cast<std::size_t>(*n);
  }
  Value::Array out;
  count = std::min(count, entries.size());
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(entry_reply(entries[i]));
  return Value::array(std::move(out));
}

// SLOWLOG LEN
Outcome slowlog_len(Context& ctx) { return Value::integer(static_cast<long long>(ctx.store.slowlog.entries.size())); }

// SLOWLOG RESET
Outcome slowlog_reset(Context& ctx) {
  ctx.store.slowlog.entries.clear();
  return Value::ok();
}

// SLOWLOG HELP
Outcome slowlog_help(Context&) {
  return help_reply("SLOWLOG", {
                                   "GET [<count>]",
                                   "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                                   "    Entries are made of:",
                                   "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                                   "    client name",
                                   "LEN",
                                   "    Return the length of the slowlog.",
                                   "RESET",
                                   "    Reset the slowlog.",
                               });
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr CommandSpec kSlowlogSubcommands[] = {
    {"slowlog|get", -2, kAdmin | kLoading | kStale, 0, 0, 0, &slowlog_get, "@admin @slow @dangerous"},
    {"slowlog|help", 2, kLoading | kStale, 0, 0, 0, &slowlog_help, "@slow"},
    {"slowlog|len", 2, kAdmin | kLoading | kStale, 0, 0, 0, &slowlog_len, "@admin @slow @dangerous"},
    {"slowlog|reset", 2, kAdmin | kLoading | kStale, 0, 0, 0, &slowlog_reset, "@admin @slow @dangerous"},
};

constexpr CommandSpec kCommands[] = {
    {"slowlog", -2, 0, 0, 0, 0, nullptr, "@slow", kSlowlogSubcommands},
};

} // namespace

void slowlog_push(Store& store, const Session& session, const CommandSpec& spec, const Argv& argv,
                  std::int64_t now_us, std::int64_t duration_us) noexcept {
  const Config& config = store.config;
  if (config.slowlog_log_slower_than < 0 || (spec.flags & kSkipSlowlog)) return;
  auto& entries = store.slowlog.entries;
  if (duration_us >= config.slowlog_log_slower_than) {
    try {
      SlowlogEntry entry{.id = store.slowlog.next_id,
                         .unix_time_s = now_us / 1'000'000,
                         .duration_us = duration_us,
                         .argv = logged_argv(argv),
                         .peer = session.addr,
                         .client_name = session.name};
      entries.push_front(std::move(entry));
      ++store.slowlog.next_id;
    } catch (const std::bad_alloc&) {
      // The command ran; losing its log entry is better than failing its reply.
    }
  }
  // As Redis: trimmed on every command, so a lowered slowlog-max-len takes
  // effect at the next command, logged or not.
  const auto max_len = static_cast<unsigned long long>(config.slowlog_max_len);
  while (entries.size() > max_len) entries.pop_back();
}

std::span<const CommandSpec> slowlog_commands() { return kCommands; }

} // namespace not_redis::detail
