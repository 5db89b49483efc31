#pragma once
/// @file
/// not_redis::Future<T>: the result of every call.

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/error.hpp>
#include <not_redis/value.hpp>

namespace not_redis {

template <class T>
class Future;

namespace detail {

class Engine;

/// Work to run on the loop thread once a reply is there.
struct Continuation {
  virtual ~Continuation() = default;
  virtual void run() noexcept = 0;
};

/// A task run on the loop thread whose result is a C++ value, not a reply
/// (Client::atomically): the Future<R> of its CallState reads it from here.
template <class R>
struct TaskOutcome : Continuation {
  std::optional<R> result;
  std::exception_ptr error;
};
template <>
struct TaskOutcome<void> : Continuation {
  std::exception_ptr error;
};

/// Whether replies convert to T (Future<T> of a command) or T is only ever a
/// task's result.
template <class T>
concept ReplyConvertible = std::same_as<T, Value> || requires(Value&& r) { FromValue<T>::convert(std::move(r)); };

/// One command in flight: its arguments on the way in, its reply on the way
/// out. Shared by the caller's future and the engine (two references), and
/// linked intrusively into the engine's queue, so a call costs one allocation.
class CallState {
public:
  CallState(Argv&& argv, std::thread::id loop_thread, std::uint32_t spin_us) noexcept
      : argv(std::move(argv)), loop_thread_(loop_thread), spin_us_(spin_us) {}
  ~CallState() {
    if (owns_continuation_) delete continuation_;  // registered, never run: nothing completed us
  }
  CallState(const CallState&) = delete;
  CallState& operator=(const CallState&) = delete;

  bool ready() const noexcept { return (status_.load(std::memory_order_acquire) & kReady) != 0; }
  /// Blocks until ready; throws Error(usage) if that would block the loop thread.
  void wait();
  bool wait_for(std::chrono::nanoseconds timeout);
  /// Moves the reply out; only once ready.
  Value take_reply() noexcept { return std::move(reply_); }
  /// Runs `c` on the loop thread when the reply arrives, or at once on this
  /// thread if it is already there. One continuation per state; it may be
  /// registered while another thread sleeps in wait().
  void on_ready(std::unique_ptr<Continuation> c) noexcept { register_continuation(c.release(), true); }
  /// The same for a continuation owned elsewhere, which must outlive its run.
  void on_ready(Continuation& c) noexcept { register_continuation(&c, false); }

  /// Engine side, loop thread only: publishes the reply, wakes waiters, runs
  /// any continuation.
  void complete(Value&& reply) noexcept;
  /// Engine side: completes without running the command (the store shut down).
  void fail_shutdown() noexcept {
    shut_down_ = true;
    complete(Value{});
  }
  /// True if the command never ran because the store shut down.
  bool shut_down() const noexcept { return shut_down_; }

  void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  /// What the call runs: one command (argv), a batch of them, or a task.
  enum class Kind : std::uint8_t { command, pipeline, transaction };

  Argv argv;
  CallState* next = nullptr;  ///< queue link, owned by the engine
  Kind kind = Kind::command;
  /// A pipeline's or transaction's commands, sent as this one message.
  std::vector<Argv> batch;
  /// The leased session a batch runs for (Client::transaction's WATCH); 0 = none.
  std::uint64_t lease = 0;
  /// Set for work posted to the loop thread (Engine::run_on_loop) instead of a command.
  std::unique_ptr<Continuation> task;

private:
  // status_ is a set of flags: a continuation and a sleeping waiter may both be
  // announced before completion, and complete() serves both.
  static constexpr std::uint32_t kPending = 0;
  static constexpr std::uint32_t kHasContinuation = 1;
  static constexpr std::uint32_t kWaiting = 2;  // a caller sleeps on status_: complete() must wake it
  static constexpr std::uint32_t kReady = 4;

  void register_continuation(Continuation* c, bool owned) noexcept;
  void run_continuation() noexcept;

  std::atomic<std::uint32_t> status_{kPending};
  std::atomic<std::uint32_t> refs_{2};
  std::thread::id loop_thread_;
  std::uint32_t spin_us_;
  bool shut_down_ = false;
  bool owns_continuation_ = false;
  Value reply_;
  Continuation* continuation_ = nullptr;
};

/// The untyped core of a Future: a reply that is already there (commands run
/// inline on the loop thread) or a CallState to wait on.
class CallHandle {
public:
  CallHandle() noexcept = default;
  explicit CallHandle(Value ready) noexcept : value_(std::move(ready)), has_value_(true) {}
  explicit CallHandle(CallState* state) noexcept : state_(state) {}
  /// A call refused because the store has shut down.
  static CallHandle shut_down() noexcept {
    CallHandle h;
    h.has_value_ = h.shut_down_ = true;
    return h;
  }
  CallHandle(CallHandle&& o) noexcept
      : state_(std::exchange(o.state_, nullptr)), value_(std::move(o.value_)),
        has_value_(std::exchange(o.has_value_, false)), shut_down_(std::exchange(o.shut_down_, false)) {}
  CallHandle& operator=(CallHandle&& o) noexcept {
    if (this != &o) {
      reset();
      state_ = std::exchange(o.state_, nullptr);
      value_ = std::move(o.value_);
      has_value_ = std::exchange(o.has_value_, false);
      shut_down_ = std::exchange(o.shut_down_, false);
    }
    return *this;
  }
  ~CallHandle() { reset(); }

  bool valid() const noexcept { return has_value_ || state_ != nullptr; }
  bool ready() const noexcept { return has_value_ || (state_ && state_->ready()); }
  void wait() const {
    check_valid();
    if (!has_value_) state_->wait();
  }
  bool wait_for(std::chrono::nanoseconds timeout) const {
    check_valid();
    return has_value_ || state_->wait_for(timeout);
  }
  /// Waits, then moves the reply out and leaves the handle invalid; throws
  /// Error(shutdown) if the command never ran.
  Value take() {
    wait();
    const bool refused = has_value_ ? shut_down_ : state_->shut_down();
    Value v = has_value_ ? std::move(value_) : state_->take_reply();
    reset();
    if (refused) throw Error(Error::Kind::shutdown, "not_redis: the store shut down before the command ran");
    return v;
  }
  /// The call in flight, or null if the reply was there at once.
  CallState* state() const noexcept { return state_; }
  /// Waits, then moves a task's result out (see TaskOutcome) and leaves the
  /// handle invalid; rethrows what the task threw.
  template <class R>
  R take_task_result() {
    wait();
    CallState* state = state_;
    state_ = nullptr;
    struct Release {
      CallState* s;
      ~Release() { s->release(); }
    } release{state};
    if (state->shut_down()) throw Error(Error::Kind::shutdown, "not_redis: the store shut down before the call ran");
    auto& outcome = static_cast<TaskOutcome<R>&>(*state->task);
    if (outcome.error) std::rethrow_exception(outcome.error);
    if constexpr (!std::is_void_v<R>) return std::move(*outcome.result);
  }
  void on_ready(std::unique_ptr<Continuation> c) noexcept {
    if (has_value_) c->run();
    else state_->on_ready(std::move(c));
  }
  void on_ready(Continuation& c) noexcept {
    if (has_value_) c.run();
    else state_->on_ready(c);
  }

private:
  void check_valid() const {
    if (!valid()) throw Error(Error::Kind::usage, "not_redis: this future has no value (moved from or already read)");
  }
  void reset() noexcept {
    if (state_) std::exchange(state_, nullptr)->release();
    has_value_ = shut_down_ = false;
  }

  CallState* state_ = nullptr;
  Value value_;
  bool has_value_ = false;
  bool shut_down_ = false;
};

template <class T>
Future<T> make_future(CallHandle&& handle);

} // namespace detail

/// The eventual reply of one command, converted to T.
///
/// Thread rules: get(), wait() and wait_for() from any thread; a blocking
/// wait on the store's loop thread for a reply that is not there yet throws
/// not_redis::Error (Kind::usage) instead of deadlocking. Commands issued on
/// the loop thread itself run at once, so their futures are always ready.
///
/// ```
/// auto f = client.incr("hits");          // any thread
/// long long hits = f.get();              // blocks briefly, or throws Error
/// client.get("k").then([](auto done) {   // runs on the loop thread
///   fmt::print("{}\n", done.get().value_or("(nil)"));
/// });
/// ```
/// Coroutines: `co_await client.get("k")` resumes on the loop thread when the
/// reply arrives later, or continues on the current thread when it is there.
template <class T>
class Future {
public:
  using value_type = T;

  /// An invalid future (valid() is false).
  Future() = default;
  Future(Future&&) noexcept = default;
  Future& operator=(Future&&) noexcept = default;

  bool valid() const noexcept { return handle_.valid(); }
  /// True once the reply is there; never blocks.
  bool ready() const noexcept { return handle_.ready(); }
  void wait() const { handle_.wait(); }
  /// Waits at most `timeout`; true if the reply is there.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return handle_.wait_for(std::chrono::duration_cast<std::chrono::nanoseconds>(timeout));
  }
  /// Waits for the reply and converts it; throws not_redis::Error for an error
  /// reply (unless T is Value) or a reply that does not convert. Once only.
  /// For Client::atomically(), the callable's result, or what it threw.
  T get() {
    if (const detail::CallState* state = handle_.state(); state && state->task) return handle_.template take_task_result<T>();
    if constexpr (detail::ReplyConvertible<T>) return from_value<T>(handle_.take());
    else throw Error(Error::Kind::usage, "not_redis: this future holds no reply");
  }

  /// Calls `f(Future<T>)` with this future, ready, on the loop thread when the
  /// reply arrives (at once on this thread if it already has). An exception
  /// thrown by `f` is swallowed: it must never unwind the loop.
  template <class F>
    requires std::invocable<F, Future<T>>
  void then(F&& f) && {
    struct Run final : detail::Continuation {
      Run(F&& fn, Future<T>&& fut) : fn(std::forward<F>(fn)), fut(std::move(fut)) {}
      void run() noexcept override {
        try {
          fn(std::move(fut));
        } catch (...) {
          // Nothing may escape onto the loop thread; a throwing callback loses only its own result.
        }
      }
      std::decay_t<F> fn;
      Future<T> fut;
    };
    if (!valid()) throw Error(Error::Kind::usage, "not_redis: then() on an invalid future");
    auto run = std::make_unique<Run>(std::forward<F>(f), std::move(*this));
    // The continuation owns the future it reports, so register through its handle.
    detail::CallHandle& handle = run->fut.handle_;
    handle.on_ready(std::move(run));
  }

  struct Awaiter {
    Future<T> fut;
    bool await_ready() const noexcept { return fut.ready(); }
    void await_suspend(std::coroutine_handle<> h) {
      struct Resume final : detail::Continuation {
        explicit Resume(std::coroutine_handle<> h) : h(h) {}
        void run() noexcept override { h.resume(); }
        std::coroutine_handle<> h;
      };
      fut.handle_.on_ready(std::make_unique<Resume>(h));
    }
    T await_resume() { return fut.get(); }
  };
  Awaiter operator co_await() && { return Awaiter{std::move(*this)}; }

private:
  explicit Future(detail::CallHandle&& h) noexcept : handle_(std::move(h)) {}
  template <class U>
  friend Future<U> detail::make_future(detail::CallHandle&&);

  detail::CallHandle handle_;
};

template <class T>
Future<T> detail::make_future(CallHandle&& handle) {
  return Future<T>(std::move(handle));
}

} // namespace not_redis
