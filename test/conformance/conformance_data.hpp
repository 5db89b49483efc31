#pragma once
// Conformance, the data-type families: strings, keys (expiry and TTLs),
// hashes, lists and sets. Every expected value is redis-server 7.0's reply
// (RESP3): the same checks run on the embedded store and on a real server.

#include "conformance_support.hpp"

namespace conformance {

template <class Store>
void conformance_strings(Store& s, std::string_view p = "c:") {
  using not_redis::SetCondition;
  const auto k = [&](std::string_view name) { return key(p, "str:", name); };
  const auto a = k("a"), n = k("n"), f = k("f"), m1 = k("m1"), m2 = k("m2"), m3 = k("m3"), ex = k("ex"), l1 = k("l1"),
             l2 = k("l2");
  s.del(a, n, f, m1, m2, m3, ex, l1, l2).get();

  CHECK(s.get(a).get() == std::nullopt);
  CHECK(s.set(a, "hello").get());
  CHECK_FALSE(s.set(a, "x", {}, SetCondition::if_not_exists).get());  // SET NX: nil
  CHECK_FALSE(s.set(n, "x", {}, SetCondition::if_exists).get());      // SET XX on a missing key
  CHECK(s.set_get(a, "world").get() == "hello");
  CHECK(s.set_get(n, 10).get() == std::nullopt);
  CHECK_FALSE(s.setnx(a, "z").get());
  CHECK(s.getset(a, "again").get() == "world");
  CHECK(s.getdel(a).get() == "again");
  CHECK(s.exists(a).get() == 0);
  CHECK(s.getdel(a).get() == std::nullopt);

  s.mset({{m1, "1"}, {m2, "2"}}).get();
  CHECK_FALSE(s.msetnx({{m2, "x"}, {m3, "y"}}).get());
  CHECK(s.mget(m1, m2, m3).get() == std::vector<std::optional<std::string>>{"1", "2", std::nullopt});
  CHECK(s.template mget<std::vector<std::optional<long long>>>(std::vector<std::string>{m1, m2}).get() ==
        std::vector<std::optional<long long>>{1, 2});
  CHECK(s.append(m1, "23").get() == 3);
  CHECK(s.strlen(m1).get() == 3);
  CHECK(s.strlen(m3).get() == 0);
  CHECK(s.getrange(m1, 0, 1).get() == "12");
  CHECK(s.getrange(m1, -2, -1).get() == "23");
  CHECK(s.getrange(m3, 0, -1).get() == "");
  CHECK(s.setrange(m1, 5, "ab").get() == 7);
  CHECK(s.get(m1).get() == std::string("123\0\0ab", 7));  // zero-padded

  CHECK(s.incr(n).get() == 11);
  CHECK(s.incrby(n, 10).get() == 21);
  CHECK(s.decr(n).get() == 20);
  CHECK(s.decrby(n, 25).get() == -5);
  CHECK(s.incrbyfloat(f, 2.5).get() == 2.5);
  CHECK(s.incrbyfloat(f, -0.5).get() == 2.0);
  CHECK(s.get(f).get() == "2");  // INCRBYFLOAT stores the shortest form

  CHECK(s.set(l1, "ohmytext").get());
  CHECK(s.set(l2, "mynewtext").get());
  CHECK(s.lcs(l1, l2).get() == "mytext");
  CHECK(s.lcs_len(l1, l2).get() == 6);

  // TTLs given with SET and the SETEX family, read back as ranges.
  s.setex(ex, 100s, "v").get();
  CHECK(s.ttl(ex).get().remaining() == 100s);
  s.psetex(ex, 1500ms, "v").get();
  const not_redis::Ttl short_ttl = s.pttl(ex).get();
  CHECK(short_ttl.expiring());
  CHECK(short_ttl.remaining() > 1000ms);
  CHECK(short_ttl.remaining() <= 1500ms);
  CHECK(s.getex(ex, not_redis::Expiry::persist()).get() == "v");
  CHECK(s.ttl(ex).get().state() == not_redis::TtlState::no_expiry);
  CHECK(s.getex(ex, 50s).get() == "v");
  CHECK(s.template ttl<long long>(ex).get() == 50);
  CHECK(s.set(ex, "v2", not_redis::Expiry::keep()).get());
  CHECK(s.template ttl<long long>(ex).get() == 50);
  CHECK(s.set(ex, "v3").get());  // a plain SET clears the TTL
  CHECK(s.template ttl<long long>(ex).get() == -1);
  CHECK(s.set(ex, "v4", 200s, SetCondition::if_exists).get());
  CHECK(s.template ttl<long long>(ex).get() == 200);
}

template <class Store>
void conformance_keys(Store& s, std::string_view p = "c:") {
  using not_redis::ExpireCondition;
  using not_redis::TtlState;
  const auto k = [&](std::string_view name) { return key(p, "keys:", name); };
  const auto a = k("a"), b = k("b"), c = k("c"), gone = k("gone");
  s.del(a, b, c, gone).get();

  CHECK(s.set(a, "v").get());
  CHECK(s.ttl(a).get() == not_redis::BasicTtl<std::chrono::seconds>::no_expiry());
  CHECK(s.pttl(gone).get() == not_redis::Ttl::no_key());
  CHECK(s.template pttl<long long>(gone).get() == -2);
  CHECK(s.expiretime(a).get().state() == TtlState::no_expiry);
  CHECK(s.pexpiretime(gone).get().state() == TtlState::no_key);
  CHECK(s.pexpiretime(gone).get().at() == std::nullopt);

  // EXPIRE's conditions: XX needs a TTL, NX none, GT/LT compare (no TTL is infinite).
  CHECK_FALSE(s.expire(a, 100, ExpireCondition::if_has_ttl).get());
  CHECK(s.expire(a, 100s, ExpireCondition::if_no_ttl).get());
  CHECK_FALSE(s.expire(a, 50s, ExpireCondition::if_greater).get());
  CHECK(s.expire(a, 200s, ExpireCondition::if_greater).get());
  CHECK_FALSE(s.expire(a, 300s, ExpireCondition::if_less).get());
  CHECK(s.expire(a, 150s, ExpireCondition::if_less).get());
  CHECK(s.template ttl<long long>(a).get() == 150);
  CHECK(s.expire(a, 4500ms).get());  // PEXPIRE 4500
  const auto left = s.pttl(a).get().remaining();
  CHECK(left > 3500ms);
  CHECK(left <= 4500ms);
  CHECK(s.pexpire(a, 60000).get());
  CHECK(s.template ttl<long long>(a).get() == 60);

  // Absolute times are exact: the same on both stores.
  const auto at = std::chrono::sys_seconds(2'000'000'000s);
  CHECK(s.expireat(a, at).get());
  CHECK(s.expiretime(a).get().at() == at);
  CHECK(s.pexpiretime(a).get().at() == at);
  CHECK(s.pexpireat(a, 2'000'000'000'123).get());
  CHECK(s.pexpiretime(a).get().at() == at + 123ms);
  CHECK(s.expiretime(a).get().at() == at);  // rounded to the nearest second
  CHECK(s.pexpireat(a, at + 1ms, ExpireCondition::if_less).get() == true);
  CHECK(s.persist(a).get());
  CHECK_FALSE(s.persist(a).get());
  CHECK_FALSE(s.persist(gone).get());
  CHECK(s.expireat(b, at).get() == false);  // no key

  // A time in the past, or a TTL of 0, deletes the key at once.
  CHECK(s.pexpireat(a, std::chrono::sys_time<std::chrono::milliseconds>(1000ms)).get());
  CHECK(s.exists(a).get() == 0);
  CHECK(s.set(a, "v").get());
  CHECK(s.expire(a, 0).get());
  CHECK(s.exists(a).get() == 0);

  // The generic commands.
  CHECK(s.set(a, "1").get());
  CHECK(s.touch(a, gone, a).get() == 2);
  CHECK(s.exists(a, a, gone).get() == 2);
  CHECK(s.exists(std::vector<std::string>{a, gone}).get() == 1);
  CHECK(s.type(a).get() == "string");
  CHECK(s.type(gone).get() == "none");
  CHECK(s.expire(a, 100s).get());
  s.rename(a, b).get();
  CHECK(s.exists(a).get() == 0);
  CHECK(s.template ttl<long long>(b).get() == 100);  // the TTL moves with the value
  CHECK(s.set(c, "other").get());
  CHECK_FALSE(s.renamenx(b, c).get());
  CHECK(s.renamenx(b, a).get());
  CHECK_FALSE(s.copy(a, c).get());
  CHECK(s.copy(a, c, true).get());
  CHECK(s.get(c).get() == "1");
  CHECK_FALSE(s.copy(gone, b).get());
  CHECK(s.template keys<std::set<std::string>>(k("*")).get() == std::set<std::string>{a, c});
  CHECK(s.object_idletime(gone).get() == std::nullopt);
  CHECK(s.object_idletime(a).get().has_value());
  CHECK(s.unlink(a, gone).get() == 1);
  CHECK(s.del(c, c, gone).get() == 1);
}

template <class Store>
void conformance_hashes(Store& s, std::string_view p = "c:") {
  const auto h = key(p, "hash:", "h"), gone = key(p, "hash:", "gone");
  s.del(h, gone).get();

  CHECK(s.hset(h, "f1", "v1").get() == 1);
  CHECK(s.hset(h, {{"f1", "v1b"}, {"f2", "v2"}, {"f3", "v3"}}).get() == 2);
  CHECK_FALSE(s.hsetnx(h, "f1", "x").get());
  CHECK(s.hsetnx(h, "f4", "v4").get());
  CHECK(s.hset(h, std::map<std::string, int>{{"f5", 5}}).get() == 1);
  CHECK(s.hget(h, "f1").get() == "v1b");
  CHECK(s.hget(h, "nof").get() == std::nullopt);
  CHECK(s.hget(gone, "f").get() == std::nullopt);
  CHECK(s.hmget(h, "f1", "nof", "f2").get() == std::vector<std::optional<std::string>>{"v1b", std::nullopt, "v2"});
  CHECK(s.hlen(h).get() == 5);
  CHECK(s.hlen(gone).get() == 0);
  // A small hash keeps insertion order (listpack), on both stores.
  CHECK(s.hkeys(h).get() == strings({"f1", "f2", "f3", "f4", "f5"}));
  CHECK(s.hvals(h).get() == strings({"v1b", "v2", "v3", "v4", "5"}));
  CHECK(s.template hgetall<std::vector<std::pair<std::string, std::string>>>(h).get() ==
        std::vector<std::pair<std::string, std::string>>{
            {"f1", "v1b"}, {"f2", "v2"}, {"f3", "v3"}, {"f4", "v4"}, {"f5", "5"}});
  CHECK(s.hgetall(gone).get().empty());
  CHECK(s.template hgetall<std::map<std::string, long long>>(key(p, "hash:", "gone")).get().empty());
  CHECK(s.hstrlen(h, "f1").get() == 3);
  CHECK(s.hstrlen(h, "nof").get() == 0);
  CHECK(s.hexists(h, "f2").get());
  CHECK_FALSE(s.hexists(h, "nof").get());
  CHECK(s.hdel(h, "f4", "nof").get() == 1);
  CHECK(s.hincrby(h, "n", 5).get() == 5);
  CHECK(s.hincrby(h, "n", -2).get() == 3);
  CHECK(s.hincrbyfloat(h, "fl", 1.25).get() == 1.25);
  CHECK(s.hget(h, "fl").get() == "1.25");
  CHECK(reply_error([&] { s.hincrby(h, "f1", 1).get(); }) == "ERR hash value is not an integer");
  CHECK(reply_error([&] { s.hincrbyfloat(h, "f1", 1).get(); }) == "ERR hash value is not a float");

  // HRANDFIELD: counts that leave no room for chance.
  const std::set<std::string> fields{"f1", "f2", "f3", "f5", "n", "fl"};
  CHECK(fields.count(s.hrandfield(h).get().value_or("?")) == 1);
  CHECK(s.template hrandfield<std::set<std::string>>(h, 100).get() == fields);
  const auto repeats = s.hrandfield(h, -9).get();
  CHECK(repeats.size() == 9);
  for (const auto& field : repeats) CHECK(fields.count(field) == 1);
  CHECK(s.hrandfield(h, 0).get().empty());
  CHECK(s.hrandfield(gone).get() == std::nullopt);
  CHECK(s.hrandfield(gone, 3).get().empty());
  const auto with_values = s.template hrandfield_withvalues<std::map<std::string, std::string>>(h, 6).get();
  CHECK(with_values.size() == 6);
  CHECK(with_values.at("f2") == "v2");
  CHECK(with_values.at("n") == "3");

  // HSCAN, page by page (the page form works on every backend).
  std::map<std::string, std::string> scanned;
  std::uint64_t cursor = 0;
  do {
    auto page = s.hscan(h, cursor, {.count = 2}).get();
    for (auto& [field, value] : page.entries) scanned[field] = value;
    cursor = page.cursor;
  } while (cursor != 0);
  CHECK(scanned.size() == 6);
  CHECK(scanned["f1"] == "v1b");
  const auto matched = s.hscan(h, 0, {.match = "f[12]", .count = 100}).get();
  CHECK(matched.cursor == 0);
  CHECK(sorted(matched.entries) == std::vector<std::pair<std::string, std::string>>{{"f1", "v1b"}, {"f2", "v2"}});

  CHECK(s.hdel(h, std::vector<std::string>{"f1", "f2", "f3", "f5", "n", "fl"}).get() == 6);
  CHECK(s.exists(h).get() == 0);  // the last field deleted the key
}

template <class Store>
void conformance_lists(Store& s, std::string_view p = "c:") {
  using not_redis::ListEnd;
  using not_redis::ListWhere;
  using Strings = std::vector<std::string>;
  const auto k = [&](std::string_view name) { return key(p, "list:", name); };
  const auto l = k("l"), l2 = k("l2"), l3 = k("l3"), gone = k("gone"), empty = k("empty");
  s.del(l, l2, l3, gone, empty).get();

  CHECK(s.rpush(l, "a", "b", "c").get() == 3);
  CHECK(s.lpush(l, "z").get() == 4);
  CHECK(s.lpushx(gone, "x").get() == 0);
  CHECK(s.rpushx(l, "d").get() == 5);
  CHECK(s.lrange(l, 0, -1).get() == strings({"z", "a", "b", "c", "d"}));
  CHECK(s.llen(l).get() == 5);
  CHECK(s.llen(gone).get() == 0);
  CHECK(s.lindex(l, -1).get() == "d");
  CHECK(s.lindex(l, 10).get() == std::nullopt);
  s.lset(l, 1, "A").get();
  CHECK(reply_error([&] { s.lset(l, 10, "x").get(); }) == "ERR index out of range");
  CHECK(reply_error([&] { s.lset(gone, 0, "x").get(); }) == "ERR no such key");
  CHECK(s.linsert(l, ListWhere::before, "A", "y").get() == 6);
  CHECK(s.linsert(l, ListWhere::after, "nopivot", "q").get() == -1);
  CHECK(s.linsert(gone, ListWhere::after, "a", "q").get() == 0);
  CHECK(s.lrange(l, 0, -1).get() == strings({"z", "y", "A", "b", "c", "d"}));
  CHECK(s.rpush(l, {"A", "A"}).get() == 8);
  CHECK(s.lrem(l, -2, "A").get() == 2);
  CHECK(s.rpush(l, "c").get() == 7);  // z y A b c d c
  CHECK(s.lpos(l, "c").get() == 4);
  CHECK(s.lpos(l, "c", {.rank = -1}).get() == 6);
  CHECK(s.lpos(l, "nope").get() == std::nullopt);
  CHECK(s.lpos(l, "c", {.rank = 2, .maxlen = 2}).get() == std::nullopt);
  CHECK(s.lpos_count(l, "c", 0).get() == std::vector<long long>{4, 6});
  s.ltrim(l, 1, -1).get();
  CHECK(s.lrange(l, 0, -1).get() == strings({"y", "A", "b", "c", "d", "c"}));
  CHECK(s.lpop(l).get() == "y");
  CHECK(s.lpop(l, 2).get() == Strings{"A", "b"});
  CHECK(s.rpop(l).get() == "c");
  CHECK(s.rpop(l, 5).get() == Strings{"d", "c"});
  CHECK(s.exists(l).get() == 0);
  CHECK(s.lpop(gone, 2).get() == std::nullopt);
  CHECK(s.rpop(gone).get() == std::nullopt);

  CHECK(s.rpush(l2, "1", "2", "3").get() == 3);
  CHECK(s.lmove(l2, l3, ListEnd::left, ListEnd::right).get() == "1");
  CHECK(s.rpoplpush(l2, l3).get() == "3");
  CHECK(s.lrange(l3, 0, -1).get() == strings({"3", "1"}));
  CHECK(s.lmove(gone, l3, ListEnd::left, ListEnd::left).get() == std::nullopt);
  CHECK(s.lmpop({gone, l3}, ListEnd::right, 5).get() == std::pair<std::string, Strings>{l3, {"1", "3"}});
  CHECK(s.lmpop({gone}, ListEnd::left).get() == std::nullopt);

  // Blocking pops on lists that have data answer at once.
  CHECK(s.rpush(l, "x", "y", "z", "w").get() == 4);
  CHECK(s.blpop({gone, l}, 5s).get() == std::pair<std::string, std::string>{l, "x"});
  CHECK(s.brpop(l, 5s).get() == std::pair<std::string, std::string>{l, "w"});
  CHECK(s.blmove(l, l2, ListEnd::left, ListEnd::left, 5s).get() == "y");
  CHECK(s.brpoplpush(l, l2, 5s).get() == "z");
  CHECK(s.lrange(l2, 0, -1).get() == strings({"z", "y", "2"}));
  CHECK(s.blmpop({gone, l2}, ListEnd::left, 5s, 2).get() == std::pair<std::string, Strings>{l2, {"z", "y"}});
  // ... and on an empty key, time out with nil after about the timeout.
  const auto start = std::chrono::steady_clock::now();
  CHECK(s.blpop({empty}, 100ms).get() == std::nullopt);
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 90ms);
  CHECK(waited < 5s);
  CHECK(s.blmpop({empty}, ListEnd::right, 50ms).get() == std::nullopt);
  s.del(l2).get();
}

template <class Store>
void conformance_sets(Store& s, std::string_view p = "c:") {
  using Members = std::vector<std::string>;
  const auto k = [&](std::string_view name) { return key(p, "set:", name); };
  const auto s1 = k("s1"), s2 = k("s2"), d = k("d"), n = k("n"), gone = k("gone");
  s.del(s1, s2, d, n, gone).get();

  CHECK(s.sadd(s1, "a", "b", "c", "d").get() == 4);
  CHECK(s.sadd(s1, {"a", "e"}).get() == 1);
  CHECK(s.sadd(s2, "c", "d", "x").get() == 3);
  CHECK(s.srem(s1, "e", "nope").get() == 1);
  CHECK(s.scard(s1).get() == 4);
  CHECK(s.scard(gone).get() == 0);
  CHECK(s.sismember(s1, "a").get());
  CHECK_FALSE(s.sismember(s1, "q").get());
  CHECK(s.smismember(s1, "a", "q", "d").get() == std::vector<bool>{true, false, true});
  CHECK(sorted(s.smembers(s1).get()) == Members{"a", "b", "c", "d"});
  CHECK(s.smembers(gone).get().empty());
  CHECK(sorted(s.sinter(s1, s2).get()) == Members{"c", "d"});
  CHECK(s.sinter({s1, gone}).get().empty());
  CHECK(s.sintercard({s1, s2}).get() == 2);
  CHECK(s.sintercard({s1, s2}, 1).get() == 1);
  CHECK(s.template sunion<std::set<std::string>>(s1, s2).get() == std::set<std::string>{"a", "b", "c", "d", "x"});
  CHECK(sorted(s.sdiff(std::vector<std::string>{s1, s2}).get()) == Members{"a", "b"});
  CHECK(s.sinterstore(d, s1, s2).get() == 2);
  CHECK(s.sunionstore(d, {s1, s2}).get() == 5);
  CHECK(s.sdiffstore(d, s1, s2).get() == 2);
  CHECK(sorted(s.smembers(d).get()) == Members{"a", "b"});
  CHECK(s.sdiffstore(d, s1, s1).get() == 0);
  CHECK(s.exists(d).get() == 0);  // an empty result deletes the destination
  CHECK(s.smove(s1, s2, "a").get());
  CHECK_FALSE(s.smove(s1, s2, "a").get());
  CHECK(s.sismember(s2, "a").get());

  // SRANDMEMBER and SPOP: counts that leave no room for chance.
  const std::set<std::string> members{"b", "c", "d"};
  CHECK(members.count(s.srandmember(s1).get().value_or("?")) == 1);
  CHECK(s.template srandmember<std::set<std::string>>(s1, 10).get() == members);
  const auto repeats = s.srandmember(s1, -5).get();
  CHECK(repeats.size() == 5);
  for (const auto& m : repeats) CHECK(members.count(m) == 1);
  CHECK(s.srandmember(gone).get() == std::nullopt);
  CHECK(s.srandmember(gone, 2).get().empty());
  CHECK(s.spop(gone).get() == std::nullopt);
  CHECK(s.spop(gone, 2).get().empty());

  // A small set of integers is an intset, listed in ascending order.
  CHECK(s.sadd(n, 3, 1, 2).get() == 3);
  CHECK(s.smembers(n).get() == Members{"1", "2", "3"});
  CHECK(s.template smembers<std::vector<long long>>(n).get() == std::vector<long long>{1, 2, 3});
  CHECK(sorted(s.spop(n, 10).get()) == Members{"1", "2", "3"});
  CHECK(s.exists(n).get() == 0);
  CHECK(members.count(s.spop(s1).get().value_or("?")) == 1);
  CHECK(s.scard(s1).get() == 2);

  std::set<std::string> scanned;
  std::uint64_t cursor = 0;
  do {
    auto page = s.sscan(s2, cursor, {.count = 1}).get();
    scanned.insert(page.members.begin(), page.members.end());
    cursor = page.cursor;
  } while (cursor != 0);
  CHECK(scanned == std::set<std::string>{"a", "c", "d", "x"});
  CHECK(sorted(s.sscan(s2, 0, {.match = "[ax]", .count = 100}).get().members) == Members{"a", "x"});
}

} // namespace conformance
