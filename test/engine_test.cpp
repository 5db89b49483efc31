// The engine: hosting modes, the cross-thread queue, futures, the deadlock
// guard, and shutdown.

#include <atomic>
#include <coroutine>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Error;

TEST_CASE("own-thread store answers from the calling thread") {
  not_redis::Client client;
  client.command("SET", "k", "v").get();
  CHECK(client.get("k").get() == std::optional<std::string>("v"));
  CHECK(client.command("PING").get() == simple("PONG"));
  CHECK_FALSE(client.on_loop_thread());
}

TEST_CASE("commands issued on the loop thread of an attached store run at once") {
  Store store;
  CHECK(store->on_loop_thread());
  auto f = store->command("SET", "k", "v");
  CHECK(f.ready());
  CHECK(f.get() == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}

TEST_CASE("an attached store's handles do not keep the application's loop alive") {
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  {
    not_redis::Client store(&loop);
    store.set("k", "v");
    // A blocked caller's timeout is pending, and still the loop has nothing of its own to run.
    auto popped = store.blpop({"jobs"}, std::chrono::seconds(60));
    CHECK(uv_run(&loop, UV_RUN_DEFAULT) == 0);
    CHECK_FALSE(popped.ready());
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("run_for() moves a ManualClock through every timer due on the way, each at its own time") {
  Store store;
  store.run({"SET", "short", "v", "PX", "150"});
  store.run({"SET", "long", "v", "PX", "2500"});
  // Served by nothing: the timeout answers it 1 ms past its 1 s deadline.
  auto popped = store->blpop({"jobs"}, std::chrono::seconds(1));
  const auto start = store.clock.now();
  const auto expired_at = [&] { return std::stoll(info_field(store, "stats", "expired_keys")); };
  store->run_for(std::chrono::milliseconds(999));
  CHECK_FALSE(popped.ready());
  // The active cycle ran at its hz ticks (100 ms apart) without any lookup:
  // the short key was reclaimed, the long one not yet.
  CHECK(expired_at() == 1);
  CHECK(store->dbsize().get() == 1);
  store->run_for(std::chrono::milliseconds(2));
  REQUIRE(popped.ready());
  CHECK(popped.get() == std::nullopt);
  store->run_until(std::chrono::system_clock::time_point(start + std::chrono::seconds(3)));
  CHECK(store.clock.now() == start + std::chrono::seconds(3));
  CHECK(expired_at() == 2);
  CHECK(store->dbsize().get() == 0);
  // A time point already past changes nothing.
  store->run_until(std::chrono::system_clock::time_point(start));
  CHECK(store.clock.now() == start + std::chrono::seconds(3));
  // Another thread, or a store on the system clock, cannot.
  not_redis::Client own_thread;
  CHECK_THROWS_AS(own_thread.run_for(std::chrono::seconds(1)), Error);
}

TEST_CASE("8 threads x 10,000 INCR on one key give exactly 80,000") {
  not_redis::Client client;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      std::vector<not_redis::Future<long long>> pending;
      pending.reserve(1000);
      for (int i = 0; i < 10'000; ++i) {
        pending.push_back(client.command<long long>("INCR", "counter"));
        if (pending.size() == 1000) {
          for (auto& f : pending) f.get();
          pending.clear();
        }
      }
      for (auto& f : pending) f.get();
    });
  for (auto& t : threads) t.join();
  CHECK(client.command<long long>("GET", "counter").get() == 80'000);
}

TEST_CASE("commands posted by one thread run in the order posted") {
  not_redis::Client client;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5'000;
  std::vector<std::thread> threads;
  std::atomic<int> out_of_order{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string key = fmt::format("seq:{}", t);
      // Post everything first, read later: the replies of INCR number the
      // executions, so they must come back 1, 2, 3, ... in posting order.
      std::vector<not_redis::Future<long long>> replies;
      replies.reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) replies.push_back(client.command<long long>("INCR", key));
      for (int i = 0; i < kPerThread; ++i)
        if (replies[static_cast<std::size_t>(i)].get() != i + 1) ++out_of_order;
    });
  for (auto& t : threads) t.join();
  CHECK(out_of_order.load() == 0);
}

TEST_CASE("an acknowledged write is visible to every later command from any thread") {
  not_redis::Client client;
  for (int i = 0; i < 200; ++i) {
    const std::string value = std::to_string(i);
    std::thread([&] { client.command("SET", "shared", value).get(); }).join();
    std::optional<std::string> seen;
    std::thread([&] { seen = client.get("shared").get(); }).join();
    REQUIRE(seen == value);
  }
}

TEST_CASE("a blocking get() on the loop thread fails at once instead of deadlocking") {
  Store store;
  not_redis::Future<Value> pending;
  std::thread([&] { pending = store->command("SET", "k", "v"); }).join();
  CHECK_FALSE(pending.ready());
  try {
    pending.get();
    FAIL("get() on the loop thread returned");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::usage);
    CHECK(std::string(e.what()).find("deadlock") != std::string::npos);
  }
  // The future is still usable once the loop has run.
  CHECK_THROWS_AS(pending.wait_for(1ms), Error);
  store->run_until_idle();
  CHECK(pending.ready());
  CHECK(pending.get() == ok());
}

TEST_CASE("then() runs on the loop thread when the reply arrives") {
  Store store;
  not_redis::Future<std::optional<std::string>> pending;
  store.run({"SET", "k", "v"});
  std::thread([&] { pending = store->get("k"); }).join();
  std::optional<std::string> seen;
  std::thread::id ran_on;
  std::move(pending).then([&](not_redis::Future<std::optional<std::string>> done) {
    ran_on = std::this_thread::get_id();
    seen = done.get();
  });
  CHECK_FALSE(seen.has_value());
  store->run_until_idle();
  CHECK(seen == std::optional<std::string>("v"));
  CHECK(ran_on == std::this_thread::get_id());
}

TEST_CASE("then() on a ready future runs at once, and a throwing callback does not escape") {
  Store store;
  int calls = 0;
  store->command("SET", "k", "v").then([&](auto done) {
    ++calls;
    done.get();
    throw std::runtime_error("ignored");
  });
  CHECK(calls == 1);
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}

namespace {

Task read_twice(not_redis::Client& client, std::vector<std::string>& out, std::thread::id& resumed_on) {
  auto first = co_await client.get("a");
  out.push_back(first.value_or("(nil)"));
  resumed_on = std::this_thread::get_id();
  auto n = co_await client.command<long long>("INCR", "n");
  out.push_back(std::to_string(n));
}
// A coroutine's parameters live in its frame; a lambda's captures would not.
Task read_once(not_redis::Client& client, std::vector<std::string>& out, std::thread::id& resumed_on,
               std::atomic<bool>& done) {
  auto v = co_await client.get("a");
  out.push_back(v.value_or("(nil)"));
  resumed_on = std::this_thread::get_id();
  done = true;
}
} // namespace

TEST_CASE("co_await a future; the coroutine resumes on the loop thread") {
  SUBCASE("attached store: replies are ready, no suspension") {
    Store store;
    store.run({"SET", "a", "x"});
    std::vector<std::string> out;
    std::thread::id resumed_on;
    read_twice(store.client(), out, resumed_on);
    CHECK(out == std::vector<std::string>{"x", "1"});
    CHECK(resumed_on == std::this_thread::get_id());
  }
  SUBCASE("own-thread store: resumes on the loop thread") {
    not_redis::Client client;
    client.command("SET", "a", "y").get();
    std::vector<std::string> out;
    std::thread::id resumed_on;
    std::atomic<bool> done{false};
    read_once(client, out, resumed_on, done);
    // Wait through the store: a command posted after the coroutine resumed
    // completes after it (same loop thread, posting order).
    while (!done) client.command("PING").get();
    CHECK(out == std::vector<std::string>{"y"});
    CHECK(resumed_on != std::this_thread::get_id());
  }
}

TEST_CASE("destroying an attached store completes futures posted from other threads") {
  auto store = std::make_unique<Store>();
  not_redis::Future<Value> pending;
  std::thread([&] { pending = store->client().command("SET", "k", "v"); }).join();
  store.reset();  // destroys the client on the loop thread
  CHECK(pending.ready());
  CHECK(pending.get() == ok());
}

TEST_CASE("calls after shutdown fail with a shutdown error") {
  not_redis::Client client;
  client.command("SET", "k", "v").get();
  client.shutdown();
  client.shutdown();  // idempotent
  try {
    client.get("k").get();
    FAIL("a call after shutdown succeeded");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::shutdown);
  }
}

TEST_CASE("shutdown while 8 threads post thousands of commands: every future completes") {
  auto client = std::make_unique<not_redis::Client>();
  std::atomic<int> replied{0}, refused{0}, other{0};
  std::atomic<int> posted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      std::vector<not_redis::Future<long long>> futures;
      for (int i = 0; i < 5'000; ++i) {
        futures.push_back(client->command<long long>("INCR", fmt::format("k{}", t)));
        ++posted;
      }
      for (auto& f : futures) {
        try {
          f.get();
          ++replied;
        } catch (const Error& e) {
          (e.kind() == Error::Kind::shutdown ? refused : other)++;
        }
      }
    });
  while (posted < 8'000) std::this_thread::yield();
  client->shutdown();
  for (auto& t : threads) t.join();
  client.reset();
  CHECK(replied + refused == 40'000);
  CHECK(other == 0);
  CHECK(replied >= 1);
}

TEST_CASE("several independent stores live in one process") {
  not_redis::Client a;
  Store b;
  not_redis::Client c({.hz = 50});
  a.command("SET", "k", "a").get();
  b.run({"SET", "k", "b"});
  c.command("SET", "k", "c").get();
  CHECK(a.get("k").get() == std::optional<std::string>("a"));
  CHECK(b.run({"GET", "k"}) == bulk("b"));
  CHECK(c.get("k").get() == std::optional<std::string>("c"));
}

TEST_CASE("futures: validity, wait_for, single read") {
  not_redis::Future<Value> none;
  CHECK_FALSE(none.valid());
  CHECK_THROWS_AS(none.get(), Error);
  not_redis::Client client({.caller_spin = 0us});
  auto f = client.command("PING");
  CHECK(f.wait_for(5s));
  CHECK(f.get() == simple("PONG"));
  CHECK_FALSE(f.valid());
}

TEST_CASE("an empty command is a usage error; an unknown one an error reply") {
  Store store;
  CHECK_THROWS_AS(store->execute(not_redis::Argv{}), Error);
  CHECK(store.run({"NOPE", "a"}) == err("ERR unknown command 'NOPE', with args beginning with: 'a' "));
  try {
    store->command<long long>("NOPE").get();
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::reply);
    CHECK(std::string(e.what()) == "ERR unknown command 'NOPE', with args beginning with: ");
  }
}

TEST_CASE("the loop can be spun or not; both answer") {
  for (auto spin : {0us, 50us}) {
    not_redis::Client client({.loop_spin = spin, .caller_spin = spin});
    for (int i = 0; i < 100; ++i) REQUIRE(client.command("PING").get() == simple("PONG"));
  }
}

TEST_CASE("an attached store refuses calls on its loop thread once shut down, before its loop runs again") {
  // The store's handles do not keep an application's loop alive, so close_down
  // may not run until much later; the door must be closed at once anyway.
  test::Store store;
  store->shutdown();
  CHECK_THROWS_AS(store->command("PING").get(), Error);
  store->run_until_idle();
  try {
    store->command("PING").get();
    FAIL("a call after shutdown succeeded");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::shutdown);
  }
}
