// Every typed method that returns many values lets the caller choose the
// container (and its element type); the defaults stay as they were.

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "harness.hpp"

using namespace test;
using Strings = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {
template <class Container>
Strings sorted(const Container& c) {
  Strings out(c.begin(), c.end());
  std::ranges::sort(out);
  return out;
}

// Keys, fields and members each test uses: a..c, with values 1..3.
void fill(Store& store) {
  store.run({"MSET", "a", "1", "b", "2", "c", "3"});
  store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  store.run({"RPUSH", "l", "1", "2", "3"});
  store.run({"SADD", "s", "a", "b", "c"});
  store.run({"SADD", "t", "b", "c", "d"});
}
} // namespace

TEST_CASE_TEMPLATE("typed methods returning strings fill any sequence or set", Out, Strings, std::set<std::string>,
                   std::unordered_set<std::string>) {
  Store store;
  fill(store);
  CHECK(sorted(store->keys<Out>("?").get()) == Strings{"a", "b", "c", "h", "l", "s", "t"});
  CHECK(sorted(store->hkeys<Out>("h").get()) == Strings{"a", "b", "c"});
  CHECK(sorted(store->hvals<Out>("h").get()) == Strings{"1", "2", "3"});
  CHECK(sorted(store->hrandfield<Out>("h", 3).get()) == Strings{"a", "b", "c"});
  CHECK(sorted(store->lrange<Out>("l", 0, -1).get()) == Strings{"1", "2", "3"});
  CHECK(sorted(store->smembers<Out>("s").get()) == Strings{"a", "b", "c"});
  CHECK(sorted(store->sinter<Out>("s", "t").get()) == Strings{"b", "c"});
  CHECK(sorted(store->sinter<Out>({"s", "t"}).get()) == Strings{"b", "c"});
  CHECK(sorted(store->sunion<Out>(Strings{"s", "t"}).get()) == Strings{"a", "b", "c", "d"});
  CHECK(sorted(store->sdiff<Out>("s", "t").get()) == Strings{"a"});
  CHECK(sorted(store->srandmember<Out>("s", 3).get()) == Strings{"a", "b", "c"});
  CHECK(sorted(store->spop<Out>("t", 3).get()) == Strings{"b", "c", "d"});
  CHECK(sorted(store->lpop<Out>("l", 2).get().value()) == Strings{"1", "2"});
  CHECK(sorted(store->rpop<Out>("l", 5).get().value()) == Strings{"3"});
  CHECK_FALSE(store->rpop<Out>("l", 1).get().has_value());
  store.run({"RPUSH", "l", "x", "y"});
  const auto popped = store->lmpop<Out>({"nx", "l"}, not_redis::ListEnd::left, 5).get();
  REQUIRE(popped.has_value());
  CHECK(popped->first == "l");
  CHECK(sorted(popped->second) == Strings{"x", "y"});
  store.run({"RPUSH", "l", "z"});
  const auto blocked = store->blmpop<Out>(Strings{"l"}, not_redis::ListEnd::right, 1s).get();
  REQUIRE(blocked.has_value());
  CHECK(sorted(blocked->second) == Strings{"z"});
}

TEST_CASE("typed methods returning values convert the elements too") {
  Store store;
  fill(store);
  CHECK(store->mget<std::vector<std::optional<long long>>>("a", "nx", "c").get() ==
        std::vector<std::optional<long long>>{1, std::nullopt, 3});
  CHECK(store->mget<std::vector<std::optional<int>>>(Strings{"b"}).get() == std::vector<std::optional<int>>{2});
  CHECK(store->hmget<std::vector<std::optional<double>>>("h", "a", "nx").get() ==
        std::vector<std::optional<double>>{1.0, std::nullopt});
  CHECK(store->hvals<std::set<int>>("h").get() == std::set<int>{1, 2, 3});
  CHECK(store->lrange<std::vector<long long>>("l", 0, -1).get() == std::vector<long long>{1, 2, 3});
  CHECK(store->lpop<std::vector<int>>("l", 1).get() == std::vector<int>{1});
  CHECK(store->lpos_count<std::set<long long>>("l", 3, 0).get() == std::set<long long>{1});
  CHECK(store->smismember<std::vector<int>>("s", "a", "z").get() == std::vector<int>{1, 0});
  CHECK(store->smismember<std::vector<int>>("s", {"z", "b"}).get() == std::vector<int>{0, 1});
  store.run({"SADD", "ints", "3", "1", "2"});
  CHECK(store->smembers<std::vector<int>>("ints").get() == std::vector<int>{1, 2, 3});  // an intset is ordered
  CHECK(store->srandmember<std::set<int>>("ints", -10).get().size() <= 3);
  // The defaults are unchanged.
  CHECK(store->mget("a", "nx").get() == std::vector<std::optional<std::string>>{"1", std::nullopt});
  CHECK(store->hgetall("h").get() == std::unordered_map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"c", "3"}});
  CHECK(store->lrange("l", 0, 0).get() == Strings{"2"});
}

TEST_CASE_TEMPLATE("HGETALL, HRANDFIELD WITHVALUES and CONFIG GET fill any map or a vector of pairs", Out,
                   std::map<std::string, std::string>, std::unordered_map<std::string, std::string>, Pairs) {
  Store store;
  fill(store);
  const Pairs expected{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  auto as_pairs = [](const Out& out) {
    Pairs pairs(out.begin(), out.end());
    std::ranges::sort(pairs);
    return pairs;
  };
  CHECK(as_pairs(store->hgetall<Out>("h").get()) == expected);
  CHECK(as_pairs(store->hrandfield_withvalues<Out>("h", 3).get()) == expected);
  CHECK(store->hgetall<Out>("nx").get().empty());
  CHECK(as_pairs(store->config_get<Out>("hz").get()) == Pairs{{"hz", "10"}});
}

TEST_CASE("HGETALL as a vector of pairs keeps the hash's order and converts both halves") {
  Store store;
  store.run({"HSET", "scores", "z", "26", "a", "1", "m", "13"});
  CHECK(store->hgetall<std::vector<std::pair<std::string, int>>>("scores").get() ==
        std::vector<std::pair<std::string, int>>{{"z", 26}, {"a", 1}, {"m", 13}});
  CHECK(store->hgetall<std::map<std::string, long long>>("scores").get() ==
        std::map<std::string, long long>{{"a", 1}, {"m", 13}, {"z", 26}});
  // With a negative count repeats are kept in a vector of pairs.
  CHECK(store->hrandfield_withvalues<std::vector<std::pair<std::string, int>>>("scores", -7).get().size() == 7);
}
