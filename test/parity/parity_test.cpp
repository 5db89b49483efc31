// Parity with a real Redis: the same command sequences go to a redis-server
// child and to not_redis-server (NOT_REDIS_SERVER), over RESP2 and RESP3, and
// the raw replies must be identical up to the normalisations listed in
// normalize.hpp. (a) Curated scripts per family; (b) a seeded random
// generator (PARITY_SEED, PARITY_COMMANDS) whose mismatches are shrunk to a
// minimal redis-cli session.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parity/generator.hpp"
#include "parity/normalize.hpp"
#include "parity/redis_process.hpp"
#include "parity/resp_reader.hpp"
#include "parity/script.hpp"
#include "parity/scripts/hashes.hpp"
#include "parity/scripts/keys.hpp"
#include "parity/scripts/lists.hpp"
#include "parity/scripts/server.hpp"
#include "parity/scripts/sets.hpp"
#include "parity/scripts/strings.hpp"
#include "parity/scripts/transactions.hpp"
#include "parity/scripts/notifications.hpp"
#include "parity/scripts/streams.hpp"
#include "parity/scripts/zsets.hpp"
#include "parity/scripts/bitmaps.hpp"
#include "parity/scripts/hyperloglog.hpp"
#include "parity/scripts/geo.hpp"
#include "parity/scripts/sort.hpp"

namespace parity {
namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

/// Without NOT_REDIS_SERVER: the server next to us in a meson build tree,
/// run from the build root (as `meson test` does) or from the source root.
std::string default_candidate() {
  for (const char* path : {"demo/not_redis-server", "build/demo/not_redis-server"})
    if (::access(path, X_OK) == 0) return path;
  return "build/demo/not_redis-server";
}

/// The two servers, started once for the whole program and stopped at exit
/// (or killed with us if we crash).
struct Servers {
  ServerProcess redis;
  ServerProcess candidate;
  Servers() {
    redis.start(env_or("PARITY_REDIS_SERVER", "redis-server"), "redis");
    candidate.start(env_or("NOT_REDIS_SERVER", default_candidate()), "not_redis");
  }
};

Servers& servers() {
  static Servers s;
  return s;
}

/// One connection to each server, speaking the same protocol.
struct Pair {
  int resp;
  Connection redis;
  Connection candidate;

  explicit Pair(int protocol)
      : resp(protocol), redis(servers().redis.port()), candidate(servers().candidate.port()) {
    hello();
  }

  /// Back to this pair's protocol: after connecting, and after RESET (which
  /// switches a connection back to RESP2).
  void hello() {
    if (resp != 3) return;
    for (Connection* c : {&redis, &candidate}) {
      const std::string reply = c->call({"HELLO", "3"});
      REQUIRE_MESSAGE(reply.rfind("%", 0) == 0, "HELLO 3 failed: " << printable(reply));
    }
  }

  /// After a command that ends or resets the session (QUIT closes the
  /// connection, RESET drops the protocol to RESP2), the same session again.
  /// `reply` is Redis's: a refused RESET (wrong arity) changed nothing.
  void after(const Command& argv, const std::string& reply) {
    const std::string name = lower(argv[0]);
    if (name == "quit") {
      redis.reconnect();
      candidate.reconnect();
      hello();
    } else if (name == "reset" && reply == "+RESET\r\n") {
      hello();
    }
  }

  /// A clean session on an empty keyspace: RESET first, so that a sequence
  /// that stopped inside MULTI or left keys WATCHed (a generated segment, a
  /// shrinking candidate) cannot leak into the next one.
  void flushall() {
    for (Connection* c : {&redis, &candidate}) REQUIRE(c->call({"RESET"}) == "+RESET\r\n");
    hello();
    const std::string ok = "+OK\r\n";
    REQUIRE(redis.call({"FLUSHALL"}) == ok);
    REQUIRE(candidate.call({"FLUSHALL"}) == ok);
  }
};

/// QUIT and RESET end a pipelined batch: the harness restores the session
/// after them (Pair::after) before anything else is sent.
bool ends_session(const Command& argv) {
  const std::string name = lower(argv[0]);
  return name == "quit" || name == "reset";
}

struct Step {
  std::string a, b;    ///< raw replies: redis, candidate
  std::string na, nb;  ///< after normalisation
  bool same = true;
};

/// SCAN-family commands run as a full iteration (cursors are hash-table
/// positions, so only the union of all pages is comparable). Returns the
/// first error, or `*2 "0" [sorted unique elements or pairs]`.
std::string full_scan(Connection& c, Command argv) {
  const bool is_scan = lower(argv[0]) == "scan";
  const bool pairs = lower(argv[0]) == "hscan" || lower(argv[0]) == "zscan";
  const std::size_t cursor_at = is_scan ? 1 : 2;
  if (argv.size() <= cursor_at) return c.call(argv);
  std::set<std::string> items;
  for (int round = 0; round < 100000; ++round) {
    const std::string raw = c.call(argv);
    Reply r = parse_reply(raw);
    if (r.type != '*' || r.children.size() != 2 || r.children[0].type != '$' || r.children[1].type != '*')
      return raw;
    const auto& elems = r.children[1].children;
    if (pairs) {
      for (std::size_t i = 0; i + 1 < elems.size(); i += 2) items.insert(elems[i].serialize() + elems[i + 1].serialize());
    } else {
      for (const auto& e : elems) items.insert(e.serialize());
    }
    const std::string cursor(r.children[0].text());
    if (cursor == "0") break;
    argv[cursor_at] = cursor;
  }
  std::string out = "*2\r\n$1\r\n0\r\n*" + std::to_string(items.size() * (pairs ? 2 : 1)) + "\r\n";
  for (const auto& i : items) out += i;
  return out;
}

void bulk_strings(const Reply& r, std::set<std::string>& out) {
  if (r.type == '$' && !r.is_null()) out.insert(std::string(r.text()));
  for (const Reply& c : r.children) bulk_strings(c, out);
}

/// Whether every string in a random sample occurs in the whole key's reply.
bool drawn_from(const std::string& sample, const std::string& whole) {
  const Reply s = parse_reply(sample), w = parse_reply(whole);
  if (s.is_error() || w.is_error()) return true;  // compared exactly elsewhere
  std::set<std::string> drawn, all;
  bulk_strings(s, drawn);
  bulk_strings(w, all);
  return std::includes(all.begin(), all.end(), drawn.begin(), drawn.end());
}

/// Whether `next` reads the whole key `sample` drew from: SMEMBERS, HGETALL,
/// or ZRANGE key 0 -1 WITHSCORES.
bool witness_of(const Command& sample, const Command& next) {
  if (sample.size() < 2 || next.size() < 2 || next[1] != sample[1]) return false;
  const std::string name = lower(next[0]);
  if (next.size() == 2) return name == "smembers" || name == "hgetall";
  return name == "zrange" && next.size() == 5 && next[2] == "0" && next[3] == "-1" && lower(next[4]) == "withscores";
}

/// Sends `seq` to both servers, pipelined in batches, and compares replies.
std::vector<Step> run(Pair& p, const std::vector<Command>& seq, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  constexpr std::size_t kBatch = 1000;
  std::vector<Step> steps(seq.size());
  std::size_t i = 0;
  while (i < seq.size()) {
    if (normalization_for(seq[i]).rule == Rule::kFullScan) {
      steps[i].a = full_scan(p.redis, seq[i]);
      steps[i].b = full_scan(p.candidate, seq[i]);
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < seq.size() && j - i < kBatch && normalization_for(seq[j]).rule != Rule::kFullScan)
      if (ends_session(seq[j++])) break;
    const std::vector<Command> batch(seq.begin() + static_cast<std::ptrdiff_t>(i), seq.begin() + static_cast<std::ptrdiff_t>(j));
    auto from_redis = std::async(std::launch::async, [&] { return p.redis.exchange(batch, timeout); });
    std::vector<std::string> b = p.candidate.exchange(batch, timeout);
    std::vector<std::string> a = from_redis.get();
    for (std::size_t k = 0; k < batch.size(); ++k) {
      steps[i + k].a = std::move(a[k]);
      steps[i + k].b = std::move(b[k]);
    }
    if (ends_session(batch.back())) p.after(batch.back(), steps[j - 1].a);
    i = j;
  }
  // What Redis queued since its last MULTI: EXEC's reply is compared element
  // by element, each under its own command's normalisation.
  Transaction tx;
  for (std::size_t k = 0; k < seq.size(); ++k) {
    Step& s = steps[k];
    const std::vector<Command>* queued = tx.exec_of(seq[k]);
    s.same = queued ? equivalent_exec(*queued, s.a, s.b, &s.na, &s.nb) : equivalent(seq[k], s.a, s.b, &s.na, &s.nb);
    tx.track(seq[k], s.a);
    if (queued) continue;  // no witness check inside EXEC's reply
    // A random sample compared by shape only must still be drawn from the
    // data: when the next command reads the whole key (a witness the
    // generator adds), every sampled string must appear in its reply. Not
    // for SPOP, which removes what it drew (a SMEMBERS after it is chance).
    if (s.same && s.a != s.b && normalization_for(seq[k]).rule == Rule::kRandomSample && lower(seq[k][0]) != "spop" &&
        k + 1 < seq.size() && witness_of(seq[k], seq[k + 1])) {
      const bool a_ok = drawn_from(s.a, steps[k + 1].a), b_ok = drawn_from(s.b, steps[k + 1].b);
      if (!a_ok || !b_ok) {
        s.same = false;
        s.nb = std::string(b_ok ? "" : "not_redis's") + (a_ok ? "" : " redis's") + " sample is not in the data";
      }
    }
  }
  return steps;
}

std::string describe(const Command& argv, const Step& s) {
  std::ostringstream out;
  out << "  " << format_command(argv) << "\n      redis:     " << printable(s.a)
      << "\n      not_redis: " << printable(s.b);
  if (!s.same && (s.na != s.a || s.nb != s.b))
    out << "\n      normalised: " << printable(s.na) << "  vs  " << printable(s.nb);
  return out.str();
}

/// A curated script: every mismatch is reported with its line.
void check_script(const char* name, std::string_view text) {
  const std::vector<ScriptLine> lines = parse_script(text);
  std::vector<Command> seq;
  for (const auto& l : lines) seq.push_back(l.argv);
  for (int resp : {2, 3}) {
    Pair p(resp);
    p.flushall();
    const std::vector<Step> steps = run(p, seq);
    int mismatches = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      if (steps[k].same) continue;
      ++mismatches;
      FAIL_CHECK("script " << std::string(name) << " line " << lines[k].line << " (RESP" << resp << "):\n"
                               << describe(seq[k], steps[k]));
    }
    MESSAGE("script " << std::string(name) << " RESP" << resp << ": " << seq.size() << " commands, " << mismatches
                      << " mismatches");
  }
}

/// Keyspace notifications: each command of the script runs on one connection
/// while a second, subscribed to __key*__:*, collects what it emitted (read up
/// to the reply of a PING sent after it: the messages are queued before it).
void check_notifications(std::string_view text, const std::string& classes) {
  const std::vector<ScriptLine> lines = parse_script(text);
  const ServerProcess* processes[] = {&servers().redis, &servers().candidate};
  std::vector<std::string> seen[2];
  for (int side = 0; side < 2; ++side) {
    Connection data(processes[side]->port());
    Connection subscriber(processes[side]->port());
    REQUIRE(data.call({"FLUSHALL"}) == "+OK\r\n");
    REQUIRE(data.call({"CONFIG", "SET", "notify-keyspace-events", classes}) == "+OK\r\n");
    REQUIRE(subscriber.call({"PSUBSCRIBE", "__key*__:*"}).find("psubscribe") != std::string::npos);
    const std::string pong = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
    for (const ScriptLine& line : lines) {
      std::string record = data.call(line.argv);
      for (std::string reply = subscriber.call({"PING"}); reply != pong;
           reply = subscriber.exchange_raw("", 1, std::chrono::seconds(30)).front())
        record += reply;
      seen[side].push_back(std::move(record));
    }
    REQUIRE(data.call({"CONFIG", "SET", "notify-keyspace-events", ""}) == "+OK\r\n");
  }
  int mismatches = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (seen[0][k] == seen[1][k]) continue;
    ++mismatches;
    FAIL_CHECK("notifications (" << classes << ") line " << lines[k].line << ": " << format_command(lines[k].argv)
                                 << "\n      redis:     " << printable(seen[0][k])
                                 << "\n      not_redis: " << printable(seen[1][k]));
  }
  MESSAGE("notifications " << classes << ": " << lines.size() << " commands, " << mismatches << " mismatches");
}

}  // namespace

TEST_CASE("parity: keyspace notifications script") {
  for (const char* classes : {"KEA", "KEAnm", "Kg", "E$lshz", "Ex"}) check_notifications(scripts::kNotifications, classes);
}

TEST_CASE("parity: strings script") { check_script("strings", scripts::kStrings); }
TEST_CASE("parity: keys script") { check_script("keys", scripts::kKeys); }
TEST_CASE("parity: hashes script") { check_script("hashes", scripts::kHashes); }
TEST_CASE("parity: lists script") { check_script("lists", scripts::kLists); }
TEST_CASE("parity: sets script") { check_script("sets", scripts::kSets); }
TEST_CASE("parity: sorted sets script") { check_script("zsets", scripts::kZsets); }
TEST_CASE("parity: streams script") { check_script("streams", scripts::kStreams); }
TEST_CASE("parity: streams info script") { check_script("streams info", scripts::kStreamsInfo); }
TEST_CASE("parity: server and connection script") { check_script("server", scripts::kServer); }
TEST_CASE("parity: transactions script") { check_script("transactions", scripts::kTransactions); }
TEST_CASE("parity: bitmaps script") { check_script("bitmaps", scripts::kBitmaps); }
TEST_CASE("parity: hyperloglog script") { check_script("hyperloglog", scripts::kHyperLogLog); }
TEST_CASE("parity: geo script") { check_script("geo", scripts::kGeo); }
TEST_CASE("parity: sort script") { check_script("sort", scripts::kSort); }

namespace {

/// The candidate's commands (COMMAND LIST), and COMMAND INFO for the ones the
/// generator has no grammar for.
std::pair<std::set<std::string>, std::map<std::string, CommandShape>> implemented_commands(Connection& c) {
  std::set<std::string> names;
  const Reply list = parse_reply(c.call({"COMMAND", "LIST"}));
  for (const auto& e : list.children)
    if (e.text().find('|') == std::string_view::npos) names.insert(lower(e.text()));
  Generator probe(0);
  probe.use({}, {});
  const std::set<std::string> with_grammar(probe.names().begin(), probe.names().end());
  std::map<std::string, CommandShape> generic;
  for (const auto& name : names) {
    if (with_grammar.count(name) || kNeverGenerated.count(name) || kBlocking.count(name)) continue;
    const Reply info = parse_reply(c.call({"COMMAND", "INFO", name}));
    if (info.children.empty() || info.children[0].children.size() < 6) continue;
    const auto& row = info.children[0].children;
    // Only data commands: nothing administrative, blocking or pub/sub.
    bool harmless = true;
    for (const auto& flag : row[2].children) {
      const std::string f = lower(flag.text());
      if (f == "admin" || f == "blocking" || f == "pubsub" || f == "noscript" || f == "no_multi") harmless = false;
    }
    if (!harmless) continue;
    auto num = [](const Reply& r) { return std::atoi(std::string(r.text()).c_str()); };
    generic[name] = {num(row[1]), num(row[3]), num(row[4]), num(row[5])};
  }
  return {names, generic};
}

std::size_t env_size(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

/// Does `prefix + target` still end in a mismatch on `target`?
bool reproduces(Pair& p, const std::vector<Command>& prefix, const Command& target) {
  std::vector<Command> seq = prefix;
  seq.push_back(target);
  p.flushall();
  try {
    const auto steps = run(p, seq, std::chrono::seconds(5));
    return !steps.back().same;
  } catch (const std::exception&) {
    return false;
  }
}

/// Delta debugging (ddmin) over the commands before the mismatching one.
std::vector<Command> shrink(Pair& p, std::vector<Command> prefix, const Command& target) {
  std::size_t n = 2;
  int budget = 4000;
  while (!prefix.empty() && budget > 0) {
    const std::size_t chunk = (prefix.size() + n - 1) / n;
    bool reduced = false;
    for (std::size_t start = 0; start < prefix.size() && budget > 0; start += chunk) {
      std::vector<Command> rest(prefix.begin(), prefix.begin() + static_cast<std::ptrdiff_t>(start));
      rest.insert(rest.end(), prefix.begin() + static_cast<std::ptrdiff_t>(std::min(prefix.size(), start + chunk)), prefix.end());
      --budget;
      if (reproduces(p, rest, target)) {
        prefix = std::move(rest);
        n = std::max<std::size_t>(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= prefix.size()) break;
      n = std::min(prefix.size(), n * 2);
    }
  }
  prefix.push_back(target);
  return prefix;
}

}  // namespace

TEST_CASE("parity: random command sequences") {
  const std::uint64_t seed = std::strtoull(env_or("PARITY_SEED", "20240614").c_str(), nullptr, 10);
  const std::size_t budget = env_size("PARITY_COMMANDS", 200000);
  constexpr std::size_t kSegment = 1000;  // commands between two FLUSHALLs
  MESSAGE("PARITY_SEED=" << seed << " PARITY_COMMANDS=" << budget);

  Pair p2(2), p3(3);
  auto [names, generic] = implemented_commands(p2.candidate);
  std::string generic_names;
  for (const auto& [name, shape] : generic) generic_names += " " + name;
  if (!generic.empty()) MESSAGE("commands without a grammar, sent with generic arguments:" << generic_names);

  std::size_t sent = 0, errors = 0, mismatching_segments = 0;
  const bool keep_going = env_or("PARITY_KEEP_GOING", "0") != "0";
  // PARITY_SEGMENT=N replays from segment N of the seed (to reproduce one).
  for (std::uint64_t segment = env_size("PARITY_SEGMENT", 0); sent < budget; ++segment) {
    Generator g(seed * 1000003 + segment);
    g.use(names, generic);
    const std::vector<Command> seq = g.sequence(std::min(kSegment, budget - sent));
    for (Pair* p : {&p2, &p3}) {
      p->flushall();
      std::vector<Step> steps;
      try {
        steps = run(*p, seq);
      } catch (const std::exception& e) {
        FAIL("PARITY_SEED=" << seed << " segment " << segment << " RESP" << p->resp << ": " << e.what()
                            << " (server alive: redis " << servers().redis.alive() << ", not_redis "
                            << servers().candidate.alive() << ")");
      }
      const auto bad = std::find_if(steps.begin(), steps.end(), [](const Step& s) { return !s.same; });
      if (bad == steps.end()) {
        if (p->resp == 2)
          errors += static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const Step& s) { return s.a[0] == '-'; }));
        continue;
      }
      const auto at = static_cast<std::size_t>(bad - steps.begin());
      std::cerr << "parity mismatch: PARITY_SEED=" << seed << " segment " << segment << " command " << at
                << " over RESP" << p->resp << ":\n" << describe(seq[at], *bad) << "\n";
      // PARITY_KEEP_GOING=1: list the first mismatch of every segment instead
      // of stopping at the first one (for a bug hunt, not for CI).
      if (keep_going) {
        if (env_or("PARITY_DUMP", "0") != "0")
          for (std::size_t k = 0; k <= at; ++k) std::cerr << "  [" << k << "] " << describe(seq[k], steps[k]) << "\n";
        ++mismatching_segments;
        continue;
      }
      std::cerr << "shrinking...\n";
      const std::vector<Command> minimal =
          shrink(*p, std::vector<Command>(seq.begin(), seq.begin() + static_cast<std::ptrdiff_t>(at)), seq[at]);
      p->flushall();
      const auto replay = run(*p, minimal, std::chrono::seconds(5));
      std::ostringstream session;
      session << "minimal sequence (" << minimal.size() << " commands, after RESET and FLUSHALL, RESP" << p->resp
              << (p->resp == 3 ? ", after HELLO 3" : "") << "):\n";
      for (std::size_t k = 0; k < minimal.size(); ++k)
        session << describe(minimal[k], replay[k]) << (replay[k].same ? "" : "   <-- MISMATCH") << "\n";
      FAIL("PARITY_SEED=" << seed << " segment " << segment << "\n" << session.str());
    }
    sent += seq.size();
  }
  CHECK_MESSAGE(mismatching_segments == 0, mismatching_segments << " segments had a mismatch");
  MESSAGE(sent << " random commands (" << errors << " of them error replies), each over RESP2 and RESP3");
}

}  // namespace parity
