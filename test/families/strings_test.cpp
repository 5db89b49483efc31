// The strings family, command by command, as redis-cli would show it.

#include "harness.hpp"

using namespace test;

TEST_CASE("GET returns what SET stored") {
  Store store;
  CHECK(store.run({"SET", "k", "v"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}
