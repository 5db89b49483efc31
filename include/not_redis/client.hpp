#pragma once
/// @file
/// not_redis::Client: an in-process Redis store.

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include <not_redis/argv.hpp>
#include <not_redis/batch.hpp>
#include <not_redis/commands/all.hpp>
#include <not_redis/future.hpp>
#include <not_redis/options.hpp>
#include <not_redis/value.hpp>

struct uv_loop_s;  // uv_loop_t, without pulling uv.h into every user

namespace not_redis {

namespace detail {
class Engine;
}
class Server;
class AtomicView;

/// Inside Client::atomically(), typed methods return their values at once.
template <>
struct ReplyOf<AtomicView> {
  template <class T>
  using type = T;
};

/// The store as Client::atomically()'s callable sees it: the same typed
/// methods and command<T>(), returning values instead of futures, run at once
/// on the loop thread with nothing else interleaved. An error reply throws
/// not_redis::Error. A blocking command answers at once as on timeout (nil),
/// so the loop can never be blocked from here. Only valid inside the callable.
class AtomicView : public Commands<AtomicView> {
public:
  template <class T = Value, class... Args>
  T command(const Args&... args) {
    return from_value<T>(run(make_argv(args...)));
  }
  Value execute(Argv argv) { return run(std::move(argv)); }

private:
  friend class Client;
  AtomicView(detail::Engine& engine, std::int64_t now_us) noexcept : engine_(engine), now_us_(now_us) {}
  Value run(Argv&& argv);

  detail::Engine& engine_;
  std::int64_t now_us_;  // one time snapshot for the whole callable, as for EXEC
};

/// An in-process Redis store, owned by one libuv loop thread.
///
/// Three ways to host it:
/// - `Client store;` starts its own loop thread; the destructor stops it.
/// - `Client store(loop);` attaches to your `uv_loop_t*` and starts no thread.
///   Calls made on the loop's thread run at once (use Future::then() to chain
///   them); calls from other threads get futures.
/// - Attached with `Options::clock` set to a ManualClock, a test drives both the
///   loop (run_until_idle()) and time (ManualClock::advance()), with no sleeps.
///
/// Every command goes through command()/execute() (argv in, Value out); the
/// typed methods (`get`, `set`, `expire`, ...) are thin wrappers that convert
/// the reply. Any thread may call any command method; commands posted by one
/// thread run in the order posted, and a write whose future has completed is
/// visible to every later command from any thread.
///
/// ```
/// not_redis::Client store;
/// store.set("greeting", "hello").get();
/// std::optional<std::string> v = store.get("greeting").get();
/// ```
class Client : public Commands<Client>, public detail::FutureBackend<Client> {
public:
  /// Starts a store on its own loop thread.
  explicit Client(Options options = {});
  /// Attaches a store to `loop` (a `uv_loop_t*`); call on the loop's thread.
  /// The store adds two handles to the loop, unreferenced: they never keep
  /// the loop alive, so `uv_run(loop, UV_RUN_DEFAULT)` returns once the
  /// application's own handles are done, even with calls still to come from
  /// other threads or a blocked caller's timeout pending (keep a handle of
  /// your own for as long as the loop should serve the store). Destroy the
  /// store on the loop's thread, then run the loop once more (e.g.
  /// `uv_run(loop, UV_RUN_NOWAIT)`) so the handles finish closing.
  explicit Client(uv_loop_s* loop, Options options = {});
  /// Completes every pending future (with its reply if it ran, else with a
  /// shutdown error), then stops the loop thread (own-thread mode).
  ~Client();

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Runs `fn(AtomicView&)` on the loop thread with nothing interleaved (the
  /// Lua-script replacement): its typed methods return values, not futures.
  /// The Future holds what `fn` returns, or what it threw. As with a Redis
  /// script, writes made before a throw stay: nothing is rolled back. All the
  /// writes are reported (WATCH, blocked callers) when `fn` returns, and one
  /// time snapshot covers the whole call. Any thread; on the loop thread it
  /// runs at once.
  ///
  /// ```
  /// not_redis::Future<long long> left = store.atomically([](not_redis::AtomicView& s) {
  ///   long long stock = std::stoll(s.get("stock").value_or("0"));
  ///   if (stock > 0) s.decr("stock");
  ///   return stock;
  /// });
  /// ```
  template <class F>
    requires std::invocable<F&, AtomicView&>
  Future<std::invoke_result_t<F&, AtomicView&>> atomically(F&& fn) {
    using R = std::invoke_result_t<F&, AtomicView&>;
    struct Task final : detail::TaskOutcome<R> {
      Task(Client& client, F&& fn) : client(client), fn(std::forward<F>(fn)) {}
      void run() noexcept override {
        AtomicView view = client.atomic_view();
        try {
          if constexpr (std::is_void_v<R>) fn(view);
          else this->result.emplace(fn(view));
        } catch (...) {
          this->error = std::current_exception();
        }
        client.end_atomic();
      }
      Client& client;
      std::decay_t<F> fn;
    };
    return detail::make_future<R>(run_task(std::make_unique<Task>(*this, std::forward<F>(fn))));
  }

  /// Runs `task` on the loop thread, after the commands this thread posted
  /// before it; at once when called on the loop thread. This makes the store an
  /// Executor: `f.then(store, callback)` runs the callback on the loop thread
  /// even when `f` is ready already, `co_await f.on(store)` resumes there. The
  /// future completes once `task` ran, holding what it threw. After shutdown
  /// the task is dropped unrun (destroyed when the returned future is) and
  /// get() throws Error(shutdown). Any thread.
  Future<void> post(std::function<void()> task);

  /// Stops accepting commands: every later call fails with Error(shutdown);
  /// commands already posted still run. Any thread; idempotent.
  void shutdown() noexcept;

  /// Attached stores, loop thread only: runs queued commands and the timers due
  /// by the clock until nothing is left to do, polling the loop without blocking.
  void run_until_idle();
  /// Deterministic tests (an attached store on a ManualClock), loop thread
  /// only: moves the clock forward by `d`, stopping at every timer due on the
  /// way (an active-expiry cycle at each of the `hz` ticks, a blocked call's
  /// timeout in the first millisecond past its deadline) and running it with
  /// everything queued, as if time had flowed; ends idle at now + d. Throws
  /// Error(usage) on another thread or another clock.
  ///
  /// ```
  /// store.blpop({"jobs"}, 5s);   // times out at 5.001 s
  /// store.run_for(1min);         // 600 expiry cycles and the timeout, in order
  /// ```
  template <class Rep, class Period>
  void run_for(std::chrono::duration<Rep, Period> d) {
    run_until_us(now_us() + std::chrono::ceil<std::chrono::microseconds>(d).count());
  }
  /// As run_for(), up to the time point `t` (nothing happens if it is past).
  template <class Duration>
  void run_until(std::chrono::time_point<std::chrono::system_clock, Duration> t) {
    run_until_us(std::chrono::ceil<std::chrono::microseconds>(t.time_since_epoch()).count());
  }

  /// True on the thread that runs this store's loop.
  bool on_loop_thread() const noexcept;

private:
  std::int64_t now_us() const noexcept;
  void run_until_us(std::int64_t until_us);
  friend class Server;      // serves this store's engine over sockets
  friend class Subscriber;  // a session of its own on this store's engine
  using Kind = detail::CallState::Kind;
  friend class detail::FutureBackend<Client>;
  template <class Backend, class Keys, class F>
  friend Replies detail::watched_transaction(Backend&, const Keys&, F&, int);

  detail::CallHandle execute_handle(Argv&& argv);
  detail::CallHandle execute_batch(std::vector<Argv>&& commands, Kind kind, std::uint64_t lease);
  detail::CallHandle run_task(std::unique_ptr<detail::Continuation> task);
  std::uint64_t new_lease() noexcept;
  void end_lease(std::uint64_t lease) noexcept;
  AtomicView atomic_view() noexcept;
  void end_atomic() noexcept;

  std::unique_ptr<detail::Engine> engine_;
};

} // namespace not_redis
