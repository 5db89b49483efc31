// The set family, command by command, as redis-cli would show it.
// Every expected reply was checked against redis-server 7.0 (RESP3 types
// with HELLO 3: SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a count reply
// sets; SRANDMEMBER with a count, SMISMEMBER and SSCAN reply arrays).
// Where Redis leaves the order unspecified the members are compared sorted;
// intset-encoded sets are ascending, as in Redis.

#include <algorithm>
#include <climits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Error;

namespace {

const std::string kNotPositive = "ERR value is out of range, must be positive";
const std::string kCountRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
const std::string kNumkeys = "ERR numkeys should be greater than 0";
const std::string kTooManyKeys = "ERR Number of keys can't be greater than number of args";
const std::string kLimitNegative = "ERR LIMIT can't be negative";
const std::string kInvalidCursor = "ERR invalid cursor";

using Strings = std::vector<std::string>;

/// A RESP3 set reply of bulk strings, in this order.
Value set_reply(std::initializer_list<std::string_view> members) {
  Value::Array a;
  for (auto m : members) a.push_back(Value::bulk(m));
  return Value::set(std::move(a));
}

/// The strings of an aggregate reply, sorted (for replies in no set order).
Strings sorted(const Value& v) {
  Strings out;
  for (const Value& e : v.elements()) out.push_back(e.string());
  std::sort(out.begin(), out.end());
  return out;
}

Strings strs(std::initializer_list<std::string_view> list) { return Strings(list.begin(), list.end()); }

std::string encoding(Store& store, std::string_view key) { return store.run({"OBJECT", "ENCODING", key}).string(); }

/// Adds the integers [from, to] to `key` with one SADD.
void add_range(Store& store, std::string_view key, int from, int to) {
  not_redis::Argv argv{"SADD", key};
  for (int i = from; i <= to; ++i) argv.push_integer(i);
  store->execute(std::move(argv)).get();
}

/// Every member SSCAN returns for `key` over a full iteration with `count`,
/// duplicates included.
Strings scan_all(Store& store, std::string_view key, std::string_view count = "10") {
  Strings out;
  std::string cursor = "0";
  do {
    const Value page = store.run({"SSCAN", key, cursor, "COUNT", count});
    cursor = page[0].string();
    for (const Value& m : page[1].elements()) out.push_back(m.string());
  } while (cursor != "0");
  return out;
}


} // namespace

// --- SADD, SMEMBERS, SCARD -----------------------------------------------------------

TEST_CASE("SADD counts new members and SMEMBERS lists them") {
  Store store;
  CHECK(store.run({"SMEMBERS", "s"}) == Value::set());
  CHECK(store.run({"SADD", "s", "3", "1", "2", "1"}) == integer(3));
  CHECK(store.run({"SADD", "s", "2", "4"}) == integer(1));
  CHECK(store.run({"SMEMBERS", "s"}) == set_reply({"1", "2", "3", "4"}));  // an intset is sorted
  CHECK(store.run({"SCARD", "s"}) == integer(4));
  CHECK(store.run({"TYPE", "s"}) == simple("set"));

  CHECK(store.run({"SADD", "w", "b", "a", "c", "a"}) == integer(3));
  CHECK(sorted(store.run({"SMEMBERS", "w"})) == strs({"a", "b", "c"}));
  CHECK(store.run({"SMEMBERS", "w"}).type() == Value::Type::set);
  CHECK(store.run({"SCARD", "w"}) == integer(3));
  CHECK(store.run({"SCARD", "missing"}) == integer(0));
}

TEST_CASE("set members are binary safe, short or long") {
  Store store;
  const std::string nul("a\0b", 3);
  const std::string nul2("a\0c", 3);
  const std::string long_member(100, 'x');
  const std::string long_nul = std::string(30, 'y') + std::string(1, '\0') + "z";
  const std::string key("k\0ey", 4);
  CHECK(store.run({"SADD", key, nul, nul2, "", long_member, long_nul}) == integer(5));
  CHECK(store.run({"SADD", key, nul, long_member, std::string(100, 'x')}) == integer(0));
  CHECK(store.run({"SISMEMBER", key, "a"}) == integer(0));
  CHECK(store.run({"SISMEMBER", key, nul}) == integer(1));
  CHECK(store.run({"SISMEMBER", key, ""}) == integer(1));
  CHECK(store.run({"SISMEMBER", key, long_nul}) == integer(1));
  CHECK(store.run({"SISMEMBER", key, std::string(99, 'x')}) == integer(0));
  Strings expected{nul, nul2, "", long_member, long_nul};
  std::sort(expected.begin(), expected.end());
  CHECK(sorted(store.run({"SMEMBERS", key})) == expected);
  CHECK(store.run({"SREM", key, nul, long_member}) == integer(2));
  CHECK(store.run({"SCARD", key}) == integer(3));
  CHECK(store.run({"SMEMBERS", "k"}) == Value::set());
}

TEST_CASE("set commands reply WRONGTYPE on another type") {
  Store store;
  store.run({"SET", "str", "v"});
  for (auto argv : std::vector<std::vector<std::string_view>>{
           {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "a"},
           {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "0"},
           {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SSCAN", "str", "0"},
           {"SINTER", "str"}, {"SUNION", "str"}, {"SDIFF", "str"}, {"SINTERCARD", "1", "str"}}) {
    not_redis::Argv a;
    for (auto s : argv) a.push_back(s);
    CAPTURE(argv[0]);
    CHECK(store->execute(std::move(a)).get() == err(kWrongType));
  }
  CHECK(store.run({"GET", "str"}) == bulk("v"));
}

TEST_CASE("set commands check their arity") {
  Store store;
  CHECK(store.run({"SADD", "s"}) == arity_error("sadd"));
  CHECK(store.run({"SREM", "s"}) == arity_error("srem"));
  CHECK(store.run({"SMEMBERS"}) == arity_error("smembers"));
  CHECK(store.run({"SMEMBERS", "a", "b"}) == arity_error("smembers"));
  CHECK(store.run({"SISMEMBER", "s"}) == arity_error("sismember"));
  CHECK(store.run({"SISMEMBER", "s", "a", "b"}) == arity_error("sismember"));
  CHECK(store.run({"SMISMEMBER", "s"}) == arity_error("smismember"));
  CHECK(store.run({"SCARD"}) == arity_error("scard"));
  CHECK(store.run({"SPOP"}) == arity_error("spop"));
  CHECK(store.run({"SRANDMEMBER"}) == arity_error("srandmember"));
  CHECK(store.run({"SMOVE", "a", "b"}) == arity_error("smove"));
  CHECK(store.run({"SMOVE", "a", "b", "c", "d"}) == arity_error("smove"));
  CHECK(store.run({"SINTER"}) == arity_error("sinter"));
  CHECK(store.run({"SINTERCARD", "1"}) == arity_error("sintercard"));
  CHECK(store.run({"SINTERSTORE", "d"}) == arity_error("sinterstore"));
  CHECK(store.run({"SUNION"}) == arity_error("sunion"));
  CHECK(store.run({"SUNIONSTORE", "d"}) == arity_error("sunionstore"));
  CHECK(store.run({"SDIFF"}) == arity_error("sdiff"));
  CHECK(store.run({"SDIFFSTORE", "d"}) == arity_error("sdiffstore"));
  CHECK(store.run({"SSCAN", "s"}) == arity_error("sscan"));
}

// --- encodings ------------------------------------------------------------------------

TEST_CASE("a set of integers is an intset until a non-integer arrives") {
  Store store;
  store.run({"SADD", "s", "1", "2"});
  CHECK(encoding(store, "s") == "intset");
  store.run({"SADD", "s", "x"});
  CHECK(encoding(store, "s") == "hashtable");
  store.run({"SREM", "s", "x"});
  CHECK(encoding(store, "s") == "hashtable");  // never converts back
  CHECK(sorted(store.run({"SMEMBERS", "s"})) == strs({"1", "2"}));

  // Only canonical 64-bit integers (Redis's string2ll) count.
  store.run({"SADD", "a", "007"});
  CHECK(encoding(store, "a") == "hashtable");
  store.run({"SADD", "b", "-0"});
  CHECK(encoding(store, "b") == "hashtable");
  store.run({"SADD", "c", " 1"});
  CHECK(encoding(store, "c") == "hashtable");
  store.run({"SADD", "d", "9223372036854775807", "-9223372036854775808"});
  CHECK(encoding(store, "d") == "intset");
  CHECK(store.run({"SMEMBERS", "d"}) == set_reply({"-9223372036854775808", "9223372036854775807"}));
  store.run({"SADD", "e", "9223372036854775808"});
  CHECK(encoding(store, "e") == "hashtable");
  // The first member decides; a later non-integer converts.
  store.run({"SADD", "f", "x", "1"});
  CHECK(encoding(store, "f") == "hashtable");
  store.run({"SADD", "g", "1", "x"});
  CHECK(encoding(store, "g") == "hashtable");
}

TEST_CASE("an intset holds at most 512 members") {
  Store store;
  add_range(store, "s", 1, 512);
  CHECK(encoding(store, "s") == "intset");
  CHECK(store.run({"SADD", "s", "512"}) == integer(0));
  CHECK(encoding(store, "s") == "intset");
  CHECK(store.run({"SADD", "s", "513"}) == integer(1));
  CHECK(encoding(store, "s") == "hashtable");
  CHECK(store.run({"SCARD", "s"}) == integer(513));
  store.run({"SREM", "s", "513"});
  CHECK(encoding(store, "s") == "hashtable");
  CHECK(store.run({"SISMEMBER", "s", "1"}) == integer(1));
  CHECK(store.run({"SISMEMBER", "s", "512"}) == integer(1));
  CHECK(store.run({"SISMEMBER", "s", "513"}) == integer(0));
  // One SADD past the limit converts as well.
  add_range(store, "t", 1, 600);
  CHECK(encoding(store, "t") == "hashtable");
  CHECK(store.run({"SCARD", "t"}) == integer(600));
}

TEST_CASE("store results, SMOVE destinations and copies get Redis's encodings") {
  Store store;
  store.run({"SADD", "h", "x", "1", "2", "3"});
  store.run({"SADD", "i", "1", "2", "3"});
  CHECK(store.run({"SINTERSTORE", "d1", "h", "i"}) == integer(3));
  CHECK(encoding(store, "d1") == "intset");  // results start as an intset
  CHECK(store.run({"SUNIONSTORE", "d2", "h"}) == integer(4));
  CHECK(encoding(store, "d2") == "hashtable");
  CHECK(store.run({"SDIFFSTORE", "d3", "h", "i"}) == integer(1));
  CHECK(encoding(store, "d3") == "hashtable");
  add_range(store, "big", 1, 600);
  CHECK(store.run({"SINTERSTORE", "d4", "big", "big"}) == integer(600));
  CHECK(encoding(store, "d4") == "hashtable");
  // SMOVE creates the destination from the moved member.
  CHECK(store.run({"SMOVE", "h", "m1", "2"}) == integer(1));
  CHECK(encoding(store, "m1") == "intset");
  CHECK(store.run({"SMOVE", "h", "m2", "x"}) == integer(1));
  CHECK(encoding(store, "m2") == "hashtable");
  CHECK(store.run({"COPY", "h", "hcopy"}) == integer(1));
  CHECK(encoding(store, "hcopy") == "hashtable");
  CHECK(sorted(store.run({"SMEMBERS", "hcopy"})) == strs({"1", "3"}));
  CHECK(store.run({"COPY", "i", "icopy"}) == integer(1));
  CHECK(encoding(store, "icopy") == "intset");
  // A copy is independent.
  store.run({"SADD", "icopy", "9"});
  CHECK(store.run({"SCARD", "i"}) == integer(3));
}

// --- SREM, SISMEMBER, SMISMEMBER ---------------------------------------------------------

TEST_CASE("SREM counts removed members and deletes an emptied set") {
  Store store;
  CHECK(store.run({"SREM", "s", "a"}) == integer(0));
  store.run({"SADD", "s", "1", "2", "3"});
  CHECK(store.run({"SREM", "s", "1", "1", "9"}) == integer(1));
  CHECK(store.run({"SREM", "s", "x"}) == integer(0));  // a non-integer is in no intset
  CHECK(store.run({"SREM", "s", "2", "3"}) == integer(2));
  CHECK(store.run({"EXISTS", "s"}) == integer(0));
  store.run({"SADD", "w", "a", "b"});
  CHECK(store.run({"SREM", "w", "a", "b", "c"}) == integer(2));
  CHECK(store.run({"EXISTS", "w"}) == integer(0));
}

TEST_CASE("SISMEMBER and SMISMEMBER") {
  Store store;
  CHECK(store.run({"SISMEMBER", "s", "a"}) == integer(0));
  CHECK(store.run({"SMISMEMBER", "s", "a", "b"}) == array({integer(0), integer(0)}));
  store.run({"SADD", "s", "a", "1"});
  CHECK(store.run({"SISMEMBER", "s", "a"}) == integer(1));
  CHECK(store.run({"SISMEMBER", "s", "A"}) == integer(0));
  CHECK(store.run({"SMISMEMBER", "s", "1", "b", "a", "a"}) ==
        array({integer(1), integer(0), integer(1), integer(1)}));
  store.run({"SADD", "i", "5", "-3"});
  CHECK(store.run({"SMISMEMBER", "i", "5", "05", "-3", "x"}) ==
        array({integer(1), integer(0), integer(1), integer(0)}));
}

// --- SPOP ----------------------------------------------------------------------------------

TEST_CASE("SPOP removes and returns a random member") {
  Store store;
  CHECK(store.run({"SPOP", "s"}) == nil());
  store.run({"SADD", "s", "a", "b", "1"});
  std::set<std::string> popped;
  for (int i = 0; i < 3; ++i) {
    const Value v = store.run({"SPOP", "s"});
    REQUIRE(v.type() == Value::Type::bulk_string);
    popped.insert(v.string());
    CHECK(store.run({"SISMEMBER", "s", v.string()}) == integer(0));
  }
  CHECK(popped == std::set<std::string>{"a", "b", "1"});
  CHECK(store.run({"EXISTS", "s"}) == integer(0));
  CHECK(store.run({"SPOP", "s"}) == nil());
  CHECK(store.run({"SPOP", "s", "1", "2"}) == err(kSyntax));
}

TEST_CASE("SPOP with a count") {
  Store store;
  CHECK(store.run({"SPOP", "s", "0"}) == Value::set());
  CHECK(store.run({"SPOP", "s", "3"}) == Value::set());
  CHECK(store.run({"SPOP", "s", "-1"}) == err(kNotPositive));
  CHECK(store.run({"SPOP", "s", "abc"}) == err(kNotPositive));
  CHECK(store.run({"SPOP", "s", "1.5"}) == err(kNotPositive));

  add_range(store, "s", 1, 20);
  CHECK(store.run({"SPOP", "s", "0"}) == Value::set());
  // Few of many: popped one by one.
  Value v = store.run({"SPOP", "s", "3"});
  CHECK(v.type() == Value::Type::set);
  CHECK(v.size() == 3);
  for (const Value& m : v.elements()) CHECK(store.run({"SISMEMBER", "s", m.string()}) == integer(0));
  CHECK(store.run({"SCARD", "s"}) == integer(17));
  // Everything: the whole set, and the key is gone.
  v = store.run({"SPOP", "s", "9223372036854775807"});
  CHECK(v.size() == 17);
  CHECK(store.run({"EXISTS", "s"}) == integer(0));
}

TEST_CASE("SPOP of nearly all members keeps the rest in a new set, as Redis does") {
  Store store;
  // {1..10, x} minus 10 members: the one left decides the new encoding.
  for (int round = 0; round < 8; ++round) {
    store.run({"DEL", "s"});
    add_range(store, "s", 1, 10);
    store.run({"SADD", "s", "x"});
    store.run({"EXPIRE", "s", "100"});
    CHECK(encoding(store, "s") == "hashtable");
    const Value popped = store.run({"SPOP", "s", "10"});
    REQUIRE(popped.size() == 10);
    const Value left = store.run({"SMEMBERS", "s"});
    REQUIRE(left.size() == 1);
    CHECK(encoding(store, "s") == (left[0].string() == "x" ? "hashtable" : "intset"));
    CHECK(store.run({"TTL", "s"}) == integer(100));
    Strings all = sorted(popped);
    all.push_back(left[0].string());
    std::sort(all.begin(), all.end());
    CHECK(all == strs({"1", "10", "2", "3", "4", "5", "6", "7", "8", "9", "x"}));
  }
  // An intset stays one.
  add_range(store, "i", 1, 100);
  CHECK(store.run({"SPOP", "i", "90"}).size() == 90);
  CHECK(store.run({"SCARD", "i"}) == integer(10));
  CHECK(encoding(store, "i") == "intset");
}

// --- SRANDMEMBER -------------------------------------------------------------------------

TEST_CASE("SRANDMEMBER without a count") {
  Store store;
  CHECK(store.run({"SRANDMEMBER", "s"}) == nil());
  store.run({"SADD", "s", "a", "b", "c"});
  for (int i = 0; i < 10; ++i) {
    const Value v = store.run({"SRANDMEMBER", "s"});
    CHECK(store.run({"SISMEMBER", "s", v.string()}) == integer(1));
  }
  CHECK(store.run({"SCARD", "s"}) == integer(3));
  CHECK(store.run({"SRANDMEMBER", "s", "1", "2"}) == err(kSyntax));
}

TEST_CASE("SRANDMEMBER with a count") {
  Store store;
  CHECK(store.run({"SRANDMEMBER", "s", "2"}) == array({}));
  CHECK(store.run({"SRANDMEMBER", "s", "-2"}) == array({}));
  CHECK(store.run({"SRANDMEMBER", "s", "abc"}) == err(kNotInteger));
  CHECK(store.run({"SRANDMEMBER", "s", "-9223372036854775808"}) == err(kCountRange));
  store.run({"SADD", "s", "1", "2", "3"});
  CHECK(store.run({"SRANDMEMBER", "s", "0"}) == array({}));
  CHECK(store.run({"SRANDMEMBER", "s", "3"}) == bulks({"1", "2", "3"}));
  CHECK(store.run({"SRANDMEMBER", "s", "9223372036854775807"}) == bulks({"1", "2", "3"}));
  const Value two = store.run({"SRANDMEMBER", "s", "2"});
  CHECK(two.type() == Value::Type::array);
  CHECK(two.size() == 2);
  CHECK(two[0] != two[1]);
  // Negative: exactly that many, repeats allowed.
  const Value many = store.run({"SRANDMEMBER", "s", "-100"});
  CHECK(many.type() == Value::Type::array);
  CHECK(many.size() == 100);
  const Strings picks = sorted(many);
  CHECK(std::set<std::string>(picks.begin(), picks.end()) == std::set<std::string>{"1", "2", "3"});
  CHECK(store.run({"SCARD", "s"}) == integer(3));

  // Distinct members from a large set, few or many of them.
  add_range(store, "big", 1, 1000);
  for (const char* count : {"5", "400", "999"}) {
    const Strings got = sorted(store.run({"SRANDMEMBER", "big", count}));
    CHECK(got.size() == std::stoul(count));
    CHECK(std::adjacent_find(got.begin(), got.end()) == got.end());
  }
}

TEST_CASE("SRANDMEMBER and SPOP sample uniformly, also after many removals") {
  Store store;
  // 2000 members, then 1990 removed: a sparse hash table sampled by bucket
  // would favour some members; a dense one does not.
  for (int i = 0; i < 2000; ++i) store.run({"SADD", "s", "m" + std::to_string(i)});
  for (int i = 10; i < 2000; ++i) store.run({"SREM", "s", "m" + std::to_string(i)});
  std::map<std::string, int> seen;
  const Value picks = store.run({"SRANDMEMBER", "s", "-20000"});
  for (const Value& v : picks.elements()) ++seen[v.string()];
  CHECK(seen.size() == 10);
  for (const auto& [member, n] : seen) {
    CAPTURE(member);
    CHECK(n > 1700);  // 2000 expected; 7 standard deviations is ~300
    CHECK(n < 2300);
  }
  std::map<std::string, int> first;
  for (int i = 0; i < 2000; ++i) {
    const Value v = store.run({"SPOP", "s"});
    ++first[v.string()];
    store.run({"SADD", "s", v.string()});
  }
  for (const auto& [member, n] : first) {
    CAPTURE(member);
    CHECK(n > 120);  // 200 expected
    CHECK(n < 280);
  }
}

// --- SMOVE ---------------------------------------------------------------------------------

TEST_CASE("SMOVE moves a member between sets") {
  Store store;
  store.run({"SADD", "s", "a", "b"});
  CHECK(store.run({"SMOVE", "s", "d", "a"}) == integer(1));
  CHECK(store.run({"SMEMBERS", "s"}) == set_reply({"b"}));
  CHECK(store.run({"SMEMBERS", "d"}) == set_reply({"a"}));
  CHECK(store.run({"SMOVE", "s", "d", "zz"}) == integer(0));
  // Already in the destination: still 1, and gone from the source.
  store.run({"SADD", "s", "a"});
  CHECK(store.run({"SMOVE", "s", "d", "a"}) == integer(1));
  CHECK(store.run({"SMEMBERS", "s"}) == set_reply({"b"}));
  CHECK(store.run({"SMEMBERS", "d"}) == set_reply({"a"}));
  // Moving the last member deletes the source.
  CHECK(store.run({"SMOVE", "s", "d", "b"}) == integer(1));
  CHECK(store.run({"EXISTS", "s"}) == integer(0));
  CHECK(sorted(store.run({"SMEMBERS", "d"})) == strs({"a", "b"}));
  CHECK(store.run({"SMOVE", "missing", "d", "a"}) == integer(0));
  // A member joining an intset as a non-integer converts it.
  store.run({"SADD", "i", "1"});
  CHECK(store.run({"SMOVE", "d", "i", "a"}) == integer(1));
  CHECK(encoding(store, "i") == "hashtable");
}

TEST_CASE("SMOVE within one key and with keys of another type") {
  Store store;
  store.run({"SADD", "s", "1", "2", "3"});
  CHECK(store.run({"SMOVE", "s", "s", "1"}) == integer(1));
  CHECK(store.run({"SMOVE", "s", "s", "9"}) == integer(0));
  CHECK(store.run({"SCARD", "s"}) == integer(3));
  store.run({"SET", "str", "x"});
  CHECK(store.run({"SMOVE", "missing", "str", "a"}) == integer(0));  // no source: 0 before any type check
  CHECK(store.run({"SMOVE", "s", "str", "1"}) == err(kWrongType));
  CHECK(store.run({"SMOVE", "str", "s", "1"}) == err(kWrongType));
  CHECK(store.run({"SMOVE", "str", "missing", "1"}) == err(kWrongType));
  CHECK(store.run({"SCARD", "s"}) == integer(3));
  CHECK(store.run({"GET", "str"}) == bulk("x"));
}

// --- SINTER, SINTERCARD, SINTERSTORE ----------------------------------------------------------

TEST_CASE("SINTER") {
  Store store;
  store.run({"SADD", "a", "1", "2", "3", "x"});
  store.run({"SADD", "b", "2", "3", "4", "x"});
  store.run({"SADD", "c", "3", "x", "y"});
  CHECK(sorted(store.run({"SINTER", "a", "b"})) == strs({"2", "3", "x"}));
  CHECK(sorted(store.run({"SINTER", "a", "b", "c"})) == strs({"3", "x"}));
  CHECK(store.run({"SINTER", "a", "b", "c"}).type() == Value::Type::set);
  CHECK(sorted(store.run({"SINTER", "a", "a"})) == strs({"1", "2", "3", "x"}));
  CHECK(sorted(store.run({"SINTER", "c"})) == strs({"3", "x", "y"}));
  CHECK(store.run({"SINTER", "a", "missing"}) == Value::set());
  CHECK(store.run({"SINTER", "missing"}) == Value::set());
  store.run({"SADD", "i", "3", "1", "7"});
  store.run({"SADD", "j", "7", "1", "3", "8"});
  CHECK(store.run({"SINTER", "i", "j"}) == set_reply({"1", "3", "7"}));
  // Every key is type-checked, even after a missing one.
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SINTER", "missing", "str"}) == err(kWrongType));
  CHECK(store.run({"SINTER", "str", "missing"}) == err(kWrongType));
  CHECK(store.run({"SINTER", "a", "str"}) == err(kWrongType));
}

TEST_CASE("SINTERCARD") {
  Store store;
  store.run({"SADD", "a", "1", "2", "3", "x"});
  store.run({"SADD", "b", "2", "3", "4", "x"});
  CHECK(store.run({"SINTERCARD", "2", "a", "b"}) == integer(3));
  CHECK(store.run({"SINTERCARD", "1", "a"}) == integer(4));
  CHECK(store.run({"SINTERCARD", "2", "a", "b", "LIMIT", "2"}) == integer(2));
  CHECK(store.run({"SINTERCARD", "2", "a", "b", "limit", "0"}) == integer(3));
  CHECK(store.run({"SINTERCARD", "2", "a", "b", "LIMIT", "5"}) == integer(3));
  CHECK(store.run({"SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "0"}) == integer(4));  // the last wins
  CHECK(store.run({"SINTERCARD", "2", "a", "missing"}) == integer(0));
  CHECK(store.run({"SINTERCARD", "1", "missing"}) == integer(0));

  CHECK(store.run({"SINTERCARD", "0", "a"}) == err(kNumkeys));
  CHECK(store.run({"SINTERCARD", "-1", "a"}) == err(kNumkeys));
  CHECK(store.run({"SINTERCARD", "abc", "a"}) == err(kNumkeys));
  CHECK(store.run({"SINTERCARD", "9223372036854775808", "a"}) == err(kNumkeys));
  CHECK(store.run({"SINTERCARD", "3", "a", "b"}) == err(kTooManyKeys));
  CHECK(store.run({"SINTERCARD", "2", "a"}) == err(kTooManyKeys));
  CHECK(store.run({"SINTERCARD", "1", "a", "LIMIT", "-1"}) == err(kLimitNegative));
  CHECK(store.run({"SINTERCARD", "1", "a", "LIMIT", "abc"}) == err(kLimitNegative));
  CHECK(store.run({"SINTERCARD", "1", "a", "LIMIT", "99999999999999999999"}) == err(kLimitNegative));
  CHECK(store.run({"SINTERCARD", "1", "a", "LIMIT"}) == err(kSyntax));
  CHECK(store.run({"SINTERCARD", "1", "a", "b"}) == err(kSyntax));
  CHECK(store.run({"SINTERCARD", "1", "a", "foo", "1"}) == err(kSyntax));
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SINTERCARD", "2", "missing", "str"}) == err(kWrongType));
  CHECK(store.run({"SINTERCARD", "2", "str", "missing"}) == err(kWrongType));
}

TEST_CASE("SINTERSTORE") {
  Store store;
  store.run({"SADD", "a", "1", "2", "3", "x"});
  store.run({"SADD", "b", "2", "3", "4", "x"});
  CHECK(store.run({"SINTERSTORE", "d", "a", "b"}) == integer(3));
  CHECK(sorted(store.run({"SMEMBERS", "d"})) == strs({"2", "3", "x"}));
  // The destination may be a source.
  CHECK(store.run({"SINTERSTORE", "a", "a", "d"}) == integer(3));
  CHECK(sorted(store.run({"SMEMBERS", "a"})) == strs({"2", "3", "x"}));
  // An empty result deletes the destination.
  CHECK(store.run({"SINTERSTORE", "d", "a", "missing"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  // The destination is overwritten whatever its type, and loses its TTL.
  store.run({"SET", "str", "v", "EX", "100"});
  CHECK(store.run({"SINTERSTORE", "str", "a", "b"}) == integer(3));
  CHECK(store.run({"TYPE", "str"}) == simple("set"));
  CHECK(store.run({"TTL", "str"}) == integer(-1));
  store.run({"SET", "str2", "v"});
  CHECK(store.run({"SINTERSTORE", "str2", "a", "missing"}) == integer(0));
  CHECK(store.run({"EXISTS", "str2"}) == integer(0));
  // A source of another type is an error, and nothing is stored.
  store.run({"SET", "s", "v"});
  CHECK(store.run({"SINTERSTORE", "d", "missing", "s"}) == err(kWrongType));
  CHECK(store.run({"SINTERSTORE", "a", "a", "s"}) == err(kWrongType));
  CHECK(store.run({"SCARD", "a"}) == integer(3));
}

// --- SUNION, SDIFF and their stores ----------------------------------------------------------

TEST_CASE("SUNION and SUNIONSTORE") {
  Store store;
  store.run({"SADD", "a", "1", "2"});
  store.run({"SADD", "b", "2", "x"});
  CHECK(sorted(store.run({"SUNION", "a", "b"})) == strs({"1", "2", "x"}));
  CHECK(store.run({"SUNION", "a", "b"}).type() == Value::Type::set);
  CHECK(store.run({"SUNION", "a", "missing"}) == set_reply({"1", "2"}));
  CHECK(store.run({"SUNION", "missing"}) == Value::set());
  CHECK(store.run({"SUNIONSTORE", "d", "a", "b", "missing"}) == integer(3));
  CHECK(sorted(store.run({"SMEMBERS", "d"})) == strs({"1", "2", "x"}));
  CHECK(store.run({"SUNIONSTORE", "d", "missing"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  // Into one of its sources, with a TTL: the result replaces it, TTL gone.
  store.run({"EXPIRE", "a", "100"});
  CHECK(store.run({"SUNIONSTORE", "a", "a", "b"}) == integer(3));
  CHECK(store.run({"TTL", "a"}) == integer(-1));
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SUNION", "a", "str"}) == err(kWrongType));
  CHECK(store.run({"SUNION", "missing", "str"}) == err(kWrongType));
  CHECK(store.run({"SUNIONSTORE", "d", "a", "str"}) == err(kWrongType));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  CHECK(store.run({"SUNIONSTORE", "str", "b"}) == integer(2));
  CHECK(store.run({"TYPE", "str"}) == simple("set"));
}

TEST_CASE("SDIFF and SDIFFSTORE") {
  Store store;
  store.run({"SADD", "a", "1", "2", "3", "x"});
  store.run({"SADD", "b", "2", "x"});
  store.run({"SADD", "c", "3", "9"});
  CHECK(sorted(store.run({"SDIFF", "a", "b"})) == strs({"1", "3"}));
  CHECK(store.run({"SDIFF", "a", "b", "c"}) == set_reply({"1"}));
  CHECK(store.run({"SDIFF", "a", "b"}).type() == Value::Type::set);
  CHECK(sorted(store.run({"SDIFF", "a", "missing"})) == strs({"1", "2", "3", "x"}));
  CHECK(store.run({"SDIFF", "missing", "a"}) == Value::set());
  CHECK(store.run({"SDIFF", "a", "a"}) == Value::set());
  CHECK(store.run({"SDIFF", "c", "b", "c"}) == Value::set());
  CHECK(store.run({"SDIFFSTORE", "d", "a", "b"}) == integer(2));
  CHECK(store.run({"SMEMBERS", "d"}) == set_reply({"1", "3"}));
  CHECK(encoding(store, "d") == "intset");
  CHECK(store.run({"SDIFFSTORE", "d", "a", "a"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  CHECK(store.run({"SDIFFSTORE", "a", "a", "c"}) == integer(3));
  CHECK(sorted(store.run({"SMEMBERS", "a"})) == strs({"1", "2", "x"}));
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SDIFF", "missing", "str"}) == err(kWrongType));
  CHECK(store.run({"SDIFF", "a", "str"}) == err(kWrongType));
  CHECK(store.run({"SDIFFSTORE", "d", "missing", "str"}) == err(kWrongType));
  CHECK(store.run({"SDIFFSTORE", "str", "a", "b"}) == integer(1));
  CHECK(store.run({"SMEMBERS", "str"}) == set_reply({"1"}));
}

TEST_CASE("SDIFF gives the same answer by either of Redis's two algorithms") {
  Store store;
  for (int i = 0; i < 100; ++i) store.run({"SADD", "big", "m" + std::to_string(i)});
  store.run({"SADD", "one", "m1"});
  store.run({"SADD", "two", "m2"});
  store.run({"SADD", "three", "m3", "zz"});
  // Probing: |big| * 2 sets / 2 <= total size.
  CHECK(store.run({"SDIFF", "big", "one"}).size() == 99);
  // Copying then removing: |big| * 4 sets / 2 > total size.
  const Value v = store.run({"SDIFF", "big", "one", "two", "three"});
  CHECK(v.size() == 97);
  const Strings members = sorted(v);
  CHECK(!std::binary_search(members.begin(), members.end(), "m1"));
  CHECK(!std::binary_search(members.begin(), members.end(), "m3"));
  CHECK(std::binary_search(members.begin(), members.end(), "m4"));
  CHECK(store.run({"SDIFFSTORE", "d", "one", "big", "two"}) == integer(0));
}

// --- SSCAN -----------------------------------------------------------------------------------

TEST_CASE("SSCAN of an intset returns everything at once") {
  Store store;
  CHECK(store.run({"SSCAN", "s", "0"}) == array({bulk("0"), array({})}));
  store.run({"SADD", "s", "3", "1", "2", "11"});
  CHECK(store.run({"SSCAN", "s", "0"}) == array({bulk("0"), bulks({"1", "2", "3", "11"})}));
  CHECK(store.run({"SSCAN", "s", "0", "COUNT", "1"}) == array({bulk("0"), bulks({"1", "2", "3", "11"})}));
  CHECK(store.run({"SSCAN", "s", "123"}) == array({bulk("0"), bulks({"1", "2", "3", "11"})}));
  CHECK(store.run({"SSCAN", "s", "-1"}) == array({bulk("0"), bulks({"1", "2", "3", "11"})}));
  CHECK(store.run({"SSCAN", "s", ""}) == array({bulk("0"), bulks({"1", "2", "3", "11"})}));
  CHECK(store.run({"SSCAN", "s", "0", "MATCH", "1*"}) == array({bulk("0"), bulks({"1", "11"})}));
  CHECK(store.run({"SSCAN", "s", "0", "match", "2", "count", "100"}) == array({bulk("0"), bulks({"2"})}));
}

TEST_CASE("SSCAN errors, checked as Redis does: cursor, key, then options") {
  Store store;
  store.run({"SADD", "s", "a", "b"});
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SSCAN", "s", "abc"}) == err(kInvalidCursor));
  CHECK(store.run({"SSCAN", "missing", "abc"}) == err(kInvalidCursor));
  CHECK(store.run({"SSCAN", "str", "abc"}) == err(kInvalidCursor));
  CHECK(store.run({"SSCAN", "s", "18446744073709551616"}) == err(kInvalidCursor));
  CHECK(store.run({"SSCAN", "s", " 1"}) == err(kInvalidCursor));
  CHECK(store.run({"SSCAN", "str", "0"}) == err(kWrongType));
  CHECK(store.run({"SSCAN", "missing", "0", "COUNT", "0"}) == array({bulk("0"), array({})}));
  CHECK(store.run({"SSCAN", "s", "0", "COUNT", "0"}) == err(kSyntax));
  CHECK(store.run({"SSCAN", "s", "0", "COUNT", "-1"}) == err(kSyntax));
  CHECK(store.run({"SSCAN", "s", "0", "COUNT", "abc"}) == err(kNotInteger));
  CHECK(store.run({"SSCAN", "s", "0", "MATCH"}) == err(kSyntax));
  CHECK(store.run({"SSCAN", "s", "0", "TYPE", "string"}) == err(kSyntax));
}

TEST_CASE("SSCAN of a hashtable visits every member exactly once") {
  Store store;
  std::set<std::string> all;
  for (int i = 0; i < 1000; ++i) {
    all.insert("m" + std::to_string(i));
    store.run({"SADD", "s", "m" + std::to_string(i)});
  }
  for (const char* count : {"1", "10", "100", "5000"}) {
    CAPTURE(count);
    const Strings got = scan_all(store, "s", count);
    CHECK(got.size() == all.size());
    CHECK(std::set<std::string>(got.begin(), got.end()) == all);
  }
  // COUNT bounds the work: a step returns about that many.
  const Value page = store.run({"SSCAN", "s", "0", "COUNT", "10"});
  CHECK(page[0].string() != "0");
  CHECK(page[1].size() >= 10);
  CHECK(page[1].size() < 40);
  // MATCH filters what the step found.
  Strings matched;
  std::string cursor = "0";
  do {
    const Value p = store.run({"SSCAN", "s", cursor, "MATCH", "m1?"});
    cursor = p[0].string();
    for (const Value& m : p[1].elements()) matched.push_back(m.string());
  } while (cursor != "0");
  std::sort(matched.begin(), matched.end());
  CHECK(matched == strs({"m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19"}));
}

TEST_CASE("SSCAN returns members present throughout while the set grows and shrinks") {
  Store store;
  // "keep" members stay for the whole iteration; others come and go, enough
  // to grow the table several times and then shrink it again.
  for (int i = 0; i < 300; ++i) store.run({"SADD", "s", "keep" + std::to_string(i)});
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int step = 0;
  do {
    const Value page = store.run({"SSCAN", "s", cursor, "COUNT", "20"});
    cursor = page[0].string();
    for (const Value& m : page[1].elements()) ++seen[m.string()];
    for (int i = 0; i < 200 && step < 10; ++i) store.run({"SADD", "s", "tmp" + std::to_string(step * 200 + i)});
    if (step >= 10)
      for (int i = 0; i < 400; ++i) store.run({"SREM", "s", "tmp" + std::to_string((step - 10) * 400 + i)});
    ++step;
  } while (cursor != "0");
  CHECK(step > 12);
  for (int i = 0; i < 300; ++i) {
    CAPTURE(i);
    CHECK(seen["keep" + std::to_string(i)] == 1);
  }
}

// --- expiry ------------------------------------------------------------------------------------

TEST_CASE("sets expire like any key, and keep their TTL when changed") {
  Store store;
  store.run({"SADD", "s", "a", "b"});
  store.run({"PEXPIRE", "s", "100"});
  CHECK(store.run({"SADD", "s", "c"}) == integer(1));
  CHECK(store.run({"SREM", "s", "a"}) == integer(1));
  CHECK(store.run({"SPOP", "s"}).type() == Value::Type::bulk_string);
  CHECK(store.run({"PTTL", "s"}) == integer(100));
  store.advance(100ms);
  CHECK(store.run({"SCARD", "s"}) == integer(1));  // due, not past: Redis expires after the deadline
  store.advance(1ms);
  CHECK(store.run({"SCARD", "s"}) == integer(0));
  CHECK(store.run({"SMEMBERS", "s"}) == Value::set());
  CHECK(store.run({"SADD", "s", "z"}) == integer(1));
  CHECK(store.run({"TTL", "s"}) == integer(-1));

  // An expired source counts as missing.
  store.run({"SADD", "a", "1", "2"});
  store.run({"SADD", "b", "2"});
  store.run({"PEXPIRE", "b", "10"});
  CHECK(store.run({"SINTER", "a", "b"}) == set_reply({"2"}));
  store.advance(11ms);
  CHECK(store.run({"SINTER", "a", "b"}) == Value::set());
  CHECK(store.run({"SMOVE", "b", "a", "2"}) == integer(0));
  CHECK(store.run({"SUNIONSTORE", "b", "a"}) == integer(2));
  CHECK(store.run({"TTL", "b"}) == integer(-1));
}

// --- typed API -----------------------------------------------------------------------------------

TEST_CASE("typed set commands") {
  Store store;
  auto& c = store.client();
  CHECK(c.sadd("s", "a").get() == 1);
  CHECK(c.sadd("s", "b", std::string("c"), std::string_view("a")).get() == 2);
  CHECK(c.sadd("s", {"d", "e"}).get() == 2);
  const std::vector<std::string> more{"f", "g", "a"};
  CHECK(c.sadd("s", more).get() == 2);
  CHECK(c.scard("s").get() == 7);
  CHECK(c.sismember("s", "a").get());
  CHECK(!c.sismember("s", "zz").get());
  CHECK(c.smismember("s", "a", "zz").get() == std::vector<bool>{true, false});
  CHECK(c.smismember("s", {"zz", "b"}).get() == std::vector<bool>{false, true});
  CHECK(c.smismember("s", more).get() == std::vector<bool>{true, true, true});
  CHECK(c.srem("s", "f", "g").get() == 2);
  CHECK(c.srem("s", {"e"}).get() == 1);
  CHECK(c.srem("s", std::vector<std::string>{"d", "x"}).get() == 1);

  auto members = c.smembers("s").get();
  std::sort(members.begin(), members.end());
  CHECK(members == strs({"a", "b", "c"}));
  CHECK(c.smembers<std::set<std::string>>("s").get() == std::set<std::string>{"a", "b", "c"});
  CHECK(c.smembers<std::unordered_set<std::string>>("s").get().count("b") == 1);
  CHECK(c.smembers("missing").get().empty());

  const std::optional<std::string> random = c.srandmember("s").get();
  REQUIRE(random);
  CHECK(c.sismember("s", *random).get());
  CHECK(!c.srandmember("missing").get());
  CHECK(c.srandmember("s", 2).get().size() == 2);
  CHECK(c.srandmember("s", -5).get().size() == 5);

  c.sadd("t", "1", "2", "3").get();
  const std::optional<std::string> popped = c.spop("t").get();
  REQUIRE(popped);
  CHECK(!c.sismember("t", *popped).get());
  CHECK(c.spop("t", 5).get().size() == 2);
  CHECK(!c.spop("t").get());
  CHECK(c.spop("t", 3).get().empty());

  CHECK(c.smove("s", "u", "a").get());
  CHECK(!c.smove("s", "u", "a").get());
  CHECK(c.smembers("u").get() == strs({"a"}));

  c.sadd("x", "1", "2", "3").get();
  c.sadd("y", "2", "3", "4").get();
  CHECK(c.sinter("x", "y").get() == strs({"2", "3"}));
  CHECK(c.sinter({"x", "y"}).get() == strs({"2", "3"}));
  const std::vector<std::string> keys{"x", "y"};
  CHECK(c.sinter(keys).get() == strs({"2", "3"}));
  CHECK(c.sinter<std::set<std::string>>("x", "y").get() == std::set<std::string>{"2", "3"});
  CHECK(c.sunion("x", "y").get() == strs({"1", "2", "3", "4"}));
  CHECK(c.sunion(keys).get() == strs({"1", "2", "3", "4"}));
  CHECK(c.sunion<std::set<std::string>>({"x", "y"}).get().size() == 4);
  CHECK(c.sdiff("x", "y").get() == strs({"1"}));
  CHECK(c.sdiff(keys).get() == strs({"1"}));
  CHECK(c.sdiff({"y", "x"}).get() == strs({"4"}));
  CHECK(c.sintercard({"x", "y"}).get() == 2);
  CHECK(c.sintercard({"x", "y"}, 1).get() == 1);
  CHECK(c.sintercard(keys).get() == 2);
  CHECK(c.sinterstore("d", "x", "y").get() == 2);
  CHECK(c.sinterstore("d", {"x", "missing"}).get() == 0);
  CHECK(c.sunionstore("d", "x", "y").get() == 4);
  CHECK(c.sunionstore("d", keys).get() == 4);
  CHECK(c.sdiffstore("d", {"x", "y"}).get() == 1);
  CHECK(c.sdiffstore("d", keys).get() == 1);
  CHECK(c.sdiffstore("d", "y", "x").get() == 1);
  CHECK(c.smembers("d").get() == strs({"4"}));

  const not_redis::SetScanPage page = c.sscan("x", 0).get();
  CHECK(page.cursor == 0);
  CHECK(page.members == strs({"1", "2", "3"}));
  CHECK(c.sscan("x", 0, {.match = "2"}).get().members == strs({"2"}));
  std::set<std::string> scanned;
  for (int i = 0; i < 50; ++i) c.sadd("h", "m" + std::to_string(i)).get();
  std::uint64_t cursor = 0;
  do {
    auto p = c.sscan("h", cursor, {.count = 5}).get();
    scanned.insert(p.members.begin(), p.members.end());
    cursor = p.cursor;
  } while (cursor != 0);
  CHECK(scanned.size() == 50);

  c.set("str", "v").get();
  CHECK(reply_error([&] { c.sadd("str", "a").get(); }) == kWrongType);
  CHECK(reply_error([&] { c.spop("s", -1).get(); }) == kNotPositive);
  CHECK(reply_error([&] { c.sintercard({"x"}, -1).get(); }) == kLimitNegative);
}

// --- random operations against a reference model ------------------------------------------------

namespace {

bool is_integer(const std::string& s) {
  try {
    std::size_t used = 0;
    const long long n = std::stoll(s, &used);
    return used == s.size() && std::to_string(n) == s;
  } catch (const std::exception&) {
    return false;
  }
}

// The model: members per key, plus whether Redis would keep the set an intset.
struct ModelSet {
  std::set<std::string> members;
  bool intset = true;
};
using Model = std::map<std::string, ModelSet>;

void model_add(ModelSet& s, const std::string& member) {
  s.members.insert(member);
  if (!is_integer(member) || s.members.size() > 512) s.intset = false;
}

// A new set holding `members`, built the way store results are.
ModelSet model_result(const std::set<std::string>& members) {
  ModelSet s;
  s.members = members;
  s.intset = members.size() <= 512 && std::all_of(members.begin(), members.end(), is_integer);
  return s;
}

} // namespace

TEST_CASE("random set operations agree with a reference model") {
  Store store;
  std::mt19937_64 rng(20240601);
  const std::vector<std::string> keys{"k0", "k1", "k2", "k3"};
  std::vector<std::string> pool;
  for (int i = -5; i < 25; ++i) pool.push_back(std::to_string(i));
  for (const char* w : {"a", "b", "c", "dd", "", "007", "-0", "9223372036854775808"}) pool.push_back(w);
  pool.push_back(std::string("n\0l", 3));
  pool.push_back(std::string(40, 'L'));
  pool.push_back(std::string(40, 'L') + "2");
  Model model;

  auto pick = [&](const auto& v) -> const auto& { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
  auto members_of = [&](const std::string& key) -> std::set<std::string> {
    auto it = model.find(key);
    return it == model.end() ? std::set<std::string>{} : it->second.members;
  };
  auto as_set = [](const Value& v) {
    std::set<std::string> out;
    for (const Value& e : v.elements()) out.insert(e.string());
    return out;
  };
  auto run = [&](const std::vector<std::string>& argv) {
    not_redis::Argv a;
    for (const auto& s : argv) a.push_back(s);
    return store->execute(std::move(a)).get();
  };
  auto erase_if_empty = [&](const std::string& key) {
    if (model[key].members.empty()) model.erase(key);
  };

  for (int op = 0; op < 20000; ++op) {
    const std::string& key = pick(keys);
    const int kind = std::uniform_int_distribution<int>(0, 15)(rng);
    CAPTURE(op);
    CAPTURE(kind);
    switch (kind) {
    case 0:
    case 1: {  // SADD
      std::vector<std::string> argv{"SADD", key};
      const int n = std::uniform_int_distribution<int>(1, 4)(rng);
      for (int i = 0; i < n; ++i) argv.push_back(pick(pool));
      const bool fresh = !model.count(key);
      ModelSet& s = model[key];
      if (fresh) s.intset = is_integer(argv[2]);
      const std::size_t before = s.members.size();
      for (std::size_t i = 2; i < argv.size(); ++i) model_add(s, argv[i]);
      CHECK(run(argv) == integer(static_cast<long long>(s.members.size() - before)));
      break;
    }
    case 2: {  // SREM
      std::vector<std::string> argv{"SREM", key};
      const int n = std::uniform_int_distribution<int>(1, 3)(rng);
      long long removed = 0;
      for (int i = 0; i < n; ++i) argv.push_back(pick(pool));
      if (model.count(key)) {
        for (std::size_t i = 2; i < argv.size(); ++i) removed += static_cast<long long>(model[key].members.erase(argv[i]));
        erase_if_empty(key);
      }
      CHECK(run(argv) == integer(removed));
      break;
    }
    case 3: {  // SISMEMBER, SMISMEMBER, SCARD
      const std::string& m = pick(pool);
      const auto members = members_of(key);
      CHECK(run({"SISMEMBER", key, m}) == integer(members.count(m)));
      const std::string& m2 = pick(pool);
      CHECK(run({"SMISMEMBER", key, m, m2}) ==
            array({integer(members.count(m)), integer(members.count(m2))}));
      CHECK(run({"SCARD", key}) == integer(static_cast<long long>(members.size())));
      break;
    }
    case 4: {  // SPOP
      const auto members = members_of(key);
      const Value v = run({"SPOP", key});
      if (members.empty()) {
        CHECK(v == nil());
      } else {
        REQUIRE(v.type() == Value::Type::bulk_string);
        CHECK(members.count(v.string()) == 1);
        model[key].members.erase(v.string());
        erase_if_empty(key);
      }
      break;
    }
    case 5: {  // SPOP count
      const auto members = members_of(key);
      const std::size_t count = std::uniform_int_distribution<std::size_t>(0, 12)(rng);
      const Value v = run({"SPOP", key, std::to_string(count)});
      REQUIRE(v.type() == Value::Type::set);
      const auto popped = as_set(v);
      CHECK(popped.size() == v.size());
      CHECK(popped.size() == std::min(count, members.size()));
      for (const auto& m : popped) CHECK(members.count(m) == 1);
      if (!members.empty() && count > 0) {
        ModelSet& s = model[key];
        for (const auto& m : popped) s.members.erase(m);
        const std::size_t remaining = s.members.size();
        // Redis's third case rebuilds the set from what is left.
        if (remaining > 0 && remaining * 5 <= count) s = model_result(s.members);
        erase_if_empty(key);
      }
      break;
    }
    case 6: {  // SRANDMEMBER
      const auto members = members_of(key);
      const long long count = std::uniform_int_distribution<long long>(-8, 8)(rng);
      const Value v = run({"SRANDMEMBER", key, std::to_string(count)});
      REQUIRE(v.type() == Value::Type::array);
      const auto got = as_set(v);
      for (const auto& m : got) CHECK(members.count(m) == 1);
      if (members.empty()) CHECK(v.size() == 0);
      else if (count >= 0) CHECK((got.size() == v.size() && v.size() == std::min<std::size_t>(count, members.size())));
      else CHECK(v.size() == static_cast<std::size_t>(-count));
      const Value one = run({"SRANDMEMBER", key});
      if (members.empty()) CHECK(one == nil());
      else CHECK(members.count(one.string()) == 1);
      break;
    }
    case 7: {  // SMOVE
      const std::string& dest = pick(keys);
      const std::string& m = pick(pool);
      const auto source = members_of(key);
      const bool moved = source.count(m) == 1;
      CHECK(run({"SMOVE", key, dest, m}) == integer(moved));
      if (moved && dest != key) {
        model[key].members.erase(m);
        erase_if_empty(key);
        const bool fresh = !model.count(dest);
        ModelSet& d = model[dest];
        if (fresh) d.intset = is_integer(m);
        model_add(d, m);
      }
      break;
    }
    case 8:
    case 9: {  // SINTER / SUNION / SDIFF, and SINTERCARD
      const std::string& other = pick(keys);
      const std::string& third = pick(keys);
      const auto a = members_of(key), b = members_of(other), c = members_of(third);
      std::set<std::string> inter, uni, diff;
      for (const auto& m : a)
        if (b.count(m) && c.count(m)) inter.insert(m);
      uni = a;
      uni.insert(b.begin(), b.end());
      uni.insert(c.begin(), c.end());
      for (const auto& m : a)
        if (!b.count(m) && !c.count(m)) diff.insert(m);
      const Value vi = run({"SINTER", key, other, third});
      const Value vu = run({"SUNION", key, other, third});
      const Value vd = run({"SDIFF", key, other, third});
      CHECK(as_set(vi) == inter);
      CHECK(vi.size() == inter.size());
      CHECK(as_set(vu) == uni);
      CHECK(vu.size() == uni.size());
      CHECK(as_set(vd) == diff);
      CHECK(vd.size() == diff.size());
      const long long limit = std::uniform_int_distribution<long long>(0, 4)(rng);
      const auto expected = static_cast<long long>(limit == 0 ? inter.size() : std::min<std::size_t>(limit, inter.size()));
      CHECK(run({"SINTERCARD", "3", key, other, third, "LIMIT", std::to_string(limit)}) == integer(expected));
      break;
    }
    case 10:
    case 11: {  // *STORE
      const std::string& dest = pick(keys);
      const std::string& other = pick(keys);
      const auto a = members_of(key), b = members_of(other);
      std::set<std::string> result;
      const int which = std::uniform_int_distribution<int>(0, 2)(rng);
      const char* command = which == 0 ? "SINTERSTORE" : which == 1 ? "SUNIONSTORE" : "SDIFFSTORE";
      for (const auto& m : a)
        if ((which == 0 && b.count(m)) || which == 1 || (which == 2 && !b.count(m))) result.insert(m);
      if (which == 1) result.insert(b.begin(), b.end());
      CHECK(run({command, dest, key, other}) == integer(static_cast<long long>(result.size())));
      if (result.empty()) model.erase(dest);
      else model[dest] = model_result(result);
      break;
    }
    case 12: {  // SMEMBERS
      const Value v = run({"SMEMBERS", key});
      REQUIRE(v.type() == Value::Type::set);
      CHECK(as_set(v) == members_of(key));
      CHECK(v.size() == members_of(key).size());
      break;
    }
    case 13: {  // SSCAN: a full iteration returns each member exactly once
      const std::string count = std::to_string(std::uniform_int_distribution<int>(1, 20)(rng));
      const Strings got = scan_all(store, key, count);
      CHECK(std::set<std::string>(got.begin(), got.end()) == members_of(key));
      CHECK(got.size() == members_of(key).size());
      break;
    }
    case 14: {  // encodings
      const auto it = model.find(key);
      if (it == model.end()) {
        CHECK(run({"EXISTS", key}) == integer(0));
      } else {
        CHECK(encoding(store, key) == (it->second.intset ? "intset" : "hashtable"));
      }
      break;
    }
    case 15:  // DEL, now and then
      if (chance(30)) {
        CHECK(run({"DEL", key}) == integer(model.erase(key)));
      }
      break;
    }
  }
  for (const auto& key : keys) {
    CAPTURE(key);
    CHECK(as_set(run({"SMEMBERS", key})) == members_of(key));
  }
}

TEST_CASE("COMMAND GETKEYS finds the keys after SINTERCARD's numkeys") {
  Store store;
  CHECK(store.run({"COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "SINTERCARD", "3", "a", "b"}) ==
        err("ERR Invalid arguments specified for command"));
}

TEST_CASE("set-max-intset-entries decides OBJECT ENCODING at each write, as in Redis") {
  Store store;
  const auto encoding = [&](std::string_view key) { return store.run({"OBJECT", "ENCODING", key}); };
  REQUIRE(store.run({"CONFIG", "SET", "set-max-intset-entries", "0"}) == ok());
  CHECK(store.run({"SADD", "s", "1"}) == integer(1));
  CHECK(encoding("s") == bulk("hashtable"));
  REQUIRE(store.run({"CONFIG", "SET", "set-max-intset-entries", "2"}) == ok());
  CHECK(store.run({"SADD", "t", "1", "2"}) == integer(2));
  CHECK(encoding("t") == bulk("intset"));
  CHECK(store.run({"SADD", "t", "2"}) == integer(0));
  CHECK(encoding("t") == bulk("intset"));
  CHECK(store.run({"SADD", "t", "3"}) == integer(1));
  CHECK(encoding("t") == bulk("hashtable"));
  REQUIRE(store.run({"SADD", "u", "1", "2"}) == integer(2));
  REQUIRE(store.run({"SADD", "v", "3", "4"}) == integer(2));
  CHECK(store.run({"SUNIONSTORE", "w", "u", "v"}) == integer(4));
  CHECK(encoding("w") == bulk("hashtable"));
  CHECK(store.run({"SINTERSTORE", "w", "u", "u"}) == integer(2));
  CHECK(encoding("w") == bulk("intset"));
  CHECK(store.run({"SMOVE", "v", "u", "3"}) == integer(1));
  CHECK(encoding("u") == bulk("hashtable"));
  CHECK(store.run({"SISMEMBER", "u", "3"}) == integer(1));
}
