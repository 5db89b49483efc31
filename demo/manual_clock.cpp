// A deterministic run, the way tests drive a store: a ManualClock for time, a
// fixed seed for randomness, and a loop that runs only when told to.
//
//   ./build/demo/not_redis-demo-manual-clock

#include <chrono>

#include <fmt/format.h>
#include <uv.h>

#include <not_redis/fmt.hpp>
#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>

using namespace std::chrono_literals;

int main() {
  uv_loop_t loop;
  uv_loop_init(&loop);
  not_redis::ManualClock clock;  // must outlive the store
  {
    not_redis::Client store(&loop, {.clock = &clock, .seed = 7});

    // On the loop's thread every command runs at once. DBSIZE does not expire
    // keys itself, so it shows what the active-expiry cycle has removed.
    auto show = [&store](const char* when) {
      fmt::print("{:<10} DBSIZE -> {}  GET k -> {:<5}  PTTL k -> {}\n", when, store.command("DBSIZE").get(),
                 store.command("GET", "k").get(), store.command("PTTL", "k").get());
    };

    fmt::print("SET k v PX 100 -> {}\n", store.command("SET", "k", "v", "PX", 100).get());
    show("t=0ms:");

    // Time moves only when told to; run_until_idle() then runs whatever became
    // due (queued commands, the active-expiry cycle).
    clock.advance(50ms);
    store.run_until_idle();
    show("t=50ms:");

    // Past the deadline (Redis expires a key once now > deadline).
    clock.advance(60ms);
    store.run_until_idle();
    show("t=110ms:");
  }  // the store is destroyed here, on the loop thread
  uv_run(&loop, UV_RUN_NOWAIT);  // lets its handles finish closing
  return uv_loop_close(&loop) == 0 ? 0 : 1;
}
