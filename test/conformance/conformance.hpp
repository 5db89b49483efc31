#pragma once
// The typed-API conformance suite, written once over the store type: every
// function takes any backend with not_redis's typed methods (the embedded
// not_redis::Client, a client of a real redis-server...), runs commands
// through them and checks the replies against what redis-server 7.0 answers
// over RESP3. The same checks passing on two backends is what makes them
// interchangeable.
//
// Rules the functions keep, so that they run on a shared server too:
// - each deletes the keys it uses first, all under the prefix `p` (default
//   "c:"), and depends on no other function; only conformance_server assumes
//   an empty database, which it makes itself with FLUSHALL;
// - only behaviour redis-server 7.0 and the embedded store share: no
//   ManualClock, no run_until_idle(), no Client-only API (atomically(),
//   run_for(), the scan ranges unless the backend has them);
// - no sleeps: TTLs are read as PTTL ranges or set as absolute times; the
//   only waits are blocking calls on empty keys timing out (one of 100 ms,
//   a few of 50 ms).
//
// ```
// TEST_CASE("conformance: redis-server") { RemoteClient r(...); conformance::conformance_all(r); }
// ```

#include "conformance_data.hpp"
#include "conformance_encoded.hpp"
#include "conformance_more.hpp"

namespace conformance {

template <class Store>
void conformance_pubsub(Store& s, std::string_view p = "c:") {
  const auto ch = key(p, "pubsub:", "ch"), ch2 = key(p, "pubsub:", "ch2");
  // Nobody subscribes here: every publish reaches no one.
  CHECK(s.publish(ch, "hello").get() == 0);
  CHECK(s.publish(ch, 42).get() == 0);
  CHECK(s.spublish(ch, "hello").get() == 0);
  CHECK(s.pubsub_channels(key(p, "pubsub:", "*")).get().empty());
  CHECK(s.pubsub_shardchannels(key(p, "pubsub:", "*")).get().empty());
  CHECK(s.pubsub_numsub(ch, ch2).get() == std::vector<std::pair<std::string, long long>>{{ch, 0}, {ch2, 0}});
  CHECK(s.pubsub_numsub({ch, ch}).get() == std::vector<std::pair<std::string, long long>>{{ch, 0}, {ch, 0}});
  CHECK(s.pubsub_numsub().get().empty());
  CHECK(s.pubsub_shardnumsub(ch).get() == std::vector<std::pair<std::string, long long>>{{ch, 0}});
  CHECK(s.pubsub_numpat().get() >= 0);
}

template <class Store>
void conformance_server(Store& s, std::string_view p = "c:", bool cluster = false) {
  const auto k = [&](std::string_view name) { return key(p, "srv:", name); };
  flush(s);
  CHECK(s.dbsize().get() == 0);
  CHECK(s.randomkey().get() == std::nullopt);
  CHECK(s.template keys<std::vector<std::string>>("*").get().empty());

  // One key of each type, in its small encoding.
  CHECK(s.set(k("int"), "123").get());
  CHECK(s.set(k("embstr"), "hello").get());
  CHECK(s.set(k("raw"), std::string(45, 'x')).get());
  CHECK(s.set(k("appended"), "12").get());
  CHECK(s.append(k("appended"), "3").get() == 3);
  CHECK(s.rpush(k("list"), "a", "b").get() == 2);
  CHECK(s.hset(k("hash"), "f", "v").get() == 1);
  CHECK(s.sadd(k("intset"), 1, 2, 3).get() == 3);
  CHECK(s.sadd(k("set"), "a", "b").get() == 2);
  CHECK(s.zadd(k("zset"), "a", 1).get() == 1);
  CHECK(s.xadd(k("stream"), {{"f", "v"}}, {.id = "1-0"}).get() == "1-0");
  const std::set<std::string> all{k("int"),    k("embstr"), k("raw"), k("appended"), k("list"),
                                  k("hash"),   k("intset"), k("set"), k("zset"),     k("stream")};
  CHECK(s.dbsize().get() == 10);
  CHECK(s.exists(k("int"), k("list"), k("nope")).get() == 2);
  CHECK(s.type(k("int")).get() == "string");
  CHECK(s.type(k("list")).get() == "list");
  CHECK(s.type(k("hash")).get() == "hash");
  CHECK(s.type(k("set")).get() == "set");
  CHECK(s.type(k("zset")).get() == "zset");
  CHECK(s.type(k("stream")).get() == "stream");
  CHECK(s.object_encoding(k("int")).get() == "int");
  CHECK(s.object_encoding(k("embstr")).get() == "embstr");
  CHECK(s.object_encoding(k("raw")).get() == "raw");
  CHECK(s.object_encoding(k("appended")).get() == "raw");
  CHECK(s.object_encoding(k("list")).get() == "quicklist");
  CHECK(s.object_encoding(k("hash")).get() == "listpack");
  CHECK(s.object_encoding(k("intset")).get() == "intset");
  CHECK(s.object_encoding(k("set")).get() == "hashtable");
  CHECK(s.object_encoding(k("zset")).get() == "listpack");
  CHECK(s.object_encoding(k("stream")).get() == "stream");
  CHECK(s.object_encoding(k("nope")).get() == std::nullopt);

  // SCAN over the known keys, compared as sets (the order is the store's).
  std::set<std::string> scanned;
  std::size_t pages = 0;
  std::uint64_t cursor = 0;
  do {
    auto page = s.scan(cursor, {.match = key(p, "srv:", "*"), .count = 3}).get();
    scanned.insert(page.keys.begin(), page.keys.end());
    cursor = page.cursor;
    ++pages;
  } while (cursor != 0 && pages < 1000);
  CHECK(scanned == all);
  if constexpr (requires { s.scan(not_redis::ScanOptions{}); }) {  // the range form, where the backend has it
    std::set<std::string> ranged;
    for (const std::string& found : s.scan({.match = key(p, "srv:", "*")})) ranged.insert(found);
    CHECK(ranged == all);
  }
  std::set<std::string> lists;
  cursor = 0;
  do {
    auto page = s.scan(cursor, {.type = "list"}).get();
    lists.insert(page.keys.begin(), page.keys.end());
    cursor = page.cursor;
  } while (cursor != 0);
  CHECK(lists == std::set<std::string>{k("list")});
  CHECK(s.template keys<std::set<std::string>>("*").get() == all);
  CHECK(all.count(s.randomkey().get().value_or("?")) == 1);
  // A cluster's INFO describes the one node that answers it.
  if (!cluster) CHECK(s.info("keyspace").get().find("db0:keys=10,expires=0,") != std::string::npos);

  CHECK(s.ping().get() == "PONG");
  CHECK(s.ping("hi").get() == "hi");
  CHECK(s.echo("echo me").get() == "echo me");
  const auto now = std::chrono::system_clock::now();
  const auto server_time = s.time().get();
  CHECK(server_time > now - 60s);
  CHECK(server_time < now + 60s);
  s.select(0).get();

  s.flushdb().get();
  CHECK(s.dbsize().get() == 0);
}

template <class Store>
void conformance_binary(Store& s, std::string_view p = "c:") {
  using namespace std::string_literals;
  const std::string bytes = all_bytes();
  const auto k = key(p, "bin:", bytes), h = key(p, "bin:h", bytes), l = key(p, "bin:l\r\n"s, "\0"s),
             set = key(p, "bin:s", "\0\r\n"s), z = key(p, "bin:z", "\n"s), x = key(p, "bin:x", "\r"s);
  s.del(k, h, l, set, z, x).get();

  const std::string value = bytes + bytes;
  CHECK(s.set(k, value).get());
  CHECK(s.get(k).get() == value);
  CHECK(s.strlen(k).get() == 512);
  CHECK(s.getrange(k, 0, 2).get() == "\0\1\2"s);
  CHECK(s.getrange(k, 10, 13).get() == "\n\x0b\x0c\r"s);
  CHECK(s.append(k, "\r\n"s).get() == 514);
  CHECK(s.mget(k, key(p, "bin:", "nope")).get() ==
        std::vector<std::optional<std::string>>{value + "\r\n", std::nullopt});
  CHECK(s.exists(k).get() == 1);
  CHECK(s.type(k).get() == "string");

  CHECK(s.hset(h, bytes, value).get() == 1);
  CHECK(s.hset(h, "\0"s, "\r\n"s).get() == 1);
  CHECK(s.hget(h, bytes).get() == value);
  CHECK(s.hget(h, "\0"s).get() == "\r\n"s);
  CHECK(s.template hgetall<std::map<std::string, std::string>>(h).get() ==
        std::map<std::string, std::string>{{bytes, value}, {"\0"s, "\r\n"s}});

  CHECK(s.rpush(l, "\0"s, "\r\n"s, "a\0b"s, bytes).get() == 4);
  CHECK(s.lrange(l, 0, -1).get() == std::vector<std::string>{"\0"s, "\r\n"s, "a\0b"s, bytes});
  CHECK(s.lpos(l, "a\0b"s).get() == 2);

  CHECK(s.sadd(set, "\0"s, "\0\0"s, "\n"s).get() == 3);
  CHECK(sorted(s.smembers(set).get()) == std::vector<std::string>{"\0"s, "\0\0"s, "\n"s});
  CHECK(s.sismember(set, "\0\0"s).get());
  CHECK_FALSE(s.sismember(set, "\0\0\0"s).get());

  CHECK(s.zadd(z, {{"\0"s, 2}, {"\r\n"s, 1}, {bytes, 3}}).get() == 3);
  CHECK(s.zscore(z, "\0"s).get() == 2.0);
  CHECK(s.zrange(z, 0, -1).get() == std::vector<std::string>{"\r\n"s, "\0"s, bytes});

  CHECK(s.xadd(x, {{"\0"s, "\r\n"s}, {bytes, value}}, {.id = "1-0"}).get() == "1-0");
  CHECK(s.xrange(x).get() ==
        not_redis::StreamEntries{{"1-0", {{"\0"s, "\r\n"s}, {bytes, value}}}});
  CHECK(s.publish(key(p, "bin:", bytes), value).get() == 0);
  CHECK(s.del(k, h, l, set, z, x).get() == 6);
}

template <class Store>
void conformance_errors(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "err:", name); };
  const auto str = k("str"), list = k("list"), hash = k("hash"), gone = k("gone");
  s.del(str, list, hash, gone).get();
  CHECK(s.set(str, "abc").get());
  CHECK(s.rpush(list, "a").get() == 1);
  CHECK(s.hset(hash, "f", "abc").get() == 1);

  // WRONGTYPE, from every family.
  CHECK(reply_error([&] { s.get(list).get(); }) == wrongtype);
  CHECK(reply_error([&] { s.lpush(str, "x").get(); }) == wrongtype);
  CHECK(reply_error([&] { s.hget(str, "f").get(); }) == wrongtype);
  CHECK(reply_error([&] { s.sadd(str, "x").get(); }) == wrongtype);
  CHECK(reply_error([&] { s.zadd(str, "x", 1).get(); }) == wrongtype);
  CHECK(reply_error([&] { s.xadd(str, {{"f", "v"}}).get(); }) == wrongtype);
  CHECK(reply_error([&] { s.incr(hash).get(); }) == wrongtype);
  CHECK(reply_error([&] { s.blpop({str}, 1s).get(); }) == wrongtype);
  CHECK(s.get(str).get() == "abc");  // a refused command changes nothing

  // Values that are not numbers, and other arguments Redis refuses.
  CHECK(reply_error([&] { s.incr(str).get(); }) == not_an_integer);
  CHECK(reply_error([&] { s.incrby(str, 5).get(); }) == not_an_integer);
  CHECK(reply_error([&] { s.incrbyfloat(str, 1.5).get(); }) == "ERR value is not a valid float");
  CHECK(reply_error([&] { s.hincrby(hash, "f", 1).get(); }) == "ERR hash value is not an integer");
  CHECK(reply_error([&] { s.rename(gone, k("other")).get(); }) == "ERR no such key");
  CHECK(reply_error([&] { s.setex(str, 0, "v").get(); }) == "ERR invalid expire time in 'setex' command");
  CHECK(reply_error([&] { s.lpop(list, -1).get(); }) == "ERR value is out of range, must be positive");
  CHECK(reply_error([&] { s.template command<void>("SET", str, "v", "XX", "NX").get(); }) == "ERR syntax error");
  CHECK(reply_error([&] { s.template command<long long>("EXPIRE", str, "soon").get(); }) == not_an_integer);
  CHECK(reply_error([&] { s.template command<long long>("ZADD", k("z"), "XX", "NX", 1, "m").get(); }) ==
        "ERR XX and NX options at the same time are not compatible");
  CHECK(reply_error([&] { s.template command<void>("GET").get(); }) ==
        "ERR wrong number of arguments for 'get' command");
  CHECK(reply_error([&] { s.template command<void>("NOSUCH", "a", "b").get(); }) ==
        "ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ");

  // With command<Value>, an error reply is a Value, not a throw.
  const Value error = s.command("INCR", str).get();
  CHECK(type_of(error) == "error");
  CHECK(error.string() == not_an_integer);
  CHECK(s.execute(not_redis::Argv{"LPUSH", str, "x"}).get().string() == wrongtype);
  s.del(str, list, hash).get();
}

template <class Store>
void conformance_raw(Store& s, std::string_view p = "c:") {
  using namespace std::string_literals;
  const auto k = [&](std::string_view name) { return key(p, "raw:", name); };
  const auto str = k("str"), h = k("h"), z = k("z"), st = k("set"), l = k("l"), x = k("x"), fl = k("fl"), gone = k("gone");
  s.del(str, h, z, st, l, x, fl, gone).get();

  // execute(Argv) and command<T>() with RESP3's shapes, as redis-server sends them.
  const Value ok = s.execute(not_redis::Argv{"SET", str, "v"}).get();
  CHECK(type_of(ok) == "simple string");
  CHECK(ok.string() == "OK");
  const Value got = s.execute(not_redis::Argv{"GET", str}).get();
  CHECK(type_of(got) == "bulk string");
  CHECK(got.string() == "v");
  CHECK(type_of(s.command("GET", gone).get()) == "nil");
  CHECK(type_of(s.command("TYPE", str).get()) == "simple string");
  CHECK(type_of(s.command("PING").get()) == "simple string");
  CHECK(raw(s.command("EXISTS", str, gone).get()) == Value::integer(1));
  CHECK(s.template command<long long>("STRLEN", str).get() == 1);
  CHECK(s.template command<std::string>("ECHO", "\0\r\n"s).get() == "\0\r\n"s);

  CHECK(s.hset(h, {{"f", "v"}, {"g", "w"}}).get() == 2);
  const Value map = s.command("HGETALL", h).get();
  CHECK(type_of(map) == "map");
  CHECK(map.size() == 2);
  CHECK(raw(map) == Value::map({Value::bulk("f"), Value::bulk("v"), Value::bulk("g"), Value::bulk("w")}));
  CHECK(type_of(s.command("HGETALL", gone).get()) == "map");
  CHECK(s.command("HGETALL", gone).get().size() == 0);
  const Value pairs = s.command("HRANDFIELD", h, 1, "WITHVALUES").get();
  CHECK(type_of(pairs) == "array");
  REQUIRE(pairs.size() == 1);
  CHECK(type_of(pairs[0]) == "array");
  CHECK(pairs[0].size() == 2);

  CHECK(s.zadd(z, {{"m", 1.5}, {"n", 2}}).get() == 2);
  const Value score = s.command("ZSCORE", z, "m").get();
  CHECK(type_of(score) == "double");
  CHECK(raw(score) == Value::number(1.5));
  CHECK(type_of(s.command("ZSCORE", z, "nope").get()) == "nil");
  CHECK(raw(s.command("ZINCRBY", z, 1, "m").get()) == Value::number(2.5));
  CHECK(raw(s.command("ZMSCORE", z, "m", "nope").get()) == Value::array({Value::number(2.5), Value::nil()}));
  CHECK(raw(s.command("ZRANGE", z, 0, 0, "WITHSCORES").get()) ==
        Value::array({Value::array({Value::bulk("n"), Value::number(2)})}));
  CHECK(raw(s.command("ZPOPMIN", z).get()) == Value::array({Value::bulk("n"), Value::number(2)}));  // no COUNT: flat
  CHECK(raw(s.command("ZPOPMIN", z, 1).get()) == Value::array({Value::array({Value::bulk("m"), Value::number(2.5)})}));
  CHECK(raw(s.command("ZPOPMIN", gone).get()) == Value::array());

  // Floats from the string and hash families are bulk strings, not doubles.
  CHECK(raw(s.command("INCRBYFLOAT", fl, 1.5).get()) == Value::bulk("1.5"));
  CHECK(raw(s.command("HINCRBYFLOAT", h, "n", 2.5).get()) == Value::bulk("2.5"));

  CHECK(s.sadd(st, "x").get() == 1);
  CHECK(raw(s.command("SMEMBERS", st).get()) == Value::set({Value::bulk("x")}));
  CHECK(raw(s.command("SISMEMBER", st, "x").get()) == Value::integer(1));  // an integer, not a boolean
  CHECK(raw(s.command("SMISMEMBER", st, "x", "y").get()) == Value::array({Value::integer(1), Value::integer(0)}));
  CHECK(raw(s.command("SPOP", gone, 2).get()) == Value::set());
  CHECK(raw(s.command("SRANDMEMBER", gone, 2).get()) == Value::array());

  CHECK(type_of(s.command("LPOP", gone).get()) == "nil");
  CHECK(type_of(s.command("BLPOP", gone, "0.05").get()) == "nil");
  CHECK(s.rpush(l, "a", "b").get() == 2);
  CHECK(raw(s.command("LPOP", l, 5).get()) == Value::array({Value::bulk("a"), Value::bulk("b")}));

  CHECK(s.xadd(x, {{"f", "v"}}, {.id = "1-0"}).get() == "1-0");
  const Value entry = Value::array({Value::bulk("1-0"), Value::array({Value::bulk("f"), Value::bulk("v")})});
  CHECK(raw(s.command("XRANGE", x, "-", "+").get()) == Value::array({entry}));
  CHECK(raw(s.command("XREAD", "STREAMS", x, "0").get()) == Value::map({Value::bulk(x), Value::array({entry})}));
  CHECK(type_of(s.command("XREAD", "STREAMS", x, "1-0").get()) == "nil");
  const Value info = s.command("XINFO", "STREAM", x).get();
  CHECK(type_of(info) == "map");
  REQUIRE(info.size() == 10);
  CHECK(raw(info[0]) == Value::bulk("length"));
  CHECK(raw(info[1]) == Value::integer(1));

  const Value scan = s.command("SCAN", 0, "MATCH", k("nothing-matches-*"), "COUNT", 1000).get();
  CHECK(type_of(scan) == "array");
  REQUIRE(scan.size() == 2);
  CHECK(type_of(scan[0]) == "bulk string");
  CHECK(type_of(scan[1]) == "array");
  const Value time = s.command("TIME").get();
  CHECK(type_of(time) == "array");
  CHECK(time.size() == 2);
  CHECK(type_of(s.command("INFO", "keyspace").get()) == "verbatim string");
  CHECK(type_of(s.command("CONFIG", "GET", "maxmemory-policy").get()) == "map");
  s.del(str, h, z, st, l, x, fl).get();
}

/// Every family, each named in a failure's context; one that throws
/// unexpectedly fails the check and lets the others run. `cluster`: a Redis
/// Cluster behind the store (`p` then holds a hash tag).
template <class Store>
void conformance_all(Store& s, std::string_view p = "c:", bool cluster = false) {
  const auto run = [&](const std::string family, auto&& fn) {
    INFO("conformance family: " << family);
    try {
      fn();
    } catch (const std::exception& e) {
      FAIL_CHECK("family " << family << " threw: " << std::string(e.what()));
    }
  };
  run("strings", [&] { conformance_strings(s, p); });
  run("keys", [&] { conformance_keys(s, p); });
  run("hashes", [&] { conformance_hashes(s, p); });
  run("lists", [&] { conformance_lists(s, p); });
  run("sets", [&] { conformance_sets(s, p); });
  run("zsets", [&] { conformance_zsets(s, p); });
  run("zsets_multikey", [&] { conformance_zsets_multikey(s, p); });
  run("streams", [&] { conformance_streams(s, p); });
  run("stream_groups", [&] { conformance_stream_groups(s, p); });
  run("bitmaps", [&] { conformance_bitmaps(s, p); });
  run("hyperloglog", [&] { conformance_hyperloglog(s, p); });
  run("geo", [&] { conformance_geo(s, p); });
  run("sort", [&] { conformance_sort(s, p, cluster); });
  run("dump", [&] { conformance_dump(s, p); });
  run("pubsub", [&] { conformance_pubsub(s, p); });
  run("server", [&] { conformance_server(s, p, cluster); });
  run("pipelines", [&] { conformance_pipelines(s, p); });
  run("transactions", [&] { conformance_transactions(s, p); });
  run("futures", [&] { conformance_futures(s, p); });
  run("binary", [&] { conformance_binary(s, p); });
  run("errors", [&] { conformance_errors(s, p); });
  run("raw", [&] { conformance_raw(s, p); });
}

} // namespace conformance
