#include "cmd/command_docs.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "cmd/table.hpp"

namespace not_redis::detail {

namespace {

#include "cmd/command_docs.inc"

constexpr std::string_view kArgTypeNames[] = {"string", "integer",    "double", "key",  "pattern",
                                              "unix-time", "pure-token", "oneof",  "block"};

constexpr std::pair<ArgFlag, std::string_view> kArgFlagNames[] = {
    {kArgOptional, "optional"}, {kArgMultiple, "multiple"}, {kArgMultipleToken, "multiple_token"}};

constexpr std::pair<DocFlag, std::string_view> kDocFlagNames[] = {{kDocDeprecated, "deprecated"},
                                                                   {kDocSyscmd, "syscmd"}};

template <class Flag, std::size_t N>
Value flag_set(std::uint8_t bits, const std::pair<Flag, std::string_view> (&names)[N]) {
  Value::Array out;
  for (const auto& [flag, name] : names)
    if (bits & flag) out.push_back(Value::simple(std::string(name)));
  return Value::set(std::move(out));
}

/// Appends `key => bulk(value)` unless the value is absent.
void add_text(Value::Array& map, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  map.push_back(Value::bulk(key));
  map.push_back(Value::bulk(value));
}

// Redis's addReplyCommandArgList: fields in its order, absent ones left out.
Value arguments_reply(std::span<const ArgDoc> args) {
  Value::Array out;
  out.reserve(args.size());
  for (const ArgDoc& arg : args) {
    Value::Array map;
    add_text(map, "name", arg.name);
    add_text(map, "type", kArgTypeNames[static_cast<std::size_t>(arg.type)]);
    if (arg.key_spec_index >= 0) {
      map.push_back(Value::bulk("key_spec_index"));
      map.push_back(Value::integer(arg.key_spec_index));
    }
    add_text(map, "token", arg.token);
    add_text(map, "summary", arg.summary);
    add_text(map, "since", arg.since);
    add_text(map, "deprecated_since", arg.deprecated_since);
    if (arg.flags) {
      map.push_back(Value::bulk("flags"));
      map.push_back(flag_set(arg.flags, kArgFlagNames));
    }
    if (arg.type == ArgType::oneof || arg.type == ArgType::block) {
      map.push_back(Value::bulk("arguments"));
      map.push_back(arguments_reply(arg.arguments));
    }
    out.push_back(Value::map(std::move(map)));
  }
  return Value::array(std::move(out));
}

/// A row by its full name, in any letter case: "get", or "config|get" (Redis's lookupCommandBySds).
const CommandSpec* find_by_full_name(std::string_view full_name) {
  const std::size_t bar = full_name.find('|');
  if (bar == std::string_view::npos) return CommandTable::instance().find(full_name);
  const CommandSpec* container = CommandTable::instance().find(full_name.substr(0, bar));
  if (!container) return nullptr;
  return CommandTable::find_subcommand(*container, full_name.substr(bar + 1));
}

/// Appends `name => docs` for a row that has docs.
void add_entry(Value::Array& map, const CommandSpec& spec) {
  const CommandDoc* doc = find_command_doc(spec.name);
  if (!doc) return;  // command_docs_test sees to it that every row has docs
  map.push_back(Value::bulk(spec.name));
  map.push_back(command_docs_entry(spec, *doc));
}

} // namespace

const CommandDoc* find_command_doc(std::string_view full_name) noexcept {
  const auto* it = std::lower_bound(std::begin(kCommandDocs), std::end(kCommandDocs), full_name,
                                    [](const CommandDoc& doc, std::string_view name) { return doc.name < name; });
  return it != std::end(kCommandDocs) && it->name == full_name ? it : nullptr;
}

// Redis's addReplyCommandDocs.
Value command_docs_entry(const CommandSpec& spec, const CommandDoc& doc) {
  Value::Array map;
  add_text(map, "summary", doc.summary);
  add_text(map, "since", doc.since);
  add_text(map, "group", doc.group);
  add_text(map, "complexity", doc.complexity);
  if (doc.doc_flags) {
    map.push_back(Value::bulk("doc_flags"));
    map.push_back(flag_set(doc.doc_flags, kDocFlagNames));
  }
  add_text(map, "deprecated_since", doc.deprecated_since);
  add_text(map, "replaced_by", doc.replaced_by);
  if (!doc.history.empty()) {
    Value::Array history;
    for (const HistoryEntry& entry : doc.history)
      history.push_back(Value::array({Value::bulk(entry.version), Value::bulk(entry.change)}));
    map.push_back(Value::bulk("history"));
    map.push_back(Value::set(std::move(history)));
  }
  if (!doc.arguments.empty()) {
    map.push_back(Value::bulk("arguments"));
    map.push_back(arguments_reply(doc.arguments));
  }
  if (!spec.subcommands.empty()) {
    // Only the subcommands the table has, in its order (Redis's come in hash order).
    Value::Array subcommands;
    for (const CommandSpec& sub : spec.subcommands) add_entry(subcommands, sub);
    map.push_back(Value::bulk("subcommands"));
    map.push_back(Value::map(std::move(subcommands)));
  }
  return Value::map(std::move(map));
}

// COMMAND DOCS [command-name ...]
Value command_docs(Context& ctx) {
  Value::Array map;
  if (ctx.argv.size() == 2) {
    for (const CommandSpec* spec : CommandTable::instance().all()) add_entry(map, *spec);
  } else {
    // Unknown names are skipped and repeated ones answered again, as Redis does.
    for (std::size_t i = 2; i < ctx.argv.size(); ++i)
      if (const CommandSpec* spec = find_by_full_name(ctx.argv[i])) add_entry(map, *spec);
  }
  return Value::map(std::move(map));
}

} // namespace not_redis::detail
