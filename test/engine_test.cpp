// The engine: hosting modes, the queue, futures, the deadlock guard, shutdown.

#include <atomic>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace test;

TEST_CASE("own-thread store answers from the calling thread") {
  not_redis::Client client;
  client.set("k", "v").get();
  CHECK(client.get("k").get() == std::optional<std::string>("v"));
  CHECK(client.command("PING").get() == simple("PONG"));
  CHECK_FALSE(client.on_loop_thread());
}

TEST_CASE("deterministic store runs commands inline on the loop thread") {
  Store store;
  auto f = store->set("k", "v");
  CHECK(f.ready());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}
