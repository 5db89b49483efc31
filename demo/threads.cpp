// A first tour of not_redis: one store shared by several threads, typed calls
// and futures, the generic command(), a coroutine, and an error reply.
//
//   ./build/demo/not_redis-demo-threads

#include <coroutine>
#include <exception>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <not_redis/fmt.hpp>  // opt-in: fmt::print("{}", value) as redis-cli shows it
#include <not_redis/not_redis.hpp>

namespace {

constexpr int kThreads = 4;
constexpr int kIncrementsPerThread = 1000;

// The smallest coroutine type main() can wait for: it starts at once and
// reports its end through a std::future. Real programs bring their own task
// type; not_redis futures can be awaited from any.
struct Task {
  struct promise_type {
    std::promise<void> done;
    Task get_return_object() { return {done.get_future()}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() { done.set_value(); }
    void unhandled_exception() { done.set_exception(std::current_exception()); }
  };
  std::future<void> finished;
};

Task count_visit(not_redis::Client& store) {
  // Called on main's thread. If the reply is not there yet (the usual case),
  // the coroutine suspends and resumes on the store's loop thread when it
  // arrives; if it already is, the coroutine simply goes on where it is.
  long long visits = co_await store.command<long long>("INCR", "visits");
  fmt::print("coroutine: visits = {}, now on the loop thread: {}\n", visits, store.on_loop_thread());
  // On the loop thread, commands run inline and their futures are ready at
  // once (a blocking get() there would throw rather than deadlock the loop).
  std::optional<std::string> greeting = co_await store.get("greeting");
  fmt::print("coroutine: greeting = {}\n", greeting.value_or("(nil)"));
}

} // namespace

int main() {
  // Starts the store on its own loop thread; the destructor stops it.
  not_redis::Client store;

  store.set("greeting", "hello").get();

  // Every thread bumps a shared counter and owns one key. Any thread may call
  // any method; get() waits for that call's reply.
  std::vector<std::thread> workers;
  for (int id = 0; id < kThreads; ++id) {
    workers.emplace_back([&store, id] {
      const std::string own_key = fmt::format("worker:{}", id);
      store.set(own_key, fmt::format("thread #{}", id)).get();
      long long last = 0;
      for (int i = 0; i < kIncrementsPerThread; ++i) last = store.command<long long>("INCR", "hits").get();
      fmt::print("worker {}: {} = {}, last INCR hits returned {}\n", id, own_key,
                 store.get(own_key).get().value_or("(nil)"), last);
    });
  }
  for (auto& worker : workers) worker.join();
  fmt::print("hits = {} (expected {})\n", store.get("hits").get().value_or("(nil)"),
             kThreads * kIncrementsPerThread);

  // Any command through command(): the reply comes back as a Value.
  fmt::print("MGET worker:0 worker:3 nosuch:\n{}\n", store.command("MGET", "worker:0", "worker:3", "nosuch").get());

  count_visit(store).finished.get();

  // Error replies: typed calls throw them as not_redis::Error, with Redis's text.
  try {
    store.command<long long>("INCR", "greeting").get();
  } catch (const not_redis::Error& e) {
    fmt::print("INCR greeting failed as Redis would: {}\n", e.what());
  }
  // command() with the default T = Value returns the error as a value instead.
  fmt::print("the same through command(): {}\n", store.command("INCR", "greeting").get());
}
