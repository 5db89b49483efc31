#pragma once
// The command table's row type.

#include <span>
#include <string_view>

#include "cmd/context.hpp"
#include "cmd/flags.hpp"

namespace not_redis::detail {

using Handler = Outcome (*)(Context&);

/// One row of the command table, as Redis declares commands.
struct CommandSpec {
  std::string_view name;  ///< lower case; a subcommand's full name is "container|name"
  int arity;              ///< counts the command name; negative = at least -arity
  std::uint32_t flags;
  int first_key;  ///< 0 = no keys
  int last_key;   ///< negative counts from the end
  int key_step;
  Handler handler;
  std::string_view acl_categories;  ///< e.g. "@write @string @slow"
  std::span<const CommandSpec> subcommands = {};
  /// For movable-keys commands whose keys follow a count (SINTERCARD 2 a b,
  /// LMPOP, BLMPOP): the position of that count; 0 = none.
  int numkeys_at = 0;
};

} // namespace not_redis::detail
