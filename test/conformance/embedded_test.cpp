// The typed-API conformance suite (conformance.hpp) on the embedded store,
// hosted on its own loop thread and used as an application would: from
// another thread, waiting on futures with get().

#include <not_redis/client.hpp>

#include "conformance/conformance.hpp"

TEST_CASE("conformance: embedded store (own loop thread)") {
  not_redis::Client store;
  conformance::conformance_all(store);
}
