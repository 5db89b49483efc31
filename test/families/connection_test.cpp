// Connection commands: HELLO, AUTH, CLIENT, QUIT, RESET, MONITOR's line, and
// the INFO / CONFIG parts a server needs. Expectations checked against
// redis-server 7.0.15. test::Store runs as the in-process session (RESP3,
// id 1); `Wire` below stands in for a server: network sessions and a
// SessionRegistry that records what CLIENT KILL / UNBLOCK asked of it.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cmd/command.hpp"
#include "cmd/table.hpp"
#include "families/connection.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::Argv;
using not_redis::detail::Session;
using not_redis::detail::SessionRegistry;

namespace {

/// The HELLO reply for a session.
Value hello_reply(int proto, long long id) {
  return Value::map({bulk("server"), bulk("redis"), bulk("version"), bulk("7.0.15"), bulk("proto"), integer(proto),
                     bulk("id"), integer(id), bulk("mode"), bulk("standalone"), bulk("role"), bulk("master"),
                     bulk("modules"), Value::array()});
}

Value verbatim(std::string text) { return Value::verbatim("txt", std::move(text)); }

class FakeRegistry final : public SessionRegistry {
public:
  std::vector<Session*> list;
  std::vector<std::uint64_t> killed;
  std::vector<std::pair<std::uint64_t, bool>> unblocked;

  std::vector<Session*> sessions() override { return list; }
  void kill(Session& s, const Session&) override { killed.push_back(s.id); }
  bool unblock(Session& s, bool with_error) override {
    unblocked.emplace_back(s.id, with_error);
    return true;
  }
  void feed_monitors(const Session&, const Argv&, std::int64_t) override {}
  bool has_monitors() const noexcept override { return false; }
};

/// A store with two network sessions, as a server would attach them.
struct Wire {
  not_redis::ManualClock clock;
  not_redis::detail::Store store;
  FakeRegistry registry;
  Session a, b;

  Wire() {
    store.clock = &clock;
    store.sessions = &registry;
    const std::int64_t now_ms = clock.now().count() / 1000;
    a.id = 5;
    a.network = true;
    a.addr = "127.0.0.1:50001";
    a.laddr = "127.0.0.1:6380";
    a.fd = 8;
    a.created_ms = now_ms - 7000;
    a.last_interaction_ms = now_ms;
    b.id = 6;
    b.network = true;
    b.addr = "/tmp/nr.sock:0";
    b.laddr = "/tmp/nr.sock:0";
    b.unix_socket = true;
    b.fd = 9;
    b.created_ms = now_ms - 3000;
    b.last_interaction_ms = now_ms - 2000;
    b.last_command = "blpop";
    b.blocked = true;
    registry.list = {&a, &b};
  }

  Value run(Session& s, std::initializer_list<std::string_view> argv) {
    return std::move(not_redis::detail::dispatch(store, s, Argv(argv)).reply());
  }
};

const std::string kWrongPass = "WRONGPASS invalid username-password pair or user is disabled.";
const std::string kBadName = "ERR Client names cannot contain spaces, newlines or special characters.";

} // namespace

TEST_CASE("HELLO replies the server's map and switches the protocol") {
  Store store;
  CHECK(store.run({"HELLO"}) == hello_reply(3, 1));
  CHECK(store.run({"HELLO", "2"}) == hello_reply(2, 1));
  CHECK(store.run({"HELLO"}) == hello_reply(2, 1));
  CHECK(store.run({"hello", "3"}) == hello_reply(3, 1));
  CHECK(store.run({"HELLO", "3", "SETNAME", "app"}) == hello_reply(3, 1));
  CHECK(store.run({"CLIENT", "GETNAME"}) == bulk("app"));
  CHECK(store.run({"HELLO", "3", "setname", ""}) == hello_reply(3, 1));  // "" removes the name
  CHECK(store.run({"CLIENT", "GETNAME"}) == nil());
  // Without requirepass the default user takes any password; no other user exists.
  CHECK(store.run({"HELLO", "3", "AUTH", "default", "anything"}) == hello_reply(3, 1));
  CHECK(store.run({"HELLO", "3", "AUTH", "default", "x", "SETNAME", "n"}) == hello_reply(3, 1));
  CHECK(store.run({"CLIENT", "GETNAME"}) == bulk("n"));
  CHECK(store.run({"HELLO", "2", "AUTH", "foo", "bar"}) == err(kWrongPass));
  CHECK(store.run({"HELLO"}) == hello_reply(3, 1));  // a failed HELLO changes nothing
}

TEST_CASE("HELLO errors") {
  Store store;
  CHECK(store.run({"HELLO", "4"}) == err("NOPROTO unsupported protocol version"));
  CHECK(store.run({"HELLO", "1"}) == err("NOPROTO unsupported protocol version"));
  CHECK(store.run({"HELLO", "-1"}) == err("NOPROTO unsupported protocol version"));
  CHECK(store.run({"HELLO", "abc"}) == err("ERR Protocol version is not an integer or out of range"));
  CHECK(store.run({"HELLO", "2.0"}) == err("ERR Protocol version is not an integer or out of range"));
  CHECK(store.run({"HELLO", "99999999999999999999"}) == err("ERR Protocol version is not an integer or out of range"));
  CHECK(store.run({"HELLO", "2", "auth"}) == err("ERR Syntax error in HELLO option 'auth'"));
  CHECK(store.run({"HELLO", "2", "auth", "a"}) == err("ERR Syntax error in HELLO option 'auth'"));
  CHECK(store.run({"HELLO", "2", "setname"}) == err("ERR Syntax error in HELLO option 'setname'"));
  CHECK(store.run({"HELLO", "2", "foo"}) == err("ERR Syntax error in HELLO option 'foo'"));
  CHECK(store.run({"HELLO", "2", std::string_view("f\0o", 3)}) == err("ERR Syntax error in HELLO option 'f'"));
  CHECK(store.run({"HELLO", "2", "setname", "a b"}) == err(kBadName));
  // The name is checked while parsing, before the credentials.
  CHECK(store.run({"HELLO", "2", "setname", "a b", "auth", "u", "p"}) == err(kBadName));
  CHECK(store.run({"HELLO"}) == hello_reply(3, 1));
}

TEST_CASE("AUTH against requirepass") {
  Store store;
  const std::string no_password =
      "ERR AUTH <password> called without any password configured for the default user. Are you sure your "
      "configuration is correct?";
  CHECK(store.run({"AUTH", "x"}) == err(no_password));
  CHECK(store.run({"AUTH", "default", "x"}) == ok());
  CHECK(store.run({"AUTH", "foo", "x"}) == err(kWrongPass));
  CHECK(store.run({"AUTH", "a", "b", "c"}) == err(kSyntax));
  CHECK(store.run({"AUTH"}) == arity_error("auth"));

  CHECK(store.run({"CONFIG", "GET", "requirepass"}) == Value::map({bulk("requirepass"), bulk("")}));
  CHECK(store.run({"CONFIG", "SET", "requirepass", std::string_view("p\0w", 3)}) == ok());
  CHECK(store.run({"CONFIG", "GET", "requirepass"}) == Value::map({bulk("requirepass"), bulk(std::string_view("p\0w", 3))}));
  CHECK(store.run({"AUTH", "p"}) == err(kWrongPass));
  CHECK(store.run({"AUTH", std::string_view("p\0w", 3)}) == ok());
  CHECK(store.run({"AUTH", "default", std::string_view("p\0w", 3)}) == ok());
  CHECK(store.run({"AUTH", "DEFAULT", std::string_view("p\0w", 3)}) == err(kWrongPass));  // user names are case-sensitive
  CHECK(store.run({"AUTH", "default", "x"}) == err(kWrongPass));
  CHECK(store.run({"HELLO", "3", "AUTH", "default", "x"}) == err(kWrongPass));
  CHECK(store.run({"HELLO", "3", "AUTH", "default", std::string_view("p\0w", 3)}) == hello_reply(3, 1));
  // The in-process session is never locked out.
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "requirepass", ""}) == ok());
  CHECK(store.run({"AUTH", "x"}) == err(no_password));
}

TEST_CASE("authentication of a network session") {
  Wire w;
  w.a.authenticated = false;
  w.store.config.requirepass = "pw";
  const std::string hello_noauth =
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> "
      "option can be used to authenticate the client and select the RESP protocol version at the same time";
  CHECK(w.run(w.a, {"HELLO", "3"}) == err(hello_noauth));
  CHECK(w.a.resp == 2);
  // Still checked before authentication: the version, the options, the name.
  CHECK(w.run(w.a, {"HELLO", "5"}) == err("NOPROTO unsupported protocol version"));
  CHECK(w.run(w.a, {"HELLO", "3", "SETNAME", "a b"}) == err(kBadName));
  CHECK(w.run(w.a, {"HELLO", "3", "AUTH", "default", "no"}) == err(kWrongPass));
  CHECK(w.run(w.a, {"HELLO", "3", "SETNAME", "n"}) == err(hello_noauth));
  CHECK(w.a.name.empty());
  CHECK(w.run(w.a, {"HELLO", "3", "AUTH", "default", "pw", "SETNAME", "n"}) == hello_reply(3, 5));
  CHECK(w.a.authenticated);
  CHECK(w.a.resp == 3);
  CHECK(w.a.name == "n");

  // A refused EXEC says why inside EXECABORT; NOAUTH keeps its code.
  w.b.authenticated = false;
  CHECK(w.run(w.b, {"EXEC"}) == err("EXECABORT Transaction discarded because of: NOAUTH Authentication required."));

  // RESET: RESP2, no name, authenticated again only if no password is needed.
  w.a.reply_mode = Session::ReplyMode::off;
  w.a.no_evict = true;
  CHECK(w.run(w.a, {"RESET"}) == simple("RESET"));
  CHECK(w.a.resp == 2);
  CHECK(w.a.name.empty());
  CHECK(!w.a.authenticated);
  CHECK(w.a.reply_mode == Session::ReplyMode::on);
  CHECK(w.a.no_evict);  // as Redis, RESET leaves NO-EVICT alone
  CHECK(w.run(w.a, {"AUTH", "pw"}) == ok());
  CHECK(w.a.authenticated);
  w.store.config.requirepass.clear();
  CHECK(w.run(w.a, {"RESET"}) == simple("RESET"));
  CHECK(w.a.authenticated);

  // A connection made while a password was needed must still authenticate
  // for HELLO once it is gone (Redis 7.0 checks the connection's flag).
  w.b.authenticated = false;
  CHECK(w.run(w.b, {"HELLO", "3"}) == err(hello_noauth));
  CHECK(w.run(w.b, {"HELLO", "3", "AUTH", "default", "whatever"}) == hello_reply(3, 6));
}

TEST_CASE("QUIT, MONITOR and RESET of a network session") {
  Wire w;
  CHECK(w.run(w.a, {"QUIT"}) == ok());
  CHECK(w.a.close_after_reply);
  CHECK(w.run(w.b, {"quit", "extra", "args"}) == ok());
  CHECK(w.b.close_after_reply);

  Session c;
  c.network = true;
  c.id = 9;
  CHECK(w.run(c, {"MONITOR"}) == ok());
  CHECK(c.monitor);
  CHECK(w.run(c, {"MONITOR", "x"}) == arity_error("monitor"));
  c.resp = 3;
  CHECK(w.run(c, {"RESET"}) == simple("RESET"));
  CHECK(!c.monitor);
  CHECK(c.resp == 2);
  CHECK(w.run(c, {"RESET", "x"}) == arity_error("reset"));
  // EXEC runs MONITOR as a client that needs its replies.
  CHECK(w.run(c, {"MULTI"}) == ok());
  CHECK(w.run(c, {"MONITOR"}) == simple("QUEUED"));
  CHECK(w.run(c, {"EXEC"}) == array({err("ERR MONITOR isn't allowed for DENY BLOCKING client")}));
  CHECK(!c.monitor);
}

TEST_CASE("QUIT, MONITOR and RESET of the in-process session") {
  Store store;
  CHECK(store.run({"QUIT"}) == ok());
  CHECK(store.run({"PING"}) == simple("PONG"));
  CHECK(store.run({"MONITOR"}) == err("ERR MONITOR isn't allowed for DENY BLOCKING client"));
  CHECK(store.run({"HELLO", "2", "SETNAME", "x"}) == hello_reply(2, 1));
  // Back to the in-process session's own defaults: RESP3.
  CHECK(store.run({"RESET"}) == simple("RESET"));
  CHECK(store.run({"HELLO"}) == hello_reply(3, 1));
  CHECK(store.run({"CLIENT", "GETNAME"}) == nil());
}

TEST_CASE("CLIENT ID, SETNAME, GETNAME, REPLY, NO-EVICT") {
  Store store;
  CHECK(store.run({"CLIENT", "ID"}) == integer(1));
  CHECK(store.run({"CLIENT", "GETNAME"}) == nil());
  CHECK(store.run({"CLIENT", "SETNAME", "my-app!~"}) == ok());
  CHECK(store.run({"CLIENT", "GETNAME"}) == bulk("my-app!~"));
  CHECK(store.run({"CLIENT", "SETNAME", "a b"}) == err(kBadName));
  CHECK(store.run({"CLIENT", "SETNAME", "a\nb"}) == err(kBadName));
  CHECK(store.run({"CLIENT", "SETNAME", "a\x01"}) == err(kBadName));
  CHECK(store.run({"CLIENT", "SETNAME", "\xc3\xa9"}) == err(kBadName));
  CHECK(store.run({"CLIENT", "SETNAME", std::string_view("a\0b", 3)}) == err(kBadName));
  CHECK(store.run({"CLIENT", "GETNAME"}) == bulk("my-app!~"));
  CHECK(store.run({"CLIENT", "SETNAME", ""}) == ok());
  CHECK(store.run({"CLIENT", "GETNAME"}) == nil());

  CHECK(store.run({"CLIENT", "REPLY", "ON"}) == ok());
  CHECK(store.run({"CLIENT", "REPLY", "foo"}) == err(kSyntax));
  CHECK(store.run({"CLIENT", "NO-EVICT", "on"}) == ok());
  CHECK(store.run({"CLIENT", "NO-EVICT", "OFF"}) == ok());
  CHECK(store.run({"CLIENT", "NO-EVICT", "maybe"}) == err(kSyntax));

  CHECK(store.run({"CLIENT"}) == arity_error("client"));
  CHECK(store.run({"CLIENT", "ID", "x"}) == arity_error("client|id"));
  CHECK(store.run({"CLIENT", "GETNAME", "x"}) == arity_error("client|getname"));
  CHECK(store.run({"CLIENT", "SETNAME"}) == arity_error("client|setname"));
  CHECK(store.run({"CLIENT", "INFO", "x"}) == arity_error("client|info"));
  CHECK(store.run({"CLIENT", "REPLY", "off", "x"}) == arity_error("client|reply"));
  CHECK(store.run({"CLIENT", "NO-EVICT"}) == arity_error("client|no-evict"));
  CHECK(store.run({"CLIENT", "foo"}) == err("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
  const Value help = store.run({"CLIENT", "HELP"});
  REQUIRE(help.type() == Value::Type::array);
  CHECK(help[0] == simple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  CHECK(help[help.size() - 1] == simple("    Prints this help."));
}

TEST_CASE("CLIENT REPLY sets the mode the server applies") {
  Wire w;
  CHECK(w.run(w.a, {"CLIENT", "REPLY", "SKIP"}) == ok());
  CHECK(w.a.reply_mode == Session::ReplyMode::skip_next);
  CHECK(w.run(w.a, {"CLIENT", "REPLY", "off"}) == ok());
  CHECK(w.a.reply_mode == Session::ReplyMode::off);
  CHECK(w.run(w.a, {"CLIENT", "REPLY", "skip"}) == ok());  // SKIP does nothing while OFF
  CHECK(w.a.reply_mode == Session::ReplyMode::off);
  CHECK(w.run(w.a, {"CLIENT", "REPLY", "on"}) == ok());
  CHECK(w.a.reply_mode == Session::ReplyMode::on);
}

TEST_CASE("CLIENT INFO and LIST of the in-process session") {
  Store store;
  // The caller's own line: its command and the bytes of its arguments.
  const auto line = [](std::string_view name, std::string_view flags, std::size_t argv_mem, std::string_view cmd) {
    return fmt::format(
        "id=1 addr= laddr= fd=-1 name={} age=0 idle=0 flags={} db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 "
        "qbuf-free=20474 argv-mem={} multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem={} events=r cmd={} "
        "user=default redir=-1 resp=3\n",
        name, flags, argv_mem, 774 + 20474 + 16384 + argv_mem, cmd);
  };
  CHECK(store.run({"CLIENT", "INFO"}) == verbatim(line("", "N", 10, "client|info")));
  CHECK(store.run({"CLIENT", "SETNAME", "me"}) == ok());
  CHECK(store.run({"CLIENT", "NO-EVICT", "on"}) == ok());
  CHECK(store.run({"CLIENT", "LIST"}) == verbatim(line("me", "e", 10, "client|list")));
  CHECK(store.run({"CLIENT", "list", "type", "NORMAL"}) == verbatim(line("me", "e", 20, "client|list")));
  const std::string twice = line("me", "e", 15, "client|list");
  CHECK(store.run({"CLIENT", "LIST", "ID", "1", "2", "1"}) == verbatim(twice + twice));
  // CLIENT KILL finds nothing to close: the in-process session is no connection.
  CHECK(store.run({"CLIENT", "KILL", "ID", "1", "SKIPME", "no"}) == integer(0));
  CHECK(store.run({"CLIENT", "KILL", ""}) == err("ERR No such client"));
  CHECK(store.run({"CLIENT", "UNBLOCK", "1"}) == integer(0));
}

TEST_CASE("CLIENT LIST and INFO of network sessions") {
  Wire w;
  w.clock.advance(std::chrono::milliseconds(500));  // age and idle count whole seconds
  w.a.query_buffer = 26;
  w.b.output_bytes = 20000;
  const std::string line_a =
      "id=5 addr=127.0.0.1:50001 laddr=127.0.0.1:6380 fd=8 name= age=7 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 "
      "multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37642 "
      "events=r cmd=client|list user=default redir=-1 resp=2\n";
  const std::string line_b =
      "id=6 addr=/tmp/nr.sock:0 laddr=/tmp/nr.sock:0 fd=9 name= age=3 idle=2 flags=bU db=0 sub=0 psub=0 ssub=0 "
      "multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=16384 rbp=16384 obl=16384 oll=1 omem=3616 "
      "tot-mem=41248 events=rw cmd=blpop user=default redir=-1 resp=2\n";
  CHECK(w.run(w.a, {"CLIENT", "LIST"}) == verbatim(line_a + line_b));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "ID", "6", "7"}).string() ==
        line_b.substr(0, line_b.find(" cmd=")) + " cmd=blpop user=default redir=-1 resp=2\n");
  CHECK(w.run(w.a, {"CLIENT", "LIST", "ID", "0"}) == verbatim(""));
  for (const char* type : {"master", "replica", "slave", "pubsub", "PUBSUB"})
    CHECK(w.run(w.a, {"CLIENT", "LIST", "TYPE", type}) == verbatim(""));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "TYPE", "foo"}) == err("ERR Unknown client type 'foo'"));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "TYPE"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "ID"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "ID", "abc"}) == err("ERR Invalid client ID"));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "ID", "6", "abc"}) == err("ERR Invalid client ID"));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "TYPE", "normal", "ID", "5"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "LIST", "foo"}) == err(kSyntax));
  w.b.monitor = true;
  w.b.blocked = false;
  w.b.no_evict = true;
  w.b.close_after_reply = true;
  w.b.resp = 3;
  w.b.name = "mon";
  const Value info = w.run(w.b, {"CLIENT", "INFO"});
  CHECK(info == verbatim("id=6 addr=/tmp/nr.sock:0 laddr=/tmp/nr.sock:0 fd=9 name=mon age=3 idle=2 flags=OcUe db=0 "
                         "sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=10 multi-mem=0 rbs=16384 "
                         "rbp=16384 obl=16384 oll=1 omem=3616 tot-mem=41258 events=rw cmd=client|info user=default "
                         "redir=-1 resp=3\n"));
  // Monitors are normal clients, as in Redis.
  CHECK(w.run(w.a, {"CLIENT", "LIST", "TYPE", "normal"}).string().find("id=6 ") != std::string::npos);
}

TEST_CASE("CLIENT KILL") {
  Wire w;
  // The old form: one address, may close the caller, OK or an error.
  CHECK(w.run(w.a, {"CLIENT", "KILL", "1.2.3.4:5"}) == err("ERR No such client"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "id"}) == err("ERR No such client"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "/tmp/nr.sock:0"}) == ok());
  CHECK(w.registry.killed == std::vector<std::uint64_t>{6});
  CHECK(w.run(w.a, {"CLIENT", "KILL", "127.0.0.1:50001"}) == ok());
  CHECK(w.registry.killed == std::vector<std::uint64_t>{6, 5});
  w.registry.killed.clear();

  // The filter form counts, and skips the caller unless SKIPME no.
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "99"}) == integer(0));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "5"}) == integer(0));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "5", "SKIPME", "no"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ADDR", "/tmp/nr.sock:0"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "LADDR", "127.0.0.1:6380", "skipme", "NO"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "TYPE", "normal"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "no"}) == integer(0));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "USER", "default", "SKIPME", "no"}) == integer(2));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "6", "ADDR", "127.0.0.1:50001"}) == integer(0));
  CHECK(w.registry.killed == std::vector<std::uint64_t>{5, 6, 5, 6, 5, 6});

  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "abc"}) == err("ERR client-id should be greater than 0"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "0"}) == err("ERR client-id should be greater than 0"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "TYPE", "foo"}) == err("ERR Unknown client type 'foo'"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "USER", "nobody"}) == err("ERR No such user 'nobody'"));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "SKIPME", "maybe"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "MAXAGE", "10"}) == err(kSyntax));  // Redis 7.4's, not 7.0's
  CHECK(w.run(w.a, {"CLIENT", "KILL", "foo", "bar"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "KILL", "ID", "5", "SKIPME"}) == err(kSyntax));
  CHECK(w.run(w.a, {"CLIENT", "KILL"}) == arity_error("client|kill"));
}

TEST_CASE("CLIENT UNBLOCK") {
  Wire w;
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "6"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "6", "ERROR"}) == integer(1));
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "6", "timeout"}) == integer(1));
  CHECK(w.registry.unblocked == std::vector<std::pair<std::uint64_t, bool>>{{6, false}, {6, true}, {6, false}});
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "5"}) == integer(0));  // not blocked
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "99"}) == integer(0));
  CHECK(w.registry.unblocked.size() == 3);
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "abc"}) == err(kNotInteger));
  // The reason is checked first.
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "abc", "foo"}) == err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK", "6", "timeout", "x"}) ==
        err("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP."));
  CHECK(w.run(w.a, {"CLIENT", "unblock", "6", "timeout", "x"}) ==
        err("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP."));
  CHECK(w.run(w.a, {"CLIENT", "UNBLOCK"}) == arity_error("client|unblock"));
}

TEST_CASE("monitor_line labels in-process commands, which have no socket") {
  Session s;
  CHECK(not_redis::detail::monitor_line(s, Argv{"GET", "k"}, 1'000'000) == R"x(1.000000 [0 in-process] "GET" "k")x");
}

TEST_CASE("monitor_line: Redis's quoting, addresses and redaction") {
  Session s;
  s.network = true;
  s.addr = "127.0.0.1:60866";
  const std::int64_t t = 1339518083'107412;
  CHECK(not_redis::detail::monitor_line(s, Argv{"keys", "*"}, t) == R"x(1339518083.107412 [0 127.0.0.1:60866] "keys" "*")x");
  CHECK(not_redis::detail::monitor_line(s, Argv{"PING"}, 1'000'000'000'000'005) == R"x(1000000000.000005 [0 127.0.0.1:60866] "PING")x");
  const std::string binary("\xff\t\n\0\"\\\a\b\x7f \x1b\r~", 13);
  CHECK(not_redis::detail::monitor_line(s, Argv{"GET", std::string_view(binary)}, t) ==
        R"x(1339518083.107412 [0 127.0.0.1:60866] "GET" "\xff\t\n\x00\"\\\a\b\x7f \x1b\r~")x");
  CHECK(not_redis::detail::monitor_line(s, Argv{"SET", "", "v"}, t) == R"x(1339518083.107412 [0 127.0.0.1:60866] "SET" "" "v")x");

  Session u;
  u.unix_socket = true;
  u.addr = "/tmp/redis.sock:0";
  CHECK(not_redis::detail::monitor_line(u, Argv{"get", "k"}, t) == R"x(1339518083.107412 [0 unix:/tmp/redis.sock] "get" "k")x");

  const auto args = [&](const Argv& argv) {
    const std::string line = not_redis::detail::monitor_line(s, argv, t);
    return line.substr(line.find(']') + 2);
  };
  CHECK(args(Argv{"AUTH", "x"}) == R"x("AUTH" "(redacted)")x");
  CHECK(args(Argv{"auth", "a", "b"}) == R"x("auth" "(redacted)" "(redacted)")x");
  CHECK(args(Argv{"AUTH", "a", "b", "c"}) == R"x("AUTH" "a" "b" "c")x");  // refused before redacting
  CHECK(args(Argv{"HELLO", "3", "AUTH", "default", "x", "SETNAME", "n"}) ==
        R"x("HELLO" "3" "AUTH" "(redacted)" "(redacted)" "SETNAME" "n")x");
  CHECK(args(Argv{"hello", "2", "auth", "a"}) == R"x("hello" "2" "auth" "a")x");
  CHECK(args(Argv{"hello", "2", "setname", "a b", "auth", "u", "p"}) == R"x("hello" "2" "setname" "a b" "auth" "u" "p")x");
  CHECK(args(Argv{"hello", "2", "auth", "u", "p", "setname", "a b"}) ==
        R"x("hello" "2" "auth" "(redacted)" "(redacted)" "setname" "a b")x");
  CHECK(args(Argv{"hello", "9", "auth", "u", "p"}) == R"x("hello" "9" "auth" "u" "p")x");
  CHECK(args(Argv{"hello", "3", "foo", "auth", "u", "p"}) == R"x("hello" "3" "foo" "auth" "u" "p")x");
}

TEST_CASE("INFO clients, stats and commandstats") {
  Store store;
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"GET"}) == arity_error("get"));
  CHECK(store.run({"LPUSH", "k", "x"}) == err(kWrongType));
  CHECK(store.run({"CONFIG", "GET", "hz"}) == Value::map({bulk("hz"), bulk("10")}));
  CHECK(store.run({"CLIENT", "ID"}) == integer(1));

  const Value info = store.run({"INFO", "commandstats"});
  REQUIRE(info.verbatim_format() == "txt");
  const std::string& text = info.string();
  CHECK(text.starts_with("# Commandstats\r\n"));
  const auto stat = [&](std::string_view name) {
    const std::size_t at = text.find(fmt::format("\r\ncmdstat_{}:", name));
    if (at == std::string::npos) return std::string();
    const std::size_t start = text.find(':', at) + 1;
    std::string fields = text.substr(start, text.find("\r\n", start) - start);
    // usec and usec_per_call are measured: keep calls and the error counts.
    const std::size_t usec = fields.find(",usec=");
    const std::size_t rejected = fields.find(",rejected_calls=");
    return fields.erase(usec, rejected - usec);
  };
  CHECK(stat("set") == "calls=1,rejected_calls=0,failed_calls=0");
  CHECK(stat("get") == "calls=2,rejected_calls=1,failed_calls=0");
  CHECK(stat("lpush") == "calls=1,rejected_calls=0,failed_calls=1");
  CHECK(stat("config|get") == "calls=1,rejected_calls=0,failed_calls=0");
  CHECK(stat("client|id") == "calls=1,rejected_calls=0,failed_calls=0");
  CHECK(stat("config").empty());  // the container itself never runs
  CHECK(stat("del").empty());
  CHECK(text.find("usec_per_call=") != std::string::npos);

  // Not in the default sections; in "all" and "everything", in Redis's order.
  const auto sections = [&](std::initializer_list<std::string_view> argv) {
    const std::string all = store.run(argv).string();
    std::string titles;
    for (std::size_t at = all.find("# "); at != std::string::npos; at = all.find("\r\n# ", at + 1)) {
      const std::size_t start = all.find('#', at) + 2;
      titles += all.substr(start, all.find('\r', start) - start) + " ";
    }
    return titles;
  };
  // redis-server 7.0's choices of sections.
  CHECK(sections({"INFO"}) == "Server Clients Memory Persistence Stats Replication CPU Modules Errorstats Cluster Keyspace ");
  CHECK(sections({"INFO", "default"}) == "Server Clients Memory Persistence Stats Replication CPU Modules Errorstats Cluster Keyspace ");
  CHECK(sections({"INFO", "all"}) == "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Latencystats Cluster Keyspace ");
  CHECK(sections({"INFO", "EVERYTHING"}) == "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Latencystats Cluster Keyspace ");
  CHECK(sections({"INFO", "default", "commandstats"}) == "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Cluster Keyspace ");
  CHECK(sections({"INFO", "keyspace", "CLIENTS"}) == "Clients Keyspace ");
  CHECK(store.run({"INFO", "nosuchsection"}) == Value::verbatim("txt", ""));

  const std::string clients = store.run({"INFO", "clients"}).string();
  CHECK(clients ==
        "# Clients\r\nconnected_clients:0\r\ncluster_connections:0\r\nmaxclients:10000\r\n"
        "client_recent_max_input_buffer:0\r\nclient_recent_max_output_buffer:0\r\nblocked_clients:0\r\n"
        "tracking_clients:0\r\nclients_in_timeout_table:0\r\n");
  const std::string stats = store.run({"INFO", "stats"}).string();
  CHECK(stats.starts_with("# Stats\r\ntotal_connections_received:0\r\ntotal_commands_processed:"));
  CHECK(stats.find("\r\nrejected_connections:0\r\n") != std::string::npos);

  CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
  // As Redis: the stats restart with CONFIG RESETSTAT's own call.
  CHECK(stat("config|resetstat").empty());
  const std::string after = store.run({"INFO", "commandstats"}).string();
  CHECK(after.starts_with("# Commandstats\r\ncmdstat_config|resetstat:calls=1,usec="));
  CHECK(std::count(after.begin(), after.end(), '\n') == 2);
}

TEST_CASE("INFO clients counts network sessions") {
  Wire w;
  w.a.query_buffer = 100;
  // Redis counts the output beyond the 16 KB reply buffer (omem), as its
  // output limits do: 20000 unsent bytes are 3616.
  w.b.output_bytes = 20000;
  w.store.stats.connections_received = 7;
  w.store.blocked_clients = 1;
  CHECK(w.run(w.a, {"CONFIG", "SET", "maxclients", "50"}) == Value::ok());
  CHECK(w.run(w.a, {"INFO", "clients"}).string() ==
        "# Clients\r\nconnected_clients:2\r\ncluster_connections:0\r\nmaxclients:50\r\n"
        "client_recent_max_input_buffer:100\r\nclient_recent_max_output_buffer:3616\r\nblocked_clients:1\r\n"
        "tracking_clients:0\r\nclients_in_timeout_table:1\r\n");
  CHECK(w.run(w.a, {"INFO", "stats"}).string().starts_with("# Stats\r\ntotal_connections_received:7\r\n"));

  // The maxima are peaks over the last 8 seconds, as Redis's clientsCron
  // keeps them: the buffers emptied, they stay reported until then.
  const auto recent_max = [&] {
    const std::string text = w.run(w.a, {"INFO", "clients"}).string();
    const auto field = [&](std::string_view name) {
      const std::size_t at = text.find(name) + name.size() + 1;
      return text.substr(at, text.find('\r', at) - at);
    };
    return field("client_recent_max_input_buffer") + " " + field("client_recent_max_output_buffer");
  };
  w.a.query_buffer = 0;
  w.b.output_bytes = 0;
  w.clock.advance(std::chrono::seconds(7));
  CHECK(recent_max() == "100 3616");
  w.a.query_buffer = 10;
  w.clock.advance(std::chrono::seconds(1));
  CHECK(recent_max() == "10 0");
  w.clock.advance(std::chrono::hours(1));
  w.a.query_buffer = 0;
  CHECK(recent_max() == "0 0");

  w.store.config.port = 6380;
  CHECK(w.run(w.a, {"INFO", "server"}).string().find("\r\ntcp_port:6380\r\n") != std::string::npos);
}

TEST_CASE("INFO errorstats lists the counted error codes") {
  Wire w;
  w.store.stats.errors["WRONGTYPE"] = 2;
  w.store.stats.errors["ERR"] = 5;
  CHECK(w.run(w.a, {"INFO", "errorstats"}).string() == "# Errorstats\r\nerrorstat_ERR:count=5\r\nerrorstat_WRONGTYPE:count=2\r\n");
}

TEST_CASE("CONFIG GET and SET of the encoding thresholds and the server's settings") {
  Store store;
  const auto get = [&](std::string_view name) { return store.run({"CONFIG", "GET", name}); };
  const auto pair = [](std::string_view name, std::string_view value) { return Value::map({bulk(name), bulk(value)}); };
  CHECK(get("hash-max-listpack-entries") == pair("hash-max-listpack-entries", "512"));
  CHECK(get("hash-max-ziplist-entries") == pair("hash-max-ziplist-entries", "512"));
  CHECK(get("hash-max-listpack-value") == pair("hash-max-listpack-value", "64"));
  CHECK(get("HASH-MAX-ZIPLIST-VALUE") == pair("HASH-MAX-ZIPLIST-VALUE", "64"));
  CHECK(get("list-max-listpack-size") == pair("list-max-listpack-size", "-2"));
  CHECK(get("list-max-ziplist-size") == pair("list-max-ziplist-size", "-2"));
  CHECK(get("list-compress-depth") == pair("list-compress-depth", "0"));
  CHECK(get("set-max-intset-entries") == pair("set-max-intset-entries", "512"));
  CHECK(get("zset-max-listpack-entries") == pair("zset-max-listpack-entries", "128"));
  CHECK(get("zset-max-ziplist-entries") == pair("zset-max-ziplist-entries", "128"));
  CHECK(get("zset-max-listpack-value") == pair("zset-max-listpack-value", "64"));
  CHECK(get("zset-max-ziplist-value") == pair("zset-max-ziplist-value", "64"));
  CHECK(get("maxclients") == pair("maxclients", "10000"));
  CHECK(get("port") == pair("port", "0"));
  CHECK(get("bind") == pair("bind", ""));
  CHECK(get("unixsocket") == pair("unixsocket", ""));
  // A pattern reports each name, aliases included.
  CHECK(get("hash-max-*") == Value::map({bulk("hash-max-listpack-entries"), bulk("512"), bulk("hash-max-listpack-value"),
                                         bulk("64"), bulk("hash-max-ziplist-entries"), bulk("512"),
                                         bulk("hash-max-ziplist-value"), bulk("64")}));
  CHECK(store.run({"CONFIG", "GET", "HASH-MAX-ZIPLIST-ENTRIES", "hash-max-ziplist-entries"}) ==
        pair("HASH-MAX-ZIPLIST-ENTRIES", "512"));

  // Aliases share the setting; setting both names at once is allowed.
  CHECK(store.run({"CONFIG", "SET", "hash-max-ziplist-entries", "5", "hash-max-listpack-entries", "6"}) == ok());
  CHECK(get("hash-max-ziplist-entries") == pair("hash-max-ziplist-entries", "6"));
  CHECK(store.run({"CONFIG", "SET", "list-max-ziplist-size", "5"}) == ok());
  CHECK(get("list-max-listpack-size") == pair("list-max-listpack-size", "5"));
  CHECK(store.run({"CONFIG", "SET", "list-max-listpack-size", "-10"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-value", "1k"}) == ok());
  CHECK(get("hash-max-listpack-value") == pair("hash-max-listpack-value", "1000"));
  CHECK(store.run({"CONFIG", "SET", "zset-max-ziplist-value", "2kb"}) == ok());
  CHECK(get("zset-max-listpack-value") == pair("zset-max-listpack-value", "2048"));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "9223372036854775807"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-value", "9223372036854775807"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "set-max-intset-entries", "0", "zset-max-listpack-entries", "5"}) == ok());
  CHECK(get("set-max-intset-entries") == pair("set-max-intset-entries", "0"));
  CHECK(store.run({"CONFIG", "SET", "list-compress-depth", "0"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "maxclients", "4294967295"}) == ok());
  CHECK(get("maxclients") == pair("maxclients", "4294967295"));

  const auto failed = [](std::string_view name, std::string_view reason) {
    return err(fmt::format("ERR CONFIG SET failed (possibly related to argument '{}') - {}", name, reason));
  };
  const std::string not_int = "argument couldn't be parsed into an integer";
  const std::string long_range = "argument must be between 0 and 9223372036854775807 inclusive";
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "abc"}) == failed("hash-max-listpack-entries", not_int));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "1k"}) == failed("hash-max-listpack-entries", not_int));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "-1"}) == failed("hash-max-listpack-entries", long_range));
  CHECK(store.run({"CONFIG", "SET", "set-max-intset-entries", "-1"}) == failed("set-max-intset-entries", long_range));
  CHECK(store.run({"CONFIG", "SET", "set-max-intset-entries", "99999999999999999999"}) ==
        failed("set-max-intset-entries", not_int));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-value", "-1"}) ==
        failed("hash-max-listpack-value", "argument must be a memory value"));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-value", "abc"}) ==
        failed("hash-max-listpack-value", "argument must be a memory value"));
  CHECK(store.run({"CONFIG", "SET", "hash-max-listpack-value", "9223372036854775808"}) ==
        failed("hash-max-listpack-value", long_range));
  CHECK(store.run({"CONFIG", "SET", "list-max-listpack-size", "abc"}) == failed("list-max-listpack-size", not_int));
  CHECK(store.run({"CONFIG", "SET", "list-max-listpack-size", "99999999999"}) ==
        failed("list-max-listpack-size", "argument must be between -2147483648 and 2147483647 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "list-compress-depth", "-1"}) ==
        failed("list-compress-depth", "argument must be between 0 and 2147483647 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "maxclients", "abc"}) == failed("maxclients", not_int));
  CHECK(store.run({"CONFIG", "SET", "maxclients", "0"}) ==
        failed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "maxclients", "4294967296"}) ==
        failed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  CHECK(store.run({"CONFIG", "SET", "hash-max-ziplist-entries", "5", "hash-max-ziplist-entries", "6"}) ==
        failed("hash-max-ziplist-entries", "duplicate parameter"));
  CHECK(store.run({"CONFIG", "SET", "unixsocket", "/tmp/x"}) == failed("unixsocket", "can't set immutable config"));
  // Redis moves its listener; a not_redis server cannot, so these stay as they are.
  CHECK(store.run({"CONFIG", "SET", "port", "1234"}) == failed("port", "can't set immutable config"));
  CHECK(store.run({"CONFIG", "SET", "bind", "1.2.3.4"}) == failed("bind", "can't set immutable config"));
  // A failed CONFIG SET changes nothing.
  CHECK(get("list-max-listpack-size") == pair("list-max-listpack-size", "-10"));
}
