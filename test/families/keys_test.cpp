// The keys family, command by command, as redis-cli would show it.

#include "harness.hpp"

using namespace test;

TEST_CASE("DEL counts the keys that existed") {
  Store store;
  store.run({"SET", "a", "1"});
  CHECK(store.run({"DEL", "a", "b"}) == integer(1));
}
