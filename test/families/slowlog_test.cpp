// SLOWLOG and its two settings. Every expected reply and rule was checked
// against redis-server 7.0.15: what is logged (each command of an EXEC, not
// EXEC; not what is refused or queued), how arguments are capped and
// redacted, and the errors. Durations come from a TickingClock, so a command
// is slow by construction.

#include <string>
#include <utility>

#include "cmd/table.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::Argv;
using not_redis::detail::CallMode;
using not_redis::detail::Session;

namespace {

constexpr long long kStart = 1767225600;  // the TickingClock's first second

/// A store on a TickingClock with one network session, commands dispatched as
/// the server would.
struct Slow {
  TickingClock clock;
  not_redis::detail::Store store;
  Session session;

  Slow() {
    store.clock = &clock;
    session.network = true;
    session.addr = "127.0.0.1:50001";
  }
  Value run(Argv argv, CallMode mode = {}) { return std::move(not_redis::detail::dispatch(store, session, argv, mode).reply()); }
  /// Runs `argv` as a command taking `us` microseconds.
  Value run_for(std::chrono::microseconds us, Argv argv) {
    clock.set_step(us);
    Value reply = run(std::move(argv));
    clock.set_step(0us);
    return reply;
  }
  /// The arguments of the newest entry.
  Value newest_argv() {
    const Value log = run({"SLOWLOG", "GET", "1"});
    REQUIRE(log.size() == 1);
    return log[0][3];
  }
};

Value map_of(std::initializer_list<std::string_view> flat) {
  Value::Array a;
  for (auto v : flat) a.push_back(Value::bulk(v));
  return Value::map(std::move(a));
}

Value entry(long long id, long long time, long long duration, std::initializer_list<std::string_view> argv,
            std::string_view peer, std::string_view name) {
  return array({integer(id), integer(time), integer(duration), bulks(argv), bulk(peer), bulk(name)});
}

} // namespace

TEST_CASE("the slowlog settings: Redis's defaults, ranges and errors") {
  Store store;
  CHECK(store.run({"CONFIG", "GET", "slowlog*"}) ==
        map_of({"slowlog-log-slower-than", "10000", "slowlog-max-len", "128"}));
  CHECK(store.run({"CONFIG", "SET", "slowlog-log-slower-than", "abc"}) ==
        config_set_failed("slowlog-log-slower-than", "argument couldn't be parsed into an integer"));
  CHECK(store.run({"CONFIG", "SET", "slowlog-log-slower-than", "-5"}) ==
        config_set_failed("slowlog-log-slower-than", "argument must be between -1 and 9223372036854775807 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "slowlog-max-len", "-1"}) ==
        config_set_failed("slowlog-max-len", "argument must be between 0 and 9223372036854775807 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "slowlog-log-slower-than", "-1", "slowlog-max-len", "99999999999"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "slowlog*"}) ==
        map_of({"slowlog-log-slower-than", "-1", "slowlog-max-len", "99999999999"}));
}

TEST_CASE("SLOWLOG logs what ran at least slowlog-log-slower-than µs, newest first") {
  Slow s;
  CHECK(s.run_for(9999us, {"SET", "fast", "1"}) == ok());
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(0));
  CHECK(s.run_for(10000us, {"SET", "slow", "1"}) == ok());
  CHECK(s.run_for(25000us, {"GET", "slow"}) == bulk("1"));
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(2));
  const Value log = s.run({"SLOWLOG", "GET"});
  REQUIRE(log.size() == 2);
  CHECK(log[0] == entry(1, log[0][1].integer_value(), 25000, {"GET", "slow"}, "127.0.0.1:50001", ""));
  CHECK(log[1] == entry(0, log[1][1].integer_value(), 10000, {"SET", "slow", "1"}, "127.0.0.1:50001", ""));
  CHECK(log[1][1].integer_value() >= kStart);
  CHECK(log[0][1].integer_value() >= log[1][1].integer_value());

  // 0 logs everything (SLOWLOG itself too, after its own reply); -1 nothing.
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  CHECK(s.run({"SLOWLOG", "RESET"}) == ok());
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(1));  // RESET's own entry
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(2));
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "-1"}) == ok());
  CHECK(s.run_for(1s, {"PING"}) == simple("PONG"));
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(3));
  // Ids go on after a RESET, as Redis's slowlog_entry_id does.
  CHECK(s.run({"SLOWLOG", "GET", "1"})[0][0] == integer(5));
}

TEST_CASE("SLOWLOG records the client's name after the command, and no peer for in-process callers") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  CHECK(s.run({"CLIENT", "SETNAME", "bob"}) == ok());
  const Value log = s.run({"SLOWLOG", "GET", "1"});
  CHECK(log[0][4] == bulk("127.0.0.1:50001"));
  CHECK(log[0][5] == bulk("bob"));

  Store store;  // the in-process session has no address: Redis's peer id is "" for no socket too
  CHECK(store.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  CHECK(store.run({"SLOWLOG", "GET", "1"})[0][4] == bulk(""));
}

TEST_CASE("SLOWLOG caps arguments as Redis does: 32 of them, 128 bytes each") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  Argv del{"DEL"};
  for (int i = 1; i <= 40; ++i) del.push_integer(i);
  CHECK(s.run(del) == integer(0));
  const Value args = s.newest_argv();
  REQUIRE(args.size() == 32);
  CHECK(args[30] == bulk("30"));
  CHECK(args[31] == bulk("... (10 more arguments)"));

  const std::string long_arg(130, 'x');
  CHECK(s.run({"ECHO", long_arg}) == bulk(long_arg));
  CHECK(s.newest_argv() == bulks({"ECHO", std::string(128, 'x') + "... (2 more bytes)"}));
  const std::string exact(128, 'y');
  CHECK(s.run({"ECHO", exact}) == bulk(exact));
  CHECK(s.newest_argv() == bulks({"ECHO", exact}));
}

TEST_CASE("SLOWLOG hides credentials as Redis does") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  s.run({"AUTH", "pass"});
  CHECK(s.newest_argv() == bulks({"AUTH", "(redacted)"}));
  s.run({"AUTH", "user", "pass"});
  CHECK(s.newest_argv() == bulks({"AUTH", "(redacted)", "(redacted)"}));
  s.run({"HELLO", "3", "AUTH", "default", "x"});
  CHECK(s.newest_argv() == bulks({"HELLO", "3", "AUTH", "(redacted)", "(redacted)"}));
  CHECK(s.run({"CONFIG", "SET", "hz", "10", "REQUIREPASS", ""}) == ok());
  CHECK(s.newest_argv() == bulks({"CONFIG", "SET", "hz", "10", "REQUIREPASS", "(redacted)"}));
}

TEST_CASE("SLOWLOG: each command of an EXEC on its own, EXEC and what is refused or queued not at all") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  CHECK(s.run({"SLOWLOG", "RESET"}) == ok());
  CHECK(s.run({"NOSUCH"}).is_error());
  CHECK(s.run({"GET"}).is_error());
  CHECK(s.run({"MULTI"}) == ok());
  CHECK(s.run({"SET", "a", "1"}) == simple("QUEUED"));
  CHECK(s.run({"GET", "a"}) == simple("QUEUED"));
  CHECK(s.run({"EXEC"}) == array({ok(), bulk("1")}));
  const Value log = s.run({"SLOWLOG", "GET", "-1"});
  REQUIRE(log.size() == 4);
  CHECK(log[0][3] == bulks({"GET", "a"}));
  CHECK(log[1][3] == bulks({"SET", "a", "1"}));
  CHECK(log[2][3] == bulks({"MULTI"}));
  CHECK(log[3][3] == bulks({"SLOWLOG", "RESET"}));
}

TEST_CASE("SLOWLOG logs a blocked command once it is served, without the time it waited") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "5000"}) == ok());
  s.clock.set_step(7000us);
  not_redis::detail::Outcome parked = not_redis::detail::dispatch(s.store, s.session, Argv{"BLPOP", "q", "0"});
  s.clock.set_step(0us);
  REQUIRE(parked.blocked());
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(0));
  // The engine re-runs it when data comes; that run is the one timed.
  CHECK(s.run({"RPUSH", "q", "x"}) == integer(1));
  s.clock.set_step(6000us);
  CHECK(s.run({"BLPOP", "q", "0"}, CallMode{.reprocessing = true}) == bulks({"q", "x"}));
  s.clock.set_step(0us);
  const Value log = s.run({"SLOWLOG", "GET"});
  REQUIRE(log.size() == 1);
  CHECK(log[0][2] == integer(6000));
  CHECK(log[0][3] == bulks({"BLPOP", "q", "0"}));
}

TEST_CASE("slowlog-max-len keeps the newest entries, trimmed at the next command as in Redis") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  for (int i = 0; i < 5; ++i) CHECK(s.run({"PING"}) == simple("PONG"));
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(6));
  // The CONFIG SET is logged, then the log trimmed to its new length.
  CHECK(s.run({"CONFIG", "SET", "slowlog-max-len", "2"}) == ok());
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(2));
  CHECK(s.run({"SLOWLOG", "GET"}).size() == 2);
  CHECK(s.run({"CONFIG", "SET", "slowlog-max-len", "0"}) == ok());
  CHECK(s.run({"SLOWLOG", "LEN"}) == integer(0));
}

TEST_CASE("SLOWLOG GET counts, SLOWLOG HELP and SLOWLOG's errors") {
  Slow s;
  CHECK(s.run({"CONFIG", "SET", "slowlog-log-slower-than", "0"}) == ok());
  for (int i = 0; i < 12; ++i) s.run({"PING"});
  CHECK(s.run({"SLOWLOG", "GET"}).size() == 10);
  CHECK(s.run({"SLOWLOG", "GET", "0"}) == array({}));
  CHECK(s.run({"SLOWLOG", "GET", "3"}).size() == 3);
  // CONFIG SET, 12 PINGs and the 3 GETs before.
  CHECK(s.run({"SLOWLOG", "GET", "-1"}).size() == 16);
  CHECK(s.run({"SLOWLOG", "GET", "100"}).size() == 17);
  const Value bad_count = err("ERR count should be greater than or equal to -1");
  CHECK(s.run({"SLOWLOG", "GET", "-2"}) == bad_count);
  CHECK(s.run({"SLOWLOG", "GET", "abc"}) == bad_count);
  CHECK(s.run({"SLOWLOG", "GET", "1", "2"}) ==
        err("ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP."));
  CHECK(s.run({"SLOWLOG", "LEN", "x"}) == arity_error("slowlog|len"));
  CHECK(s.run({"SLOWLOG", "RESET", "x"}) == arity_error("slowlog|reset"));
  CHECK(s.run({"SLOWLOG", "foo"}) == err("ERR unknown subcommand 'foo'. Try SLOWLOG HELP."));
  CHECK(s.run({"SLOWLOG"}) == arity_error("slowlog"));

  const Value help = s.run({"SLOWLOG", "HELP"});
  REQUIRE(help.size() == 12);
  CHECK(help[0] == simple("SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  CHECK(help[2] == simple("    Return top <count> entries from the slowlog (default: 10, -1 mean all)."));
  CHECK(help[11] == simple("    Prints this help."));
}
