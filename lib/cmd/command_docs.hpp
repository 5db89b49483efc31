#pragma once
// COMMAND DOCS: each command's documentation as Redis 7.0 replies it (summary,
// history, argument tree), which redis-cli reads to show argument hints.
// The data is generated from Redis's command specs by gen_command_docs.py.

#include <cstdint>
#include <span>
#include <string_view>

#include <not_redis/value.hpp>

#include "cmd/command.hpp"

namespace not_redis::detail {

/// An argument's type; COMMAND DOCS names them "string", "unix-time", "pure-token"...
enum class ArgType : std::uint8_t { string, integer, double_number, key, pattern, unix_time, pure_token, oneof, block };

enum ArgFlag : std::uint8_t { kArgOptional = 1u << 0, kArgMultiple = 1u << 1, kArgMultipleToken = 1u << 2 };
enum DocFlag : std::uint8_t { kDocDeprecated = 1u << 0, kDocSyscmd = 1u << 1 };

/// One argument of a command's synopsis; an empty string is a field Redis leaves out.
struct ArgDoc {
  std::string_view name = {};
  ArgType type = ArgType::string;
  std::uint8_t flags = 0;  ///< ArgFlag bits
  int key_spec_index = -1;  ///< -1 = not a key
  std::string_view token = {};
  std::string_view summary = {};
  std::string_view since = {};
  std::string_view deprecated_since = {};
  std::span<const ArgDoc> arguments = {};  ///< a oneof's choices or a block's parts
};

struct HistoryEntry {
  std::string_view version = {};
  std::string_view change = {};
};

struct CommandDoc {
  std::string_view name = {};  ///< full name, lower case: "get", "config|get"
  std::string_view summary = {};
  std::string_view since = {};
  std::string_view group = {};
  std::string_view complexity = {};
  std::uint8_t doc_flags = 0;  ///< DocFlag bits
  std::string_view deprecated_since = {};
  std::string_view replaced_by = {};
  std::span<const HistoryEntry> history = {};
  std::span<const ArgDoc> arguments = {};
};

/// The docs of a command by its lower-case full name ("config|get"), or nullptr.
const CommandDoc* find_command_doc(std::string_view full_name) noexcept;

/// One command's COMMAND DOCS map, with its subcommands' (those of the table) under "subcommands".
Value command_docs_entry(const CommandSpec& spec, const CommandDoc& doc);

// COMMAND DOCS [command-name ...]
Value command_docs(Context& ctx);

} // namespace not_redis::detail
