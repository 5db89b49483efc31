#pragma once
// The command table: every command, found by name in any letter case.

#include <span>
#include <string_view>
#include <vector>

#include "cmd/command.hpp"

namespace not_redis::detail {

/// Each family file defines its rows next to its handlers.
std::span<const CommandSpec> string_commands();
std::span<const CommandSpec> key_commands();
std::span<const CommandSpec> introspection_commands();
std::span<const CommandSpec> config_commands();
std::span<const CommandSpec> info_commands();
std::span<const CommandSpec> server_commands();
std::span<const CommandSpec> hash_commands();
std::span<const CommandSpec> list_commands();
std::span<const CommandSpec> set_commands();
std::span<const CommandSpec> zset_commands();
std::span<const CommandSpec> stream_commands();
std::span<const CommandSpec> stream_read_commands();
std::span<const CommandSpec> stream_group_commands();
std::span<const CommandSpec> zset_operation_commands();
std::span<const CommandSpec> pubsub_commands();
std::span<const CommandSpec> connection_commands();
std::span<const CommandSpec> transaction_commands();
std::span<const CommandSpec> slowlog_commands();
std::span<const CommandSpec> bitmap_commands();
std::span<const CommandSpec> hyperloglog_commands();
std::span<const CommandSpec> geo_commands();
std::span<const CommandSpec> sort_commands();
std::span<const CommandSpec> dump_commands();

class CommandTable {
public:
  /// The table of every family, built once.
  static const CommandTable& instance();

  const CommandSpec* find(std::string_view name) const noexcept;
  static const CommandSpec* find_subcommand(const CommandSpec& container, std::string_view name) noexcept;
  /// A row by its full name, in any letter case: "get", or "config|get" for a
  /// subcommand (Redis's lookupCommandBySds).
  const CommandSpec* find_full_name(std::string_view full_name) const noexcept;
  /// Every top-level command, in table order.
  const std::vector<const CommandSpec*>& all() const noexcept { return all_; }

private:
  CommandTable();
  std::vector<const CommandSpec*> all_;
  std::vector<const CommandSpec*> buckets_;  // open addressing on the lower-cased name
};

/// ASCII case-insensitive equality (command names, options).
bool iequals(std::string_view a, std::string_view b) noexcept;

/// The table's single entry point (Redis's processCommand and call()): checks
/// the command, its arity and the session's authentication with Redis's
/// texts, queues it if `session` is inside MULTI, takes the time once, runs the
/// handler for `session`, keeps the stats and feeds MONITOR. Never throws. The
/// caller drains the keyspace's events afterwards (the engine, once per
/// top-level command: a whole EXEC counts as one).
Outcome dispatch(Store& store, Session& session, const Argv& argv, CallMode mode = {}) noexcept;

} // namespace not_redis::detail
