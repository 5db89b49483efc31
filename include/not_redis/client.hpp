#pragma once
/// @file
/// not_redis::Client: an in-process Redis store.

#include <memory>
#include <string_view>
#include <thread>

#include <not_redis/argv.hpp>
#include <not_redis/commands/hashes.hpp>
#include <not_redis/commands/keys.hpp>
#include <not_redis/commands/lists.hpp>
#include <not_redis/commands/server.hpp>
#include <not_redis/commands/sets.hpp>
#include <not_redis/commands/strings.hpp>
#include <not_redis/future.hpp>
#include <not_redis/options.hpp>
#include <not_redis/value.hpp>

struct uv_loop_s;  // uv_loop_t, without pulling uv.h into every user

namespace not_redis {

namespace detail {
class Engine;
}
class Server;

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
class Client : public StringCommands<Client>,
               public KeyCommands<Client>,
               public ServerCommands<Client>,
               public HashCommands<Client>,
               public ListCommands<Client>,
               public SetCommands<Client> {
public:
  /// Starts a store on its own loop thread.
  explicit Client(Options options = {});
  /// Attaches a store to `loop` (a `uv_loop_t*`); call on the loop's thread.
  /// The store adds its handles to the loop and keeps the loop alive until
  /// destroyed; destroy it on the loop's thread, then run the loop once more
  /// (e.g. `uv_run(loop, UV_RUN_NOWAIT)`) so the handles finish closing.
  explicit Client(uv_loop_s* loop, Options options = {});
  /// Completes every pending future (with its reply if it ran, else with a
  /// shutdown error), then stops the loop thread (own-thread mode).
  ~Client();

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Runs any command, arguments converted with ToArgs: `command("SET", "k", 1)`.
  /// With `T = Value` an error reply is returned as an error Value; with any
  /// other T, get() throws it as not_redis::Error. Any thread.
  template <class T = Value, class... Args>
  Future<T> command(const Args&... args) {
    return detail::make_future<T>(execute_handle(make_argv(args...)));
  }

  /// Runs a ready-made argv. Any thread.
  Future<Value> execute(Argv argv) { return detail::make_future<Value>(execute_handle(std::move(argv))); }

  /// Stops accepting commands: every later call fails with Error(shutdown);
  /// commands already posted still run. Any thread; idempotent.
  void shutdown() noexcept;

  /// Attached stores, loop thread only: runs queued commands and the timers due
  /// by the clock until nothing is left to do, polling the loop without blocking.
  void run_until_idle();

  /// True on the thread that runs this store's loop.
  bool on_loop_thread() const noexcept;

private:
  friend class Server;  // serves this store's engine over sockets
  detail::CallHandle execute_handle(Argv&& argv);

  std::unique_ptr<detail::Engine> engine_;
};

} // namespace not_redis
