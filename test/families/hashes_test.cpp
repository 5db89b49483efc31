// The hash family, command by command, as redis-cli would show it.
// Every expected reply was checked against redis-server 7.0.15 (RESP3 shapes
// with HELLO 3: HGETALL is a map, HRANDFIELD WITHVALUES an array of pairs).
// Replies that are random or in hash order are checked by their properties.

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Error;

namespace {

const std::string kHashNotInteger = "ERR hash value is not an integer";
const std::string kHashNotFloat = "ERR hash value is not a float";
const std::string kNotFloat = "ERR value is not a valid float";
const std::string kOverflow = "ERR increment or decrement would overflow";
const std::string kNanOrInfinity = "ERR increment would produce NaN or Infinity";
const std::string kNanOrInfinityValue = "ERR value is NaN or Infinity";
const std::string kOutOfRange = "ERR value is out of range";
const std::string kCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
const std::string kInvalidCursor = "ERR invalid cursor";

Value map(std::initializer_list<std::string_view> flat) {
  Value::Array a;
  for (auto v : flat) a.push_back(Value::bulk(v));
  return Value::map(std::move(a));
}

// The strings of an array (or map) reply.
std::vector<std::string> strings_of(const Value& v) {
  std::vector<std::string> out;
  for (const auto& e : v.elements()) out.push_back(e.string());
  return out;
}

// HGETALL as a std::map, whatever the hash's order.
std::map<std::string, std::string> hgetall(Store& store, std::string_view key) {
  const Value v = store.run({"HGETALL", key});
  REQUIRE(v.type() == Value::Type::map);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < v.elements().size(); i += 2) out[v[i].string()] = v[i + 1].string();
  return out;
}

std::string encoding(Store& store, std::string_view key) { return store.run({"OBJECT", "ENCODING", key}).string(); }

// Builds `key` with fields f0..f<n-1> valued v0..v<n-1>, in one HSET.
void fill(Store& store, std::string_view key, int n, std::string_view field_prefix = "f") {
  not_redis::Argv argv{"HSET", key};
  for (int i = 0; i < n; ++i) {
    argv.push_back(std::string(field_prefix) + std::to_string(i));
    argv.push_back("v" + std::to_string(i));
  }
  REQUIRE(store->execute(std::move(argv)).get() == integer(n));
}

// Every field an HSCAN iteration returns, starting and ending at cursor 0;
// `between` runs after each step.
template <class Between>
std::multiset<std::string> hscan_all(Store& store, std::string_view key, std::string_view count, Between&& between) {
  std::multiset<std::string> seen;
  std::string cursor = "0";
  int steps = 0;
  do {
    const Value page = store.run({"HSCAN", key, cursor, "COUNT", count});
    REQUIRE(page.size() == 2);
    cursor = page[0].string();
    const auto& flat = page[1].elements();
    REQUIRE(flat.size() % 2 == 0);
    for (std::size_t i = 0; i < flat.size(); i += 2) seen.insert(flat[i].string());
    between();
    REQUIRE(++steps < 100000);
  } while (cursor != "0");
  return seen;
}

std::multiset<std::string> hscan_all(Store& store, std::string_view key, std::string_view count = "10") {
  return hscan_all(store, key, count, [] {});
}

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

// Whether a value of the model test reads as an integer: its values are
// lowercase letters (or empty) or written by std::to_string.
bool parse_ok(const std::string& v) { return !v.empty() && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')); }

} // namespace

// --- HSET, HMSET, HSETNX, HGET, HMGET -------------------------------------------------

TEST_CASE("HSET counts new fields, overwrites others; HGET reads them") {
  Store store;
  CHECK(store.run({"HGET", "h", "a"}) == nil());
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HSET", "h", "a", "2", "b", "3"}) == integer(1));
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "a", "3"}) == integer(0));
  CHECK(store.run({"HGET", "h", "a"}) == bulk("3"));
  CHECK(store.run({"HGET", "h", "b"}) == bulk("2"));
  CHECK(store.run({"HGET", "h", "c"}) == nil());
  CHECK(store.run({"HSET", "h", "e", ""}) == integer(1));
  CHECK(store.run({"HGET", "h", "e"}) == bulk(""));
  CHECK(store.run({"HSET", "h", "", "empty field"}) == integer(1));
  CHECK(store.run({"HGET", "h", ""}) == bulk("empty field"));
  CHECK(store.run({"TYPE", "h"}) == simple("hash"));
}

TEST_CASE("HMSET replies OK") {
  Store store;
  CHECK(store.run({"HMSET", "h", "a", "1", "b", "2"}) == ok());
  CHECK(store.run({"HMSET", "h", "a", "x"}) == ok());
  CHECK(store.run({"HMGET", "h", "a", "b"}) == bulks({"x", "2"}));
}

TEST_CASE("HSET and HMSET arity: at least one pair, and whole pairs") {
  Store store;
  CHECK(store.run({"HSET", "h", "a"}) == arity_error("hset"));
  CHECK(store.run({"HSET", "h", "a", "1", "b"}) == arity_error("hset"));
  CHECK(store.run({"HMSET", "h", "a"}) == arity_error("hmset"));
  CHECK(store.run({"HMSET", "h", "a", "1", "b"}) == arity_error("hmset"));
  CHECK(store.run({"EXISTS", "h"}) == integer(0));
  // The pair check comes before the type check, as in Redis.
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"HSET", "s", "a", "1", "b"}) == arity_error("hset"));
}

TEST_CASE("HSETNX sets only a missing field") {
  Store store;
  CHECK(store.run({"HSETNX", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HSETNX", "h", "a", "2"}) == integer(0));
  CHECK(store.run({"HGET", "h", "a"}) == bulk("1"));
  CHECK(store.run({"HSETNX", "h", "b", "2"}) == integer(1));
  CHECK(store.run({"HLEN", "h"}) == integer(2));
  CHECK(store.run({"HSETNX", "h", "a"}) == arity_error("hsetnx"));
  CHECK(store.run({"HSETNX", "h", "a", "1", "x"}) == arity_error("hsetnx"));
}

TEST_CASE("HMGET returns nil for missing fields and for a missing key") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2"}) == integer(2));
  CHECK(store.run({"HMGET", "h", "a", "nope", "b", "a"}) == array({bulk("1"), nil(), bulk("2"), bulk("1")}));
  CHECK(store.run({"HMGET", "missing", "a", "b"}) == array({nil(), nil()}));
  CHECK(store.run({"HMGET", "h"}) == arity_error("hmget"));
  CHECK(store.run({"HGET", "h"}) == arity_error("hget"));
  CHECK(store.run({"HGET", "h", "a", "b"}) == arity_error("hget"));
}

// --- HGETALL, HKEYS, HVALS -------------------------------------------------------------

TEST_CASE("HGETALL, HKEYS and HVALS of a small hash follow insertion order, as a listpack") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  CHECK(store.run({"HSET", "h", "a", "10"}) == integer(0));  // in place
  CHECK(store.run({"HDEL", "h", "b"}) == integer(1));
  CHECK(store.run({"HSET", "h", "b", "5"}) == integer(1));  // at the end
  CHECK(store.run({"HGETALL", "h"}) == map({"a", "10", "c", "3", "b", "5"}));
  CHECK(store.run({"HKEYS", "h"}) == bulks({"a", "c", "b"}));
  CHECK(store.run({"HVALS", "h"}) == bulks({"10", "3", "5"}));
}

TEST_CASE("HGETALL of a missing key is an empty map; HKEYS and HVALS empty arrays") {
  Store store;
  CHECK(store.run({"HGETALL", "missing"}) == Value::map({}));
  CHECK(store.run({"HKEYS", "missing"}) == array({}));
  CHECK(store.run({"HVALS", "missing"}) == array({}));
  CHECK(store.run({"HGETALL"}) == arity_error("hgetall"));
  CHECK(store.run({"HKEYS", "a", "b"}) == arity_error("hkeys"));
  CHECK(store.run({"HVALS"}) == arity_error("hvals"));
}

TEST_CASE("HGETALL, HKEYS and HVALS of a large hash agree with each other") {
  Store store;
  fill(store, "h", 1000);
  CHECK(encoding(store, "h") == "hashtable");
  const auto all = hgetall(store, "h");
  REQUIRE(all.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(all.at("f" + std::to_string(i)) == "v" + std::to_string(i));
  const auto keys = strings_of(store.run({"HKEYS", "h"}));
  const auto values = strings_of(store.run({"HVALS", "h"}));
  REQUIRE(keys.size() == 1000);
  REQUIRE(values.size() == 1000);
  // Same order in all three.
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(all.at(keys[i]) == values[i]);
}

// --- HDEL, HLEN, HEXISTS, HSTRLEN -----------------------------------------------------

TEST_CASE("HDEL counts removed fields and deletes the key with its last field") {
  Store store;
  CHECK(store.run({"HDEL", "missing", "a"}) == integer(0));
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  CHECK(store.run({"HDEL", "h", "a", "a", "nope"}) == integer(1));
  CHECK(store.run({"HLEN", "h"}) == integer(2));
  CHECK(store.run({"HDEL", "h", "c", "b", "x"}) == integer(2));
  CHECK(store.run({"EXISTS", "h"}) == integer(0));
  CHECK(store.run({"TYPE", "h"}) == simple("none"));
  CHECK(store.run({"HDEL", "h"}) == arity_error("hdel"));
}

TEST_CASE("HDEL empties a large hash and deletes it") {
  Store store;
  fill(store, "h", 2000);
  for (int i = 0; i < 2000; i += 2) CHECK(store.run({"HDEL", "h", "f" + std::to_string(i)}) == integer(1));
  CHECK(store.run({"HLEN", "h"}) == integer(1000));
  CHECK(encoding(store, "h") == "hashtable");  // never converted back, as Redis
  for (int i = 1; i < 2000; i += 2) CHECK(store.run({"HGET", "h", "f" + std::to_string(i)}) == bulk("v" + std::to_string(i)));
  for (int i = 1; i < 1999; i += 2) CHECK(store.run({"HDEL", "h", "f" + std::to_string(i)}) == integer(1));
  CHECK(store.run({"HGETALL", "h"}) == map({"f1999", "v1999"}));
  CHECK(store.run({"HDEL", "h", "f1999"}) == integer(1));
  CHECK(store.run({"EXISTS", "h"}) == integer(0));
}

TEST_CASE("HLEN, HEXISTS and HSTRLEN") {
  Store store;
  CHECK(store.run({"HLEN", "h"}) == integer(0));
  CHECK(store.run({"HEXISTS", "h", "a"}) == integer(0));
  CHECK(store.run({"HSTRLEN", "h", "a"}) == integer(0));
  CHECK(store.run({"HSET", "h", "a", "hello", "n", "-123", "e", ""}) == integer(3));
  CHECK(store.run({"HLEN", "h"}) == integer(3));
  CHECK(store.run({"HEXISTS", "h", "a"}) == integer(1));
  CHECK(store.run({"HEXISTS", "h", "zz"}) == integer(0));
  CHECK(store.run({"HEXISTS", "h", "e"}) == integer(1));
  CHECK(store.run({"HSTRLEN", "h", "a"}) == integer(5));
  CHECK(store.run({"HSTRLEN", "h", "n"}) == integer(4));
  CHECK(store.run({"HSTRLEN", "h", "e"}) == integer(0));
  CHECK(store.run({"HSTRLEN", "h", "zz"}) == integer(0));
  CHECK(store.run({"HLEN"}) == arity_error("hlen"));
  CHECK(store.run({"HEXISTS", "h"}) == arity_error("hexists"));
  CHECK(store.run({"HSTRLEN", "h", "a", "b"}) == arity_error("hstrlen"));
}

// --- HINCRBY, HINCRBYFLOAT --------------------------------------------------------------

TEST_CASE("HINCRBY adds to an integer field; a missing field counts as 0") {
  Store store;
  CHECK(store.run({"HINCRBY", "h", "n", "5"}) == integer(5));
  CHECK(store.run({"HINCRBY", "h", "n", "-7"}) == integer(-2));
  CHECK(store.run({"HGET", "h", "n"}) == bulk("-2"));
  CHECK(store.run({"HINCRBY", "h", "m", "0"}) == integer(0));
  CHECK(store.run({"HGET", "h", "m"}) == bulk("0"));
  CHECK(store.run({"HINCRBY", "h", "n"}) == arity_error("hincrby"));
}

TEST_CASE("HINCRBY errors: bad increment, value not an integer, overflow") {
  Store store;
  CHECK(store.run({"HSET", "h", "s", "foo", "f", "1.5", "sp", " 1", "plus", "+1"}) == integer(4));
  CHECK(store.run({"HINCRBY", "h", "s", "x"}) == err(kNotInteger));
  CHECK(store.run({"HINCRBY", "h", "s", "1.0"}) == err(kNotInteger));
  CHECK(store.run({"HINCRBY", "h", "s", "1"}) == err(kHashNotInteger));
  CHECK(store.run({"HINCRBY", "h", "f", "1"}) == err(kHashNotInteger));
  CHECK(store.run({"HINCRBY", "h", "sp", "1"}) == err(kHashNotInteger));
  CHECK(store.run({"HINCRBY", "h", "plus", "1"}) == err(kHashNotInteger));
  CHECK(store.run({"HGET", "h", "s"}) == bulk("foo"));

  CHECK(store.run({"HSET", "h", "big", "9223372036854775807"}) == integer(1));
  CHECK(store.run({"HINCRBY", "h", "big", "1"}) == err(kOverflow));
  CHECK(store.run({"HINCRBY", "h", "big", "-1"}) == integer(9223372036854775806LL));
  CHECK(store.run({"HSET", "h", "min", "-9223372036854775808"}) == integer(1));
  CHECK(store.run({"HINCRBY", "h", "min", "-1"}) == err(kOverflow));
  CHECK(store.run({"HINCRBY", "h", "min", "1"}) == integer(-9223372036854775807LL));
  CHECK(store.run({"HINCRBY", "h", "new", "-9223372036854775808"}) == integer(LLONG_MIN));
  CHECK(store.run({"HINCRBY", "h", "new", "-1"}) == err(kOverflow));
  CHECK(store.run({"HGET", "h", "new"}) == bulk("-9223372036854775808"));
  // An error does not create the key.
  CHECK(store.run({"HINCRBY", "k", "f", "x"}) == err(kNotInteger));
  CHECK(store.run({"EXISTS", "k"}) == integer(0));
}

TEST_CASE("HINCRBYFLOAT adds as a long double and stores Redis's text") {
  Store store;
  CHECK(store.run({"HINCRBYFLOAT", "h", "f", "10.5"}) == bulk("10.5"));
  CHECK(store.run({"HINCRBYFLOAT", "h", "f", "0.1"}) == bulk("10.6"));
  CHECK(store.run({"HINCRBYFLOAT", "h", "f", "-5.6"}) == bulk("5"));
  CHECK(store.run({"HGET", "h", "f"}) == bulk("5"));
  CHECK(store.run({"HSET", "h", "e", "5.0e3"}) == integer(1));
  CHECK(store.run({"HINCRBYFLOAT", "h", "e", "200"}) == bulk("5200"));
  CHECK(store.run({"HINCRBYFLOAT", "h", "e", "1.5e-3"}) == bulk("5200.00150000000000006"));
  CHECK(store.run({"HSET", "h", "i", "10"}) == integer(1));
  CHECK(store.run({"HINCRBYFLOAT", "h", "i", "1"}) == bulk("11"));
  CHECK(store.run({"HINCRBY", "h", "i", "1"}) == integer(12));
  CHECK(store.run({"HINCRBYFLOAT", "h", "f"}) == arity_error("hincrbyfloat"));
}

TEST_CASE("HINCRBYFLOAT errors: bad increment, NaN or Infinity, value not a float") {
  Store store;
  CHECK(store.run({"HSET", "h", "s", "foo", "sp", " 1", "x", "1.5", "hf", "1e308"}) == integer(4));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "abc"}) == err(kNotFloat));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", " 1"}) == err(kNotFloat));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "nan"}) == err(kNotFloat));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "1e5000"}) == err(kNotFloat));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "inf"}) == err(kNanOrInfinityValue));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "+inf"}) == err(kNanOrInfinityValue));
  CHECK(store.run({"HINCRBYFLOAT", "h", "x", "-inf"}) == err(kNanOrInfinityValue));
  CHECK(store.run({"HINCRBYFLOAT", "h", "s", "1"}) == err(kHashNotFloat));
  CHECK(store.run({"HINCRBYFLOAT", "h", "sp", "1"}) == err(kHashNotFloat));
  CHECK(store.run({"HGET", "h", "x"}) == bulk("1.5"));
  // A long double does not overflow at 2e308; Redis prints all its digits.
  const Value doubled = store.run({"HINCRBYFLOAT", "h", "hf", "1e308"});
  CHECK(doubled.string().size() == 309);
  CHECK(doubled.string().rfind("19999999999999999999", 0) == 0);
  CHECK(store.run({"HINCRBYFLOAT", "h", "max", "1.18973149535723176502e+4932"}).string().rfind("11897314953572317650212638", 0) == 0);
  CHECK(store.run({"HINCRBYFLOAT", "h", "max", "1.18973149535723176502e+4932"}) == err(kNanOrInfinity));
  // The NaN/Infinity check on the increment precedes the type check.
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"HINCRBYFLOAT", "str", "f", "inf"}) == err(kNanOrInfinityValue));
  CHECK(store.run({"HINCRBYFLOAT", "str", "f", "1"}) == err(kWrongType));
}

// --- HRANDFIELD -----------------------------------------------------------------------

TEST_CASE("HRANDFIELD without a count: one field, or nil") {
  Store store;
  CHECK(store.run({"HRANDFIELD", "missing"}) == nil());
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const Value v = store.run({"HRANDFIELD", "h"});
    REQUIRE(v.type() == Value::Type::bulk_string);
    seen.insert(v.string());
  }
  CHECK(seen == std::set<std::string>{"a", "b", "c"});
}

TEST_CASE("HRANDFIELD with a count: distinct fields, at most the hash; negative: repeats") {
  Store store;
  CHECK(store.run({"HRANDFIELD", "missing", "5"}) == array({}));
  CHECK(store.run({"HRANDFIELD", "missing", "-5", "WITHVALUES"}) == array({}));
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  CHECK(store.run({"HRANDFIELD", "h", "0"}) == array({}));
  CHECK(store.run({"HRANDFIELD", "h", "0", "WITHVALUES"}) == array({}));

  const auto two = strings_of(store.run({"HRANDFIELD", "h", "2"}));
  CHECK(two.size() == 2);
  CHECK(std::set<std::string>(two.begin(), two.end()).size() == 2);
  auto all = strings_of(store.run({"HRANDFIELD", "h", "5"}));
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::string>{"a", "b", "c"});
  const auto one = strings_of(store.run({"HRANDFIELD", "h", "1"}));
  CHECK(one.size() == 1);

  const auto many = strings_of(store.run({"HRANDFIELD", "h", "-50"}));
  CHECK(many.size() == 50);
  CHECK(std::set<std::string>(many.begin(), many.end()) == std::set<std::string>{"a", "b", "c"});
  CHECK(store.run({"HDEL", "h", "b", "c"}) == integer(2));
  CHECK(store.run({"HRANDFIELD", "h", "-3"}) == bulks({"a", "a", "a"}));
}

TEST_CASE("HRANDFIELD WITHVALUES replies [field, value] pairs, as Redis 7.0 in RESP3") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HRANDFIELD", "h", "1", "WITHVALUES"}) == array({bulks({"a", "1"})}));
  CHECK(store.run({"HRANDFIELD", "h", "5", "withvalues"}) == array({bulks({"a", "1"})}));
  CHECK(store.run({"HRANDFIELD", "h", "-2", "WithValues"}) == array({bulks({"a", "1"}), bulks({"a", "1"})}));
  fill(store, "big", 1000);
  for (const char* count : {"10", "400", "999", "2000", "-30"}) {
    const Value reply = store.run({"HRANDFIELD", "big", count, "WITHVALUES"});
    const std::size_t expected = std::min<std::size_t>(std::abs(std::stoll(count)), count[0] == '-' ? 30 : 1000);
    REQUIRE(reply.size() == expected);
    for (const auto& pair : reply.elements()) {
      REQUIRE(pair.size() == 2);
      CHECK(pair[1].string() == "v" + pair[0].string().substr(1));
    }
  }
}

// Found by the parity test: Redis 7.0 flattens the pairs in RESP2.
TEST_CASE("HRANDFIELD WITHVALUES over RESP2 replies one flat field, value, field, value array") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HELLO", "2"}).is_error() == false);
  CHECK(store.run({"HRANDFIELD", "h", "1", "WITHVALUES"}) == bulks({"a", "1"}));
  CHECK(store.run({"HRANDFIELD", "h", "5", "WITHVALUES"}) == bulks({"a", "1"}));
  CHECK(store.run({"HRANDFIELD", "h", "-2", "WITHVALUES"}) == bulks({"a", "1", "a", "1"}));
  CHECK(store.run({"HRANDFIELD", "h", "-2"}) == bulks({"a", "a"}));
  fill(store, "big", 1000);
  for (const char* count : {"10", "400", "999", "2000", "-30"}) {
    const Value reply = store.run({"HRANDFIELD", "big", count, "WITHVALUES"});
    const std::size_t expected = std::min<std::size_t>(std::abs(std::stoll(count)), count[0] == '-' ? 30 : 1000);
    REQUIRE(reply.size() == 2 * expected);
    for (std::size_t i = 0; i < reply.size(); i += 2)
      CHECK(reply[i + 1].string() == "v" + reply[i].string().substr(1));
  }
}

TEST_CASE("HRANDFIELD argument errors") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HRANDFIELD", "h", "x"}) == err(kNotInteger));
  CHECK(store.run({"HRANDFIELD", "missing", "x"}) == err(kNotInteger));
  CHECK(store.run({"HRANDFIELD", "h", "1", "foo"}) == err(kSyntax));
  CHECK(store.run({"HRANDFIELD", "h", "1", "withvalues", "x"}) == err(kSyntax));
  CHECK(store.run({"HRANDFIELD", "h", "-9223372036854775808"}) == err(kCountOutOfRange));
  CHECK(store.run({"HRANDFIELD", "h", "-9223372036854775808", "foo"}) == err(kCountOutOfRange));
  CHECK(store.run({"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"}) == err(kOutOfRange));
  CHECK(store.run({"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"}) == err(kOutOfRange));
  CHECK(store.run({"HRANDFIELD", "missing", "-4611686018427387903", "WITHVALUES"}) == array({}));
  CHECK(store.run({"HRANDFIELD", "h", "9223372036854775807"}) == bulks({"a"}));
  CHECK(store.run({"HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"}) == array({bulks({"a", "1"})}));
  CHECK(store.run({"HRANDFIELD"}) == arity_error("hrandfield"));
  // A count no reply can hold is out of memory, not a crash.
  const Value huge = store.run({"HRANDFIELD", "h", "-9223372036854775807"});
  REQUIRE(huge.is_error());
  CHECK(huge.string().rfind("OOM ", 0) == 0);
  CHECK(store.run({"HGET", "h", "a"}) == bulk("1"));
}

TEST_CASE("HRANDFIELD distinct counts use Redis's strategies, in both encodings") {
  Store store;
  fill(store, "small", 60);
  fill(store, "big", 3000);
  CHECK(encoding(store, "small") == "listpack");
  CHECK(encoding(store, "big") == "hashtable");
  // Counts below a third of the size (draws until distinct) and above it
  // (everything, minus random drops), and the whole hash.
  for (auto [key, size] : {std::pair{"small", 60}, std::pair{"big", 3000}}) {
    for (int count : {2, size / 4, size / 2, size - 1, size}) {
      const auto fields = strings_of(store.run({"HRANDFIELD", key, std::to_string(count)}));
      CHECK(fields.size() == static_cast<std::size_t>(count));
      const std::set<std::string> distinct(fields.begin(), fields.end());
      CHECK(distinct.size() == fields.size());
      for (const auto& f : distinct) CHECK(store.run({"HEXISTS", key, f}) == integer(1));
    }
  }
}

TEST_CASE("HRANDFIELD is uniform in both encodings, and reproducible with a seed") {
  for (int n : {10, 5000}) {
    Store store;
    fill(store, "h", n);
    // Delete most fields so the table is sparse: draws must stay uniform.
    if (n > 10) {
      for (int i = 100; i < n; ++i) REQUIRE(store.run({"HDEL", "h", "f" + std::to_string(i)}) == integer(1));
      n = 100;
    }
    std::map<std::string, int> hits;
    const int draws = 200 * n;
    const Value reply = store.run({"HRANDFIELD", "h", std::to_string(-draws)});
    for (const auto& f : reply.elements()) ++hits[f.string()];
    REQUIRE(hits.size() == static_cast<std::size_t>(n));
    // 200 expected per field; 5 standard deviations is about 70.
    for (const auto& [field, count] : hits) CHECK_MESSAGE(std::abs(count - 200) < 75, field << ": " << count);
  }
  Store a(7), b(7);
  fill(a, "h", 1000);
  fill(b, "h", 1000);
  CHECK(a.run({"HRANDFIELD", "h", "-20"}) == b.run({"HRANDFIELD", "h", "-20"}));
  CHECK(a.run({"HRANDFIELD", "h", "20", "WITHVALUES"}) == b.run({"HRANDFIELD", "h", "20", "WITHVALUES"}));
}

// --- HSCAN ----------------------------------------------------------------------------

TEST_CASE("HSCAN of a small hash returns everything at once with cursor 0") {
  Store store;
  CHECK(store.run({"HSCAN", "missing", "0"}) == array({bulk("0"), array({})}));
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  CHECK(store.run({"HSCAN", "h", "0"}) == array({bulk("0"), bulks({"a", "1", "b", "2", "c", "3"})}));
  CHECK(store.run({"HSCAN", "h", "0", "COUNT", "1"}) == array({bulk("0"), bulks({"a", "1", "b", "2", "c", "3"})}));
  // Any cursor: a listpack has none.
  CHECK(store.run({"HSCAN", "h", "12345"}) == array({bulk("0"), bulks({"a", "1", "b", "2", "c", "3"})}));
  CHECK(store.run({"HSCAN", "h", "-1"}) == array({bulk("0"), bulks({"a", "1", "b", "2", "c", "3"})}));
  CHECK(store.run({"HSCAN", "h", "0", "MATCH", "[ab]", "count", "100"}) ==
        array({bulk("0"), bulks({"a", "1", "b", "2"})}));
  CHECK(store.run({"HSCAN", "h", "0", "match", "*"}) == array({bulk("0"), bulks({"a", "1", "b", "2", "c", "3"})}));
}

TEST_CASE("HSCAN argument errors") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HSCAN", "h", "abc"}) == err(kInvalidCursor));
  CHECK(store.run({"HSCAN", "h", " 1"}) == err(kInvalidCursor));
  CHECK(store.run({"HSCAN", "h", "18446744073709551616"}) == err(kInvalidCursor));
  CHECK(store.run({"HSCAN", "missing", "x"}) == err(kInvalidCursor));
  CHECK(store.run({"HSCAN", "h", "18446744073709551615"}) == array({bulk("0"), bulks({"a", "1"})}));
  CHECK(store.run({"HSCAN", "h", "0", "COUNT", "0"}) == err(kSyntax));
  CHECK(store.run({"HSCAN", "h", "0", "COUNT", "x"}) == err(kNotInteger));
  CHECK(store.run({"HSCAN", "h", "0", "MATCH"}) == err(kSyntax));
  CHECK(store.run({"HSCAN", "h", "0", "TYPE", "string"}) == err(kSyntax));
  CHECK(store.run({"HSCAN", "h", "0", "foo", "bar"}) == err(kSyntax));
  // A missing key replies before the options are read, as Redis does.
  CHECK(store.run({"HSCAN", "missing", "0", "foo", "bar"}) == array({bulk("0"), array({})}));
  CHECK(store.run({"HSCAN", "h"}) == arity_error("hscan"));
}

TEST_CASE("HSCAN of a large hash: a full iteration returns every field exactly once") {
  Store store;
  fill(store, "h", 2000);
  for (const char* count : {"1", "10", "100", "100000"}) {
    const auto seen = hscan_all(store, "h", count);
    CHECK(seen.size() == 2000);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 2000);
  }
  // COUNT is a hint of the work: one step with a small COUNT returns a part.
  const Value page = store.run({"HSCAN", "h", "0", "COUNT", "10"});
  CHECK(page[0].string() != "0");
  CHECK(page[1].size() >= 10);   // fields and values: 5 fields or more
  CHECK(page[1].size() < 400);
  // Values come with their fields; MATCH filters on the field.
  const Value matched = store.run({"HSCAN", "h", "0", "MATCH", "f1?", "COUNT", "100000"});
  CHECK(matched[0] == bulk("0"));
  CHECK(matched[1].size() == 20);
  std::set<std::string> matched_fields;
  for (std::size_t i = 0; i < matched[1].size(); i += 2) {
    matched_fields.insert(matched[1][i].string());
    CHECK(matched[1][i + 1].string() == "v" + matched[1][i].string().substr(1));
  }
  CHECK(matched_fields == std::set<std::string>{"f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19"});
}

TEST_CASE("HSCAN returns every original field while inserts grow the table under it") {
  Store store;
  fill(store, "h", 1000);
  int added = 0;
  const auto seen = hscan_all(store, "h", "5", [&] {
    for (int i = 0; i < 20 && added < 6000; ++i, ++added) store.run({"HSET", "h", "new" + std::to_string(added), "x"});
  });
  CHECK(added == 6000);  // the table grew several times during the iteration
  for (int i = 0; i < 1000; ++i) CHECK(seen.count("f" + std::to_string(i)) >= 1);
}

TEST_CASE("HSCAN returns every field that stayed while deletions shrink the table under it") {
  Store store;
  fill(store, "h", 4000);
  int removed = 0;
  const auto seen = hscan_all(store, "h", "5", [&] {
    for (int i = 0; i < 40 && removed < 3800; ++i, ++removed)
      store.run({"HDEL", "h", "f" + std::to_string(200 + removed)});
  });
  CHECK(removed == 3800);
  for (int i = 0; i < 200; ++i) CHECK(seen.count("f" + std::to_string(i)) >= 1);
}

// --- encodings --------------------------------------------------------------------------

TEST_CASE("a hash is a listpack up to 512 fields of up to 64 bytes, then a hashtable for good") {
  Store store;
  fill(store, "h", 512);
  CHECK(encoding(store, "h") == "listpack");
  CHECK(store.run({"HSET", "h", "f1", "x"}) == integer(0));
  CHECK(encoding(store, "h") == "listpack");
  CHECK(store.run({"HSET", "h", "f512", "v"}) == integer(1));
  CHECK(encoding(store, "h") == "hashtable");
  CHECK(store.run({"HDEL", "h", "f512", "f1", "f2"}) == integer(3));
  CHECK(encoding(store, "h") == "hashtable");
  CHECK(store.run({"HLEN", "h"}) == integer(510));

  // Duplicate fields in one HSET count once (Redis 7.0 converts by the result).
  not_redis::Argv argv{"HSET", "d"};
  for (int i = 0; i < 512; ++i) {
    argv.push_back("f" + std::to_string(i));
    argv.push_back("v");
  }
  argv.push_back("f0");
  argv.push_back("again");
  CHECK(store->execute(std::move(argv)).get() == integer(512));
  CHECK(encoding(store, "d") == "listpack");

  const std::string v64 = repeat('x', 64), v65 = repeat('x', 65);
  CHECK(store.run({"HSET", "v", "a", v64}) == integer(1));
  CHECK(encoding(store, "v") == "listpack");
  CHECK(store.run({"HSET", "v", "b", v65}) == integer(1));
  CHECK(encoding(store, "v") == "hashtable");
  CHECK(store.run({"HGET", "v", "b"}) == bulk(v65));
  CHECK(store.run({"HSET", "w", v64, "1"}) == integer(1));
  CHECK(encoding(store, "w") == "listpack");
  CHECK(store.run({"HSET", "w", v65, "1"}) == integer(1));
  CHECK(encoding(store, "w") == "hashtable");
  CHECK(store.run({"HGETALL", "w"}).size() == 2);
  // Overwriting a field with a long value converts too.
  CHECK(store.run({"HSET", "o", "a", "1"}) == integer(1));
  CHECK(store.run({"HSET", "o", "a", v65}) == integer(0));
  CHECK(encoding(store, "o") == "hashtable");
}

TEST_CASE("HSETNX, HINCRBY and HINCRBYFLOAT convert when Redis does") {
  Store store;
  const std::string v65 = repeat('x', 65);
  // HSETNX on an existing field stores nothing, so nothing converts.
  CHECK(store.run({"HSET", "h", "a", "1"}) == integer(1));
  CHECK(store.run({"HSETNX", "h", "a", v65}) == integer(0));
  CHECK(encoding(store, "h") == "listpack");
  CHECK(store.run({"HSETNX", "h", v65, "1"}) == integer(1));
  CHECK(encoding(store, "h") == "hashtable");

  CHECK(store.run({"HSET", "i", "a", "1"}) == integer(1));
  CHECK(store.run({"HINCRBY", "i", v65, "1"}) == integer(1));
  CHECK(encoding(store, "i") == "hashtable");

  CHECK(store.run({"HSET", "f", "a", "1"}) == integer(1));
  CHECK(store.run({"HINCRBYFLOAT", "f", "a", "1e70"}) ==
        bulk("10000000000000000000222479489586148259025995410601157579323600873193472"));
  CHECK(encoding(store, "f") == "hashtable");
}

TEST_CASE("COPY duplicates a hash in its encoding; the copy is independent") {
  Store store;
  CHECK(store.run({"HSET", "small", "a", "1", "b", "2"}) == integer(2));
  fill(store, "big", 600);
  CHECK(store.run({"COPY", "small", "small2"}) == integer(1));
  CHECK(store.run({"COPY", "big", "big2"}) == integer(1));
  CHECK(encoding(store, "small2") == "listpack");
  CHECK(encoding(store, "big2") == "hashtable");
  CHECK(store.run({"HGETALL", "small2"}) == map({"a", "1", "b", "2"}));
  CHECK(hgetall(store, "big2") == hgetall(store, "big"));
  CHECK(store.run({"HSET", "big2", "f0", "changed"}) == integer(0));
  CHECK(store.run({"HGET", "big", "f0"}) == bulk("v0"));
  CHECK(store.run({"DEL", "big"}) == integer(1));
  CHECK(store.run({"HLEN", "big2"}) == integer(600));
}

// --- types, binary data, expiry -----------------------------------------------------------

TEST_CASE("every hash command replies WRONGTYPE on another type, and other families on a hash") {
  Store store;
  CHECK(store.run({"SET", "s", "v"}) == ok());
  const std::initializer_list<std::initializer_list<std::string_view>> commands = {
      {"HSET", "s", "f", "v"},        {"HMSET", "s", "f", "v"},   {"HSETNX", "s", "f", "v"},
      {"HGET", "s", "f"},             {"HMGET", "s", "f", "g"},   {"HGETALL", "s"},
      {"HKEYS", "s"},                 {"HVALS", "s"},             {"HDEL", "s", "f"},
      {"HLEN", "s"},                  {"HEXISTS", "s", "f"},      {"HSTRLEN", "s", "f"},
      {"HINCRBY", "s", "f", "1"},     {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"},
      {"HRANDFIELD", "s", "3"},       {"HRANDFIELD", "s", "0"},   {"HRANDFIELD", "s", "-3", "WITHVALUES"},
      {"HSCAN", "s", "0"},
  };
  for (auto command : commands) CHECK(store.run(command) == err(kWrongType));
  CHECK(store.run({"GET", "s"}) == bulk("v"));
  CHECK(store.run({"HSET", "h", "f", "v"}) == integer(1));
  CHECK(store.run({"GET", "h"}) == err(kWrongType));
  CHECK(store.run({"APPEND", "h", "x"}) == err(kWrongType));
  CHECK(store.run({"INCR", "h"}) == err(kWrongType));
  // SET replaces a hash like any value.
  CHECK(store.run({"SET", "h", "now a string"}) == ok());
  CHECK(store.run({"HGET", "h", "f"}) == err(kWrongType));
}

TEST_CASE("keys, fields and values are binary safe in both encodings") {
  Store store;
  const std::string key("h\0k", 3);
  const std::string f1("f\0", 2), f2("f\0\0", 3), f3("f", 1);
  const std::string v1("\0\r\n", 3), v2(200, '\0');
  for (const std::string& pad : {std::string(), std::string(70, '\0')}) {  // listpack, then hashtable
    CHECK(store.run({"DEL", key}) == integer(pad.empty() ? 0 : 1));
    CHECK(store.run({"HSET", key, f1, v1, f2 + pad, v1 + pad, f3, ""}) == integer(3));
    CHECK(encoding(store, key) == (pad.empty() ? "listpack" : "hashtable"));
    CHECK(store.run({"HGET", key, f1}) == bulk(v1));
    CHECK(store.run({"HGET", key, f2 + pad}) == bulk(v1 + pad));
    CHECK(store.run({"HGET", key, f3}) == bulk(""));
    CHECK(store.run({"HGET", key, "f"}) == bulk(""));
    CHECK(store.run({"HEXISTS", key, std::string("f\0\0\0", 4)}) == integer(0));
    CHECK(store.run({"HSTRLEN", key, f2 + pad}) == integer(static_cast<long long>(3 + pad.size())));
    CHECK(store.run({"HSET", key, f1, v2}) == integer(0));
    CHECK(store.run({"HGET", key, f1}) == bulk(v2));
    CHECK(encoding(store, key) == "hashtable");
    CHECK(store.run({"HINCRBY", key, std::string("n\0", 2), "3"}) == integer(3));
    CHECK(store.run({"HDEL", key, f3, std::string("f\0x", 3)}) == integer(1));
    const auto all = hgetall(store, key);
    CHECK(all == std::map<std::string, std::string>{{f1, v2}, {f2 + pad, v1 + pad}, {std::string("n\0", 2), "3"}});
    CHECK(store.run({"HGET", "h", f1}) == nil());
  }
  // Long fields and values (multi-byte sizes in a packed pair).
  const std::string long_field(300, 'F'), long_value(100000, '\0');
  CHECK(store.run({"HSET", key, long_field, long_value}) == integer(1));
  CHECK(store.run({"HGET", key, long_field}) == bulk(long_value));
  CHECK(store.run({"HSTRLEN", key, long_field}) == integer(100000));
}

TEST_CASE("a hash expires as a whole; writes keep its TTL; HDEL of the last field drops it") {
  Store store;
  CHECK(store.run({"HSET", "h", "a", "1", "b", "2"}) == integer(2));
  CHECK(store.run({"PEXPIRE", "h", "100"}) == integer(1));
  store.advance(50ms);
  CHECK(store.run({"HSET", "h", "c", "3"}) == integer(1));
  CHECK(store.run({"HINCRBY", "h", "a", "1"}) == integer(2));
  CHECK(store.run({"HDEL", "h", "b"}) == integer(1));
  CHECK(store.run({"PTTL", "h"}) == integer(50));
  store.advance(50ms);
  CHECK(store.run({"HGET", "h", "a"}) == bulk("2"));
  store.advance(1ms);
  CHECK(store.run({"HGET", "h", "a"}) == nil());
  CHECK(store.run({"HLEN", "h"}) == integer(0));
  CHECK(store.run({"HGETALL", "h"}) == Value::map({}));
  CHECK(store.run({"HSCAN", "h", "0"}) == array({bulk("0"), array({})}));
  CHECK(store.run({"HRANDFIELD", "h"}) == nil());
  // An expired hash is a missing key: HSET starts afresh, without a TTL.
  CHECK(store.run({"HSET", "h", "z", "9"}) == integer(1));
  CHECK(store.run({"HGETALL", "h"}) == map({"z", "9"}));
  CHECK(store.run({"PTTL", "h"}) == integer(-1));

  CHECK(store.run({"PEXPIRE", "h", "100"}) == integer(1));
  CHECK(store.run({"HDEL", "h", "z"}) == integer(1));
  CHECK(store.run({"HSET", "h", "y", "1"}) == integer(1));
  CHECK(store.run({"PTTL", "h"}) == integer(-1));
  // Active expiry reclaims a hash too.
  fill(store, "big", 1000);
  CHECK(store.run({"PEXPIRE", "big", "10"}) == integer(1));
  store.advance(2s);
  CHECK(store.run({"DBSIZE"}) == integer(1));
}

// --- against a reference model --------------------------------------------------------

TEST_CASE("random operations agree with a std::map model, across both encodings") {
  Store store;
  std::mt19937_64 rng(20240601);
  std::map<std::string, std::string> model;
  auto random_field = [&](int range) { return "f" + std::to_string(rng() % static_cast<unsigned>(range)); };
  auto random_value = [&] {
    // Mostly short values; sometimes long enough to force the hashtable.
    const std::size_t size = rng() % 50 == 0 ? 70 : rng() % 12;
    std::string v(size, '\0');
    for (char& c : v) c = static_cast<char>('a' + rng() % 26);
    return v;
  };
  for (int round = 0; round < 6; ++round) {
    // Small ranges keep the hash a listpack; large ones grow it past 512.
    const int range = round % 2 == 0 ? 40 : 1500;
    for (int step = 0; step < 3000; ++step) {
      const std::string field = random_field(range);
      switch (rng() % 7) {
      case 0:
      case 1: {
        const std::string value = random_value();
        const bool is_new = !model.count(field);
        CHECK(store.run({"HSET", "h", field, value}) == integer(is_new));
        model[field] = value;
        break;
      }
      case 2: {
        const bool existed = model.erase(field) > 0;
        CHECK(store.run({"HDEL", "h", field}) == integer(existed));
        break;
      }
      case 3: {
        const auto it = model.find(field);
        CHECK(store.run({"HGET", "h", field}) == (it == model.end() ? nil() : bulk(it->second)));
        break;
      }
      case 4: {
        const std::string value = random_value();
        const bool is_new = !model.count(field);
        CHECK(store.run({"HSETNX", "h", field, value}) == integer(is_new));
        if (is_new) model[field] = value;
        break;
      }
      case 5: {
        auto it = model.find(field);
        const bool numeric = it == model.end() || parse_ok(it->second);
        const Value reply = store.run({"HINCRBY", "h", field, "3"});
        if (numeric) {
          const long long n = (it == model.end() ? 0 : std::stoll(it->second)) + 3;
          CHECK(reply == integer(n));
          model[field] = std::to_string(n);
        } else {
          CHECK(reply == err(kHashNotInteger));
        }
        break;
      }
      default:
        CHECK(store.run({"HLEN", "h"}) == integer(static_cast<long long>(model.size())));
      }
    }
    if (model.empty()) {
      CHECK(store.run({"EXISTS", "h"}) == integer(0));
      continue;
    }
    CHECK(hgetall(store, "h") == model);
    const auto seen = hscan_all(store, "h", "7");
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == model.size());
    // Empty the hash in random order every other round: the key must go.
    if (round % 2 == 1) {
      std::vector<std::string> fields;
      for (const auto& [f, v] : model) fields.push_back(f);
      std::shuffle(fields.begin(), fields.end(), rng);
      for (const auto& f : fields) CHECK(store.run({"HDEL", "h", f}) == integer(1));
      model.clear();
      CHECK(store.run({"EXISTS", "h"}) == integer(0));
    }
  }
}

// --- the typed API ----------------------------------------------------------------------

TEST_CASE("typed: HSET forms, HSETNX, HGET, HMGET, HGETALL") {
  Store store;
  CHECK(store->hset("h", "a", "1").get() == 1);
  CHECK(store->hset("h", {{"a", "2"}, {"b", "3"}}).get() == 1);
  const std::map<std::string, std::string> more{{"c", "4"}, {"d", "5"}};
  CHECK(store->hset("h", more).get() == 2);
  const std::vector<std::pair<std::string, std::string>> pairs{{"e", "6"}, {"a", "7"}};
  CHECK(store->hset("h", pairs).get() == 1);
  CHECK(store->hsetnx("h", "a", "x").get() == false);
  CHECK(store->hsetnx("h", "z", "26").get() == true);
  CHECK(store->hget("h", "a").get() == "7");
  CHECK(store->hget("h", "nope").get() == std::nullopt);
  CHECK(store->hget("missing", "a").get() == std::nullopt);
  using Optionals = std::vector<std::optional<std::string>>;
  CHECK(store->hmget("h", "a", "nope", "b").get() == Optionals{"7", std::nullopt, "3"});
  CHECK(store->hmget("h", std::vector<std::string>{"c", "d"}).get() == Optionals{"4", "5"});
  const std::unordered_map<std::string, std::string> all{{"a", "7"}, {"b", "3"}, {"c", "4"},
                                                         {"d", "5"}, {"e", "6"}, {"z", "26"}};
  CHECK(store->hgetall("h").get() == all);
  CHECK(store->hgetall("missing").get().empty());
  const std::string binary("\0b", 2);
  CHECK(store->hset("bin", binary, binary).get() == 1);
  CHECK(store->hget("bin", binary).get() == binary);
}

TEST_CASE("typed: HDEL, HEXISTS, HLEN, HKEYS, HVALS, HSTRLEN, HINCRBY, HINCRBYFLOAT") {
  Store store;
  CHECK(store->hset("h", {{"a", "1"}, {"b", "22"}, {"c", "333"}, {"d", "4"}}).get() == 4);
  CHECK(store->hexists("h", "a").get());
  CHECK_FALSE(store->hexists("h", "x").get());
  CHECK(store->hlen("h").get() == 4);
  CHECK(store->hstrlen("h", "c").get() == 3);
  CHECK(store->hkeys("h").get() == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(store->hvals("h").get() == std::vector<std::string>{"1", "22", "333", "4"});
  CHECK(store->hdel("h", "a", "x").get() == 1);
  CHECK(store->hdel("h", std::vector<std::string>{"b", "c"}).get() == 2);
  CHECK(store->hincrby("h", "d", 10).get() == 14);
  CHECK(store->hincrbyfloat("h", "f", 2.5).get() == 2.5);
  CHECK(store->hincrbyfloat("h", "f", -0.25).get() == 2.25);
  CHECK(store->hget("h", "f").get() == "2.25");
  CHECK(store->hdel("h", "d", "f").get() == 2);
  CHECK(store->exists("h").get() == 0);
  CHECK(store->hkeys("h").get().empty());

  CHECK(store->set("s", "v").get());
  try {
    store->hget("s", "f").get();
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::reply);
    CHECK(std::string(e.what()) == kWrongType);
  }
  CHECK(store->hset("h", "t", "text").get() == 1);
  CHECK_THROWS_AS(store->hincrby("h", "t", 1).get(), Error);
  CHECK_THROWS_AS(store->hincrbyfloat("h", "t", 1.0).get(), Error);
}

TEST_CASE("typed: HRANDFIELD forms") {
  Store store;
  CHECK(store->hrandfield("missing").get() == std::nullopt);
  CHECK(store->hrandfield("missing", 3).get().empty());
  CHECK(store->hrandfield_withvalues("missing", 3).get().empty());
  CHECK(store->hset("h", {{"a", "1"}, {"b", "2"}, {"c", "3"}}).get() == 3);
  const std::optional<std::string> one = store->hrandfield("h").get();
  REQUIRE(one);
  CHECK(store->hexists("h", *one).get());
  auto fields = store->hrandfield("h", 10).get();
  std::sort(fields.begin(), fields.end());
  CHECK(fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(store->hrandfield("h", -7).get().size() == 7);
  const auto pairs = store->hrandfield_withvalues("h", -5).get();
  REQUIRE(pairs.size() == 5);
  for (const auto& [field, value] : pairs) CHECK(store->hget("h", field).get() == value);
  CHECK(store->hrandfield_withvalues("h", 2).get().size() == 2);
}

TEST_CASE("typed: HSCAN pages through every field with its value") {
  Store store;
  for (int i = 0; i < 1000; ++i) store->hset("h", "f" + std::to_string(i), "v" + std::to_string(i));
  std::map<std::string, std::string> seen;
  std::uint64_t cursor = 0;
  int pages = 0;
  do {
    const not_redis::HashScanPage page = store->hscan("h", cursor, {.count = 50}).get();
    for (const auto& [field, value] : page.entries) seen[field] = value;
    cursor = page.cursor;
    ++pages;
  } while (cursor != 0);
  CHECK(pages > 1);
  CHECK(seen.size() == 1000);
  CHECK(seen.at("f123") == "v123");
  const auto matched = store->hscan("h", 0, {.match = "f99?", .count = 100000}).get();
  CHECK(matched.cursor == 0);
  CHECK(matched.entries.size() == 10);
  CHECK(store->hscan("missing", 0).get().entries.empty());
  CHECK_THROWS_AS(store->hscan("h", 0, {.type = "hash"}).get(), Error);  // SCAN's option only
}

// The usage example of the project's seed, with the typed API of a store on
// its own loop thread.
TEST_CASE("the seed's usage example") {
  not_redis::Client store;
  store.set("key", "value").get();
  CHECK(store.get("key").get() == "value");
  CHECK(store.hset("user:1", "name", "Ada").get() == 1);
  CHECK(store.hget("user:1", "name").get() == "Ada");
  CHECK(store.hget("user:1", "email").get() == std::nullopt);
  CHECK(store.expire("key", 10s).get());
  const auto ttl = store.ttl("key").get();
  CHECK(ttl.expiring());
  CHECK(ttl.remaining() == 10s);
  CHECK(store.ttl("user:1").get().state() == not_redis::TtlState::no_expiry);
  CHECK(store.ttl("nokey").get().state() == not_redis::TtlState::no_key);
}

TEST_CASE("hash-max-listpack-entries and -value decide OBJECT ENCODING at each write, as in Redis") {
  Store store;
  const auto encoding = [&](std::string_view key) { return store.run({"OBJECT", "ENCODING", key}); };
  REQUIRE(store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"}) == integer(3));
  REQUIRE(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "2"}) == ok());
  CHECK(encoding("h") == bulk("listpack"));  // a lower limit waits for the next write
  CHECK(store.run({"HSET", "h", "a", "5"}) == integer(0));
  CHECK(encoding("h") == bulk("hashtable"));
  CHECK(store.run({"HSET", "h2", "a", "1", "b", "2"}) == integer(2));
  CHECK(encoding("h2") == bulk("listpack"));
  CHECK(store.run({"HSET", "h2", "c", "3"}) == integer(1));
  CHECK(encoding("h2") == bulk("hashtable"));
  REQUIRE(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "0"}) == ok());
  CHECK(store.run({"HSET", "h3", "a", "1"}) == integer(1));
  CHECK(encoding("h3") == bulk("hashtable"));
  REQUIRE(store.run({"CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "3"}) == ok());
  CHECK(store.run({"HSET", "h4", "abcd", "1"}) == integer(1));
  CHECK(encoding("h4") == bulk("hashtable"));
  CHECK(store.run({"HSET", "h5", "abc", "123"}) == integer(1));
  CHECK(encoding("h5") == bulk("listpack"));
  CHECK(store.run({"HINCRBYFLOAT", "h5", "f", "1.2345"}) == bulk("1.2345"));
  CHECK(encoding("h5") == bulk("hashtable"));
  CHECK(store.run({"HSETNX", "h6", "f", "abcd"}) == integer(1));
  CHECK(encoding("h6") == bulk("hashtable"));
  CHECK(store.run({"HMGET", "h", "a", "b", "c"}) == bulks({"5", "2", "3"}));  // converted whole
}
