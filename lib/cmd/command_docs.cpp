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

// Redis's addReplyFlagsForKeyArgs order.
constexpr std::pair<KeySpecFlag, std::string_view> kKeySpecFlagNames[] = {
    {kKeyRo, "RO"},         {kKeyRw, "RW"},         {kKeyOw, "OW"},          {kKeyRm, "RM"},
    {kKeyAccess, "access"}, {kKeyUpdate, "update"}, {kKeyInsert, "insert"}, {kKeyDelete, "delete"},
    {kKeyNotKey, "not_key"}, {kKeyIncomplete, "incomplete"}, {kKeyVariableFlags, "variable_flags"}};

template <class Flag, class Bits, std::size_t N>
Value flag_set(Bits bits, const std::pair<Flag, std::string_view> (&names)[N]) {
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

/// A map of `name => integer` pairs.
Value integer_map(std::initializer_list<std::pair<std::string_view, int>> fields) {
  Value::Array map;
  for (const auto& [name, n] : fields) {
    map.push_back(Value::bulk(name));
    map.push_back(Value::integer(n));
  }
  return Value::map(std::move(map));
}

/// A key spec's begin_search or find_keys: `type => name, spec => {...}`.
Value search_step(std::string_view type, Value spec) {
  return Value::map({Value::bulk("type"), Value::bulk(type), Value::bulk("spec"), std::move(spec)});
}

// Redis's addReplyCommandKeySpecs, for one spec.
Value key_spec_reply(const KeySpec& key_spec) {
  Value::Array map;
  add_text(map, "notes", key_spec.notes);
  map.push_back(Value::bulk("flags"));
  map.push_back(flag_set(key_spec.flags, kKeySpecFlagNames));
  map.push_back(Value::bulk("begin_search"));
  switch (key_spec.begin) {
  case BeginSearch::unknown: map.push_back(search_step("unknown", Value::map({}))); break;
  case BeginSearch::index: map.push_back(search_step("index", integer_map({{"index", key_spec.index}}))); break;
  case BeginSearch::keyword:
    map.push_back(search_step("keyword", Value::map({Value::bulk("keyword"), Value::bulk(key_spec.keyword),
                                                     Value::bulk("startfrom"), Value::integer(key_spec.startfrom)})));
    break;
  }
  map.push_back(Value::bulk("find_keys"));
  switch (key_spec.find) {
  case FindKeys::unknown: map.push_back(search_step("unknown", Value::map({}))); break;
  case FindKeys::range:
    map.push_back(search_step("range", integer_map({{"lastkey", key_spec.lastkey},
                                                    {"keystep", key_spec.keystep},
                                                    {"limit", key_spec.limit}})));
    break;
  case FindKeys::keynum:
    map.push_back(search_step("keynum", integer_map({{"keynumidx", key_spec.keynumidx},
                                                     {"firstkey", key_spec.firstkey},
                                                     {"keystep", key_spec.keystep}})));
    break;
  }
  return Value::map(std::move(map));
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

Value command_tips(const CommandSpec& spec) {
  Value::Array tips;
  if (const CommandDoc* doc = find_command_doc(spec.name))
    for (std::string_view tip : doc->tips) tips.push_back(Value::bulk(tip));
  return Value::set(std::move(tips));
}

Value key_spec_flags_reply(std::uint16_t flags) { return flag_set(flags, kKeySpecFlagNames); }

Value command_key_specs(const CommandSpec& spec) {
  Value::Array specs;
  if (const CommandDoc* doc = find_command_doc(spec.name))
    for (const KeySpec& key_spec : doc->key_specs) specs.push_back(key_spec_reply(key_spec));
  return Value::set(std::move(specs));
}

// COMMAND DOCS [command-name ...]
Outcome command_docs(Context& ctx) {
  Value::Array map;
  if (ctx.argv.size() == 2) {
    for (const CommandSpec* spec : CommandTable::instance().all()) add_entry(map, *spec);
  } else {
    // Unknown names are skipped and repeated ones answered again, as Redis does.
    for (std::size_t i = 2; i < ctx.argv.size(); ++i)
      if (const CommandSpec* spec = CommandTable::instance().find_full_name(ctx.argv[i])) add_entry(map, *spec);
  }
  return Value::map(std::move(map));
}

} // namespace not_redis::detail
