#include "cmd/table.hpp"

#include <algorithm>
#include <array>
#include <new>
#include <string>

#include <fmt/format.h>

#include "cmd/errors.hpp"
#include "families/slowlog.hpp"
#include "families/transactions.hpp"

namespace not_redis::detail {

namespace {

constexpr std::size_t kMaxNameLength = 32;

// ASCII only, as Redis's strcasecmp in the C locale; std::tolower would be a
// locale-aware call per character on the hottest path.
unsigned char lower(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u | 0x20) : u;
}

// FNV-1a over the lower-cased name: command lookup must not allocate.
std::size_t name_hash(std::string_view name) noexcept {
  std::size_t h = 1469598103934665603ULL;
  for (char c : name) h = (h ^ lower(c)) * 1099511628211ULL;
  return h;
}

} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

const CommandTable& CommandTable::instance() {
  static const CommandTable table;
  return table;
}

CommandTable::CommandTable() {
  // One explicit list of families (self-registration gets dropped by linkers).
  for (auto family : {string_commands(), key_commands(), introspection_commands(), config_commands(), info_commands(),
                      server_commands(), hash_commands(), list_commands(), set_commands(), zset_commands(), stream_commands(), stream_read_commands(),
                      stream_group_commands(),
                      zset_operation_commands(), pubsub_commands(), connection_commands(), transaction_commands(),
                      slowlog_commands(), bitmap_commands(), hyperloglog_commands(), geo_commands(),
                      sort_commands(), dump_commands()})
    for (const CommandSpec& spec : family) all_.push_back(&spec);
  std::size_t size = 16;
  while (size < all_.size() * 4) size *= 2;
  buckets_.assign(size, nullptr);
  for (const CommandSpec* spec : all_) {
    std::size_t i = name_hash(spec->name) & (size - 1);
    while (buckets_[i]) i = (i + 1) & (size - 1);
    buckets_[i] = spec;
  }
}

const CommandSpec* CommandTable::find(std::string_view name) const noexcept {
  if (name.size() > kMaxNameLength) return nullptr;
  const std::size_t mask = buckets_.size() - 1;
  for (std::size_t i = name_hash(name) & mask; buckets_[i]; i = (i + 1) & mask)
    if (iequals(buckets_[i]->name, name)) return buckets_[i];
  return nullptr;
}

const CommandSpec* CommandTable::find_subcommand(const CommandSpec& container, std::string_view name) noexcept {
  for (const CommandSpec& sub : container.subcommands) {
    const std::string_view short_name = sub.name.substr(sub.name.find('|') + 1);
    if (iequals(short_name, name)) return &sub;
  }
  return nullptr;
}

const CommandSpec* CommandTable::find_full_name(std::string_view full_name) const noexcept {
  const std::size_t bar = full_name.find('|');
  if (bar == std::string_view::npos) return find(full_name);
  const CommandSpec* container = find(full_name.substr(0, bar));
  return container ? find_subcommand(*container, full_name.substr(bar + 1)) : nullptr;
}

namespace {

bool arity_ok(int arity, std::size_t argc) noexcept {
  return arity >= 0 ? argc == static_cast<std::size_t>(arity) : argc >= static_cast<std::size_t>(-arity);
}

std::string args_preview(const Argv& argv) {
  // As Redis: quote arguments while the preview is shorter than 128 bytes.
  std::string out;
  for (std::size_t i = 1; i < argv.size() && out.size() < 128; ++i) {
    // Redis prints each with "%.*s": a NUL ends the argument.
    std::string_view arg = argv[i].substr(0, 128 - out.size());
    arg = arg.substr(0, arg.find('\0'));
    out += '\'';
    out += arg;
    out += "' ";
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The commands that run at once inside MULTI instead of being queued
// (Redis's processCommand lists the same six).
bool runs_inside_multi(const CommandSpec& spec) noexcept {
  const std::string_view name = spec.name;
  return name == "exec" || name == "discard" || name == "multi" || name == "watch" || name == "quit" ||
         name == "reset";
}

// What a RESP2 connection with subscriptions may run (Redis's processCommand
// lists the same nine).
bool allowed_while_subscribed(const CommandSpec& spec) noexcept {
  static constexpr std::string_view kAllowed[] = {"ping",         "subscribe",   "ssubscribe", "unsubscribe", "sunsubscribe",
                                                  "psubscribe",   "punsubscribe", "quit",       "reset"};
  return std::find(std::begin(kAllowed), std::end(kAllowed), spec.name) != std::end(kAllowed);
}

Outcome run(Store& store, Session& session, const Argv& argv, CallMode mode) noexcept {
  try {
    if (argv.empty()) return Value::error("ERR empty command");
    // Redis's rejectCommand: a refused command also dooms the transaction
    // being queued (EXEC then answers EXECABORT).
    auto refuse = [&](std::string text) {
      if (session.multi.active) session.multi.aborted = true;
      return Value::error(std::move(text));
    };
    const CommandSpec* spec = CommandTable::instance().find(argv[0]);
    if (!spec) return refuse(errors::unknown_command(argv[0], args_preview(argv)));
    // Redis checks the command's shape before authentication, and counts a
    // command refused at this stage as rejected, not as called.
    auto reject = [&](const CommandSpec& command, std::string text) {
      ++store.stats.commands[&command].rejected_calls;
      // Redis's execCommandAbort: a refused EXEC discards the transaction and
      // says why, without the ERR of formatted errors (NOAUTH keeps its word).
      if (command.name == "exec") {
        discard_transaction(store, session);
        if (text.starts_with("ERR ")) text.erase(0, 4);
        return Value::error(fmt::format("{}{}", errors::kExecAbortBecause, text));
      }
      return refuse(std::move(text));
    };
    if (!arity_ok(spec->arity, argv.size())) return reject(*spec, errors::wrong_arity(spec->name));
    // A container needs a subcommand, unless it has a handler of its own for
    // being called alone (plain COMMAND lists every command).
    if (!spec->subcommands.empty() && (argv.size() > 1 || !spec->handler)) {
      if (argv.size() < 2) return reject(*spec, errors::wrong_arity(spec->name));
      const CommandSpec* sub = CommandTable::find_subcommand(*spec, argv[1]);
      if (!sub) return reject(*spec, errors::unknown_subcommand(argv[1], upper(spec->name)));
      if (!arity_ok(sub->arity, argv.size())) return reject(*sub, errors::wrong_arity(sub->name));
      spec = sub;
    }
    // As Redis: once requirepass is cleared, nobody needs to authenticate.
    if (!session.authenticated && !store.config.requirepass.empty() && !(spec->flags & kNoAuth))
      return reject(*spec, std::string(errors::kNoAuth));
    // As Redis: a RESP2 connection with subscriptions reads only messages,
    // so it may run nothing that would answer in between.
    if (session.resp == 2 && session.subscribed() && !allowed_while_subscribed(*spec))
      return reject(*spec, fmt::format("ERR Can't execute '{}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                                       "RESET are allowed in this context",
                                       spec->name));
    if (session.multi.active && !mode.deny_blocking && !runs_inside_multi(*spec)) {
      session.last_command = spec->name;
      try {
        session.multi.queued.push_back(argv);
      } catch (const std::bad_alloc&) {
        // A command that could not be queued dooms the transaction: EXEC must
        // not run the others without it.
        return refuse(std::string(errors::kOutOfMemory));
      }
      for (std::string_view arg : argv) session.multi.queued_bytes += arg.size();
      return Value::simple("QUEUED");
    }
    const std::int64_t started_us = store.clock->now().count();
    const std::int64_t now_us = mode.now_us ? mode.now_us : started_us;
    store.db.set_now(now_us / 1000);
    Context ctx{store, session, argv, *spec, now_us, mode};
    Outcome outcome = spec->handler(ctx);
    session.last_command = spec->name;
    // As Redis: admin commands (CONFIG...) and those flagged skip-monitor are
    // not shown, and a blocking command shows once, when first called.
    if (!mode.reprocessing && store.sessions && store.sessions->has_monitors() &&
        !(spec->flags & (kAdmin | kSkipMonitor)))
      store.sessions->feed_monitors(session, argv, now_us);
    // Counted and logged when it is served, as Redis does once it unblocks:
    // the wait is not the command's own time.
    if (outcome.blocked()) return outcome;
    // Timed on the store's clock from the reading already taken: one clock
    // read per command instead of two, and deterministic under a ManualClock.
    const std::int64_t finished_us = store.clock->now().count();
    const std::int64_t duration_us = std::max<std::int64_t>(0, finished_us - started_us);
    // Counted after the handler, as Redis's call() does: INFO does not count
    // itself, and CONFIG RESETSTAT leaves the counter at 1.
    CommandStats& stats = store.stats.commands[spec];
    ++stats.calls;
    stats.usec += static_cast<std::uint64_t>(duration_us);
    stats.latency.record(duration_us * 1000);  // Redis's histograms are in ns, from µs readings
    // Inside EXEC each command is logged on its own (EXEC is skip_slowlog).
    slowlog_push(store, session, *spec, argv, finished_us, duration_us);
    if (outcome.reply().is_error()) ++stats.failed_calls;
    ++store.stats.commands_processed;
    return outcome;
  } catch (const std::bad_alloc&) {
    return Value::error(std::string(errors::kOutOfMemory));
  } catch (const std::exception& e) {
    // Handlers reply with errors; reaching here is a bug, but it must not kill the loop.
    try {
      return Value::error(std::string("ERR internal error: ") + e.what());
    } catch (...) {
      return Value{};
    }
  } catch (...) {
    return Value{};
  }
}

/// INFO errorstats: every error reply counts under its code ("ERR", "WRONGTYPE"...).
void count_error(Store& store, std::string_view text) noexcept {
  ++store.stats.error_replies;
  try {
    const std::string_view code = text.substr(0, text.find(' '));
    auto it = store.stats.errors.find(code);
    if (it == store.stats.errors.end()) it = store.stats.errors.emplace(std::string(code), 0).first;
    ++it->second;
  } catch (const std::bad_alloc&) {
    // A statistic is not worth failing the command for.
  }
}

} // namespace

Outcome dispatch(Store& store, Session& session, const Argv& argv, CallMode mode) noexcept {
  Outcome outcome = run(store, session, argv, mode);
  if (!outcome.blocked() && outcome.reply().is_error()) count_error(store, outcome.reply().string());
  return outcome;
}

} // namespace not_redis::detail
