// The strings family, command by command, as redis-cli would show it.
// Every expected reply was checked against redis-server 7.0.
//
// WRONGTYPE: no other value type exists yet, so the type checks (written with
// lookup_read/lookup_write) cannot be reached from here; add those cases once
// a second family can create a non-string key.

#include <climits>
#include <map>
#include <string>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Error;
using not_redis::Expiry;
using not_redis::SetCondition;

namespace {

const std::string kOverflow = "ERR increment or decrement would overflow";
const std::string kNotFloat = "ERR value is not a valid float";
const std::string kNanOrInfinity = "ERR increment would produce NaN or Infinity";
const std::string kTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

Value invalid_expire(std::string_view command) {
  return err("ERR invalid expire time in '" + std::string(command) + "' command");
}

// Unix times `offset` from the store's clock, for EXAT and PXAT.
std::string at_seconds(Store& store, long long offset) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(store.clock.now()).count() + offset);
}
std::string at_ms(Store& store, long long offset) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(store.clock.now()).count() + offset);
}


// "hits misses", read from INFO stats.
std::string hits_and_misses(Store& store) {
  const std::string info = store.run({"INFO", "stats"}).string();
  auto field = [&](std::string_view name) {
    const std::size_t at = info.find(name);
    if (at == std::string::npos) return std::string("?");
    const std::size_t begin = at + name.size() + 1;
    return info.substr(begin, info.find_first_of("\r\n", begin) - begin);
  };
  return field("keyspace_hits") + " " + field("keyspace_misses");
}

} // namespace

// --- GET / SET -----------------------------------------------------------------

TEST_CASE("GET returns what SET stored") {
  Store store;
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SET", "k", "w"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("w"));
  CHECK(store.run({"SET", "n", "12345"}) == ok());
  CHECK(store.run({"GET", "n"}) == bulk("12345"));
  CHECK(store.run({"SET", "e", ""}) == ok());
  CHECK(store.run({"GET", "e"}) == bulk(""));
}

TEST_CASE("GET and SET are binary safe") {
  Store store;
  const std::string key("k\0ey", 4);
  const std::string value("v\0a\r\nl\0", 7);
  CHECK(store.run({"SET", key, value}) == ok());
  CHECK(store.run({"GET", key}) == bulk(value));
  CHECK(store.run({"GET", "k"}) == nil());
  const std::string long_value(1000, '\0');
  CHECK(store.run({"SET", key, long_value}) == ok());
  CHECK(store.run({"GET", key}) == bulk(long_value));
}

TEST_CASE("GET and SET arity") {
  Store store;
  CHECK(store.run({"GET"}) == arity_error("get"));
  CHECK(store.run({"GET", "a", "b"}) == arity_error("get"));
  CHECK(store.run({"SET", "k"}) == arity_error("set"));
}

TEST_CASE("SET NX and XX") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "XX"}) == nil());
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SET", "k", "v", "NX"}) == ok());
  CHECK(store.run({"SET", "k", "w", "NX"}) == nil());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SET", "k", "w", "xx"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("w"));
  // Repeating an option is fine; combining NX and XX is not.
  CHECK(store.run({"SET", "k", "x", "nx", "NX"}) == nil());
  CHECK(store.run({"SET", "k", "x", "NX", "XX"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "x", "XX", "NX"}) == err(kSyntax));
  CHECK(store.run({"GET", "k"}) == bulk("w"));
}

TEST_CASE("SET GET returns the old value, set or not") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "GET"}) == nil());
  CHECK(store.run({"SET", "k", "w", "get"}) == bulk("v"));
  CHECK(store.run({"SET", "k", "x", "GET", "GET"}) == bulk("w"));
  CHECK(store.run({"GET", "k"}) == bulk("x"));
  // With NX the old value comes back and nothing is set.
  CHECK(store.run({"SET", "k", "y", "NX", "GET"}) == bulk("x"));
  CHECK(store.run({"GET", "k"}) == bulk("x"));
  CHECK(store.run({"SET", "k", "y", "XX", "GET"}) == bulk("x"));
  CHECK(store.run({"GET", "k"}) == bulk("y"));
  CHECK(store.run({"SET", "missing", "v", "XX", "GET"}) == nil());
  CHECK(store.run({"GET", "missing"}) == nil());
  CHECK(store.run({"SET", "fresh", "v", "NX", "GET"}) == nil());
  CHECK(store.run({"GET", "fresh"}) == bulk("v"));
}

TEST_CASE("SET EX and PX expire the key") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "PX", "100"}) == ok());
  // As Redis (keyIsExpired: now > when): alive at its deadline, gone 1 ms later.
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"PTTL", "k"}) == integer(0));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SET", "k", "v", "ex", "2"}) == ok());
  store.advance(2000ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  // The last of repeated expire options wins.
  CHECK(store.run({"SET", "k", "v", "EX", "10", "EX", "1"}) == ok());
  store.advance(1s);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
  // Options in any order and case.
  CHECK(store.run({"SET", "k", "v", "Px", "100", "nX"}) == ok());
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
}

TEST_CASE("SET EXAT and PXAT take Unix times") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "EXAT", at_seconds(store, 2)}) == ok());
  store.advance(2000ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SET", "k", "v", "pxat", at_ms(store, 50)}) == ok());
  store.advance(50ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  // A time in the past is accepted, and the key is gone at once.
  CHECK(store.run({"SET", "k", "v", "EXAT", "1"}) == ok());
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SET", "k", "v", "PXAT", "9223372036854775807"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SET", "k", "v", "EXAT", "9223372036854775"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}

TEST_CASE("SET without KEEPTTL clears the TTL, with KEEPTTL keeps it") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "PX", "100"}) == ok());
  CHECK(store.run({"SET", "k", "w", "KEEPTTL"}) == ok());
  CHECK(store.run({"SET", "k", "x", "keepttl", "KEEPTTL", "XX"}) == ok());
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("x"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SET", "k", "v", "PX", "100"}) == ok());
  CHECK(store.run({"SET", "k", "w"}) == ok());
  store.advance(200ms);
  CHECK(store.run({"GET", "k"}) == bulk("w"));
  // KEEPTTL on a new key: no TTL.
  CHECK(store.run({"SET", "new", "v", "KEEPTTL"}) == ok());
  store.advance(1000s);
  CHECK(store.run({"GET", "new"}) == bulk("v"));
}

TEST_CASE("SET option errors") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "EX", "10", "PX", "10"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "PX", "10", "EXAT", "10"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "EXAT", "10", "PXAT", "10"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "KEEPTTL", "EX", "10"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "EX", "10", "KEEPTTL"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "EX"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "PERSIST"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "FOO"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "NXX"}) == err(kSyntax));
  // Options are checked before the expire value is read.
  CHECK(store.run({"SET", "k", "v", "EX", "abc", "NX", "XX"}) == err(kSyntax));
  CHECK(store.run({"SET", "k", "v", "EX", "abc"}) == err(kNotInteger));
  CHECK(store.run({"SET", "k", "v", "PX", "1.5"}) == err(kNotInteger));
  CHECK(store.run({"SET", "k", "v", "EX", "0"}) == invalid_expire("set"));
  CHECK(store.run({"SET", "k", "v", "EX", "-1"}) == invalid_expire("set"));
  CHECK(store.run({"SET", "k", "v", "PXAT", "0"}) == invalid_expire("set"));
  // Overflow of seconds * 1000, and of now + the amount.
  CHECK(store.run({"SET", "k", "v", "EX", "9223372036854775807"}) == invalid_expire("set"));
  CHECK(store.run({"SET", "k", "v", "EXAT", "9223372036854775807"}) == invalid_expire("set"));
  CHECK(store.run({"SET", "k", "v", "EX", "9223372036854775"}) == invalid_expire("set"));
  CHECK(store.run({"SET", "k", "v", "PX", "9223372036854775807"}) == invalid_expire("set"));
  // None of these touched the key, not even SET ... GET.
  CHECK(store.run({"SET", "k", "v", "GET", "EX", "0"}) == invalid_expire("set"));
  CHECK(store.run({"GET", "k"}) == nil());
}

// --- SETNX / SETEX / PSETEX ------------------------------------------------------

TEST_CASE("SETNX sets only a missing key") {
  Store store;
  CHECK(store.run({"SETNX", "k", "v"}) == integer(1));
  CHECK(store.run({"SETNX", "k", "w"}) == integer(0));
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SETNX", "k"}) == arity_error("setnx"));
  CHECK(store.run({"SETNX", "k", "v", "NX"}) == arity_error("setnx"));
  // An expired key counts as missing.
  CHECK(store.run({"SET", "t", "v", "PX", "10"}) == ok());
  store.advance(10ms);
  CHECK(store.run({"SETNX", "t", "w"}) == integer(0));
  store.advance(1ms);
  CHECK(store.run({"SETNX", "t", "w"}) == integer(1));
  CHECK(store.run({"GET", "t"}) == bulk("w"));
}

TEST_CASE("SETEX and PSETEX") {
  Store store;
  CHECK(store.run({"SETEX", "k", "2", "v"}) == ok());
  store.advance(2000ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"PSETEX", "k", "50", "v"}) == ok());
  store.advance(50ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SETEX", "k", "0", "v"}) == invalid_expire("setex"));
  CHECK(store.run({"SETEX", "k", "-5", "v"}) == invalid_expire("setex"));
  CHECK(store.run({"SETEX", "k", "9223372036854775807", "v"}) == invalid_expire("setex"));
  CHECK(store.run({"PSETEX", "k", "0", "v"}) == invalid_expire("psetex"));
  CHECK(store.run({"PSETEX", "k", "9223372036854775807", "v"}) == invalid_expire("psetex"));
  CHECK(store.run({"SETEX", "k", "abc", "v"}) == err(kNotInteger));
  CHECK(store.run({"PSETEX", "k", "1.0", "v"}) == err(kNotInteger));
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SETEX", "k", "10"}) == arity_error("setex"));
  CHECK(store.run({"PSETEX", "k", "10", "v", "x"}) == arity_error("psetex"));
}

// --- GETSET / GETDEL / GETEX -----------------------------------------------------

TEST_CASE("GETSET returns the old value and clears the TTL") {
  Store store;
  CHECK(store.run({"GETSET", "k", "v"}) == nil());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SET", "k", "w", "PX", "100"}) == ok());
  CHECK(store.run({"GETSET", "k", "x"}) == bulk("w"));
  store.advance(200ms);
  CHECK(store.run({"GET", "k"}) == bulk("x"));
  CHECK(store.run({"GETSET", "k"}) == arity_error("getset"));
}

TEST_CASE("GETDEL returns the value and deletes the key") {
  Store store;
  const std::string value("a\0b", 3);
  CHECK(store.run({"GETDEL", "k"}) == nil());
  CHECK(store.run({"SET", "k", value}) == ok());
  CHECK(store.run({"GETDEL", "k"}) == bulk(value));
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"GETDEL", "k"}) == nil());
  CHECK(store.run({"GETDEL"}) == arity_error("getdel"));
  CHECK(store.run({"GETDEL", "a", "b"}) == arity_error("getdel"));
}

TEST_CASE("GETEX reads and changes the TTL") {
  Store store;
  CHECK(store.run({"GETEX", "k"}) == nil());
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k"}) == bulk("v"));

  CHECK(store.run({"GETEX", "k", "PX", "100"}) == bulk("v"));
  store.advance(100ms);
  CHECK(store.run({"GETEX", "k"}) == bulk("v"));  // no option: the TTL stays
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k", "ex", "1"}) == bulk("v"));
  store.advance(1s);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());

  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k", "EXAT", at_seconds(store, 1)}) == bulk("v"));
  CHECK(store.run({"GETEX", "k", "PXAT", at_ms(store, 1500)}) == bulk("v"));
  store.advance(1500ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
}

TEST_CASE("GETEX PERSIST removes the TTL") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "PX", "100"}) == ok());
  CHECK(store.run({"GETEX", "k", "persist"}) == bulk("v"));
  store.advance(200ms);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"GETEX", "k", "PERSIST", "PERSIST"}) == bulk("v"));
}

TEST_CASE("GETEX with a time already past returns the value and deletes the key") {
  Store store;
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k", "EXAT", "1"}) == bulk("v"));
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k", "PXAT", at_ms(store, 0)}) == bulk("v"));
  CHECK(store.run({"GET", "k"}) == nil());
}

TEST_CASE("GETEX errors") {
  Store store;
  CHECK(store.run({"GETEX"}) == arity_error("getex"));
  CHECK(store.run({"GETEX", "k", "NX"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "KEEPTTL"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "GET"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "EX"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "PERSIST", "EX", "10"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "EX", "10", "PERSIST"}) == err(kSyntax));
  CHECK(store.run({"GETEX", "k", "EX", "10", "PX", "10"}) == err(kSyntax));
  // A missing key is nil before the expire value is read.
  CHECK(store.run({"GETEX", "k", "EX", "-1"}) == nil());
  CHECK(store.run({"GETEX", "k", "EX", "abc"}) == nil());
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GETEX", "k", "EX", "-1"}) == invalid_expire("getex"));
  CHECK(store.run({"GETEX", "k", "PX", "0"}) == invalid_expire("getex"));
  CHECK(store.run({"GETEX", "k", "EX", "9223372036854775807"}) == invalid_expire("getex"));
  CHECK(store.run({"GETEX", "k", "EX", "abc"}) == err(kNotInteger));
  store.advance(1000s);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}

// --- MSET / MSETNX / MGET --------------------------------------------------------

TEST_CASE("MSET and MGET") {
  Store store;
  CHECK(store.run({"MSET", "a", "1", "b", "2"}) == ok());
  CHECK(store.run({"MGET", "a", "missing", "b"}) == array({bulk("1"), nil(), bulk("2")}));
  // The last of a repeated key wins.
  CHECK(store.run({"MSET", "a", "x", "a", "y"}) == ok());
  CHECK(store.run({"MGET", "a"}) == bulks({"y"}));
  CHECK(store.run({"MSET", "a", "1", "b"}) == arity_error("mset"));
  CHECK(store.run({"MSET", "a"}) == arity_error("mset"));
  CHECK(store.run({"MGET"}) == arity_error("mget"));
  const std::string key("\0k", 2), value("\0v\0", 3);
  CHECK(store.run({"MSET", key, value}) == ok());
  CHECK(store.run({"MGET", key, "k"}) == array({bulk(value), nil()}));
}

TEST_CASE("MSET clears TTLs") {
  Store store;
  CHECK(store.run({"SET", "a", "v", "PX", "100"}) == ok());
  CHECK(store.run({"MSET", "a", "w"}) == ok());
  store.advance(200ms);
  CHECK(store.run({"MGET", "a"}) == bulks({"w"}));
}

TEST_CASE("MSETNX sets all keys or none") {
  Store store;
  CHECK(store.run({"MSETNX", "a", "1", "b", "2"}) == integer(1));
  CHECK(store.run({"MSETNX", "b", "3", "c", "4"}) == integer(0));
  CHECK(store.run({"MGET", "a", "b", "c"}) == array({bulk("1"), bulk("2"), nil()}));
  CHECK(store.run({"MSETNX", "c", "3", "d", "4", "c", "5"}) == integer(1));
  CHECK(store.run({"MGET", "c", "d"}) == bulks({"5", "4"}));
  CHECK(store.run({"MSETNX", "x", "1", "y"}) == arity_error("msetnx"));
  CHECK(store.run({"MGET", "x"}) == array({nil()}));
}

// --- APPEND / STRLEN ---------------------------------------------------------------

TEST_CASE("APPEND and STRLEN") {
  Store store;
  CHECK(store.run({"STRLEN", "k"}) == integer(0));
  CHECK(store.run({"APPEND", "k", "Hello"}) == integer(5));
  CHECK(store.run({"APPEND", "k", " World"}) == integer(11));
  CHECK(store.run({"GET", "k"}) == bulk("Hello World"));
  CHECK(store.run({"STRLEN", "k"}) == integer(11));
  // Appending nothing still creates the key.
  CHECK(store.run({"APPEND", "e", ""}) == integer(0));
  CHECK(store.run({"GET", "e"}) == bulk(""));
  // Integers are appended to as text.
  CHECK(store.run({"SET", "n", "12"}) == ok());
  CHECK(store.run({"STRLEN", "n"}) == integer(2));
  CHECK(store.run({"APPEND", "n", "34"}) == integer(4));
  CHECK(store.run({"INCR", "n"}) == integer(1235));
  CHECK(store.run({"APPEND", "k"}) == arity_error("append"));
  CHECK(store.run({"STRLEN"}) == arity_error("strlen"));
}

TEST_CASE("APPEND is binary safe and grows long strings") {
  Store store;
  const std::string part("\0x\0", 3);
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    expected += part;
    REQUIRE(store.run({"APPEND", "k", part}) == integer(static_cast<long long>(expected.size())));
  }
  CHECK(store.run({"GET", "k"}) == bulk(expected));
  CHECK(store.run({"STRLEN", "k"}) == integer(3000));
}

TEST_CASE("APPEND keeps the TTL") {
  Store store;
  CHECK(store.run({"SET", "k", "v", "PX", "100"}) == ok());
  CHECK(store.run({"APPEND", "k", "w"}) == integer(2));
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("vw"));
  store.advance(1ms);
  CHECK(store.run({"STRLEN", "k"}) == integer(0));
}

TEST_CASE("APPEND and SETRANGE respect proto-max-bulk-len") {
  Store store;
  CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "1mb"}) == ok());
  const std::string chunk(512 * 1024, 'x');
  CHECK(store.run({"APPEND", "k", chunk}) == integer(512 * 1024));
  CHECK(store.run({"APPEND", "k", chunk}) == integer(1024 * 1024));
  CHECK(store.run({"APPEND", "k", "y"}) == err(kTooLong));
  CHECK(store.run({"STRLEN", "k"}) == integer(1024 * 1024));
  CHECK(store.run({"SETRANGE", "k", "1048575", "z"}) == integer(1024 * 1024));
  CHECK(store.run({"SETRANGE", "k", "1048576", "z"}) == err(kTooLong));
  CHECK(store.run({"SETRANGE", "new", "1048575", "zz"}) == err(kTooLong));
  CHECK(store.run({"GETRANGE", "k", "-2", "-1"}) == bulk("xz"));
  CHECK(store.run({"STRLEN", "new"}) == integer(0));
}

// --- GETRANGE / SUBSTR / SETRANGE ----------------------------------------------------

TEST_CASE("GETRANGE") {
  Store store;
  CHECK(store.run({"GETRANGE", "k", "0", "-1"}) == bulk(""));
  CHECK(store.run({"SET", "k", "Hello World"}) == ok());
  CHECK(store.run({"GETRANGE", "k", "0", "3"}) == bulk("Hell"));
  CHECK(store.run({"GETRANGE", "k", "-3", "-1"}) == bulk("rld"));
  CHECK(store.run({"GETRANGE", "k", "0", "-1"}) == bulk("Hello World"));
  CHECK(store.run({"GETRANGE", "k", "10", "100"}) == bulk("d"));
  CHECK(store.run({"GETRANGE", "k", "-1", "-5"}) == bulk(""));
  CHECK(store.run({"GETRANGE", "k", "5", "3"}) == bulk(""));
  CHECK(store.run({"GETRANGE", "k", "-100", "-50"}) == bulk("H"));
  CHECK(store.run({"GETRANGE", "k", "-100", "2"}) == bulk("Hel"));
  CHECK(store.run({"GETRANGE", "k", "9223372036854775807", "-9223372036854775808"}) == bulk(""));
  CHECK(store.run({"GETRANGE", "k", "-9223372036854775808", "9223372036854775807"}) == bulk("Hello World"));
  CHECK(store.run({"SUBSTR", "k", "0", "1"}) == bulk("He"));
  CHECK(store.run({"GETRANGE", "k", "a", "1"}) == err(kNotInteger));
  CHECK(store.run({"GETRANGE", "k", "0", "1.0"}) == err(kNotInteger));
  CHECK(store.run({"GETRANGE", "k", "0"}) == arity_error("getrange"));
  CHECK(store.run({"SUBSTR", "k", "0"}) == arity_error("substr"));
  CHECK(store.run({"SET", "e", ""}) == ok());
  CHECK(store.run({"GETRANGE", "e", "0", "-1"}) == bulk(""));
  CHECK(store.run({"SET", "n", "-12345"}) == ok());
  CHECK(store.run({"GETRANGE", "n", "1", "2"}) == bulk("12"));
  const std::string binary("a\0b\0c", 5);
  CHECK(store.run({"SET", "b", binary}) == ok());
  CHECK(store.run({"GETRANGE", "b", "1", "3"}) == bulk(std::string("\0b\0", 3)));
}

TEST_CASE("SETRANGE") {
  Store store;
  CHECK(store.run({"SET", "k", "Hello World"}) == ok());
  CHECK(store.run({"SETRANGE", "k", "6", "Redis"}) == integer(11));
  CHECK(store.run({"GET", "k"}) == bulk("Hello Redis"));
  // Past the end, the gap is zero-filled.
  CHECK(store.run({"SETRANGE", "k", "13", "!"}) == integer(14));
  CHECK(store.run({"GET", "k"}) == bulk(std::string("Hello Redis\0\0!", 14)));
  CHECK(store.run({"SETRANGE", "new", "2", "ab"}) == integer(4));
  CHECK(store.run({"GET", "new"}) == bulk(std::string("\0\0ab", 4)));
  // On an integer value, as text.
  CHECK(store.run({"SET", "n", "1234"}) == ok());
  CHECK(store.run({"SETRANGE", "n", "1", "9"}) == integer(4));
  CHECK(store.run({"INCR", "n"}) == integer(1935));
  const std::string binary("\0\r\n", 3);
  CHECK(store.run({"SETRANGE", "n", "0", binary}) == integer(4));
  CHECK(store.run({"GET", "n"}) == bulk(std::string("\0\r\n5", 4)));
}

TEST_CASE("SETRANGE with an empty value changes nothing") {
  Store store;
  CHECK(store.run({"SETRANGE", "k", "0", ""}) == integer(0));
  CHECK(store.run({"SETRANGE", "k", "536870912", ""}) == integer(0));
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SET", "k", "hello"}) == ok());
  CHECK(store.run({"SETRANGE", "k", "9223372036854775807", ""}) == integer(5));
  CHECK(store.run({"GET", "k"}) == bulk("hello"));
}

TEST_CASE("SETRANGE errors") {
  Store store;
  CHECK(store.run({"SETRANGE", "k", "-1", "x"}) == err("ERR offset is out of range"));
  CHECK(store.run({"SETRANGE", "k", "-1", ""}) == err("ERR offset is out of range"));
  CHECK(store.run({"SETRANGE", "k", "abc", "x"}) == err(kNotInteger));
  CHECK(store.run({"SETRANGE", "k", "536870912", "x"}) == err(kTooLong));
  CHECK(store.run({"SETRANGE", "k", "9223372036854775807", "x"}) == err(kTooLong));
  CHECK(store.run({"GET", "k"}) == nil());
  CHECK(store.run({"SETRANGE", "k", "0"}) == arity_error("setrange"));
}

TEST_CASE("SETRANGE keeps the TTL") {
  Store store;
  CHECK(store.run({"SET", "k", "abc", "PX", "100"}) == ok());
  CHECK(store.run({"SETRANGE", "k", "1", "X"}) == integer(3));
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("aXc"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
}

// --- INCR / DECR / INCRBY / DECRBY -----------------------------------------------

TEST_CASE("INCR, DECR, INCRBY and DECRBY") {
  Store store;
  CHECK(store.run({"INCR", "a"}) == integer(1));
  CHECK(store.run({"INCR", "a"}) == integer(2));
  CHECK(store.run({"DECR", "b"}) == integer(-1));
  CHECK(store.run({"INCRBY", "c", "-5"}) == integer(-5));
  CHECK(store.run({"DECRBY", "d", "5"}) == integer(-5));
  CHECK(store.run({"DECRBY", "d", "-15"}) == integer(10));
  CHECK(store.run({"INCRBY", "d", "0"}) == integer(10));
  CHECK(store.run({"GET", "d"}) == bulk("10"));
  CHECK(store.run({"SET", "e", "-100"}) == ok());
  CHECK(store.run({"INCRBY", "e", "101"}) == integer(1));
  CHECK(store.run({"APPEND", "e", "7"}) == integer(2));
  CHECK(store.run({"INCR", "e"}) == integer(18));
}

TEST_CASE("INCR rejects values that are not Redis integers") {
  Store store;
  for (const char* value : {"abc", " 1", "1 ", "1.5", "007", "+1", "-0", "", "9223372036854775808"}) {
    CAPTURE(value);
    CHECK(store.run({"SET", "k", value}) == ok());
    CHECK(store.run({"INCR", "k"}) == err(kNotInteger));
    CHECK(store.run({"GET", "k"}) == bulk(value));
  }
  CHECK(store.run({"SET", "k", std::string("1\0", 2)}) == ok());
  CHECK(store.run({"INCR", "k"}) == err(kNotInteger));
  CHECK(store.run({"INCRBY", "n", "1.5"}) == err(kNotInteger));
  CHECK(store.run({"INCRBY", "n", ""}) == err(kNotInteger));
  CHECK(store.run({"DECRBY", "n", "x"}) == err(kNotInteger));
  CHECK(store.run({"GET", "n"}) == nil());
}

TEST_CASE("INCR detects overflow") {
  Store store;
  CHECK(store.run({"SET", "k", "9223372036854775807"}) == ok());
  CHECK(store.run({"INCR", "k"}) == err(kOverflow));
  CHECK(store.run({"DECR", "k"}) == integer(9223372036854775806));
  CHECK(store.run({"INCRBY", "k", "2"}) == err(kOverflow));
  CHECK(store.run({"SET", "k", "-9223372036854775808"}) == ok());
  CHECK(store.run({"DECR", "k"}) == err(kOverflow));
  CHECK(store.run({"INCRBY", "k", "-1"}) == err(kOverflow));
  CHECK(store.run({"INCRBY", "k", "9223372036854775807"}) == integer(-1));
  CHECK(store.run({"SET", "k", "-5"}) == ok());
  CHECK(store.run({"DECRBY", "k", "9223372036854775804"}) == err(kOverflow));
  CHECK(store.run({"DECRBY", "k", "9223372036854775803"}) == integer(-9223372036854775807 - 1));
  CHECK(store.run({"SET", "k", "5"}) == ok());
  CHECK(store.run({"INCRBY", "k", "9223372036854775807"}) == err(kOverflow));
  CHECK(store.run({"GET", "k"}) == bulk("5"));
}

TEST_CASE("DECRBY of LLONG_MIN") {
  Store store;
  CHECK(store.run({"DECRBY", "k", "-9223372036854775808"}) == err("ERR decrement would overflow"));
  CHECK(store.run({"SET", "k", "not a number"}) == ok());
  CHECK(store.run({"DECRBY", "k", "-9223372036854775808"}) == err("ERR decrement would overflow"));
  CHECK(store.run({"SET", "k", "-5"}) == ok());
  CHECK(store.run({"INCRBY", "k", "-9223372036854775808"}) == err(kOverflow));
  CHECK(store.run({"SET", "k", "5"}) == ok());
  CHECK(store.run({"INCRBY", "k", "-9223372036854775808"}) == integer(-9223372036854775803));
}

TEST_CASE("INCR keeps the TTL") {
  Store store;
  CHECK(store.run({"SET", "k", "1", "PX", "100"}) == ok());
  CHECK(store.run({"INCR", "k"}) == integer(2));
  CHECK(store.run({"DECRBY", "k", "10"}) == integer(-8));
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("-8"));
  store.advance(1ms);
  CHECK(store.run({"INCR", "k"}) == integer(1));
  store.advance(1000s);
  CHECK(store.run({"GET", "k"}) == bulk("1"));
}

TEST_CASE("INCR family arity") {
  Store store;
  CHECK(store.run({"INCR"}) == arity_error("incr"));
  CHECK(store.run({"DECR", "a", "b"}) == arity_error("decr"));
  CHECK(store.run({"INCRBY", "a"}) == arity_error("incrby"));
  CHECK(store.run({"DECRBY", "a", "1", "2"}) == arity_error("decrby"));
  CHECK(store.run({"INCRBYFLOAT", "a"}) == arity_error("incrbyfloat"));
}

// --- INCRBYFLOAT -------------------------------------------------------------------

TEST_CASE("INCRBYFLOAT") {
  Store store;
  CHECK(store.run({"INCRBYFLOAT", "f", "10.5"}) == bulk("10.5"));
  CHECK(store.run({"INCRBYFLOAT", "f", "0.1"}) == bulk("10.6"));
  CHECK(store.run({"INCRBYFLOAT", "f", "-5e3"}) == bulk("-4989.39999999999999991"));
  CHECK(store.run({"SET", "f", "5.0e3"}) == ok());
  CHECK(store.run({"INCRBYFLOAT", "f", "2.0e2"}) == bulk("5200"));
  CHECK(store.run({"GET", "f"}) == bulk("5200"));
  CHECK(store.run({"INCR", "f"}) == integer(5201));
  CHECK(store.run({"SET", "n", "10"}) == ok());
  CHECK(store.run({"INCRBYFLOAT", "n", "0.1"}) == bulk("10.1"));
  CHECK(store.run({"INCRBYFLOAT", "n", "1e1"}) == bulk("20.1"));
  CHECK(store.run({"INCRBYFLOAT", "n", "0x10"}) == bulk("36.1"));
  CHECK(store.run({"INCRBYFLOAT", "n", ".5"}) == bulk("36.6"));
  CHECK(store.run({"INCRBYFLOAT", "n", "5."}) == bulk("41.6"));
  CHECK(store.run({"INCRBYFLOAT", "n", "+1"}) == bulk("42.6"));
  CHECK(store.run({"INCRBYFLOAT", "z", "-0"}) == bulk("0"));
  CHECK(store.run({"INCRBYFLOAT", "w", "1.5e-3"}) == bulk("0.0015"));
  CHECK(store.run({"INCRBYFLOAT", "w", "1e-20"}) == bulk("0.0015"));
  CHECK(store.run({"SET", "g", "1e308"}) == ok());
  CHECK(store.run({"INCRBYFLOAT", "g", "1e308"}) ==
        bulk("199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640"
             "893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791"
             "577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156"
             "096"));
}

TEST_CASE("INCRBYFLOAT errors") {
  Store store;
  CHECK(store.run({"INCRBYFLOAT", "f", "abc"}) == err(kNotFloat));
  CHECK(store.run({"INCRBYFLOAT", "f", "nan"}) == err(kNotFloat));
  CHECK(store.run({"INCRBYFLOAT", "f", " 1"}) == err(kNotFloat));
  CHECK(store.run({"INCRBYFLOAT", "f", "1 "}) == err(kNotFloat));
  CHECK(store.run({"INCRBYFLOAT", "f", ""}) == err(kNotFloat));
  CHECK(store.run({"INCRBYFLOAT", "f", "inf"}) == err(kNanOrInfinity));
  CHECK(store.run({"INCRBYFLOAT", "f", "-inf"}) == err(kNanOrInfinity));
  CHECK(store.run({"GET", "f"}) == nil());
  CHECK(store.run({"SET", "s", "Hello World"}) == ok());
  CHECK(store.run({"INCRBYFLOAT", "s", "1"}) == err(kNotFloat));
  CHECK(store.run({"GET", "s"}) == bulk("Hello World"));
}

TEST_CASE("INCRBYFLOAT keeps the TTL") {
  Store store;
  CHECK(store.run({"SET", "k", "1.5", "PX", "100"}) == ok());
  CHECK(store.run({"INCRBYFLOAT", "k", "1"}) == bulk("2.5"));
  store.advance(100ms);
  CHECK(store.run({"GET", "k"}) == bulk("2.5"));
  store.advance(1ms);
  CHECK(store.run({"GET", "k"}) == nil());
}

// --- LCS -----------------------------------------------------------------------------

TEST_CASE("LCS") {
  Store store;
  CHECK(store.run({"MSET", "k1", "ohmytext", "k2", "mynewtext"}) == ok());
  CHECK(store.run({"LCS", "k1", "k2"}) == bulk("mytext"));
  CHECK(store.run({"LCS", "k1", "k2", "LEN"}) == integer(6));
  CHECK(store.run({"LCS", "k1", "k2", "len", "LEN"}) == integer(6));
  CHECK(store.run({"LCS", "k1", "missing"}) == bulk(""));
  CHECK(store.run({"LCS", "missing", "k1", "len"}) == integer(0));
  CHECK(store.run({"LCS", "k1", "k1"}) == bulk("ohmytext"));
}

TEST_CASE("LCS IDX lists the matches, last first") {
  Store store;
  CHECK(store.run({"MSET", "k1", "ohmytext", "k2", "mynewtext"}) == ok());
  CHECK(store.run({"LCS", "k1", "k2", "IDX"}) ==
        Value::map({bulk("matches"),
                    array({array({array({integer(4), integer(7)}), array({integer(5), integer(8)})}),
                           array({array({integer(2), integer(3)}), array({integer(0), integer(1)})})}),
                    bulk("len"), integer(6)}));
  CHECK(store.run({"LCS", "k1", "k2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}) ==
        Value::map({bulk("matches"),
                    array({array({array({integer(4), integer(7)}), array({integer(5), integer(8)}), integer(4)})}),
                    bulk("len"), integer(6)}));
  CHECK(store.run({"LCS", "k1", "k2", "idx", "minmatchlen", "-5", "withmatchlen"}) ==
        Value::map({bulk("matches"),
                    array({array({array({integer(4), integer(7)}), array({integer(5), integer(8)}), integer(4)}),
                           array({array({integer(2), integer(3)}), array({integer(0), integer(1)}), integer(2)})}),
                    bulk("len"), integer(6)}));
  CHECK(store.run({"LCS", "k1", "missing", "IDX"}) ==
        Value::map({bulk("matches"), array({}), bulk("len"), integer(0)}));
}

TEST_CASE("LCS is binary safe") {
  Store store;
  const std::string a("a\0b\0c", 5), b("\0\0c", 3);
  CHECK(store.run({"MSET", "a", a, "b", b}) == ok());
  CHECK(store.run({"LCS", "a", "b"}) == bulk(std::string("\0\0c", 3)));
  CHECK(store.run({"LCS", "a", "b", "IDX"}) ==
        Value::map({bulk("matches"),
                    array({array({array({integer(3), integer(4)}), array({integer(1), integer(2)})}),
                           array({array({integer(1), integer(1)}), array({integer(0), integer(0)})})}),
                    bulk("len"), integer(3)}));
}

TEST_CASE("LCS errors") {
  Store store;
  CHECK(store.run({"MSET", "k1", "ohmytext", "k2", "mynewtext"}) == ok());
  CHECK(store.run({"LCS", "k1"}) == arity_error("lcs"));
  CHECK(store.run({"LCS", "k1", "k2", "LEN", "IDX"}) ==
        err("ERR If you want both the length and indexes, please just use IDX."));
  CHECK(store.run({"LCS", "k1", "k2", "MINMATCHLEN"}) == err(kSyntax));
  CHECK(store.run({"LCS", "k1", "k2", "MINMATCHLEN", "x"}) == err(kNotInteger));
  CHECK(store.run({"LCS", "k1", "k2", "foo"}) == err(kSyntax));
  CHECK(store.run({"LCS", "k1", "k2", "LEN", "IDX", "foo"}) == err(kSyntax));
  // The table would be (12001 * 12001) * 4 bytes, more than proto-max-bulk-len.
  CHECK(store.run({"MSET", "big1", std::string(12000, 'a'), "big2", std::string(12000, 'a')}) == ok());
  CHECK(store.run({"LCS", "big1", "big2", "LEN"}) ==
        err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"));
}

TEST_CASE("LCS of expired keys sees empty strings") {
  Store store;
  CHECK(store.run({"SET", "a", "abc", "PX", "10"}) == ok());
  CHECK(store.run({"SET", "b", "abc"}) == ok());
  CHECK(store.run({"LCS", "a", "b"}) == bulk("abc"));
  store.advance(10ms);
  CHECK(store.run({"LCS", "a", "b", "LEN"}) == integer(3));
  store.advance(1ms);
  CHECK(store.run({"LCS", "a", "b", "LEN"}) == integer(0));
}

// --- Typed API -----------------------------------------------------------------------

TEST_CASE("typed GET and SET") {
  Store store;
  CHECK(store->get("k").get() == std::nullopt);
  CHECK(store->set("k", "v").get());
  CHECK(store->get("k").get() == "v");
  CHECK_FALSE(store->set("k", "w", {}, SetCondition::if_not_exists).get());
  CHECK(store->set("k", "w", {}, SetCondition::if_exists).get());
  CHECK_FALSE(store->set("missing", "w", {}, SetCondition::if_exists).get());
  CHECK(store->get("k").get() == "w");
  const std::string binary("\0a\0", 3);
  CHECK(store->set(binary, binary).get());
  CHECK(store->get(binary).get() == binary);
}

TEST_CASE("typed SET with an expiry") {
  Store store;
  CHECK(store->set("k", "v", Expiry::in(10s)).get());
  store.advance(10s);
  CHECK(store->get("k").get() == "v");
  store.advance(1ms);
  CHECK(store->get("k").get() == std::nullopt);

  CHECK(store->set("k", "v", Expiry::in(1500ms)).get());
  CHECK(store->set("k", "w", Expiry::keep(), SetCondition::if_exists).get());
  store.advance(1500ms);
  CHECK(store->get("k").get() == "w");
  store.advance(1ms);
  CHECK(store->get("k").get() == std::nullopt);

  const std::chrono::sys_time<std::chrono::microseconds> deadline(store.clock.now() + 5s);
  CHECK(store->set("k", "v", Expiry::at(deadline)).get());
  store.advance(5s);
  CHECK(store->get("k").get() == "v");
  store.advance(1ms);
  CHECK(store->get("k").get() == std::nullopt);

  CHECK(reply_error([&] { store->set("k", "v", Expiry::in(0s)).get(); }) == "ERR invalid expire time in 'set' command");
}

TEST_CASE("typed SET ... GET, GETSET, GETDEL, GETEX") {
  Store store;
  CHECK(store->set_get("k", "v").get() == std::nullopt);
  CHECK(store->set_get("k", "w").get() == "v");
  CHECK(store->set_get("k", "x", {}, SetCondition::if_not_exists).get() == "w");
  CHECK(store->get("k").get() == "w");
  CHECK(store->getset("k", "y").get() == "w");
  CHECK(store->getdel("k").get() == "y");
  CHECK(store->getdel("k").get() == std::nullopt);

  CHECK(store->set("k", "v").get());
  CHECK(store->getex("k", Expiry::in(100ms)).get() == "v");
  CHECK(store->getex("k").get() == "v");
  CHECK(store->getex("k", Expiry::persist()).get() == "v");
  store.advance(200ms);
  CHECK(store->getex("k").get() == "v");
  CHECK(store->getex("k", Expiry::in(1s)).get() == "v");
  store.advance(1s);
  CHECK(store->getex("k").get() == "v");
  store.advance(1ms);
  CHECK(store->getex("k").get() == std::nullopt);
  CHECK(reply_error([&] { store->getex("k", Expiry::keep()).get(); }) == kSyntax);
}

TEST_CASE("typed SETNX, SETEX, PSETEX") {
  Store store;
  CHECK(store->setnx("k", "v").get());
  CHECK_FALSE(store->setnx("k", "w").get());
  store->setex("e", 2s, "v").get();
  store->psetex("p", 50ms, "v").get();
  store.advance(50ms);
  CHECK(store->get("p").get() == "v");
  store.advance(1ms);
  CHECK(store->get("p").get() == std::nullopt);
  CHECK(store->get("e").get() == "v");
  store.advance(1949ms);
  CHECK(store->get("e").get() == "v");
  store.advance(1ms);
  CHECK(store->get("e").get() == std::nullopt);
  CHECK(reply_error([&] { store->setex("e", 0s, "v").get(); }) == "ERR invalid expire time in 'setex' command");
}

TEST_CASE("typed MSET, MSETNX, MGET") {
  Store store;
  store->mset({{"a", "1"}, {"b", "2"}}).get();
  CHECK(store->mget("a", "b", "c").get() ==
        std::vector<std::optional<std::string>>{"1", "2", std::nullopt});
  const std::map<std::string, std::string> more{{"c", "3"}, {"d", "4"}};
  store->mset(more).get();
  const std::vector<std::string> keys{"a", "d", "x"};
  CHECK(store->mget(keys).get() == std::vector<std::optional<std::string>>{"1", "4", std::nullopt});
  CHECK(store->mget(std::string("c")).get() == std::vector<std::optional<std::string>>{"3"});
  CHECK_FALSE(store->msetnx({{"x", "1"}, {"a", "2"}}).get());
  CHECK(store->msetnx(std::map<std::string, std::string>{{"x", "1"}, {"y", "2"}}).get());
  CHECK(store->mget("x", "y").get() == std::vector<std::optional<std::string>>{"1", "2"});
}

TEST_CASE("typed APPEND, STRLEN, GETRANGE, SETRANGE") {
  Store store;
  CHECK(store->append("k", "Hello").get() == 5);
  CHECK(store->append("k", " World").get() == 11);
  CHECK(store->strlen("k").get() == 11);
  CHECK(store->strlen("missing").get() == 0);
  CHECK(store->getrange("k", 0, 4).get() == "Hello");
  CHECK(store->getrange("k", -5, -1).get() == "World");
  CHECK(store->getrange("missing", 0, -1).get() == "");
  CHECK(store->setrange("k", 6, "Redis").get() == 11);
  CHECK(store->get("k").get() == "Hello Redis");
  CHECK(reply_error([&] { store->setrange("k", -1, "x").get(); }) == "ERR offset is out of range");
}

TEST_CASE("typed INCR family") {
  Store store;
  CHECK(store->incr("k").get() == 1);
  CHECK(store->incrby("k", 10).get() == 11);
  CHECK(store->decr("k").get() == 10);
  CHECK(store->decrby("k", 20).get() == -10);
  CHECK(store->incrbyfloat("f", 1.5).get() == 1.5);
  CHECK(store->incrbyfloat("f", 0.25).get() == 1.75);
  CHECK(store->get("f").get() == "1.75");
  CHECK(store->set("s", "abc").get());
  CHECK(reply_error([&] { store->incr("s").get(); }) == kNotInteger);
  CHECK(reply_error([&] { store->incrbyfloat("s", 1).get(); }) == kNotFloat);
  CHECK(reply_error([&] { store->decrby("k", LLONG_MIN).get(); }) == "ERR decrement would overflow");
  CHECK(store->set("max", "9223372036854775807").get());
  CHECK(reply_error([&] { store->incr("max").get(); }) == kOverflow);
}

TEST_CASE("typed LCS") {
  Store store;
  store->mset({{"k1", "ohmytext"}, {"k2", "mynewtext"}}).get();
  CHECK(store->lcs("k1", "k2").get() == "mytext");
  CHECK(store->lcs_len("k1", "k2").get() == 6);
  CHECK(store->lcs_len("k1", "missing").get() == 0);
}

// --- Keyspace statistics ----------------------------------------------------------

TEST_CASE("reads count keyspace hits and misses, writes do not") {
  Store store;
  CHECK(store.run({"SET", "a", "1"}) == ok());
  CHECK(hits_and_misses(store) == "0 0");
  store.run({"GET", "a"});
  store.run({"GET", "b"});
  CHECK(hits_and_misses(store) == "1 1");
  store.run({"MGET", "a", "b", "c"});
  CHECK(hits_and_misses(store) == "2 3");
  store.run({"SET", "a", "2", "GET"});
  store.run({"SET", "b", "2", "GET"});
  CHECK(hits_and_misses(store) == "3 4");
  store.run({"INCR", "a"});
  store.run({"INCRBYFLOAT", "a", "1"});
  store.run({"APPEND", "a", "1"});
  store.run({"SETRANGE", "a", "0", "1"});
  store.run({"SETNX", "a", "1"});
  store.run({"MSETNX", "a", "1"});
  store.run({"SET", "a", "1", "NX"});
  CHECK(hits_and_misses(store) == "3 4");
  store.run({"STRLEN", "a"});
  store.run({"GETRANGE", "a", "0", "1"});
  CHECK(hits_and_misses(store) == "5 4");
  store.run({"LCS", "a", "zz"});
  CHECK(hits_and_misses(store) == "6 5");
  store.run({"GETEX", "a"});
  store.run({"GETSET", "a", "1"});
  store.run({"GETDEL", "a"});
  CHECK(hits_and_misses(store) == "9 5");
  store.run({"SUBSTR", "a", "0", "1"});
  CHECK(hits_and_misses(store) == "9 6");
}
