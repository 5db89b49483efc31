// COMMAND DOCS, against replies taken from redis-server 7.0.15 (RESP3, as in-process callers see them).

#include <algorithm>
#include <string>
#include <utility>

#include "cmd/command_docs.hpp"
#include "cmd/table.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::detail::CommandSpec;
using not_redis::detail::CommandTable;

namespace {

/// A map reply with bulk-string keys, in the given order.
Value fields(std::initializer_list<std::pair<std::string_view, Value>> entries) {
  Value::Array flat;
  for (const auto& [key, value] : entries) {
    flat.push_back(bulk(key));
    flat.push_back(value);
  }
  return Value::map(std::move(flat));
}

Value flags(std::initializer_list<std::string_view> names) {
  Value::Array out;
  for (std::string_view name : names) out.push_back(simple(std::string(name)));
  return Value::set(std::move(out));
}

Value history(std::initializer_list<std::pair<std::string_view, std::string_view>> entries) {
  Value::Array out;
  for (const auto& [version, change] : entries) out.push_back(bulks({version, change}));
  return Value::set(std::move(out));
}

/// The keys of a map reply.
std::vector<std::string> keys_of(const Value& map) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < map.elements().size(); i += 2) out.push_back(map.elements()[i].string());
  return out;
}

const Value kGetDocs = fields({
    {"summary", bulk("Get the value of a key")},
    {"since", bulk("1.0.0")},
    {"group", bulk("string")},
    {"complexity", bulk("O(1)")},
    {"arguments", array({fields({{"name", bulk("key")}, {"type", bulk("key")}, {"key_spec_index", integer(0)}})})},
});

const Value kConfigGetDocs = fields({
    {"summary", bulk("Get the values of configuration parameters")},
    {"since", bulk("2.0.0")},
    {"group", bulk("server")},
    {"complexity", bulk("O(N) when N is the number of configuration parameters provided")},
    {"history", history({{"7.0.0", "Added the ability to pass multiple pattern parameters in one call"}})},
    {"arguments", array({fields({
                      {"name", bulk("parameter")},
                      {"type", bulk("block")},
                      {"flags", flags({"multiple"})},
                      {"arguments", array({fields({{"name", bulk("parameter")}, {"type", bulk("string")}})})},
                  })})},
});

} // namespace

TEST_CASE("COMMAND DOCS GET replies as Redis 7 does") {
  Store store;
  CHECK(store.run({"COMMAND", "DOCS", "get"}) == fields({{"get", kGetDocs}}));
  CHECK(store.run({"command", "docs", "GET"}) == fields({{"get", kGetDocs}}));  // Redis's full name, lower case
}

TEST_CASE("COMMAND DOCS SET: history, oneof blocks, tokens, since and flags") {
  Store store;
  const auto token = [](std::string_view name, std::string_view type, std::string_view token, std::string_view since) {
    return fields({{"name", bulk(name)}, {"type", bulk(type)}, {"token", bulk(token)}, {"since", bulk(since)}});
  };
  const Value set = fields({
      {"summary", bulk("Set the string value of a key")},
      {"since", bulk("1.0.0")},
      {"group", bulk("string")},
      {"complexity", bulk("O(1)")},
      {"history", history({{"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
                           {"6.0.0", "Added the `KEEPTTL` option."},
                           {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
                           {"7.0.0", "Allowed the `NX` and `GET` options to be used together."}})},
      {"arguments",
       array({
           fields({{"name", bulk("key")}, {"type", bulk("key")}, {"key_spec_index", integer(0)}}),
           fields({{"name", bulk("value")}, {"type", bulk("string")}}),
           fields({{"name", bulk("condition")},
                   {"type", bulk("oneof")},
                   {"since", bulk("2.6.12")},
                   {"flags", flags({"optional"})},
                   {"arguments",
                    array({fields({{"name", bulk("nx")}, {"type", bulk("pure-token")}, {"token", bulk("NX")}}),
                           fields({{"name", bulk("xx")}, {"type", bulk("pure-token")}, {"token", bulk("XX")}})})}}),
           fields({{"name", bulk("get")},
                   {"type", bulk("pure-token")},
                   {"token", bulk("GET")},
                   {"since", bulk("6.2.0")},
                   {"flags", flags({"optional"})}}),
           fields({{"name", bulk("expiration")},
                   {"type", bulk("oneof")},
                   {"flags", flags({"optional"})},
                   {"arguments", array({token("seconds", "integer", "EX", "2.6.12"),
                                        token("milliseconds", "integer", "PX", "2.6.12"),
                                        token("unix-time-seconds", "unix-time", "EXAT", "6.2.0"),
                                        token("unix-time-milliseconds", "unix-time", "PXAT", "6.2.0"),
                                        token("keepttl", "pure-token", "KEEPTTL", "6.0.0")})}}),
       })},
  });
  CHECK(store.run({"COMMAND", "DOCS", "set"}) == fields({{"set", set}}));
}

TEST_CASE("COMMAND DOCS of a deprecated command names its replacement") {
  Store store;
  const Value getset = fields({
      {"summary", bulk("Set the string value of a key and return its old value")},
      {"since", bulk("1.0.0")},
      {"group", bulk("string")},
      {"complexity", bulk("O(1)")},
      {"doc_flags", flags({"deprecated"})},
      {"deprecated_since", bulk("6.2.0")},
      {"replaced_by", bulk("`SET` with the `!GET` argument")},
      {"arguments", array({fields({{"name", bulk("key")}, {"type", bulk("key")}, {"key_spec_index", integer(0)}}),
                           fields({{"name", bulk("value")}, {"type", bulk("string")}})})},
  });
  CHECK(store.run({"COMMAND", "DOCS", "getset"}) == fields({{"getset", getset}}));
}

TEST_CASE("COMMAND DOCS of subcommands, and of containers with their subcommands") {
  Store store;
  CHECK(store.run({"COMMAND", "DOCS", "config|get"}) == fields({{"config|get", kConfigGetDocs}}));
  CHECK(store.run({"COMMAND", "DOCS", "CONFIG|GET"}) == fields({{"config|get", kConfigGetDocs}}));

  // A container: its own docs, then every subcommand the table has (Redis's
  // CONFIG REWRITE is not one of ours), in the table's order.
  const Value config = store.run({"COMMAND", "DOCS", "config"});
  REQUIRE(keys_of(config) == std::vector<std::string>{"config"});
  const Value& docs = config[1];  // a map indexes its flat list: [1] is the first value
  REQUIRE(keys_of(docs) == std::vector<std::string>{"summary", "since", "group", "complexity", "subcommands"});
  CHECK(docs[1] == bulk("A container for server configuration commands"));
  CHECK(docs[3] == bulk("2.0.0"));
  CHECK(docs[5] == bulk("server"));
  CHECK(docs[7] == bulk("Depends on subcommand."));
  const Value& subcommands = docs[9];
  std::vector<std::string> expected;
  for (const CommandSpec& sub : CommandTable::instance().find("config")->subcommands) expected.emplace_back(sub.name);
  CHECK(keys_of(subcommands) == expected);
  const auto docs_of = [&](std::string_view name) {
    const auto at = std::find(expected.begin(), expected.end(), name) - expected.begin();
    return subcommands[2 * static_cast<std::size_t>(at) + 1];  // a map indexes its flat list
  };
  CHECK(docs_of("config|get") == kConfigGetDocs);
  CHECK(docs_of("config|help") == fields({{"summary", bulk("Show helpful text about the different subcommands")},
                                          {"since", bulk("5.0.0")},
                                          {"group", bulk("server")},
                                          {"complexity", bulk("O(1)")}}));

  // COMMAND DOCS documents itself.
  const Value command = store.run({"COMMAND", "DOCS", "command"})[1];
  const std::vector<std::string> command_keys = keys_of(command);
  REQUIRE(command_keys.back() == "subcommands");
  const auto sub_keys = keys_of(command.elements().back());
  CHECK(std::count(sub_keys.begin(), sub_keys.end(), "command|docs") == 1);
  CHECK(store.run({"COMMAND", "DOCS", "command|docs"}) ==
        fields({{"command|docs",
                 fields({{"summary", bulk("Get array of specific Redis command documentation")},
                         {"since", bulk("7.0.0")},
                         {"group", bulk("server")},
                         {"complexity", bulk("O(N) where N is the number of commands to look up")},
                         {"arguments", array({fields({{"name", bulk("command-name")},
                                                      {"type", bulk("string")},
                                                      {"flags", flags({"optional", "multiple"})}})})}})}}));
}

TEST_CASE("COMMAND DOCS skips unknown names and repeats repeated ones") {
  Store store;
  CHECK(store.run({"COMMAND", "DOCS", "get", "nosuch", "GET", "config|nosuch", "get|x", "config|get|x", "", "k\0k"sv}) ==
        fields({{"get", kGetDocs}, {"get", kGetDocs}}));
  CHECK(store.run({"COMMAND", "DOCS", "nosuch"}) == Value::map({}));
}

TEST_CASE("COMMAND DOCS alone documents every command") {
  Store store;
  const Value all = store.run({"COMMAND", "DOCS"});
  REQUIRE(all.type() == Value::Type::map);
  CHECK(store.run({"COMMAND", "COUNT"}) == integer(static_cast<long long>(all.size())));
  std::vector<std::string> names;
  for (const CommandSpec* spec : CommandTable::instance().all()) names.emplace_back(spec->name);
  CHECK(keys_of(all) == names);
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    CHECK(store.run({"COMMAND", "DOCS", names[i]}) == fields({{names[i], all[2 * i + 1]}}));
  }
}

TEST_CASE("every command and subcommand of the table has docs") {
  // A new command needs its docs: run `python3 lib/cmd/gen_command_docs.py`.
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    CHECK_MESSAGE(not_redis::detail::find_command_doc(spec->name) != nullptr, "no docs for ", spec->name);
    for (const CommandSpec& sub : spec->subcommands)
      CHECK_MESSAGE(not_redis::detail::find_command_doc(sub.name) != nullptr, "no docs for ", sub.name);
  }
  CHECK(not_redis::detail::find_command_doc("nosuch") == nullptr);
  CHECK(not_redis::detail::find_command_doc("config|rewrite") == nullptr);  // Redis has it; we do not
}

TEST_CASE("COMMAND HELP lists DOCS as Redis does") {
  Store store;
  const Value help = store.run({"COMMAND", "HELP"});
  const auto& lines = help.elements();
  const auto docs = std::find(lines.begin(), lines.end(), simple("DOCS [<command-name> ...]"));
  REQUIRE(docs != lines.end());
  REQUIRE(lines.end() - docs > 4);
  CHECK(docs[1] == simple("    Return documentation details about multiple Redis commands."));
  CHECK(docs[2] == simple("    If no command names are given, documentation details for all"));
  CHECK(docs[3] == simple("    commands are returned."));
  CHECK(docs[4] == simple("GETKEYS <full-command>"));
}
