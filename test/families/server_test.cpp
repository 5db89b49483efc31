// The server family, command by command, as redis-cli would show it.
// Every expected reply was checked against redis-server 7.0.15; where
// not_redis differs on purpose (one database, no key specs, settings we do
// not have), the test says so.

#include <algorithm>
#include <chrono>
#include <climits>
#include <set>
#include <string>
#include <vector>

#include "cmd/settings.hpp"
#include "cmd/table.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::Error;

namespace {

Value verbatim(std::string text) { return Value::verbatim("txt", std::move(text)); }
Value map(std::initializer_list<std::string_view> flat) {
  Value::Array a;
  for (auto v : flat) a.push_back(Value::bulk(v));
  return Value::map(std::move(a));
}
Value set_of(std::initializer_list<std::string_view> simples) {
  Value::Array a;
  for (auto v : simples) a.push_back(Value::simple(std::string(v)));
  return Value::set(std::move(a));
}

/// INFO's text for `argv` (Redis 7 replies RESP3 verbatim "txt").
std::string info_text(Store& store, std::initializer_list<std::string_view> argv) {
  Value v = store.run(argv);
  REQUIRE(v.type() == Value::Type::verbatim_string);
  CHECK(v.verbatim_format() == "txt");
  return v.string();
}

/// The "# Title" lines of an INFO reply, in order.
std::vector<std::string> info_titles(const std::string& text) {
  std::vector<std::string> titles;
  for (std::size_t at = 0; (at = text.find("# ", at)) != std::string::npos; at += 2)
    titles.push_back(text.substr(at + 2, text.find("\r\n", at) - at - 2));
  return titles;
}

std::set<std::string> strings_of(const Value& v) {
  std::set<std::string> out;
  for (const Value& e : v.elements()) out.insert(e.string());
  return out;
}

Value config_unknown(std::string_view name) {
  return err("ERR Unknown option or number of arguments for CONFIG SET - '" + std::string(name) + "'");
}

std::size_t top_level_rows() { return not_redis::detail::CommandTable::instance().all().size(); }

} // namespace

TEST_CASE("PING answers PONG or echoes its argument") {
  Store store;
  CHECK(store.run({"PING"}) == simple("PONG"));
  CHECK(store.run({"ping", "hi"}) == bulk("hi"));
  CHECK(store.run({"PING", "a\0b"sv}) == bulk("a\0b"sv));
  CHECK(store.run({"PING", ""}) == bulk(""));
  CHECK(store.run({"PING", "a", "b"}) == arity_error("ping"));
  CHECK(store->ping().get() == "PONG");
  CHECK(store->ping("hello").get() == "hello");
}

TEST_CASE("ECHO returns its argument, binary safe") {
  Store store;
  CHECK(store.run({"ECHO", "hello world"}) == bulk("hello world"));
  CHECK(store.run({"echo", "a\0\r\nb"sv}) == bulk("a\0\r\nb"sv));
  CHECK(store.run({"ECHO", ""}) == bulk(""));
  CHECK(store.run({"ECHO"}) == arity_error("echo"));
  CHECK(store.run({"ECHO", "a", "b"}) == arity_error("echo"));
  CHECK(store->echo("x\0y"sv).get() == "x\0y"sv);
}

TEST_CASE("TIME follows the store's clock") {
  Store store;
  const auto start = store.clock.now().count();
  CHECK(store.run({"TIME"}) == bulks({std::to_string(start / 1'000'000), std::to_string(start % 1'000'000)}));

  store.clock.advance(1500123us);
  const auto later = start + 1500123;
  CHECK(store.run({"time"}) == bulks({std::to_string(later / 1'000'000), std::to_string(later % 1'000'000)}));
  CHECK(store->time().get().time_since_epoch() == std::chrono::microseconds(later));

  CHECK(store.run({"TIME", "x"}) == arity_error("time"));
}

TEST_CASE("SELECT accepts only database 0") {
  Store store;
  const Value out_of_range = err("ERR DB index is out of range");
  CHECK(store.run({"SELECT", "0"}) == ok());
  // Redis (databases 16) accepts 1..15; a store has one database.
  CHECK(store.run({"SELECT", "1"}) == out_of_range);
  CHECK(store.run({"SELECT", "15"}) == out_of_range);
  CHECK(store.run({"SELECT", "16"}) == out_of_range);
  CHECK(store.run({"SELECT", "-1"}) == out_of_range);
  CHECK(store.run({"SELECT", "2147483647"}) == out_of_range);
  for (std::string_view bad : std::initializer_list<std::string_view>{"x", "00", " 0", "1.0", "", "99999999999999999999", "0\0"sv})
    CHECK(store.run({"SELECT", bad}) == err(kNotInteger));
  const Value int_range = err("ERR value is out of range, value must between -2147483648 and 2147483647");
  CHECK(store.run({"SELECT", "2147483648"}) == int_range);
  CHECK(store.run({"SELECT", "-2147483649"}) == int_range);
  CHECK(store.run({"SELECT"}) == arity_error("select"));
  CHECK(store.run({"SELECT", "0", "1"}) == arity_error("select"));

  store->select(0).get();
  CHECK_THROWS_AS(store->select(1).get(), Error);
}

TEST_CASE("INFO lays sections out as Redis does") {
  Store store;
  const std::string all = info_text(store, {"INFO"});
  // redis-server 7.0's default sections, in its order.
  CHECK(info_titles(all) == std::vector<std::string>{"Server", "Clients", "Memory", "Persistence", "Stats", "Replication",
                                                     "CPU", "Modules", "Errorstats", "Cluster", "Keyspace"});
  CHECK(all.starts_with("# Server\r\nredis_version:7.0.15\r\n"));
  CHECK(all.find("\r\n\r\n# Clients\r\n") != std::string::npos);
  CHECK(all.ends_with("# Keyspace\r\n"));  // empty keyspace: the title alone

  CHECK(info_titles(info_text(store, {"INFO", "default"})) == info_titles(all));
  // Commandstats and Latencystats only when asked for, as in Redis.
  for (std::string_view name : {"all", "everything", "ALL"})
    CHECK(info_titles(info_text(store, {"INFO", name})) ==
          std::vector<std::string>{"Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                                   "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace"});
  CHECK(info_titles(info_text(store, {"INFO", "default", "latencystats"})).size() == 12);

  // Several sections come in Redis's order, whatever the order asked; case does not matter.
  CHECK(info_titles(info_text(store, {"INFO", "keyspace", "SERVER"})) == std::vector<std::string>{"Server", "Keyspace"});
  CHECK(info_titles(info_text(store, {"INFO", "clients", "clients"})) == std::vector<std::string>{"Clients"});

  CHECK(store.run({"INFO", "nosuch"}) == verbatim(""));
  CHECK(store.run({"INFO", "keyspace"}) == verbatim("# Keyspace\r\n"));
  CHECK(store.run({"INFO", "clients"}) == verbatim("# Clients\r\nconnected_clients:0\r\ncluster_connections:0\r\n"
                                                   "maxclients:10000\r\nclient_recent_max_input_buffer:0\r\n"
                                                   "client_recent_max_output_buffer:0\r\n"
                                                   "blocked_clients:0\r\ntracking_clients:0\r\n"
                                                   "clients_in_timeout_table:0\r\n"));
  CHECK(store->info("keyspace").get() == "# Keyspace\r\n");
  CHECK(store->info().get().starts_with("# Server\r\n"));
}

TEST_CASE("INFO persistence, replication, cpu and cluster: a lone master that never saves") {
  Store store;
  CHECK(info_field(store, "persistence", "loading") == "0");
  CHECK(info_field(store, "persistence", "rdb_changes_since_last_save") == "0");
  CHECK(info_field(store, "persistence", "rdb_last_bgsave_status") == "ok");
  CHECK(info_field(store, "persistence", "aof_enabled") == "0");
  CHECK(info_field(store, "persistence", "rdb_last_save_time") ==
        std::to_string(store.clock.now().count() / 1'000'000));  // the start, as Redis reports with no save
  CHECK(info_field(store, "replication", "role") == "master");
  CHECK(info_field(store, "replication", "connected_slaves") == "0");
  const std::string id = info_field(store, "replication", "master_replid");
  CHECK(id.size() == 40);
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(info_field(store, "replication", "master_replid") == id);  // drawn once
  CHECK(info_field(store, "replication", "master_replid2") == std::string(40, '0'));
  CHECK(info_field(store, "replication", "second_repl_offset") == "-1");
  CHECK(info_field(store, "cluster", "cluster_enabled") == "0");
  const std::string cpu = info_field(store, "cpu", "used_cpu_user_main_thread");
  CHECK(cpu.size() > 7);
  CHECK(cpu[cpu.size() - 7] == '.');  // seconds with six decimals, as Redis prints them
  CHECK(store.run({"INFO", "modules"}) == verbatim("# Modules\r\n"));
}

TEST_CASE("INFO latencystats: each command's percentiles from an HdrHistogram laid out as Redis's") {
  using not_redis::detail::LatencyHistogram;
  // Values as redis-server 7.0 prints them: a 25 µs command reports 25.087,
  // a 1 µs one 1.003 (the top of their histogram buckets).
  LatencyHistogram h;
  CHECK(h.value_at_percentile(50) == 0);
  for (int i = 0; i < 99; ++i) h.record(1'000);
  h.record(100'000);
  CHECK(h.value_at_percentile(50) == 1'003);
  CHECK(h.value_at_percentile(99) == 1'003);
  CHECK(h.value_at_percentile(99.9) == 100'351);
  CHECK(h.value_at_percentile(100) == 100'351);
  CHECK(h.value_at_percentile(0) == 1'000);
  LatencyHistogram one;
  one.record(25'000);
  CHECK(one.value_at_percentile(50) == 25'087);
  LatencyHistogram clamped;
  clamped.record(0);
  clamped.record(5'000'000'000);
  CHECK(clamped.value_at_percentile(50) == 1);
  CHECK(clamped.value_at_percentile(100) >= LatencyHistogram::kHighest);

  // On a ManualClock every command takes 0 µs, recorded as the histogram's 1 ns.
  Store store;
  store.run({"SET", "k", "v"});
  store.run({"GET", "k"});
  store.run({"CONFIG", "GET", "hz"});
  const std::string text = info_text(store, {"INFO", "latencystats"});
  CHECK(text.find("latency_percentiles_usec_set:p50=0.001,p99=0.001,p99.9=0.001\r\n") != std::string::npos);
  CHECK(text.find("latency_percentiles_usec_get:p50=0.001") != std::string::npos);
  CHECK(text.find("latency_percentiles_usec_config|get:p50=0.001") != std::string::npos);
  CHECK(text.find("latency_percentiles_usec_del") == std::string::npos);  // never called
  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  CHECK(info_text(store, {"INFO", "latencystats"}).find("latency_percentiles_usec_set") == std::string::npos);
}

TEST_CASE("INFO's instantaneous rates average the last 16 samples of the cron, as Redis's") {
  not_redis::detail::InstantaneousMetric ops;
  ops.sample(1000, 0);    // the first sample only sets the start
  ops.sample(1100, 100);  // 100 ops in 100 ms: 1000/s
  CHECK(ops.per_second() == doctest::Approx(1000.0 / 16));
  for (int i = 2; i <= 17; ++i) ops.sample(1000 + 100 * i, 100 * static_cast<std::uint64_t>(i));
  CHECK(ops.per_second() == doctest::Approx(1000.0));  // 16 samples of 1000/s
  ops.sample(2700, 1700);  // the same time again: no sample
  CHECK(ops.per_second() == doctest::Approx(1000.0));

  // On a ManualClock the cron runs at each hz tick of the clock.
  Store store;
  for (int tick = 0; tick < 20; ++tick) {
    for (int i = 0; i < 10; ++i) store.run({"INCR", "n"});
    store.advance(100ms);
  }
  // 10 INCRs between ticks 100 ms apart: 100 a second.
  CHECK(info_field(store, "stats", "instantaneous_ops_per_sec") == "100");
}

TEST_CASE("INFO server reports the store's time, uptime and hz") {
  Store store;
  CHECK(info_field(store, "server", "redis_mode") == "standalone");
  CHECK(info_field(store, "server", "tcp_port") == "0");
  CHECK(info_field(store, "server", "arch_bits") == std::to_string(sizeof(void*) * 8));
  CHECK(info_field(store, "server", "hz") == "10");
  CHECK(info_field(store, "server", "configured_hz") == "10");
  CHECK(info_field(store, "server", "uptime_in_seconds") == "0");
  CHECK(info_field(store, "server", "server_time_usec") == std::to_string(store.clock.now().count()));
  CHECK(info_field(store, "server", "process_id") != "(absent)");
  CHECK(info_field(store, "server", "executable") != "(absent)");

  store.advance(std::chrono::hours(49));
  CHECK(info_field(store, "server", "uptime_in_seconds") == std::to_string(49 * 3600));
  CHECK(info_field(store, "server", "uptime_in_days") == "2");
}

TEST_CASE("INFO memory reports the heap and the maxmemory settings") {
  Store store;
  const long long used = std::stoll(info_field(store, "memory", "used_memory"));
  CHECK(used > 0);
  CHECK(info_field(store, "memory", "used_memory_human").back() != 'B');  // a test program uses more than 1 KiB
  CHECK(info_field(store, "memory", "maxmemory") == "0");
  CHECK(info_field(store, "memory", "maxmemory_human") == "0B");
  CHECK(info_field(store, "memory", "maxmemory_policy") == "noeviction");
  // No limit can be set until the store evicts (CONFIG's tests check the refusal).
  CHECK(store.run({"CONFIG", "SET", "maxmemory", "1536kb"}).is_error());
  CHECK(info_field(store, "memory", "maxmemory") == "0");

  // Every field redis-server 7.0 prints, in its order.
  const std::string text = info_text(store, {"INFO", "memory"});
  std::vector<std::string> names;
  for (std::size_t at = text.find("\r\n") + 2; at < text.size(); at = text.find("\r\n", at) + 2)
    names.push_back(text.substr(at, text.find(':', at) - at));
  CHECK(names == std::vector<std::string>{
      "used_memory", "used_memory_human", "used_memory_rss", "used_memory_rss_human", "used_memory_peak",
      "used_memory_peak_human", "used_memory_peak_perc", "used_memory_overhead", "used_memory_startup",
      "used_memory_dataset", "used_memory_dataset_perc", "allocator_allocated", "allocator_active",
      "allocator_resident", "total_system_memory", "total_system_memory_human", "used_memory_lua",
      "used_memory_vm_eval", "used_memory_lua_human", "used_memory_scripts_eval", "number_of_cached_scripts",
      "number_of_functions", "number_of_libraries", "used_memory_vm_functions", "used_memory_vm_total",
      "used_memory_vm_total_human", "used_memory_functions", "used_memory_scripts",
      "used_memory_scripts_human", "maxmemory", "maxmemory_human", "maxmemory_policy", "allocator_frag_ratio",
      "allocator_frag_bytes", "allocator_rss_ratio", "allocator_rss_bytes", "rss_overhead_ratio",
      "rss_overhead_bytes", "mem_fragmentation_ratio", "mem_fragmentation_bytes", "mem_not_counted_for_evict",
      "mem_replication_backlog", "mem_total_replication_buffers", "mem_clients_slaves", "mem_clients_normal",
      "mem_cluster_links", "mem_aof_buffer", "mem_allocator", "active_defrag_running",
      "lazyfree_pending_objects", "lazyfreed_objects"});
  // From the one reading: memory moves between two INFO calls.
  const auto number = [&](std::string_view field) {
    const std::size_t at = text.find(fmt::format("\r\n{}:", field)) + field.size() + 3;
    return std::stoll(text.substr(at, text.find('\r', at) - at));
  };
  CHECK(number("used_memory_peak") >= number("used_memory"));
  CHECK(number("used_memory_overhead") >= number("used_memory_startup"));
  CHECK(number("used_memory_dataset") == number("used_memory") - number("used_memory_overhead"));
  CHECK(number("used_memory_rss") > 0);
}

TEST_CASE("INFO stats counts commands, hits, misses and expired keys") {
  Store store;
  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  // RESETSTAT counts itself; INFO does not count itself (as Redis: counted after the call).
  CHECK(info_field(store, "stats", "total_commands_processed") == "1");
  CHECK(info_field(store, "stats", "total_commands_processed") == "2");

  CHECK(store.run({"SET", "a", "1"}) == ok());
  CHECK(store.run({"GET", "a"}) == bulk("1"));
  CHECK(store.run({"GET", "nokey"}) == nil());
  CHECK(store.run({"GET"}) == arity_error("get"));                  // refused before running: not counted
  CHECK(store.run({"NOSUCH"}).is_error());                          // not counted
  CHECK(store.run({"CONFIG", "NOSUCH"}).is_error());                // not counted
  CHECK(store.run({"SELECT", "x"}) == err(kNotInteger));            // ran, replied an error: counted
  CHECK(info_field(store, "stats", "total_commands_processed") == "7");
  CHECK(info_field(store, "stats", "keyspace_hits") == "1");
  CHECK(info_field(store, "stats", "keyspace_misses") == "1");
  CHECK(info_field(store, "stats", "expired_keys") == "0");
  CHECK(info_field(store, "stats", "evicted_keys") == "0");

  // Keys with a TTL expire actively (timers on the clock) and lazily (on access).
  CHECK(store.run({"SET", "k1", "v", "PX", "100"}) == ok());
  store.advance(200ms);
  CHECK(info_field(store, "stats", "expired_keys") == "1");
  CHECK(std::stoll(info_field(store, "stats", "expire_cycles")) > 0);
  CHECK(info_field(store, "stats", "expire_cycle_cpu_milliseconds") != "(absent)");
  CHECK(info_field(store, "stats", "expire_cycle_max_tick_us") != "(absent)");

  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  CHECK(info_field(store, "stats", "keyspace_hits") == "0");
  CHECK(info_field(store, "stats", "keyspace_misses") == "0");
  CHECK(info_field(store, "stats", "expired_keys") == "0");
  CHECK(info_field(store, "stats", "expire_cycles") == "0");
  CHECK(info_field(store, "stats", "total_commands_processed") == "5");  // RESETSTAT and four INFOs
}

TEST_CASE("INFO keyspace counts keys and keys with a TTL") {
  Store store;
  CHECK(store.run({"SET", "a", "1"}) == ok());
  CHECK(store.run({"SET", "b\0b"sv, "2", "EX", "100"}) == ok());
  CHECK(store.run({"INFO", "keyspace"}) == verbatim("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n"));
  store.advance(101s);
  CHECK(store.run({"INFO", "keyspace"}) == verbatim("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n"));
  CHECK(store.run({"DEL", "a"}) == integer(1));
  CHECK(store.run({"INFO", "keyspace"}) == verbatim("# Keyspace\r\n"));
}

TEST_CASE("COMMAND COUNT counts the top-level commands") {
  Store store;
  CHECK(store.run({"COMMAND", "COUNT"}) == integer(static_cast<long long>(top_level_rows())));
  CHECK(store->command_count().get() == static_cast<long long>(top_level_rows()));
  CHECK(store.run({"COMMAND", "COUNT", "x"}) == arity_error("command|count"));
}

TEST_CASE("COMMAND INFO describes commands as Redis 7 does") {
  Store store;
  // Redis's entry for GET: no tips, one key spec (command_docs_test checks more).
  const Value get_key_spec = Value::map(
      {bulk("flags"), set_of({"RO", "access"}), bulk("begin_search"),
       Value::map({bulk("type"), bulk("index"), bulk("spec"), Value::map({bulk("index"), integer(1)})}),
       bulk("find_keys"),
       Value::map({bulk("type"), bulk("range"), bulk("spec"),
                   Value::map({bulk("lastkey"), integer(0), bulk("keystep"), integer(1), bulk("limit"), integer(0)})})});
  const Value get = array({bulk("get"), integer(2), set_of({"readonly", "fast"}), integer(1), integer(1), integer(1),
                           set_of({"@read", "@string", "@fast"}), set_of({}), Value::set({get_key_spec}), set_of({})});
  CHECK(store.run({"COMMAND", "INFO", "get"}) == array({get}));
  CHECK(store.run({"command", "info", "GET", "nosuch", "get"}) == array({get, nil(), get}));

  const Value ping = array({bulk("ping"), integer(-1), set_of({"fast"}), integer(0), integer(0), integer(0),
                            set_of({"@fast", "@connection"}),
                            Value::set({bulk("request_policy:all_shards"), bulk("response_policy:all_succeeded")}),
                            set_of({}), set_of({})});
  CHECK(store.run({"COMMAND", "INFO", "ping"}) == array({ping}));  // "sentinel" is hidden, as in Redis

  const Value set = store.run({"COMMAND", "INFO", "set"})[0];
  CHECK(set[0] == bulk("set"));
  CHECK(set[1] == integer(-3));
  CHECK(set[2] == set_of({"write", "denyoom"}));
  CHECK(set[6] == set_of({"@write", "@string", "@slow"}));

  // Subcommands by full name; a container lists its subcommands' entries.
  const Value config_get =
      array({bulk("config|get"), integer(-3), set_of({"admin", "noscript", "loading", "stale"}), integer(0), integer(0),
             integer(0), set_of({"@admin", "@slow", "@dangerous"}), set_of({}), set_of({}), set_of({})});
  CHECK(store.run({"COMMAND", "INFO", "config|get", "CONFIG|GET"}) == array({config_get, config_get}));
  CHECK(store.run({"COMMAND", "INFO", "config|nosuch", "get|x", "config|get|x", ""}) ==
        array({nil(), nil(), nil(), nil()}));
  const Value config = store.run({"COMMAND", "INFO", "config"})[0];
  CHECK(config[0] == bulk("config"));
  CHECK(config[1] == integer(-2));
  CHECK(config[2] == set_of({}));
  CHECK(config[6] == set_of({"@slow"}));
  REQUIRE(config[9].type() == Value::Type::array);
  CHECK(config[9].size() == 4);
  CHECK(std::count(config[9].elements().begin(), config[9].elements().end(), config_get) == 1);

  // No names: every command, as COMMAND alone.
  const Value everything = store.run({"COMMAND", "INFO"});
  CHECK(everything.size() == top_level_rows());
  CHECK(store.run({"COMMAND"}) == everything);
  CHECK(std::count(everything.elements().begin(), everything.elements().end(), get) == 1);
}

TEST_CASE("COMMAND LIST names commands and subcommands, with filters") {
  Store store;
  const Value all = store.run({"COMMAND", "LIST"});
  std::size_t rows = 0;
  for (const auto* spec : not_redis::detail::CommandTable::instance().all()) rows += 1 + spec->subcommands.size();
  CHECK(all.size() == rows);
  const auto names = strings_of(all);
  for (const char* name : {"get", "set", "del", "ping", "command", "command|list", "config", "config|set"})
    CHECK(names.count(name) == 1);

  CHECK(strings_of(store.run({"COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|*"})) ==
        std::set<std::string>{"config|get", "config|help", "config|resetstat", "config|set"});
  CHECK(strings_of(store.run({"command", "list", "filterby", "pattern", "comman?"})) == std::set<std::string>{"command"});

  const auto connection = strings_of(store.run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION"}));
  for (const char* name : {"ping", "echo", "select", "command", "command|info"}) CHECK(connection.count(name) == 1);
  CHECK(connection.count("get") == 0);
  CHECK(connection.count("config|get") == 0);
  CHECK(strings_of(store.run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "dangerous"})).count("config|set") == 1);
  // Categories are named without '@'; an unknown one matches nothing.
  CHECK(store.run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "@connection"}) == array({}));
  CHECK(store.run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"}) == array({}));
  CHECK(store.run({"COMMAND", "LIST", "FILTERBY", "MODULE", "x"}) == array({}));

  CHECK(store.run({"COMMAND", "LIST", "FILTERBY"}) == err(kSyntax));
  CHECK(store.run({"COMMAND", "LIST", "foo"}) == err(kSyntax));
  CHECK(store.run({"COMMAND", "LIST", "FILTERBY", "foo", "bar"}) == err(kSyntax));
  CHECK(store.run({"COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b"}) == err(kSyntax));
  CHECK(store.run({"COMMAND", "LIST", "foo", "PATTERN", "a"}) == err(kSyntax));
}

TEST_CASE("COMMAND GETKEYS finds keys from the key specs") {
  Store store;
  CHECK(store.run({"COMMAND", "GETKEYS", "get", "a"}) == bulks({"a"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GET", "k\0k"sv}) == bulks({"k\0k"sv}));
  CHECK(store.run({"COMMAND", "GETKEYS", "set", "a", "b"}) == bulks({"a"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "set", "a", "b", "c", "d"}) == bulks({"a"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "del", "a", "b", "c"}) == bulks({"a", "b", "c"}));

  CHECK(store.run({"COMMAND", "GETKEYS", "nosuch", "a"}) == err("ERR Invalid command specified"));
  CHECK(store.run({"COMMAND", "GETKEYS", "config", "nosuch", "x"}) == err("ERR Invalid command specified"));
  CHECK(store.run({"COMMAND", "GETKEYS", "get", "a", "b"}) == err("ERR Invalid number of arguments specified for command"));
  CHECK(store.run({"COMMAND", "GETKEYS", "set", "a"}) == err("ERR Invalid number of arguments specified for command"));
  CHECK(store.run({"COMMAND", "GETKEYS", "ping", "a"}) == err("ERR The command has no key arguments"));
  CHECK(store.run({"COMMAND", "GETKEYS", "config", "get"}) == err("ERR The command has no key arguments"));
  CHECK(store.run({"COMMAND", "GETKEYS", "config", "get", "x"}) == err("ERR The command has no key arguments"));
  CHECK(store.run({"COMMAND", "GETKEYS", "get"}) == arity_error("command|getkeys"));
  CHECK(store.run({"COMMAND", "GETKEYS"}) == arity_error("command|getkeys"));
}

TEST_CASE("COMMAND GETKEYS and GETKEYSANDFLAGS read a key count as Redis does") {
  Store store;
  CHECK(store.run({"COMMAND", "GETKEYS", "sintercard", "2", "a", "b"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "blmpop", "0", "1", "a", "LEFT", "COUNT", "2"}) == bulks({"a"}));
  // A count the key spec refuses gets genericGetKeys's atoi reading: keys, no flags.
  CHECK(store.run({"COMMAND", "GETKEYS", "sintercard", "2abc", "a", "b"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "sintercard", "2abc", "a", "b"}) ==
        array({array({bulk("a"), set_of({})}), array({bulk("b"), set_of({})})}));
  const Value invalid = err("ERR Invalid arguments specified for command");
  CHECK(store.run({"COMMAND", "GETKEYS", "sintercard", "0", "a"}) == invalid);
  CHECK(store.run({"COMMAND", "GETKEYS", "sintercard", "3", "a", "b"}) == invalid);
  CHECK(store.run({"COMMAND", "GETKEYS", "sintercard", "x", "a"}) == invalid);
  CHECK(store.run({"COMMAND", "GETKEYS", "lmpop", "-1", "a", "left"}) == invalid);
}

TEST_CASE("COMMAND GETKEYSANDFLAGS pairs each key with its key spec's flags") {
  Store store;
  auto key = [](std::string_view name, std::initializer_list<std::string_view> flags) {
    return array({bulk(name), set_of(flags)});
  };
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "lmove", "a", "b", "left", "right"}) ==
        array({key("a", {"RW", "access", "delete"}), key("b", {"RW", "insert"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "sinterstore", "d", "a", "b"}) ==
        array({key("d", {"RW", "update"}), key("a", {"RO", "access"}), key("b", {"RO", "access"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "mset", "a", "1", "b"}) ==
        array({key("a", {"OW", "update"}), key("b", {"OW", "update"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"}) ==
        array({key("a", {"RM", "delete"}), key("b", {"RM", "delete"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "lmpop", "2", "a", "b", "left"}) ==
        array({key("a", {"RW", "access", "delete"}), key("b", {"RW", "access", "delete"})}));
  // SET's flags depend on its GET option (Redis's setGetKeys).
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"}) == array({key("k", {"OW", "update"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "NX", "get"}) ==
        array({key("k", {"RW", "access", "update"})}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "object", "encoding", "k"}) == array({key("k", {"RO"})}));

  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "object", "help"}) == err("ERR The command has no key arguments"));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "nosuch", "a"}) == err("ERR Invalid command specified"));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "set", "k"}) ==
        err("ERR Invalid number of arguments specified for command"));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "get"}) == arity_error("command|getkeysandflags"));
}

TEST_CASE("COMMAND HELP, and COMMAND's errors") {
  Store store;
  const Value help = store.run({"COMMAND", "HELP"});
  REQUIRE(help.type() == Value::Type::array);
  CHECK(help[0] == simple("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  CHECK(help[1] == simple("(no subcommand)"));
  CHECK(help[help.size() - 2] == simple("HELP"));
  CHECK(help[help.size() - 1] == simple("    Prints this help."));
  CHECK(std::count(help.elements().begin(), help.elements().end(), simple("GETKEYS <full-command>")) == 1);
  CHECK(std::count(help.elements().begin(), help.elements().end(), simple("GETKEYSANDFLAGS <full-command>")) == 1);
  CHECK(store.run({"COMMAND", "HELP", "x"}) == arity_error("command|help"));
  CHECK(store.run({"COMMAND", "nosuch"}) == err("ERR unknown subcommand 'nosuch'. Try COMMAND HELP."));
}

TEST_CASE("CONFIG GET matches names and glob patterns, case-insensitively") {
  Store store;
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "10"}));
  // A plain name is echoed as given; a pattern reports the setting's name.
  CHECK(store.run({"CONFIG", "GET", "HZ"}) == map({"HZ", "10"}));
  CHECK(store.run({"CONFIG", "GET", "H?"}) == map({"hz", "10"}));
  // Each setting once, under the name that matched it first.
  CHECK(store.run({"CONFIG", "GET", "HZ", "h?", "hz"}) == map({"HZ", "10"}));
  CHECK(store.run({"CONFIG", "GET", "nosuch"}) == Value::map({}));
  CHECK(store.run({"CONFIG", "GET", "h\0z"sv}) == Value::map({}));
  CHECK(store.run({"CONFIG", "GET", "hz", "timeout"}) == map({"hz", "10", "timeout", "0"}));

  const Value maxmemory = store.run({"CONFIG", "GET", "maxmemory*"});
  REQUIRE(maxmemory.type() == Value::Type::map);
  // Redis also has maxmemory-clients and maxmemory-eviction-tenacity; we do not.
  CHECK(maxmemory == map({"maxmemory", "0", "maxmemory-policy", "noeviction", "maxmemory-samples", "5"}));

  const auto all = store->config_get("*").get();
  CHECK(all.at("hz") == "10");
  CHECK(all.at("active-expire-effort") == "1");
  CHECK(all.at("proto-max-bulk-len") == "536870912");
  CHECK(all.at("databases") == "1");
  CHECK(all.at("save") == "");
  CHECK(all.at("appendonly") == "no");
  CHECK(all.at("notify-keyspace-events") == "");
  CHECK(all.size() == store.run({"CONFIG", "GET", "*"}).size());

  CHECK(store.run({"CONFIG", "GET"}) == arity_error("config|get"));
}

TEST_CASE("CONFIG SET hz is capped into 1..500 and drives the expiry cycle") {
  Store store;
  CHECK(store.run({"CONFIG", "SET", "hz", "100"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "100"}));
  CHECK(info_field(store, "server", "hz") == "100");
  CHECK(info_field(store, "server", "configured_hz") == "100");

  // 100 cycles a second: one per 10 ms step.
  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  for (int i = 0; i < 50; ++i) store.advance(10ms);
  CHECK(info_field(store, "stats", "expire_cycles") == "50");
  // Back to 10 a second: one per ten steps.
  CHECK(store.run({"CONFIG", "SET", "hz", "10"}) == ok());
  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  for (int i = 0; i < 50; ++i) store.advance(10ms);
  CHECK(info_field(store, "stats", "expire_cycles") == "5");

  // A hint, as in Redis: out-of-range values are capped, not refused.
  CHECK(store.run({"CONFIG", "SET", "hz", "0"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "1"}));
  CHECK(store.run({"CONFIG", "SET", "hz", "501"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "500"}));
  CHECK(info_field(store, "server", "configured_hz") == "500");

  const Value range = config_set_failed("hz", "argument must be between 0 and 2147483647 inclusive");
  CHECK(store.run({"CONFIG", "SET", "hz", "-1"}) == range);
  CHECK(store.run({"CONFIG", "SET", "hz", "2147483648"}) == range);
  for (std::string_view bad : std::initializer_list<std::string_view>{"abc", " 5", "5.0", "", "1\0002"sv})
    CHECK(store.run({"CONFIG", "SET", "hz", bad}) == config_set_failed("hz", "argument couldn't be parsed into an integer"));
  CHECK(store.run({"CONFIG", "SET", "HZ", "abc"}) == config_set_failed("hz", "argument couldn't be parsed into an integer"));
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "500"}));

  store->config_set("hz", "20").get();
  CHECK(store->config_get("hz").get().at("hz") == "20");
}

TEST_CASE("CONFIG SET refuses what the store would not act on, after Redis's own checks of the value") {
  Store store;
  const auto refused = [](std::string_view name, std::string_view why) {
    return config_set_failed(name, fmt::format("not supported by not_redis: {}", why));
  };
  const std::string_view no_eviction = "the store does not evict yet, so only 0 (no limit) is accepted";
  const std::string_view on_disk = "the store keeps nothing on disk, so only \"\" is accepted";
  CHECK(store.run({"CONFIG", "SET", "maxmemory", "100mb"}) == refused("maxmemory", no_eviction));
  CHECK(store.run({"CONFIG", "SET", "maxmemory", "0kb"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}) ==
        refused("maxmemory-policy", "the store does not evict yet, so only noeviction is accepted"));
  CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "NOEVICTION"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "save", "3600 1"}) == refused("save", on_disk));
  CHECK(store.run({"CONFIG", "SET", "save", ""}) == ok());
  CHECK(store.run({"CONFIG", "SET", "appendonly", "yes"}) ==
        refused("appendonly", "the store keeps nothing on disk, so only 'no' is accepted"));
  CHECK(store.run({"CONFIG", "SET", "list-compress-depth", "1"}) ==
        refused("list-compress-depth", "lists are not compressed, so only 0 is accepted"));
  // A malformed value gets Redis's own error first (the parity script checks
  // these against a real redis-server).
  CHECK(store.run({"CONFIG", "SET", "maxmemory", "abc"}) == config_set_failed("maxmemory", "argument must be a memory value"));
  CHECK(store.run({"CONFIG", "SET", "save", "1 2 3"}) == config_set_failed("save", "Invalid save parameters"));
  // All or none: a refused setting undoes the others.
  CHECK(store.run({"CONFIG", "SET", "hz", "50", "maxmemory", "1gb"}) == refused("maxmemory", no_eviction));
  CHECK(store.run({"CONFIG", "GET", "hz", "maxmemory"}) == map({"hz", "10", "maxmemory", "0"}));
}

TEST_CASE("CONFIG SET checks every name first, then sets all or none") {
  Store store;
  CHECK(store.run({"CONFIG", "SET", "foo", "1"}) == config_unknown("foo"));
  CHECK(store.run({"CONFIG", "SET", "fo\0o"sv, "1"}) == config_unknown("fo"));  // Redis's %s stops at NUL
  CHECK(store.run({"CONFIG", "SET", "hz", "12", "foo", "1"}) == config_unknown("foo"));
  CHECK(store.run({"CONFIG", "SET", "hz", "abc", "foo", "1"}) == config_unknown("foo"));
  CHECK(store.run({"CONFIG", "SET", "hz", "20", "hz", "30"}) == config_set_failed("hz", "duplicate parameter"));
  CHECK(store.run({"CONFIG", "SET", "hz", "5", "HZ", "6", "foo", "1"}) == config_set_failed("HZ", "duplicate parameter"));
  CHECK(store.run({"CONFIG", "SET", "databases", "4", "foo", "1"}) ==
        config_set_failed("databases", "can't set immutable config"));
  CHECK(store.run({"CONFIG", "SET", "DATABASES", "16"}) == config_set_failed("DATABASES", "can't set immutable config"));
  // The first value refused undoes the others.
  CHECK(store.run({"CONFIG", "SET", "hz", "50", "timeout", "x"}) ==
        config_set_failed("timeout", "argument couldn't be parsed into an integer"));
  CHECK(store.run({"CONFIG", "GET", "hz"}) == map({"hz", "10"}));
  CHECK(store.run({"CONFIG", "SET", "hz", "50", "timeout", "30"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "hz", "timeout"}) == map({"hz", "50", "timeout", "30"}));

  CHECK(store.run({"CONFIG", "SET", "hz", "1", "x"}) == err(kSyntax));
  CHECK(store.run({"CONFIG", "SET", "hz"}) == arity_error("config|set"));
  CHECK(store.run({"CONFIG", "SET"}) == arity_error("config|set"));
  CHECK_THROWS_AS(store->config_set("nosuch", "1").get(), Error);
}

TEST_CASE("CONFIG SET validates each kind of setting as Redis does") {
  Store store;
  const auto get = [&](std::string_view name) { return store.run({"CONFIG", "GET", name})[1]; };

  SUBCASE("integers with bounds") {
    const Value effort = config_set_failed("active-expire-effort", "argument must be between 1 and 10 inclusive");
    CHECK(store.run({"CONFIG", "SET", "active-expire-effort", "11"}) == effort);
    CHECK(store.run({"CONFIG", "SET", "active-expire-effort", "0"}) == effort);
    CHECK(store.run({"CONFIG", "SET", "active-expire-effort", "10"}) == ok());
    CHECK(get("active-expire-effort") == bulk("10"));
    CHECK(store.run({"CONFIG", "SET", "timeout", "-1"}) ==
          config_set_failed("timeout", "argument must be between 0 and 2147483647 inclusive"));
    CHECK(store.run({"CONFIG", "SET", "timeout", "00"}) ==
          config_set_failed("timeout", "argument couldn't be parsed into an integer"));
    CHECK(store.run({"CONFIG", "SET", "maxmemory-samples", "0"}) ==
          config_set_failed("maxmemory-samples", "argument must be between 1 and 2147483647 inclusive"));
    CHECK(store.run({"CONFIG", "SET", "maxmemory-samples", "2147483648"}) ==
          config_set_failed("maxmemory-samples", "argument must be between 1 and 2147483647 inclusive"));
  }

  SUBCASE("memory values") {
    const Value not_memory = config_set_failed("maxmemory", "argument must be a memory value");
    for (std::string_view bad : {"x", "-1", "1.5mb", " 5", "+5", "5 ", "1tb", "1kib"})
      CHECK(store.run({"CONFIG", "SET", "maxmemory", bad}) == not_memory);
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"1K", "1000"},     {"1kB", "1024"},         {"2m", "2000000"},
        {"2MB", "2097152"}, {"1g", "1000000000"},    {"1Gb", "1073741824"},
        {"7b", "7"},        {"", "0"},               {"kb", "0"},
        // Redis's memtoull saturates the digits and lets the unit wrap.
        {"18446744073709551616", "18446744073709551615"},
        {"20000000000gb", "3028092406290448384"},
    };
    // maxmemory takes only 0 until the store evicts: its parser is checked alone.
    for (const auto& [given, stored] : cases) {
      CAPTURE(given);
      CHECK(std::to_string(not_redis::detail::parse_memory(given).value()) == stored);
    }

    const Value bulk_range =
        config_set_failed("proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive");
    CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "1"}) == bulk_range);
    CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "99999999999999999999"}) == bulk_range);
    CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "x"}) ==
          config_set_failed("proto-max-bulk-len", "argument must be a memory value"));
    CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "1mb"}) == ok());
    CHECK(get("proto-max-bulk-len") == bulk("1048576"));
    CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "2gb"}) == ok());
    CHECK(get("proto-max-bulk-len") == bulk("2147483648"));
  }

  SUBCASE("yes/no and enumerations") {
    CHECK(store.run({"CONFIG", "SET", "appendonly", "YES"}).is_error());  // see the refusals' test
    CHECK(get("appendonly") == bulk("no"));
    CHECK(store.run({"CONFIG", "SET", "appendonly", "NO"}) == ok());
    CHECK(get("appendonly") == bulk("no"));
    for (std::string_view bad : {"maybe", "", "1"})
      CHECK(store.run({"CONFIG", "SET", "appendonly", bad}) == config_set_failed("appendonly", "argument must be 'yes' or 'no'"));

    CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"}).is_error());
    CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "NoEviction"}) == ok());
    CHECK(get("maxmemory-policy") == bulk("noeviction"));
    const Value policy = config_set_failed(
        "maxmemory-policy", "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
                            "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
    CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "foo"}) == policy);
    CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", ""}) == policy);
    CHECK(get("maxmemory-policy") == bulk("noeviction"));
  }

  SUBCASE("notify-keyspace-events, reported in Redis's canonical order") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"KEA", "AKE"}, {"Kgx", "gxK"}, {"An", "A"}, {"E$lshzxetdnm", "$lshzxetdnEm"}, {"", ""},
    };
    for (const auto& [given, stored] : cases) {
      CAPTURE(given);
      CHECK(store.run({"CONFIG", "SET", "notify-keyspace-events", given}) == ok());
      CHECK(store.run({"CONFIG", "GET", "notify-keyspace-events"}) == map({"notify-keyspace-events", stored}));
    }
    CHECK(store.run({"CONFIG", "SET", "notify-keyspace-events", "z9"}) ==
          config_set_failed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
  }

  SUBCASE("save pairs") {
    // Well-formed pairs are refused (nothing is saved); malformed ones get Redis's error.
    for (std::string_view good : {"100 10 20 1", "+5 0", "05 00"})
      CHECK(store.run({"CONFIG", "SET", "save", good}).is_error());
    for (std::string_view bad : {"100", "abc 1", "5 -1", "0 1", " 5  6 ", "5 0 "})
      CHECK(store.run({"CONFIG", "SET", "save", bad}) == config_set_failed("save", "Invalid save parameters"));
    CHECK(store.run({"CONFIG", "SET", "save", ""}) == ok());
    CHECK(get("save") == bulk(""));
  }
}

TEST_CASE("CONFIG RESETSTAT, CONFIG HELP and CONFIG's errors") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "PX", "10"}) == ok());
  CHECK(store.run({"GET", "nokey"}) == nil());
  store.advance(20ms);
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(info_field(store, "stats", "keyspace_misses") == "2");
  CHECK(info_field(store, "stats", "expired_keys") == "1");
  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  CHECK(info_field(store, "stats", "keyspace_misses") == "0");
  CHECK(info_field(store, "stats", "expired_keys") == "0");
  CHECK(store.run({"CONFIG", "RESETSTAT", "x"}) == arity_error("config|resetstat"));

  const Value help = store.run({"CONFIG", "HELP"});
  REQUIRE(help.type() == Value::Type::array);
  CHECK(help[0] == simple("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  CHECK(help[1] == simple("GET <pattern>"));
  CHECK(help[2] == simple("    Return parameters matching the glob-like <pattern> and their values."));
  CHECK(help[help.size() - 1] == simple("    Prints this help."));
  CHECK(store.run({"CONFIG", "HELP", "x"}) == arity_error("config|help"));

  CHECK(store.run({"CONFIG"}) == arity_error("config"));
  CHECK(store.run({"CONFIG", "NOSUCH"}) == err("ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP."));
}
