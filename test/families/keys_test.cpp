// The keys family, command by command, as redis-cli would show it. Every
// expected reply and error text was checked against redis-server 7.0.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cmd/table.hpp"
#include "harness.hpp"

using namespace test;

namespace {

// The store's ManualClock starts at 2026-01-01T00:00:00Z.
constexpr long long kStartSeconds = 1767225600;

// One SCAN step: the next cursor and the keys.
struct Step {
  std::string cursor;
  std::vector<std::string> keys;
};

Step scan_step(Store& store, std::initializer_list<std::string_view> argv) {
  Value reply = store.run(argv);
  REQUIRE(reply.size() == 2);
  Step step{reply[0].string(), {}};
  for (const Value& key : reply[1].elements()) step.keys.push_back(key.string());
  return step;
}

// A whole SCAN iteration with COUNT 10 and `match` ("*" = none), as a multiset.
std::multiset<std::string> scan_all(Store& store, std::string_view match = "*") {
  std::multiset<std::string> seen;
  std::string cursor = "0";
  do {
    Step step = scan_step(store, {"SCAN", cursor, "MATCH", match, "COUNT", "10"});
    seen.insert(step.keys.begin(), step.keys.end());
    cursor = step.cursor;
  } while (cursor != "0");
  return seen;
}

std::set<std::string> key_set(const Value& reply) {
  std::set<std::string> out;
  for (const Value& key : reply.elements()) out.insert(key.string());
  return out;
}

// A store driven directly through dispatch(), for the counters handlers keep
// in detail::Store (INFO's keyspace_hits and keyspace_misses).
struct RawStore {
  not_redis::ManualClock clock;
  not_redis::detail::Store store;
  not_redis::detail::Session session;
  RawStore() {
    store.clock = &clock;
  }
  Value run(std::initializer_list<std::string_view> argv) {
    return std::move(not_redis::detail::dispatch(store, session, not_redis::Argv(argv)).reply());
  }
  std::pair<std::uint64_t, std::uint64_t> hits_misses() const {
    return {store.stats.keyspace_hits, store.stats.keyspace_misses};
  }
};

using HitsMisses = std::pair<std::uint64_t, std::uint64_t>;

} // namespace

// --- DEL, UNLINK, EXISTS, TYPE, TOUCH ------------------------------------------------

TEST_CASE("DEL and UNLINK count the keys that existed") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "2"});
  CHECK(store.run({"DEL", "a", "missing", "a"}) == integer(1));
  CHECK(store.run({"EXISTS", "a"}) == integer(0));
  CHECK(store.run({"UNLINK", "b", "missing"}) == integer(1));
  CHECK(store.run({"UNLINK", "b"}) == integer(0));
  CHECK(store.run({"DEL"}) == arity_error("del"));
  CHECK(store.run({"UNLINK"}) == arity_error("unlink"));
}

namespace {
/// A set of 100 members, a hashtable: large enough to be freed lazily.
void make_large_set(Store& store, std::string_view key) {
  not_redis::Argv argv{"SADD", key};
  for (int i = 0; i < 100; ++i) argv.push_back(fmt::format("member:{}", i));
  store.client().execute(std::move(argv)).get();
}
} // namespace

TEST_CASE("UNLINK frees a large value on the lazy-free thread; DEL frees it at once") {
  Store store;
  make_large_set(store, "big");
  store.run({"SET", "small", "v"});
  CHECK(store.run({"UNLINK", "big", "small"}) == integer(2));
  CHECK(store.run({"EXISTS", "big"}) == integer(0));
  // Only the large value counts (a string is freed at once).
  CHECK(await_info_field(store, "memory", "lazyfreed_objects", "1") == "1");
  CHECK(info_field(store, "memory", "lazyfree_pending_objects") == "0");

  make_large_set(store, "big");
  CHECK(store.run({"DEL", "big"}) == integer(1));
  CHECK(info_field(store, "memory", "lazyfreed_objects") == "1");

  SUBCASE("lazyfree-lazy-user-del makes DEL an UNLINK") {
    CHECK(store.run({"CONFIG", "SET", "lazyfree-lazy-user-del", "yes"}) == ok());
    make_large_set(store, "big");
    CHECK(store.run({"DEL", "big"}) == integer(1));
    CHECK(await_info_field(store, "memory", "lazyfreed_objects", "2") == "2");
  }
  SUBCASE("lazyfree-lazy-server-del frees an overwritten value lazily") {
    CHECK(store.run({"CONFIG", "SET", "lazyfree-lazy-server-del", "yes"}) == ok());
    make_large_set(store, "big");
    CHECK(store.run({"SET", "big", "string now"}) == ok());
    CHECK(await_info_field(store, "memory", "lazyfreed_objects", "2") == "2");
  }
  SUBCASE("lazyfree-lazy-expire frees an expired value lazily") {
    CHECK(store.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"}) == ok());
    make_large_set(store, "big");
    CHECK(store.run({"PEXPIRE", "big", "10"}) == integer(1));
    store.advance(std::chrono::milliseconds(200));
    CHECK(store.run({"EXISTS", "big"}) == integer(0));
    CHECK(await_info_field(store, "memory", "lazyfreed_objects", "2") == "2");
  }
  SUBCASE("CONFIG RESETSTAT zeroes lazyfreed_objects") {
    CHECK(store.run({"CONFIG", "RESETSTAT"}) == ok());
    CHECK(info_field(store, "memory", "lazyfreed_objects") == "0");
  }
}

TEST_CASE("FLUSHALL ASYNC and FLUSHDB ASYNC free the old keyspace lazily, counted in keys") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "2"});
  store.run({"RPUSH", "l", "x"});
  CHECK(store.run({"FLUSHALL", "ASYNC"}) == ok());
  CHECK(store.run({"DBSIZE"}) == integer(0));
  CHECK(await_info_field(store, "memory", "lazyfreed_objects", "3") == "3");

  store.run({"SET", "a", "1"});
  CHECK(store.run({"FLUSHDB"}) == ok());
  CHECK(store.run({"FLUSHDB", "SYNC"}) == ok());
  CHECK(info_field(store, "memory", "lazyfreed_objects") == "3");

  CHECK(store.run({"CONFIG", "SET", "lazyfree-lazy-user-flush", "yes"}) == ok());
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "1"});
  CHECK(store.run({"FLUSHDB"}) == ok());
  CHECK(await_info_field(store, "memory", "lazyfreed_objects", "5") == "5");
  store.run({"SET", "a", "1"});
  CHECK(store.run({"FLUSHALL", "SYNC"}) == ok());  // SYNC overrides the setting
  CHECK(info_field(store, "memory", "lazyfreed_objects") == "5");
}

TEST_CASE("a watched key emptied by FLUSHALL ASYNC is touched, as by FLUSHALL") {
  Store store;
  store.run({"SET", "w", "1"});
  int attempts = 0;
  store->transaction({"w"}, [&](not_redis::Transaction& tx) {
    if (++attempts == 1) store.run({"FLUSHALL", "ASYNC"});
    tx.set("w", "2");
  });
  CHECK(attempts == 2);
  CHECK(store.run({"GET", "w"}) == bulk("2"));
}

TEST_CASE("EXISTS counts a key once per mention; TYPE names the type or none") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "x"});
  CHECK(store.run({"EXISTS", "a", "a", "a", "b", "nx"}) == integer(4));
  CHECK(store.run({"EXISTS", "nx"}) == integer(0));
  CHECK(store.run({"TYPE", "a"}) == simple("string"));
  CHECK(store.run({"TYPE", "nx"}) == simple("none"));
  CHECK(store.run({"EXISTS"}) == arity_error("exists"));
  CHECK(store.run({"TYPE"}) == arity_error("type"));
  CHECK(store.run({"TYPE", "a", "b"}) == arity_error("type"));
}

TEST_CASE("TOUCH counts existing keys") {
  Store store;
  store.run({"SET", "a", "1"});
  CHECK(store.run({"TOUCH", "a", "nx", "a"}) == integer(2));
  CHECK(store.run({"TOUCH", "nx"}) == integer(0));
  CHECK(store.run({"TOUCH"}) == arity_error("touch"));
}

TEST_CASE("keys with NUL bytes are distinct keys everywhere") {
  Store store;
  const std::string k1("a\0b", 3);
  const std::string k2("a\0c", 3);
  store.run({"SET", k1, "1"});
  CHECK(store.run({"EXISTS", k1, k2, "a"}) == integer(1));
  CHECK(store.run({"TYPE", k1}) == simple("string"));
  CHECK(store.run({"RENAME", k1, k2}) == ok());
  CHECK(store.run({"KEYS", "a*"}) == bulks({k2}));
  CHECK(store.run({"KEYS", std::string("a\0?", 3)}) == bulks({k2}));
  CHECK(store.run({"COPY", k2, k1}) == integer(1));
  CHECK(key_set(store.run({"KEYS", "*"})) == std::set<std::string>{k1, k2});
  CHECK(scan_all(store) == std::multiset<std::string>{k1, k2});
  CHECK(store.run({"EXPIRE", k1, "10"}) == integer(1));
  CHECK(store.run({"TTL", k1}) == integer(10));
  CHECK(store.run({"TTL", k2}) == integer(-1));
  CHECK(store.run({"RANDOMKEY"}).string().size() == 3);
  CHECK(store.run({"DEL", k1, k2}) == integer(2));
}

// --- RENAME, RENAMENX, COPY ---------------------------------------------------------

TEST_CASE("RENAME moves the value and its TTL, replacing the target") {
  Store store;
  CHECK(store.run({"RENAME", "nx", "b"}) == err("ERR no such key"));
  CHECK(store.run({"RENAME", "nx", "nx"}) == err("ERR no such key"));
  store.run({"SET", "a", "1"});
  CHECK(store.run({"RENAME", "a", "a"}) == ok());
  CHECK(store.run({"GET", "a"}) == bulk("1"));
  CHECK(store.run({"EXPIRE", "a", "100"}) == integer(1));
  CHECK(store.run({"RENAME", "a", "b"}) == ok());
  CHECK(store.run({"EXISTS", "a"}) == integer(0));
  CHECK(store.run({"GET", "b"}) == bulk("1"));
  CHECK(store.run({"TTL", "b"}) == integer(100));

  // The target's own TTL goes with its old value.
  store.run({"SET", "c", "3"});
  CHECK(store.run({"EXPIRE", "c", "50"}) == integer(1));
  store.run({"SET", "d", "4"});
  CHECK(store.run({"RENAME", "d", "c"}) == ok());
  CHECK(store.run({"GET", "c"}) == bulk("4"));
  CHECK(store.run({"TTL", "c"}) == integer(-1));

  // The moved TTL still fires: alive at its deadline, gone 1 ms later.
  store.advance(100s);
  CHECK(store.run({"EXISTS", "b"}) == integer(1));
  store.advance(1ms);
  CHECK(store.run({"EXISTS", "b"}) == integer(0));
  CHECK(store.run({"EXISTS", "c"}) == integer(1));
  CHECK(store.run({"RENAME", "a"}) == arity_error("rename"));
  CHECK(store.run({"RENAME", "a", "b", "c"}) == arity_error("rename"));
}

TEST_CASE("RENAME of a key that just expired is a missing key") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"PEXPIRE", "a", "10"});
  store.clock.advance(10ms);
  CHECK(store.run({"PTTL", "a"}) == integer(0));  // at its deadline: still there
  store.clock.advance(1ms);  // no active expiry ran: lazy expiry must hide it
  CHECK(store.run({"RENAME", "a", "b"}) == err("ERR no such key"));
  CHECK(store.run({"EXISTS", "b"}) == integer(0));
}

TEST_CASE("RENAMENX only renames onto a missing key") {
  Store store;
  CHECK(store.run({"RENAMENX", "nx", "b"}) == err("ERR no such key"));
  CHECK(store.run({"RENAMENX", "nx", "nx"}) == err("ERR no such key"));
  store.run({"SET", "a", "1"});
  store.run({"SET", "c", "3"});
  CHECK(store.run({"RENAMENX", "a", "a"}) == integer(0));
  CHECK(store.run({"RENAMENX", "a", "c"}) == integer(0));
  CHECK(store.run({"GET", "c"}) == bulk("3"));
  CHECK(store.run({"PEXPIRE", "a", "5000"}) == integer(1));
  CHECK(store.run({"RENAMENX", "a", "d"}) == integer(1));
  CHECK(store.run({"EXISTS", "a"}) == integer(0));
  CHECK(store.run({"GET", "d"}) == bulk("1"));
  CHECK(store.run({"PTTL", "d"}) == integer(5000));
  CHECK(store.run({"RENAMENX", "a"}) == arity_error("renamenx"));
}

TEST_CASE("COPY duplicates the value and TTL; REPLACE overwrites") {
  Store store;
  store.run({"SET", "a", "1"});
  CHECK(store.run({"EXPIRE", "a", "100"}) == integer(1));
  CHECK(store.run({"COPY", "a", "b"}) == integer(1));
  CHECK(store.run({"GET", "b"}) == bulk("1"));
  CHECK(store.run({"TTL", "b"}) == integer(100));
  // Independent values.
  store.run({"SET", "a", "changed"});
  CHECK(store.run({"GET", "b"}) == bulk("1"));

  store.run({"SET", "c", "3"});
  CHECK(store.run({"COPY", "a", "c"}) == integer(0));
  CHECK(store.run({"GET", "c"}) == bulk("3"));
  CHECK(store.run({"EXPIRE", "c", "100"}) == integer(1));
  CHECK(store.run({"COPY", "a", "c", "replace"}) == integer(1));
  CHECK(store.run({"GET", "c"}) == bulk("changed"));
  CHECK(store.run({"TTL", "c"}) == integer(-1));  // a's (lack of) TTL, not c's old one
  CHECK(store.run({"COPY", "nx", "c"}) == integer(0));
  CHECK(store.run({"COPY", "nx", "e", "REPLACE"}) == integer(0));
  CHECK(store.run({"EXISTS", "e"}) == integer(0));
  CHECK(store.run({"COPY", "a"}) == arity_error("copy"));
}

TEST_CASE("COPY options: DB 0 only, errors as Redis words them") {
  Store store;
  store.run({"SET", "a", "1"});
  CHECK(store.run({"COPY", "a", "b", "DB", "0"}) == integer(1));
  CHECK(store.run({"COPY", "a", "b", "db", "0", "REPLACE"}) == integer(1));
  CHECK(store.run({"COPY", "a", "b", "REPLACE", "REPLACE", "DB", "0"}) == integer(1));
  CHECK(store.run({"COPY", "a", "c", "DB", "1"}) == err("ERR DB index is out of range"));
  CHECK(store.run({"COPY", "a", "c", "DB", "-1"}) == err("ERR DB index is out of range"));
  CHECK(store.run({"COPY", "a", "c", "DB", "16"}) == err("ERR DB index is out of range"));
  CHECK(store.run({"COPY", "a", "c", "DB", "abc"}) == err(kNotInteger));
  CHECK(store.run({"COPY", "a", "c", "DB", "99999999999"}) ==
        err("ERR value is out of range, value must between -2147483648 and 2147483647"));
  CHECK(store.run({"COPY", "a", "c", "DB"}) == err(kSyntax));
  CHECK(store.run({"COPY", "a", "c", "foo"}) == err(kSyntax));
  CHECK(store.run({"COPY", "a", "c", "REPLACE", "DB"}) == err(kSyntax));
  CHECK(store.run({"COPY", "a", "c", "foo", "DB", "abc"}) == err(kSyntax));  // first error wins
  CHECK(store.run({"COPY", "a", "c", "DB", "x", "foo"}) == err(kNotInteger));
  CHECK(store.run({"COPY", "a", "a"}) == err("ERR source and destination objects are the same"));
  CHECK(store.run({"COPY", "nx", "nx", "DB", "0"}) == err("ERR source and destination objects are the same"));
  CHECK(store.run({"EXISTS", "c"}) == integer(0));
}

// --- KEYS, SCAN, RANDOMKEY, DBSIZE --------------------------------------------------

TEST_CASE("KEYS matches glob patterns") {
  Store store;
  for (auto k : {"hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "other"}) store.run({"SET", k, "1"});
  CHECK(key_set(store.run({"KEYS", "*"})).size() == 7);
  CHECK(key_set(store.run({"KEYS", "h?llo"})) == std::set<std::string>{"hello", "hallo", "hxllo", "h*llo"});
  CHECK(key_set(store.run({"KEYS", "h*llo"})) ==
        std::set<std::string>{"hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo"});
  CHECK(key_set(store.run({"KEYS", "h[ae]llo"})) == std::set<std::string>{"hello", "hallo"});
  CHECK(key_set(store.run({"KEYS", "h[^e]llo"})) == std::set<std::string>{"hallo", "hxllo", "h*llo"});
  CHECK(key_set(store.run({"KEYS", "h[a-b]llo"})) == std::set<std::string>{"hallo"});
  CHECK(key_set(store.run({"KEYS", "h\\*llo"})) == std::set<std::string>{"h*llo"});
  CHECK(store.run({"KEYS", "nomatch*"}) == array({}));
  CHECK(store.run({"KEYS"}) == arity_error("keys"));
  CHECK(store.run({"KEYS", "*", "x"}) == arity_error("keys"));
}

TEST_CASE("expired keys are hidden at once, and DBSIZE counts them until reclaimed, as Redis") {
  Store store;
  for (auto k : {"a", "b", "c"}) {
    store.run({"SET", k, "1"});
    store.run({"PEXPIRE", k, "100"});
  }
  store.run({"SET", "d", "1"});
  store.clock.advance(100ms);  // at the deadline: all still alive
  CHECK(key_set(store.run({"KEYS", "*"})) == std::set<std::string>{"a", "b", "c", "d"});
  store.clock.advance(1ms);  // due, but no timer ran: nothing reclaimed yet
  CHECK(store.run({"DBSIZE"}) == integer(4));
  CHECK(store.run({"KEYS", "*"}) == bulks({"d"}));
  CHECK(store.run({"DBSIZE"}) == integer(4));  // KEYS hides without reclaiming
  CHECK(store.run({"EXISTS", "a"}) == integer(0));
  CHECK(store.run({"DBSIZE"}) == integer(3));  // a lookup reclaims
  CHECK(store.run({"TYPE", "b"}) == simple("none"));
  CHECK(store.run({"TTL", "b"}) == integer(-2));
  CHECK(store.run({"DBSIZE"}) == integer(2));
  CHECK(scan_step(store, {"SCAN", "0", "COUNT", "100"}).keys == std::vector<std::string>{"d"});
  CHECK(store.run({"DBSIZE"}) == integer(1));  // SCAN reclaims what it passes
}

TEST_CASE("active expiry reclaims keys for DBSIZE") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"PEXPIRE", "a", "100"});
  store.run({"SET", "b", "1"});
  store.advance(1s);
  CHECK(store.run({"DBSIZE"}) == integer(1));
}

TEST_CASE("SCAN iterates every key once when the keyspace does not change") {
  Store store;
  CHECK(store.run({"SCAN", "0"}) == array({bulk("0"), array({})}));
  std::multiset<std::string> expected;
  for (int i = 0; i < 500; ++i) {
    const std::string key = "key:" + std::to_string(i);
    store.run({"SET", key, "v"});
    expected.insert(key);
  }
  CHECK(scan_all(store) == expected);

  // COUNT bounds the work per step: with COUNT 1 there are many steps.
  int steps = 0;
  std::string cursor = "0";
  do {
    Step step = scan_step(store, {"SCAN", cursor, "COUNT", "1"});
    CHECK(step.keys.size() <= 5);
    cursor = step.cursor;
    ++steps;
  } while (cursor != "0");
  CHECK(steps > 100);

  // A COUNT larger than the keyspace returns everything at once.
  Step all = scan_step(store, {"SCAN", "0", "COUNT", "100000"});
  CHECK(all.cursor == "0");
  CHECK(all.keys.size() == 500);
}

TEST_CASE("SCAN MATCH and TYPE filter the returned keys") {
  Store store;
  for (int i = 0; i < 100; ++i) store.run({"SET", (i % 2 ? "odd:" : "even:") + std::to_string(i), "v"});
  const auto odd = scan_all(store, "odd:*");
  CHECK(odd.size() == 50);
  for (const auto& k : odd) CHECK(k.rfind("odd:", 0) == 0);
  CHECK(scan_all(store, "nothing*").empty());

  CHECK(scan_step(store, {"SCAN", "0", "COUNT", "1000", "TYPE", "string"}).keys.size() == 100);
  CHECK(scan_step(store, {"SCAN", "0", "COUNT", "1000", "TYPE", "STRING"}).keys.size() == 100);
  CHECK(scan_step(store, {"SCAN", "0", "COUNT", "1000", "TYPE", "hash"}).keys.empty());
  CHECK(scan_step(store, {"SCAN", "0", "COUNT", "1000", "TYPE", "nosuchtype"}).keys.empty());
  CHECK(scan_step(store, {"SCAN", "0", "type", "string", "match", "even:1*", "count", "1000"}).keys.size() == 5);
}

TEST_CASE("SCAN argument errors") {
  Store store;
  store.run({"SET", "k", "v"});
  CHECK(store.run({"SCAN"}) == arity_error("scan"));
  CHECK(store.run({"SCAN", "x"}) == err("ERR invalid cursor"));
  CHECK(store.run({"SCAN", "0x"}) == err("ERR invalid cursor"));
  CHECK(store.run({"SCAN", "1.5"}) == err("ERR invalid cursor"));
  CHECK(store.run({"SCAN", " 0"}) == err("ERR invalid cursor"));
  CHECK(store.run({"SCAN", "18446744073709551616"}) == err("ERR invalid cursor"));
  CHECK(store.run({"SCAN", "0", "COUNT", "0"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "COUNT", "-1"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "COUNT", "x"}) == err(kNotInteger));
  CHECK(store.run({"SCAN", "0", "COUNT"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "MATCH"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "TYPE"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "foo", "bar"}) == err(kSyntax));
  CHECK(store.run({"SCAN", "0", "COUNT", "0", "COUNT", "x"}) == err(kSyntax));  // first error wins
  // Cursors as strtoul reads them: "" and "00" are 0, "+0" too.
  CHECK(scan_step(store, {"SCAN", ""}).keys == std::vector<std::string>{"k"});
  CHECK(scan_step(store, {"SCAN", "00"}).keys == std::vector<std::string>{"k"});
  CHECK(scan_step(store, {"SCAN", "+0"}).keys == std::vector<std::string>{"k"});
  CHECK(scan_step(store, {"SCAN", std::string("0\0x", 3)}).keys == std::vector<std::string>{"k"});  // a C string
}

TEST_CASE("SCAN returns every original key while inserts rehash the table under it") {
  Store store;
  std::set<std::string> originals;
  for (int i = 0; i < 200; ++i) {
    const std::string key = "orig:" + std::to_string(i);
    store.run({"SET", key, "v"});
    originals.insert(key);
  }
  std::set<std::string> seen;
  std::string cursor = "0";
  int added = 0;
  int steps = 0;
  do {
    Step step = scan_step(store, {"SCAN", cursor, "COUNT", "10"});
    seen.insert(step.keys.begin(), step.keys.end());
    cursor = step.cursor;
    // Grow the table well past each of its rehash thresholds while scanning.
    if (added < 20000) {
      for (int i = 0; i < 1000; ++i) store.run({"SET", "new:" + std::to_string(added++), "v"});
    }
    REQUIRE(++steps < 100000);
  } while (cursor != "0");
  CHECK(added == 20000);
  for (const auto& key : originals) CHECK_MESSAGE(seen.count(key) == 1, key);
}

TEST_CASE("SCAN with deletions during the iteration returns every key that stayed") {
  Store store;
  for (int i = 0; i < 300; ++i) store.run({"SET", "k" + std::to_string(i), "v"});
  std::set<std::string> seen;
  std::string cursor = "0";
  int next_delete = 0;
  do {
    Step step = scan_step(store, {"SCAN", cursor, "COUNT", "7"});
    seen.insert(step.keys.begin(), step.keys.end());
    cursor = step.cursor;
    for (int i = 0; i < 5 && next_delete < 100; ++i) store.run({"DEL", "k" + std::to_string(next_delete++)});
  } while (cursor != "0");
  for (int i = 100; i < 300; ++i) CHECK(seen.count("k" + std::to_string(i)) == 1);
}

TEST_CASE("RANDOMKEY: nil when empty, only live keys, reproducible with a seed") {
  Store store;
  CHECK(store.run({"RANDOMKEY"}) == nil());
  CHECK(store.run({"RANDOMKEY", "x"}) == arity_error("randomkey"));

  std::vector<std::string> names;
  for (int i = 0; i < 50; ++i) names.push_back("key:" + std::to_string(i));
  auto fill = [&](Store& s) {
    for (const auto& k : names) s.run({"SET", k, "v"});
  };
  auto draw = [](Store& s) {
    std::vector<std::string> out;
    for (int i = 0; i < 30; ++i) out.push_back(s.run({"RANDOMKEY"}).string());
    return out;
  };
  Store a(7), b(7);
  fill(a);
  fill(b);
  const auto from_a = draw(a);
  CHECK(from_a == draw(b));
  CHECK(std::set<std::string>(from_a.begin(), from_a.end()).size() > 10);  // not stuck on one key

  // Every key comes up eventually.
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) seen.insert(a.run({"RANDOMKEY"}).string());
  CHECK(seen.size() == 50);

  // Expired keys are never returned, even before they are reclaimed.
  for (const auto& k : names)
    if (k != "key:7") a.run({"PEXPIRE", k, "1"});
  a.clock.advance(2ms);  // 1 ms past their deadline
  for (int i = 0; i < 20; ++i) CHECK(a.run({"RANDOMKEY"}) == bulk("key:7"));
  a.run({"DEL", "key:7"});
  CHECK(a.run({"RANDOMKEY"}) == nil());
  CHECK(a.run({"DBSIZE"}) == integer(0));
}

TEST_CASE("DBSIZE, FLUSHDB and FLUSHALL") {
  Store store;
  CHECK(store.run({"DBSIZE"}) == integer(0));
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "2"});
  store.run({"EXPIRE", "b", "10"});
  CHECK(store.run({"DBSIZE"}) == integer(2));
  CHECK(store.run({"DBSIZE", "x"}) == arity_error("dbsize"));
  CHECK(store.run({"FLUSHDB"}) == ok());
  CHECK(store.run({"DBSIZE"}) == integer(0));
  CHECK(store.run({"TTL", "b"}) == integer(-2));
  store.advance(20s);  // the expiry index was emptied too: nothing left to fire

  for (auto mode : {"SYNC", "async", "Async"}) {
    store.run({"SET", "a", "1"});
    CHECK(store.run({"FLUSHDB", mode}) == ok());
    CHECK(store.run({"DBSIZE"}) == integer(0));
    store.run({"SET", "a", "1"});
    CHECK(store.run({"FLUSHALL", mode}) == ok());
    CHECK(store.run({"DBSIZE"}) == integer(0));
  }
  store.run({"SET", "a", "1"});
  CHECK(store.run({"FLUSHALL"}) == ok());
  CHECK(store.run({"EXISTS", "a"}) == integer(0));
  store.run({"SET", "a", "1"});
  CHECK(store.run({"FLUSHDB", "x"}) == err(kSyntax));
  CHECK(store.run({"FLUSHDB", "sync", "async"}) == err(kSyntax));
  CHECK(store.run({"FLUSHALL", "foo"}) == err(kSyntax));
  CHECK(store.run({"FLUSHALL", "async", "x"}) == err(kSyntax));
  CHECK(store.run({"DBSIZE"}) == integer(1));
}

// --- EXPIRE family, TTL family, PERSIST --------------------------------------------------

TEST_CASE("EXPIRE and PEXPIRE set a TTL that fires on the store clock") {
  Store store;
  CHECK(store.run({"EXPIRE", "nx", "100"}) == integer(0));
  store.run({"SET", "k", "v"});
  CHECK(store.run({"TTL", "k"}) == integer(-1));
  CHECK(store.run({"PTTL", "k"}) == integer(-1));
  CHECK(store.run({"EXPIRE", "k", "100"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(100));
  CHECK(store.run({"PTTL", "k"}) == integer(100000));
  store.advance(40s);
  CHECK(store.run({"TTL", "k"}) == integer(60));
  CHECK(store.run({"PEXPIRE", "k", "100"}) == integer(1));
  store.advance(99ms);
  CHECK(store.run({"PTTL", "k"}) == integer(1));
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  // As Redis (keyIsExpired: now > when): alive at its deadline, gone 1 ms later.
  store.advance(1ms);
  CHECK(store.run({"PTTL", "k"}) == integer(0));
  CHECK(store.run({"TTL", "k"}) == integer(0));
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"TTL", "k"}) == integer(-2));
  CHECK(store.run({"PTTL", "k"}) == integer(-2));
  CHECK(store.run({"EXPIRE", "k"}) == arity_error("expire"));
  CHECK(store.run({"PEXPIRE", "k"}) == arity_error("pexpire"));
}

TEST_CASE("a TTL of zero or less deletes the key and replies 1") {
  Store store;
  for (auto when : {"0", "-1", "-100000"}) {
    store.run({"SET", "k", "v"});
    CHECK(store.run({"EXPIRE", "k", when}) == integer(1));
    CHECK(store.run({"EXISTS", "k"}) == integer(0));
    store.run({"SET", "k", "v"});
    CHECK(store.run({"PEXPIRE", "k", when}) == integer(1));
    CHECK(store.run({"EXISTS", "k"}) == integer(0));
  }
  store.run({"SET", "k", "v"});
  CHECK(store.run({"EXPIREAT", "k", "100"}) == integer(1));
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
  store.run({"SET", "k", "v"});
  CHECK(store.run({"PEXPIREAT", "k", std::to_string(kStartSeconds * 1000)}) == integer(1));  // exactly now
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "-1"}) == integer(0));  // missing key: nothing to delete
}

TEST_CASE("EXPIREAT and PEXPIREAT take Unix times; EXPIRETIME and PEXPIRETIME report them") {
  Store store;
  store.run({"SET", "k", "v"});
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(-1));
  CHECK(store.run({"PEXPIRETIME", "k"}) == integer(-1));
  CHECK(store.run({"EXPIRETIME", "nx"}) == integer(-2));
  CHECK(store.run({"PEXPIRETIME", "nx"}) == integer(-2));
  CHECK(store.run({"EXPIREAT", "k", std::to_string(kStartSeconds + 100)}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(100));
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(kStartSeconds + 100));
  CHECK(store.run({"PEXPIRETIME", "k"}) == integer((kStartSeconds + 100) * 1000));
  CHECK(store.run({"PEXPIREAT", "k", std::to_string(kStartSeconds * 1000 + 1499)}) == integer(1));
  CHECK(store.run({"PTTL", "k"}) == integer(1499));
  CHECK(store.run({"TTL", "k"}) == integer(1));  // rounded to the nearest second
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(kStartSeconds + 1));
  CHECK(store.run({"PEXPIREAT", "k", std::to_string(kStartSeconds * 1000 + 1500)}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(2));
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(kStartSeconds + 2));
  CHECK(store.run({"PEXPIRETIME", "k"}) == integer(kStartSeconds * 1000 + 1500));
  store.advance(1500ms);
  CHECK(store.run({"PEXPIRETIME", "k"}) == integer(kStartSeconds * 1000 + 1500));
  store.advance(1ms);
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(-2));
  CHECK(store.run({"EXPIREAT", "k"}) == arity_error("expireat"));
  CHECK(store.run({"PEXPIREAT", "k"}) == arity_error("pexpireat"));
  CHECK(store.run({"TTL"}) == arity_error("ttl"));
  CHECK(store.run({"PTTL", "a", "b"}) == arity_error("pttl"));
  CHECK(store.run({"EXPIRETIME"}) == arity_error("expiretime"));
  CHECK(store.run({"PEXPIRETIME"}) == arity_error("pexpiretime"));
}

TEST_CASE("EXPIRE NX XX GT LT") {
  Store store;
  store.run({"SET", "k", "v"});
  // No TTL: it counts as infinite.
  CHECK(store.run({"EXPIRE", "k", "100", "XX"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "100", "GT"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "-5", "GT"}) == integer(0));
  CHECK(store.run({"TTL", "k"}) == integer(-1));
  CHECK(store.run({"EXPIRE", "k", "100", "nx"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(100));
  CHECK(store.run({"EXPIRE", "k", "200", "NX"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "100", "GT"}) == integer(0));  // equal is not greater
  CHECK(store.run({"EXPIRE", "k", "200", "Gt"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(200));
  CHECK(store.run({"EXPIRE", "k", "200", "LT"}) == integer(0));  // equal is not less
  CHECK(store.run({"EXPIRE", "k", "300", "lt"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "150", "lT"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(150));
  CHECK(store.run({"EXPIRE", "k", "120", "xx"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(120));
  CHECK(store.run({"EXPIRE", "k", "300", "XX", "GT"}) == integer(1));
  CHECK(store.run({"EXPIRE", "k", "250", "GT", "XX"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "200", "XX", "LT"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(200));
  CHECK(store.run({"PEXPIRE", "k", "200001", "GT"}) == integer(1));
  CHECK(store.run({"PEXPIREAT", "k", std::to_string(kStartSeconds * 1000 + 100000), "LT"}) == integer(1));
  CHECK(store.run({"EXPIREAT", "k", std::to_string(kStartSeconds + 50), "GT"}) == integer(0));
  CHECK(store.run({"TTL", "k"}) == integer(100));

  CHECK(store.run({"PERSIST", "k"}) == integer(1));
  CHECK(store.run({"EXPIRE", "k", "100", "XX", "LT"}) == integer(0));  // XX fails first
  CHECK(store.run({"EXPIRE", "k", "100", "LT"}) == integer(1));        // no TTL: anything is less
  CHECK(store.run({"PERSIST", "k"}) == integer(1));
  CHECK(store.run({"EXPIRE", "k", "-5", "LT"}) == integer(1));  // and a past time deletes
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
  CHECK(store.run({"EXPIRE", "k", "100", "NX"}) == integer(0));  // missing key
}

TEST_CASE("EXPIRE option and argument errors, in Redis's order") {
  Store store;
  store.run({"SET", "k", "v"});
  const std::string nx_conflict = "ERR NX and XX, GT or LT options at the same time are not compatible";
  const std::string gt_lt = "ERR GT and LT options at the same time are not compatible";
  CHECK(store.run({"EXPIRE", "k", "100", "NX", "XX"}) == err(nx_conflict));
  CHECK(store.run({"EXPIRE", "k", "100", "NX", "GT"}) == err(nx_conflict));
  CHECK(store.run({"EXPIRE", "k", "100", "LT", "nx"}) == err(nx_conflict));
  CHECK(store.run({"EXPIRE", "k", "100", "NX", "GT", "LT"}) == err(nx_conflict));
  CHECK(store.run({"EXPIRE", "k", "100", "GT", "LT"}) == err(gt_lt));
  CHECK(store.run({"PEXPIREAT", "k", "100", "lt", "gt"}) == err(gt_lt));
  CHECK(store.run({"EXPIRE", "k", "100", "foo"}) == err("ERR Unsupported option foo"));
  CHECK(store.run({"EXPIRE", "k", "100", "XX", "foo"}) == err("ERR Unsupported option foo"));
  CHECK(store.run({"EXPIRE", "k", "100", std::string("x\0y", 3)}) == err("ERR Unsupported option x"));
  CHECK(store.run({"EXPIRE", "k", "100", "a\nb"}) == err("ERR Unsupported option a b"));
  // Options are checked before the time, on a missing key too.
  CHECK(store.run({"EXPIRE", "k", "abc", "foo"}) == err("ERR Unsupported option foo"));
  CHECK(store.run({"EXPIRE", "k", "abc", "NX", "XX"}) == err(nx_conflict));
  CHECK(store.run({"EXPIRE", "nx", "100", "foo"}) == err("ERR Unsupported option foo"));
  CHECK(store.run({"EXPIRE", "k", "abc"}) == err(kNotInteger));
  CHECK(store.run({"EXPIRE", "nx", "abc"}) == err(kNotInteger));
  CHECK(store.run({"EXPIRE", "k", "1.5"}) == err(kNotInteger));
  CHECK(store.run({"EXPIRE", "k", ""}) == err(kNotInteger));
  CHECK(store.run({"TTL", "k"}) == integer(-1));
}

TEST_CASE("EXPIRE overflow is an invalid expire time, named after the command") {
  Store store;
  store.run({"SET", "k", "v"});
  CHECK(store.run({"EXPIRE", "k", "9223372036854776"}) == err("ERR invalid expire time in 'expire' command"));
  // Fits after *1000, overflows when now is added.
  CHECK(store.run({"EXPIRE", "k", "9223372036854775"}) == err("ERR invalid expire time in 'expire' command"));
  CHECK(store.run({"EXPIRE", "k", "-9223372036854776"}) == err("ERR invalid expire time in 'expire' command"));
  CHECK(store.run({"PEXPIRE", "k", "9223372036854775807"}) == err("ERR invalid expire time in 'pexpire' command"));
  CHECK(store.run({"EXPIREAT", "k", "9223372036854776"}) == err("ERR invalid expire time in 'expireat' command"));
  CHECK(store.run({"EXPIRE", "nx", "9223372036854776"}) == err("ERR invalid expire time in 'expire' command"));
  CHECK(store.run({"EXPIRE", "k", "99999999999999999999"}) == err(kNotInteger));
  CHECK(store.run({"TTL", "k"}) == integer(-1));

  CHECK(store.run({"EXPIREAT", "k", "9223372036854775"}) == integer(1));
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(9223372036854775));
  CHECK(store.run({"PEXPIREAT", "k", "9223372036854775807"}) == integer(1));
  CHECK(store.run({"PEXPIRETIME", "k"}) == integer(9223372036854775807));
  CHECK(store.run({"EXPIRETIME", "k"}) == integer(9223372036854776));  // rounded without overflow
  CHECK(store.run({"PTTL", "k"}) == integer(9223372036854775807 - kStartSeconds * 1000));

  CHECK(store.run({"EXPIRE", "k", "-9223372036854775"}) == integer(1));
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
  store.run({"SET", "k", "v"});
  CHECK(store.run({"PEXPIRE", "k", "-9223372036854775808"}) == integer(1));
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
}

TEST_CASE("a TTL survives value-preserving commands and goes with SET") {
  Store store;
  store.run({"SET", "k", "v"});
  store.run({"EXPIRE", "k", "100"});
  store.run({"SET", "k", "w"});
  CHECK(store.run({"TTL", "k"}) == integer(-1));
}

TEST_CASE("PERSIST removes a TTL") {
  Store store;
  CHECK(store.run({"PERSIST", "nx"}) == integer(0));
  store.run({"SET", "k", "v"});
  CHECK(store.run({"PERSIST", "k"}) == integer(0));
  store.run({"PEXPIRE", "k", "100"});
  CHECK(store.run({"PERSIST", "k"}) == integer(1));
  CHECK(store.run({"TTL", "k"}) == integer(-1));
  store.advance(1s);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.run({"PEXPIRE", "k", "100"});
  store.clock.advance(100ms);
  CHECK(store.run({"PTTL", "k"}) == integer(0));
  store.clock.advance(1ms);
  CHECK(store.run({"PERSIST", "k"}) == integer(0));  // already expired: gone
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
  CHECK(store.run({"PERSIST"}) == arity_error("persist"));
  CHECK(store.run({"PERSIST", "a", "b"}) == arity_error("persist"));
}

// --- OBJECT -------------------------------------------------------------------------

TEST_CASE("OBJECT ENCODING and REFCOUNT") {
  Store store;
  store.run({"SET", "int", "12345"});
  store.run({"SET", "neg", "-1"});
  store.run({"SET", "small", "9999"});
  store.run({"SET", "zero", "0"});
  store.run({"SET", "big", "10000"});
  store.run({"SET", "str", "hello"});
  store.run({"SET", "empty", ""});
  store.run({"SET", "nonint", "007"});
  store.run({"SET", "huge", "12345678901234567890"});
  store.run({"SET", "s44", std::string(44, 'a')});
  store.run({"SET", "s45", std::string(45, 'a')});
  CHECK(store.run({"OBJECT", "ENCODING", "int"}) == bulk("int"));
  CHECK(store.run({"OBJECT", "encoding", "neg"}) == bulk("int"));
  CHECK(store.run({"OBJECT", "ENCODING", "str"}) == bulk("embstr"));
  CHECK(store.run({"OBJECT", "ENCODING", "empty"}) == bulk("embstr"));
  CHECK(store.run({"OBJECT", "ENCODING", "nonint"}) == bulk("embstr"));
  CHECK(store.run({"OBJECT", "ENCODING", "huge"}) == bulk("embstr"));
  CHECK(store.run({"OBJECT", "ENCODING", "s44"}) == bulk("embstr"));
  CHECK(store.run({"OBJECT", "ENCODING", "s45"}) == bulk("raw"));
  CHECK(store.run({"OBJECT", "ENCODING", "nx"}) == nil());

  // Redis shares the integers 0..9999.
  CHECK(store.run({"OBJECT", "REFCOUNT", "small"}) == integer(2147483647));
  CHECK(store.run({"OBJECT", "REFCOUNT", "zero"}) == integer(2147483647));
  CHECK(store.run({"OBJECT", "REFCOUNT", "big"}) == integer(1));
  CHECK(store.run({"OBJECT", "REFCOUNT", "neg"}) == integer(1));
  CHECK(store.run({"OBJECT", "REFCOUNT", "str"}) == integer(1));
  CHECK(store.run({"OBJECT", "REFCOUNT", "nx"}) == nil());
  store.run({"EXPIRE", "small", "100"});
  CHECK(store.run({"OBJECT", "REFCOUNT", "small"}) == integer(2147483647));
  CHECK(store.run({"RENAME", "small", "moved"}) == ok());
  CHECK(store.run({"OBJECT", "REFCOUNT", "moved"}) == integer(2147483647));
}

TEST_CASE("OBJECT IDLETIME follows the store clock; only real accesses reset it") {
  Store store;
  store.run({"SET", "k", "v"});
  store.run({"SET", "j", "v"});
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(0));
  store.advance(10s);
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(10));
  // Neither OBJECT itself nor the NOTOUCH lookups count as an access.
  for (auto cmd : {"EXISTS", "TYPE", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) store.run({cmd, "k"});
  store.run({"OBJECT", "ENCODING", "k"});
  store.run({"KEYS", "*"});
  store.run({"SCAN", "0", "TYPE", "string"});
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(10));
  store.advance(2500ms);
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(12));

  CHECK(store.run({"TOUCH", "k"}) == integer(1));
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(0));
  CHECK(store.run({"OBJECT", "IDLETIME", "j"}) == integer(12));
  CHECK(store.run({"GET", "j"}) == bulk("v"));
  CHECK(store.run({"OBJECT", "IDLETIME", "j"}) == integer(0));

  store.advance(5s);
  CHECK(store.run({"EXPIRE", "k", "100"}) == integer(1));  // a write lookup is an access
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(0));
  CHECK(store.run({"COPY", "j", "j2"}) == integer(1));  // so is COPY's read of its source
  CHECK(store.run({"OBJECT", "IDLETIME", "j"}) == integer(0));
  CHECK(store.run({"OBJECT", "IDLETIME", "j2"}) == integer(0));
  CHECK(store.run({"OBJECT", "IDLETIME", "nx"}) == nil());
}

TEST_CASE("OBJECT FREQ, HELP and errors") {
  Store store;
  store.run({"SET", "k", "v"});
  CHECK(store.run({"OBJECT", "FREQ", "k"}) ==
        err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
            "switching between policies at runtime LRU and LFU data will take some time to adjust."));
  CHECK(store.run({"OBJECT", "FREQ", "nx"}) == nil());
  // An LFU policy, under which Redis would count accesses, cannot be chosen yet.
  CHECK(store.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"}).is_error());
  CHECK(store.run({"OBJECT", "IDLETIME", "k"}) == integer(0));
  const Value help = store.run({"OBJECT", "HELP"});
  REQUIRE(help.size() == 15);
  CHECK(help[0] == simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  CHECK(help[1] == simple("ENCODING <key>"));
  CHECK(help[2] == simple("    Return the kind of internal representation used in order to store the value"));
  CHECK(help[10] == simple("REFCOUNT <key>"));
  CHECK(help[13] == simple("HELP"));
  CHECK(help[14] == simple("    Prints this help."));
  CHECK(store.run({"object", "help"}) == help);
  CHECK(store.run({"OBJECT"}) == arity_error("object"));
  CHECK(store.run({"OBJECT", "foo", "k"}) == err("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
  CHECK(store.run({"OBJECT", "ENCODING"}) == arity_error("object|encoding"));
  CHECK(store.run({"OBJECT", "ENCODING", "k", "x"}) == arity_error("object|encoding"));
  CHECK(store.run({"OBJECT", "HELP", "x"}) == arity_error("object|help"));
  CHECK(store.run({"OBJECT", "IDLETIME"}) == arity_error("object|idletime"));
  CHECK(store.run({"OBJECT", "REFCOUNT"}) == arity_error("object|refcount"));
  CHECK(store.run({"OBJECT", "FREQ"}) == arity_error("object|freq"));
}

// --- keyspace hits and misses ------------------------------------------------------------

TEST_CASE("keyspace hits and misses are counted as Redis counts them") {
  RawStore s;
  s.run({"SET", "k", "v"});
  const HitsMisses start = s.hits_misses();
  CHECK(start == HitsMisses{0, 0});
  s.run({"EXISTS", "k", "nx"});
  CHECK(s.hits_misses() == HitsMisses{1, 1});
  s.run({"TYPE", "k"});
  s.run({"TYPE", "nx"});
  CHECK(s.hits_misses() == HitsMisses{2, 2});
  s.run({"TTL", "k"});
  s.run({"PTTL", "nx"});
  s.run({"EXPIRETIME", "k"});
  CHECK(s.hits_misses() == HitsMisses{4, 3});
  s.run({"OBJECT", "ENCODING", "k"});
  s.run({"OBJECT", "ENCODING", "nx"});
  CHECK(s.hits_misses() == HitsMisses{5, 4});
  s.run({"TOUCH", "k", "nx"});
  CHECK(s.hits_misses() == HitsMisses{6, 5});
  s.run({"COPY", "k", "k2"});
  s.run({"COPY", "nx", "k3"});
  CHECK(s.hits_misses() == HitsMisses{7, 6});
  // Writes, whole-keyspace commands and SCAN without TYPE count nothing.
  s.run({"RENAME", "k2", "k4"});
  s.run({"EXPIRE", "k4", "100"});
  s.run({"PERSIST", "k4"});
  s.run({"SCAN", "0"});
  s.run({"KEYS", "*"});
  s.run({"RANDOMKEY"});
  s.run({"DBSIZE"});
  s.run({"DEL", "k4", "nx"});
  CHECK(s.hits_misses() == HitsMisses{7, 6});
  // SCAN TYPE looks up each candidate.
  s.run({"SET", "k2", "v"});
  s.run({"SCAN", "0", "TYPE", "string"});
  CHECK(s.hits_misses() == HitsMisses{9, 6});
  // An expired key is a miss.
  s.run({"PEXPIRE", "k2", "10"});
  s.clock.advance(10ms);  // at its deadline: still a hit
  s.run({"EXISTS", "k2"});
  CHECK(s.hits_misses() == HitsMisses{10, 6});
  s.clock.advance(1ms);
  s.run({"EXISTS", "k2"});
  CHECK(s.hits_misses() == HitsMisses{10, 7});
}

// --- the typed API ------------------------------------------------------------------

TEST_CASE("typed: DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, COPY") {
  Store store;
  store.run({"SET", "a", "1"});
  store.run({"SET", "b", "2"});
  CHECK(store->exists("a", "b", "a", "nx").get() == 3);
  const std::vector<std::string> names{"a", "b", "nx"};
  CHECK(store->exists(names).get() == 2);
  CHECK(store->exists(std::string("a")).get() == 1);
  CHECK(store->touch("a", "nx").get() == 1);
  CHECK(store->type("a").get() == "string");
  CHECK(store->type("nx").get() == "none");
  CHECK(store->copy("a", "c").get());
  CHECK_FALSE(store->copy("b", "c").get());
  CHECK(store->copy("b", "c", true).get());
  CHECK(store->get("c").get() == "2");
  store->rename("c", "d").get();
  CHECK(store->get("d").get() == "2");
  CHECK_THROWS_AS(store->rename("nx", "e").get(), not_redis::Error);
  CHECK_FALSE(store->renamenx("a", "b").get());
  CHECK(store->renamenx("a", "e").get());
  CHECK(store->unlink("e", "nx").get() == 1);
  CHECK(store->del(std::vector<std::string>{"b", "d"}).get() == 2);
  CHECK(store->dbsize().get() == 0);
}

TEST_CASE("typed: KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL") {
  Store store;
  CHECK_FALSE(store->randomkey().get().has_value());
  for (int i = 0; i < 30; ++i) store.run({"SET", "user:" + std::to_string(i), "v"});
  store.run({"SET", "other", "v"});
  CHECK(store->keys("other").get() == std::vector<std::string>{"other"});
  CHECK(store->keys("user:*").get().size() == 30);
  CHECK(store->randomkey().get().has_value());
  CHECK(store->dbsize().get() == 31);

  std::multiset<std::string> seen;
  std::uint64_t cursor = 0;
  int steps = 0;
  do {
    not_redis::ScanPage page = store->scan(cursor, {.match = "user:*", .count = 5}).get();
    seen.insert(page.keys.begin(), page.keys.end());
    cursor = page.cursor;
    ++steps;
  } while (cursor != 0);
  CHECK(seen.size() == 30);
  CHECK(steps > 1);
  CHECK(store->scan(0, {.count = 1000, .type = "string"}).get().keys.size() == 31);
  CHECK(store->scan(0, {.count = 1000, .type = "list"}).get().keys.empty());
  CHECK_THROWS_AS(store->scan(0, {.count = 0}).get(), not_redis::Error);

  store->flushdb().get();
  CHECK(store->dbsize().get() == 0);
  store.run({"SET", "k", "v"});
  store->flushall().get();
  CHECK(store->dbsize().get() == 0);
}

TEST_CASE("typed: EXPIRE family, TTL and EXPIRETIME results, PERSIST") {
  using not_redis::ExpireCondition;
  using not_redis::Ttl;
  using not_redis::TtlState;
  Store store;
  CHECK(store->ttl("k").get().state() == TtlState::no_key);
  CHECK_FALSE(store->pttl("k").get().exists());
  CHECK_FALSE(store->expire("k", 10s).get());
  store.run({"SET", "k", "v"});
  CHECK(store->pttl("k").get() == Ttl::no_expiry());
  CHECK(store->pttl("k").get().exists());
  CHECK_FALSE(store->pttl("k").get().expiring());
  CHECK_FALSE(store->pexpiretime("k").get().at().has_value());
  CHECK(store->pexpiretime("k").get().state() == TtlState::no_expiry);
  CHECK(store->expiretime("nx").get().state() == TtlState::no_key);

  CHECK(store->expire("k", 100s).get());
  CHECK(store->ttl("k").get().remaining() == 100s);
  CHECK(store->pttl("k").get() == Ttl::in(100s));
  const Ttl converted = store->ttl("k").get();  // seconds convert to milliseconds
  CHECK(converted.remaining() == 100000ms);
  CHECK_FALSE(store->expire("k", 50s, ExpireCondition::if_greater).get());
  CHECK(store->expire("k", 50s, ExpireCondition::if_less).get());
  CHECK_FALSE(store->expire("k", 70s, ExpireCondition::if_no_ttl).get());
  CHECK(store->pexpire("k", 1500ms, ExpireCondition::if_has_ttl).get());
  CHECK(store->pttl("k").get().remaining() == 1500ms);
  CHECK(store->ttl("k").get().remaining() == 2s);

  const std::chrono::sys_seconds start{std::chrono::seconds(kStartSeconds)};
  CHECK(store->expireat("k", start + 60s).get());
  CHECK(store->expiretime("k").get().at() == start + 60s);
  CHECK(store->pexpiretime("k").get().at() == start + 60s);
  CHECK(store->pexpireat("k", start + 61500ms).get());
  CHECK(store->pexpiretime("k").get().at() == start + 61500ms);
  const not_redis::ExpireTime rounded = store->expiretime("k").get();
  CHECK(rounded.at() == start + 62s);
  CHECK_FALSE(store->expireat("k", start + 10s, ExpireCondition::if_greater).get());
  CHECK(store->pexpireat("k", std::chrono::system_clock::time_point(start + 30s)).get());
  CHECK(store->ttl("k").get().remaining() == 30s);

  CHECK(store->persist("k").get());
  CHECK_FALSE(store->persist("k").get());
  CHECK(store->expire("k", -1s).get());  // deletes
  CHECK(store->exists("k").get() == 0);
}

TEST_CASE("typed: OBJECT ENCODING and IDLETIME") {
  Store store;
  store.run({"SET", "n", "42"});
  store.run({"SET", "s", "text"});
  CHECK(store->object_encoding("n").get() == "int");
  CHECK(store->object_encoding("s").get() == "embstr");
  CHECK_FALSE(store->object_encoding("nx").get().has_value());
  store.advance(3s);
  CHECK(store->object_idletime("s").get() == 3);
  CHECK_FALSE(store->object_idletime("nx").get().has_value());
}
