// Typed methods take values, members and fields of any type command() takes:
// integers, doubles, user types through ToArgs. Keys stay string-like.

#include <map>
#include <set>
#include <vector>

#include "harness.hpp"

using namespace test;

namespace {
struct Celsius {
  double degrees = 0;
};
} // namespace

template <>
struct not_redis::ToArgs<Celsius> {
  static void append(Argv& out, const Celsius& c) { out.push_back(fmt::format("{}C", c.degrees)); }
};

static_assert(not_redis::detail::Arg<int>);
static_assert(not_redis::detail::Arg<double>);
static_assert(not_redis::detail::Arg<Celsius>);
static_assert(not_redis::detail::Arg<std::vector<int>>);
static_assert(not_redis::detail::Arg<std::map<std::string, double>>);
static_assert(!not_redis::detail::Arg<char>);
static_assert(!not_redis::detail::Arg<std::vector<std::set<char>>>);

TEST_CASE("typed string commands take numbers and ToArgs types as values") {
  Store store;
  CHECK(store->set("n", 42).get());
  CHECK(store.run({"GET", "n"}) == bulk("42"));
  CHECK(store->incr("n").get() == 43);
  CHECK(store->set("d", 3.5).get());
  CHECK(store.run({"GET", "d"}) == bulk("3.5"));
  CHECK(store->set("t", Celsius{21.5}).get());
  CHECK(store.run({"GET", "t"}) == bulk("21.5C"));
  CHECK(store->set_get("n", 7).get() == "43");
  CHECK(store->getset("n", 8u).get() == "7");
  CHECK(store->setnx("fresh", -1).get());
  CHECK(store.run({"GET", "fresh"}) == bulk("-1"));
  CHECK(store->append("fresh", 23).get() == 4);
  CHECK(store.run({"GET", "fresh"}) == bulk("-123"));
  CHECK(store->setrange("fresh", 1, 9).get() == 4);
  CHECK(store.run({"GET", "fresh"}) == bulk("-923"));
  store->setex("e", 10s, 1.25).get();
  CHECK(store.run({"GET", "e"}) == bulk("1.25"));
  store->psetex("p", 10ms, Celsius{-4}).get();
  CHECK(store.run({"GET", "p"}) == bulk("-4C"));
  store->mset(std::map<std::string, int>{{"a", 1}, {"b", 2}}).get();
  CHECK(store.run({"MGET", "a", "b"}) == bulks({"1", "2"}));
  CHECK(store->msetnx(std::vector<std::pair<std::string, double>>{{"x", 0.5}}).get());
  CHECK(store.run({"GET", "x"}) == bulk("0.5"));
}

TEST_CASE("typed hash commands take numbers and ToArgs types as fields and values") {
  Store store;
  CHECK(store->hset("h", 1, 2.5).get() == 1);
  CHECK(store->hset("h", "t", Celsius{30}).get() == 1);
  CHECK(store->hset("h", std::map<int, long long>{{2, 20}, {3, 30}}).get() == 2);
  CHECK(store->hsetnx("h", 4, 40).get());
  CHECK(store->hget("h", 1).get() == "2.5");
  CHECK(store->hget("h", "t").get() == "30C");
  CHECK(store->hmget("h", 2, std::vector<int>{3, 9}).get() ==
        std::vector<std::optional<std::string>>{"20", "30", std::nullopt});
  CHECK(store->hexists("h", 4).get());
  CHECK(store->hstrlen("h", 4).get() == 2);
  CHECK(store->hincrby("h", 2, 5).get() == 25);
  CHECK(store->hincrbyfloat("h", 1, 0.25).get() == 2.75);
  CHECK(store->hdel("h", 2, std::set<int>{3, 4}).get() == 3);
  CHECK(store.run({"HLEN", "h"}) == integer(2));
}

TEST_CASE("typed list commands take numbers, ranges of numbers and ToArgs types as elements") {
  Store store;
  CHECK(store->rpush("l", 1, 2.5, Celsius{3}).get() == 3);
  CHECK(store->lpush("l", std::vector<int>{0, -1}).get() == 5);
  CHECK(store->rpushx("l", 4).get() == 6);
  CHECK(store->lpushx("l", -2).get() == 7);
  CHECK(store->lpushx("missing", 1).get() == 0);
  CHECK(store->rpushx("missing", std::vector<int>{1}).get() == 0);
  CHECK(store.run({"LRANGE", "l", "0", "-1"}) == bulks({"-2", "-1", "0", "1", "2.5", "3C", "4"}));
  store->lset("l", 0, 100).get();
  CHECK(store->linsert("l", not_redis::ListWhere::after, 100, 101).get() == 8);
  CHECK(store->lpos("l", 2.5).get() == 5);
  CHECK(store->lpos_count("l", Celsius{3}, 0).get() == std::vector<long long>{6});
  CHECK(store->lrem("l", 0, 101).get() == 1);
  CHECK(store.run({"LRANGE", "l", "0", "1"}) == bulks({"100", "-1"}));
}

TEST_CASE("typed set commands take numbers, ranges of numbers and ToArgs types as members") {
  Store store;
  CHECK(store->sadd("s", 1, 2, 3).get() == 3);
  CHECK(store->sadd("s", std::vector<double>{0.5, 1.5}, Celsius{0}).get() == 3);
  CHECK(store->sismember("s", 2).get());
  CHECK(store->sismember("s", Celsius{0}).get());
  CHECK(store->smismember("s", 1, 9, 0.5).get() == std::vector<bool>{true, false, true});
  CHECK(store->smove("s", "t", 3).get());
  CHECK(store->srem("s", std::set<int>{1, 2}).get() == 2);
  CHECK(store->smembers<std::set<std::string>>("s").get() == std::set<std::string>{"0.5", "0C", "1.5"});
  CHECK(store->smembers<std::set<int>>("t").get() == std::set<int>{3});
}

TEST_CASE("typed server commands take numbers as messages and setting values") {
  Store store;
  CHECK(store->echo(42).get() == "42");
  CHECK(store->ping(1.5).get() == "1.5");
  store->config_set("hz", 50).get();
  CHECK(store->config_get("hz").get().at("hz") == "50");
}
