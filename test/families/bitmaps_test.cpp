// The bitmap commands, as redis-cli would show them. Every expected reply was
// checked against redis-server 7.0 (the curated parity script
// test/parity/scripts/bitmaps.hpp sends these and more to both); the counts
// over large random values are checked against a bit-by-bit count computed
// here.

#include <random>
#include <string>

#include "harness.hpp"

using namespace test;
using not_redis::BitField;
using not_redis::BitFieldOffset;
using not_redis::BitFieldType;
using not_redis::BitOperation;
using not_redis::BitOverflow;
using not_redis::BitRange;
using not_redis::BitUnit;

namespace {

const std::string kBadOffset = "ERR bit offset is not an integer or out of range";
const std::string kBadBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

// Bit i of s, most significant bit of byte 0 first, as Redis numbers them.
bool bit_at(const std::string& s, std::size_t i) { return (static_cast<unsigned char>(s[i / 8]) >> (7 - i % 8)) & 1; }

} // namespace

TEST_CASE("SETBIT and GETBIT address bits from the most significant of byte 0, growing the string with zeros") {
  Store store;
  CHECK(store.run({"SETBIT", "b", "7", "1"}) == integer(0));
  CHECK(store.run({"SETBIT", "b", "7", "1"}) == integer(1));
  CHECK(store.run({"GET", "b"}) == bulk("\x01"));
  CHECK(store.run({"SETBIT", "b", "100", "1"}) == integer(0));
  CHECK(store.run({"STRLEN", "b"}) == integer(13));
  CHECK(store.run({"GETBIT", "b", "100"}) == integer(1));
  CHECK(store.run({"GETBIT", "b", "99"}) == integer(0));
  CHECK(store.run({"GETBIT", "b", "1000000"}) == integer(0));
  CHECK(store.run({"GETBIT", "nosuch", "3"}) == integer(0));
  CHECK(store.run({"OBJECT", "ENCODING", "b"}) == bulk("raw"));
  // An integer value is its decimal digits.
  CHECK(store.run({"SET", "n", "12345"}) == ok());
  CHECK(store.run({"GETBIT", "n", "2"}) == integer(1));
  CHECK(store.run({"SETBIT", "n", "0", "1"}) == integer(0));
  CHECK(store.run({"GET", "n"}) == bulk("\xb1" "2345"));
  CHECK(store.run({"OBJECT", "ENCODING", "n"}) == bulk("raw"));
  // A TTL survives.
  CHECK(store.run({"EXPIRE", "b", "100"}) == integer(1));
  CHECK(store.run({"SETBIT", "b", "3", "1"}) == integer(0));
  CHECK(store.run({"TTL", "b"}) == integer(100));
}

TEST_CASE("SETBIT and GETBIT refuse bad offsets and bits with Redis's errors") {
  Store store;
  for (const char* offset : {"-1", "abc", "4294967296", "1.5", ""}) {
    CHECK(store.run({"SETBIT", "b", offset, "1"}) == err(kBadOffset));
    CHECK(store.run({"GETBIT", "b", offset}) == err(kBadOffset));
  }
  for (const char* bit : {"2", "-1", "x", " 1"})
    CHECK(store.run({"SETBIT", "b", "1", bit}) == err("ERR bit is not an integer or out of range"));
  CHECK(store.run({"EXISTS", "b"}) == integer(0));
  CHECK(store.run({"CONFIG", "SET", "proto-max-bulk-len", "1mb"}) == ok());
  CHECK(store.run({"SETBIT", "b", "8388608", "1"}) == err(kBadOffset));
  CHECK(store.run({"SETBIT", "b", "8388607", "1"}) == integer(0));
  CHECK(store.run({"STRLEN", "b"}) == integer(1048576));
  CHECK(store.run({"RPUSH", "list", "a"}) == integer(1));
  CHECK(store.run({"SETBIT", "list", "1", "1"}) == err(kWrongType));
  CHECK(store.run({"GETBIT", "list", "1"}) == err(kWrongType));
}

namespace {

// How many attempts transaction() needs when `between` runs between its
// WATCH of `key` and its EXEC on the first attempt: 1 if `between` wrote
// nothing, 2 if it changed the key.
int attempts_around(Store& store, std::string_view key, std::initializer_list<std::string_view> between) {
  int attempts = 0;
  store->transaction({std::string(key)}, [&](not_redis::Transaction& tx) {
    if (++attempts == 1) store.run(between);
    tx.get(key);
  });
  return attempts;
}

} // namespace

TEST_CASE("SETBIT of a bit to its value inside the string is no write: WATCH does not see it") {
  Store store;
  CHECK(store.run({"SETBIT", "b", "25", "1"}) == integer(0));
  CHECK(attempts_around(store, "b", {"SETBIT", "b", "25", "1"}) == 1);
  CHECK(attempts_around(store, "b", {"SETBIT", "b", "25", "0"}) == 2);
  // Growing the string is a change even when the bit is already 0.
  CHECK(attempts_around(store, "b", {"SETBIT", "b", "100", "0"}) == 2);
}

TEST_CASE("BITCOUNT counts whole values, byte ranges and bit ranges") {
  Store store;
  CHECK(store.run({"SET", "s", "foobar"}) == ok());
  CHECK(store.run({"BITCOUNT", "s"}) == integer(26));
  CHECK(store.run({"BITCOUNT", "s", "0", "0"}) == integer(4));
  CHECK(store.run({"BITCOUNT", "s", "1", "1"}) == integer(6));
  CHECK(store.run({"BITCOUNT", "s", "1", "-2"}) == integer(18));
  CHECK(store.run({"BITCOUNT", "s", "-100", "100"}) == integer(26));
  CHECK(store.run({"BITCOUNT", "s", "5", "2"}) == integer(0));
  CHECK(store.run({"BITCOUNT", "s", "-1", "-3"}) == integer(0));
  CHECK(store.run({"BITCOUNT", "s", "5", "30", "bit"}) == integer(17));
  CHECK(store.run({"BITCOUNT", "s", "-3", "-1", "BIT"}) == integer(1));
  CHECK(store.run({"BITCOUNT", "s", "0", "-1", "BYTE"}) == integer(26));
  CHECK(store.run({"SET", "n", "12345"}) == ok());
  CHECK(store.run({"BITCOUNT", "n"}) == integer(17));
  // The key is looked up first: a missing key is 0 whatever follows.
  CHECK(store.run({"BITCOUNT", "nosuch", "a", "b", "c", "d"}) == integer(0));
  CHECK(store.run({"BITCOUNT", "s", "1"}) == err(kSyntax));
  CHECK(store.run({"BITCOUNT", "s", "0", "-1", "xx"}) == err(kSyntax));
  CHECK(store.run({"BITCOUNT", "s", "a", "b"}) == err(kNotInteger));
  // A reversed negative range answers 0 before the unit is read.
  CHECK(store.run({"BITCOUNT", "s", "-10", "-18", "xx"}) == integer(0));
  CHECK(store.run({"RPUSH", "list", "a"}) == integer(1));
  CHECK(store.run({"BITCOUNT", "list"}) == err(kWrongType));
}

TEST_CASE("BITCOUNT a word at a time agrees with counting bit by bit, at every alignment") {
  Store store;
  std::mt19937_64 rng(7);
  std::string value(4099, '\0');
  for (char& c : value) c = static_cast<char>(rng());
  store->set("r", value).get();
  for (int i = 0; i < 300; ++i) {
    const long long size = static_cast<long long>(value.size()) * 8;
    long long a = static_cast<long long>(rng() % static_cast<std::uint64_t>(size));
    long long b = static_cast<long long>(rng() % static_cast<std::uint64_t>(size));
    if (a > b) std::swap(a, b);
    long long expected = 0;
    for (long long bit = a; bit <= b; ++bit) expected += bit_at(value, static_cast<std::size_t>(bit));
    CHECK(store->bitcount("r", {a, b, BitUnit::bit}).get() == expected);
    long long bytes_expected = 0;
    for (long long bit = a / 8 * 8; bit < (b / 8 + 1) * 8; ++bit) bytes_expected += bit_at(value, static_cast<std::size_t>(bit));
    CHECK(store->bitcount("r", {a / 8, b / 8}).get() == bytes_expected);
  }
}

TEST_CASE("BITPOS finds the first 0 or 1 in a range, with Redis's answers at the edges") {
  Store store;
  CHECK(store.run({"SET", "s", "foobar"}) == ok());
  CHECK(store.run({"BITPOS", "s", "1"}) == integer(1));
  CHECK(store.run({"BITPOS", "s", "0"}) == integer(0));
  CHECK(store.run({"BITPOS", "s", "1", "2"}) == integer(17));
  CHECK(store.run({"BITPOS", "s", "1", "3", "3", "bit"}) == integer(-1));
  CHECK(store.run({"BITPOS", "s", "1", "3", "6", "bit"}) == integer(5));
  CHECK(store.run({"BITPOS", "s", "0", "1", "2", "bit"}) == integer(-1));
  CHECK(store.run({"BITPOS", "s", "1", "5", "2"}) == integer(-1));
  CHECK(store.run({"BITPOS", "s", "1", "100"}) == integer(-1));
  // Past a string of ones, a 0 is the first bit after it unless an end is given.
  store->set("ones", std::string("\xff\xff\xff")).get();
  CHECK(store.run({"BITPOS", "ones", "0"}) == integer(24));
  CHECK(store.run({"BITPOS", "ones", "0", "1"}) == integer(24));
  CHECK(store.run({"BITPOS", "ones", "0", "0", "-1"}) == integer(-1));
  CHECK(store.run({"BITPOS", "ones", "0", "3", "-1", "bit"}) == integer(-1));
  CHECK(store.run({"BITPOS", "ones", "0", "3", "10", "bit"}) == integer(-1));
  store->set("zeros", std::string(17, '\0') + "\x01").get();
  CHECK(store.run({"BITPOS", "zeros", "1"}) == integer(143));
  CHECK(store.run({"BITPOS", "zeros", "1", "0", "16"}) == integer(-1));
  CHECK(store.run({"BITPOS", "zeros", "1", "137", "-1", "bit"}) == integer(143));
  // A missing key is an endless run of zeros; an empty string has no bit.
  CHECK(store.run({"BITPOS", "nosuch", "1"}) == integer(-1));
  CHECK(store.run({"BITPOS", "nosuch", "0", "a"}) == integer(0));
  CHECK(store.run({"SET", "empty", ""}) == ok());
  CHECK(store.run({"BITPOS", "empty", "0"}) == integer(-1));
  CHECK(store.run({"BITPOS", "s", "2"}) == err("ERR The bit argument must be 1 or 0."));
  CHECK(store.run({"BITPOS", "s", "x"}) == err(kNotInteger));
  CHECK(store.run({"BITPOS", "s", "1", "0", "b", "xx"}) == err(kSyntax));
  CHECK(store.run({"BITPOS", "s", "1", "0", "b"}) == err(kNotInteger));
  CHECK(store.run({"BITPOS", "s", "1", "0", "-1", "bit", "3"}) == err(kSyntax));
}

TEST_CASE("BITPOS a word at a time agrees with a bit-by-bit search") {
  Store store;
  std::mt19937_64 rng(11);
  for (int round = 0; round < 200; ++round) {
    // Long runs of one bit value with a few of the other, so that the word
    // skipping and the edges both matter.
    const bool background = round % 2;
    std::string value(1 + rng() % 100, background ? '\xff' : '\0');
    for (int flips = static_cast<int>(rng() % 3); flips > 0; --flips) {
      const std::size_t bit = rng() % (value.size() * 8);
      value[bit / 8] = static_cast<char>(value[bit / 8] ^ (0x80 >> (bit % 8)));
    }
    store->set("v", value).get();
    const long long size = static_cast<long long>(value.size()) * 8;
    long long a = static_cast<long long>(rng() % static_cast<std::uint64_t>(size));
    long long b = static_cast<long long>(rng() % static_cast<std::uint64_t>(size));
    if (a > b) std::swap(a, b);
    for (bool wanted : {false, true}) {
      long long expected = -1;
      for (long long bit = a; bit <= b; ++bit)
        if (bit_at(value, static_cast<std::size_t>(bit)) == wanted) {
          expected = bit;
          break;
        }
      CHECK(store->bitpos("v", wanted, {a, b, BitUnit::bit}).get() == expected);
    }
  }
}

TEST_CASE("BITOP AND, OR, XOR and NOT over strings of different lengths, missing keys as empty") {
  Store store;
  store->set("k1", "foobar").get();
  store->set("k2", "abcdef").get();
  store->set("k3", std::string("\x01\x02")).get();
  CHECK(store.run({"BITOP", "AND", "d", "k1", "k2"}) == integer(6));
  CHECK(store.run({"GET", "d"}) == bulk("`bc`ab"));
  CHECK(store.run({"OBJECT", "ENCODING", "d"}) == bulk("raw"));
  CHECK(store.run({"BITOP", "OR", "d", "k1", "k2", "k3"}) == integer(6));
  CHECK(store.run({"GET", "d"}) == bulk("goofev"));
  CHECK(store.run({"BITOP", "XOR", "d", "k1", "k2", "k3"}) == integer(6));
  CHECK(store.run({"GET", "d"}) == bulk(std::string("\x06\x0f\x0c\x06\x04\x14", 6)));
  CHECK(store.run({"BITOP", "NOT", "d", "k3"}) == integer(2));
  CHECK(store.run({"GET", "d"}) == bulk("\xfe\xfd"));
  CHECK(store.run({"BITOP", "AND", "d", "k1", "nosuch"}) == integer(6));
  CHECK(store.run({"GET", "d"}) == bulk(std::string(6, '\0')));
  // The destination may be a source; an empty result deletes it.
  CHECK(store.run({"BITOP", "AND", "k1", "k1", "k2"}) == integer(6));
  CHECK(store.run({"GET", "k1"}) == bulk("`bc`ab"));
  CHECK(store.run({"BITOP", "AND", "d", "nosuch", "nosuch2"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  // The result replaces any TTL of the destination.
  CHECK(store.run({"SET", "d", "x", "EX", "100"}) == ok());
  CHECK(store.run({"BITOP", "OR", "d", "k3"}) == integer(2));
  CHECK(store.run({"TTL", "d"}) == integer(-1));
  CHECK(store.run({"BITOP", "NOT", "d", "k1", "k2"}) == err("ERR BITOP NOT must be called with a single source key."));
  CHECK(store.run({"BITOP", "FOO", "d", "k1"}) == err(kSyntax));
  CHECK(store.run({"RPUSH", "list", "a"}) == integer(1));
  CHECK(store.run({"BITOP", "AND", "d", "list"}) == err(kWrongType));
  // A wrong-typed destination is simply replaced.
  CHECK(store.run({"BITOP", "OR", "list", "k3"}) == integer(2));
  CHECK(store.run({"TYPE", "list"}) == simple("string"));
}

TEST_CASE("BITOP over long values works a word at a time like byte by byte") {
  Store store;
  std::mt19937_64 rng(3);
  std::string a(1003, '\0'), b(517, '\0');
  for (char& c : a) c = static_cast<char>(rng());
  for (char& c : b) c = static_cast<char>(rng());
  store->set("a", a).get();
  store->set("b", b).get();
  std::string want_and(a.size(), '\0'), want_or(a.size(), '\0'), want_xor(a.size(), '\0');
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char y = i < b.size() ? b[i] : '\0';
    want_and[i] = static_cast<char>(a[i] & y);
    want_or[i] = static_cast<char>(a[i] | y);
    want_xor[i] = static_cast<char>(a[i] ^ y);
  }
  CHECK(store->bitop(BitOperation::bit_and, "d", "b", "a").get() == 1003);
  CHECK(store->get("d").get() == want_and);
  CHECK(store->bitop(BitOperation::bit_or, "d", std::vector<std::string>{"a", "b"}).get() == 1003);
  CHECK(store->get("d").get() == want_or);
  CHECK(store->bitop(BitOperation::bit_xor, "d", "a", "b").get() == 1003);
  CHECK(store->get("d").get() == want_xor);
}

TEST_CASE("BITFIELD reads and writes signed and unsigned fields across byte and string ends") {
  Store store;
  CHECK(store.run({"BITFIELD", "f", "SET", "u8", "0", "255"}) == array({integer(0)}));
  CHECK(store.run({"BITFIELD", "f", "SET", "i8", "0", "-1", "GET", "u4", "0", "GET", "u4", "4", "GET", "i4", "0"}) ==
        array({integer(-1), integer(15), integer(15), integer(-1)}));
  CHECK(store.run({"BITFIELD", "f", "SET", "u16", "#1", "1000", "GET", "u16", "#1", "GET", "u16", "16"}) ==
        array({integer(0), integer(1000), integer(1000)}));
  CHECK(store.run({"GET", "f"}) == bulk(std::string("\xff\0\x03\xe8", 4)));
  CHECK(store.run({"BITFIELD", "f", "SET", "i64", "3", "-9223372036854775808", "GET", "i64", "3", "GET", "u63", "3",
                   "GET", "u63", "4"}) ==
        array({integer(-576426392565055488LL), integer(std::numeric_limits<long long>::min()),
               integer(4611686018427387904LL), integer(0)}));
  CHECK(store.run({"BITFIELD", "f", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "1",
                   "INCRBY", "u2", "100", "1"}) == array({integer(1), integer(2), integer(3), integer(0)}));
  CHECK(store.run({"BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "-10",
                   "OVERFLOW", "FAIL", "INCRBY", "u2", "100", "-1", "INCRBY", "u2", "100", "3", "INCRBY", "u2", "100",
                   "4"}) == array({integer(1), integer(0), nil(), integer(3), nil()}));
  CHECK(store.run({"BITFIELD", "f", "OVERFLOW", "wrap", "INCRBY", "i8", "0", "200", "INCRBY", "i8", "0", "-300",
                   "OVERFLOW", "sat", "SET", "i8", "0", "1000", "SET", "i8", "0", "-1000", "SET", "u8", "0", "-1"}) ==
        array({integer(-72), integer(-116), integer(-116), integer(127), integer(128)}));
  CHECK(store.run({"BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "i64", "3", "9223372036854775807", "INCRBY", "i64",
                   "3", "9223372036854775807", "INCRBY", "i64", "3", "-9223372036854775808", "INCRBY", "i64", "3",
                   "-9223372036854775808"}) ==
        array({integer(8646911284551352319LL), integer(std::numeric_limits<long long>::max()), integer(-1),
               integer(std::numeric_limits<long long>::min())}));
  CHECK(store.run({"GET", "f"}) == bulk(std::string("\xf0\0\0\0\0\0\0\0\0\0\0\0\x0c", 13)));
  // Past the end of the string a GET reads zeros; writes grow it exactly.
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "1000", "GET", "i16", "#500"}) == array({integer(0), integer(0)}));
  CHECK(store.run({"BITFIELD", "g", "SET", "u8", "#3", "7"}) == array({integer(0)}));
  CHECK(store.run({"GET", "g"}) == bulk(std::string("\0\0\0\x07", 4)));
  CHECK(store.run({"BITFIELD", "g3", "GET", "u8", "0"}) == array({integer(0)}));
  CHECK(store.run({"EXISTS", "g3"}) == integer(0));
  CHECK(store.run({"BITFIELD", "g3"}) == array({}));
}

TEST_CASE("BITFIELD and BITFIELD_RO refuse bad arguments with Redis's errors, before writing anything") {
  Store store;
  CHECK(store.run({"BITFIELD", "f", "GET", "u64", "0"}) == err(kBadBitfieldType));
  CHECK(store.run({"BITFIELD", "f", "GET", "i65", "0"}) == err(kBadBitfieldType));
  CHECK(store.run({"BITFIELD", "f", "GET", "u0", "0"}) == err(kBadBitfieldType));
  CHECK(store.run({"BITFIELD", "f", "GET", "x8", "0"}) == err(kBadBitfieldType));
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "-1"}) == err(kBadOffset));
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "#-1"}) == err(kBadOffset));
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "4294967296"}) == err(kBadOffset));
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "#536870912"}) == err(kBadOffset));
  CHECK(store.run({"BITFIELD", "f", "SET", "u8", "0", "1", "SET", "u8", "0", "a"}) == err(kNotInteger));
  CHECK(store.run({"BITFIELD", "f", "SET", "u8", "0"}) == err(kSyntax));
  CHECK(store.run({"BITFIELD", "f", "OVERFLOW", "XX", "GET", "u8", "0"}) == err("ERR Invalid OVERFLOW type specified"));
  CHECK(store.run({"BITFIELD", "f", "GET", "u8", "0", "junk"}) == err(kSyntax));
  CHECK(store.run({"EXISTS", "f"}) == integer(0));
  CHECK(store.run({"BITFIELD_RO", "f", "GET", "u8", "0", "GET", "i8", "#1"}) == array({integer(0), integer(0)}));
  CHECK(store.run({"BITFIELD_RO", "f", "SET", "u8", "0", "1"}) == err("ERR BITFIELD_RO only supports the GET subcommand"));
  CHECK(store.run({"BITFIELD_RO", "f", "OVERFLOW", "SAT", "GET", "u8", "0"}) == array({integer(0)}));
  CHECK(store.run({"RPUSH", "list", "a"}) == integer(1));
  CHECK(store.run({"BITFIELD", "list", "GET", "u8", "0"}) == err(kWrongType));
  CHECK(store.run({"BITFIELD_RO", "list", "GET", "u8", "0"}) == err(kWrongType));
}

TEST_CASE("BITFIELD that fails under OVERFLOW FAIL or writes what is there leaves a watched key clean") {
  Store store;
  CHECK(store.run({"SET", "f", "x"}) == ok());
  CHECK(attempts_around(store, "f", {"BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"}) == 1);
  CHECK(attempts_around(store, "f", {"BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "1000"}) == 2);
  // Writing the value a field already holds is no change either; growing the string is.
  CHECK(attempts_around(store, "f", {"BITFIELD", "f", "SET", "u8", "0", "255", "INCRBY", "u4", "0", "0"}) == 1);
  CHECK(attempts_around(store, "f", {"BITFIELD", "f", "SET", "u8", "8", "0"}) == 2);
}

TEST_CASE("Typed bitmap methods") {
  Store store;
  CHECK_FALSE(store->setbit("b", 3, true).get());
  CHECK(store->setbit("b", 3, false).get());
  CHECK_FALSE(store->getbit("b", 3).get());
  store->set("s", "foobar").get();
  CHECK(store->bitcount("s").get() == 26);
  CHECK(store->bitcount("s", {1, 1}).get() == 6);
  CHECK(store->bitcount("s", {5, 30, BitUnit::bit}).get() == 17);
  CHECK(store->bitpos("s", true).get() == 1);
  CHECK(store->bitpos("s", true, {2, -1}).get() == 17);
  CHECK(store->bitop(BitOperation::bit_not, "n", "s").get() == 6);
  const auto fields = store->bitfield("f", BitField()
                                               .set(BitFieldType::u(8), 0, 200)
                                               .overflow(BitOverflow::sat)
                                               .incrby(BitFieldType::u(8), 0, 100)
                                               .overflow(BitOverflow::fail)
                                               .incrby(BitFieldType::u(8), 0, 1)
                                               .get(BitFieldType::i(4), BitFieldOffset::nth(1)))
                          .get();
  CHECK(fields == std::vector<std::optional<long long>>{0, 255, std::nullopt, -1});
  CHECK(store->bitfield_ro("f", BitField().get(BitFieldType::u(8), 0)).get() == std::vector<long long>{255});
  CHECK(thrown_text(store->bitfield_ro("f", BitField().set(BitFieldType::u(8), 0, 1))) ==
        "ERR BITFIELD_RO only supports the GET subcommand");
  CHECK(thrown_text(store->setbit("b", -1, true)) == kBadOffset);
}
