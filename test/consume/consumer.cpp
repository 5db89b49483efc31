// The smallest real user of not_redis, built by each consumption test
// (meson subproject, pkg-config, CMake). Exits 0 only if a value makes the
// round trip, through both ways of hosting a store.

#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <uv.h>

#include <not_redis/fmt.hpp>
#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>

int main() {
  bool ok = true;
  {
    not_redis::Client store;  // its own loop thread
    store.set("consumer", "works").get();
    const std::optional<std::string> value = store.get("consumer").get();
    fmt::print("own thread: GET consumer -> {}\n", store.command("GET", "consumer").get());
    ok = ok && value == "works";
  }
  {
    // Attached to our loop: checks that libuv's flags reach the consumer too.
    uv_loop_t loop;
    uv_loop_init(&loop);
    std::optional<not_redis::Client> store;
    store.emplace(&loop);
    store->set("consumer", "attached").get();
    const std::optional<std::string> value = store->get("consumer").get();
    fmt::print("attached:   GET consumer -> {}\n", store->command("GET", "consumer").get());
    ok = ok && value == "attached";
    store.reset();
    uv_run(&loop, UV_RUN_NOWAIT);
    ok = uv_loop_close(&loop) == 0 && ok;
  }
  fmt::print("{}\n", ok ? "consumer: OK" : "consumer: FAILED");
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
