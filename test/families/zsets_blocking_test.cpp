// The blocking sorted-set pops: BZPOPMIN, BZPOPMAX and BZMPOP. What they
// answer at once is redis-server 7.0's reply to the same commands; how they
// wait (first come first served, served by the write that made members
// available, before the next command, timeouts past the deadline) follows
// redis-server 7.0 watched from redis-cli sessions, as the list family's
// blocking tests do.

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "cmd/table.hpp"
#include "harness_direct.hpp"

using namespace test;

namespace {

/// BZPOPMIN's and BZPOPMAX's reply: key, member, score.
Value popped(std::string_view key, std::string_view member, double score) {
  return array({bulk(key), bulk(member), number(score)});
}

} // namespace

// --- At once: a key has members, a wrong type, a bad argument -------------------------------

TEST_CASE("BZPOPMIN, BZPOPMAX and BZMPOP answer at once when a key has members") {
  Store store;
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"ZADD", "bz", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"BZPOPMIN", "nosuch", "bz", "0"}) == array({bulk("bz"), bulk("a"), number(1.0)}));
  CHECK(store.run({"BZPOPMAX", "nosuch", "bz", "0.5"}) == array({bulk("bz"), bulk("c"), number(3.0)}));
  CHECK(store.run({"BZPOPMIN", "bz", "1"}) == array({bulk("bz"), bulk("b"), number(2.0)}));
  CHECK(store.run({"EXISTS", "bz"}) == integer(0));
  CHECK(store.run({"ZADD", "bz", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"BZMPOP", "0", "2", "nosuch", "bz", "MIN"}) == array({bulk("bz"), scored({{"a", 1.0}})}));
  CHECK(store.run({"BZMPOP", "1", "1", "bz", "MAX", "COUNT", "5"}) == array({bulk("bz"), scored({{"c", 3.0}, {"b", 2.0}})}));
  CHECK(store.run({"EXISTS", "bz"}) == integer(0));
  CHECK(store.run({"BZPOPMIN", "str", "0"}) == err(kWrongType));
  CHECK(store.run({"BZPOPMAX", "nosuch", "str", "0"}) == err(kWrongType));
  CHECK(store.run({"BZMPOP", "0", "2", "nosuch", "str", "MAX"}) == err(kWrongType));
  CHECK(store.run({"BZPOPMIN", "bz", "-1"}) == err("ERR timeout is negative"));
  CHECK(store.run({"BZPOPMIN", "bz", "abc"}) == err("ERR timeout is not a float or out of range"));
  CHECK(store.run({"BZPOPMIN", "bz", "1e400"}) == err("ERR timeout is negative"));
  CHECK(store.run({"BZPOPMIN", "bz"}) == arity_error("bzpopmin"));
  CHECK(store.run({"BZMPOP", "0", "0", "bz", "MIN"}) == err(kNumkeysNotPositive));
  CHECK(store.run({"BZMPOP", "-1", "1", "bz", "MIN"}) == err("ERR timeout is negative"));
  CHECK(store.run({"BZMPOP", "abc", "1", "bz", "MIN"}) == err("ERR timeout is not a float or out of range"));
  CHECK(store.run({"BZMPOP", "0", "1", "bz", "MIDDLE"}) == err(kSyntax));
  CHECK(store.run({"BZMPOP", "0", "1", "bz", "MIN", "COUNT", "0"}) == err(kCountNotAboveZero));
  CHECK(store.run({"BZMPOP", "0", "2", "bz", "MIN"}) == err(kSyntax));
  CHECK(store.run({"BZMPOP", "0", "1"}) == arity_error("bzmpop"));
}

// --- Waiting --------------------------------------------------------------------------------

TEST_CASE("blocked pops are served first come, first served, each by its own end") {
  Store store;
  auto min = post(store, {"BZPOPMIN", "q", "0"});
  auto max = post(store, {"BZPOPMAX", "q", "0"});
  auto rest = post(store, {"BZMPOP", "0", "2", "other", "q", "MIN", "COUNT", "10"});
  store->run_until_idle();
  CHECK(info_field(store, "clients", "blocked_clients") == "3");
  CHECK(store.run({"ZADD", "q", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(min.get() == popped("q", "a", 1));
  CHECK(max.get() == popped("q", "e", 5));
  CHECK(rest.get() == array({bulk("q"), scored({{"b", 2}, {"c", 3}, {"d", 4}})}));
  CHECK(store.run({"EXISTS", "q"}) == integer(0));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("a waiter that the first member satisfies leaves the rest to the next") {
  Store store;
  auto first = post(store, {"BZPOPMIN", "q", "0"});
  auto second = post(store, {"BZPOPMIN", "other", "q", "0"});
  store->run_until_idle();
  CHECK(store.run({"ZADD", "q", "7", "only"}) == integer(1));
  CHECK(first.get() == popped("q", "only", 7));
  CHECK_FALSE(second.ready());
  CHECK(store.run({"ZADD", "other", "1", "x"}) == integer(1));
  CHECK(second.get() == popped("other", "x", 1));
}

TEST_CASE("a ZADD that satisfies a blocked pop is handed over before the next command") {
  Store store;
  auto waiter = post(store, {"BZPOPMAX", "q", "0"});
  store->run_until_idle();
  auto add = post(store, {"ZADD", "q", "1", "x"});
  auto pop = post(store, {"ZPOPMIN", "q"});
  store->run_until_idle();
  CHECK(add.get() == integer(1));
  CHECK(waiter.get() == popped("q", "x", 1));
  CHECK(pop.get() == array({}));
}

TEST_CASE("every command that creates a sorted set wakes its waiters") {
  Store store;
  CHECK(store.run({"ZADD", "src", "1", "x", "2", "y"}) == integer(2));
  SUBCASE("ZUNIONSTORE, then RENAME of the result onto the waited key") {
    auto a = start(store, {"BZPOPMAX", "u", "0"});
    CHECK(store.run({"ZUNIONSTORE", "u", "1", "src"}) == integer(2));
    CHECK(a.get() == popped("u", "y", 2));
    auto b = start(store, {"BZPOPMIN", "rn", "0"});
    CHECK(store.run({"RENAME", "u", "rn"}) == ok());
    CHECK(b.get() == popped("rn", "x", 1));
    CHECK(store.run({"EXISTS", "rn"}) == integer(0));
  }
  SUBCASE("COPY onto the waited key") {
    auto a = start(store, {"BZPOPMIN", "cpk", "0"});
    CHECK(store.run({"COPY", "src", "cpk"}) == integer(1));
    CHECK(a.get() == popped("cpk", "x", 1));
    CHECK(store.run({"ZRANGE", "cpk", "0", "-1", "WITHSCORES"}) == scored({{"y", 2}}));
  }
  SUBCASE("ZINCRBY and ZRANGESTORE") {
    auto a = start(store, {"BZPOPMIN", "inc", "0"});
    CHECK(store.run({"ZINCRBY", "inc", "5", "m"}) == number(5));
    CHECK(a.get() == popped("inc", "m", 5));
    auto b = start(store, {"BZMPOP", "0", "1", "rs", "MAX"});
    CHECK(store.run({"ZRANGESTORE", "rs", "src", "0", "0"}) == integer(1));
    CHECK(b.get() == array({bulk("rs"), scored({{"x", 1}})}));
  }
  SUBCASE("a transaction: served after EXEC, with what the transaction left") {
    auto a = start(store, {"BZPOPMIN", "mq", "0"});
    not_redis::Transaction tx;
    tx.command<Value>("ZADD", "mq", "1", "a");
    tx.command<Value>("ZADD", "mq", "2", "b");
    tx.command<Value>("ZPOPMIN", "mq");
    const not_redis::Replies replies = store->execute(std::move(tx)).get();
    REQUIRE(replies.size() == 3);
    CHECK(replies[2] == array({bulk("a"), number(1)}));
    CHECK(a.get() == popped("mq", "b", 2));
  }
  SUBCASE("another type at the waited key wakes nobody") {
    auto a = start(store, {"BZPOPMIN", "sq", "0"});
    CHECK(store.run({"SET", "sq", "v"}) == ok());
    CHECK(store.run({"RPUSH", "l", "x"}) == integer(1));
    CHECK(store.run({"RENAME", "l", "sq"}) == ok());
    CHECK_FALSE(a.ready());
    CHECK(store.run({"DEL", "sq"}) == integer(1));
    CHECK(store.run({"ZADD", "sq", "3", "m"}) == integer(1));
    CHECK(a.get() == popped("sq", "m", 3));
  }
  SUBCASE("XX and a ZADD that adds nothing create nothing") {
    auto a = start(store, {"BZPOPMIN", "q", "0"});
    CHECK(store.run({"ZADD", "q", "XX", "1", "m"}) == integer(0));
    CHECK(store.run({"ZADD", "q", "XX", "INCR", "1", "m"}) == nil());
    CHECK_FALSE(a.ready());
    CHECK(store.run({"ZADD", "q", "NX", "1", "m"}) == integer(1));
    CHECK(a.get() == popped("q", "m", 1));
  }
}

TEST_CASE("blocking pops time out with nil once the deadline has passed") {
  Store store;
  auto one_second = start(store, {"BZPOPMIN", "q", "1"});
  auto half = start(store, {"BZPOPMAX", "q", "0.5"});
  auto tiny = start(store, {"BZMPOP", "0.0001", "1", "q", "MIN"});  // rounds up to 1 ms
  auto forever = start(store, {"BZMPOP", "0", "1", "q", "MAX", "COUNT", "2"});
  CHECK(info_field(store, "clients", "blocked_clients") == "4");
  store.advance(1ms);
  CHECK_FALSE(tiny.ready());  // strictly past the deadline, as Redis
  store.advance(1ms);
  CHECK(tiny.get() == nil());
  store.advance(498ms);
  CHECK_FALSE(half.ready());
  store.advance(1ms);
  const Value timed_out = half.get();
  CHECK(timed_out == nil());
  CHECK(timed_out.is_null_array());  // RESP2 *-1, RESP3 null
  store.advance(500ms);
  CHECK(one_second.get().is_null_array());
  store.advance(1h);
  CHECK_FALSE(forever.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  CHECK(store.run({"ZADD", "q", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(forever.get() == array({bulk("q"), scored({{"c", 3}, {"b", 2}})}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
  CHECK(store.run({"ZRANGE", "q", "0", "-1", "WITHSCORES"}) == scored({{"a", 1}}));
}

TEST_CASE("inside a transaction and in atomically() the blocking pops answer nil at once") {
  DirectStore direct;
  auto run = [&](const not_redis::Argv& argv, not_redis::detail::CallMode mode) { return direct.run(argv, mode); };
  const not_redis::detail::CallMode in_exec = kInExec;
  CHECK(run({"BZPOPMIN", "q", "0"}, in_exec).is_null_array());
  CHECK(run({"BZPOPMAX", "q", "1"}, in_exec).is_null_array());
  CHECK(run({"BZMPOP", "0", "1", "q", "MAX", "COUNT", "2"}, in_exec).is_null_array());
  CHECK(run({"ZADD", "q", "5", "x", "6", "y"}, in_exec) == integer(2));
  CHECK(run({"BZPOPMAX", "q", "0"}, in_exec) == popped("q", "y", 6));
  CHECK(run({"BZMPOP", "0", "1", "q", "MIN"}, in_exec) == array({bulk("q"), scored({{"x", 5}})}));
  // Outside one, the same call asks the engine to park it; CLIENT UNBLOCK
  // ... TIMEOUT answers its timeout reply, a null array like BLPOP's.
  not_redis::detail::Outcome outcome =
      not_redis::detail::dispatch(direct.store, direct.session, not_redis::Argv{"BZPOPMIN", "q", "r", "1.5"});
  REQUIRE(outcome.blocked());
  const std::unique_ptr<not_redis::detail::Block> block = outcome.take_block();
  CHECK(block->keys == std::vector<std::string>{"q", "r"});
  CHECK(block->deadline_ms == std::chrono::duration_cast<std::chrono::milliseconds>(direct.clock.now()).count() + 1500);
  CHECK(block->timeout_reply.is_null_array());
  CHECK(block->wants == not_redis::detail::ObjectType::zset);
  not_redis::detail::Outcome mpop =
      not_redis::detail::dispatch(direct.store, direct.session, not_redis::Argv{"BZMPOP", "0", "2", "a", "b", "MIN"});
  REQUIRE(mpop.blocked());
  const std::unique_ptr<not_redis::detail::Block> mblock = mpop.take_block();
  CHECK(mblock->keys == std::vector<std::string>{"a", "b"});
  CHECK(mblock->deadline_ms == 0);
  CHECK(mblock->wants == not_redis::detail::ObjectType::zset);

  Store client;
  auto in_atomically = client->atomically([](not_redis::AtomicView& s) {
    const Value empty = s.execute(not_redis::Argv{"BZPOPMIN", "none", "0"});
    s.execute(not_redis::Argv{"ZADD", "k", "1", "m"});
    return std::make_pair(empty, s.execute(not_redis::Argv{"BZMPOP", "0", "1", "k", "MAX"}));
  });
  const auto [empty, served] = in_atomically.get();
  CHECK(empty.is_null_array());
  CHECK(served == array({bulk("k"), scored({{"m", 1}})}));
}

TEST_CASE("shutting down completes blocked pops with a shutdown error") {
  not_redis::Client client;
  auto a = client.execute(not_redis::Argv{"BZPOPMIN", "q", "0"});
  auto b = client.execute(not_redis::Argv{"BZMPOP", "10", "1", "q", "MAX"});
  CHECK(client.command<long long>("ZCARD", "q").get() == 0);  // both are parked by now
  CHECK(client.command<std::string>("INFO", "clients").get().find("blocked_clients:2") != std::string::npos);
  client.shutdown();
  CHECK(error_kind([&] { a.get(); }) == not_redis::Error::Kind::shutdown);
  CHECK(error_kind([&] { b.get(); }) == not_redis::Error::Kind::shutdown);
}
