// The server family, command by command, as redis-cli would show it.

#include "harness.hpp"

using namespace test;

TEST_CASE("PING answers PONG or echoes its argument") {
  Store store;
  CHECK(store.run({"PING"}) == simple("PONG"));
  CHECK(store.run({"PING", "hi"}) == bulk("hi"));
}
