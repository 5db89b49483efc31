// RemoteClient against real redis-server processes the tests start on free
// loopback ports: connection options, automatic pipelining and ordering,
// blocking commands on their own connections, transactions, and failures
// (a killed server, a server that stops answering, refused AUTH).

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "conformance/conformance.hpp"
#include "harness.hpp"
#include "parity/redis_process.hpp"

using namespace test;
using not_redis::Error;
using not_redis::RemoteClient;
using not_redis::RemoteOptions;

namespace {

std::string redis_server_program() { return test_program("REDIS_SERVER", "redis-server"); }

/// A redis-server of the test's own, stopped with the test.
struct RedisServer {
  explicit RedisServer(const std::vector<std::string>& extra = {}) { process.start(redis_server_program(), "redis", extra); }
  RemoteOptions options() const {
    RemoteOptions o;
    o.port = process.port();
    return o;
  }
  parity::ServerProcess process;
};

} // namespace

TEST_CASE("RemoteOptions::from_url") {
  auto o = RemoteOptions::from_url("redis://127.0.0.1:7000");
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 7000);
  CHECK(o.password.empty());
  o = RemoteOptions::from_url("redis://alice:s%3Acret@cache.example:6380/0");
  CHECK(o.host == "cache.example");
  CHECK(o.port == 6380);
  CHECK(o.user == "alice");
  CHECK(o.password == "s:cret");
  o = RemoteOptions::from_url("redis://:pw@localhost");
  CHECK(o.user.empty());
  CHECK(o.password == "pw");
  CHECK(o.port == 6379);
  o = RemoteOptions::from_url("redis://[::1]:7001");
  CHECK(o.host == "::1");
  CHECK(o.port == 7001);
  o = RemoteOptions::from_url("unix:///run/redis.sock?password=x&name=worker");
  CHECK(o.unix_socket == "/run/redis.sock");
  CHECK(o.password == "x");
  CHECK(o.client_name == "worker");
  for (const char* bad : {"http://h", "redis://h:0", "redis://h:99999", "redis://h:12x", "redis://h/3",
                          "unix://", "redis://h?colour=red", "redis://%zz@h"}) {
    INFO(bad);
    CHECK_THROWS_AS(RemoteOptions::from_url(bad), Error);
  }
  o = RemoteOptions::from_url("redis://127.0.0.1:7000?cluster=yes&seed=127.0.0.1:7001&seed=h:7002");
  CHECK(o.cluster);
  CHECK(o.seeds == std::vector<std::string>{"127.0.0.1:7001", "h:7002"});
  // Refused before anything is made.
  RemoteOptions bad_seed = o;
  bad_seed.seeds.push_back("no-port");
  CHECK_THROWS_WITH_AS((void)RemoteClient(bad_seed), "not_redis: RemoteOptions::seeds: 'no-port' is not host:port", Error);
  RemoteOptions bad_port;
  bad_port.port = 0;
  CHECK_THROWS_WITH_AS((void)RemoteClient(bad_port), "not_redis: RemoteOptions::port 0 is not a TCP port", Error);
}

TEST_CASE("conformance: redis-server through RemoteClient") {
  // The same suite as on the embedded store (test/conformance/embedded_test.cpp).
  RedisServer server;
  RemoteClient redis(server.options());
  conformance::conformance_all(redis);
}

TEST_CASE("RemoteClient: typed commands, raw replies and RESP3 shapes against redis-server") {
  RedisServer server;
  RemoteClient redis(server.options());
  CHECK(redis.set("greeting", "hello").get());
  CHECK(redis.get("greeting").get() == "hello");
  CHECK(redis.get("missing").get() == std::nullopt);
  CHECK(redis.incr("n").get() == 1);
  redis.hset("h", "f", "v").get();
  // HELLO 3: a map is a map, a score a double, as in the embedded store.
  CHECK(redis.command("HGETALL", "h").get() == Value::map({bulk("f"), bulk("v")}));
  redis.zadd("z", "m", 1.5).get();
  CHECK(redis.command("ZSCORE", "z", "m").get() == Value::number(1.5));
  CHECK(redis.command("INCR", "greeting").get() == err("ERR value is not an integer or out of range"));
  CHECK(thrown_text(redis.incr("greeting")) == "ERR value is not an integer or out of range");
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  CHECK(redis.set(binary, binary).get());
  CHECK(redis.get(binary).get() == binary);
  const std::string big(10 << 20, 'x');
  CHECK(redis.set("big", big).get());
  CHECK(redis.get("big").get() == big);
  CHECK(redis.connections_opened() == 1);
}

TEST_CASE("RemoteClient: client name, AUTH and a unix socket") {
  const std::string socket = fmt::format("/tmp/not_redis-remote-{}.sock", ::getpid());
  RedisServer server({"--requirepass", "s3cret", "--unixsocket", socket, "--unixsocketperm", "700"});
  {
    RemoteOptions o = server.options();
    o.password = "s3cret";
    o.client_name = "worker-7";
    RemoteClient redis(o);
    CHECK(redis.command<std::string>("CLIENT", "GETNAME").get() == "worker-7");
  }
  {
    RemoteOptions o = server.options();
    o.password = "wrong";
    RemoteClient redis(o);
    auto f = redis.ping();
    const std::string text = thrown_text(std::move(f));
    CHECK(text.find("refused the connection: WRONGPASS") != std::string::npos);
    // Refused, not transient: later calls fail at once.
    CHECK(thrown_kind(redis.ping()) == Error::Kind::io);
  }
  {
    RemoteClient redis(server.options());  // no password
    CHECK(thrown_text(redis.ping()).find("NOAUTH") != std::string::npos);
  }
  {
    RemoteOptions o;
    o.unix_socket = socket;
    o.password = "s3cret";
    RemoteClient redis(o);
    CHECK(redis.set("via", "unix").get());
    CHECK(redis.get("via").get() == "unix");
  }
}

TEST_CASE("RemoteClient: calls from one thread keep their order; many threads share one connection") {
  RedisServer server;
  RemoteClient redis(server.options());
  std::vector<not_redis::Future<long long>> replies;
  for (int i = 0; i < 10'000; ++i) replies.push_back(redis.incr("counter"));
  for (int i = 0; i < 10'000; ++i) CHECK(replies[i].get() == i + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&redis, t] {
      std::vector<not_redis::Future<long long>> pushes;
      for (int i = 0; i < 2'000; ++i) pushes.push_back(redis.rpush(fmt::format("list:{}", t), i));
      for (auto& f : pushes) f.get();
    });
  for (auto& t : threads) t.join();
  for (int t = 0; t < 4; ++t) {
    const auto items = redis.lrange(fmt::format("list:{}", t), 0, -1).get();
    REQUIRE(items.size() == 2'000);
    for (int i = 0; i < 2'000; ++i) CHECK(items[i] == std::to_string(i));
  }
  // Everything went through one connection.
  CHECK(redis.connections_opened() == 1);
}

TEST_CASE("RemoteClient: a blocking command has a connection of its own, after what was sent before it") {
  RedisServer server;
  RemoteClient redis(server.options());
  redis.rpush("jobs", "first").get();
  // Sent after the RPUSH above, so it sees "first" at once.
  CHECK(redis.blpop({"jobs"}, 0s).get() == std::pair<std::string, std::string>{"jobs", "first"});
  auto waiting = redis.blpop({"jobs"}, 5s);
  // The wait does not hold up the shared connection...
  for (int i = 0; i < 100; ++i) CHECK(redis.ping().get() == "PONG");
  CHECK_FALSE(waiting.wait_for(0ms));
  // ...and a write on it serves the waiter.
  redis.rpush("jobs", "second").get();
  CHECK(waiting.get() == std::pair<std::string, std::string>{"jobs", "second"});
  CHECK(redis.blpop({"empty"}, 100ms).get() == std::nullopt);
  // A pipeline that holds a blocking command goes aside too.
  not_redis::Pipeline batch;
  batch.blpop({"later"}, 5s);
  auto pipelined = redis.execute(std::move(batch));
  CHECK(redis.lpush("later", "x").get() == 1);
  CHECK(pipelined.get()[0] == Value::array({bulk("later"), bulk("x")}));
  // Side connections are reused, not opened per command.
  CHECK(redis.connections_opened() <= 3);
}

TEST_CASE("RemoteClient: pipelines, MULTI/EXEC and WATCH transactions") {
  RedisServer server;
  RemoteClient redis(server.options());
  not_redis::Pipeline batch;
  const auto n = batch.incr("n");
  const auto bad = batch.command<long long>("INCR", "n", "extra");
  const auto got = batch.get("n");
  const auto replies = redis.execute(std::move(batch)).get();
  CHECK(replies[n] == 1);
  CHECK(replies[bad.index] == err("ERR wrong number of arguments for 'incr' command"));
  CHECK(replies[got] == "1");

  not_redis::Transaction tx;
  tx.incr("n");
  tx.set("s", "v");
  const auto exec = redis.execute(std::move(tx)).get();
  CHECK(exec[0] == Value::integer(2));
  CHECK(exec[1] == Value::ok());
  not_redis::Transaction doomed;
  doomed.incr("n");
  doomed.command("NOSUCHCOMMAND");
  CHECK(thrown_text(redis.execute(std::move(doomed))).starts_with("EXECABORT"));
  CHECK(redis.get("n").get() == "2");

  // The first attempt loses the race to another connection's write.
  RemoteClient other(server.options());
  int attempts = 0;
  redis.transaction({"balance"}, [&](not_redis::Transaction& t) {
    const long long balance = std::stoll(redis.get("balance").get().value_or("100"));
    if (++attempts == 1) other.set("balance", "50").get();
    t.set("balance", balance - 10);
  });
  CHECK(attempts == 2);
  CHECK(redis.get("balance").get() == "40");

  CHECK_THROWS_AS(redis.command("MULTI"), Error);
  CHECK_THROWS_AS(redis.command("subscribe", "ch"), Error);
  not_redis::Pipeline sneaky;
  sneaky.command("WATCH", "k");
  CHECK_THROWS_AS(redis.execute(std::move(sneaky)), Error);
}

TEST_CASE("RemoteClient: a server killed mid-pipeline gives io errors, and the client reconnects when it is back") {
  RedisServer server({"--enable-debug-command", "yes"});
  RemoteOptions o = server.options();
  o.reconnect_max = 50ms;
  o.command_timeout = 3s;
  RemoteClient redis(o);
  CHECK(redis.set("k", "v").get());
  auto blocked = redis.blpop({"never"}, 0s);  // on its own connection
  // A command that sleeps server-side is surely in flight at the kill.
  not_redis::Pipeline slow;
  slow.command("DEBUG", "SLEEP", "0.3");
  auto in_flight = redis.execute(std::move(slow));
  // A task posted after a round of calls runs once they are routed; a second
  // round comes after the first one's write.
  redis.post([] {}).get();
  redis.post([] {}).get();
  const int port = server.process.port();
  server.process.crash();
  CHECK(thrown_kind(std::move(in_flight)) == Error::Kind::io);
  CHECK(thrown_kind(std::move(blocked)) == Error::Kind::io);
  // While it is down, calls wait for the reconnection (up to the timeout).
  auto waiting = redis.set("k", "again");
  server.process.start(redis_server_program(), "redis", {"--enable-debug-command", "yes"}, port);
  CHECK(waiting.get());
  CHECK(redis.get("k").get() == "again");
  CHECK(redis.connections_opened() >= 2);
}

TEST_CASE("RemoteClient: a server that stops answering trips the command timeout") {
  RedisServer server;
  RemoteOptions o = server.options();
  o.command_timeout = 200ms;
  o.reconnect_max = 50ms;
  RemoteClient redis(o);
  CHECK(redis.ping().get() == "PONG");
  server.process.pause();
  const auto start = std::chrono::steady_clock::now();
  CHECK(thrown_kind(redis.ping()) == Error::Kind::timeout);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= 190ms);
  CHECK(took < 2s);
  server.process.resume();
  // The stuck connection was closed; a new one serves.
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      if (redis.ping().get() == "PONG") break;
    } catch (const Error&) {
    }
  }
  CHECK(redis.ping().get() == "PONG");
}

TEST_CASE("RemoteClient: no server at all") {
  RemoteOptions o;
  o.port = parity::free_port();
  o.command_timeout = 150ms;
  o.reconnect_max = 20ms;
  {
    RemoteClient redis(o);
    const auto start = std::chrono::steady_clock::now();
    CHECK(thrown_kind(redis.ping()) == Error::Kind::timeout);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
  }
  o.fail_fast_when_disconnected = true;
  RemoteClient redis(o);
  // Fails with the first connect: nothing waits for a second.
  CHECK(thrown_kind(redis.ping()) == Error::Kind::io);
  CHECK(thrown_kind(redis.ping()) == Error::Kind::io);
}

TEST_CASE("RemoteClient: shutdown completes every pending future") {
  RedisServer server;
  std::optional<RemoteClient> redis(std::in_place, server.options());
  redis->set("k", "v").get();
  auto blocked = redis->blpop({"never"}, 0s);
  std::vector<not_redis::Future<long long>> sent;
  for (int i = 0; i < 1000; ++i) sent.push_back(redis->incr("n"));
  redis.reset();
  CHECK(thrown_kind(std::move(blocked)) == Error::Kind::shutdown);
  // What was posted before the shutdown was sent and answered.
  for (int i = 0; i < 1000; ++i) CHECK(sent[i].get() == i + 1);
}

TEST_CASE("RemoteClient attached to the application's loop") {
  RedisServer server;
  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    RemoteClient redis(&loop, server.options());
    CHECK(redis.on_loop_thread());
    std::optional<std::string> seen;
    redis.set("k", "attached").then([&](auto f) {
      f.get();
      return redis.get("k").then([&](auto g) { seen = g.get(); });
    });
    // A blocking get() here would deadlock: it throws instead.
    auto pending = redis.ping();
    CHECK_THROWS_AS(pending.get(), Error);
    // Run the loop until the chain is done; a timer keeps it alive meanwhile.
    uv_timer_t guard;
    uv_timer_init(&loop, &guard);
    uv_timer_start(&guard, [](uv_timer_t*) {}, 10, 10);
    while (!seen) uv_run(&loop, UV_RUN_ONCE);
    uv_close(reinterpret_cast<uv_handle_t*>(&guard), nullptr);
    CHECK(seen == "attached");
    // A call from another thread is served by the same loop.
    std::atomic<bool> done{false};
    std::thread other([&] {
      auto f = redis.incr("from-thread");
      while (!f.ready()) std::this_thread::yield();
      done = true;
    });
    while (!done) uv_run(&loop, UV_RUN_NOWAIT);
    other.join();
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(uv_loop_close(&loop) == 0);
}

namespace {
template <class Store>
long long record_visit(Store& store, std::string_view page) {
  store.zincrby("pages", 1, page);
  return store.incr(fmt::format("visits:{}", page)).get();
}
} // namespace

TEST_CASE("README: against a real Redis server: RemoteClient") {
  RedisServer server({"--requirepass", "s3cret"});
  not_redis::RemoteClient redis(fmt::format("redis://:s3cret@127.0.0.1:{}", server.process.port()));
  redis.set("greeting", "hello", 10s).get();
  std::optional<std::string> v = redis.get("greeting").get();
  CHECK(v == "hello");
  for (int i = 0; i < 1000; ++i) redis.set(fmt::format("key:{}", i), i);
  not_redis::Pipeline batch;
  for (int i = 0; i < 1000; ++i) batch.get(fmt::format("key:{}", i));
  not_redis::Replies replies = redis.execute(std::move(batch)).get();
  REQUIRE(replies.size() == 1000);
  CHECK(replies.get<std::string>(999) == "999");

  not_redis::Client embedded;
  CHECK(record_visit(embedded, "/") == 1);
  CHECK(record_visit(redis, "/") == 1);
  CHECK(record_visit(redis, "/") == 2);
  CHECK(redis.zscore("pages", "/").get() == 2.0);
  CHECK(embedded.zscore("pages", "/").get() == 1.0);
}

TEST_CASE("Subscriber on a RemoteClient: channels, patterns, shard channels, and resubscription after a restart") {
  RedisServer server;
  RemoteOptions o = server.options();
  o.reconnect_max = 50ms;
  RemoteClient redis(o);
  not_redis::Subscriber events(redis);
  events.subscribe("news", "sport").get();
  events.psubscribe("orders.*").get();
  events.ssubscribe("shard").get();
  CHECK(redis.publish("news", "a").get() == 1);
  CHECK(redis.publish("orders.new", "b").get() == 1);
  CHECK(redis.command<long long>("SPUBLISH", "shard", "c").get() == 1);
  std::string binary("\0\r\n\xff", 4);
  CHECK(redis.publish("sport", binary).get() == 1);
  using Kind = not_redis::Message::Kind;
  CHECK(events.next().get() == not_redis::Message{Kind::channel, "news", "a", ""});
  CHECK(events.next().get() == not_redis::Message{Kind::pattern, "orders.new", "b", "orders.*"});
  CHECK(events.next().get() == not_redis::Message{Kind::shard, "shard", "c", ""});
  CHECK(events.wait_for(5s) == not_redis::Message{Kind::channel, "sport", binary, ""});
  events.unsubscribe("news").get();
  CHECK(redis.publish("news", "gone").get() == 0);
  CHECK(redis.pubsub_numsub({"sport"}).get() == std::vector<std::pair<std::string, long long>>{{"sport", 1}});
  events.unsubscribe().get();  // from everything left
  CHECK(redis.publish("sport", "gone").get() == 0);
  CHECK(redis.publish("orders.x", "still").get() == 1);
  CHECK(events.next().get().payload == "still");

  // A callback subscriber, across a crash and restart of the server.
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::string> seen;
  not_redis::Subscriber callback(redis, [&](not_redis::Message&& m) {
    std::lock_guard lock(mutex);
    seen.push_back(m.payload);
    arrived.notify_all();
  });
  callback.subscribe("jobs").get();
  CHECK(redis.publish("jobs", "1").get() == 1);
  const int port = server.process.port();
  server.process.crash();
  server.process.start(redis_server_program(), "redis", {}, port);
  // Until the subscriber has subscribed again on the new server (each poll a
  // round trip; calls wait for the reconnection on their own).
  for (int attempt = 0;; ++attempt) {
    REQUIRE(attempt < 1'000'000);
    try {
      const auto counts = redis.pubsub_numsub({"jobs"}).get();
      if (counts.size() == 1 && counts[0].second == 1) break;
    } catch (const Error&) {
      // the crash caught this poll on the wire: the next one waits for the reconnection
    }
  }
  CHECK(redis.publish("jobs", "2").get() == 1);
  std::unique_lock lock(mutex);
  CHECK(arrived.wait_for(lock, 10s, [&] { return seen.size() == 2; }));
  CHECK(seen == std::vector<std::string>{"1", "2"});
}
