// Composing futures: then() chains, error propagation, when_all/when_any,
// executors, and the completion protocol under threads.

#include <atomic>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

#include <not_redis/uv.hpp>

#include "harness.hpp"

using not_redis::Error;
using not_redis::Future;
using not_redis::Value;
using test::Store;
using namespace std::chrono_literals;

namespace {

using Kind = Error::Kind;
using KeyElement = std::optional<std::pair<std::string, std::string>>;

/// What `future.get()` throws, as "kind: text" ("" if nothing).
template <class T>
std::string failure(Future<T>& future) {
  try {
    future.get();
  } catch (const Error& e) {
    return fmt::format("{}: {}", static_cast<int>(e.kind()), e.what());
  } catch (const std::exception& e) {
    return fmt::format("std: {}", e.what());
  }
  return "";
}
std::string failure_text(Kind kind, std::string_view what) { return fmt::format("{}: {}", static_cast<int>(kind), what); }

} // namespace

TEST_CASE("then() on an lvalue future consumes it and returns a future of the callback's result") {
  Store store;
  store.run({"SET", "k", "v"});
  auto f = store->get("k");
  auto length = f.then([](Future<std::optional<std::string>> done) { return done.get()->size(); });
  static_assert(std::is_same_v<decltype(length), Future<std::size_t>>);
  CHECK_FALSE(f.valid());
  CHECK(length.get() == 1);
  CHECK_THROWS_AS(f.then([](auto) {}), Error);  // already consumed

  // Any type: vector<T> converts from a reply only for a convertible T, and need not here.
  auto any_type = store->get("k").then([](auto) { return std::vector<std::monostate>(2); });
  CHECK(any_type.get().size() == 2);

  auto nothing = store->get("k").then([](auto) {});
  static_assert(std::is_same_v<decltype(nothing), Future<void>>);
  CHECK(nothing.ready());
  nothing.get();
}

TEST_CASE("three chained steps, from another thread than the loop's") {
  not_redis::Client store;
  std::thread::id steps_ran_on;
  // Built on a BLPOP that waits for the push below: every step runs where the reply arrives.
  auto text = store.blpop("numbers", 0s)
                  .then([](auto popped) { return std::stoll(popped.get().value().second); })
                  .then([](Future<long long> n) { return n.get() + 1; })
                  .then([&](Future<long long> n) {
                    steps_ran_on = std::this_thread::get_id();
                    return std::to_string(n.get());
                  });
  static_assert(std::is_same_v<decltype(text), Future<std::string>>);
  store.rpush("numbers", "41");
  CHECK(text.get() == "42");
  CHECK(steps_ran_on != std::this_thread::get_id());  // the loop thread
}

TEST_CASE("a callback returning a Future is flattened") {
  SUBCASE("own-thread store: the inner command is issued on the loop thread") {
    not_redis::Client store;
    store.set("k", "counter").get();
    auto n = store.get("k").then([&](auto f) { return store.incr(f.get().value()); });
    static_assert(std::is_same_v<decltype(n), Future<long long>>);
    CHECK(n.get() == 1);
    CHECK(store.get("counter").get() == "1");
  }
  SUBCASE("the inner future is still pending: the chain waits for it") {
    Store store;
    auto popped = store->set("k", "v").then([&](auto) { return store->blpop("q", 0s); });
    static_assert(std::is_same_v<decltype(popped), Future<KeyElement>>);
    CHECK_FALSE(popped.ready());
    store.run({"RPUSH", "q", "x"});
    REQUIRE(popped.ready());
    CHECK(popped.get() == KeyElement({"q", "x"}));
  }
  SUBCASE("a returned invalid future is a usage error") {
    Store store;
    auto bad = store->get("k").then([](auto) { return Future<long long>(); });
    CHECK(test::error_kind([&] { bad.get(); }) == Kind::usage);
  }
}

TEST_CASE("an exception thrown by a step completes the chain with it") {
  not_redis::Client store;
  SUBCASE("any exception, through a step that does not handle it") {
    auto r = store.get("k")
                 .then([](auto) -> int { throw std::runtime_error("boom"); })
                 .then([](Future<int> f) { return f.get() + 1; });
    CHECK(failure(r) == "std: boom");
  }
  SUBCASE("a not_redis::Error keeps its kind") {
    auto r = store.get("k").then([](auto) { throw Error(Kind::conflict, "lost the race"); });
    CHECK(failure(r) == failure_text(Kind::conflict, "lost the race"));
  }
  SUBCASE("a step that handles it ends the error") {
    auto r = store.get("k")
                 .then([](auto) -> int { throw std::runtime_error("boom"); })
                 .then([](Future<int> f) {
                   try {
                     return f.get();
                   } catch (const std::runtime_error&) {
                     return -1;
                   }
                 });
    CHECK(r.get() == -1);
  }
}

TEST_CASE("an error reply travels down the chain until a step handles it") {
  not_redis::Client store;
  store.set("s", "abc").get();
  int untouched_steps = 0;
  auto doubled = store.incr("s")
                     .then([&](Future<long long> n) {
                       ++untouched_steps;
                       return n.get() * 2;
                     })
                     .then([&](Future<long long> n) {
                       ++untouched_steps;
                       return n.get() + 1;
                     });
  CHECK(failure(doubled) == failure_text(Kind::reply, test::kNotInteger));
  CHECK(untouched_steps == 2);  // each step ran, called get(), and passed the error on

  auto handled = store.incr("s").then([](Future<long long> n) {
    try {
      return n.get();
    } catch (const Error& e) {
      return e.kind() == Kind::reply ? -1LL : -2LL;
    }
  });
  CHECK(handled.get() == -1);

  // A Future<Value> sees an error reply as a Value, as get() always did.
  auto raw = store.command("INCR", "s").then([](Future<Value> v) { return v.get(); });
  CHECK(raw.get() == test::err(test::kNotInteger));
}

TEST_CASE("when_all of a tuple of futures") {
  not_redis::Client store;
  store.set("k", "v").get();
  auto first = store.incr("a");
  auto all = not_redis::when_all(first, store.get("k"), store.set("x", "1"), store.post([] {}));
  static_assert(std::is_same_v<decltype(all),
                               Future<std::tuple<long long, std::optional<std::string>, bool, std::monostate>>>);
  CHECK_FALSE(first.valid());
  auto [n, v, set, done] = all.get();
  CHECK(n == 1);
  CHECK(v == "v");
  CHECK(set);
  (void)done;

  CHECK(not_redis::when_all().get() == std::tuple<>{});
}

TEST_CASE("when_all throws the first error in argument order, not in time") {
  Store store;
  test::QueueExecutor queue;
  auto late = store->get("k").then(queue, [](auto) -> int { throw Error(Kind::conflict, "first argument"); });
  auto early = store->get("k").then([](auto) -> int { throw Error(Kind::usage, "second argument"); });
  REQUIRE(early.ready());
  auto all = not_redis::when_all(late, early);
  CHECK_FALSE(all.ready());
  queue.run_all();
  REQUIRE(all.ready());
  CHECK(failure(all) == failure_text(Kind::conflict, "first argument"));
}

TEST_CASE("when_all of a range of futures") {
  not_redis::Client store;
  std::vector<Future<long long>> replies;
  for (int i = 0; i < 1000; ++i) replies.push_back(store.incr("counter"));
  auto all = not_redis::when_all(replies);
  static_assert(std::is_same_v<decltype(all), Future<std::vector<long long>>>);
  std::vector<long long> values = all.get();
  REQUIRE(values.size() == 1000);
  for (std::size_t i = 0; i < values.size(); ++i) CHECK(values[i] == static_cast<long long>(i) + 1);

  std::vector<Future<void>> posted;
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) posted.push_back(store.post([&] { ++ran; }));
  auto done = not_redis::when_all(std::move(posted));
  static_assert(std::is_same_v<decltype(done), Future<void>>);
  done.get();
  CHECK(ran == 10);

  CHECK(not_redis::when_all(std::vector<Future<long long>>{}).get().empty());

  store.set("s", "abc").get();
  std::vector<Future<long long>> mixed;
  mixed.push_back(store.incr("ok"));
  mixed.push_back(store.incr("s"));
  mixed.push_back(store.command<long long>("NOSUCHCOMMAND"));
  auto failed = not_redis::when_all(std::move(mixed));
  CHECK(failure(failed) == failure_text(Kind::reply, test::kNotInteger));

  std::vector<Future<long long>> with_invalid(1);
  CHECK(test::error_kind([&] { not_redis::when_all(std::move(with_invalid)); }) == Kind::usage);
}

TEST_CASE("when_all from 8 threads at once, each over many futures") {
  not_redis::Client store;
  constexpr int kThreads = 8;
  constexpr int kFutures = 2000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string key = fmt::format("k{}", t);
      for (int round = 0; round < 3; ++round) {
        std::vector<Future<long long>> futures;
        for (int i = 0; i < kFutures; ++i) futures.push_back(store.incr(key));
        std::vector<long long> values = not_redis::when_all(std::move(futures)).get();
        for (int i = 0; i < kFutures; ++i)
          if (values[i] != round * kFutures + i + 1) ++wrong;
        // And a tuple over chained futures, completed on the loop thread.
        auto doubled_incr = store.incr(key).then([](Future<long long> n) { return n.get() * 2; });
        auto pair = not_redis::when_all(doubled_incr, store.get(key));
        auto [doubled, now] = pair.get();
        if (doubled != 2 * ((round + 1) * kFutures + 1) || now != std::to_string((round + 1) * kFutures + 1)) ++wrong;
        store.incrby(key, -1).get();
      }
    });
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}

TEST_CASE("when_any: the first ready future, and every future back") {
  Store store;
  std::vector<Future<KeyElement>> pops;
  pops.push_back(store->blpop("a", 0s));
  pops.push_back(store->blpop("b", 0s));
  auto any = not_redis::when_any(pops);
  static_assert(std::is_same_v<decltype(any), Future<not_redis::WhenAny<KeyElement>>>);
  CHECK_FALSE(any.ready());
  store.run({"RPUSH", "b", "x"});
  REQUIRE(any.ready());
  not_redis::WhenAny<KeyElement> first = any.get();
  CHECK(first.index == 1);
  REQUIRE(first.futures.size() == 2);
  CHECK(first.futures[1].get() == KeyElement({"b", "x"}));
  // The loser is still pending and free to chain.
  CHECK_FALSE(first.futures[0].ready());
  auto later = first.futures[0].then([](auto f) { return f.get()->second; });
  store.run({"RPUSH", "a", "y"});
  REQUIRE(later.ready());
  CHECK(later.get() == "y");

  SUBCASE("already ready futures: the first in order wins, errors are results too") {
    store.run({"SET", "s", "abc"});
    std::vector<Future<long long>> ready;
    ready.push_back(store->incr("s"));
    ready.push_back(store->incr("n"));
    auto winner = not_redis::when_any(std::move(ready)).get();
    CHECK(winner.index == 0);
    CHECK(failure(winner.futures[0]) == failure_text(Kind::reply, test::kNotInteger));
    CHECK(winner.futures[1].get() == 1);
  }
  SUBCASE("no futures is a usage error") {
    CHECK(test::error_kind([] { not_redis::when_any(std::vector<Future<long long>>{}); }) == Kind::usage);
  }
}

TEST_CASE("when_any from other threads: one winner, every future completes") {
  not_redis::Client store;
  for (int round = 0; round < 200; ++round) {
    std::vector<Future<long long>> futures;
    for (int i = 0; i < 8; ++i) futures.push_back(store.incr(fmt::format("r{}", i)));
    auto any = not_redis::when_any(std::move(futures)).get();
    REQUIRE(any.index < 8);
    CHECK(any.futures[any.index].ready());
    for (auto& f : any.futures) CHECK(f.get() == round + 1);
  }
}

TEST_CASE("executors: inline, a user executor, the store") {
  SUBCASE("inline: where the future completes") {
    not_redis::Client store;
    std::thread::id ran_on;
    auto pending = store.blpop("q", 0s).then(not_redis::inline_executor, [&](auto) { ran_on = std::this_thread::get_id(); });
    store.rpush("q", "x");
    pending.get();
    CHECK(ran_on != std::this_thread::get_id());  // the loop thread delivered the reply
    auto ready = store.post([] {});
    ready.wait();
    ready.then(not_redis::inline_executor, [&](auto) { ran_on = std::this_thread::get_id(); }).get();
    CHECK(ran_on == std::this_thread::get_id());  // ready already: at once, here
  }
  SUBCASE("a user executor runs the step, even for a ready future; later default steps follow it") {
    Store store;
    test::QueueExecutor queue;
    std::vector<std::string> order;
    auto chain = store->get("k")
                     .then(queue, [&](auto) { order.push_back("on the queue"); })
                     .then([&](auto) { order.push_back("inline after it"); });
    CHECK(queue.posted() == 1);
    CHECK(order.empty());
    CHECK_FALSE(chain.ready());
    CHECK(queue.run_all() == 1);
    CHECK(order == std::vector<std::string>{"on the queue", "inline after it"});
    CHECK(chain.ready());
  }
  SUBCASE("a temporary executor is moved into the step") {
    struct Counting {
      std::shared_ptr<int> posts = std::make_shared<int>(0);
      void post(std::function<void()> task) {
        ++*posts;
        task();
      }
    };
    Store store;
    Counting counting;
    auto posts = counting.posts;
    CHECK(store->get("k").then(Counting(counting), [](auto) { return 7; }).get() == 7);
    CHECK(*posts == 1);
  }
  SUBCASE("an executor that drops the task, or throws from post()") {
    Store store;
    test::QueueExecutor queue;
    auto dropped = store->get("k").then(queue, [](auto) { return 1; });
    queue.drop_all();
    REQUIRE(dropped.ready());
    CHECK(test::error_kind([&] { dropped.get(); }) == Kind::shutdown);

    struct Refusing {
      void post(std::function<void()>) { throw std::runtime_error("full"); }
    };
    Refusing refusing;
    auto refused = store->get("k").then(refusing, [](auto) { return 1; });
    CHECK(failure(refused) == "std: full");
  }
  SUBCASE("the store is an executor: its loop thread, even for a ready future") {
    not_redis::Client store;
    auto ready = store.post([] {});
    ready.wait();
    std::thread::id loop_thread;
    store.post([&] { loop_thread = std::this_thread::get_id(); }).get();
    std::thread::id ran_on;
    ready.then(store, [&](auto) { ran_on = std::this_thread::get_id(); }).get();
    CHECK(ran_on == loop_thread);
    CHECK(ran_on != std::this_thread::get_id());
    // post()'s future holds what the task threw.
    auto thrown = store.post([] { throw Error(Kind::conflict, "from the task"); });
    CHECK(failure(thrown) == failure_text(Kind::conflict, "from the task"));
    // The caller reads the exception while the loop thread drops the task
    // that held it (TSan found the two racing once in a CI run).
    for (int i = 0; i < 500; ++i) {
      auto again = store.post([] { throw std::runtime_error("thrown on the loop thread, read here"); });
      REQUIRE(failure(again) == "std: thrown on the loop thread, read here");
    }
  }
}

namespace {

test::Task resume_on(Future<std::optional<std::string>> f, test::QueueExecutor& queue, std::thread::id& resumed_on,
                     std::optional<std::string>& out) {
  out = co_await std::move(f).on(queue);
  resumed_on = std::this_thread::get_id();
}

test::Task resume_on_store(not_redis::Client& store, std::thread::id& resumed_on, std::atomic<bool>& done) {
  auto ready = store.post([] {});
  ready.wait();
  co_await ready.on(store);
  resumed_on = std::this_thread::get_id();
  done = true;
}

test::Task expect_shutdown_on(Future<long long> f, test::QueueExecutor& queue, std::optional<Kind>& kind) {
  try {
    co_await f.on(queue);
  } catch (const Error& e) {
    kind = e.kind();
  }
}

} // namespace

TEST_CASE("co_await future.on(executor) resumes through the executor") {
  Store store;
  store.run({"SET", "k", "v"});
  test::QueueExecutor queue;
  std::thread::id resumed_on;
  std::optional<std::string> out;
  resume_on(store->get("k"), queue, resumed_on, out);  // ready, yet it suspends
  CHECK_FALSE(out.has_value());
  CHECK(queue.run_all() == 1);
  CHECK(out == "v");
  CHECK(resumed_on == std::this_thread::get_id());

  std::optional<Kind> kind;
  expect_shutdown_on(store->incr("n"), queue, kind);
  queue.drop_all();  // the coroutine resumes here, with the error
  CHECK(kind == Kind::shutdown);

  not_redis::Client own;
  std::atomic<bool> done{false};
  resume_on_store(own, resumed_on, done);
  while (!done) own.command("PING").get();
  CHECK(resumed_on != std::this_thread::get_id());
}

TEST_CASE("UvExecutor: continuations on a second loop, in its own thread") {
  not_redis::Client store;
  store.set("k", "v").get();
  test::LoopThread app;
  not_redis::UvExecutor& executor = app.executor();
  const std::thread::id loop_thread = app.id();

  std::vector<std::thread::id> ran_on;
  auto chain = store.get("k")
                   .then(executor, [&](auto done) {
                     ran_on.push_back(std::this_thread::get_id());
                     return done.get().value();
                   })
                   .then([&](Future<std::string> s) {
                     ran_on.push_back(std::this_thread::get_id());
                     return s.get() + "!";
                   });
  CHECK(chain.get() == "v!");
  CHECK(ran_on == std::vector<std::thread::id>{loop_thread, loop_thread});

  // Many threads post at once; each step runs once, on the loop's thread.
  std::atomic<int> on_loop{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t)
    posters.emplace_back([&] {
      std::vector<Future<void>> steps;
      for (int i = 0; i < 200; ++i)
        steps.push_back(store.incr("n").then(executor, [&](auto n) {
          n.get();
          if (std::this_thread::get_id() == loop_thread) ++on_loop;
        }));
      not_redis::when_all(std::move(steps)).get();
    });
  for (auto& t : posters) t.join();
  CHECK(on_loop == 800);

  // Closing from the loop's thread lets uv_run return; later posts are refused.
  app.stop();
  auto refused = store.get("k").then(executor, [](auto) { return 1; });
  CHECK(test::error_kind([&] { refused.get(); }) == Kind::shutdown);
}

TEST_CASE("on the loop thread (deterministic store): chains and when_all never block it") {
  Store store;
  // Futures from the loop thread are ready: the chain completes at once.
  auto chained = store->incr("n").then([](Future<long long> n) { return n.get() + 10; });
  REQUIRE(chained.ready());
  CHECK(chained.get() == 11);

  // Futures from another thread wait for the loop; so do their chains.
  Future<long long> a, b;
  std::thread([&] {
    a = store->incr("n");
    b = store->incr("n");
  }).join();
  auto both = not_redis::when_all(a.then([](Future<long long> n) { return n.get() * 100; }), b);
  CHECK_FALSE(both.ready());
  CHECK(test::error_kind([&] { both.get(); }) == Kind::usage);  // would deadlock: refused, future kept
  CHECK(both.valid());
  store->run_until_idle();
  REQUIRE(both.ready());
  CHECK(both.get() == std::tuple<long long, long long>{200, 3});
}

TEST_CASE("a chain on a reply that was there at once still refuses to block the loop thread") {
  Store store;
  test::QueueExecutor later;
  // The reply is ready (run inline), the step waits for an executor that has
  // not run: get() on the loop thread must fail fast, not wait forever.
  auto step = store->incr("n").then(later, [](Future<long long> n) { return n.get(); });
  CHECK_FALSE(step.ready());
  CHECK(test::error_kind([&] { step.get(); }) == Kind::usage);
  auto joined = not_redis::when_all(std::move(step), store->incr("n"));
  CHECK(test::error_kind([&] { joined.get(); }) == Kind::usage);
  later.run_all();
  CHECK(joined.get() == std::tuple<long long, long long>{1, 2});
}

TEST_CASE("BLPOP waited for from code on the loop thread, via then()") {
  Store store;
  auto job = store->blpop("jobs", 0s).then([](auto popped) { return popped.get().value().second; });
  CHECK_FALSE(job.ready());
  CHECK(test::error_kind([&] { job.get(); }) == Kind::usage);
  store.run({"RPUSH", "jobs", "j1"});
  REQUIRE(job.ready());
  CHECK(job.get() == "j1");

  auto timed_out = store->blpop("jobs", 1s).then([](auto popped) { return popped.get().has_value(); });
  store.advance(1001ms);
  REQUIRE(timed_out.ready());
  CHECK_FALSE(timed_out.get());
}

TEST_CASE("shutdown with chained futures pending completes every one with Error(shutdown)") {
  auto store = std::make_unique<not_redis::Client>();
  auto& s = *store;
  test::QueueExecutor queue;
  std::vector<Future<std::string>> chains;
  chains.push_back(s.blpop("q", 0s).then([](auto p) { return p.get().value().second; }));
  chains.push_back(s.blpop("q", 0s).then(s, [](auto p) { return p.get().value().second; }));
  chains.push_back(s.blpop("q", 0s).then([&](auto) { return s.get("k"); }).then([](auto v) {
    return v.get().value_or("nil");
  }));
  auto all = not_redis::when_all(s.blpop("q", 0s), s.blpop("q", 0s));
  std::vector<Future<KeyElement>> racing;
  racing.push_back(s.blpop("q", 0s));
  auto any = not_redis::when_any(std::move(racing));
  auto on_queue = s.blpop("q", 0s).then(queue, [](auto p) { return p.get().has_value(); });
  s.command("PING").get();  // runs after them: every BLPOP is parked
  store.reset();

  for (auto& chain : chains) CHECK(test::error_kind([&] { chain.get(); }) == Kind::shutdown);
  CHECK(test::error_kind([&] { all.get(); }) == Kind::shutdown);
  auto winner = any.get();
  CHECK(test::error_kind([&] { winner.futures[0].get(); }) == Kind::shutdown);
  queue.run_all();
  CHECK(test::error_kind([&] { on_queue.get(); }) == Kind::shutdown);
}

namespace {

struct SetFlag final : not_redis::detail::Continuation {
  explicit SetFlag(std::atomic<int>& runs) : runs(runs) {}
  void run() noexcept override { ++runs; }
  std::atomic<int>& runs;
};

} // namespace

TEST_CASE("completion protocol: a continuation registered while a caller sleeps in wait()") {
  using not_redis::detail::CallState;
  auto* state = new CallState(not_redis::Argv{}, std::thread::id{}, 0);
  std::atomic<bool> woke{false};
  std::thread waiter([&] {
    state->wait();
    woke = true;
  });
  // Register only once the waiter sleeps: the case the protocol must handle.
  while (!state->has_sleeper()) std::this_thread::yield();
  std::atomic<int> runs{0};
  state->on_ready(std::make_unique<SetFlag>(runs));
  CHECK(runs == 0);  // not ready: registering must not run it
  CHECK_FALSE(woke);
  std::thread completer([&] { state->complete(Value::ok()); });
  completer.join();
  waiter.join();
  CHECK(woke);
  CHECK(runs == 1);
  CHECK(state->take_reply() == Value::ok());
  state->release();
  state->release();
}

TEST_CASE("completion protocol: registration racing with completion and waiters, many times") {
  using not_redis::detail::CallState;
  for (int round = 0; round < 2000; ++round) {
    auto* state = new CallState(not_redis::Argv{}, std::thread::id{}, 0);
    state->add_ref();  // the waiter's
    std::atomic<int> runs{0};
    std::thread completer([&] { state->complete(Value::integer(round)); });
    std::thread waiter([&] {
      state->wait();
      state->release();
    });
    state->on_ready(std::make_unique<SetFlag>(runs));
    completer.join();
    waiter.join();
    REQUIRE(runs == 1);
    CHECK(state->take_reply() == Value::integer(round));
    state->release();
    state->release();
  }
}
