#pragma once
// COMMAND DOCS: each command's documentation as Redis 7.0 replies it (summary,
// history, argument tree), which redis-cli reads to show argument hints; and
// the tips and key specs COMMAND INFO shows. The data is generated from
// Redis's command specs by gen_command_docs.py.

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

/// A key spec's flags; COMMAND INFO names them "RO", "access"...
enum KeySpecFlag : std::uint16_t {
  kKeyRo = 1u << 0,
  kKeyRw = 1u << 1,
  kKeyOw = 1u << 2,
  kKeyRm = 1u << 3,
  kKeyAccess = 1u << 4,
  kKeyUpdate = 1u << 5,
  kKeyInsert = 1u << 6,
  kKeyDelete = 1u << 7,
  kKeyNotKey = 1u << 8,
  kKeyIncomplete = 1u << 9,
  kKeyVariableFlags = 1u << 10,
};

enum class BeginSearch : std::uint8_t { unknown, index, keyword };
enum class FindKeys : std::uint8_t { unknown, range, keynum };

/// Where a command's keys are, as Redis's key specs describe it: a search for
/// the first key (begin), then how the keys follow it (find).
struct KeySpec {
  std::string_view notes = {};  ///< empty = none
  std::uint16_t flags = 0;      ///< KeySpecFlag bits
  BeginSearch begin = BeginSearch::unknown;
  int index = 0;                   ///< BeginSearch::index: the first key's position
  std::string_view keyword = {};  ///< BeginSearch::keyword: the token before the keys
  int startfrom = 0;               ///< BeginSearch::keyword: where to look for it (negative from the end)
  FindKeys find = FindKeys::unknown;
  // In an order both kinds of find can name their fields in (designated initializers).
  int lastkey = 0;    ///< FindKeys::range: the last key, relative to the first (negative from the end)
  int keynumidx = 0;  ///< FindKeys::keynum: the key count's position, relative to the begin
  int firstkey = 0;   ///< FindKeys::keynum: the first key's, relative to the begin
  int keystep = 0;    ///< both: the distance between keys
  int limit = 0;      ///< FindKeys::range: with lastkey -1, only 1/limit of the rest (0 = all)
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
  std::span<const std::string_view> tips = {};  ///< lower case: "nondeterministic_output"
  std::span<const KeySpec> key_specs = {};
};

/// The docs of a command by its lower-case full name ("config|get"), or nullptr.
const CommandDoc* find_command_doc(std::string_view full_name) noexcept;

/// One command's COMMAND DOCS map, with its subcommands' (those of the table) under "subcommands".
Value command_docs_entry(const CommandSpec& spec, const CommandDoc& doc);

/// COMMAND INFO's tips for a row (a set of bulk strings; empty without docs).
Value command_tips(const CommandSpec& spec);

/// A key spec's flags as COMMAND INFO and GETKEYSANDFLAGS show them: a set of
/// simple strings ("RW", "access"...), in Redis's order.
Value key_spec_flags_reply(std::uint16_t flags);

/// COMMAND INFO's key specs for a row (a set of maps; empty without docs).
Value command_key_specs(const CommandSpec& spec);

// COMMAND DOCS [command-name ...]
Outcome command_docs(Context& ctx);

} // namespace not_redis::detail
