// SCAN, HSCAN and SSCAN as input ranges over the whole iteration, next to
// the page-at-a-time form.

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <numeric>
#include <ranges>
#include <set>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Client;

static_assert(std::ranges::input_range<not_redis::KeyScan>);
static_assert(!std::ranges::forward_range<not_redis::KeyScan>);  // single pass: each page is fetched once
static_assert(std::same_as<std::ranges::range_value_t<not_redis::KeyScan>, std::string>);
static_assert(std::ranges::input_range<not_redis::HashScan>);
static_assert(std::same_as<std::ranges::range_value_t<not_redis::HashScan>, std::pair<std::string, std::string>>);
static_assert(std::ranges::input_range<not_redis::SetScan>);
static_assert(std::same_as<decltype(std::declval<Client&>().scan()), not_redis::KeyScan>);
// The range form needs a backend that can wait; the others keep the page form only.
template <class Backend>
concept HasScanRange = requires(Backend& b) { b.scan(not_redis::ScanOptions{}); };
static_assert(HasScanRange<Client>);
static_assert(!HasScanRange<not_redis::Pipeline>);
static_assert(!HasScanRange<not_redis::AtomicView>);

namespace {
void fill(Client& store, std::string_view prefix, int n) {
  not_redis::Pipeline batch;
  for (int i = 0; i < n; ++i) batch.set(fmt::format("{}{}", prefix, i), i);
  store.execute(std::move(batch)).get();
}
} // namespace

TEST_CASE("a SCAN range sees every key present throughout, while other threads write other keys") {
  constexpr int kKeys = 100'000;
  Client store;
  fill(store, "key:", kKeys);
  std::atomic<bool> stop{false};
  std::atomic<long long> writes{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t)
    writers.emplace_back([&, t] {
      // Adds and removes keys, so the table grows and rehashes under the cursor.
      for (int i = 0; !stop.load(); ++i) {
        store.set(fmt::format("other:{}:{}", t, i), i).get();
        if (i % 3 == 0) store.del(fmt::format("other:{}:{}", t, i / 2)).get();
        writes.fetch_add(1);
        writes.notify_all();
      }
    });
  std::vector<bool> seen(kKeys, false);
  long long yielded = 0;
  for (const std::string& key : store.scan({.count = 100})) {
    // Every 10,000 keys, wait for another write: the writers really run during the scan.
    if (++yielded % 10'000 == 0) writes.wait(writes.load());
    if (key.starts_with("key:")) seen[std::stoul(key.substr(4))] = true;
    else CHECK(key.starts_with("other:"));
  }
  stop = true;
  for (auto& w : writers) w.join();
  CHECK(std::ranges::count(seen, false) == 0);
  CHECK(yielded >= kKeys);
  CHECK(writes.load() >= 10);
}

TEST_CASE("a SCAN range passes MATCH, COUNT and TYPE, and ends on an empty store") {
  Client store;
  CHECK(std::ranges::distance(store.scan()) == 0);
  fill(store, "user:", 50);
  fill(store, "item:", 50);
  store.hset("user:h", "f", "v").get();
  std::set<std::string> users;
  for (const std::string& key : store.scan({.match = "user:*", .count = 7})) users.insert(key);
  CHECK(users.size() == 51);
  CHECK(*users.begin() == "user:0");
  std::vector<std::string> hashes;
  for (std::string& key : store.scan({.type = "hash"})) hashes.push_back(std::move(key));
  CHECK(hashes == std::vector<std::string>{"user:h"});
  // Composes with the standard views.
  auto short_names = store.scan({.match = "item:*"}) | std::views::filter([](const std::string& k) { return k.size() == 6; });
  CHECK(std::ranges::distance(short_names) == 10);  // item:0 .. item:9
  CHECK_THROWS_AS((void)std::ranges::distance(store.scan({.count = 0})), not_redis::Error);  // Redis's syntax error
}

TEST_CASE("HSCAN and SSCAN ranges yield (field, value) pairs and members") {
  Client store;
  std::map<std::string, int> fields;
  for (int i = 0; i < 1000; ++i) fields.emplace(fmt::format("f{}", i), i);
  store.hset("h", fields).get();
  std::map<std::string, int> read;
  for (auto& [field, value] : store.hscan("h", {.count = 50})) read.emplace(field, std::stoi(value));
  CHECK(read == fields);
  std::size_t matched = 0;
  for (const auto& entry : store.hscan("h", {.match = "f99*"})) matched += entry.first.starts_with("f99");
  CHECK(matched == 11);  // f99, f990..f999

  std::vector<int> members(700);
  std::iota(members.begin(), members.end(), 0);
  store.sadd("s", members).get();
  std::set<int> got;
  for (const std::string& m : store.sscan("s")) got.insert(std::stoi(m));
  CHECK(got.size() == 700);
  CHECK(std::ranges::distance(store.sscan("missing")) == 0);
  store.set("str", "v").get();
  CHECK(reply_error([&] { (void)std::ranges::distance(store.sscan("str")); }) == kWrongType);
}

TEST_CASE("a scan range on the store's loop thread throws Error(usage); the page form works there") {
  auto is_usage = [](const not_redis::Error& e) { return e.kind() == not_redis::Error::Kind::usage; };
  SUBCASE("an attached store, on its loop's thread") {
    Store store;
    store.run({"SET", "k", "v"});
    try {
      (void)store->scan();
      FAIL("scan() as a range ran on the loop thread");
    } catch (const not_redis::Error& e) {
      CHECK(is_usage(e));
    }
    CHECK_THROWS_AS((void)store->hscan("h"), not_redis::Error);
    CHECK_THROWS_AS((void)store->sscan("s"), not_redis::Error);
    CHECK(store->scan(0).get().keys == std::vector<std::string>{"k"});
  }
  SUBCASE("a store with its own thread, from a then() callback") {
    Client store;
    store.set("k", "v").get();
    std::promise<std::pair<bool, std::vector<std::string>>> outcome;
    store.ping().then([&](not_redis::Future<std::string>) {
      bool refused = false;
      try {
        (void)store.sscan("s");
      } catch (const not_redis::Error& e) {
        refused = is_usage(e);
      }
      outcome.set_value({refused, store.scan(0).get().keys});
    });
    const auto [refused, keys] = outcome.get_future().get();
    CHECK(refused);
    CHECK(keys == std::vector<std::string>{"k"});
  }
}
