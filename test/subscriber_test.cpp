// In-process subscribers (not_redis::Subscriber): pull and callback delivery
// in the deterministic mode, the overflow rule, cleanup, keyspace
// notifications, and the threaded modes: 8 threads, shutdown while waiting.

#include "harness.hpp"

#include <atomic>
#include <future>
#include <latch>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <not_redis/subscriber.hpp>

namespace {

using not_redis::Error;
using not_redis::Message;
using not_redis::Subscriber;
using not_redis::SubscriberOptions;
using Kind = Message::Kind;
using namespace std::chrono_literals;
using test::array;
using test::bulk;
using not_redis::Value;
using test::integer;

Message channel_message(std::string channel, std::string payload) {
  return {.kind = Kind::channel, .channel = std::move(channel), .payload = std::move(payload), .pattern = {}};
}
Message pattern_message(std::string pattern, std::string channel, std::string payload) {
  return {.kind = Kind::pattern, .channel = std::move(channel), .payload = std::move(payload), .pattern = std::move(pattern)};
}

/// Everything queued, in order.
std::vector<Message> drain(Subscriber& sub) {
  std::vector<Message> out;
  while (auto m = sub.try_next()) out.push_back(std::move(*m));
  return out;
}

std::string payloads(const std::vector<Message>& messages) {
  std::string out;
  for (const Message& m : messages) out += m.payload + " ";
  return out;
}

} // namespace

namespace doctest {
template <>
struct StringMaker<Message> {
  static String convert(const Message& m) {
    return fmt::format("{{kind {}, channel '{}', payload '{}', pattern '{}'}}", static_cast<int>(m.kind), m.channel,
                       m.payload, m.pattern)
        .c_str();
  }
};
} // namespace doctest

TEST_CASE("a pulled subscriber gets channel, pattern and shard messages in publish order") {
  test::Store store;
  Subscriber sub(store.client());
  // On the loop thread, subscribing runs at once.
  auto subscribed = sub.subscribe("news", "sport");
  REQUIRE(subscribed.ready());
  subscribed.get();
  sub.psubscribe("n*").get();
  sub.ssubscribe("shard").get();
  CHECK(store.run({"PUBSUB", "NUMSUB", "news", "sport", "other"}) ==
        array({bulk("news"), integer(1), bulk("sport"), integer(1), bulk("other"), integer(0)}));
  CHECK(store.run({"PUBSUB", "NUMPAT"}) == integer(1));
  CHECK(store.run({"PUBSUB", "SHARDNUMSUB", "shard"}) == array({bulk("shard"), integer(1)}));

  // A channel and a matching pattern: both messages, the channel's first, as Redis.
  CHECK(store.run({"PUBLISH", "news", "one"}) == integer(2));
  CHECK(store.run({"PUBLISH", "sport", "two"}) == integer(1));
  CHECK(store.run({"PUBLISH", "nothing", "three"}) == integer(1));
  CHECK(store.run({"PUBLISH", "shard", "four"}) == integer(0));  // PUBLISH does not reach shard channels
  CHECK(store.run({"SPUBLISH", "shard", "five"}) == integer(1));
  CHECK(sub.queued() == 5);
  const std::vector<Message> expected{
      channel_message("news", "one"), pattern_message("n*", "news", "one"), channel_message("sport", "two"),
      pattern_message("n*", "nothing", "three"),
      {.kind = Kind::shard, .channel = "shard", .payload = "five", .pattern = {}}};
  CHECK(drain(sub) == expected);
  CHECK(sub.dropped() == 0);
}

TEST_CASE("next(): ready at once from the queue, else completed within run_until_idle()") {
  test::Store store;
  Subscriber sub(store.client());
  sub.subscribe("c").get();
  store.run({"PUBLISH", "c", "queued"});
  auto first = sub.next();
  REQUIRE(first.ready());
  CHECK(first.get() == channel_message("c", "queued"));

  auto a = sub.next();
  auto b = sub.next();
  CHECK_FALSE(a.ready());
  // On the loop thread a pending future refuses to block, as a command's does.
  CHECK(test::error_kind([&] { a.wait(); }) == Error::Kind::usage);
  store.run({"PUBLISH", "c", "1"});
  store.run({"PUBLISH", "c", "2"});
  store.run({"PUBLISH", "c", "3"});
  // Handed out after the command, not inside PUBLISH: in the deterministic
  // mode, when the test runs the loop.
  CHECK_FALSE(a.ready());
  store->run_until_idle();
  REQUIRE(a.ready());
  REQUIRE(b.ready());
  CHECK(a.get().payload == "1");  // in call order
  CHECK(b.get().payload == "2");
  CHECK(sub.try_next()->payload == "3");
  CHECK_FALSE(sub.try_next());
  // A zero wait is a poll, allowed on the loop thread; a real wait is not.
  CHECK_FALSE(sub.wait_for(0s));
  CHECK(test::error_kind([&] { sub.wait_for(1ms); }) == Error::Kind::usage);
}

TEST_CASE("a callback subscriber receives on the loop thread, after the publishing command, and may call the store") {
  test::Store store;
  std::vector<Message> got;
  std::vector<Message>* sink = &got;
  Subscriber sub(store.client(), [&](Message&& m) {
    sink->push_back(m);
    // Calling the store from the callback is safe: it runs outside PUBLISH.
    if (m.payload == "ping") store->execute({"PUBLISH", "replies", "pong"});
    if (m.payload == "throw") throw std::runtime_error("the subscriber carries on");
  });
  sub.subscribe("requests", "replies").get();
  CHECK(test::error_kind([&] { sub.next(); }) == Error::Kind::usage);
  CHECK(test::error_kind([&] { sub.try_next(); }) == Error::Kind::usage);

  CHECK(store.run({"PUBLISH", "requests", "ping"}) == integer(1));
  CHECK(got.empty());
  store->run_until_idle();
  REQUIRE(got.size() == 2);
  CHECK(got[0] == channel_message("requests", "ping"));
  CHECK(got[1] == channel_message("replies", "pong"));
  store.run({"PUBLISH", "requests", "throw"});
  store.run({"PUBLISH", "requests", "after"});
  store->run_until_idle();
  CHECK(payloads(got) == "ping pong throw after ");
}

TEST_CASE("unsubscribing, and destroying the subscriber, remove its subscriptions; pending next() fails") {
  test::Store store;
  std::optional<Subscriber> sub(std::in_place, store.client());
  sub->subscribe({"a", "b"}).get();
  sub->psubscribe("p*").get();
  sub->unsubscribe("a").get();
  CHECK(store.run({"PUBLISH", "a", "x"}) == integer(0));
  CHECK(store.run({"PUBLISH", "b", "x"}) == integer(1));
  sub->unsubscribe().get();  // every channel; the pattern stays
  CHECK(store.run({"PUBLISH", "b", "x"}) == integer(0));
  CHECK(store.run({"PUBLISH", "pq", "x"}) == integer(1));
  sub->subscribe("c").get();
  auto pending = [&] {
    drain(*sub);
    return sub->next();
  }();
  CHECK_FALSE(pending.ready());
  sub.reset();
  CHECK(store.run({"PUBSUB", "NUMSUB", "c"}) == array({bulk("c"), integer(0)}));
  CHECK(store.run({"PUBSUB", "NUMPAT"}) == integer(0));
  CHECK(store.run({"PUBLISH", "pq", "x"}) == integer(0));
  REQUIRE(pending.ready());
  CHECK(test::error_kind([&] { pending.get(); }) == Error::Kind::shutdown);
}

TEST_CASE("a subscriber's errors are Redis's: SUBSCRIBE needs a channel") {
  test::Store store;
  Subscriber sub(store.client());
  try {
    sub.subscribe().get();
    FAIL("SUBSCRIBE without a channel was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::reply);
    CHECK(std::string(e.what()) == "ERR wrong number of arguments for 'subscribe' command");
  }
  CHECK(test::error_kind([&] { Subscriber(store.client(), SubscriberOptions{.max_queued = 0}); }) ==
        Error::Kind::usage);
  // The shared in-process session has nowhere to deliver to.
  CHECK(store.run({"SUBSCRIBE", "x"}).is_error());
}

TEST_CASE("the queue is bounded: drop_oldest keeps the latest, drop_newest the first, both count what they drop") {
  test::Store store;
  Subscriber oldest(store.client(), SubscriberOptions{.max_queued = 3, .overflow = SubscriberOptions::Overflow::drop_oldest});
  Subscriber newest(store.client(), SubscriberOptions{.max_queued = 3, .overflow = SubscriberOptions::Overflow::drop_newest});
  oldest.subscribe("c").get();
  newest.subscribe("c").get();
  for (int i = 1; i <= 5; ++i) store.run({"PUBLISH", "c", std::to_string(i)});
  CHECK(oldest.queued() == 3);
  CHECK(oldest.dropped() == 2);
  CHECK(newest.dropped() == 2);
  CHECK(payloads(drain(oldest)) == "3 4 5 ");
  CHECK(payloads(drain(newest)) == "1 2 3 ");
  // Room again once read.
  store.run({"PUBLISH", "c", "6"});
  CHECK(payloads(drain(oldest)) == "6 ");
  CHECK(oldest.dropped() == 2);
}

TEST_CASE("keys, values and channels are binary-safe for in-process subscribers") {
  test::Store store;
  Subscriber sub(store.client());
  const std::string channel("ch\0\xff\r\n", 6);
  const std::string payload("\0\x01\x80 bytes", 9);
  sub.subscribe(channel).get();
  sub.psubscribe(std::string("ch\0*", 4)).get();
  store->execute({"PUBLISH", channel, payload}).get();
  const std::vector<Message> got = drain(sub);
  REQUIRE(got.size() == 2);
  CHECK(got[0] == channel_message(channel, payload));
  CHECK(got[1] == pattern_message(std::string("ch\0*", 4), channel, payload));
}

TEST_CASE("keyspace notifications reach an in-process subscriber, expired events on the store's clock") {
  test::Store store;
  Subscriber sub(store.client());
  sub.psubscribe("__key*__:*").get();
  CHECK(store.run({"CONFIG", "SET", "notify-keyspace-events", "KEA"}) == test::ok());
  store.run({"SET", "k", "v", "PX", "100"});
  store.run({"LPUSH", "l", "a"});
  store.advance(200ms);  // the active cycle expires k
  const std::vector<Message> got = drain(sub);
  std::vector<std::string> seen;
  for (const Message& m : got) seen.push_back(m.channel + "=" + m.payload);
  CHECK(seen == std::vector<std::string>{"__keyspace@0__:k=set", "__keyevent@0__:set=k",
                                         "__keyspace@0__:k=expire", "__keyevent@0__:expire=k",
                                         "__keyspace@0__:l=lpush", "__keyevent@0__:lpush=l",
                                         "__keyspace@0__:k=expired", "__keyevent@0__:expired=k"});
  for (const Message& m : got) CHECK(m.pattern == "__key*__:*");
}

TEST_CASE("Options::notify_keyspace_events sets the classes from the start; a bad class string is refused") {
  test::Store store(42, not_redis::Options{.notify_keyspace_events = "Eg"});
  CHECK(store.run({"CONFIG", "GET", "notify-keyspace-events"}) == Value::map({bulk("notify-keyspace-events"), bulk("gE")}));
  Subscriber sub(store.client());
  sub.psubscribe("*").get();
  store.run({"SET", "k", "v"});  // a string event: class $, not enabled
  store.run({"DEL", "k"});       // generic: enabled, keyevent only
  const std::vector<Message> got = drain(sub);
  REQUIRE(got.size() == 1);
  CHECK(got[0].channel == "__keyevent@0__:del");
  CHECK(got[0].payload == "k");
  CHECK(test::error_kind([] { not_redis::Client bad(not_redis::Options{.notify_keyspace_events = "Kq"}); }) ==
        Error::Kind::usage);
}

TEST_CASE("own loop thread: 8 publishing threads, 8 pulling threads, and callback subscribers, nothing lost") {
  not_redis::Client store;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  Subscriber pulled(store, SubscriberOptions{.max_queued = kThreads * kPerThread});
  pulled.subscribe("work").get();
  std::atomic<int> by_callback{0};
  std::mutex order_mutex;
  std::map<int, int> last_seen;  // publisher -> last sequence number the callback saw
  bool in_order = true;
  Subscriber called(store, [&](Message&& m) {
    by_callback.fetch_add(1);
    const auto space = m.payload.find(' ');
    const int publisher = std::stoi(m.payload.substr(0, space));
    const int seq = std::stoi(m.payload.substr(space + 1));
    std::lock_guard lock(order_mutex);
    auto [it, fresh] = last_seen.emplace(publisher, seq);
    if (!fresh) {
      in_order &= seq == it->second + 1;
      it->second = seq;
    }
  });
  called.subscribe("work").get();

  std::mutex taken_mutex;
  std::set<std::string> taken;
  std::atomic<int> pulled_count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) store.execute({"PUBLISH", "work", fmt::format("{} {}", t, i)});
      store.execute({"PING"}).get();  // every PUBLISH of this thread has run
    });
    threads.emplace_back([&] {
      while (pulled_count.load() < kThreads * kPerThread) {
        if (auto m = pulled.wait_for(20ms)) {
          pulled_count.fetch_add(1);
          std::lock_guard lock(taken_mutex);
          CHECK(taken.insert(m->payload).second);  // each message to one puller
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(pulled_count.load() == kThreads * kPerThread);
  CHECK(taken.size() == static_cast<std::size_t>(kThreads * kPerThread));
  CHECK(pulled.dropped() == 0);
  // The callback's last messages were handed out in the loop turn of their PUBLISH.
  store.execute({"PING"}).get();
  CHECK(by_callback.load() == kThreads * kPerThread);
  CHECK(in_order);
}

TEST_CASE("8 threads each with a subscriber of its own, each receiving every message in order via next()") {
  not_redis::Client store;
  constexpr int kThreads = 8;
  constexpr int kMessages = 300;
  std::latch subscribed(kThreads);
  std::atomic<int> complete{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Subscriber sub(store);
      sub.psubscribe("feed.*").get();
      subscribed.count_down();
      bool ok = true;
      for (int i = 0; i < kMessages; ++i) ok &= sub.next().get().payload == std::to_string(i);
      if (ok) complete.fetch_add(1);
    });
  }
  subscribed.wait();
  for (int i = 0; i < kMessages; ++i) store.execute({"PUBLISH", "feed.x", std::to_string(i)});
  for (auto& t : threads) t.join();
  CHECK(complete.load() == kThreads);
  CHECK(store.execute({"PUBSUB", "NUMPAT"}).get() == integer(0));  // each destructor unsubscribed
}

TEST_CASE("shutdown while subscribers wait: blocked pulls and pending futures complete with Error(shutdown)") {
  std::optional<not_redis::Client> store(std::in_place);
  Subscriber sub(*store);
  sub.subscribe("c").get();
  store->execute({"PUBLISH", "c", "before"}).get();
  auto pending_after_queue = [&] {
    auto f = sub.next();  // takes "before"
    REQUIRE(f.ready());
    CHECK(f.get().payload == "before");
    return sub.next();
  }();
  std::atomic<bool> started{false};
  std::optional<Error::Kind> waited;
  std::thread waiter([&] {
    started = true;
    try {
      sub.wait_for(30s);
    } catch (const Error& e) {
      waited = e.kind();
    }
  });
  while (!started) std::this_thread::yield();
  store->shutdown();
  waiter.join();
  CHECK(waited == Error::Kind::shutdown);
  CHECK(pending_after_queue.wait_for(10s));
  CHECK(test::error_kind([&] { pending_after_queue.get(); }) == Error::Kind::shutdown);
  CHECK(test::error_kind([&] { sub.try_next(); }) == Error::Kind::shutdown);
  CHECK(test::error_kind([&] { sub.subscribe("d").get(); }) == Error::Kind::shutdown);
  // The subscriber outlives its store.
  store.reset();
  CHECK(test::error_kind([&] { sub.next().get(); }) == Error::Kind::shutdown);
}

TEST_CASE("messages published just before a shutdown can still be taken") {
  not_redis::Client store;
  Subscriber sub(store);
  sub.subscribe("c").get();
  store.execute({"PUBLISH", "c", "1"});
  store.execute({"PUBLISH", "c", "2"});
  store.shutdown();
  store.execute({"PING"}).wait();  // refused: the queue is closed; the loop finishes on its own
  std::vector<std::string> got;
  try {
    while (auto m = sub.wait_for(10s)) got.push_back(m->payload);
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::shutdown);
  }
  CHECK(got == std::vector<std::string>{"1", "2"});
}

TEST_CASE("attached to an application's loop on its own thread: subscribers from other threads") {
  test::LoopThread app;
  std::optional<not_redis::Client> store;
  std::promise<void> made;
  app.executor().post([&] {
    store.emplace(app.loop());
    made.set_value();
  });
  made.get_future().get();
  {
    Subscriber sub(*store);
    std::atomic<int> called{0};
    Subscriber with_callback(*store, [&](Message&&) { called.fetch_add(1); });
    sub.subscribe("c").get();
    with_callback.subscribe("c").get();
    CHECK(store->execute({"PUBLISH", "c", "hello"}).get() == integer(2));
    auto m = sub.wait_for(10s);
    REQUIRE(m);
    CHECK(m->payload == "hello");
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (called.load() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    CHECK(called.load() == 1);
  }
  std::promise<void> gone;
  app.executor().post([&] {
    store.reset();
    gone.set_value();
  });
  gone.get_future().get();
}
