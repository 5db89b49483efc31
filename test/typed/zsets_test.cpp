// The typed sorted-set methods: the arguments they send (checked on a
// Pipeline, whatever the store knows), and their replies converted, with the
// values redis-server 7.0 gives for the same commands.

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::LexBound;
using not_redis::LexRange;
using not_redis::Limit;
using not_redis::ScoreBound;
using not_redis::ScoredMembers;
using not_redis::ScoreRange;
using not_redis::ZaddCompare;
using not_redis::ZaddCondition;
using not_redis::ZsetAggregate;
using not_redis::ZsetEnd;
using Strings = std::vector<std::string>;

namespace {

/// The arguments of the one command `queue` puts on a pipeline.
template <class F>
Strings sent(F&& queue) {
  not_redis::Pipeline pipeline;
  queue(pipeline);
  std::vector<not_redis::Argv> commands = std::move(pipeline).take_commands();
  REQUIRE(commands.size() == 1);
  Strings out;
  for (std::string_view a : commands[0]) out.emplace_back(a);
  return out;
}

} // namespace

TEST_CASE("typed sorted-set methods write bounds, options and scores as Redis reads them") {
  using P = not_redis::Pipeline;
  CHECK(sent([](P& p) { p.zadd("k", "m", 1.5); }) == Strings{"ZADD", "k", "1.5", "m"});
  CHECK(sent([](P& p) { p.zadd("k", {{"a", 1}, {"b", -0.25}}, {.compare = ZaddCompare::greater, .changed = true}); }) ==
        Strings{"ZADD", "k", "GT", "CH", "1", "a", "-0.25", "b"});
  const ScoredMembers members{{std::string("a\0b", 3), kInf}, {"c", -kInf}};
  CHECK(sent([&](P& p) { p.zadd("k", members, {.condition = ZaddCondition::if_exists}); }) ==
        Strings{"ZADD", "k", "XX", "inf", std::string("a\0b", 3), "-inf", "c"});
  CHECK(sent([](P& p) { p.zadd_incr("k", 7, 2.5, {.condition = ZaddCondition::if_absent, .compare = ZaddCompare::less}); }) ==
        Strings{"ZADD", "k", "NX", "LT", "INCR", "2.5", "7"});
  CHECK(sent([](P& p) { p.zincrby("k", 0.1, "m"); }) == Strings{"ZINCRBY", "k", "0.1", "m"});
  // Scores keep every bit: the shortest text that reads back the same double.
  CHECK(sent([](P& p) { p.zadd("k", "m", 0.1 + 0.2); }) == Strings{"ZADD", "k", "0.30000000000000004", "m"});

  CHECK(sent([](P& p) { p.zcount("k"); }) == Strings{"ZCOUNT", "k", "-inf", "+inf"});
  CHECK(sent([](P& p) { p.zcount("k", {ScoreBound::exclusive(1), 2}); }) == Strings{"ZCOUNT", "k", "(1", "2"});
  CHECK(sent([](P& p) { p.zcount("k", {.max = ScoreBound::exclusive(-0.5)}); }) == Strings{"ZCOUNT", "k", "-inf", "(-0.5"});
  CHECK(sent([](P& p) { p.zrevrangebyscore("k", {.min = ScoreBound::exclusive(3)}, {1, 2}); }) ==
        Strings{"ZREVRANGEBYSCORE", "k", "+inf", "(3", "LIMIT", "1", "2"});
  CHECK(sent([](P& p) { p.zrangebyscore_withscores("k", {1, ScoreBound::inclusive(kInf)}); }) ==
        Strings{"ZRANGEBYSCORE", "k", "1", "inf", "WITHSCORES", "LIMIT", "0", "-1"});
  CHECK(sent([](P& p) { p.zlexcount("k"); }) == Strings{"ZLEXCOUNT", "k", "-", "+"});
  CHECK(sent([](P& p) { p.zrangebylex("k", {LexBound::exclusive(std::string("\0", 1)), LexBound::inclusive("b")}); }) ==
        Strings{"ZRANGEBYLEX", "k", std::string("(\0", 2), "[b", "LIMIT", "0", "-1"});
  CHECK(sent([](P& p) { p.zrevrangebylex("k", {.min = LexBound::inclusive("a")}, Limit{.count = 3}); }) ==
        Strings{"ZREVRANGEBYLEX", "k", "+", "[a", "LIMIT", "0", "3"});
  CHECK(sent([](P& p) { p.zrangestore_bylex("d", "s", {LexBound::inclusive("a"), LexBound::unbounded()}); }) ==
        Strings{"ZRANGESTORE", "d", "s", "[a", "+", "BYLEX", "LIMIT", "0", "-1"});

  CHECK(sent([](P& p) { p.zunion({"a", "b"}, {.weights = {1, 0.5}, .aggregate = ZsetAggregate::max}); }) ==
        Strings{"ZUNION", "2", "a", "b", "WEIGHTS", "1", "0.5", "AGGREGATE", "MAX"});
  CHECK(sent([](P& p) { p.zinter_withscores(Strings{"a", "b", "c"}); }) ==
        Strings{"ZINTER", "3", "a", "b", "c", "WITHSCORES"});
  CHECK(sent([](P& p) { p.zinterstore("d", {"a"}, {.aggregate = ZsetAggregate::min}); }) ==
        Strings{"ZINTERSTORE", "d", "1", "a", "AGGREGATE", "MIN"});
  CHECK(sent([](P& p) { p.zmpop({"a", "b"}, ZsetEnd::max, 3); }) == Strings{"ZMPOP", "2", "a", "b", "MAX", "COUNT", "3"});
  CHECK(sent([](P& p) { p.bzpopmin({"a", "b"}, 1500ms); }) == Strings{"BZPOPMIN", "a", "b", "1.500000"});
  CHECK(sent([](P& p) { p.bzmpop(Strings{"a"}, ZsetEnd::min, 0s, 2); }) ==
        Strings{"BZMPOP", "0.000000", "1", "a", "MIN", "COUNT", "2"});
}

TEST_CASE("the conversions behind the sorted-set replies, from RESP3 shapes Redis sends") {
  // ZRANGE ... WITHSCORES: [[member, double], ...]; ZSCAN: [cursor, [member, "score", ...]].
  CHECK(not_redis::from_value<ScoredMembers>(scored({{"a", 1}, {"b", kInf}})) == ScoredMembers{{"a", 1}, {"b", kInf}});
  CHECK(not_redis::from_value<ScoredMembers>(bulks({"a", "1", "b", "2.5", "c", "-inf"})) ==
        ScoredMembers{{"a", 1}, {"b", 2.5}, {"c", -kInf}});
  const auto page = not_redis::from_value<not_redis::SortedSetScanPage>(array({bulk("56"), bulks({"m", "0.5"})}));
  CHECK(page.cursor == 56);
  CHECK(page.members == ScoredMembers{{"m", 0.5}});
  // ZSCORE, ZADD ... INCR: a double or null; ZMSCORE: an array of them.
  CHECK(not_redis::from_value<std::optional<double>>(number(6.5)) == 6.5);
  CHECK(not_redis::from_value<std::optional<double>>(nil()) == std::nullopt);
  CHECK(not_redis::from_value<std::vector<std::optional<double>>>(array({number(42), nil()})) ==
        std::vector<std::optional<double>>{42.0, std::nullopt});
  // BZPOPMIN: [key, member, double], or a null array on timeout.
  using KeyMemberScore = std::optional<std::tuple<std::string, std::string, double>>;
  CHECK(not_redis::from_value<KeyMemberScore>(array({bulk("k"), bulk("m"), number(1)})) ==
        std::make_tuple(std::string("k"), std::string("m"), 1.0));
  CHECK(not_redis::from_value<KeyMemberScore>(Value::null_array()) == std::nullopt);
  // ZMPOP and BZMPOP: [key, [[member, double], ...]].
  using KeyScored = std::optional<std::pair<std::string, ScoredMembers>>;
  CHECK(not_redis::from_value<KeyScored>(array({bulk("k"), scored({{"a", 1}, {"b", 2}})})) ==
        std::make_pair(std::string("k"), ScoredMembers{{"a", 1}, {"b", 2}}));
  CHECK(not_redis::from_value<KeyScored>(nil()) == std::nullopt);
}

TEST_CASE("typed sorted-set methods give Redis's replies as C++ values") {
  Store store;
  auto& s = store.client();
  CHECK(s.zadd("board", {{"ann", 42}, {"bob", 17}}).get() == 2);
  CHECK(s.zadd("board", {{"ann", 40}, {"bob", 20}, {"cid", 5}}, {.compare = ZaddCompare::greater, .changed = true}).get() == 2);
  CHECK(s.zadd_incr("board", "cid", 1.5).get() == 6.5);
  CHECK(s.zadd_incr("board", "cid", 1, {.condition = ZaddCondition::if_absent}).get() == std::nullopt);
  CHECK(s.zincrby("board", 0.25, "bob").get() == 20.25);
  CHECK(s.zcard("board").get() == 3);
  CHECK(s.zscore("board", "ann").get() == 42.0);
  CHECK(s.zscore("board", "nobody").get() == std::nullopt);
  CHECK(s.zmscore("board", "ann", "nobody", "cid").get() == std::vector<std::optional<double>>{42.0, std::nullopt, 6.5});
  CHECK(s.zrank("board", "ann").get() == 2);
  CHECK(s.zrevrank("board", "ann").get() == 0);
  CHECK(s.zrank("board", "nobody").get() == std::nullopt);
  CHECK(s.zcount("board", {.min = ScoreBound::exclusive(6.5)}).get() == 2);
  CHECK(s.zrange("board", 0, -1).get() == Strings{"cid", "bob", "ann"});
  CHECK(s.zrange<std::set<std::string>>("board", 0, -1).get() == std::set<std::string>{"ann", "bob", "cid"});
  CHECK(s.zrange_withscores("board", 0, 1).get() == ScoredMembers{{"cid", 6.5}, {"bob", 20.25}});
  CHECK(s.zrevrange_withscores("board", 0, 0).get() == ScoredMembers{{"ann", 42}});
  CHECK(s.zrangebyscore_withscores("board", {ScoreBound::exclusive(6.5), 42}).get() ==
        ScoredMembers{{"bob", 20.25}, {"ann", 42}});
  CHECK(s.zrevrangebyscore("board", {}, {1, 1}).get() == Strings{"bob"});
  CHECK(s.zrevrangebyscore_withscores("board", {ScoreBound::exclusive(6.5), 42}).get() ==
        ScoredMembers{{"ann", 42}, {"bob", 20.25}});
  CHECK(s.zrangestore("top", "board", 0, 0).get() == 1);
  CHECK(s.zrangestore_byscore("mid", "board", {.min = ScoreBound::exclusive(6.5)}).get() == 2);

  CHECK(s.zadd("lex", {{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}}).get() == 4);
  CHECK(s.zrangebylex("lex", {LexBound::exclusive("a"), LexBound::inclusive("c")}).get() == Strings{"b", "c"});
  CHECK(s.zrevrangebylex("lex", {LexBound::exclusive("a"), LexBound::inclusive("c")}).get() == Strings{"c", "b"});
  CHECK(s.zlexcount("lex", {.min = LexBound::inclusive("b")}).get() == 3);
  CHECK(s.zrangestore_bylex("lexd", "lex", {.min = LexBound::inclusive("b")}, {.offset = 1}).get() == 2);
  CHECK(s.zremrangebylex("lex", {.max = LexBound::exclusive("b")}).get() == 1);
  CHECK(s.zrem("lex", "d", "nosuch").get() == 1);
  CHECK(s.zremrangebyrank("lex", 0, 0).get() == 1);
  CHECK(s.zremrangebyscore("board", {.max = ScoreBound::exclusive(10)}).get() == 1);

  CHECK(s.zadd("other", {{"ann", 1}, {"dan", 100}}).get() == 2);
  CHECK(s.zunion_withscores({"board", "other"}, {.weights = {1, 2}, .aggregate = ZsetAggregate::max}).get() ==
        ScoredMembers{{"bob", 20.25}, {"ann", 42}, {"dan", 200}});
  CHECK(s.zinter({"board", "other"}).get() == Strings{"ann"});
  CHECK(s.zinter_withscores({"board", "other"}, {.aggregate = ZsetAggregate::min}).get() == ScoredMembers{{"ann", 1}});
  CHECK(s.zdiff_withscores({"board", "other"}).get() == ScoredMembers{{"bob", 20.25}});
  CHECK(s.zunionstore("u", {"board", "other"}).get() == 3);
  CHECK(s.zinterstore("i", Strings{"board", "other"}, {.weights = {0.5, 1}}).get() == 1);
  CHECK(s.zdiffstore("d", {"other", "board"}).get() == 1);
  CHECK(s.zintercard({"board", "other"}).get() == 1);
  CHECK(s.zpopmin("u").get() == ScoredMembers{{"bob", 20.25}});
  CHECK(s.zpopmax("u", 2).get() == ScoredMembers{{"dan", 100}, {"ann", 43}});
  CHECK(s.zmpop({"nosuch", "u"}, ZsetEnd::min, 5).get() == std::nullopt);
  CHECK(s.zrandmember("nosuch").get() == std::nullopt);
  CHECK(s.zrandmember_withscores<std::set<std::pair<std::string, double>>>("other", 5).get() ==
        std::set<std::pair<std::string, double>>{{"ann", 1}, {"dan", 100}});
  const auto page = s.zscan("other", 0).get();
  CHECK(page.cursor == 0);
  CHECK(page.members == ScoredMembers{{"ann", 1}, {"dan", 100}});
  CHECK(s.bzpopmin({"nosuch", "other"}, 500ms).get() == std::make_tuple(std::string("other"), std::string("ann"), 1.0));
  CHECK(s.bzpopmax(Strings{"other"}, 500ms).get() == std::make_tuple(std::string("other"), std::string("dan"), 100.0));
  CHECK(s.bzmpop({"board"}, ZsetEnd::max, 500ms).get() == std::make_pair(std::string("board"), ScoredMembers{{"ann", 42}}));
  // A NaN result is an error reply: it throws.
  CHECK(s.zadd("inf", "m", kInf).get() == 1);
  CHECK(reply_error([&] { s.zincrby("inf", -kInf, "m").get(); }) == kScoreNaN);
  const not_redis::ZaddOptions refused{.condition = ZaddCondition::if_absent, .compare = ZaddCompare::greater};
  CHECK(reply_error([&] { s.zadd("lexd", "x", 1, refused).get(); }) == kGtLtNx);
}

TEST_CASE("typed blocking pops wait on the store's clock and give nullopt on timeout") {
  Store store;
  auto& s = store.client();
  auto min = s.bzpopmin({"q"}, 1s);
  auto many = s.bzmpop({"q"}, ZsetEnd::max, 0s, 10);
  CHECK(info_field(store, "clients", "blocked_clients") == "2");
  store.advance(1001ms);
  CHECK(min.get() == std::nullopt);
  CHECK_FALSE(many.ready());
  CHECK(s.zadd("q", {{"a", 1}, {"b", 2}}).get() == 2);
  CHECK(many.get() == std::make_pair(std::string("q"), ScoredMembers{{"b", 2}, {"a", 1}}));
}

TEST_CASE("the sorted-set methods work on pipelines, transactions and inside atomically()") {
  Store store;
  not_redis::Transaction tx;
  const auto added = tx.zadd("k", {{"a", 1}, {"b", 2}});
  const auto top = tx.zpopmax("k");
  const not_redis::Replies replies = store->execute(std::move(tx)).get();
  CHECK(replies[added] == 2);
  CHECK(replies[top] == ScoredMembers{{"b", 2}});
  auto view = store->atomically([](not_redis::AtomicView& v) {
    v.zincrby("k", 2, "a");
    return std::make_pair(v.zrange_withscores("k", 0, -1), v.bzpopmin({"none"}, 0s));
  });
  const auto [range, popped] = view.get();
  CHECK(range == ScoredMembers{{"a", 3}});
  CHECK(popped == std::nullopt);
}
