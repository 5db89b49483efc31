// COMMAND and its subcommands: the command table described as Redis's
// COMMAND, COMMAND INFO, LIST, COUNT, GETKEYS and GETKEYSANDFLAGS describe theirs (server.c).
// COMMAND DOCS, with the documentation data, is cmd/command_docs.cpp's.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmd/command_docs.hpp"
#include "cmd/command_keys.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// Describing the table's rows as Redis's COMMAND INFO does.

// COMMAND INFO's flag names, in Redis's order; flags Redis hides
// (may_replicate, sentinel, only_sentinel, protected) are left out.
constexpr std::pair<CommandFlag, std::string_view> kFlagNames[] = {
    {kWrite, "write"},
    {kReadonly, "readonly"},
    {kDenyOom, "denyoom"},
    {kAdmin, "admin"},
    {kPubsub, "pubsub"},
    {kNoscript, "noscript"},
    {kBlocking, "blocking"},
    {kLoading, "loading"},
    {kStale, "stale"},
    {kSkipMonitor, "skip_monitor"},
    {kSkipSlowlog, "skip_slowlog"},
    {kFast, "fast"},
    {kNoAuth, "no_auth"},
    {kNoMandatoryKeys, "no_mandatory_keys"},
    {kNoAsyncLoading, "no_async_loading"},
    {kNoMulti, "no_multi"},
    {kMovableKeys, "movablekeys"},
    {kAllowBusy, "allow_busy"},
};

/// The words of an acl-categories string ("@read @string @fast").
std::vector<std::string_view> acl_categories(const CommandSpec& spec) {
  std::vector<std::string_view> out;
  std::string_view rest = spec.acl_categories;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (space != 0) out.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

// One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
// categories, tips, key specs, subcommands (Redis's addReplyCommandInfo). The
// tips and key specs come from Redis's command specs, with COMMAND DOCS's data.
Value command_entry(const CommandSpec& spec) {
  Value::Array flags;
  for (const auto& [flag, name] : kFlagNames)
    if (spec.flags & flag) flags.push_back(Value::simple(std::string(name)));
  Value::Array categories;
  for (std::string_view category : acl_categories(spec)) categories.push_back(Value::simple(std::string(category)));
  Value subcommands = Value::set();
  if (!spec.subcommands.empty()) {
    Value::Array entries;
    for (const CommandSpec& sub : spec.subcommands) entries.push_back(command_entry(sub));
    subcommands = Value::array(std::move(entries));
  }
  Value::Array entry;
  entry.reserve(10);
  entry.push_back(Value::bulk(spec.name));
  entry.push_back(Value::integer(spec.arity));
  entry.push_back(Value::set(std::move(flags)));
  entry.push_back(Value::integer(spec.first_key));
  entry.push_back(Value::integer(spec.last_key));
  entry.push_back(Value::integer(spec.key_step));
  entry.push_back(Value::set(std::move(categories)));
  entry.push_back(command_tips(spec));
  entry.push_back(command_key_specs(spec));
  entry.push_back(std::move(subcommands));
  return Value::array(std::move(entry));
}


/// Whether COMMAND LIST FILTERBY keeps `spec`.
struct ListFilter {
  enum class Kind { none, module, aclcat, pattern } kind = Kind::none;
  std::string_view arg;

  bool keeps(const CommandSpec& spec) const {
    switch (kind) {
    case Kind::none: return true;
    case Kind::module: return false;  // no command comes from a module
    case Kind::aclcat: {
      const auto categories = acl_categories(spec);
      return std::any_of(categories.begin(), categories.end(),
                         [&](std::string_view c) { return iequals(c.substr(1), arg); });
    }
    case Kind::pattern: return glob_match(arg, spec.name, true);
    }
    return false;
  }
};

// Redis's getKeysSubcommandImpl, behind GETKEYS and GETKEYSANDFLAGS.
Value getkeys_reply(const Context& ctx, bool with_flags) {
  std::vector<std::string_view> argv;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) argv.push_back(ctx.argv[i]);
  const CommandSpec* spec = find_for_argv(argv);
  if (!spec) return error_reply(errors::kGetKeysInvalidCommand);
  if (spec->first_key <= 0 && !(spec->flags & kMovableKeys)) return error_reply(errors::kGetKeysNoKeys);
  const auto argc = static_cast<long long>(argv.size());
  if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity) return error_reply(errors::kGetKeysInvalidArity);
  const std::vector<KeyRef> keys = command_keys(*spec, argv);
  if (keys.empty()) return spec->flags & kNoMandatoryKeys ? Value::array() : error_reply(errors::kGetKeysInvalidArguments);
  Value::Array out;
  out.reserve(keys.size());
  for (const KeyRef& key : keys) {
    Value name = Value::bulk(argv[key.pos]);
    out.push_back(with_flags ? Value::array({std::move(name), key_spec_flags_reply(key.flags)}) : std::move(name));
  }
  return Value::array(std::move(out));
}

// ---------------------------------------------------------------------------
// Command handlers.

// COMMAND (every command's COMMAND INFO entry)
Outcome command(Context&) {
  Value::Array entries;
  for (const CommandSpec* spec : CommandTable::instance().all()) entries.push_back(command_entry(*spec));
  return Value::array(std::move(entries));
}

// COMMAND COUNT
Outcome command_count(Context&) {
  return Value::integer(static_cast<long long>(CommandTable::instance().all().size()));
}

// COMMAND INFO [command-name ...]
Outcome command_info(Context& ctx) {
  if (ctx.argv.size() == 2) return command(ctx);
  Value::Array entries;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const CommandSpec* spec = CommandTable::instance().find_full_name(ctx.argv[i]);
    entries.push_back(spec ? command_entry(*spec) : Value{});
  }
  return Value::array(std::move(entries));
}

// COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
Outcome command_list(Context& ctx) {
  ListFilter filter;
  if (ctx.argv.size() == 5 && iequals(ctx.argv[2], "filterby")) {
    const std::string_view kind = ctx.argv[3];
    if (iequals(kind, "module")) filter.kind = ListFilter::Kind::module;
    else if (iequals(kind, "aclcat")) filter.kind = ListFilter::Kind::aclcat;
    else if (iequals(kind, "pattern")) filter.kind = ListFilter::Kind::pattern;
    else return syntax_error();
    filter.arg = ctx.argv[4];
  } else if (ctx.argv.size() != 2) {
    return syntax_error();
  }
  Value::Array names;
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    if (filter.keeps(*spec)) names.push_back(Value::bulk(spec->name));
    for (const CommandSpec& sub : spec->subcommands)
      if (filter.keeps(sub)) names.push_back(Value::bulk(sub.name));
  }
  return Value::array(std::move(names));
}

// COMMAND GETKEYS command [arg ...]
Outcome command_getkeys(Context& ctx) { return getkeys_reply(ctx, false); }

// COMMAND GETKEYSANDFLAGS command [arg ...]
Outcome command_getkeysandflags(Context& ctx) { return getkeys_reply(ctx, true); }

// COMMAND HELP
Outcome command_help(Context&) {
  return help_reply("COMMAND", {
                                   "(no subcommand)",
                                   "    Return details about all Redis commands.",
                                   "COUNT",
                                   "    Return the total number of commands in this Redis server.",
                                   "LIST",
                                   "    Return a list of all commands in this Redis server.",
                                   "INFO [<command-name> ...]",
                                   "    Return details about multiple Redis commands.",
                                   "    If no command names are given, documentation details for all",
                                   "    commands are returned.",
                                   "DOCS [<command-name> ...]",
                                   "    Return documentation details about multiple Redis commands.",
                                   "    If no command names are given, documentation details for all",
                                   "    commands are returned.",
                                   "GETKEYS <full-command>",
                                   "    Return the keys from a full Redis command.",
                                   "GETKEYSANDFLAGS <full-command>",
                                   "    Return the keys and the access flags from a full Redis command.",
                               });
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr std::uint32_t kCommandFlags = kLoading | kStale | kSentinel;

constexpr CommandSpec kCommandSubcommands[] = {
    {"command|count", 2, kCommandFlags, 0, 0, 0, &command_count, "@slow @connection"},
    {"command|docs", -2, kCommandFlags, 0, 0, 0, &command_docs, "@slow @connection"},
    {"command|getkeys", -4, kCommandFlags, 0, 0, 0, &command_getkeys, "@slow @connection"},
    {"command|getkeysandflags", -4, kCommandFlags, 0, 0, 0, &command_getkeysandflags, "@slow @connection"},
    {"command|help", 2, kCommandFlags, 0, 0, 0, &command_help, "@slow @connection"},
    {"command|info", -2, kCommandFlags, 0, 0, 0, &command_info, "@slow @connection"},
    {"command|list", -2, kCommandFlags, 0, 0, 0, &command_list, "@slow @connection"},
};

constexpr CommandSpec kCommands[] = {
    {"command", -1, kCommandFlags, 0, 0, 0, &command, "@slow @connection", kCommandSubcommands},
};

} // namespace

std::span<const CommandSpec> introspection_commands() { return kCommands; }

} // namespace not_redis::detail
