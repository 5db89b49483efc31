// SORT and SORT_RO, as redis-cli would show them. Every expected reply was
// checked against redis-server 7.0 (test/parity/scripts/sort.hpp sends these
// and more to both).

#include <string>

#include "harness.hpp"

using namespace test;
using not_redis::Limit;
using not_redis::SortOptions;

namespace {

const std::string kNotDouble = "ERR One or more scores can't be converted into double";

void numbers(Store& store) { store.run({"RPUSH", "nums", "3", "1", "2", "10", "-5", "2.5", "1e2", "0x10", " 7"}); }

} // namespace

TEST_CASE("SORT sorts numbers as strtod reads them, and LIMIT cuts as Redis's arithmetic does") {
  Store store;
  numbers(store);
  CHECK(store.run({"SORT", "nums"}) == bulks({"-5", "1", "2", "2.5", "3", " 7", "10", "0x10", "1e2"}));
  CHECK(store.run({"SORT", "nums", "DESC"}) == bulks({"1e2", "0x10", "10", " 7", "3", "2.5", "2", "1", "-5"}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "2", "3", "DESC"}) == bulks({"10", " 7", "3"}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "-5", "2"}) == bulks({"-5", "1"}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "5", "-1"}) == bulks({" 7", "10", "0x10", "1e2"}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "5", "0"}) == array({}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "100", "5"}) == array({}));
  CHECK(store.run({"SORT", "nums", "LIMIT", "0", "1", "LIMIT", "3", "2"}) == bulks({"2.5", "3"}));
  CHECK(store.run({"SORT", "nums", "ALPHA"}) == bulks({" 7", "-5", "0x10", "1", "10", "1e2", "2", "2.5", "3"}));
  // An empty string is 0; NaN, trailing bytes and out-of-range values are not numbers.
  store.run({"RPUSH", "specials", "inf", "-inf", "0", ""});
  CHECK(store.run({"SORT", "specials"}) == bulks({"-inf", "", "0", "inf"}));
  for (const char* bad : {"x", "nan", "1e400", "1e-400", "1 "}) {
    store.run({"DEL", "bad"});
    store.run({"RPUSH", "bad", "1", bad});
    CHECK(store.run({"SORT", "bad"}) == err(kNotDouble));
  }
}

TEST_CASE("SORT BY and GET look values up by pattern, in keys and hash fields") {
  Store store;
  numbers(store);
  store.run({"MSET", "w_3", "30", "w_1", "10", "w_2", "20", "w_10", "5", "w_-5", "50"});
  store.run({"MSET", "name_3", "three", "name_1", "one", "name_2", "two", "name_10", "ten"});
  store.run({"HSET", "h_3", "x", "1", "name", "c"});
  store.run({"HSET", "h_1", "x", "3", "name", "a"});
  store.run({"HSET", "h_2", "x", "2", "name", "b"});
  // Elements without a weight count as 0, ties in element order.
  CHECK(store.run({"SORT", "nums", "BY", "w_*"}) == bulks({" 7", "0x10", "1e2", "2.5", "10", "1", "2", "3", "-5"}));
  CHECK(store.run({"SORT", "nums", "BY", "w_*", "LIMIT", "4", "3", "GET", "name_*", "GET", "#", "GET", "h_*->name"}) ==
        array({bulk("ten"), bulk("10"), nil(), bulk("one"), bulk("1"), bulk("a"), bulk("two"), bulk("2"), bulk("b")}));
  CHECK(store.run({"SORT", "nums", "BY", "h_*->x", "LIMIT", "6", "3", "GET", "h_*->name"}) ==
        array({bulk("c"), bulk("b"), bulk("a")}));
  CHECK(store.run({"SORT", "nums", "BY", "name_*", "ALPHA", "LIMIT", "5", "4"}) ==
        bulks({"1", "10", "3", "2"}));
  // Without '*' there is nothing to sort by: the list's own order, DESC from its tail.
  CHECK(store.run({"SORT", "nums", "BY", "nosort", "LIMIT", "2", "3"}) == bulks({"2", "10", "-5"}));
  CHECK(store.run({"SORT", "nums", "BY", "nosort", "LIMIT", "2", "3", "DESC"}) == bulks({"1e2", "2.5", "-5"}));
  CHECK(store.run({"SORT", "nums", "BY", "nosort", "GET", "x", "LIMIT", "0", "1"}) == array({nil()}));
  store.run({"SET", "w_x", "notanumber"});
  store.run({"RPUSH", "letters", "x", "1"});
  CHECK(store.run({"SORT", "letters", "BY", "w_*"}) == err(kNotDouble));
}

TEST_CASE("SORT of sets and sorted sets; STORE writes a list and sorts a set it would leave unsorted") {
  Store store;
  store.run({"SADD", "ints", "5", "3", "9", "1", "7"});
  CHECK(store.run({"SORT", "ints", "DESC", "LIMIT", "1", "2"}) == bulks({"7", "5"}));
  store.run({"SADD", "letters", "d", "b", "a", "c", "e"});
  CHECK(store.run({"SORT", "letters"}) == err(kNotDouble));
  CHECK(store.run({"SORT", "letters", "BY", "nosort", "STORE", "out"}) == integer(5));
  CHECK(store.run({"LRANGE", "out", "0", "-1"}) == bulks({"a", "b", "c", "d", "e"}));
  store.run({"ZADD", "z", "3", "c", "1", "a", "2", "b", "10", "j", "5", "e"});
  CHECK(store.run({"OBJECT", "ENCODING", "z"}) == bulk("listpack"));
  CHECK(store.run({"SORT", "z", "BY", "nosort", "LIMIT", "1", "2", "DESC"}) == bulks({"e", "c"}));
  CHECK(store.run({"SORT", "z", "ALPHA", "DESC"}) == bulks({"j", "e", "c", "b", "a"}));
  // As in Redis, sorting converts a listpack sorted set for good.
  CHECK(store.run({"OBJECT", "ENCODING", "z"}) == bulk("skiplist"));
  // STORE replaces the destination and its TTL; an empty result deletes it.
  store.run({"SET", "out", "x", "EX", "100"});
  CHECK(store.run({"SORT", "ints", "LIMIT", "0", "2", "STORE", "out"}) == integer(2));
  CHECK(store.run({"TTL", "out"}) == integer(-1));
  CHECK(store.run({"TYPE", "out"}) == simple("list"));
  CHECK(store.run({"SORT", "ints", "GET", "nosuch_*", "LIMIT", "0", "2", "STORE", "out"}) == integer(2));
  CHECK(store.run({"LRANGE", "out", "0", "-1"}) == bulks({"", ""}));
  CHECK(store.run({"SORT", "nosuch", "STORE", "out"}) == integer(0));
  CHECK(store.run({"EXISTS", "out"}) == integer(0));
  CHECK(store.run({"SORT", "ints", "STORE", "a", "STORE", "b"}) == integer(5));
  CHECK(store.run({"EXISTS", "a", "b"}) == integer(1));
}

TEST_CASE("SORT's errors, and SORT_RO without STORE") {
  Store store;
  numbers(store);
  store.run({"SET", "str", "v"});
  CHECK(store.run({"SORT", "nosuch", "GET", "#"}) == array({}));
  CHECK(store.run({"SORT", "str"}) == err(kWrongType));
  CHECK(store.run({"SORT", "nums", "FOO"}) == err(kSyntax));
  CHECK(store.run({"SORT", "nums", "LIMIT", "0"}) == err(kSyntax));
  CHECK(store.run({"SORT", "nums", "LIMIT", "a", "1"}) == err(kNotInteger));
  CHECK(store.run({"SORT", "nums", "STORE"}) == err(kSyntax));
  // Options are read before the key: a bad option wins over a missing key.
  CHECK(store.run({"SORT", "nosuch", "FOO"}) == err(kSyntax));
  CHECK(store.run({"SORT_RO", "nums", "STORE", "out"}) == err(kSyntax));
  CHECK(store.run({"SORT_RO", "nums", "LIMIT", "0", "2"}) == bulks({"-5", "1"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "SORT", "nums", "BY", "store", "STORE", "out", "GET", "x"}) ==
        bulks({"nums", "out"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "SORT_RO", "nums"}) == bulks({"nums"}));
}

TEST_CASE("SORT STORE is one sortstore event: WATCH sees it") {
  Store store;
  numbers(store);
  int attempts = 0;
  store->transaction({"out"}, [&](not_redis::Transaction& tx) {
    if (++attempts == 1) store.run({"SORT", "nums", "STORE", "out"});
    tx.get("x");
  });
  CHECK(attempts == 2);
}

TEST_CASE("Typed SORT methods") {
  Store store;
  numbers(store);
  store.run({"MSET", "name_3", "three", "name_1", "one"});
  using Strings = std::vector<std::optional<std::string>>;
  CHECK(store->sort("nums", {.limit = Limit{0, 3}}).get() == Strings{"-5", "1", "2"});
  CHECK(store->sort("nums", {.by = "nosort", .limit = Limit{0, 2}, .get = {"name_*", "#"}, .descending = true}).get() ==
        Strings{std::nullopt, " 7", std::nullopt, "0x10"});
  CHECK(store->sort_ro("nums", {.limit = Limit{0, 2}, .descending = true, .alpha = true}).get() == Strings{"3", "2.5"});
  CHECK(store->sort_store("nums", "out", {.limit = Limit{1, 2}}).get() == 2);
  CHECK(store->lrange("out", 0, -1).get() == std::vector<std::string>{"1", "2"});
  store.run({"RPUSH", "bad", "x"});
  CHECK(thrown_text(store->sort("bad")) == kNotDouble);
}
