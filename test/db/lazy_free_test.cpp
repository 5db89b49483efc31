// LazyFree and the keyspace's ways of deleting: which values are freed off
// the loop, on which thread, and how INFO's counters follow them.

#include <future>
#include <memory>
#include <thread>

#include "db/keyspace.hpp"
#include "db/lazy_free.hpp"
#include "harness.hpp"

using namespace test;
using not_redis::detail::Aggregate;
using not_redis::detail::Keyspace;
using not_redis::detail::LazyFree;
using not_redis::detail::LazyFreePolicy;
using not_redis::detail::Object;
using not_redis::detail::ObjectType;
using not_redis::detail::Reclaim;

namespace {

/// An aggregate that reports the thread its destructor runs on, and can hold
/// that thread until the test lets it go (to look at pending()).
class Probe final : public Aggregate {
public:
  struct Record {
    std::promise<std::thread::id> freed_on;
    std::shared_future<void> hold;
  };
  Probe(std::size_t effort, std::shared_ptr<Record> record) : effort_(effort), record_(std::move(record)) {}
  ~Probe() override {
    if (record_->hold.valid()) record_->hold.wait();
    record_->freed_on.set_value(std::this_thread::get_id());
  }
  std::string_view encoding() const noexcept override { return "probe"; }
  std::size_t memory_usage() const noexcept override { return 0; }
  std::unique_ptr<Aggregate> clone() const override { return nullptr; }
  std::size_t free_effort() const noexcept override { return effort_; }

private:
  std::size_t effort_;
  std::shared_ptr<Record> record_;
};

struct Probed {
  Object value;
  std::shared_ptr<Probe::Record> record;
  std::future<std::thread::id> freed_on;
};

Probed probe(std::size_t effort, std::shared_future<void> hold = {}) {
  auto record = std::make_shared<Probe::Record>();
  record->hold = std::move(hold);
  auto freed_on = record->freed_on.get_future();
  return {Object::aggregate(ObjectType::hash, std::make_unique<Probe>(effort, record)), record, std::move(freed_on)};
}

bool freed_here(std::future<std::thread::id>& freed_on) {
  return freed_on.wait_for(std::chrono::seconds(0)) == std::future_status::ready &&
         freed_on.get() == std::this_thread::get_id();
}

constexpr std::size_t kLarge = LazyFree::kThreshold + 1;

} // namespace

TEST_CASE("LazyFree frees a value at once up to the threshold, and a larger one on its thread") {
  LazyFree lazy;
  Probed small = probe(LazyFree::kThreshold);
  lazy.release(std::move(small.value));
  CHECK(freed_here(small.freed_on));
  CHECK(lazy.freed() == 0);

  Probed large = probe(kLarge);
  lazy.release(std::move(large.value));
  CHECK(large.freed_on.get() != std::this_thread::get_id());
  lazy.wait_idle();
  CHECK(lazy.pending() == 0);
  CHECK(lazy.freed() == 1);
  lazy.reset_stats();
  CHECK(lazy.freed() == 0);

  // A string is one allocation, whatever its size: freed at once, as in Redis.
  CHECK(Object::string(std::string(1 << 20, 'x')).free_effort() == 1);
}

TEST_CASE("LazyFree counts what it holds as pending until it is freed") {
  LazyFree lazy;
  std::promise<void> let_go;
  Probed held = probe(kLarge, let_go.get_future().share());
  Probed queued = probe(kLarge);
  lazy.release(std::move(held.value));
  lazy.release(std::move(queued.value));
  CHECK(lazy.pending() == 2);
  CHECK(lazy.freed() == 0);
  let_go.set_value();
  lazy.wait_idle();
  CHECK(lazy.pending() == 0);
  CHECK(lazy.freed() == 2);
}

TEST_CASE("its destructor frees everything still queued before the store goes") {
  std::promise<void> let_go;
  Probed held = probe(kLarge, let_go.get_future().share());
  Probed queued = probe(kLarge);
  {
    LazyFree lazy;
    lazy.release(std::move(held.value));
    lazy.release(std::move(queued.value));
    let_go.set_value();
  }
  CHECK(held.freed_on.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  CHECK(queued.freed_on.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
}

TEST_CASE("the keyspace frees a deleted value where its Reclaim says") {
  LazyFree lazy;
  Keyspace db;
  db.set_lazy_free(&lazy);

  Probed synced = probe(kLarge);
  db.set("k", std::move(synced.value), "hset");
  CHECK(db.erase("k", "del", Reclaim::sync));
  CHECK(freed_here(synced.freed_on));

  Probed unlinked = probe(kLarge);
  db.set("k", std::move(unlinked.value), "hset");
  CHECK(db.erase("k", "del", Reclaim::async));
  CHECK(db.find("k") == nullptr);
  CHECK(unlinked.freed_on.get() != std::this_thread::get_id());

  SUBCASE("by_policy follows lazyfree-lazy-server-del") {
    Probed implicit = probe(kLarge);
    db.set("k", std::move(implicit.value), "hset");
    CHECK(db.erase("k"));
    CHECK(freed_here(implicit.freed_on));

    db.set_lazy_free_policy(LazyFreePolicy{.server_del = true});
    Probed implicit_lazy = probe(kLarge);
    db.set("k", std::move(implicit_lazy.value), "hset");
    CHECK(db.erase("k"));
    CHECK(implicit_lazy.freed_on.get() != std::this_thread::get_id());
  }
  SUBCASE("lazyfree-lazy-server-del also frees an overwritten value and RENAME's target lazily") {
    db.set_lazy_free_policy(LazyFreePolicy{.server_del = true});
    Probed overwritten = probe(kLarge);
    db.set("k", std::move(overwritten.value), "hset");
    db.set("k", Object::string("v"), "set");
    CHECK(overwritten.freed_on.get() != std::this_thread::get_id());

    Probed target = probe(kLarge);
    db.set("t", std::move(target.value), "hset");
    db.rename(*db.find("k"), "t");
    CHECK(target.freed_on.get() != std::this_thread::get_id());
    char scratch[24];
    CHECK(db.find("t")->second.string_view(scratch) == "v");
  }
  SUBCASE("lazyfree-lazy-expire frees expired keys lazily, and those EXPIRE deletes") {
    db.set_now(1000);
    Probed kept_sync = probe(kLarge);
    db.set_expiry(db.set("k", std::move(kept_sync.value), "hset"), 1500, "expire");
    db.set_now(2000);
    CHECK(db.find("k") == nullptr);
    CHECK(freed_here(kept_sync.freed_on));

    db.set_lazy_free_policy(LazyFreePolicy{.expire = true});
    Probed expired = probe(kLarge);
    db.set_expiry(db.set("k", std::move(expired.value), "hset"), 2500, "expire");
    db.set_now(3000);
    CHECK(db.find("k") == nullptr);
    CHECK(expired.freed_on.get() != std::this_thread::get_id());

    Probed expired_by_command = probe(kLarge);
    CHECK_FALSE(db.set_expiry(db.set("k", std::move(expired_by_command.value), "hset"), 100, "expire"));
    CHECK(expired_by_command.freed_on.get() != std::this_thread::get_id());
  }
  lazy.wait_idle();
}

TEST_CASE("an asynchronous flush frees the old keyspace on the thread, once the events are drained") {
  LazyFree lazy;
  Keyspace db;
  db.set_lazy_free(&lazy);
  Probed small = probe(1);  // even small values: the whole map goes
  db.set("a", std::move(small.value), "hset");
  db.set("b", Object::string("x"), "set");
  std::vector<not_redis::detail::KeyEvent> events;
  db.take_events(events);
  db.clear("flushall", true);
  CHECK(db.size() == 0);
  // The event still holds the old map, for WATCH: nothing is freed yet.
  CHECK(small.freed_on.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  db.take_events(events);
  REQUIRE(events.size() == 1);
  CHECK(events[0].emptied->size() == 2);
  events.clear();
  CHECK(small.freed_on.get() != std::this_thread::get_id());
  lazy.wait_idle();
  CHECK(lazy.freed() == 2);  // counted in keys, as Redis's emptyDbAsync

  Probed synced = probe(kLarge);
  db.set("a", std::move(synced.value), "hset");
  db.clear("flushall", false);
  db.take_events(events);
  events.clear();
  CHECK(freed_here(synced.freed_on));
}
