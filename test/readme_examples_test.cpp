// The README's API tour, compiled and run, so the documentation cannot rot.

#include <coroutine>
#include <mutex>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <not_redis/server.hpp>
#include <not_redis/subscriber.hpp>
#include <not_redis/uv.hpp>

#include "harness.hpp"

using namespace std::chrono_literals;

namespace {

test::Task read_with_co_await(not_redis::Client& store, std::optional<std::string>& out, std::atomic<bool>& done) {
  std::optional<std::string> v = co_await store.get("k");
  out = v;
  done = true;
}

test::Task read_on(not_redis::Client& store, not_redis::UvExecutor& ui, std::optional<std::string>& out,
                   std::thread::id& resumed_on) {
  std::optional<std::string> w = co_await store.get("k").on(ui);
  out = w;
  resumed_on = std::this_thread::get_id();
}
} // namespace

TEST_CASE("README: from any thread, with futures") {
  not_redis::Client store;
  CHECK(store.set("greeting", "hello").get());
  std::optional<std::string> v = store.get("greeting").get();
  CHECK(v == "hello");
  long long hits = store.incr("hits").get();
  CHECK(hits == 1);
  CHECK_THROWS_AS(store.incr("greeting").get(), not_redis::Error);

  std::vector<not_redis::Future<long long>> replies;
  for (int i = 0; i < 1000; ++i) replies.push_back(store.incr("counter"));
  for (std::size_t i = 0; i < replies.size(); ++i) CHECK(replies[i].get() == static_cast<long long>(i) + 1);

  not_redis::Value reply = store.command("MGET", "greeting", "missing").get();
  CHECK(reply == test::array({test::bulk("hello"), test::nil()}));
  store.command("SET", "a", "1").get();
  auto typed = store.command<std::vector<std::optional<std::string>>>("MGET", "a", "b").get();
  CHECK(typed == std::vector<std::optional<std::string>>{"1", std::nullopt});

  store.set("k", "v").get();
  std::atomic<bool> then_ran{false};
  store.get("k").then([&](not_redis::Future<std::optional<std::string>> done) {
    CHECK(done.get() == "v");
    then_ran = true;
  });
  std::optional<std::string> awaited;
  std::atomic<bool> co_done{false};
  read_with_co_await(store, awaited, co_done);
  while (!then_ran || !co_done) store.command("PING").get();
  CHECK(awaited == "v");
}

TEST_CASE("README: chaining, errors, when_all and when_any") {
  not_redis::Client store;
  store.set("id", "7").get();
  store.set("name", "ada").get();
  not_redis::Future<std::string> label = store.get("id")
      .then([&](auto id) { return store.incr("visits:" + id.get().value()); })
      .then([](not_redis::Future<long long> n) { return fmt::format("visit #{}", n.get()); });
  CHECK(label.get() == "visit #1");

  auto [hits, name] = not_redis::when_all(store.incr("hits"), store.get("name")).get();
  CHECK(hits == 1);
  CHECK(name == "ada");
  std::vector<not_redis::Future<long long>> counters;
  for (int i = 0; i < 10; ++i) counters.push_back(store.incr(fmt::format("c{}", i)));
  std::vector<long long> values = not_redis::when_all(std::move(counters)).get();
  CHECK(values == std::vector<long long>(10, 1));

  store.rpush("low", "l1").get();
  std::vector<not_redis::Future<std::optional<std::pair<std::string, std::string>>>> pops;
  pops.push_back(store.blpop("high", std::chrono::seconds(1)));
  pops.push_back(store.blpop("low", std::chrono::seconds(1)));
  not_redis::WhenAny first = not_redis::when_any(std::move(pops)).get();
  auto popped = first.futures[first.index].get();
  CHECK(first.index == 1);
  CHECK(popped == std::pair<std::string, std::string>{"low", "l1"});
}

TEST_CASE("README: executors") {
  not_redis::Client store;
  store.set("k", "v").get();
  test::LoopThread app;  // an application's own loop, on a thread of its own
  not_redis::UvExecutor& ui = app.executor();
  const std::thread::id ui_thread = app.id();

  std::thread::id on_ui, on_store;
  store.get("k").then(ui, [&](auto) { on_ui = std::this_thread::get_id(); }).get();
  store.get("k").then(store, [&](auto) { on_store = std::this_thread::get_id(); }).get();
  CHECK(on_ui == ui_thread);
  CHECK(on_store != ui_thread);
  CHECK(on_store != std::this_thread::get_id());

  std::optional<std::string> w;
  std::thread::id resumed_on;
  read_on(store, ui, w, resumed_on);
  // Replies arrive, and ui runs what they post, in order: once this step ran,
  // the coroutine has resumed.
  store.get("k").then(ui, [](auto) {}).get();
  CHECK(w == "v");
  CHECK(resumed_on == ui_thread);
}

TEST_CASE("README: waiting for a blocking command from the loop thread") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    not_redis::Client store(&loop);
    store.blpop("jobs", std::chrono::seconds(0)).then([&](auto popped) {
      auto [list, job] = popped.get().value();
      store.rpush("done", job);
    });
    CHECK(store.llen("done").get() == 0);
    store.rpush("jobs", "j1");
    CHECK(store.lrange("done", 0, -1).get() == std::vector<std::string>{"j1"});
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("README: hashes, lists, sets and blocking pops") {
  not_redis::Client store;
  store.hset("user:1", {{"name", "ada"}, {"lang", "c++"}}).get();
  std::unordered_map<std::string, std::string> user = store.hgetall("user:1").get();
  CHECK(user.at("name") == "ada");
  CHECK(store.rpush("jobs", {"a", "b", "c"}).get() == 3);
  CHECK(store.sadd("tags", {"x", "y"}).get() == 2);
  auto job = store.blpop({"jobs", "urgent"}, std::chrono::seconds(5));
  std::optional<std::pair<std::string, std::string>> got = job.get();
  CHECK(got == std::pair<std::string, std::string>{"jobs", "a"});
}

TEST_CASE("README: sorted sets") {
  using not_redis::ScoreBound;
  not_redis::Client store;
  CHECK(store.zadd("board", {{"ann", 42}, {"bob", 17}, {"cy", 17}}).get() == 3);
  CHECK(store.zincrby("board", 5, "bob").get() == 22);
  auto top = store.zrevrange_withscores("board", 0, 9).get();
  CHECK(top == std::vector<std::pair<std::string, double>>{{"ann", 42}, {"bob", 22}, {"cy", 17}});
  auto mid = store.zrangebyscore("board", {ScoreBound::exclusive(17), 50}).get();
  CHECK(mid == std::vector<std::string>{"bob", "ann"});
  std::optional<long long> rank = store.zrank("board", "ann").get();
  CHECK(rank == 2);
  auto next = store.bzpopmin({"board"}, std::chrono::seconds(1));
  CHECK(next.get() == std::tuple<std::string, std::string, double>{"board", "cy", 17});
}

TEST_CASE("README: streams") {
  using not_redis::StreamTrim;
  not_redis::Client store;
  std::optional<std::string> id = store.xadd("events", {{"kind", "login"}, {"user", "ada"}}).get();
  REQUIRE(id.has_value());
  CHECK(id->ends_with("-0"));
  CHECK(store.xadd("events", {{"kind", "logout"}}, {.trim = StreamTrim::maxlen(1000, true)}).get().has_value());
  std::vector<not_redis::StreamEntry> newest = store.xrevrange("events", "+", "-", 10).get();
  REQUIRE(newest.size() == 2);
  auto [last_id, fields] = newest.front();
  CHECK(fields == std::vector<std::pair<std::string, std::string>>{{"kind", "logout"}});
  auto after = store.xrange("events", "(" + *id).get();
  REQUIRE(after.size() == 1);
  CHECK(after.front().id == last_id);
  auto news = store.xread({{"events", "$"}}, {.count = 10, .block = std::chrono::seconds(1)});
  // Commands from one thread run in posting order: this XADD comes after the XREAD blocked.
  std::optional<std::string> next = store.xadd("events", {{"kind", "login"}}).get();
  auto got = news.get();
  REQUIRE(got.has_value());
  REQUIRE(got->size() == 1);
  CHECK(got->front().first == "events");
  CHECK(got->front().second.at(0).id == next);

  store.xgroup_create("events", "workers", "0").get();
  auto batch = store.xreadgroup("workers", "w1", {{"events", ">"}}, {.count = 10}).get();
  REQUIRE(batch.has_value());
  CHECK(batch->front().second.size() == 3);
  for (const auto& [entry_id, entry_fields] : batch->front().second) store.xack("events", "workers", entry_id).get();
  not_redis::StreamPendingSummary pending = store.xpending("events", "workers").get();
  CHECK(pending.count == 0);
  not_redis::StreamAutoClaim stale = store.xautoclaim("events", "workers", "w2", std::chrono::minutes(1), "0").get();
  CHECK(stale.next_id == "0-0");
  CHECK(stale.entries.empty());
}

TEST_CASE("README: bitmaps") {
  using not_redis::BitField, not_redis::BitFieldOffset, not_redis::BitFieldType, not_redis::BitOverflow;
  not_redis::Client store;
  CHECK_FALSE(store.setbit("flags:2026-12-03", 42, true).get());
  CHECK(store.bitcount("flags:2026-12-03").get() == 1);
  store.set("slots", std::string("\xff\x7f")).get();
  CHECK(store.bitpos("slots", false).get() == 8);
  CHECK(store.bitcount("flags:2026-12-03", {.start = 0, .end = 999, .unit = not_redis::BitUnit::bit}).get() == 1);
  store.setbit("flags:mon", 42, true).get();
  store.setbit("flags:tue", 42, true).get();
  CHECK(store.bitop(not_redis::BitOperation::bit_and, "both", "flags:mon", "flags:tue").get() == 6);
  auto r = store.bitfield("counters", BitField()
                                          .overflow(BitOverflow::sat)
                                          .incrby(BitFieldType::u(8), BitFieldOffset::nth(3), 10)
                                          .get(BitFieldType::i(16), 64)).get();
  CHECK(r == std::vector<std::optional<long long>>{10, 0});
}

TEST_CASE("README: HyperLogLog") {
  not_redis::Client store;
  CHECK(store.pfadd("visitors:mon", "ann", "bob").get());
  store.pfadd("visitors:tue", {"bob", "cid"}).get();
  CHECK(store.pfcount("visitors:mon").get() == 2);
  CHECK(store.pfcount("visitors:mon", "visitors:tue").get() == 3);
  store.pfmerge("visitors:week", "visitors:mon", "visitors:tue").get();
  CHECK(store.pfcount("visitors:week").get() == 3);
}

TEST_CASE("README: geospatial indexes") {
  using namespace not_redis;
  Client store;
  CHECK(store.geoadd("sicily", {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get() == 2);
  CHECK(store.geodist("sicily", "Palermo", "Catania", GeoUnit::km).get() == 166.2742);
  CHECK(store.geohash("sicily", {"Palermo"}).get() == std::vector<std::optional<std::string>>{"sqc8b49rny0"});
  auto near = store.geosearch("sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                              {.order = GeoOrder::ascending, .count = 5, .with_distance = true}).get();
  REQUIRE(near.size() == 2);
  CHECK(near[0].member == "Catania");
  CHECK(near[0].distance == 56.4413);
  CHECK(near[1].member == "Palermo");
  CHECK(store.geosearchstore("nearby", "sicily", GeoFrom::member("Palermo"), GeoArea::box(400, 400, GeoUnit::km),
                             {.store_distance = true}).get() == 2);
}

TEST_CASE("README: SORT") {
  not_redis::Client store;
  store.rpush("queue", {"1", "2", "3"}).get();
  store.mset({{"weight_1", "10"}, {"weight_2", "30"}, {"weight_3", "20"}, {"name_1", "a"}, {"name_2", "b"}, {"name_3", "c"}}).get();
  auto names = store.sort("queue", {.by = "weight_*", .limit = not_redis::Limit{0, 10},
                                    .get = {"name_*"}, .descending = true}).get();
  CHECK(names == std::vector<std::optional<std::string>>{"b", "c", "a"});
  store.sadd("tags", {"x", "b", "m"}).get();
  CHECK(store.sort_store("tags", "tags:sorted", {.alpha = true}).get() == 3);
  CHECK(store.lrange("tags:sorted", 0, -1).get() == std::vector<std::string>{"b", "m", "x"});
}

TEST_CASE("README: DUMP and RESTORE") {
  not_redis::Client store, other;
  store.hset("cart:17", {{"apples", "3"}}).get();
  std::optional<std::string> payload = store.dump("cart:17").get();
  REQUIRE(payload.has_value());
  not_redis::RestoreOptions options;
  options.replace = true;
  other.restore("cart:17", 0, *payload, options).get();
  CHECK(other.hget("cart:17", "apples").get() == "3");
}

TEST_CASE("README: values, containers, TTLs and scans") {
  not_redis::Client store;
  store.set("n", 42).get();
  store.rpush("temps", 21.5, 22.25).get();
  store.hset("user:1", "visits", 3).get();
  store.sadd("tags", "b", "a").get();

  auto ordered = store.hgetall<std::vector<std::pair<std::string, std::string>>>("user:1").get();
  CHECK(ordered == std::vector<std::pair<std::string, std::string>>{{"visits", "3"}});
  auto tags = store.smembers<std::set<std::string>>("tags").get();
  CHECK(tags == std::set<std::string>{"a", "b"});
  auto counts = store.mget<std::vector<std::optional<long long>>>("n", "missing").get();
  CHECK(counts == std::vector<std::optional<long long>>{42, std::nullopt});
  auto temps = store.lrange<std::vector<double>>("temps", 0, -1).get();
  CHECK(temps == std::vector<double>{21.5, 22.25});

  store.set("session", "token", 30min).get();
  CHECK(store.ttl("session").get().remaining() == 30min);
  store.expire("session", 1500ms).get();
  CHECK(store.pttl("session").get().remaining() <= 1500ms);
  store.set("report", "r").get();
  CHECK(store.expireat("report", std::chrono::system_clock::now() + 1h).get());

  std::vector<std::string> users;
  for (const std::string& key : store.scan({.match = "user:*"})) users.push_back(key);
  CHECK(users == std::vector<std::string>{"user:1"});
  for (auto& [field, value] : store.hscan("user:1")) CHECK(field + "=" + value == "visits=3");
}

TEST_CASE("README: pub/sub and keyspace notifications, in process") {
  not_redis::Client store;
  not_redis::Subscriber orders(store);
  orders.subscribe("orders").get();
  orders.psubscribe("orders.*").get();
  CHECK(store.publish("orders.new", "o-17").get() == 1);
  not_redis::Message m = orders.next().get();
  CHECK(m.channel == "orders.new");
  CHECK(m.pattern == "orders.*");
  CHECK(m.payload == "o-17");
  std::optional<not_redis::Message> more = orders.wait_for(100ms);
  CHECK_FALSE(more);

  std::mutex mutex;
  std::vector<std::string> expired;
  not_redis::Subscriber expiries(store, [&](not_redis::Message&& m) {
    std::lock_guard lock(mutex);
    expired.push_back(m.payload);
  });
  store.config_set("notify-keyspace-events", "Ex").get();
  expiries.subscribe("__keyevent@0__:expired").get();
  store.set("session", "x", 1ms).get();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  for (;;) {
    store.get("session").get();  // lazy expiry, once the millisecond has passed
    std::lock_guard lock(mutex);
    if (!expired.empty() || std::chrono::steady_clock::now() > deadline) break;
  }
  std::lock_guard lock(mutex);
  CHECK(expired == std::vector<std::string>{"session"});
}

TEST_CASE("README: embedded in your own libuv loop") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    not_redis::Client store(&loop);
    auto set = store.set("k", "v");
    CHECK(set.ready());
    bool seen = false;
    store.get("k").then([&](auto f) { seen = f.get() == std::optional<std::string>("v"); });
    CHECK(seen);
    not_redis::Future<long long> from_worker;
    std::thread([&] { from_worker = store.incr("n"); }).join();
    CHECK_FALSE(from_worker.ready());
    uv_run(&loop, UV_RUN_NOWAIT);  // the store's handles are unreferenced: this returns at once
    store.run_until_idle();
    CHECK(from_worker.get() == 1);
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("README: deterministic tests") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    not_redis::ManualClock clock;
    not_redis::Client store(&loop, {.clock = &clock, .seed = 42});
    store.set("session", "x", not_redis::Expiry::in(100ms));
    clock.advance(100ms);
    store.run_until_idle();
    CHECK(store.get("session").get() == "x");  // at its deadline a key still exists, as in Redis
    clock.advance(1ms);
    store.run_until_idle();
    CHECK_FALSE(store.get("session").get());

    auto job = store.blpop({"jobs"}, 5s);
    store.run_for(1min);
    CHECK(job.get() == std::nullopt);
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("README: over the network, a RESP2/RESP3 server") {
  const std::string socket_path = fmt::format("/tmp/not_redis-readme-{}.sock", ::getpid());
  not_redis::Client store;
  not_redis::Server server(store, {.port = 0, .unix_socket = socket_path});
  std::uint16_t port = server.port();
  REQUIRE(port != 0);
  CHECK(server.unix_socket() == socket_path);
  store.set("from-process", "hello").get();

  // What `redis-cli -p PORT get from-process` sends and receives.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  const std::string request = "*2\r\n$3\r\nGET\r\n$12\r\nfrom-process\r\n";
  REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string reply;
  char buf[64];
  while (reply.size() < 11) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    REQUIRE(n > 0);
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  CHECK(reply == "$5\r\nhello\r\n");
}

TEST_CASE("README: pipelines, transactions and atomic callables") {
  not_redis::Client store;
  store.set("name", "ada").get();
  store.set("stock", "3").get();
  store.set("balance", "100").get();

  not_redis::Pipeline batch;
  auto hits = batch.incr("hits");
  auto name = batch.get("name");
  not_redis::Replies replies = store.execute(std::move(batch)).get();
  long long n = replies[hits];
  std::optional<std::string> who = replies[name];
  CHECK(n == 1);
  CHECK(who == "ada");

  not_redis::Transaction tx;
  tx.decrby("stock", 1);
  tx.rpush("orders", "o-17");
  CHECK(store.execute(std::move(tx)).get().size() == 2);

  store.transaction({"balance"}, [&](not_redis::Transaction& t) {
    long long balance = std::stoll(store.get("balance").get().value_or("0"));
    t.set("balance", std::to_string(balance - 10));
  });
  CHECK(store.get("balance").get() == "90");

  not_redis::Future<long long> left = store.atomically([](not_redis::AtomicView& s) {
    long long stock = std::stoll(s.get("stock").value_or("0"));
    if (stock > 0) s.decr("stock");
    return stock;
  });
  CHECK(left.get() == 2);
  CHECK(store.get("stock").get() == "1");
}
