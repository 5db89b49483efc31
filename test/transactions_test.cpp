// The in-process batch API: Pipeline, Transaction, Client::transaction()
// (WATCH with retries) and Client::atomically(), in the deterministic mode and
// from many threads against a store on its own thread.

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::AtomicView;
using not_redis::Error;
using not_redis::Pipeline;
using not_redis::Replies;
using not_redis::Transaction;

TEST_CASE("a pipeline's replies read back typed, by slot, by index and as a tuple") {
  Store store;
  Pipeline batch;
  const auto set = batch.set("k", "v");
  const auto n = batch.incr("n");
  const auto value = batch.get("k");
  batch.execute(not_redis::Argv{"NOSUCH"});
  const auto missing = batch.get("missing");
  CHECK(batch.size() == 5);
  Replies replies = store->execute(std::move(batch)).get();
  REQUIRE(replies.size() == 5);
  CHECK(replies[set]);
  CHECK(replies[n] == 1);
  CHECK(replies[value] == std::optional<std::string>("v"));
  // An error stays in its place and hides nothing after it.
  CHECK(replies[3] == err("ERR unknown command 'NOSUCH', with args beginning with: "));
  CHECK(replies[missing] == std::nullopt);
  CHECK(reply_error([&] { (void)replies.get<long long>(3); }).starts_with("ERR unknown command"));

  Pipeline two;
  two.incr("n");
  two.get("n");
  auto [incremented, text] = store->execute(std::move(two)).get().as<long long, std::string>();
  CHECK(incremented == 2);
  CHECK(text == "2");
}

TEST_CASE("a long pipeline of writes, reads and deletes that grow and shrink the keyspace answers each in order") {
  // The loop prefetches a batch's keys a window ahead of running them; writes
  // in between (rehashing the table, freeing nodes) must leave every reply
  // exactly what the command alone would give.
  Store store;
  constexpr int kKeys = 3000;
  Pipeline batch;
  batch.command("SET", "not-a-number", "x");  // an argument that is a key of no later command
  for (int i = 0; i < kKeys; ++i) {
    const std::string key = fmt::format("key:{}", i);
    batch.set(key, fmt::format("v{}", i));
    batch.get(key);
    if (i % 3 == 0) batch.del(key);
    batch.get(fmt::format("key:{}", i / 2));
  }
  batch.execute(not_redis::Argv{"PING"});  // no key at all
  const std::size_t commands = batch.size();
  Replies replies = store->execute(std::move(batch)).get();
  REQUIRE(replies.size() == commands);
  std::size_t at = 1;
  for (int i = 0; i < kKeys; ++i) {
    CHECK(replies.get<bool>(at++));
    CHECK(replies.get<std::optional<std::string>>(at++) == fmt::format("v{}", i));
    if (i % 3 == 0) CHECK(replies.get<long long>(at++) == 1);
    const int half = i / 2;
    const bool gone = half % 3 == 0 && half < i;  // deleted by its own turn, before this read
    const auto expected = gone || (half == i && i % 3 == 0) ? std::nullopt : std::optional(fmt::format("v{}", half));
    CHECK(replies.get<std::optional<std::string>>(at++) == expected);
  }
  CHECK(replies.get<std::string>(at) == "PONG");
}

TEST_CASE("a transaction runs as MULTI/EXEC: per-command errors, EXECABORT for a refused command") {
  Store store;
  Transaction tx;
  tx.set("a", "1");
  const auto wrong = tx.lpush("a", "x");
  const auto incremented = tx.incr("a");
  Replies replies = store->execute(std::move(tx)).get();
  CHECK(replies.size() == 3);
  CHECK(replies[wrong.index] == err(kWrongType));
  CHECK(replies[incremented] == 2);

  Transaction refused;
  refused.set("b", "1");
  refused.execute(not_redis::Argv{"GET"});  // wrong arity: refused while queuing
  CHECK(reply_error([&] { store->execute(std::move(refused)).get(); }) ==
        "EXECABORT Transaction discarded because of previous errors.");
  CHECK(store.run({"EXISTS", "b"}) == integer(0));  // nothing ran

  // An empty transaction is an empty EXEC.
  CHECK(store->execute(Transaction{}).get().empty());
  // Blocking commands inside answer at once, as Redis's EXEC does.
  Transaction blocking;
  blocking.blpop("nothing", 0s);
  blocking.blmove("nothing", "d", not_redis::ListEnd::left, not_redis::ListEnd::left, 0s);
  Replies answered = store->execute(std::move(blocking)).get();
  CHECK(answered[0].is_null_array());
  CHECK(answered[1] == nil());
}

TEST_CASE("the shared in-process session refuses MULTI and WATCH with a clear error") {
  Store store;
  const std::string kShared = "ERR MULTI and WATCH need a session of their own: in process, use "
                              "not_redis::Transaction or Client::transaction()";
  CHECK(store.run({"MULTI"}) == err(kShared));
  CHECK(store.run({"WATCH", "k"}) == err(kShared));
  CHECK(store.run({"EXEC"}) == err("ERR EXEC without MULTI"));
  CHECK(store.run({"DISCARD"}) == err("ERR DISCARD without MULTI"));
  CHECK(store.run({"UNWATCH"}) == ok());
  CHECK(store.run({"SET", "k", "v"}) == ok());  // not queued
}

TEST_CASE("transaction() retries when another caller changes a watched key, and gives up after max_attempts") {
  Store store;
  store.run({"SET", "balance", "100"});
  int attempts = 0;
  Replies replies = store->transaction({"balance"}, [&](Transaction& tx) {
    ++attempts;
    const long long balance = std::stoll(store->get("balance").get().value_or("0"));
    if (attempts == 1) store.run({"INCRBY", "balance", "5"});  // someone else, between WATCH and EXEC
    tx.set("balance", std::to_string(balance - 10));
  });
  CHECK(attempts == 2);
  CHECK(replies.size() == 1);
  CHECK(store.run({"GET", "balance"}) == bulk("95"));

  attempts = 0;
  try {
    store->transaction({"balance"}, [&](Transaction& tx) {
      ++attempts;
      store.run({"INCR", "balance"});
      tx.set("balance", "0");
    }, 3);
    FAIL("expected a conflict");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::conflict);
  }
  CHECK(attempts == 3);
  CHECK(store.run({"GET", "balance"}) == bulk("98"));
}

TEST_CASE("a watched key expiring on the ManualClock between WATCH and EXEC fails the EXEC") {
  Store store;
  store.run({"SET", "lock", "x", "PX", "100"});
  int attempts = 0;
  store->transaction({"lock"}, [&](Transaction& tx) {
    if (++attempts == 1) store.clock.advance(101ms);  // expires, and nothing reclaims it before EXEC
    tx.set("lock", "mine");
  });
  CHECK(attempts == 2);
  CHECK(store.run({"GET", "lock"}) == bulk("mine"));
}

TEST_CASE("a watched key is touched by a blocking pop served to another caller, and by FLUSHALL") {
  Store store;
  auto popped = store->blpop("jobs", 0s);
  CHECK_FALSE(popped.ready());
  int attempts = 0;
  store->transaction({"jobs"}, [&](Transaction& tx) {
    // The push goes straight to the blocked caller: the list never shows, but
    // it changed.
    if (++attempts == 1) store.run({"RPUSH", "jobs", "a"});
    tx.set("seen", "1");
  });
  CHECK(attempts == 2);
  REQUIRE(popped.ready());
  CHECK(popped.get() == std::pair<std::string, std::string>("jobs", "a"));

  store.run({"SET", "k", "1"});
  attempts = 0;
  store->transaction({"k", "absent"}, [&](Transaction& tx) {
    if (++attempts == 1) store.run({"FLUSHALL"});
    tx.set("k", "2");
  });
  CHECK(attempts == 2);
  // FLUSHALL touches only watched keys that existed, as in Redis.
  attempts = 0;
  store->transaction({"absent"}, [&](Transaction& tx) {
    if (++attempts == 1) store.run({"FLUSHALL"});
    tx.set("k", "3");
  });
  CHECK(attempts == 1);
}

// Found by the parity test: LPOP with a count of 0 changes nothing, so it
// must not touch a watched key (Redis returns before popping).
TEST_CASE("a no-op write (LPOP key 0) does not fail a transaction watching the key") {
  Store store;
  store.run({"RPUSH", "l", "a"});
  int attempts = 0;
  store->transaction({"l"}, [&](Transaction& tx) {
    if (++attempts == 1) CHECK(store.run({"LPOP", "l", "0"}) == array({}));
    tx.set("x", "1");
  });
  CHECK(attempts == 1);
}

TEST_CASE("atomically() runs a callable with a synchronous view; its result or exception is the future's") {
  Store store;
  store.run({"SET", "stock", "3"});
  not_redis::Future<long long> left = store->atomically([](AtomicView& s) {
    const long long stock = std::stoll(s.get("stock").value_or("0"));
    if (stock > 0) s.decr("stock");
    return stock - 1;
  });
  CHECK(left.get() == 2);
  CHECK(store.run({"GET", "stock"}) == bulk("2"));

  // A throw completes the future with that error; writes before it stay.
  auto failed = store->atomically([](AtomicView& s) -> int {
    s.set("before", "1");
    s.lpush("stock", "x");  // WRONGTYPE: throws not_redis::Error
    s.set("after", "1");
    return 0;
  });
  CHECK(reply_error([&] { failed.get(); }) == kWrongType);
  CHECK(store.run({"EXISTS", "before", "after"}) == integer(1));

  // A blocking command answers at once, as on timeout; MULTI is refused.
  auto blocked = store->atomically([](AtomicView& s) {
    std::optional<std::pair<std::string, std::string>> got = s.blpop("empty", 0s);
    Value multi = s.execute(not_redis::Argv{"MULTI"});
    return std::make_pair(got.has_value(), multi.is_error());
  });
  CHECK(blocked.get() == std::make_pair(false, true));

  // Non-reply types and void work too.
  struct Summary {
    long long keys;
  };
  CHECK(store->atomically([](AtomicView& s) { return Summary{s.dbsize()}; }).get().keys == 2);
  store->atomically([](AtomicView& s) { s.del("before"); }).get();
  CHECK(store.run({"EXISTS", "before"}) == integer(0));
}

TEST_CASE("atomically() on the loop thread of an own-thread store runs at once") {
  not_redis::Client store;
  std::promise<long long> done;
  store.set("k", "41").get();
  store.get("k").then([&](auto) {
    // Inside a continuation, on the loop thread.
    auto f = store.atomically([](AtomicView& s) { return s.incr("k"); });
    done.set_value(f.ready() ? f.get() : -1);
  });
  CHECK(done.get_future().get() == 42);
}

TEST_CASE("8 threads: transaction() retry loops and atomically() read-modify-writes end with exact totals") {
  not_redis::Client store;
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::vector<std::thread> threads;
  std::atomic<int> retries{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        int attempts = 0;
        store.transaction({"watched"}, [&](Transaction& tx) {
          ++attempts;
          const long long v = std::stoll(store.get("watched").get().value_or("0"));
          tx.set("watched", std::to_string(v + 1));
        }, 1'000'000);
        retries += attempts - 1;
        store.atomically([](AtomicView& s) {
          const long long v = std::stoll(s.get("atomic").value_or("0"));
          s.set("atomic", std::to_string(v + 1));
        }).get();
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(store.get("watched").get() == std::to_string(kThreads * kRounds));
  CHECK(store.get("atomic").get() == std::to_string(kThreads * kRounds));
  MESSAGE("transaction() retries: " << retries.load());
}

TEST_CASE("pipelines from 8 threads keep each thread's order") {
  not_redis::Client store;
  constexpr int kThreads = 8;
  constexpr int kBatches = 50;
  constexpr int kPerBatch = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<not_redis::Future<Replies>> pending;
      for (int b = 0; b < kBatches; ++b) {
        Pipeline batch;
        for (int i = 0; i < kPerBatch; ++i) batch.rpush("log", fmt::format("{}:{}", t, b * kPerBatch + i));
        pending.push_back(store.execute(std::move(batch)));
      }
      for (auto& f : pending) CHECK(f.get().size() == kPerBatch);
    });
  }
  for (auto& t : threads) t.join();
  const std::vector<std::string> log = store.lrange("log", 0, -1).get();
  REQUIRE(log.size() == kThreads * kBatches * kPerBatch);
  std::vector<int> next(kThreads, 0);
  for (const std::string& entry : log) {
    const int thread = std::stoi(entry.substr(0, entry.find(':')));
    const int seq = std::stoi(entry.substr(entry.find(':') + 1));
    CHECK(seq == next[thread]);
    next[thread] = seq + 1;
  }
}

TEST_CASE("shutdown with pipelines, transactions and atomically() in flight completes every future") {
  auto store = std::make_unique<not_redis::Client>();
  std::vector<not_redis::Future<Replies>> batches;
  std::vector<not_redis::Future<long long>> calls;
  std::atomic<bool> stop{false};
  std::atomic<int> posted{0};
  std::thread producer([&] {
    for (int i = 0; !stop && i < 100'000; ++i, ++posted) {
      Pipeline p;
      p.incr("p");
      Transaction t;
      t.incr("t");
      batches.push_back(store->execute(std::move(p)));
      batches.push_back(store->execute(std::move(t)));
      calls.push_back(store->atomically([](AtomicView& s) { return s.incr("a"); }));
    }
  });
  while (posted < 150) std::this_thread::yield();
  store->shutdown();
  stop = true;
  producer.join();
  std::size_t ran = 0, refused = 0;
  auto settle = [&](auto& f) {
    try {
      f.get();
      ++ran;
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::shutdown);
      ++refused;
    }
  };
  for (auto& f : batches) settle(f);
  for (auto& f : calls) settle(f);
  CHECK(ran + refused == batches.size() + calls.size());
  CHECK(ran > 0);
  store.reset();
}
