// The keyspace and its expiry index, tested directly (below the commands),
// and the active-expiry cycle through a deterministic store.

#include <random>

#include "db/keyspace.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::detail::Keyspace;
using not_redis::detail::Object;

namespace {
std::string key_name(int i) { return fmt::format("key:{:07}", i); }
} // namespace

TEST_CASE("keys and values: inline, heap, binary") {
  Keyspace db;
  const std::string long_key(100, 'k');
  const std::string binary_key("a\0b", 3);
  db.set(long_key, Object::string("v"), "set");
  db.set(binary_key, Object::string(std::string(40, '\0')), "set");
  db.set("int", Object::string("12345"), "set");
  char scratch[24];
  CHECK(db.find(long_key)->second.string_view(scratch) == "v");
  CHECK(db.find(binary_key)->second.string_view(scratch) == std::string(40, '\0'));
  CHECK(db.find(std::string("a\0c", 3)) == nullptr);
  CHECK(db.find("int")->second.is_int());
  CHECK(db.find("int")->second.string_view(scratch) == "12345");
  CHECK(db.size() == 3);
  CHECK(db.erase(long_key));
  CHECK_FALSE(db.erase(long_key));
}

TEST_CASE("an expired key is absent on every lookup and removed") {
  Keyspace db;
  db.set_now(1000);
  auto& e = db.set("k", Object::string("v"), "set");
  CHECK(db.set_expiry(e, 1500, "expire"));
  CHECK(db.expiry(*db.find("k")) == 1500);
  db.set_now(1500);  // Redis: a key expires once the time is past its deadline
  CHECK(db.find("k") != nullptr);
  db.set_now(1501);
  CHECK(db.find("k") == nullptr);
  CHECK(db.size() == 0);
  CHECK(db.volatile_size() == 0);
  CHECK(db.expired_keys() == 1);
}

TEST_CASE("a deadline in the past deletes the key at once") {
  Keyspace db;
  db.set_now(1000);
  auto& e = db.set("k", Object::string("v"), "set");
  CHECK_FALSE(db.set_expiry(e, 1000, "expire"));
  CHECK(db.size() == 0);
}

TEST_CASE("the expiry index stays exact through updates, removals and overwrites") {
  Keyspace db;
  db.set_now(0);
  std::mt19937_64 rng(1);
  std::map<std::string, std::int64_t> model;  // key -> deadline (0 = none)
  for (int step = 0; step < 20'000; ++step) {
    const std::string key = key_name(static_cast<int>(rng() % 500));
    switch (rng() % 4) {
    case 0:
      db.set(key, Object::string("v"), "set");
      model[key] = 0;
      break;
    case 1:
      if (auto* e = db.find(key)) {
        const auto deadline = static_cast<std::int64_t>(1 + rng() % 1'000'000);
        db.set_expiry(*e, deadline, "expire");
        model[key] = deadline;
      }
      break;
    case 2:
      if (auto* e = db.find(key)) {
        db.persist(*e);
        model[key] = 0;
      }
      break;
    case 3:
      db.erase(key);
      model.erase(key);
      break;
    }
  }
  std::size_t volatile_keys = 0;
  for (const auto& [key, deadline] : model) {
    auto* e = db.find(key);
    REQUIRE(e != nullptr);
    CHECK(db.expiry(*e).value_or(0) == deadline);
    volatile_keys += deadline != 0;
  }
  CHECK(db.volatile_size() == volatile_keys);
  // Active expiry removes exactly the keys due, earliest first.
  std::int64_t last = 0;
  std::size_t expired = 0;
  while (auto next = db.next_deadline()) {
    CHECK(*next >= last);
    last = *next;
    auto stats = db.expire_due(*next + 1, [](std::size_t) { return false; });
    expired += stats.expired;
  }
  CHECK(expired == volatile_keys);
  CHECK(db.size() == model.size() - volatile_keys);
}

TEST_CASE("expire_due stops when the budget says so and reports the backlog") {
  Keyspace db;
  db.set_now(0);
  for (int i = 0; i < 100; ++i) db.set_expiry(db.set(key_name(i), Object::string("v"), "set"), 10, "expire");
  CHECK(db.expire_due(10, [](std::size_t) { return false; }).expired == 0);  // due after 10, not at
  auto first = db.expire_due(11, [](std::size_t n) { return n >= 30; });
  CHECK(first.expired == 30);
  CHECK(first.more_due);
  auto rest = db.expire_due(11, [](std::size_t) { return false; });
  CHECK(rest.expired == 70);
  CHECK_FALSE(rest.more_due);
  CHECK(db.size() == 0);
}

TEST_CASE("SCAN visits every key once when the table does not change") {
  Keyspace db;
  for (int i = 0; i < 5000; ++i) db.set(key_name(i), Object::string("v"), "set");
  std::multiset<std::string> seen;
  std::uint64_t cursor = 0;
  do {
    cursor = db.scan(cursor, 10, [&](auto& e) { seen.insert(std::string(e.first.view())); });
  } while (cursor != 0);
  CHECK(seen.size() == 5000);
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 5000);
}

TEST_CASE("active expiry reclaims keys nobody reads, on the injected clock") {
  Store store;
  for (int i = 0; i < 50'000; ++i) store.run({"SET", key_name(i), "v", "PX", "1000"});
  store.run({"SET", "keep", "v"});
  store.advance(999ms);
  CHECK(store.run({"DBSIZE"}) == integer(50'001));
  // The next hz tick after the deadline reclaims every due key; the budget
  // (a key count under a ManualClock) makes it a few cycles, all run here.
  store.advance(101ms);
  CHECK(store.run({"DBSIZE"}) == integer(1));
  CHECK(store.run({"GET", "keep"}) == bulk("v"));
}

TEST_CASE("active expiry runs at hz ticks, not before") {
  Store store(42, {.hz = 10});
  store.run({"SET", "k", "v", "PX", "10"});
  store.advance(20ms);  // due, but the next tick is at 100 ms
  CHECK(store.run({"DBSIZE"}) == integer(1));
  store.advance(80ms);
  CHECK(store.run({"DBSIZE"}) == integer(0));
}

TEST_CASE("the same seed and the same steps give the same results") {
  auto run = [] {
    Store store(7);
    for (int i = 0; i < 1000; ++i) store.run({"SET", key_name(i), "v", "PX", std::to_string(1 + i % 300)});
    std::vector<Value> out;
    for (int step = 0; step < 10; ++step) {
      store.advance(37ms);
      out.push_back(store.run({"DBSIZE"}));
      out.push_back(store.run({"RANDOMKEY"}));
    }
    return out;
  };
  CHECK(run() == run());
}
