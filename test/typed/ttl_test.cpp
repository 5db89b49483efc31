// TTLs are std::chrono everywhere: whole seconds go as seconds, anything else
// as milliseconds rounded up; integers keep the command's unit.

#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::Expiry;

namespace {
// The argv a typed call sends, read from a one-command pipeline.
template <class F>
std::vector<std::string> sent(F&& queue) {
  not_redis::Pipeline batch;
  queue(batch);
  auto commands = std::move(batch).take_commands();
  REQUIRE(commands.size() == 1);
  return {commands[0].begin(), commands[0].end()};
}
using Args = std::vector<std::string>;

const std::chrono::sys_seconds kStart{std::chrono::seconds(1767225600)};  // ManualClock's default start
} // namespace

TEST_CASE("durations are sent in seconds when whole, else in milliseconds rounded up") {
  using P = not_redis::Pipeline;
  CHECK(sent([](P& p) { p.set("k", "v", 10s); }) == Args{"SET", "k", "v", "EX", "10"});
  CHECK(sent([](P& p) { p.set("k", "v", 1500ms); }) == Args{"SET", "k", "v", "PX", "1500"});
  CHECK(sent([](P& p) { p.set("k", "v", 300us); }) == Args{"SET", "k", "v", "PX", "1"});
  CHECK(sent([](P& p) { p.set("k", "v", 1000001us); }) == Args{"SET", "k", "v", "PX", "1001"});
  CHECK(sent([](P& p) { p.set("k", "v", std::chrono::duration<double>(0.25)); }) ==
        Args{"SET", "k", "v", "PX", "250"});
  CHECK(sent([](P& p) { p.set("k", "v", Expiry::in(2min)); }) == Args{"SET", "k", "v", "EX", "120"});
  CHECK(sent([](P& p) { p.set("k", "v", 0s); }) == Args{"SET", "k", "v", "EX", "0"});  // Redis refuses it
  CHECK(sent([](P& p) { p.set("k", "v", kStart + 5s); }) == Args{"SET", "k", "v", "EXAT", "1767225605"});
  CHECK(sent([](P& p) { p.set("k", "v", kStart + 1us); }) == Args{"SET", "k", "v", "PXAT", "1767225600001"});
  CHECK(sent([](P& p) { p.getex("k", 1ns); }) == Args{"GETEX", "k", "PX", "1"});

  CHECK(sent([](P& p) { p.expire("k", 10); }) == Args{"EXPIRE", "k", "10"});
  CHECK(sent([](P& p) { p.expire("k", 10s); }) == Args{"EXPIRE", "k", "10"});
  CHECK(sent([](P& p) { p.expire("k", 1500ms); }) == Args{"PEXPIRE", "k", "1500"});
  CHECK(sent([](P& p) { p.expire("k", 300us, not_redis::ExpireCondition::if_greater); }) ==
        Args{"PEXPIRE", "k", "1", "GT"});
  CHECK(sent([](P& p) { p.expire("k", -1500ms); }) == Args{"PEXPIRE", "k", "-1500"});
  CHECK(sent([](P& p) { p.pexpire("k", 10); }) == Args{"PEXPIRE", "k", "10"});
  CHECK(sent([](P& p) { p.pexpire("k", 2s); }) == Args{"PEXPIRE", "k", "2000"});
  CHECK(sent([](P& p) { p.pexpire("k", 1001us); }) == Args{"PEXPIRE", "k", "2"});
  CHECK(sent([](P& p) { p.expireat("k", 1767225600); }) == Args{"EXPIREAT", "k", "1767225600"});
  CHECK(sent([](P& p) { p.expireat("k", kStart + 1s); }) == Args{"EXPIREAT", "k", "1767225601"});
  CHECK(sent([](P& p) { p.expireat("k", kStart + 1500ms); }) == Args{"PEXPIREAT", "k", "1767225601500"});
  CHECK(sent([](P& p) { p.pexpireat("k", 5); }) == Args{"PEXPIREAT", "k", "5"});
  CHECK(sent([](P& p) { p.pexpireat("k", kStart + 1us); }) == Args{"PEXPIREAT", "k", "1767225600001"});
  CHECK(sent([](P& p) { p.setex("k", 10, 1); }) == Args{"SETEX", "k", "10", "1"});
  CHECK(sent([](P& p) { p.setex("k", 1min, "v"); }) == Args{"SETEX", "k", "60", "v"});
  CHECK(sent([](P& p) { p.setex("k", 2500ms, "v"); }) == Args{"PSETEX", "k", "2500", "v"});
  CHECK(sent([](P& p) { p.psetex("k", 10, "v"); }) == Args{"PSETEX", "k", "10", "v"});
  CHECK(sent([](P& p) { p.psetex("k", 300us, "v"); }) == Args{"PSETEX", "k", "1", "v"});
}

TEST_CASE("a sub-millisecond TTL keeps the key for 1 ms on the store's clock, never an error") {
  Store store;
  CHECK(store->set("k", "v", 300us).get());
  CHECK(store->pttl("k").get().remaining() == 1ms);
  CHECK(store->pttl<long long>("k").get() == 1);
  store.advance(1ms);
  CHECK(store->get("k").get() == "v");  // alive for at least what was asked
  store.advance(1ms);
  CHECK(store->get("k").get() == std::nullopt);

  store.run({"SET", "k", "v"});
  CHECK(store->expire("k", 1500ms).get());
  CHECK(store->pttl("k").get().remaining() == 1500ms);
  CHECK(store->ttl("k").get().remaining() == 2s);
  CHECK(store->expire("k", 20).get());
  CHECK(store->ttl<long long>("k").get() == 20);
  CHECK(store->pexpire("k", 250).get());
  CHECK(store->pttl("k").get().remaining() == 250ms);
  CHECK(store->pexpire("k", 10us).get());
  CHECK(store->pttl("k").get().remaining() == 1ms);
  CHECK(store->expireat("k", std::chrono::sys_time<std::chrono::microseconds>(store.clock.now()) + 2500ms).get());
  CHECK(store->pttl("k").get().remaining() == 2500ms);
  CHECK(store->pexpireat("k", std::chrono::sys_time<std::chrono::microseconds>(store.clock.now()) + 1us).get());
  CHECK(store->pttl("k").get().remaining() == 1ms);

  store->setex("e", 300us, "v").get();
  CHECK(store->pttl("e").get().remaining() == 1ms);
  store->psetex("p", 1500us, "v").get();
  CHECK(store->pttl("p").get().remaining() == 2ms);
  CHECK(store->getex("p", 3s).get() == "v");
  CHECK(store->ttl("p").get().remaining() == 3s);
  CHECK(store->ttl<long long>("nx").get() == -2);
  CHECK(store->pttl<long long>("e").get() == 1);
}

TEST_CASE("zero and negative durations reach Redis as such: SET refuses them, EXPIRE deletes") {
  Store store;
  CHECK(reply_error([&] { store->set("k", "v", 0s).get(); }) == "ERR invalid expire time in 'set' command");
  CHECK(reply_error([&] { store->set("k", "v", -5ms).get(); }) == "ERR invalid expire time in 'set' command");
  CHECK(reply_error([&] { store->setex("k", 0ms, "v").get(); }) == "ERR invalid expire time in 'setex' command");
  CHECK(reply_error([&] { store->psetex("k", -1ms, "v").get(); }) == "ERR invalid expire time in 'psetex' command");
  store.run({"SET", "k", "v"});
  CHECK(store->expire("k", 0ms).get());
  CHECK(store->exists("k").get() == 0);
  store.run({"SET", "k", "v"});
  CHECK(store->pexpire("k", -1s).get());
  CHECK(store->exists("k").get() == 0);
}
