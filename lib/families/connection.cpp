// Connection commands: HELLO, AUTH, CLIENT, QUIT, RESET, MONITOR (Redis's
// networking.c, acl.c and replication.c's monitor feed).
//
// The caller is ctx.session(). Other connections come from store.sessions,
// the SessionRegistry a Server provides; without one, the in-process session
// is the only client there is. The in-process session is listed like any
// client (Redis always lists the caller) but is not a connection: CLIENT KILL
// never closes it and MONITOR refuses it.

#include "families/connection.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cmd/output_limit.hpp"
#include "families/family.hpp"
#include "families/transactions.hpp"
#include "util/repr.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// Sessions, names and credentials.

/// The protocol versions HELLO accepts.
constexpr long long kMinProto = 2;
constexpr long long kMaxProto = 3;

/// Every client a CLIENT command sees, in id order: the network sessions,
/// and the caller when it is the in-process session (whose id comes first).
std::vector<Session*> visible_sessions(const Context& ctx) {
  std::vector<Session*> out;
  if (ctx.store.sessions) out = ctx.store.sessions->sessions();
  if (!ctx.session().network) out.insert(out.begin(), &ctx.session());
  return out;
}

/// Redis's validateClientName: empty (which clears the name), or printable
/// ASCII without spaces, so that CLIENT LIST splits on spaces.
bool valid_client_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~'; });
}

/// The default user is the only user: with no requirepass it takes any
/// password (Redis's "nopass"), otherwise only requirepass.
bool credentials_ok(const Config& config, std::string_view username, std::string_view password) {
  return username == "default" && (config.requirepass.empty() || password == config.requirepass);
}

/// Redis's client types (getClientTypeByName). Nothing here is a master or a
/// replica: MONITOR sessions count as normal, as in Redis.
enum class ClientType { normal, replica, pubsub, master };

/// Redis's getClientType for a session: pubsub once it has subscriptions.
ClientType type_of(const Session& session) noexcept {
  return session.subscribed() ? ClientType::pubsub : ClientType::normal;
}

std::optional<ClientType> client_type(std::string_view name) {
  if (iequals(name, "normal")) return ClientType::normal;
  if (iequals(name, "slave") || iequals(name, "replica")) return ClientType::replica;
  if (iequals(name, "pubsub")) return ClientType::pubsub;
  if (iequals(name, "master")) return ClientType::master;
  return std::nullopt;
}

// The sizes Redis reports for a connection's buffers: a query buffer is
// allocated at 20474 usable bytes, the reply buffer is 16 KB while busy and
// shrinks to 1 KB when idle.
constexpr std::size_t kQueryBufferSize = 20474;
constexpr std::size_t kIdleReplyBufferSize = 1024;
constexpr std::size_t kClientStructSize = 774;  // what Redis's tot-mem adds for the client itself

/// One CLIENT LIST / CLIENT INFO line (Redis 7.0's catClientInfoString),
/// without its trailing newline. Fields we do not track (pub/sub, tracking)
/// have the values of a client that uses none of them.
std::string client_info_line(const Context& ctx, const Session& s) {
  const bool caller = &s == &ctx.session();
  std::string flags;
  if (s.monitor) flags += 'O';
  if (s.subscribed()) flags += 'P';
  if (s.multi.active) flags += 'x';
  if (s.blocked) flags += 'b';
  if (s.watch_dirty) flags += 'd';
  if (s.close_after_reply) flags += 'c';
  if (s.unix_socket) flags += 'U';
  if (s.no_evict) flags += 'e';
  if (flags.empty()) flags = "N";

  const std::int64_t now_s = ctx.now_ms() / 1000;
  const auto seconds_since = [&](std::int64_t ms) { return ms > 0 ? std::max<std::int64_t>(0, now_s - ms / 1000) : 0; };

  std::size_t argv_mem = 0;
  if (caller)
    for (std::string_view arg : ctx.argv) argv_mem += arg.size();
  const std::size_t qbuf_size = std::max(kQueryBufferSize, s.query_buffer);
  const std::size_t rbs = caller || s.output_bytes > 0 ? kReplyBufferSize : kIdleReplyBufferSize;
  const std::size_t rbp = caller ? kReplyBufferSize : std::min(s.output_bytes, rbs);
  const std::size_t obl = std::min(s.output_bytes, kReplyBufferSize);
  const std::size_t omem = output_list_bytes(s.output_bytes);
  const std::size_t multi_mem = s.multi.queued_bytes;
  const std::size_t tot_mem = kClientStructSize + qbuf_size + rbs + argv_mem + multi_mem + omem;
  // Inside EXEC, Redis shows the EXEC that runs, not the queued command.
  const std::string_view cmd = !caller ? std::string_view(s.last_command) : s.multi.active ? "exec" : ctx.command.name;
  const long long multi = s.multi.active ? static_cast<long long>(s.multi.queued.size()) : -1;

  return fmt::format(
      "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db=0 sub={} psub={} ssub={} multi={} qbuf={} "
      "qbuf-free={} argv-mem={} multi-mem={} rbs={} rbp={} obl={} oll={} omem={} tot-mem={} events={} cmd={} "
      "user=default redir=-1 resp={}",
      s.id, s.addr, s.laddr, s.fd, s.name, seconds_since(s.created_ms), seconds_since(s.last_interaction_ms), flags,
      s.channels.size(), s.patterns.size(), s.shard_channels.size(), multi, s.query_buffer, qbuf_size - s.query_buffer, argv_mem, multi_mem, rbs, rbp, obl, omem > 0 ? 1 : 0, omem, tot_mem,
      s.output_bytes > 0 ? "rw" : "r", cmd, s.resp);
}

} // namespace

// ---------------------------------------------------------------------------
// MONITOR's line.

std::vector<bool> redacted_arguments(const Argv& argv) {
  std::vector<bool> redacted(argv.size(), false);
  if (argv.empty()) return redacted;
  if (iequals(argv[0], "auth")) {
    if (argv.size() <= 3) std::fill(redacted.begin() + 1, redacted.end(), true);
  } else if (iequals(argv[0], "hello") && argv.size() > 2) {
    const auto version = parse_integer(argv[1]);
    if (!version || *version < kMinProto || *version > kMaxProto) return redacted;
    for (std::size_t j = 2; j < argv.size(); ++j) {
      const std::size_t more = argv.size() - 1 - j;
      if (iequals(argv[j], "auth") && more >= 2) {
        redacted[j + 1] = redacted[j + 2] = true;
        j += 2;
      } else if (iequals(argv[j], "setname") && more >= 1 && valid_client_name(argv[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
  } else if (iequals(argv[0], "config") && argv.size() >= 4 && argv.size() % 2 == 0 && iequals(argv[1], "set")) {
    // Redis's configSetCommand redacts a sensitive setting's value (of ours,
    // requirepass) even when another pair of the call is refused.
    for (std::size_t j = 2; j + 1 < argv.size(); j += 2)
      if (iequals(argv[j], "requirepass")) redacted[j + 1] = true;
  }
  return redacted;
}

std::string monitor_line(const Session& from, const Argv& argv, std::int64_t now_us) {
  std::string out = fmt::format("{}.{:06} ", now_us / 1'000'000, now_us % 1'000'000);
  if (from.unix_socket) {
    // Redis names the server's socket path; a unix peer's addr is "path:0".
    std::string_view path = from.addr;
    if (path.ends_with(":0")) path.remove_suffix(2);
    fmt::format_to(std::back_inserter(out), "[0 unix:{}] ", path);
  } else if (!from.network) {
    // Redis labels commands without a socket by their origin ("lua"); ours come from the process.
    out += "[0 in-process] ";
  } else {
    fmt::format_to(std::back_inserter(out), "[0 {}] ", from.addr);
  }
  const std::vector<bool> redacted = redacted_arguments(argv);
  for (std::size_t j = 0; j < argv.size(); ++j) {
    if (j) out += ' ';
    append_repr(out, redacted[j] ? std::string_view("(redacted)") : argv[j]);
  }
  return out;
}

namespace {

// ---------------------------------------------------------------------------
// Command handlers.

// HELLO [protover [AUTH username password] [SETNAME clientname]]
Outcome hello(Context& ctx) {
  Session& session = ctx.session();
  long long version = 0;
  if (ctx.argv.size() >= 2) {
    const auto v = integer_arg(ctx, 1);
    if (!v) return error_reply(errors::kProtoNotInteger);
    if (*v < kMinProto || *v > kMaxProto) return error_reply(errors::kNoProto);
    version = *v;
  }
  std::optional<std::string_view> username, password, name;
  for (std::size_t j = 2; j < ctx.argv.size(); ++j) {
    const std::size_t more = ctx.argv.size() - 1 - j;
    const std::string_view option = ctx.argv[j];
    if (iequals(option, "auth") && more >= 2) {
      username = ctx.argv[j + 1];
      password = ctx.argv[j + 2];
      j += 2;
    } else if (iequals(option, "setname") && more >= 1) {
      name = ctx.argv[j + 1];
      // Checked while parsing, before authenticating, as Redis does.
      if (!valid_client_name(*name)) return error_reply(errors::kInvalidClientName);
      ++j;
    } else {
      return Value::error(fmt::format(fmt::runtime(errors::kHelloSyntax), error_arg(option)));
    }
  }
  if (username) {
    if (!credentials_ok(ctx.store.config, *username, *password)) return error_reply(errors::kWrongPass);
    session.authenticated = true;
  }
  // The session's own flag, not whether a password is needed now: a
  // connection made while requirepass was set must still authenticate
  // (Redis 7.0 checks c->authenticated here).
  if (!session.authenticated) return error_reply(errors::kHelloNoAuth);
  if (name) session.name = *name;
  if (version) session.resp = static_cast<int>(version);
  return Value::map({
      Value::bulk("server"),  Value::bulk("redis"),
      Value::bulk("version"), Value::bulk("7.0.15"),
      Value::bulk("proto"),   Value::integer(session.resp),
      Value::bulk("id"),      Value::integer(static_cast<long long>(session.id)),
      Value::bulk("mode"),    Value::bulk("standalone"),
      Value::bulk("role"),    Value::bulk("master"),
      Value::bulk("modules"), Value::array(),
  });
}

// AUTH [username] password
Outcome auth(Context& ctx) {
  if (ctx.argv.size() > 3) return syntax_error();
  std::string_view username = "default";
  std::string_view password;
  if (ctx.argv.size() == 2) {
    // The old form keeps its old error when no password is configured.
    if (ctx.store.config.requirepass.empty()) return error_reply(errors::kAuthNoPassword);
    password = ctx.argv[1];
  } else {
    username = ctx.argv[1];
    password = ctx.argv[2];
  }
  if (!credentials_ok(ctx.store.config, username, password)) return error_reply(errors::kWrongPass);
  ctx.session().authenticated = true;
  return Value::ok();
}

// CLIENT ID
Outcome client_id(Context& ctx) { return Value::integer(static_cast<long long>(ctx.session().id)); }

// CLIENT SETNAME connection-name
Outcome client_setname(Context& ctx) {
  const std::string_view name = ctx.argv[2];
  if (!valid_client_name(name)) return error_reply(errors::kInvalidClientName);
  ctx.session().name = name;  // "" removes the name
  return Value::ok();
}

// CLIENT GETNAME
Outcome client_getname(Context& ctx) {
  const std::string& name = ctx.session().name;
  return name.empty() ? Value{} : Value::bulk(name);
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
Outcome client_list(Context& ctx) {
  const std::vector<Session*> sessions = visible_sessions(ctx);
  std::string out;
  const auto add = [&](const Session& s) {
    out += client_info_line(ctx, s);
    out += '\n';
  };
  if (ctx.argv.size() == 4 && iequals(ctx.argv[2], "type")) {
    const auto type = client_type(ctx.argv[3]);
    if (!type) return Value::error(fmt::format(fmt::runtime(errors::kUnknownClientType), error_arg(ctx.argv[3])));
    for (const Session* s : sessions)
      if (type_of(*s) == *type) add(*s);
  } else if (ctx.argv.size() > 3 && iequals(ctx.argv[2], "id")) {
    // Each id as given, repeats included, as Redis does.
    for (std::size_t j = 3; j < ctx.argv.size(); ++j) {
      const auto id = integer_arg(ctx, j);
      if (!id) return error_reply(errors::kInvalidClientId);
      const auto it = std::find_if(sessions.begin(), sessions.end(),
                                   [&](const Session* s) { return static_cast<long long>(s->id) == *id; });
      if (it != sessions.end()) add(**it);
    }
  } else if (ctx.argv.size() != 2) {
    return syntax_error();
  } else {
    for (const Session* s : sessions) add(*s);
  }
  return Value::verbatim("txt", std::move(out));
}

// CLIENT INFO
Outcome client_info(Context& ctx) { return Value::verbatim("txt", client_info_line(ctx, ctx.session()) + "\n"); }

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port]
//             [LADDR ip:port] [SKIPME YES|NO] [...]
Outcome client_kill(Context& ctx) {
  std::optional<std::string_view> addr, laddr;
  std::optional<ClientType> type;
  std::uint64_t id = 0;
  bool skipme = true;
  const bool old_form = ctx.argv.size() == 3;
  if (old_form) {
    addr = ctx.argv[2];
    skipme = false;  // the old form may kill the caller
  } else {
    for (std::size_t i = 2; i < ctx.argv.size(); i += 2) {
      const std::string_view option = ctx.argv[i];
      if (i + 1 >= ctx.argv.size()) return syntax_error();
      const std::string_view value = ctx.argv[i + 1];
      if (iequals(option, "id")) {
        const auto n = parse_integer(value);
        if (!n || *n < 1) return error_reply(errors::kClientIdNotPositive);
        id = static_cast<std::uint64_t>(*n);
      } else if (iequals(option, "type")) {
        type = client_type(value);
        if (!type) return Value::error(fmt::format(fmt::runtime(errors::kUnknownClientType), error_arg(value)));
      } else if (iequals(option, "addr")) {
        addr = value;
      } else if (iequals(option, "laddr")) {
        laddr = value;
      } else if (iequals(option, "user")) {
        if (value != "default") return Value::error(fmt::format(fmt::runtime(errors::kNoSuchUser), error_arg(value)));
      } else if (iequals(option, "skipme")) {
        if (iequals(value, "yes")) skipme = true;
        else if (iequals(value, "no")) skipme = false;
        else return syntax_error();
      } else {
        return syntax_error();
      }
    }
  }
  long long killed = 0;
  if (SessionRegistry* registry = ctx.store.sessions) {
    for (Session* s : registry->sessions()) {
      if (addr && s->addr != *addr) continue;
      if (laddr && s->laddr != *laddr) continue;
      if (type && *type != type_of(*s)) continue;
      if (id != 0 && s->id != id) continue;
      if (skipme && s == &ctx.session()) continue;
      registry->kill(*s, ctx.session());  // the caller is closed after its reply
      ++killed;
    }
  }
  if (!old_form) return Value::integer(killed);
  return killed ? Value::ok() : error_reply(errors::kNoSuchClient);
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
Outcome client_unblock(Context& ctx) {
  if (ctx.argv.size() > 4) return subcommand_syntax_error(ctx, "CLIENT");
  bool with_error = false;
  if (ctx.argv.size() == 4) {
    if (iequals(ctx.argv[3], "timeout")) with_error = false;
    else if (iequals(ctx.argv[3], "error")) with_error = true;
    else return error_reply(errors::kUnblockReason);
  }
  const auto id = integer_arg(ctx, 2);
  if (!id) return not_integer();
  if (SessionRegistry* registry = ctx.store.sessions) {
    for (Session* s : registry->sessions())
      if (static_cast<long long>(s->id) == *id) return Value::integer(s->blocked && registry->unblock(*s, with_error) ? 1 : 0);
  }
  return Value::integer(0);
}

// CLIENT REPLY ON|OFF|SKIP
Outcome client_reply(Context& ctx) {
  // Redis sends nothing for OFF and SKIP; the server drops this OK (and the
  // next reply for SKIP) by the mode set here. In-process callers get the OK.
  Session& session = ctx.session();
  const std::string_view mode = ctx.argv[2];
  if (iequals(mode, "on")) session.reply_mode = Session::ReplyMode::on;
  else if (iequals(mode, "off")) session.reply_mode = Session::ReplyMode::off;
  else if (iequals(mode, "skip")) {
    if (session.reply_mode != Session::ReplyMode::off) session.reply_mode = Session::ReplyMode::skip_next;
  } else {
    return syntax_error();
  }
  return Value::ok();
}

// CLIENT NO-EVICT ON|OFF
Outcome client_no_evict(Context& ctx) {
  const std::string_view mode = ctx.argv[2];
  if (iequals(mode, "on")) ctx.session().no_evict = true;
  else if (iequals(mode, "off")) ctx.session().no_evict = false;
  else return syntax_error();
  return Value::ok();
}

// CLIENT HELP
Outcome client_help(Context&) {
  // Redis 7.0's text, less the subcommands we do not have (CACHING, GETREDIR,
  // PAUSE, UNPAUSE, TRACKING, TRACKINGINFO).
  return help_reply("CLIENT", {
                                  "GETNAME",
                                  "    Return the name of the current connection.",
                                  "ID",
                                  "    Return the ID of the current connection.",
                                  "INFO",
                                  "    Return information about the current client connection.",
                                  "KILL <ip:port>",
                                  "    Kill connection made from <ip:port>.",
                                  "KILL <option> <value> [<option> <value> [...]]",
                                  "    Kill connections. Options are:",
                                  "    * ADDR (<ip:port>|<unixsocket>:0)",
                                  "      Kill connections made from the specified address",
                                  "    * LADDR (<ip:port>|<unixsocket>:0)",
                                  "      Kill connections made to specified local address",
                                  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                                  "      Kill connections by type.",
                                  "    * USER <username>",
                                  "      Kill connections authenticated by <username>.",
                                  "    * SKIPME (YES|NO)",
                                  "      Skip killing current connection (default: yes).",
                                  "LIST [options ...]",
                                  "    Return information about client connections. Options:",
                                  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                                  "      Return clients of specified type.",
                                  "REPLY (ON|OFF|SKIP)",
                                  "    Control the replies sent to the current connection.",
                                  "SETNAME <name>",
                                  "    Assign the name <name> to the current connection.",
                                  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                                  "    Unblock the specified blocked client.",
                                  "NO-EVICT (ON|OFF)",
                                  "    Protect current client connection from eviction.",
                              });
}

// QUIT
Outcome quit(Context& ctx) {
  // Only a connection closes; the in-process session outlives any caller.
  if (ctx.session().network) ctx.session().close_after_reply = true;
  return Value::ok();
}

// RESET
Outcome reset(Context& ctx) {
  // Redis's clearClientConnectionState. The in-process session goes back to
  // its own defaults (RESP3, no password needed) rather than a connection's.
  Session& session = ctx.session();
  discard_transaction(ctx.store, session);
  ctx.store.pubsub.unsubscribe_all(session);  // without confirmations, as Redis's RESET
  session.monitor = false;
  session.resp = session.network ? 2 : 3;
  session.authenticated = !session.network || ctx.store.config.requirepass.empty();
  session.name.clear();
  session.reply_mode = Session::ReplyMode::on;
  return Value::simple("RESET");
}

// MONITOR
Outcome monitor(Context& ctx) {
  // As Redis refuses clients that need one reply per command (EXEC, scripts):
  // in-process callers are such clients, and nothing would feed them.
  Session& session = ctx.session();
  if (!session.network || ctx.denies_blocking()) return error_reply(errors::kMonitorDenied);
  session.monitor = true;
  return Value::ok();
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr std::uint32_t kNoAuthFlags = kNoscript | kLoading | kStale | kFast | kNoAuth | kAllowBusy;
constexpr std::uint32_t kClientFlags = kNoscript | kLoading | kStale | kSentinel;

constexpr CommandSpec kClientSubcommands[] = {
    {"client|getname", 2, kClientFlags, 0, 0, 0, &client_getname, "@slow @connection"},
    {"client|help", 2, kLoading | kStale | kSentinel, 0, 0, 0, &client_help, "@slow @connection"},
    {"client|id", 2, kClientFlags, 0, 0, 0, &client_id, "@slow @connection"},
    {"client|info", 2, kClientFlags, 0, 0, 0, &client_info, "@slow @connection"},
    {"client|kill", -3, kAdmin | kClientFlags, 0, 0, 0, &client_kill, "@admin @slow @dangerous @connection"},
    {"client|list", -2, kAdmin | kClientFlags, 0, 0, 0, &client_list, "@admin @slow @dangerous @connection"},
    {"client|no-evict", 3, kAdmin | kClientFlags, 0, 0, 0, &client_no_evict, "@admin @slow @dangerous @connection"},
    {"client|reply", 3, kClientFlags, 0, 0, 0, &client_reply, "@slow @connection"},
    {"client|setname", 3, kClientFlags, 0, 0, 0, &client_setname, "@slow @connection"},
    {"client|unblock", -3, kAdmin | kClientFlags, 0, 0, 0, &client_unblock, "@admin @slow @dangerous @connection"},
};

constexpr CommandSpec kCommands[] = {
    {"auth", -2, kNoAuthFlags | kSentinel, 0, 0, 0, &auth, "@fast @connection"},
    {"client", -2, kSentinel, 0, 0, 0, nullptr, "@slow", kClientSubcommands},
    {"hello", -1, kNoAuthFlags | kSentinel, 0, 0, 0, &hello, "@fast @connection"},
    {"monitor", 1, kAdmin | kNoscript | kLoading | kStale, 0, 0, 0, &monitor, "@admin @slow @dangerous"},
    {"quit", -1, kNoAuthFlags, 0, 0, 0, &quit, "@fast @connection"},
    {"reset", 1, kNoAuthFlags, 0, 0, 0, &reset, "@fast @connection"},
};

} // namespace

std::span<const CommandSpec> connection_commands() { return kCommands; }

} // namespace not_redis::detail
