// The hyperloglog commands, against what redis-server 7.0 replies. Every
// expected reply, error text, count and byte string below was checked against
// Debian's redis-server 7.0.15 with redis-cli (counts and promotion points by
// running the same commands against it; see each constant's comment).

#include "harness.hpp"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <not_redis/subscriber.hpp>

#include "db/hyperloglog.hpp"

#include "counting_new.hpp"

using namespace test;
using not_redis::Value;
using namespace std::string_literals;

namespace {

// "HYLL", sparse, 3 unused bytes, cached cardinality 0 with the stale bit.
const std::string kSparseHeaderStale = "HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80"s;
// An empty HLL as PFADD creates it: one XZERO run of 16384 registers.
const std::string kEmpty = kSparseHeaderStale + "\x7f\xff";
// PFADD a x y z on redis-server 7.0: XZERO:8581 VAL:1 XZERO:6350 VAL:3 XZERO:1441 VAL:2 ZERO:9.
const std::string kXyz = kSparseHeaderStale + "a\x84\x80X\xcd\x88" "E\xa0\x84\x08"s;

std::string bytes(Store& store, std::string_view key) { return store.run({"GET", key}).string(); }

/// PFADD key e<from> ... e<to - 1>, a thousand elements a command.
void add_range(Store& store, std::string_view key, int from, int to) {
  for (int i = from; i < to; i += 1000) {
    not_redis::Argv argv{"PFADD", key};
    for (int j = i; j < std::min(to, i + 1000); ++j) argv.push_back("e" + std::to_string(j));
    store->execute(std::move(argv)).get();
  }
}

std::vector<std::string> drain(not_redis::Subscriber& sub) {
  std::vector<std::string> out;
  while (auto m = sub.try_next()) out.push_back(m->channel + "=" + m->payload);
  return out;
}

const std::string kNotHll = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const std::string kCorrupt = "INVALIDOBJ Corrupted HLL object detected";

} // namespace

TEST_CASE("PFADD creates a sparse HLL in Redis's bytes, and says whether a register changed") {
  Store store;
  CHECK(store.run({"PFADD", "e"}) == integer(1));  // no elements: created
  CHECK(bytes(store, "e") == kEmpty);
  CHECK(store.run({"PFADD", "e"}) == integer(0));
  CHECK(store.run({"PFADD", "a", "x", "y", "z"}) == integer(1));
  CHECK(bytes(store, "a") == kXyz);
  CHECK(store.run({"PFADD", "a", "x", "z"}) == integer(0));
  CHECK(store.run({"PFDEBUG", "DECODE", "a"}) == bulk("Z:8581 v:1,1 Z:6350 v:3,1 Z:1441 v:2,1 z:9"));
  CHECK(store.run({"PFDEBUG", "ENCODING", "a"}) == simple("sparse"));
  CHECK(store.run({"OBJECT", "ENCODING", "a"}) == bulk("raw"));
  CHECK(store.run({"TYPE", "a"}) == simple("string"));
  // Binary elements hash by their bytes.
  CHECK(store.run({"PFADD", "b", "\0\xff"s, ""}) == integer(1));
  CHECK(store.run({"PFCOUNT", "b"}) == integer(2));
}

TEST_CASE("PFCOUNT writes the cached cardinality back; a change marks it stale") {
  Store store;
  store.run({"PFADD", "a", "x", "y", "z"});
  CHECK(store.run({"GETRANGE", "a", "15", "15"}) == bulk("\x80"));
  CHECK(store.run({"PFCOUNT", "a"}) == integer(3));
  CHECK(store.run({"GETRANGE", "a", "8", "15"}) == bulk("\x03\0\0\0\0\0\0\0"s));
  CHECK(store.run({"PFADD", "a", "x"}) == integer(0));  // no change: the cache stays valid
  CHECK(store.run({"GETRANGE", "a", "15", "15"}) == bulk("\0"s));
  CHECK(store.run({"PFADD", "a", "w"}) == integer(1));  // stale bit set, the old count kept
  CHECK(store.run({"GETRANGE", "a", "8", "15"}) == bulk("\x03\0\0\0\0\0\0\x80"s));
  // A valid cache is believed as it is, as Redis does.
  store.run({"SETRANGE", "a", "8", "\x2a\0\0\0\0\0\0\0"s});
  CHECK(store.run({"PFCOUNT", "a"}) == integer(42));
}

TEST_CASE("the cache written back by PFCOUNT is seen by WATCH but sends no notification") {
  Store store;
  store.run({"PFADD", "a", "x"});
  int attempts = 0;
  store->transaction({"a"}, [&](not_redis::Transaction& tx) {
    if (++attempts == 1) CHECK(store.run({"PFCOUNT", "a"}) == integer(1));  // writes the cache
    tx.set("seen", "1");
  });
  CHECK(attempts == 2);
  attempts = 0;
  store->transaction({"a"}, [&](not_redis::Transaction& tx) {
    if (++attempts == 1) {
      CHECK(store.run({"PFCOUNT", "a"}) == integer(1));    // cached: nothing written
      CHECK(store.run({"PFADD", "a", "x"}) == integer(0));  // no change
    }
    tx.set("seen", "2");
  });
  CHECK(attempts == 1);

  CHECK(store.run({"CONFIG", "SET", "notify-keyspace-events", "KEA"}) == ok());
  not_redis::Subscriber sub(store.client());
  sub.psubscribe("__key*__:*").get();
  store.run({"PFADD", "h", "y"});
  store.run({"PFCOUNT", "h"});
  store.run({"PFADD", "h", "y"});
  store.run({"PFMERGE", "m", "h"});
  store.run({"PFMERGE", "m"});
  CHECK(drain(sub) == std::vector<std::string>{"__keyspace@0__:h=pfadd", "__keyevent@0__:pfadd=h",
                                               "__keyspace@0__:m=pfadd", "__keyevent@0__:pfadd=m",
                                               "__keyspace@0__:m=pfadd", "__keyevent@0__:pfadd=m"});
}

TEST_CASE("counts match Redis's for 1 to 100000 elements, through the sparse and dense encodings") {
  Store store;
  // Measured on redis-server 7.0.15: PFADD c e0 ... e<n-1> (a thousand a
  // command, default hll-sparse-max-bytes), then PFCOUNT c and PFDEBUG ENCODING c.
  struct Step {
    int elements;
    long long count;
    const char* encoding;
  };
  constexpr Step kSteps[] = {{1, 1, "sparse"},       {10, 10, "sparse"},       {100, 100, "sparse"},
                             {1000, 1008, "sparse"}, {10000, 9973, "dense"}, {100000, 100853, "dense"}};
  int added = 0;
  for (const Step& step : kSteps) {
    CAPTURE(step.elements);
    add_range(store, "c", added, step.elements);
    added = step.elements;
    CHECK(store.run({"PFCOUNT", "c"}) == integer(step.count));
    CHECK(store.run({"PFDEBUG", "ENCODING", "c"}) == simple(step.encoding));
  }
  CHECK(store.run({"STRLEN", "c"}) == integer(12304));
  // Measured the same way: PFADD b with the 256 elements {i, 255 - i, 0}.
  not_redis::Argv argv{"PFADD", "b"};
  for (int i = 0; i < 256; ++i) argv.push_back(std::string{static_cast<char>(i), static_cast<char>(255 - i), '\0'});
  store->execute(std::move(argv)).get();
  CHECK(store.run({"PFCOUNT", "b"}) == integer(257));
}

TEST_CASE("sparse becomes dense exactly where Redis promotes it, for hll-sparse-max-bytes") {
  Store store;
  CHECK(store.run({"CONFIG", "GET", "hll-sparse-max-bytes"}) == Value::map({bulk("hll-sparse-max-bytes"), bulk("3000")}));
  // Measured on redis-server 7.0.15 by PFADD p e0, e1, ... one at a time:
  // with 3000 bytes, e1683 is the first to need a dense value (3000 bytes
  // before it); with 500, e194 (499 bytes before it).
  add_range(store, "p", 0, 1683);
  CHECK(store.run({"PFDEBUG", "ENCODING", "p"}) == simple("sparse"));
  CHECK(store.run({"STRLEN", "p"}) == integer(3000));
  CHECK(store.run({"PFADD", "p", "e1683"}) == integer(1));
  CHECK(store.run({"PFDEBUG", "ENCODING", "p"}) == simple("dense"));
  CHECK(store.run({"STRLEN", "p"}) == integer(12304));
  CHECK(store.run({"GETRANGE", "p", "0", "4"}) == bulk("HYLL\0"s));

  CHECK(store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "500"}) == ok());
  add_range(store, "q", 0, 194);
  CHECK(store.run({"STRLEN", "q"}) == integer(499));
  CHECK(store.run({"PFADD", "q", "e194"}) == integer(1));
  CHECK(store.run({"PFDEBUG", "ENCODING", "q"}) == simple("dense"));

  CHECK(store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "abc"}) ==
        config_set_failed("hll-sparse-max-bytes", "argument must be a memory value"));
  CHECK(store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "-1"}) ==
        config_set_failed("hll-sparse-max-bytes", "argument must be a memory value"));
  CHECK(store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "1k"}) == ok());
  CHECK(store.run({"CONFIG", "GET", "hll-sparse-max-bytes"}) == Value::map({bulk("hll-sparse-max-bytes"), bulk("1000")}));
  // 0: every split that grows the value promotes it.
  CHECK(store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "0"}) == ok());
  store.run({"PFADD", "z", "x"});
  CHECK(store.run({"PFDEBUG", "ENCODING", "z"}) == simple("dense"));
}

TEST_CASE("PFCOUNT of several keys counts their union and writes nothing") {
  Store store;
  // Measured on redis-server 7.0.15: u1 = e0..e599, u2 = e300..e899.
  add_range(store, "u1", 0, 600);
  add_range(store, "u2", 300, 900);
  const std::string before = bytes(store, "u1");
  CHECK(store.run({"PFCOUNT", "u1", "u2", "missing"}) == integer(906));
  CHECK(bytes(store, "u1") == before);  // no cache written for a union
  CHECK(store.run({"PFCOUNT", "u1"}) == integer(606));
  CHECK(store.run({"PFCOUNT", "u2"}) == integer(599));
  CHECK(store.run({"PFCOUNT", "missing", "other"}) == integer(0));
  CHECK(store.run({"PFCOUNT", "missing"}) == integer(0));
  // With a dense one (d = e0..e4999: 4968 on Redis, alone and with u1).
  add_range(store, "d", 0, 5000);
  CHECK(store.run({"PFCOUNT", "d", "u1"}) == integer(4968));
}

TEST_CASE("PFMERGE stores the union, dense only if a source was, and creates the destination") {
  Store store;
  add_range(store, "u1", 0, 600);
  add_range(store, "u2", 300, 900);
  CHECK(store.run({"PFMERGE", "u3", "u1", "u2"}) == ok());
  CHECK(store.run({"PFDEBUG", "ENCODING", "u3"}) == simple("sparse"));
  CHECK(store.run({"PFCOUNT", "u3"}) == integer(906));
  CHECK(store.run({"PFMERGE", "m"}) == ok());
  CHECK(bytes(store, "m") == kEmpty);
  add_range(store, "big", 1, 2001);
  CHECK(store.run({"PFDEBUG", "ENCODING", "big"}) == simple("dense"));
  CHECK(store.run({"PFMERGE", "m2", "big"}) == ok());
  // Dense, the destination's header kept (cache 0) but marked stale.
  CHECK(store.run({"GETRANGE", "m2", "0", "15"}) == bulk("HYLL\0\0\0\0\0\0\0\0\0\0\0\x80"s));
  CHECK(bytes(store, "m2").substr(16) == bytes(store, "big").substr(16));
  // The destination is one of the sources.
  CHECK(store.run({"PFMERGE", "u1", "big"}) == ok());
  CHECK(store.run({"PFDEBUG", "ENCODING", "u1"}) == simple("dense"));
}

TEST_CASE("HLL bytes made by Redis are read and updated as Redis does") {
  Store store;
  CHECK(store.run({"SET", "r", kXyz}) == ok());
  CHECK(store.run({"OBJECT", "ENCODING", "r"}) == bulk("embstr"));
  CHECK(store.run({"PFCOUNT", "r"}) == integer(3));
  CHECK(store.run({"OBJECT", "ENCODING", "r"}) == bulk("raw"));  // unshared to write the cache, as Redis
  CHECK(store.run({"PFADD", "r", "w"}) == integer(1));
  CHECK(store.run({"PFCOUNT", "r", "missing"}) == integer(4));
}

TEST_CASE("values that are not HyperLogLogs: WRONGTYPE; corrupt ones: INVALIDOBJ") {
  Store store;
  store.run({"SET", "s", "hello"});
  store.run({"SET", "n", "12345"});
  store.run({"LPUSH", "l", "x"});
  for (const char* key : {"s", "n"}) {
    CHECK(store.run({"PFADD", key, "x"}) == err(kNotHll));
    CHECK(store.run({"PFCOUNT", key}) == err(kNotHll));
    CHECK(store.run({"PFCOUNT", key, "other"}) == err(kNotHll));
    CHECK(store.run({"PFMERGE", key}) == err(kNotHll));
    CHECK(store.run({"PFMERGE", "dest", key}) == err(kNotHll));
    CHECK(store.run({"PFDEBUG", "GETREG", key}) == err(kNotHll));
  }
  CHECK(store.run({"PFADD", "l", "x"}) == err(kWrongType));
  CHECK(store.run({"PFCOUNT", "l"}) == err(kWrongType));
  CHECK(store.run({"PFCOUNT", "a", "l"}) == err(kWrongType));
  CHECK(store.run({"PFMERGE", "l"}) == err(kWrongType));
  CHECK(store.run({"PFDEBUG", "ENCODING", "l"}) == err(kWrongType));
  CHECK(store.run({"EXISTS", "dest"}) == integer(0));

  SUBCASE("a bad header or a dense value of the wrong length is not an HLL") {
    store.run({"PFADD", "h", "x"});
    store.run({"SETRANGE", "h", "4", "\x02"});  // encoding 2
    CHECK(store.run({"PFCOUNT", "h"}) == err(kNotHll));
    store.run({"SETRANGE", "h", "4", "\x01"});
    store.run({"SETRANGE", "h", "0", "X"});  // magic
    CHECK(store.run({"PFADD", "h", "y"}) == err(kNotHll));
    add_range(store, "d", 0, 3000);
    store.run({"APPEND", "d", "z"});
    CHECK(store.run({"PFCOUNT", "d"}) == err(kNotHll));
    CHECK(store.run({"SET", "short", "HYLL\x01"}) == ok());
    CHECK(store.run({"PFCOUNT", "short"}) == err(kNotHll));
  }
  SUBCASE("sparse runs that do not cover exactly 16384 registers are corrupt") {
    store.run({"PFADD", "x"});
    store.run({"APPEND", "x", "zz"});  // two ZERO runs too many
    CHECK(store.run({"PFCOUNT", "x"}) == err(kCorrupt));
    CHECK(store.run({"PFCOUNT", "x", "other"}) == err(kCorrupt));
    CHECK(store.run({"PFMERGE", "dest", "x"}) == err(kCorrupt));
    CHECK(store.run({"PFDEBUG", "TODENSE", "x"}) == err(kCorrupt));
    CHECK(store.run({"PFDEBUG", "GETREG", "x"}) == err(kCorrupt));
    CHECK(store.run({"EXISTS", "dest"}) == integer(0));
    // Runs covering 16000 registers (XZERO:16000): an element past them is refused.
    CHECK(store.run({"SET", "y", kSparseHeaderStale + "\x7e\x7f"}) == ok());
    CHECK(store.run({"PFCOUNT", "y"}) == err(kCorrupt));
    not_redis::Argv argv{"PFADD", "y"};
    for (int i = 0; i < 40; ++i) argv.push_back("e" + std::to_string(i));
    CHECK(store->execute(std::move(argv)).get() == err(kCorrupt));
    // Header only, no runs at all.
    CHECK(store.run({"SET", "empty", kSparseHeaderStale}) == ok());
    CHECK(store.run({"PFADD", "empty", "a"}) == err(kCorrupt));
    CHECK(store.run({"PFCOUNT", "empty"}) == err(kCorrupt));
    // A last XZERO cut short reads its second byte as 0: XZERO:16129.
    CHECK(store.run({"SET", "cut", kSparseHeaderStale + "\x7f"}) == ok());
    CHECK(store.run({"PFDEBUG", "DECODE", "cut"}) == bulk("Z:16129"));
    CHECK(store.run({"PFCOUNT", "cut"}) == err(kCorrupt));
  }
  SUBCASE("corrupt runs promoted to dense are refused") {
    store.run({"CONFIG", "SET", "hll-sparse-max-bytes", "0"});
    store.run({"PFADD", "x"});
    store.run({"APPEND", "x", "z"});
    CHECK(store.run({"PFADD", "x", "a"}) == err(kCorrupt));
    CHECK(store.run({"PFDEBUG", "ENCODING", "x"}) == simple("sparse"));
  }
}

TEST_CASE("PFDEBUG GETREG, DECODE, ENCODING, TODENSE and their errors") {
  Store store;
  store.run({"PFADD", "a", "x", "y", "z", "w"});
  const Value registers = store.run({"PFDEBUG", "GETREG", "a"});  // converts to dense
  REQUIRE(registers.size() == 16384);
  // From redis-server 7.0.15's PFDEBUG GETREG a: the non-zero registers.
  for (std::size_t i = 0; i < registers.size(); ++i) {
    CAPTURE(i);
    const long long expected = i == 4168 ? 2 : i == 8581 ? 1 : i == 14932 ? 3 : i == 16374 ? 2 : 0;
    CHECK(registers[i] == integer(expected));
  }
  CHECK(store.run({"PFDEBUG", "ENCODING", "a"}) == simple("dense"));
  CHECK(store.run({"PFDEBUG", "TODENSE", "a"}) == integer(0));
  CHECK(store.run({"PFDEBUG", "DECODE", "a"}) == err("ERR HLL encoding is not sparse"));
  store.run({"PFADD", "b", "x"});
  CHECK(store.run({"PFDEBUG", "todense", "b"}) == integer(1));
  CHECK(store.run({"GETRANGE", "b", "0", "16"}) == bulk("HYLL\0\0\0\0\0\0\0\0\0\0\0\x80\0"s));
  CHECK(store.run({"PFCOUNT", "b"}) == integer(1));
  CHECK(store.run({"PFDEBUG", "DECODE", "missing"}) == err("ERR The specified key does not exist"));
  CHECK(store.run({"PFDEBUG", "foo", "missing"}) == err("ERR The specified key does not exist"));
  CHECK(store.run({"PFDEBUG", "foo", "a"}) == err("ERR Unknown PFDEBUG subcommand 'foo'"));
  CHECK(store.run({"PFDEBUG", "GETREG"}) == err("ERR wrong number of arguments for 'pfdebug' command"));
  CHECK(store.run({"PFDEBUG", "GETREG", "a", "b"}) == err("ERR wrong number of arguments for 'pfdebug' command"));
}

TEST_CASE("adding to a dense HLL, and counting it, allocates nothing") {
  namespace hll = not_redis::detail::hll;
  const long start = allocations.load();
  not_redis::detail::Object value = hll::make_empty();
  REQUIRE(hll::to_dense(value));
  CHECK(allocations.load() > start);  // the counter sees the library's allocations
  const std::vector<std::string> elements = [] {
    std::vector<std::string> out;
    for (int i = 0; i < 5000; ++i) out.push_back("element:" + std::to_string(i));
    return out;
  }();
  const long before = allocations.load();
  int changed = 0;
  for (const std::string& e : elements) changed += hll::add(value, e, 3000) == hll::Update::changed;
  char scratch[24];
  const auto counted = hll::count(value.string_view(scratch));
  CHECK(allocations.load() == before);
  CHECK(changed > 4000);
  REQUIRE(counted);
  CHECK(*counted > 4900);
  CHECK(*counted < 5100);
}

TEST_CASE("PFSELFTEST passes, and takes no arguments") {
  Store store;
  CHECK(store.run({"PFSELFTEST"}) == ok());
  CHECK(store.run({"PFSELFTEST", "x"}) == err("ERR wrong number of arguments for 'pfselftest' command"));
}

TEST_CASE("arity errors") {
  Store store;
  for (const char* name : {"PFADD", "PFCOUNT", "PFMERGE"}) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    CHECK(store.run({name}) == err("ERR wrong number of arguments for '" + lower + "' command"));
  }
}

TEST_CASE("typed methods") {
  Store store;
  CHECK(store->pfadd("visitors", "ann", "bob").get());
  CHECK_FALSE(store->pfadd("visitors", "ann").get());
  CHECK(store->pfadd("created").get());
  CHECK(store->pfadd("yesterday", {"bob", "cid"}).get());
  CHECK(store->pfadd("numbers", std::vector<int>{1, 2, 3}).get());
  CHECK(store->pfcount("visitors").get() == 2);
  CHECK(store->pfcount("visitors", "yesterday").get() == 3);
  CHECK(store->pfcount({"visitors", "yesterday", "numbers"}).get() == 6);
  CHECK(store->pfcount(std::vector<std::string>{"numbers"}).get() == 3);
  store->pfmerge("week", "visitors", "yesterday").get();
  CHECK(store->pfcount("week").get() == 3);
  store->pfmerge("week", {"numbers"}).get();
  store->pfmerge("week", std::vector<std::string>{"created"}).get();
  store->pfmerge("alone").get();
  CHECK(store->pfcount("week").get() == 6);
  CHECK(store->pfcount("alone").get() == 0);
  store.run({"SET", "s", "text"});
  CHECK(error_kind([&] { store->pfadd("s", "x").get(); }) == not_redis::Error::Kind::reply);
}
