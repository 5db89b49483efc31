// COMMAND DOCS, against replies taken from redis-server 7.0.15 (RESP3, as in-process callers see them).

#include <algorithm>
#include <string>
#include <utility>

#include "cmd/command_docs.hpp"
#include "cmd/table.hpp"
#include "harness.hpp"
#include "resp/reply_writer.hpp"

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

// ---------------------------------------------------------------------------
// COMMAND INFO's tips and key specs (the 8th and 9th elements of an entry),
// generated with the docs; expectations taken from redis-server 7.0.15.

namespace {

Value simples(std::initializer_list<std::string_view> names) {
  Value::Array out;
  for (std::string_view name : names) out.push_back(simple(std::string(name)));
  return Value::set(std::move(out));
}

Value bulk_set(std::initializer_list<std::string_view> texts) {
  Value::Array out;
  for (std::string_view text : texts) out.push_back(bulk(text));
  return Value::set(std::move(out));
}

Value search(std::string_view type, Value spec) { return fields({{"type", bulk(type)}, {"spec", std::move(spec)}}); }
Value index_at(int pos) { return search("index", fields({{"index", integer(pos)}})); }
Value range(int lastkey, int keystep, int limit) {
  return search("range", fields({{"lastkey", integer(lastkey)}, {"keystep", integer(keystep)}, {"limit", integer(limit)}}));
}
Value keynum(int keynumidx, int firstkey, int keystep) {
  return search("keynum",
                fields({{"keynumidx", integer(keynumidx)}, {"firstkey", integer(firstkey)}, {"keystep", integer(keystep)}}));
}

Value key_spec(std::initializer_list<std::string_view> key_flags, Value begin, Value find) {
  return fields({{"flags", simples(key_flags)}, {"begin_search", std::move(begin)}, {"find_keys", std::move(find)}});
}

/// A COMMAND INFO entry.
Value info_entry(std::string_view name, int arity, std::initializer_list<std::string_view> command_flags, int first,
                 int last, int step, std::initializer_list<std::string_view> categories, Value tips, Value key_specs) {
  return array({bulk(name), integer(arity), simples(command_flags), integer(first), integer(last), integer(step),
                simples(categories), std::move(tips), std::move(key_specs), Value::set()});
}

} // namespace

TEST_CASE("COMMAND INFO GET and SET: key specs, with notes when the spec has them") {
  Store store;
  const Value get = info_entry("get", 2, {"readonly", "fast"}, 1, 1, 1, {"@read", "@string", "@fast"}, Value::set(),
                               Value::set({key_spec({"RO", "access"}, index_at(1), range(0, 1, 0))}));
  CHECK(store.run({"COMMAND", "INFO", "get"}) == array({get}));

  const Value set_spec = fields({{"notes", bulk("RW and ACCESS due to the optional `GET` argument")},
                                 {"flags", simples({"RW", "access", "update", "variable_flags"})},
                                 {"begin_search", index_at(1)},
                                 {"find_keys", range(0, 1, 0)}});
  const Value set = info_entry("set", -3, {"write", "denyoom"}, 1, 1, 1, {"@write", "@string", "@slow"}, Value::set(),
                               Value::set({set_spec}));
  CHECK(store.run({"command", "info", "SET", "get"}) == array({set, get}));

  // Plain COMMAND has the same entries.
  const Value everything = store.run({"COMMAND"});
  CHECK(std::count(everything.elements().begin(), everything.elements().end(), get) == 1);
  CHECK(std::count(everything.elements().begin(), everything.elements().end(), set) == 1);
}

TEST_CASE("COMMAND INFO key specs: several keys, ranges to the end, steps") {
  Store store;
  CHECK(store.run({"COMMAND", "INFO", "lmove"})[0][8] ==
        Value::set({key_spec({"RW", "access", "delete"}, index_at(1), range(0, 1, 0)),
                    key_spec({"RW", "insert"}, index_at(2), range(0, 1, 0))}));
  CHECK(store.run({"COMMAND", "INFO", "del"})[0][8] ==
        Value::set({key_spec({"RM", "delete"}, index_at(1), range(-1, 1, 0))}));
  CHECK(store.run({"COMMAND", "INFO", "mset"})[0][8] ==
        Value::set({key_spec({"OW", "update"}, index_at(1), range(-1, 2, 0))}));
  CHECK(store.run({"COMMAND", "INFO", "ping"})[0][8] == Value::set());
}

TEST_CASE("COMMAND INFO of keynum commands: SINTERCARD, LMPOP, BLMPOP") {
  Store store;
  const Value sintercard =
      info_entry("sintercard", -3, {"readonly", "movablekeys"}, 0, 0, 0, {"@read", "@set", "@slow"}, Value::set(),
                 Value::set({key_spec({"RO", "access"}, index_at(1), keynum(0, 1, 1))}));
  CHECK(store.run({"COMMAND", "INFO", "sintercard"}) == array({sintercard}));
  CHECK(store.run({"COMMAND", "INFO", "lmpop"})[0][8] ==
        Value::set({key_spec({"RW", "access", "delete"}, index_at(1), keynum(0, 1, 1))}));
  const Value blmpop =
      info_entry("blmpop", -5, {"write", "blocking", "movablekeys"}, 0, 0, 0, {"@write", "@list", "@slow", "@blocking"},
                 Value::set(), Value::set({key_spec({"RW", "access", "delete"}, index_at(2), keynum(0, 1, 1))}));
  CHECK(store.run({"COMMAND", "INFO", "blmpop"}) == array({blmpop}));
}

TEST_CASE("COMMAND INFO tips: lower case bulk strings in the spec's order") {
  Store store;
  CHECK(store.run({"COMMAND", "INFO", "keys"})[0][7] ==
        bulk_set({"request_policy:all_shards", "nondeterministic_output_order"}));
  CHECK(store.run({"COMMAND", "INFO", "ping"})[0][7] ==
        bulk_set({"request_policy:all_shards", "response_policy:all_succeeded"}));
  CHECK(store.run({"COMMAND", "INFO", "randomkey"})[0][7] ==
        bulk_set({"request_policy:all_shards", "nondeterministic_output"}));
  CHECK(store.run({"COMMAND", "INFO", "get"})[0][7] == Value::set());
}

TEST_CASE("COMMAND INFO of subcommands: their own tips and key specs") {
  Store store;
  const Value config_get = info_entry("config|get", -3, {"admin", "noscript", "loading", "stale"}, 0, 0, 0,
                                      {"@admin", "@slow", "@dangerous"}, Value::set(), Value::set());
  CHECK(store.run({"COMMAND", "INFO", "config|get"}) == array({config_get}));

  const Value object_encoding =
      info_entry("object|encoding", 3, {"readonly"}, 2, 2, 1, {"@keyspace", "@read", "@slow"},
                 bulk_set({"nondeterministic_output"}),
                 Value::set({key_spec({"RO"}, index_at(2), range(0, 1, 0))}));
  CHECK(store.run({"COMMAND", "INFO", "object|encoding"}) == array({object_encoding}));

  // Inside their container's entry too; the container itself has neither.
  const Value object = store.run({"COMMAND", "INFO", "object"})[0];
  CHECK(object[7] == Value::set());
  CHECK(object[8] == Value::set());
  CHECK(std::count(object[9].elements().begin(), object[9].elements().end(), object_encoding) == 1);
  const Value config = store.run({"COMMAND", "INFO", "config"})[0];
  CHECK(std::count(config[9].elements().begin(), config[9].elements().end(), config_get) == 1);
}

TEST_CASE("every key_spec_index of the docs names a key spec of the command") {
  // The docs' arguments and COMMAND INFO's key specs come from one spec: a key
  // argument pointing past the key specs means the generator dropped some.
  const auto max_index = [](auto&& self, std::span<const not_redis::detail::ArgDoc> args) -> int {
    int out = -1;
    for (const auto& arg : args) out = std::max({out, arg.key_spec_index, self(self, arg.arguments)});
    return out;
  };
  const auto check = [&](const CommandSpec& spec) {
    const auto* doc = not_redis::detail::find_command_doc(spec.name);
    REQUIRE(doc != nullptr);
    CAPTURE(spec.name);
    // A NOT_KEY spec (SSUBSCRIBE's shard channels) names arguments that are not keys.
    const auto keys = std::count_if(doc->key_specs.begin(), doc->key_specs.end(), [](const auto& k) {
      return !(k.flags & not_redis::detail::kKeyNotKey);
    });
    CHECK(max_index(max_index, doc->arguments) + 1 == static_cast<int>(keys));
  };
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    check(*spec);
    for (const CommandSpec& sub : spec->subcommands) check(sub);
  }
}

TEST_CASE("COMMAND INFO's bytes in RESP2 and RESP3 are Redis's") {
  // Captured from redis-server 7.0.15 with a raw socket.
  Store store;
  const auto bytes = [&](std::string_view name, int resp) {
    std::string out;
    not_redis::detail::resp::write_reply(out, store.run({"COMMAND", "INFO", name}), resp);
    return out;
  };
  CHECK(bytes("sintercard", 2) ==
        "*1\r\n*10\r\n$10\r\nsintercard\r\n:-3\r\n*2\r\n+readonly\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n"
        "*3\r\n+@read\r\n+@set\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
        "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
        "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n"
        "$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n");
  CHECK(bytes("sintercard", 3) ==
        "*1\r\n*10\r\n$10\r\nsintercard\r\n:-3\r\n~2\r\n+readonly\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n"
        "~3\r\n+@read\r\n+@set\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n"
        "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n"
        "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n"
        "$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n~0\r\n");
  CHECK(bytes("keys", 2) ==
        "*1\r\n*10\r\n$4\r\nkeys\r\n:2\r\n*1\r\n+readonly\r\n:0\r\n:0\r\n:0\r\n"
        "*4\r\n+@keyspace\r\n+@read\r\n+@slow\r\n+@dangerous\r\n"
        "*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n");
  CHECK(bytes("keys", 3) ==
        "*1\r\n*10\r\n$4\r\nkeys\r\n:2\r\n~1\r\n+readonly\r\n:0\r\n:0\r\n:0\r\n"
        "~4\r\n+@keyspace\r\n+@read\r\n+@slow\r\n+@dangerous\r\n"
        "~2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n~0\r\n");
}
