#pragma once
// A seeded random generator of command sequences: per-command argument
// grammars that produce mostly realistic calls (a small key pool per type, so
// commands meet each other's data, with binary keys and values), mixed with
// wrong types, bad numbers, wrong arity and random options. Everything it
// emits must have a deterministic reply on a real Redis (see normalize.hpp
// for what the comparison forgives), so: no short TTLs, no blocking on empty
// lists or sorted sets (except inside MULTI, where blocking commands answer
// at once), SPOP only where the popped members are determined, and lex-range
// commands only on sorted sets whose members all have score 0 (the "zl:" keys,
// which nothing else writes): with mixed scores Redis's answer depends on its
// skiplist's random levels.
//
// Now and then it wraps the other commands in a transaction: WATCH of keys
// from the pool, a few commands that may touch them, MULTI, a few queued
// commands (some refused, some nested MULTI or WATCH), then EXEC or DISCARD;
// or a stray EXEC/DISCARD/UNWATCH/WATCH on its own. A transaction is emitted
// as one unit, so a sequence never ends inside MULTI (and the harness RESETs
// both sessions before each sequence anyway).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "normalize.hpp"
#include "script.hpp"

namespace parity {

/// What COMMAND INFO says of a command the generator has no grammar for.
struct CommandShape {
  int arity = 0;
  int first_key = 0;
  int last_key = 0;
  int step = 0;
};

inline const std::set<std::string> kBlocking = {"blpop", "brpop", "blmove", "brpoplpush", "blmpop",
                                                "bzpopmin", "bzpopmax", "bzmpop"};

/// Commands whose arguments the generator never mutates at random, because a
/// random argument could make the outcome non-deterministic or leave DB 0:
/// a blocking timeout of 0, a SCAN cursor that is not 0, SPOP with a count
/// below the set's size, SELECT or COPY ... DB with another database.
/// The lex-range commands (and ZRANGE/ZRANGESTORE ... BYLEX, see
/// never_mutated) too: a mutated key could name a sorted set with mixed
/// scores, where Redis's lex answer depends on its skiplist's random levels.
inline const std::set<std::string> kNoMutation = {"blpop", "brpop", "blmove", "brpoplpush", "blmpop",
                                                  "bzpopmin", "bzpopmax", "bzmpop", "scan", "sscan", "hscan",
                                                  "zscan", "spop", "select", "copy", "zrangebylex",
                                                  "zrevrangebylex", "zlexcount", "zremrangebylex"};

inline bool never_mutated(const Command& c) {
  if (kNoMutation.count(lower(c[0]))) return true;
  return std::any_of(c.begin(), c.end(), [](const std::string& a) { return lower(a) == "bylex"; });
}

class Generator {
public:
  using Grammar = std::function<void(Generator&, std::vector<Command>&)>;

  explicit Generator(std::uint64_t seed) : rng_(seed) {
    now_s_ = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  /// The commands it can generate: its grammars, restricted to `implemented`
  /// when given, plus generic calls for implemented commands it has no
  /// grammar for (`shapes`).
  void use(const std::set<std::string>& implemented, std::map<std::string, CommandShape> shapes) {
    names_.clear();
    transactions_ = true;
    for (const char* name : {"multi", "exec", "discard", "watch", "unwatch"})
      if (!implemented.empty() && !implemented.count(name)) transactions_ = false;
    for (const auto& [name, grammar] : grammars()) {
      (void)grammar;
      if (implemented.empty() || implemented.count(name)) names_.push_back(name);
    }
    generic_ = std::move(shapes);
    for (const auto& [name, shape] : generic_) {
      (void)shape;
      names_.push_back(name);
    }
  }
  const std::vector<std::string>& names() const { return names_; }

  /// Appends one command, or a few that belong together (a transaction).
  void emit(std::vector<Command>& out) {
    if (transactions_ && chance(4)) return transaction(out);
    emit_named(names_[pick(names_.size())], out);
  }

  /// WATCH, MULTI, queued commands, EXEC or DISCARD; or a stray transaction
  /// command on its own. Never leaves MULTI open.
  void transaction(std::vector<Command>& out) {
    const auto watch = [&](int max) {
      Command c{opt("WATCH")};
      const int n = 1 + roll(max);
      for (int i = 0; i < n; ++i) c.push_back(key(Type::kAny));
      out.push_back(std::move(c));
    };
    if (chance(10)) {  // on its own: errors without MULTI, or watches left for later
      switch (roll(4)) {
        case 0: out.push_back({opt("EXEC")}); break;
        case 1: out.push_back({opt("DISCARD")}); break;
        case 2: out.push_back({opt("UNWATCH")}); break;
        default: watch(3);
      }
      return;
    }
    // Commands between WATCH and MULTI: whether they touched a watched key
    // decides whether EXEC runs. Mostly the watched keys include one they
    // name, so reads and no-op writes meet a watch as often as changes do.
    // A probe is the curated script's shape: WATCH the key of one command,
    // so EXEC's reply says whether that command touched it.
    const bool probe = chance(40);
    std::vector<Command> between;
    for (int i = probe ? 1 : chance(30) ? 0 : 1 + roll(3); i > 0; --i) emit_named(names_[pick(names_.size())], between);
    if (probe || chance(70)) {
      if (probe) out.push_back({opt("WATCH")});
      else watch(2);
      if (!between.empty() && (probe || chance(80))) {
        const Command& c = between[probe ? between.size() - 1 : pick(between.size())];
        if (c.size() > 1) out.back().push_back(c[probe ? 1 : 1 + pick(std::min<std::size_t>(c.size() - 1, 2))]);
      }
      if (out.back().size() == 1 || (probe && chance(20))) out.back().push_back(key(Type::kAny));
    }
    if (chance(10)) watch(1);
    out.insert(out.end(), between.begin(), between.end());
    if (chance(10)) out.push_back({opt("UNWATCH")});
    out.push_back({opt("MULTI")});
    for (int i = roll(5); i > 0; --i) {
      if (chance(4)) out.push_back({opt("MULTI")});  // an error that does not abort
      if (chance(4)) out.push_back({opt("WATCH"), key(Type::kAny)});  // nor does this one
      if (chance(2)) out.push_back({"NOSUCHCOMMAND", value()});  // this one does: EXECABORT
      // Not the SCAN family: their cursors are only comparable over a full
      // iteration, which the harness cannot run inside EXEC.
      std::string name;
      do name = names_[pick(names_.size())];
      while (normalization_for({name}).rule == Rule::kFullScan);
      const std::size_t first = out.size();
      emit_named(name, out);
      // Inside MULTI a blocking command answers at once even on an empty
      // list: sometimes drop the push that feeds it.
      if (kBlocking.count(name) && out.size() - first == 2 && chance(30))
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(first));
    }
    // EXEC never takes garbage arguments here: Redis answers those with
    // EXECABORT and ends the transaction, not_redis does not (a known
    // difference outside the families).
    out.push_back({opt(chance(85) ? "EXEC" : "DISCARD")});
    if (chance(5)) out.push_back({opt(chance(50) ? "EXEC" : "DISCARD")});  // without MULTI now
    if (chance(5)) out.push_back({opt("UNWATCH")});
  }

  /// Appends `name` from its grammar (or generic arguments), possibly mutated.
  void emit_named(const std::string& name, std::vector<Command>& out) {
    const std::size_t first = out.size();
    if (const auto g = grammars().find(name); g != grammars().end()) g->second(*this, out);
    else generic(name, generic_.at(name), out);
    // Mutations: wrong arity and garbage arguments, on the command itself
    // (not on a feeding push or a witness read around it); never where
    // kNoMutation says the outcome would stop being deterministic.
    std::size_t main = out.size() - 1;
    for (std::size_t i = first; i < out.size(); ++i)
      if (lower(out[i][0]) == name) main = i;
    Command& c = out[main];
    const int r = never_mutated(c) ? 100 : roll(100);
    if (out.size() > first && c.size() > 1 && r < 3) {
      c.pop_back();
    } else if (r < 6) {
      c.push_back(nasty());
    } else if (r < 9 && c.size() > 1) {
      c[1 + pick(c.size() - 1)] = nasty();
    }
    if (roll(10) == 0) c[0] = mixed_case(c[0]);
  }

  std::vector<Command> sequence(std::size_t n) {
    std::vector<Command> out;
    while (out.size() < n) emit(out);
    return out;
  }

  // Building blocks, public for the grammars.
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  int roll(int n) { return static_cast<int>(pick(static_cast<std::size_t>(n))); }
  bool chance(int percent) { return roll(100) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) { return v[pick(v.size())]; }

  enum class Type { kString, kHash, kList, kSet, kZset, kStream, kAny };

  std::string key(Type t) {
    static const std::vector<std::string> kStrings{"s:a", "s:b", "s:c", std::string("s\0bin", 5)};
    static const std::vector<std::string> kHashes{"h:a", "h:b", "h\xff\xfe"};
    static const std::vector<std::string> kLists{"l:a", "l:b", std::string("l\0x", 3)};
    static const std::vector<std::string> kSets{"z:a", "z:b", "z:c", "z\xff"};
    static const std::vector<std::string> kZsets{"zs:a", "zs:b", "zs:c", std::string("zs\0", 3)};
    static const std::vector<std::string> kStreams{"x:a", "x:b", std::string("x\0\xff", 3)};
    static const std::vector<std::string> kOther{"missing", "", "s:a"};
    if (t == Type::kAny || chance(10)) {
      switch (roll(7)) {
        case 0: return one_of(kStrings);
        case 1: return one_of(kHashes);
        case 2: return one_of(kLists);
        case 3: return one_of(kSets);
        case 4: return one_of(kZsets);
        case 5: return one_of(kStreams);
        default: return one_of(kOther);
      }
    }
    switch (t) {
      case Type::kString: return one_of(kStrings);
      case Type::kHash: return one_of(kHashes);
      case Type::kList: return one_of(kLists);
      case Type::kZset: return one_of(kZsets);
      case Type::kStream: return one_of(kStreams);
      default: return one_of(kSets);
    }
  }

  std::string value() {
    static const std::vector<std::string> kValues{
        "", "v", "hello", "0", "1", "-1", "42", "007", "3.14", "-0", "1e3", "abc", "10",
        "9223372036854775807", "-9223372036854775808", "18446744073709551616", std::string("a\0b", 3),
        "\xff\xfe", std::string(70, 'x'), " 12", "+5", "0x1f", "inf", "-inf", "nan", "1.5e308",
        "hello world", "\r\n", "12345678901234567890123"};
    return one_of(kValues);
  }
  std::string member() {
    static const std::vector<std::string> kMembers{"a", "b", "c", "d", "1", "2", "3", "10", "-1", "100",
                                                    std::string(1, '\0'), "\xff", std::string(70, 'm'),
                                                    "9223372036854775807", "-0", "007"};
    return one_of(kMembers);
  }
  std::string field() {
    static const std::vector<std::string> kFields{"f1", "f2", "f3", "1", "", std::string("f\0", 2), "field-long-name",
                                                   std::string(70, 'f')};
    return one_of(kFields);
  }
  std::string integer() {
    static const std::vector<std::string> kInts{
        "0", "1", "-1", "5", "100", "-100", "2", "3", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "abc", "1.5", "", "+1", " 1", "-0", "0x10", "1e3", "18446744073709551615"};
    return chance(70) ? std::to_string(roll(21) - 10) : one_of(kInts);
  }
  std::string number_float() {
    static const std::vector<std::string> kFloats{"0", "1.5", "-2.25", "1e10", "abc", "inf", "-inf", "nan",
                                                   "1e400", "0.1", "3", "-0", "+1.0", ".5", "5.", "1e-5",
                                                   "10.5", "-1e308", "1.7976931348623157e308", "", " 1"};
    return one_of(kFloats);
  }
  std::string index() {
    static const std::vector<std::string> kIdx{"0", "1", "-1", "2", "-2", "5", "-100", "100", "abc", "1.5",
                                                "9223372036854775807", "-9223372036854775808", "3", "-3"};
    return one_of(kIdx);
  }
  /// Relative TTLs that never run out during a test, or that delete at once.
  /// Positive ones are random over a wide range: EXPIRE ... GT/LT comparing
  /// two equal relative TTLs would depend on whether the millisecond changed.
  std::string ttl_seconds() {
    static const std::vector<std::string> kTtl{"0", "-1", "-100", "abc", "1.5", "9223372036854775807",
                                                "-9223372036854775808", "9223372036854776",
                                                "4611686018427387904", ""};
    if (chance(70)) return std::to_string(100 + pick(10000000));
    return one_of(kTtl);
  }
  std::string ttl_millis() {
    static const std::vector<std::string> kTtl{"0", "-1", "abc", "-100000", "9223372036854775807",
                                                "9223372036854775", "1.5"};
    if (chance(70)) return std::to_string(100000 + pick(10000000000));
    return one_of(kTtl);
  }
  std::string unix_seconds() {
    const std::vector<std::string> ts{std::to_string(now_s_ + 100000), std::to_string(now_s_ - 100000), "1", "0",
                                      "-1", "abc", "9223372036854775807", std::to_string(now_s_ + 1000)};
    return one_of(ts);
  }
  std::string unix_millis() {
    const std::vector<std::string> ts{std::to_string((now_s_ + 100000) * 1000), std::to_string((now_s_ - 1000) * 1000),
                                      "1", "0", "-1", "abc", "9223372036854775807"};
    return one_of(ts);
  }
  std::string unix_seconds_now() const { return std::to_string(now_s_); }
  std::string unix_millis_now() const { return std::to_string(now_s_ * 1000); }
  std::string pattern() {
    static const std::vector<std::string> kPatterns{"*", "s:*", "h?a", "[hl]:*", "*a*", "\\*", "nomatch", "z*",
                                                    "[^s]*", "*\xff*", "?", "[a-", "f*", "1*", "*1"};
    return one_of(kPatterns);
  }
  /// A garbage argument. Never a small positive number: in a TTL's place it
  /// would make a key expire during the run (timing-dependent).
  std::string nasty() {
    static const std::vector<std::string> kNasty{"abc", "", "-1", "0", "1.5", "9223372036854775808", "NX", "XX",
                                                  "GET", "EX", "COUNT", "LEFT", "WITHVALUES", "LIMIT", "-0",
                                                  std::string("\0", 1), "MATCH"};
    return one_of(kNasty);
  }
  std::string mixed_case(std::string s) {
    for (char& c : s)
      if (chance(50)) c = static_cast<char>(std::islower(static_cast<unsigned char>(c)) ? std::toupper(c) : std::tolower(c));
    return s;
  }
  std::string opt(const char* name) { return chance(30) ? mixed_case(name) : std::string(name); }
  std::string side() { return chance(3) ? "MIDDLE" : opt(chance(50) ? "LEFT" : "RIGHT"); }
  /// A blocking-command timeout: never 0 (that could block for ever).
  std::string timeout() {
    static const std::vector<std::string> kTimeouts{"0.01", "0.05", "1", "abc", "-1", "1e400", "0.001"};
    return one_of(kTimeouts);
  }

  /// A sorted set only ever written with score 0, for the lex-range commands.
  std::string lex_key() { return chance(50) ? "zl:a" : "zl:b"; }
  /// A key for sorted-set commands that read or only remove: now and then a
  /// lex key, whose all-zero scores they cannot break.
  std::string zset_key() { return chance(20) ? lex_key() : key(Type::kZset); }
  std::string score() {
    static const std::vector<std::string> kScores{"0", "1", "-1", "2", "3", "10", "2.5", "-2.5", "0.1", "1e3",
                                                   "100", "inf", "-inf", "+inf", "-0", "1.5e-7", "1e20"};
    static const std::vector<std::string> kBad{"nan", "abc", "", "1e400", " 1", "0x10", "1 ", "-nan"};
    return chance(92) ? one_of(kScores) : one_of(kBad);
  }
  /// A ZRANGEBYSCORE-style bound: inclusive, exclusive `(x`, or garbage.
  std::string score_bound() {
    static const std::vector<std::string> kBad{"x", "(", "((1", "nan", "(nan", "", "(abc"};
    if (chance(8)) return one_of(kBad);
    std::string s = score();
    return chance(30) ? "(" + s : s;
  }
  std::string lex_bound() {
    static const std::vector<std::string> kBounds{"-", "+", "[a", "(a", "[b", "(b", "[c", "(d", "[", "(",
                                                   "[\xff", std::string("(\0", 2), "[10", "(1"};
    static const std::vector<std::string> kBad{"a", "", "-a", "+b", "b"};
    return chance(92) ? one_of(kBounds) : one_of(kBad);
  }

  void generic(const std::string& name, const CommandShape& s, std::vector<Command>& out) {
    Command c{name};
    const int argc = s.arity > 0 ? s.arity : -s.arity + roll(3);
    for (int i = 1; i < argc; ++i) {
      const bool is_key = s.first_key > 0 && i >= s.first_key &&
                          (s.last_key < 0 ? i <= argc + s.last_key : i <= s.last_key) &&
                          (s.step <= 1 || (i - s.first_key) % s.step == 0);
      c.push_back(is_key ? key(Type::kAny) : (chance(50) ? value() : member()));
    }
    out.push_back(std::move(c));
  }

private:
  static const std::map<std::string, Grammar>& grammars();

  std::mt19937_64 rng_;
  long long now_s_ = 0;
  std::vector<std::string> names_;
  std::map<std::string, CommandShape> generic_;
  bool transactions_ = false;
};

namespace grammar {

using T = Generator::Type;
using G = Generator;
using Out = std::vector<Command>;

inline void keys_of(G& g, Command& c, T t, int max) {
  const int n = 1 + g.roll(max);
  for (int i = 0; i < n; ++i) c.push_back(g.key(t));
}

// SET stores a key whose EXAT/PXAT is already past (Redis 7.0: DBSIZE counts
// it until it is next looked up or the active expiry cycle reaps it; not_redis
// deletes it at once), so for SET (`past` false) absolute times are future or
// invalid; GETEX deletes such a key at once, as not_redis does.
inline std::string absolute_time(G& g, bool millis, bool past) {
  std::string t = millis ? g.unix_millis() : g.unix_seconds();
  if (!past && (t == "1" || (t.size() > 5 && t < (millis ? g.unix_millis_now() : g.unix_seconds_now()))))
    t = std::to_string(std::stoll(millis ? g.unix_millis_now() : g.unix_seconds_now()) + 100000000);
  return t;
}

inline void set_expiry_option(G& g, Command& c, bool allow_persist, bool allow_keepttl) {
  switch (g.roll(allow_persist || allow_keepttl ? 6 : 5)) {
    case 0: c.insert(c.end(), {g.opt("EX"), g.ttl_seconds()}); break;
    case 1: c.insert(c.end(), {g.opt("PX"), g.ttl_millis()}); break;
    case 2: c.insert(c.end(), {g.opt("EXAT"), absolute_time(g, false, allow_persist)}); break;
    case 3: c.insert(c.end(), {g.opt("PXAT"), absolute_time(g, true, allow_persist)}); break;
    case 4: break;
    default: c.push_back(g.opt(allow_persist ? "PERSIST" : "KEEPTTL"));
  }
}

inline void strings(std::map<std::string, Generator::Grammar>& m) {
  m["get"] = [](G& g, Out& o) { o.push_back({"GET", g.key(T::kString)}); };
  m["set"] = [](G& g, Out& o) {
    Command c{"SET", g.key(T::kString), g.value()};
    std::vector<Command> opts;
    if (g.chance(30)) opts.push_back({g.opt(g.chance(50) ? "NX" : "XX")});
    if (g.chance(30)) opts.push_back({g.opt("GET")});
    if (g.chance(40)) {
      Command e;
      set_expiry_option(g, e, false, true);
      if (!e.empty()) opts.push_back(e);
    }
    if (g.chance(5)) opts.push_back({g.nasty()});
    if (g.chance(5)) opts.push_back({g.opt("EX"), g.ttl_seconds()});  // duplicates conflict
    std::shuffle(opts.begin(), opts.end(), std::mt19937(static_cast<unsigned>(g.pick(1000000))));
    for (auto& x : opts) c.insert(c.end(), x.begin(), x.end());
    o.push_back(std::move(c));
  };
  m["setnx"] = [](G& g, Out& o) { o.push_back({"SETNX", g.key(T::kString), g.value()}); };
  m["setex"] = [](G& g, Out& o) { o.push_back({"SETEX", g.key(T::kString), g.ttl_seconds(), g.value()}); };
  m["psetex"] = [](G& g, Out& o) { o.push_back({"PSETEX", g.key(T::kString), g.ttl_millis(), g.value()}); };
  m["getset"] = [](G& g, Out& o) { o.push_back({"GETSET", g.key(T::kString), g.value()}); };
  m["getdel"] = [](G& g, Out& o) { o.push_back({"GETDEL", g.key(T::kString)}); };
  m["getex"] = [](G& g, Out& o) {
    Command c{"GETEX", g.key(T::kString)};
    set_expiry_option(g, c, true, false);
    if (g.chance(5)) set_expiry_option(g, c, true, false);
    o.push_back(std::move(c));
  };
  const auto mset = [](const char* name) {
    return [name](G& g, Out& o) {
      Command c{name};
      const int n = 1 + g.roll(3);
      for (int i = 0; i < n; ++i) c.insert(c.end(), {g.key(T::kString), g.value()});
      o.push_back(std::move(c));
    };
  };
  m["mset"] = mset("MSET");
  m["msetnx"] = mset("MSETNX");
  m["mget"] = [](G& g, Out& o) {
    Command c{"MGET"};
    keys_of(g, c, T::kString, 4);
    o.push_back(std::move(c));
  };
  m["append"] = [](G& g, Out& o) { o.push_back({"APPEND", g.key(T::kString), g.value()}); };
  m["strlen"] = [](G& g, Out& o) { o.push_back({"STRLEN", g.key(T::kString)}); };
  m["getrange"] = [](G& g, Out& o) { o.push_back({"GETRANGE", g.key(T::kString), g.index(), g.index()}); };
  m["substr"] = [](G& g, Out& o) { o.push_back({"SUBSTR", g.key(T::kString), g.index(), g.index()}); };
  m["setrange"] = [](G& g, Out& o) {
    static const std::vector<std::string> kOffsets{"0", "1", "3", "10", "100", "-1", "abc", "536870912",
                                                   "536870911", "9223372036854775807"};
    std::string offset = g.one_of(kOffsets);
    std::string value = g.value();
    // 536870911 with a non-empty value would really allocate 512 MB.
    if (offset == "536870911" && !value.empty()) value += "x";
    o.push_back({"SETRANGE", g.key(T::kString), offset, value});
  };
  m["incr"] = [](G& g, Out& o) { o.push_back({"INCR", g.key(T::kString)}); };
  m["decr"] = [](G& g, Out& o) { o.push_back({"DECR", g.key(T::kString)}); };
  m["incrby"] = [](G& g, Out& o) { o.push_back({"INCRBY", g.key(T::kString), g.integer()}); };
  m["decrby"] = [](G& g, Out& o) { o.push_back({"DECRBY", g.key(T::kString), g.integer()}); };
  m["incrbyfloat"] = [](G& g, Out& o) { o.push_back({"INCRBYFLOAT", g.key(T::kString), g.number_float()}); };
  m["lcs"] = [](G& g, Out& o) {
    Command c{"LCS", g.key(T::kString), g.key(T::kString)};
    if (g.chance(30)) c.push_back(g.opt("LEN"));
    if (g.chance(40)) c.push_back(g.opt("IDX"));
    if (g.chance(30)) c.insert(c.end(), {g.opt("MINMATCHLEN"), g.integer()});
    if (g.chance(30)) c.push_back(g.opt("WITHMATCHLEN"));
    o.push_back(std::move(c));
  };
}

inline void keys(std::map<std::string, Generator::Grammar>& m) {
  for (const char* name : {"DEL", "UNLINK", "EXISTS", "TOUCH"}) {
    std::string lname = lower(name);
    m[lname] = [name](G& g, Out& o) {
      Command c{name};
      keys_of(g, c, T::kAny, 4);
      o.push_back(std::move(c));
    };
  }
  m["type"] = [](G& g, Out& o) { o.push_back({"TYPE", g.key(T::kAny)}); };
  m["rename"] = [](G& g, Out& o) { o.push_back({"RENAME", g.key(T::kAny), g.key(T::kAny)}); };
  m["renamenx"] = [](G& g, Out& o) { o.push_back({"RENAMENX", g.key(T::kAny), g.key(T::kAny)}); };
  m["copy"] = [](G& g, Out& o) {
    Command c{"COPY", g.key(T::kAny), g.key(T::kAny)};
    if (g.chance(20)) c.insert(c.end(), {g.opt("DB"), g.chance(80) ? "0" : "abc"});
    if (g.chance(40)) c.push_back(g.opt("REPLACE"));
    o.push_back(std::move(c));
  };
  m["keys"] = [](G& g, Out& o) { o.push_back({"KEYS", g.pattern()}); };
  m["scan"] = [](G& g, Out& o) {
    Command c{"SCAN", g.chance(95) ? "0" : g.one_of(std::vector<std::string>{"abc", "1.5", "18446744073709551616"})};
    if (g.chance(40)) c.insert(c.end(), {g.opt("MATCH"), g.pattern()});
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? "5" : g.integer()});
    if (g.chance(30)) {
      static const std::vector<std::string> kTypes{"string", "hash", "list", "set", "zset", "nosuchtype", "STRING"};
      c.insert(c.end(), {g.opt("TYPE"), g.one_of(kTypes)});
    }
    o.push_back(std::move(c));
  };
  m["randomkey"] = [](G&, Out& o) { o.push_back({"RANDOMKEY"}); };
  m["dbsize"] = [](G&, Out& o) { o.push_back({"DBSIZE"}); };
  const auto expire = [](const char* name, int kind) {
    return [name, kind](G& g, Out& o) {
      std::string t = kind == 0 ? g.ttl_seconds() : kind == 1 ? g.ttl_millis() : kind == 2 ? g.unix_seconds() : g.unix_millis();
      Command c{name, g.key(T::kAny), t};
      static const std::vector<std::string> kConds{"NX", "XX", "GT", "LT"};
      if (g.chance(40)) c.push_back(g.opt(g.one_of(kConds).c_str()));
      if (g.chance(10)) c.push_back(g.opt(g.one_of(kConds).c_str()));
      o.push_back(std::move(c));
    };
  };
  m["expire"] = expire("EXPIRE", 0);
  m["pexpire"] = expire("PEXPIRE", 1);
  m["expireat"] = expire("EXPIREAT", 2);
  m["pexpireat"] = expire("PEXPIREAT", 3);
  for (const char* name : {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"})
    m[lower(name)] = [name](G& g, Out& o) { o.push_back({name, g.key(T::kAny)}); };
  m["flushdb"] = [](G& g, Out& o) {
    if (g.chance(5)) o.push_back({"FLUSHDB", g.chance(50) ? "ASYNC" : "SYNC"});
    else o.push_back({"DBSIZE"});
  };
  m["object"] = [](G& g, Out& o) {
    static const std::vector<std::string> kSubs{"ENCODING", "FREQ", "IDLETIME", "REFCOUNT", "NOSUCH"};
    o.push_back({"OBJECT", g.one_of(kSubs), g.key(T::kAny)});
  };
}

inline void hashes(std::map<std::string, Generator::Grammar>& m) {
  const auto hset = [](const char* name) {
    return [name](G& g, Out& o) {
      Command c{name, g.key(T::kHash)};
      const int n = 1 + g.roll(3);
      for (int i = 0; i < n; ++i) c.insert(c.end(), {g.field(), g.chance(50) ? g.integer() : g.value()});
      o.push_back(std::move(c));
    };
  };
  m["hset"] = hset("HSET");
  m["hmset"] = hset("HMSET");
  m["hsetnx"] = [](G& g, Out& o) { o.push_back({"HSETNX", g.key(T::kHash), g.field(), g.value()}); };
  m["hget"] = [](G& g, Out& o) { o.push_back({"HGET", g.key(T::kHash), g.field()}); };
  m["hmget"] = [](G& g, Out& o) {
    Command c{"HMGET", g.key(T::kHash)};
    const int n = 1 + g.roll(4);
    for (int i = 0; i < n; ++i) c.push_back(g.field());
    o.push_back(std::move(c));
  };
  for (const char* name : {"HGETALL", "HKEYS", "HVALS", "HLEN"})
    m[lower(name)] = [name](G& g, Out& o) { o.push_back({name, g.key(T::kHash)}); };
  m["hdel"] = [](G& g, Out& o) {
    Command c{"HDEL", g.key(T::kHash)};
    const int n = 1 + g.roll(3);
    for (int i = 0; i < n; ++i) c.push_back(g.field());
    o.push_back(std::move(c));
  };
  m["hexists"] = [](G& g, Out& o) { o.push_back({"HEXISTS", g.key(T::kHash), g.field()}); };
  m["hstrlen"] = [](G& g, Out& o) { o.push_back({"HSTRLEN", g.key(T::kHash), g.field()}); };
  m["hincrby"] = [](G& g, Out& o) { o.push_back({"HINCRBY", g.key(T::kHash), g.field(), g.integer()}); };
  m["hincrbyfloat"] = [](G& g, Out& o) {
    o.push_back({"HINCRBYFLOAT", g.key(T::kHash), g.field(), g.number_float()});
  };
  m["hrandfield"] = [](G& g, Out& o) {
    const std::string k = g.key(T::kHash);
    Command c{"HRANDFIELD", k};
    if (g.chance(70)) {
      static const std::vector<std::string> kCounts{"100", "50", "0", "1", "2", "-1", "-5", "abc", "-9223372036854775808", "9223372036854775807"};
      c.push_back(g.one_of(kCounts));
      if (g.chance(50)) c.push_back(g.opt("WITHVALUES"));
    }
    o.push_back(std::move(c));
    o.push_back({"HGETALL", k});  // the witness the sample is checked against
  };
  m["hscan"] = [](G& g, Out& o) {
    Command c{"HSCAN", g.key(T::kHash), g.chance(95) ? "0" : "abc"};
    if (g.chance(40)) c.insert(c.end(), {g.opt("MATCH"), g.pattern()});
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? "3" : g.integer()});
    o.push_back(std::move(c));
  };
}

inline void lists(std::map<std::string, Generator::Grammar>& m) {
  for (const char* name : {"LPUSH", "RPUSH", "LPUSHX", "RPUSHX"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name, g.key(T::kList)};
      const int n = 1 + g.roll(4);
      for (int i = 0; i < n; ++i) c.push_back(g.chance(60) ? g.member() : g.value());
      o.push_back(std::move(c));
    };
  for (const char* name : {"LPOP", "RPOP"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name, g.key(T::kList)};
      if (g.chance(40)) c.push_back(g.integer());
      o.push_back(std::move(c));
    };
  m["llen"] = [](G& g, Out& o) { o.push_back({"LLEN", g.key(T::kList)}); };
  m["lrange"] = [](G& g, Out& o) { o.push_back({"LRANGE", g.key(T::kList), g.index(), g.index()}); };
  m["lindex"] = [](G& g, Out& o) { o.push_back({"LINDEX", g.key(T::kList), g.index()}); };
  m["lset"] = [](G& g, Out& o) { o.push_back({"LSET", g.key(T::kList), g.index(), g.member()}); };
  m["linsert"] = [](G& g, Out& o) {
    o.push_back({"LINSERT", g.key(T::kList), g.chance(5) ? "MIDDLE" : g.opt(g.chance(50) ? "BEFORE" : "AFTER"),
                 g.member(), g.member()});
  };
  m["lrem"] = [](G& g, Out& o) { o.push_back({"LREM", g.key(T::kList), g.integer(), g.member()}); };
  m["ltrim"] = [](G& g, Out& o) { o.push_back({"LTRIM", g.key(T::kList), g.index(), g.index()}); };
  m["lpos"] = [](G& g, Out& o) {
    Command c{"LPOS", g.key(T::kList), g.member()};
    if (g.chance(40)) c.insert(c.end(), {g.opt("RANK"), g.integer()});
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.integer()});
    if (g.chance(30)) c.insert(c.end(), {g.opt("MAXLEN"), g.integer()});
    o.push_back(std::move(c));
  };
  m["lmove"] = [](G& g, Out& o) { o.push_back({"LMOVE", g.key(T::kList), g.key(T::kList), g.side(), g.side()}); };
  m["rpoplpush"] = [](G& g, Out& o) { o.push_back({"RPOPLPUSH", g.key(T::kList), g.key(T::kList)}); };
  // numkeys key... LEFT|RIGHT [COUNT n], after `prefix` (BLMPOP's timeout).
  const auto mpop_args = [](G& g, Command& c) {
    const int n = 1 + g.roll(3);
    c.push_back(g.chance(90) ? std::to_string(n) : g.integer());
    for (int i = 0; i < n; ++i) c.push_back(g.key(T::kList));
    c.push_back(g.side());
    if (g.chance(50)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? std::to_string(g.roll(5)) : g.integer()});
  };
  m["lmpop"] = [mpop_args](G& g, Out& o) {
    Command c{"LMPOP"};
    mpop_args(g, c);
    o.push_back(std::move(c));
  };
  // Blocking commands run only where they answer at once: a push to one of
  // their keys comes first (if that push meets a wrong type, so does the
  // blocking command, which then errors at once).
  const auto feed = [](G& g, Out& o, const std::string& key) { o.push_back({"RPUSH", key, g.member()}); };
  for (const char* name : {"BLPOP", "BRPOP"})
    m[lower(name)] = [name, feed](G& g, Out& o) {
      Command c{name};
      keys_of(g, c, T::kList, 3);
      feed(g, o, c[1 + g.pick(c.size() - 1)]);
      c.push_back(g.timeout());
      o.push_back(std::move(c));
    };
  m["blmove"] = [feed](G& g, Out& o) {
    Command c{"BLMOVE", g.key(T::kList), g.key(T::kList), g.side(), g.side(), g.timeout()};
    feed(g, o, c[1]);
    o.push_back(std::move(c));
  };
  m["brpoplpush"] = [feed](G& g, Out& o) {
    Command c{"BRPOPLPUSH", g.key(T::kList), g.key(T::kList), g.timeout()};
    feed(g, o, c[1]);
    o.push_back(std::move(c));
  };
  m["blmpop"] = [feed](G& g, Out& o) {
    Command c{"BLMPOP", g.timeout()};
    const int n = 1 + g.roll(3);
    c.push_back(std::to_string(n));
    for (int i = 0; i < n; ++i) c.push_back(g.key(T::kList));
    c.push_back(g.chance(3) ? "MIDDLE" : g.opt(g.chance(50) ? "LEFT" : "RIGHT"));
    if (g.chance(50)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? std::to_string(1 + g.roll(4)) : g.integer()});
    feed(g, o, c[3 + g.pick(static_cast<std::size_t>(n))]);
    o.push_back(std::move(c));
  };
}

inline void sets(std::map<std::string, Generator::Grammar>& m) {
  for (const char* name : {"SADD", "SREM"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name, g.key(T::kSet)};
      const int n = 1 + g.roll(4);
      for (int i = 0; i < n; ++i) c.push_back(g.member());
      o.push_back(std::move(c));
    };
  m["smembers"] = [](G& g, Out& o) { o.push_back({"SMEMBERS", g.key(T::kSet)}); };
  m["scard"] = [](G& g, Out& o) { o.push_back({"SCARD", g.key(T::kSet)}); };
  m["sismember"] = [](G& g, Out& o) { o.push_back({"SISMEMBER", g.key(T::kSet), g.member()}); };
  m["smismember"] = [](G& g, Out& o) {
    Command c{"SMISMEMBER", g.key(T::kSet)};
    const int n = 1 + g.roll(4);
    for (int i = 0; i < n; ++i) c.push_back(g.member());
    o.push_back(std::move(c));
  };
  // SPOP changes the data, so only where what it pops is determined.
  m["spop"] = [](G& g, Out& o) {
    const std::string k = g.key(T::kSet);
    switch (g.roll(4)) {
      case 0:  // a one-member set
        o.push_back({"DEL", k});
        o.push_back({"SADD", k, g.member()});
        o.push_back({"SPOP", k});
        break;
      case 1: o.push_back({"SPOP", k, g.one_of(std::vector<std::string>{"100", "1000", "9223372036854775807"})}); break;
      case 2: o.push_back({"SPOP", k, g.one_of(std::vector<std::string>{"0", "-1", "abc", "-9223372036854775808", "1.5"})}); break;
      default: o.push_back({"SPOP", "spop:never-created", g.chance(50) ? "1" : "5"});
    }
  };
  m["srandmember"] = [](G& g, Out& o) {
    const std::string k = g.key(T::kSet);
    Command c{"SRANDMEMBER", k};
    if (g.chance(70)) {
      static const std::vector<std::string> kCounts{"100", "50", "0", "1", "2", "-1", "-5", "abc", "-9223372036854775808", "9223372036854775807"};
      c.push_back(g.one_of(kCounts));
    }
    o.push_back(std::move(c));
    o.push_back({"SMEMBERS", k});  // the witness the sample is checked against
  };
  m["smove"] = [](G& g, Out& o) { o.push_back({"SMOVE", g.key(T::kSet), g.key(T::kSet), g.member()}); };
  for (const char* name : {"SINTER", "SUNION", "SDIFF"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name};
      keys_of(g, c, T::kSet, 3);
      o.push_back(std::move(c));
    };
  for (const char* name : {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name, g.key(T::kSet)};
      keys_of(g, c, T::kSet, 3);
      o.push_back(std::move(c));
    };
  m["sintercard"] = [](G& g, Out& o) {
    const int n = 1 + g.roll(3);
    Command c{"SINTERCARD", g.chance(90) ? std::to_string(n) : g.integer()};
    for (int i = 0; i < n; ++i) c.push_back(g.key(T::kSet));
    if (g.chance(40)) c.insert(c.end(), {g.opt("LIMIT"), g.integer()});
    o.push_back(std::move(c));
  };
  m["sscan"] = [](G& g, Out& o) {
    Command c{"SSCAN", g.key(T::kSet), g.chance(95) ? "0" : "abc"};
    if (g.chance(40)) c.insert(c.end(), {g.opt("MATCH"), g.pattern()});
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? "3" : g.integer()});
    o.push_back(std::move(c));
  };
}

inline void zsets(std::map<std::string, Generator::Grammar>& m) {
  // Members with scores for ZADD; score 0 only for the lex keys.
  const auto pairs = [](G& g, Command& c, bool zero) {
    const int n = 1 + g.roll(3);
    for (int i = 0; i < n; ++i) c.insert(c.end(), {zero ? "0" : g.score(), g.member()});
  };
  m["zadd"] = [pairs](G& g, Out& o) {
    Command c{"ZADD", g.key(T::kZset)};
    // Each flag on its own, so the illegal combinations come up too.
    if (g.chance(15)) c.push_back(g.opt("NX"));
    if (g.chance(15)) c.push_back(g.opt("XX"));
    if (g.chance(12)) c.push_back(g.opt("GT"));
    if (g.chance(12)) c.push_back(g.opt("LT"));
    if (g.chance(20)) c.push_back(g.opt("CH"));
    if (g.chance(12)) {
      c.push_back(g.opt("INCR"));
      if (g.chance(85)) {
        c.insert(c.end(), {g.score(), g.member()});
        o.push_back(std::move(c));
        return;
      }
    }
    pairs(g, c, false);
    o.push_back(std::move(c));
  };
  // The lex keys' writer: a feed before lex commands (never mutated).
  const auto feed_lex = [pairs](G& g, Out& o, const std::string& key) {
    if (!g.chance(40)) return;
    Command c{"ZADD", key};
    pairs(g, c, true);
    o.push_back(std::move(c));
  };
  m["zincrby"] = [](G& g, Out& o) { o.push_back({"ZINCRBY", g.key(T::kZset), g.score(), g.member()}); };
  m["zcard"] = [](G& g, Out& o) { o.push_back({"ZCARD", g.zset_key()}); };
  m["zscore"] = [](G& g, Out& o) { o.push_back({"ZSCORE", g.zset_key(), g.member()}); };
  m["zmscore"] = [](G& g, Out& o) {
    Command c{"ZMSCORE", g.zset_key()};
    const int n = 1 + g.roll(4);
    for (int i = 0; i < n; ++i) c.push_back(g.member());
    o.push_back(std::move(c));
  };
  for (const char* name : {"ZRANK", "ZREVRANK"})
    m[lower(name)] = [name](G& g, Out& o) { o.push_back({name, g.zset_key(), g.member()}); };
  m["zcount"] = [](G& g, Out& o) { o.push_back({"ZCOUNT", g.zset_key(), g.score_bound(), g.score_bound()}); };
  m["zlexcount"] = [feed_lex](G& g, Out& o) {
    const std::string k = g.lex_key();
    feed_lex(g, o, k);
    o.push_back({"ZLEXCOUNT", k, g.lex_bound(), g.lex_bound()});
  };
  const auto limit = [](G& g, Command& c) {
    if (g.chance(30))
      c.insert(c.end(), {g.opt("LIMIT"), g.chance(80) ? std::to_string(g.roll(4)) : g.integer(),
                         g.chance(80) ? std::to_string(g.roll(5) - 1) : g.integer()});
  };
  // ZRANGE's and ZRANGESTORE's arguments after the source key: by index, by
  // score or (on a lex key, which `c[src]` becomes) by lex, REV, LIMIT.
  const auto range_args = [limit, feed_lex](G& g, Out& o, Command& c, std::size_t src, bool store) {
    switch (g.roll(3)) {
      case 0:
        c.insert(c.end(), {g.index(), g.index()});
        if (g.chance(10)) limit(g, c);  // an error without BYSCORE or BYLEX
        break;
      case 1:
        c.insert(c.end(), {g.score_bound(), g.score_bound(), g.opt("BYSCORE")});
        limit(g, c);
        break;
      default:
        c[src] = g.lex_key();
        feed_lex(g, o, c[src]);
        c.insert(c.end(), {g.lex_bound(), g.lex_bound(), g.opt("BYLEX")});
        limit(g, c);
    }
    if (g.chance(30)) c.push_back(g.opt("REV"));
    if (!store && g.chance(40)) c.push_back(g.opt("WITHSCORES"));
  };
  m["zrange"] = [range_args](G& g, Out& o) {
    Command c{"ZRANGE", g.zset_key()};
    Out feed;
    range_args(g, feed, c, 1, false);
    o.insert(o.end(), feed.begin(), feed.end());
    o.push_back(std::move(c));
  };
  m["zrangestore"] = [range_args](G& g, Out& o) {
    Command c{"ZRANGESTORE", g.key(T::kZset), g.zset_key()};
    Out feed;
    range_args(g, feed, c, 2, true);
    o.insert(o.end(), feed.begin(), feed.end());
    o.push_back(std::move(c));
  };
  for (const char* name : {"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"})
    m[lower(name)] = [name, limit](G& g, Out& o) {
      Command c{name, g.zset_key(), g.score_bound(), g.score_bound()};
      if (g.chance(40)) c.push_back(g.opt("WITHSCORES"));
      limit(g, c);
      o.push_back(std::move(c));
    };
  for (const char* name : {"ZRANGEBYLEX", "ZREVRANGEBYLEX"})
    m[lower(name)] = [name, limit, feed_lex](G& g, Out& o) {
      const std::string k = g.lex_key();
      feed_lex(g, o, k);
      Command c{name, k, g.lex_bound(), g.lex_bound()};
      limit(g, c);
      o.push_back(std::move(c));
    };
  m["zrevrange"] = [](G& g, Out& o) {
    Command c{"ZREVRANGE", g.zset_key(), g.index(), g.index()};
    if (g.chance(40)) c.push_back(g.opt("WITHSCORES"));
    o.push_back(std::move(c));
  };
  m["zrem"] = [](G& g, Out& o) {
    Command c{"ZREM", g.zset_key()};
    const int n = 1 + g.roll(3);
    for (int i = 0; i < n; ++i) c.push_back(g.member());
    o.push_back(std::move(c));
  };
  m["zremrangebyrank"] = [](G& g, Out& o) { o.push_back({"ZREMRANGEBYRANK", g.zset_key(), g.index(), g.index()}); };
  m["zremrangebyscore"] = [](G& g, Out& o) {
    o.push_back({"ZREMRANGEBYSCORE", g.zset_key(), g.score_bound(), g.score_bound()});
  };
  m["zremrangebylex"] = [feed_lex](G& g, Out& o) {
    const std::string k = g.lex_key();
    feed_lex(g, o, k);
    o.push_back({"ZREMRANGEBYLEX", k, g.lex_bound(), g.lex_bound()});
  };
  // numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]; the
  // inputs are sorted sets, plain sets (scores 1) or now and then another type.
  const auto setop_args = [](G& g, Command& c, bool weights, bool withscores) {
    const int n = 1 + g.roll(3);
    c.push_back(g.chance(90) ? std::to_string(n) : g.integer());
    for (int i = 0; i < n; ++i) c.push_back(g.chance(20) ? g.key(T::kSet) : g.zset_key());
    if (weights && g.chance(35)) {
      c.push_back(g.opt("WEIGHTS"));
      static const std::vector<std::string> kWeights{"1", "2", "0", "-1", "0.5", "inf", "-inf", "3", "x", "nan"};
      const int w = g.chance(90) ? n : 1 + g.roll(3);
      for (int i = 0; i < w; ++i) c.push_back(g.one_of(kWeights));
    }
    if (weights && g.chance(35)) {
      static const std::vector<std::string> kAggregates{"SUM", "MIN", "MAX", "sum", "AVG"};
      c.insert(c.end(), {g.opt("AGGREGATE"), g.one_of(kAggregates)});
    }
    if (withscores && g.chance(50)) c.push_back(g.opt("WITHSCORES"));
  };
  for (const char* name : {"ZUNION", "ZINTER", "ZDIFF"}) {
    const bool weights = std::string_view(name) != "ZDIFF";
    m[lower(name)] = [name, weights, setop_args](G& g, Out& o) {
      Command c{name};
      setop_args(g, c, weights || g.chance(5), true);
      o.push_back(std::move(c));
    };
  }
  for (const char* name : {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}) {
    const bool weights = std::string_view(name) != "ZDIFFSTORE";
    m[lower(name)] = [name, weights, setop_args](G& g, Out& o) {
      Command c{name, g.key(T::kZset)};
      setop_args(g, c, weights || g.chance(5), g.chance(5));
      o.push_back(std::move(c));
    };
  }
  m["zintercard"] = [](G& g, Out& o) {
    const int n = 1 + g.roll(3);
    Command c{"ZINTERCARD", g.chance(90) ? std::to_string(n) : g.integer()};
    for (int i = 0; i < n; ++i) c.push_back(g.chance(20) ? g.key(T::kSet) : g.zset_key());
    if (g.chance(40)) c.insert(c.end(), {g.opt("LIMIT"), g.integer()});
    o.push_back(std::move(c));
  };
  for (const char* name : {"ZPOPMIN", "ZPOPMAX"})
    m[lower(name)] = [name](G& g, Out& o) {
      Command c{name, g.zset_key()};
      if (g.chance(50)) c.push_back(g.integer());
      o.push_back(std::move(c));
    };
  const auto min_max = [](G& g) { return g.chance(3) ? "MIDDLE" : g.opt(g.chance(50) ? "MIN" : "MAX"); };
  m["zmpop"] = [min_max](G& g, Out& o) {
    const int n = 1 + g.roll(3);
    Command c{"ZMPOP", g.chance(90) ? std::to_string(n) : g.integer()};
    for (int i = 0; i < n; ++i) c.push_back(g.zset_key());
    c.push_back(min_max(g));
    if (g.chance(50)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? std::to_string(g.roll(5)) : g.integer()});
    o.push_back(std::move(c));
  };
  // Random samples, compared as normalize.hpp says, then checked against
  // the whole key (the witness).
  m["zrandmember"] = [](G& g, Out& o) {
    const std::string k = g.zset_key();
    Command c{"ZRANDMEMBER", k};
    if (g.chance(70)) {
      static const std::vector<std::string> kCounts{"100", "50", "0", "1", "2", "-1", "-5", "abc",
                                                    "-9223372036854775808", "9223372036854775807"};
      c.push_back(g.one_of(kCounts));
      if (g.chance(50)) c.push_back(g.opt("WITHSCORES"));
    }
    o.push_back(std::move(c));
    o.push_back({"ZRANGE", k, "0", "-1", "WITHSCORES"});
  };
  m["zscan"] = [](G& g, Out& o) {
    Command c{"ZSCAN", g.zset_key(), g.chance(95) ? "0" : "abc"};
    if (g.chance(40)) c.insert(c.end(), {g.opt("MATCH"), g.pattern()});
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? "3" : g.integer()});
    o.push_back(std::move(c));
  };
  // As for the lists: a ZADD to one of the keys first, so the pop answers at
  // once (or meets the wrong type at once).
  const auto feed = [](G& g, Out& o, const std::string& key) { o.push_back({"ZADD", key, g.chance(50) ? "1" : "-2.5", g.member()}); };
  for (const char* name : {"BZPOPMIN", "BZPOPMAX"})
    m[lower(name)] = [name, feed](G& g, Out& o) {
      Command c{name};
      keys_of(g, c, T::kZset, 3);
      feed(g, o, c[1 + g.pick(c.size() - 1)]);
      c.push_back(g.timeout());
      o.push_back(std::move(c));
    };
  m["bzmpop"] = [feed, min_max](G& g, Out& o) {
    Command c{"BZMPOP", g.timeout()};
    const int n = 1 + g.roll(3);
    c.push_back(std::to_string(n));
    for (int i = 0; i < n; ++i) c.push_back(g.key(T::kZset));
    c.push_back(min_max(g));
    if (g.chance(50)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? std::to_string(1 + g.roll(4)) : g.integer()});
    feed(g, o, c[3 + g.pick(static_cast<std::size_t>(n))]);
    o.push_back(std::move(c));
  };
}

inline void server(std::map<std::string, Generator::Grammar>& m) {
  m["ping"] = [](G& g, Out& o) {
    if (g.chance(50)) o.push_back({"PING"});
    else o.push_back({"PING", g.value()});
  };
  m["echo"] = [](G& g, Out& o) { o.push_back({"ECHO", g.value()}); };
  m["select"] = [](G& g, Out& o) { o.push_back({"SELECT", g.chance(80) ? "0" : g.one_of(std::vector<std::string>{"abc", "-1", "1.5", "100000"})}); };
}

void streams(std::map<std::string, Generator::Grammar>& m);  // generator_streams.hpp
void bitmaps(std::map<std::string, Generator::Grammar>& m);  // generator_bitmaps.hpp
void hyperloglog(std::map<std::string, Generator::Grammar>& m);  // generator_hyperloglog.hpp
void geo(std::map<std::string, Generator::Grammar>& m);  // generator_geo.hpp
void sort(std::map<std::string, Generator::Grammar>& m);  // generator_sort.hpp

} // namespace grammar

inline const std::map<std::string, Generator::Grammar>& Generator::grammars() {
  static const std::map<std::string, Grammar> kGrammars = [] {
    std::map<std::string, Grammar> m;
    grammar::strings(m);
    grammar::keys(m);
    grammar::hashes(m);
    grammar::lists(m);
    grammar::sets(m);
    grammar::zsets(m);
    grammar::streams(m);
    grammar::bitmaps(m);
    grammar::hyperloglog(m);
    grammar::geo(m);
    grammar::sort(m);
    grammar::server(m);
    return m;
  }();
  return kGrammars;
}

/// Commands the generator never sends as such: they change the server's
/// settings or connection state, report internals only, or would block or
/// disconnect. (MULTI, EXEC, DISCARD, WATCH and UNWATCH come only from
/// Generator::transaction, in shapes that always close the transaction.)
inline const std::set<std::string> kNeverGenerated = {
    "info", "time", "command", "config", "hello", "auth", "client", "quit", "reset", "monitor",
    "flushall", "debug", "memory", "shutdown", "save", "bgsave", "bgrewriteaof", "lastsave", "swapdb",
    "move", "migrate", "restore", "restore-asking", "dump", "replicaof", "slaveof", "sync", "psync",
    "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "multi", "exec",
    "discard", "watch", "unwatch", "wait", "failover", "cluster", "readonly", "readwrite", "asking",
    "module", "acl", "script", "eval", "evalsha", "eval_ro", "evalsha_ro", "function", "fcall", "fcall_ro",
    "latency", "slowlog", "lolwut", "role",
    "pfdebug", "pfselftest"};

} // namespace parity

#include "generator_streams.hpp"
#include "generator_bitmaps.hpp"
#include "generator_hyperloglog.hpp"
#include "generator_geo.hpp"
#include "generator_sort.hpp"
