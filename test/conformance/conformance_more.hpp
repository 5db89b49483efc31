#pragma once
// Conformance, continued: sorted sets, streams and consumer groups,
// pipelines, transactions and futures. Every expected value is
// redis-server 7.0's reply (RESP3).

#include "conformance_support.hpp"

namespace conformance {

/// The sorted-set commands on one key: adds, scores, ranks, ranges, random members.
template <class Store>
void conformance_zsets(Store& s, std::string_view p = "c:") {
  using not_redis::LexBound;
  using not_redis::ScoreBound;
  using not_redis::ZaddCompare;
  using not_redis::ZaddCondition;
  using Members = std::vector<std::string>;
  using Scored = not_redis::ScoredMembers;
  const auto k = [&](std::string_view name) { return key(p, "zset:", name); };
  const auto z = k("z"), zl = k("zl"), d = k("d"), gone = k("gone");
  s.del(z, zl, d, gone).get();

  CHECK(s.zadd(z, {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}).get() == 4);
  CHECK(s.zadd(z, "e", 5).get() == 1);
  CHECK(s.zadd(z, "a", 100, {.condition = ZaddCondition::if_absent}).get() == 0);
  CHECK(s.zadd(z, "b", 2.5, {.condition = ZaddCondition::if_exists, .changed = true}).get() == 1);
  CHECK(s.zadd(z, "b", 1, {.compare = ZaddCompare::greater, .changed = true}).get() == 0);
  CHECK(s.zadd_incr(z, "b", -0.5).get() == 2.0);
  CHECK(s.zadd_incr(z, "a", 1, {.condition = ZaddCondition::if_absent}).get() == std::nullopt);
  CHECK(s.zincrby(z, 0.5, "x").get() == 0.5);
  CHECK(s.zrem(z, "x", "nope").get() == 1);
  CHECK(s.zcard(z).get() == 5);
  CHECK(s.zcard(gone).get() == 0);
  CHECK(s.zscore(z, "c").get() == 3.0);
  CHECK(s.zscore(z, "nope").get() == std::nullopt);
  CHECK(s.zmscore(z, "a", "nope", "e").get() == std::vector<std::optional<double>>{1.0, std::nullopt, 5.0});
  CHECK(s.zrank(z, "c").get() == 2);
  CHECK(s.zrevrank(z, "e").get() == 0);
  CHECK(s.zrank(z, "nope").get() == std::nullopt);
  CHECK(s.zcount(z, {2, 4}).get() == 3);
  CHECK(s.zcount(z, {.min = ScoreBound::exclusive(2)}).get() == 3);
  CHECK(s.zcount(z).get() == 5);

  // By rank, by score, WITHSCORES as (member, score) pairs.
  CHECK(s.zrange(z, 0, -1).get() == Members{"a", "b", "c", "d", "e"});
  CHECK(s.zrange_withscores(z, 0, 1).get() == Scored{{"a", 1}, {"b", 2}});
  CHECK(s.zrevrange(z, 0, 1).get() == Members{"e", "d"});
  CHECK(s.zrevrange_withscores(z, 0, 0).get() == Scored{{"e", 5}});
  CHECK(s.zrangebyscore(z, {2, ScoreBound::exclusive(4)}).get() == Members{"b", "c"});
  CHECK(s.zrangebyscore(z, {}, {1, 2}).get() == Members{"b", "c"});
  CHECK(s.zrangebyscore_withscores(z, {.min = 4}).get() == Scored{{"d", 4}, {"e", 5}});
  CHECK(s.zrevrangebyscore(z, {2, 4}).get() == Members{"d", "c", "b"});
  CHECK(s.zrevrangebyscore_withscores(z, {.min = ScoreBound::exclusive(4)}).get() == Scored{{"e", 5}});
  CHECK(s.zrangebyscore(gone).get().empty());

  // By lex, on members of one score.
  CHECK(s.zadd(zl, {{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}}).get() == 5);
  CHECK(s.zlexcount(zl, {LexBound::inclusive("b"), LexBound::exclusive("d")}).get() == 2);
  CHECK(s.zrangebylex(zl, {LexBound::exclusive("a"), LexBound::inclusive("c")}).get() == Members{"b", "c"});
  CHECK(s.zrangebylex(zl, {}, {1, 2}).get() == Members{"b", "c"});
  CHECK(s.zrevrangebylex(zl, {.min = LexBound::inclusive("c")}).get() == Members{"e", "d", "c"});
  CHECK(s.zrangestore(d, z, 0, 1).get() == 2);
  CHECK(s.zrange(d, 0, -1).get() == Members{"a", "b"});
  CHECK(s.zrangestore_byscore(d, z, {.min = 3}).get() == 3);
  CHECK(s.zrangestore_bylex(d, zl, {.min = LexBound::inclusive("d")}).get() == 2);

  // ZRANDMEMBER: counts that leave no room for chance.
  const std::set<std::string> all{"a", "b", "c", "d", "e"};
  CHECK(all.count(s.zrandmember(z).get().value_or("?")) == 1);
  CHECK(s.template zrandmember<std::set<std::string>>(z, 10).get() == all);
  const auto repeats = s.zrandmember(z, -8).get();
  CHECK(repeats.size() == 8);
  for (const auto& m : repeats) CHECK(all.count(m) == 1);
  CHECK(s.zrandmember(z, 0).get().empty());
  CHECK(sorted(s.zrandmember_withscores(z, 5).get()) == Scored{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}});
  CHECK(s.zrandmember(gone).get() == std::nullopt);
  CHECK(s.zrandmember(gone, 3).get().empty());

  std::map<std::string, double> scanned;
  std::uint64_t cursor = 0;
  do {
    auto page = s.zscan(z, cursor, {.count = 2}).get();
    for (auto& [member, score] : page.members) scanned[member] = score;
    cursor = page.cursor;
  } while (cursor != 0);
  CHECK(scanned == std::map<std::string, double>{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}});

  s.del(z, zl, d).get();
}

/// The sorted-set commands over several keys, and the pops.
template <class Store>
void conformance_zsets_multikey(Store& s, std::string_view p = "c:") {
  using not_redis::LexBound;
  using not_redis::ScoreBound;
  using not_redis::ZsetAggregate;
  using not_redis::ZsetEnd;
  using Members = std::vector<std::string>;
  using Scored = not_redis::ScoredMembers;
  const auto k = [&](std::string_view name) { return key(p, "zsetm:", name); };
  const auto z = k("z"), z2 = k("z2"), zl = k("zl"), d = k("d"), gone = k("gone");
  s.del(z, z2, zl, d, gone).get();
  CHECK(s.zadd(z, {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}).get() == 5);
  CHECK(s.zadd(zl, {{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}}).get() == 5);

  CHECK(s.zadd(z2, {{"c", 10}, {"d", 20}, {"x", 1}}).get() == 3);
  CHECK(s.zunion_withscores({z, z2}).get() == Scored{{"a", 1}, {"x", 1}, {"b", 2}, {"e", 5}, {"c", 13}, {"d", 24}});
  CHECK(s.zunion({z, z2}).get() == Members{"a", "x", "b", "e", "c", "d"});
  CHECK(s.zinter_withscores({z, z2}, {.aggregate = ZsetAggregate::max}).get() == Scored{{"c", 10}, {"d", 20}});
  CHECK(s.zinter_withscores({z, z2}, {.weights = {2, 1}}).get() == Scored{{"c", 16}, {"d", 28}});
  CHECK(s.zinter(std::vector<std::string>{z, z2}).get() == Members{"c", "d"});
  CHECK(s.zdiff({z, z2}).get() == Members{"a", "b", "e"});
  CHECK(s.zdiff_withscores({z, z2}).get() == Scored{{"a", 1}, {"b", 2}, {"e", 5}});
  CHECK(s.zunionstore(d, {z, z2}).get() == 6);
  CHECK(s.zinterstore(d, {z, z2}, {.aggregate = ZsetAggregate::min}).get() == 2);
  CHECK(s.zrange_withscores(d, 0, -1).get() == Scored{{"c", 3}, {"d", 4}});
  CHECK(s.zdiffstore(d, {z, z2}).get() == 3);
  CHECK(s.zintercard({z, z2}).get() == 2);
  CHECK(s.zintercard({z, z2}, 1).get() == 1);

  // Pops, blocking ones included (they answer at once: there is data).
  CHECK(s.zpopmin(z).get() == Scored{{"a", 1}});
  CHECK(s.zpopmax(z, 2).get() == Scored{{"e", 5}, {"d", 4}});
  CHECK(s.zpopmin(gone, 2).get().empty());
  CHECK(s.zmpop({gone, z}, ZsetEnd::min).get() == std::pair<std::string, Scored>{z, {{"b", 2}}});
  CHECK(s.zmpop({gone}, ZsetEnd::max).get() == std::nullopt);
  CHECK(s.bzpopmin({gone, z}, 5s).get() == std::tuple<std::string, std::string, double>{z, "c", 3});
  CHECK(s.exists(z).get() == 0);
  CHECK(s.bzpopmax({z2}, 5s).get() == std::tuple<std::string, std::string, double>{z2, "d", 20});
  CHECK(s.bzmpop({gone, z2}, ZsetEnd::max, 5s, 5).get() == std::pair<std::string, Scored>{z2, {{"c", 10}, {"x", 1}}});
  CHECK(s.bzpopmin({gone}, 50ms).get() == std::nullopt);

  CHECK(s.zadd(z, {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}).get() == 5);
  CHECK(s.zremrangebyrank(z, 0, 0).get() == 1);
  CHECK(s.zremrangebyscore(z, {.min = ScoreBound::exclusive(4)}).get() == 1);
  CHECK(s.zremrangebylex(zl, {.min = LexBound::inclusive("b")}).get() == 4);
  CHECK(s.zrange(z, 0, -1).get() == Members{"b", "c", "d"});
  CHECK(s.zrange(zl, 0, -1).get() == Members{"a"});
  s.del(z, z2, zl, d).get();
}

/// The stream commands without groups.
template <class Store>
void conformance_streams(Store& s, std::string_view p = "c:") {
  using not_redis::StreamEntries;
  using not_redis::StreamEntry;
  using not_redis::StreamTrim;
  const auto k = [&](std::string_view name) { return key(p, "stream:", name); };
  const auto st = k("st"), other = k("other"), gone = k("gone");
  s.del(st, other, gone).get();

  CHECK(s.xadd(st, {{"f", "1"}}, {.id = "1-1"}).get() == "1-1");
  CHECK(s.xadd(st, {{"f", "2"}, {"g", "x"}}, {.id = "1-2"}).get() == "1-2");
  CHECK(s.xadd(st, std::vector<std::pair<std::string, int>>{{"f", 3}}, {.id = "2-0"}).get() == "2-0");
  CHECK(reply_error([&] { s.xadd(st, {{"f", "x"}}, {.id = "1-5"}).get(); }) ==
        "ERR The ID specified in XADD is equal or smaller than the target stream top item");
  CHECK(s.xadd(gone, {{"f", "1"}}, {.nomkstream = true}).get() == std::nullopt);
  CHECK(s.exists(gone).get() == 0);
  CHECK(s.xlen(st).get() == 3);
  CHECK(s.xlen(gone).get() == 0);
  CHECK(s.type(st).get() == "stream");

  const StreamEntry e1{"1-1", {{"f", "1"}}}, e2{"1-2", {{"f", "2"}, {"g", "x"}}}, e3{"2-0", {{"f", "3"}}};
  CHECK(s.xrange(st).get() == StreamEntries{e1, e2, e3});
  CHECK(s.xrange(st, "(1-1", "2-0").get() == StreamEntries{e2, e3});
  CHECK(s.xrange(st, "-", "+", 1).get() == StreamEntries{e1});
  CHECK(s.xrevrange(st, "+", "-", 2).get() == StreamEntries{e3, e2});
  CHECK(s.xrange(gone).get().empty());
  CHECK(s.xread({{st, "1-1"}}).get() == not_redis::StreamReads{{st, {e2, e3}}});
  CHECK(s.xread({{st, "2-0"}}).get() == std::nullopt);
  CHECK(s.xread({{st, "0"}, {other, "0"}}, {.count = 1}).get() == not_redis::StreamReads{{st, {e1}}});
  CHECK(s.xread({{st, "$"}}, {.block = 50ms}).get() == std::nullopt);  // nothing new: times out

  CHECK(s.xdel(st, "1-1", "9-9").get() == 1);
  CHECK(s.xtrim(st, StreamTrim::maxlen(1)).get() == 1);
  CHECK(s.xrange(st).get() == StreamEntries{e3});
  s.xsetid(st, "5-0").get();
  CHECK(reply_error([&] { s.xsetid(st, "1-0").get(); }) ==
        "ERR The ID specified in XSETID is smaller than the target stream top item");
  CHECK(s.xadd(st, {{"f", "4"}}, {.id = "5-*"}).get() == "5-1");
  const auto info = s.xinfo_stream(st).get();
  CHECK(info.length == 2);
  CHECK(info.last_generated_id == "5-1");
  CHECK(info.max_deleted_entry_id == "1-1");  // XDEL sets it, trimming does not
  CHECK(info.entries_added == 4);
  CHECK(info.groups == 0);
  CHECK(info.first_entry == e3);
  s.del(st).get();
}

/// Consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO.
template <class Store>
void conformance_stream_groups(Store& s, std::string_view p = "c:") {
  using not_redis::StreamEntries;
  using not_redis::StreamEntry;
  const auto k = [&](std::string_view name) { return key(p, "groups:", name); };
  const auto sg = k("sg"), mk = k("mk"), gone = k("gone");
  s.del(sg, mk, gone).get();
  for (const char* id : {"1-0", "2-0", "3-0"}) s.xadd(sg, {{"f", std::string("v") + id[0]}}, {.id = id}).get();
  s.xgroup_create(sg, "g", "0").get();
  CHECK(reply_error([&] { s.xgroup_create(sg, "g", "0").get(); }) == "BUSYGROUP Consumer Group name already exists");
  CHECK(reply_error([&] { s.xgroup_create(gone, "g").get(); }) ==
        "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
        "option to create an empty stream automatically.");
  s.xgroup_create(mk, "g", "$", {.mkstream = true}).get();
  CHECK(s.type(mk).get() == "stream");
  CHECK(s.xlen(mk).get() == 0);
  CHECK(s.xgroup_createconsumer(sg, "g", "c0").get());
  CHECK_FALSE(s.xgroup_createconsumer(sg, "g", "c0").get());

  const StreamEntry g1{"1-0", {{"f", "v1"}}}, g2{"2-0", {{"f", "v2"}}}, g3{"3-0", {{"f", "v3"}}};
  CHECK(s.xreadgroup("g", "c1", {{sg, ">"}}, {.count = 2}).get() == not_redis::StreamReads{{sg, {g1, g2}}});
  CHECK(s.xreadgroup("g", "c2", {{sg, ">"}}).get() == not_redis::StreamReads{{sg, {g3}}});
  CHECK(s.xreadgroup("g", "c1", {{sg, ">"}}).get() == std::nullopt);
  CHECK(s.xreadgroup("g", "c1", {{sg, "0"}}).get() == not_redis::StreamReads{{sg, {g1, g2}}});  // its history
  CHECK(reply_error([&] { s.xreadgroup("nog", "c", {{sg, ">"}}).get(); }) ==
        "NOGROUP No such key '" + sg + "' or consumer group 'nog' in XREADGROUP with GROUP option");

  const auto summary = s.xpending(sg, "g").get();
  CHECK(summary.count == 3);
  CHECK(summary.min_id == "1-0");
  CHECK(summary.max_id == "3-0");
  CHECK(summary.consumers == std::vector<std::pair<std::string, long long>>{{"c1", 2}, {"c2", 1}});
  const auto pending = s.xpending(sg, "g", {.count = 10}).get();
  REQUIRE(pending.size() == 3);
  CHECK(pending[0].id == "1-0");
  CHECK(pending[0].consumer == "c1");
  CHECK(pending[0].deliveries == 2);  // the history read delivered it again
  CHECK(pending[2].consumer == "c2");
  CHECK(pending[2].deliveries == 1);

  CHECK(s.xack(sg, "g", "1-0", "9-9").get() == 1);
  auto groups = s.xinfo_groups(sg).get();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].name == "g");
  CHECK(groups[0].consumers == 3);
  CHECK(groups[0].pending == 2);
  CHECK(groups[0].last_delivered_id == "3-0");
  CHECK(groups[0].entries_read == 3);
  CHECK(groups[0].lag == 0);
  const auto consumers = s.xinfo_consumers(sg, "g").get();
  REQUIRE(consumers.size() == 3);
  CHECK(consumers[0].name == "c0");
  CHECK(consumers[1].pending == 1);
  CHECK(consumers[2].name == "c2");

  CHECK(s.xgroup_delconsumer(sg, "g", "c2").get() == 1);
  CHECK(s.xclaim_justid(sg, "g", "c3", 0ms, {"2-0"}).get() == std::vector<std::string>{"2-0"});
  CHECK(s.xclaim(sg, "g", "c3", 0ms, {"2-0"}).get() == StreamEntries{g2});
  const auto claimed = s.xautoclaim(sg, "g", "c4", 0ms, "0-0").get();
  CHECK(claimed.next_id == "0-0");
  CHECK(claimed.entries == StreamEntries{g2});
  CHECK(claimed.deleted_ids.empty());
  CHECK(s.xautoclaim_justid(sg, "g", "c4", 0ms, "0-0").get().ids == std::vector<std::string>{"2-0"});
  s.xgroup_setid(sg, "g", "0").get();
  groups = s.xinfo_groups(sg).get();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].last_delivered_id == "0-0");
  CHECK(groups[0].entries_read == std::nullopt);
  CHECK(groups[0].lag == 3);
  CHECK(s.xgroup_destroy(sg, "g").get());
  CHECK_FALSE(s.xgroup_destroy(sg, "g").get());
  CHECK(s.xinfo_groups(sg).get().empty());
  CHECK(reply_error([&] { s.xinfo_groups(gone).get(); }) == "ERR no such key");
  s.del(sg, mk).get();
}

template <class Store>
void conformance_pipelines(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "pipe:", name); };
  const auto n = k("n"), str = k("str"), gone = k("gone"), l = k("l");
  s.del(n, str, gone, l).get();

  not_redis::Pipeline batch;
  const auto set = batch.set(str, "text");
  const auto incr = batch.incr(n);
  const auto incr2 = batch.incrby(n, 10);
  const auto missing = batch.get(gone);
  const auto bad = batch.incr(str);  // an error reply, in its place
  const auto pushed = batch.rpush(l, "a", "b");
  const auto range = batch.lrange(l, 0, -1);
  const auto raw = batch.command("GET", str);
  const auto typed = batch.template command<long long>("STRLEN", str);
  CHECK(batch.size() == 9);
  const not_redis::Replies replies = s.execute(std::move(batch)).get();
  REQUIRE(replies.size() == 9);
  CHECK(replies[set]);
  CHECK(replies[incr] == 1);
  CHECK(replies[incr2] == 11);
  CHECK(replies[missing] == std::nullopt);
  CHECK(replies[bad.index].is_error());
  CHECK(replies[bad.index].string() == not_an_integer);
  CHECK(reply_error([&] { (void)replies[bad]; }) == not_an_integer);
  CHECK(replies[pushed] == 2);
  CHECK(replies[range] == strings({"a", "b"}));
  CHECK(type_of(replies[raw]) == "bulk string");
  CHECK(replies[raw].string() == "text");
  CHECK(replies[typed] == 4);
  CHECK(s.get(n).get() == "11");  // the commands after the error ran

  // as<...>() reads them all at once; an empty pipeline has no replies.
  not_redis::Pipeline two;
  two.incr(n);
  two.exists(n, gone);
  const auto [eleven_plus_one, count] = s.execute(std::move(two)).get().template as<long long, long long>();
  CHECK(eleven_plus_one == 12);
  CHECK(count == 1);
  CHECK(s.execute(not_redis::Pipeline{}).get().empty());

  // A blocking pop in a pipeline: it pops what is there, and on an empty key
  // answers nil (redis-server after the timeout, the embedded store at once).
  not_redis::Pipeline blocking;
  const auto popped = blocking.blpop(l, 5s);
  const auto timed_out = blocking.blpop(gone, 50ms);
  const auto both = s.execute(std::move(blocking)).get();
  CHECK(both[popped] == std::pair<std::string, std::string>{l, "a"});
  CHECK(both[timed_out] == std::nullopt);
  s.del(n, str, l).get();
}

template <class Store>
void conformance_transactions(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "tx:", name); };
  const auto a = k("a"), n = k("n"), w = k("w");
  s.del(a, n, w, k("empty")).get();

  // MULTI/EXEC: every reply, an error one in its place.
  not_redis::Transaction tx;
  const auto set = tx.set(a, "x");
  const auto bad = tx.incr(a);
  const auto got = tx.get(a);
  const auto incr = tx.incr(n);
  const not_redis::Replies replies = s.execute(std::move(tx)).get();
  REQUIRE(replies.size() == 4);
  CHECK(replies[set]);
  CHECK(reply_error([&] { (void)replies[bad]; }) == not_an_integer);
  CHECK(replies[got] == "x");
  CHECK(replies[incr] == 1);

  // A command refused while queuing discards the whole transaction.
  not_redis::Transaction unknown;
  unknown.set(a, "changed");
  unknown.command("NOSUCHCOMMAND", "x");
  CHECK(reply_error([&] { s.execute(std::move(unknown)).get(); }) ==
        "EXECABORT Transaction discarded because of previous errors.");
  not_redis::Transaction arity;
  arity.set(a, "changed");
  arity.command("GET");
  CHECK(reply_error([&] { s.execute(std::move(arity)).get(); }) ==
        "EXECABORT Transaction discarded because of previous errors.");
  CHECK(s.get(a).get() == "x");  // nothing ran

  // Inside MULTI a blocking pop does not block: nil at once on an empty key.
  not_redis::Transaction pops;
  const auto none = pops.blpop(k("empty"), 10s);
  const auto counted = pops.incr(n);
  const auto popped = s.execute(std::move(pops)).get();
  CHECK(popped[none] == std::nullopt);
  CHECK(popped[counted] == 2);

  // Optimistic locking: WATCH, read, queue, EXEC.
  CHECK(s.set(w, "10").get());
  int calls = 0;
  const not_redis::Replies done = s.transaction({w}, [&](not_redis::Transaction& t) {
    ++calls;
    const long long balance = std::stoll(s.get(w).get().value_or("0"));
    t.set(w, std::to_string(balance - 3));
    t.get(w);
  });
  CHECK(calls == 1);
  REQUIRE(done.size() == 2);
  CHECK(done.template get<bool>(0));
  CHECK(done.template get<std::optional<std::string>>(1) == "7");
  // A write to the watched key between WATCH and EXEC makes EXEC fail: the
  // attempt is retried from the WATCH.
  calls = 0;
  const not_redis::Replies retried = s.transaction({w}, [&](not_redis::Transaction& t) {
    if (++calls == 1) s.incr(w).get();  // 7 -> 8, after the WATCH
    const long long balance = std::stoll(s.get(w).get().value_or("0"));
    t.set(w, std::to_string(balance * 2));
  });
  CHECK(calls == 2);
  CHECK(retried.size() == 1);
  CHECK(s.get(w).get() == "16");
  s.del(a, n, w).get();
}

template <class Store>
void conformance_futures(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "fut:", name); };
  const auto a = k("a"), b = k("b"), c = k("c"), str = k("str");
  s.del(a, b, c, str).get();

  // then(): a value from the callback, a chained future flattened, errors
  // passed on to the step that reads them.
  auto tenfold = s.incr(a).then([](auto done) { return done.get() * 10; });
  CHECK(tenfold.get() == 10);
  auto chained = s.set(b, "hello").then([&](auto done) {
    done.get();
    return s.get(b);
  });
  CHECK(chained.get() == "hello");
  auto twice = s.incr(a).then([](auto done) { return done.get() + 1; }).then([](auto done) { return done.get() * 2; });
  CHECK(twice.get() == 6);  // (2 + 1) * 2
  CHECK(s.set(str, "text").get());
  auto failed = s.incr(str).then([](auto done) { return done.get() + 1; });
  CHECK(reply_error([&] { failed.get(); }) == not_an_integer);
  auto recovered = s.incr(str).then([](auto done) {
    try {
      return done.get();
    } catch (const not_redis::Error& e) {
      return e.kind() == not_redis::Error::Kind::reply ? -1LL : -2LL;
    }
  });
  CHECK(recovered.get() == -1);

  // wait_for() and when_all().
  auto f = s.incr(c);
  CHECK(f.wait_for(10s));
  CHECK(f.get() == 1);
  auto all = not_redis::when_all(s.incr(c), s.get(b), s.exists(a, b, c));
  CHECK(all.get() == std::tuple<long long, std::optional<std::string>, long long>{2, "hello", 3});
  std::vector<not_redis::Future<long long>> many;
  for (int i = 0; i < 5; ++i) many.push_back(s.incr(c));
  CHECK(not_redis::when_all(std::move(many)).get() == std::vector<long long>{3, 4, 5, 6, 7});
  auto with_error = not_redis::when_all(s.incr(c), s.incr(str));
  CHECK(reply_error([&] { with_error.get(); }) == not_an_integer);
  CHECK(s.get(c).get() == "8");  // every command ran
  s.del(a, b, c, str).get();
}

} // namespace conformance
