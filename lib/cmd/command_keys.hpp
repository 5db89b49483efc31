#pragma once
// Where a command's keys are: Redis's getKeysFromCommandWithSpecs over the key
// specs of Redis 7.0.15, for COMMAND GETKEYS and for a cluster client's slot
// routing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "cmd/command.hpp"

namespace not_redis::detail {

/// A key of a command's arguments: its position and its key spec's flags.
struct KeyRef {
  std::size_t pos;
  std::uint16_t flags;
};

/// The row that would run `argv` (Redis's lookupCommand), or nullptr.
const CommandSpec* find_for_argv(std::span<const std::string_view> argv);

/// Redis's getKeysFromCommandWithSpecs for the rows of the table: the key
/// specs, except where Redis asks the command itself (SET's GET option, a key
/// count the specs refuse).
std::vector<KeyRef> command_keys(const CommandSpec& spec, std::span<const std::string_view> argv);

} // namespace not_redis::detail
