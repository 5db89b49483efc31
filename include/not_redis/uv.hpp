#pragma once
/// @file
/// Opt-in: embedding a store in an application's own libuv loop.
///
/// ```
/// uv_loop_t* loop = uv_default_loop();
/// not_redis::Client store(loop);                 // no thread started
/// store.set("k", "v");                           // on the loop thread: runs at once
/// store.get("k").then([](auto f) { use(f.get()); });
/// uv_run(loop, UV_RUN_DEFAULT);                  // other threads' calls are served here
/// ```
/// And UvExecutor: continuations and coroutines resumed on an application's
/// own loop.

#include <functional>
#include <mutex>
#include <vector>

#include <uv.h>
// uv.h brings in <sys/param.h>, whose BSD-era function-like macro `setbit`
// would swallow every call of Client::setbit (and the macro has no other use
// in C++). Its siblings clrbit, isset and isclr clash with nothing here.
#ifdef setbit
#undef setbit
#endif

#include <not_redis/client.hpp>

namespace not_redis {

static_assert(std::is_same_v<uv_loop_t, uv_loop_s>, "uv_loop_t is expected to be struct uv_loop_s");

/// An Executor that runs posted tasks on the thread of a libuv loop of your
/// own, through a uv_async_t: `f.then(executor, callback)`,
/// `co_await f.on(executor)`. Tasks run in posting order, one loop iteration
/// after the post at the earliest. Like any active handle it keeps the loop
/// alive until closed.
///
/// ```
/// not_redis::UvExecutor ui(ui_loop);             // on ui_loop's thread
/// store.get("k").then(ui, [](auto done) { show(done.get()); });
/// ```
class UvExecutor {
public:
  /// Call on the loop's thread.
  explicit UvExecutor(uv_loop_t* loop);
  /// As close(); on the loop's thread.
  ~UvExecutor();
  UvExecutor(const UvExecutor&) = delete;
  UvExecutor& operator=(const UvExecutor&) = delete;

  /// Queues `task` to run on the loop's thread. Any thread. Throws
  /// Error(shutdown) once closed. A task that throws has its exception
  /// dropped, so it cannot unwind the loop (then() steps never throw here:
  /// their errors go to their futures).
  void post(std::function<void()> task);
  /// Stops accepting tasks and destroys the queued ones unrun (a then() step
  /// among them completes its future with Error(shutdown)). The loop's
  /// thread; run the loop once more (`uv_run(loop, UV_RUN_NOWAIT)`) so the
  /// handle finishes closing. Idempotent. Destroy the executor only once no
  /// pending future still refers to it (a closed one may stay as long as needed).
  void close() noexcept;

private:
  void run_posted() noexcept;

  uv_async_t* async_;  // freed in its close callback, which may run after we are gone
  std::mutex mutex_;
  std::vector<std::function<void()>> queue_;  // guarded by mutex_
  bool closed_ = false;                       // guarded by mutex_
};

} // namespace not_redis
