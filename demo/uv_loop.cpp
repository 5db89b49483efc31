// Embedding not_redis in an application's own libuv loop: no extra thread,
// commands from the loop's callbacks run inline, other threads get futures.
//
//   ./build/demo/not_redis-demo-uv-loop

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <uv.h>

#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>  // opt-in: Client(uv_loop_t*)

namespace {

constexpr int kMinTicks = 3;
constexpr std::uint64_t kTickMs = 20;
constexpr int kWorkerJobs = 3;

// Everything the loop's callbacks need, reached through handle->data.
struct App {
  uv_loop_t loop;
  uv_timer_t ticker;
  std::optional<not_redis::Client> store;
  int ticks = 0;
  std::thread worker;
  std::atomic<bool> worker_done{false};
};

// The worker is an ordinary thread: its calls are queued to the loop and it
// waits on their futures while the loop keeps running.
void work(App& app) {
  not_redis::Client& store = *app.store;
  for (int job = 1; job <= kWorkerJobs; ++job) {
    store.set(fmt::format("job:{}", job), "done").get();
    const long long finished = store.command<long long>("INCR", "jobs:finished").get();
    fmt::print("worker: job {} stored, {} finished so far\n", job, finished);
  }
  app.worker_done = true;
}

void on_tick(uv_timer_t* timer) {
  App& app = *static_cast<App*>(timer->data);
  not_redis::Client& store = *app.store;

  // Timer callbacks run on the loop thread, so these commands run at once:
  // each future is ready and then() calls back before returning.
  store.command<long long>("INCR", "ticks").then([&store](not_redis::Future<long long> ticks) {
    const long long n = ticks.get();
    fmt::print("tick {}: INCR ticks ran inline\n", n);
    // Chaining: write, then read back once the write has completed.
    store.set("last-tick", std::to_string(n)).then([&store](auto written) {
      written.get();  // rethrows a failure, if any
      store.get("last-tick").then([](not_redis::Future<std::optional<std::string>> last) {
        fmt::print("tick: last-tick is now {}\n", last.get().value_or("(nil)"));
      });
    });
  });

  // The store's own handles do not keep the loop alive (a library should not),
  // so our ticker does until the worker is finished.
  if (++app.ticks >= kMinTicks && app.worker_done) {
    app.worker.join();
    uv_timer_stop(&app.ticker);
    uv_close(reinterpret_cast<uv_handle_t*>(&app.ticker), nullptr);
  }
}

} // namespace

int main() {
  App app;
  uv_loop_init(&app.loop);
  uv_timer_init(&app.loop, &app.ticker);
  app.ticker.data = &app;

  // Attach on the loop's thread: no thread is started.
  app.store.emplace(&app.loop);
  app.store->set("owner", "the application's loop").get();  // ready at once on the loop thread

  uv_timer_start(&app.ticker, on_tick, kTickMs, kTickMs);
  app.worker = std::thread(work, std::ref(app));
  uv_run(&app.loop, UV_RUN_DEFAULT);  // serves the worker's calls, returns once the ticker is closed

  fmt::print("loop done: ticks={} jobs:finished={}\n", app.store->get("ticks").get().value_or("(nil)"),
             app.store->get("jobs:finished").get().value_or("(nil)"));

  // Destroy the store on the loop thread, then let its handles finish closing.
  app.store.reset();
  uv_run(&app.loop, UV_RUN_NOWAIT);
  return uv_loop_close(&app.loop) == 0 ? 0 : 1;
}
