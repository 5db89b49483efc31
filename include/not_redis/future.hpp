#pragma once
/// @file
/// not_redis::Future<T>, the result of every call, and how it chains:
/// then(), co_await and executors (when_all() and when_any(): when.hpp).

#include <array>
#include <atomic>
#include <chrono>
#include <concepts>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ranges>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/error.hpp>
#include <not_redis/value.hpp>

namespace not_redis {

template <class T>
class Future;

/// Where a continuation runs: anything with `post(callable)` that runs the
/// callable once, on a thread of its choosing, or destroys it unrun (a closed
/// executor): a then() step or a co_await then completes with Error(shutdown).
/// post() may throw (the step's future then holds what it threw). The task it
/// gets is a std::function<void()>, so a template post() works as well.
/// The library has three: InlineExecutor, Client (its loop thread) and, in
/// not_redis/uv.hpp, UvExecutor (an application's own libuv loop).
template <class E>
concept Executor = requires(E& executor, std::function<void()> task) { executor.post(std::move(task)); };

/// Runs a continuation on the thread that completes the future: the store's
/// loop thread for a command's reply; the calling thread if the future is
/// ready already; for a chained future, the thread that finished its step.
/// The default of then() and co_await.
struct InlineExecutor {
  void post(std::function<void()> task) const { task(); }
};
inline constexpr InlineExecutor inline_executor{};

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
/// chained step's or a task's result. It looks inside the standard containers,
/// as FromValue<std::vector<X>> exists for any X but compiles only for a
/// convertible X: a Future<std::vector<MyType>> from then() must not try.
template <class T>
struct Converts : std::bool_constant<std::same_as<T, Value> || requires(Value&& r) { FromValue<T>::convert(std::move(r)); }> {};
template <class T>
struct Converts<std::optional<T>> : Converts<T> {};
template <class T, class A>
struct Converts<std::vector<T, A>> : Converts<T> {};
template <class A, class B>
struct Converts<std::pair<A, B>> : std::conjunction<Converts<A>, Converts<B>> {};
template <class... Ts>
struct Converts<std::tuple<Ts...>> : std::conjunction<Converts<Ts>...> {};
template <class K, class... Rest>
struct Converts<std::set<K, Rest...>> : Converts<K> {};
template <class K, class... Rest>
struct Converts<std::unordered_set<K, Rest...>> : Converts<K> {};
template <class K, class V, class... Rest>
struct Converts<std::map<K, V, Rest...>> : std::conjunction<Converts<K>, Converts<V>> {};
template <class K, class V, class... Rest>
struct Converts<std::unordered_map<K, V, Rest...>> : std::conjunction<Converts<K>, Converts<V>> {};
template <class T>
concept ReplyConvertible = Converts<T>::value;

/// Where a call's future belongs: the loop thread a blocking wait on it must
/// not happen on (a default id: none known), and how long such a wait polls.
/// A chained future inherits its source's.
struct Origin {
  std::thread::id loop_thread{};
  std::uint32_t spin_us = 0;
};

/// One command in flight: its arguments on the way in, its reply on the way
/// out. Shared by the caller's future and the engine (two references), and
/// linked intrusively into the engine's queue, so a call costs one allocation.
/// A chained future (then(), when_all(), ...) uses one too, with `task` holding
/// its result and a continuation, not the engine, as its producer.
class CallState {
public:
  CallState(Argv&& argv, std::thread::id loop_thread, std::uint32_t spin_us) noexcept
      : argv(std::move(argv)), loop_thread_(loop_thread), spin_us_(spin_us) {}
  /// A chained state: it inherits `source`'s loop-thread rule (null: none).
  explicit CallState(Origin origin) noexcept : loop_thread_(origin.loop_thread), spin_us_(origin.spin_us) {}
  ~CallState() {
    if (owns_continuation_) delete continuation_;  // registered, never run: nothing completed us
  }
  CallState(const CallState&) = delete;
  CallState& operator=(const CallState&) = delete;

  bool ready() const noexcept { return (status_.load(std::memory_order_acquire) & kReady) != 0; }
  /// Whether a caller has announced it sleeps in wait() (complete() then wakes
  /// it): lets a test order itself after that moment without sleeping.
  bool has_sleeper() const noexcept { return (status_.load(std::memory_order_acquire) & kWaiting) != 0; }
  Origin origin() const noexcept { return {loop_thread_, spin_us_}; }
  /// Blocks until ready; throws Error(usage) if that would block the loop thread.
  void wait();
  bool wait_for(std::chrono::nanoseconds timeout);
  /// Moves the reply out; only once ready.
  Value take_reply() noexcept { return std::move(reply_); }
  /// Runs `c` on the thread that completes this state, or at once on this
  /// thread if it is complete already. One continuation per state; it may be
  /// registered while another thread sleeps in wait().
  void on_ready(std::unique_ptr<Continuation> c) noexcept { register_continuation(c.release(), true); }
  /// The same for a continuation owned elsewhere, which must outlive its run.
  void on_ready(Continuation& c) noexcept { register_continuation(&c, false); }

  /// The producer side (the engine on the loop thread, or the continuation of
  /// a chained state on any thread): publishes the reply, wakes waiters, runs
  /// any continuation.
  void complete(Value&& reply) noexcept;
  /// Engine side: completes without running the command (the store shut down).
  void fail_shutdown() noexcept { fail(Error::Kind::shutdown, {}); }
  /// Completes with a failure that is not a reply (the store shut down, the
  /// connection to a server was lost, no reply in time): take() throws
  /// Error(kind, message), even for a Future<Value>. An empty message for
  /// shutdown gives the usual text.
  void fail(Error::Kind kind, std::string message) noexcept {
    failure_ = kind;
    failed_ = true;
    complete(message.empty() ? Value{} : Value::error(std::move(message)));
  }
  /// True if the command never ran because the store shut down.
  bool shut_down() const noexcept { return failed_ && failure_ == Error::Kind::shutdown; }
  /// True if completed by fail(); failure() then names the kind.
  bool failed() const noexcept { return failed_; }
  Error::Kind failure() const noexcept { return failure_; }

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
  /// RemoteClient on a cluster: redirections (MOVED, ASK, TRYAGAIN) so far.
  std::uint16_t redirects = 0;
  /// Set for work posted to the loop thread (Engine::run_on_loop) instead of a
  /// command, and for chained states: a TaskOutcome the Future reads.
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
  bool failed_ = false;
  Error::Kind failure_ = Error::Kind::shutdown;
  bool owns_continuation_ = false;
  Value reply_;
  Continuation* continuation_ = nullptr;
};

/// The untyped core of a Future: a reply that is already there (commands run
/// inline on the loop thread) or a CallState to wait on.
class CallHandle {
public:
  CallHandle() noexcept = default;
  /// A reply that is already there; `loop_thread` is the store's, where the
  /// call ran, so that futures chained on it still refuse to block there.
  explicit CallHandle(Value ready, std::thread::id loop_thread = {}) noexcept
      : value_(std::move(ready)), has_value_(true), loop_thread_(loop_thread) {}
  explicit CallHandle(CallState* state) noexcept : state_(state) {}
  /// A call refused because the store has shut down.
  static CallHandle shut_down() noexcept {
    CallHandle h;
    h.has_value_ = h.shut_down_ = true;
    return h;
  }
  CallHandle(CallHandle&& o) noexcept
      : state_(std::exchange(o.state_, nullptr)), value_(std::move(o.value_)),
        has_value_(std::exchange(o.has_value_, false)), shut_down_(std::exchange(o.shut_down_, false)),
        loop_thread_(o.loop_thread_) {}
  CallHandle& operator=(CallHandle&& o) noexcept {
    if (this != &o) {
      reset();
      state_ = std::exchange(o.state_, nullptr);
      value_ = std::move(o.value_);
      has_value_ = std::exchange(o.has_value_, false);
      shut_down_ = std::exchange(o.shut_down_, false);
      loop_thread_ = o.loop_thread_;
    }
    return *this;
  }
  ~CallHandle() { reset(); }

  bool valid() const noexcept { return has_value_ || state_ != nullptr; }
  Origin origin() const noexcept { return state_ ? state_->origin() : Origin{loop_thread_, 0}; }
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
    const bool refused = has_value_ ? shut_down_ : state_->failed();
    const Error::Kind failure = has_value_ || !state_->failed() ? Error::Kind::shutdown : state_->failure();
    Value v = has_value_ ? std::move(value_) : state_->take_reply();
    reset();
    if (refused) throw_failure(failure, std::move(v));
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
    if (state->failed()) throw_failure(state->failure(), state->take_reply());
    auto& outcome = static_cast<TaskOutcome<R>&>(*state->task);
    // Moved out, so that the exception's last owner is this thread: the loop
    // thread may delete the outcome while a catch block here still reads it.
    if (outcome.error) std::rethrow_exception(std::exchange(outcome.error, nullptr));
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
  [[noreturn]] static void throw_failure(Error::Kind kind, Value&& message) {
    if (message.is_error()) throw Error(kind, message.take_string());
    throw Error(Error::Kind::shutdown, "not_redis: the store shut down before the command ran");
  }
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
  std::thread::id loop_thread_{};
};


template <class T>
Future<T> make_future(CallHandle&& handle);

/// The chaining machinery's way into a Future (not part of Future's API).
struct FutureAccess {
  template <class T>
  static CallHandle& handle(Future<T>& f) noexcept {
    return f.handle_;
  }
};

template <class T>
struct IsFuture : std::false_type {};
template <class T>
struct IsFuture<Future<T>> : std::true_type {};

/// then()'s value type: what the callback returns, a Future<U> flattened to U.
template <class U>
struct Flatten {
  using type = U;
};
template <class U>
struct Flatten<Future<U>> {
  using type = U;
};

/// What a Future<T> contributes to when_all()'s tuple: a void one, a placeholder.
template <class T>
using Element = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
Element<T> take_element(Future<T>& f) {
  if constexpr (std::is_void_v<T>) {
    f.get();
    return {};
  } else {
    return f.get();
  }
}

/// An executor kept until a continuation needs it: referenced when the caller
/// passed an lvalue (it must outlive the continuation), owned when a temporary.
template <class E>
class HeldExecutor {
public:
  explicit HeldExecutor(E&& e) : executor_(std::forward<E>(e)) {}
  std::remove_reference_t<E>& get() noexcept { return executor_; }

private:
  E executor_;
};

/// What a then() step or an on() awaiter posts to an executor. An executor may
/// copy the task (std::function) or destroy it unrun (a closed one does): the
/// shared ticket resumes its target at most once, and fails it with
/// Error(shutdown) when every copy was dropped unrun, so nothing hangs.
template <class Target>
class Ticket {
public:
  explicit Ticket(Target& target) noexcept : target_(&target) {}
  ~Ticket() {
    if (taken_.load(std::memory_order_acquire)) return;
    try {
      fail(std::make_exception_ptr(
          Error(Error::Kind::shutdown, "not_redis: the executor dropped a continuation without running it")));
    } catch (...) {
      fail(std::current_exception());
    }
  }
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;

  void run() noexcept {
    if (!taken_.exchange(true, std::memory_order_acq_rel)) target_->resume();
  }
  void fail(std::exception_ptr error) noexcept {
    if (!taken_.exchange(true, std::memory_order_acq_rel)) target_->fail(std::move(error));
  }

private:
  Target* target_;
  std::atomic<bool> taken_{false};
};

/// Has `executor` call target.resume(), or target.fail() if it cannot. The
/// target may be gone when this returns (the executor may run it at once).
template <class Target, class E>
void post_resume(E& executor, Target& target) noexcept {
  std::shared_ptr<Ticket<Target>> ticket;
  try {
    ticket = std::make_shared<Ticket<Target>>(target);
    executor.post(std::function<void()>([ticket] { ticket->run(); }));
  } catch (...) {
    if (ticket) ticket->fail(std::current_exception());
    else target.fail(std::current_exception());
  }
}

/// Makes a chained state with its producer (a TaskOutcome<R> that also holds
/// the inputs) and starts the producer: a chained future costs two allocations.
template <class R, class Producer, class... Args>
Future<R> start_chained(Origin like, Args&&... args) {
  auto* state = new CallState(like);
  Producer* producer = nullptr;
  try {
    auto owned = std::make_unique<Producer>(state, std::forward<Args>(args)...);
    producer = owned.get();
    state->task = std::move(owned);
  } catch (...) {
    delete state;
    throw;
  }
  Future<R> out = make_future<R>(CallHandle(state));
  producer->start();
  return out;
}

/// Publishes a producer's outcome: completes its state and drops the
/// producer's reference, which may free the producer itself.
inline void finish_chained(CallState* state) noexcept {
  state->complete(Value{});
  state->release();
}

/// One then() step: the chained state's producer, registered on the source.
template <class T, class R, class Fn, class Exec>
class Step final : public TaskOutcome<R> {
  using Out = std::invoke_result_t<Fn&, Future<T>>;
  static constexpr bool kFlatten = IsFuture<std::remove_cvref_t<Out>>::value;
  static constexpr bool kInline = std::same_as<Exec, InlineExecutor>;
  struct None {
    None() = default;
    explicit None(const void*) noexcept {}
  };
  // A callback's Future is awaited through this, so flattening costs nothing more.
  struct Forward final : Continuation {
    explicit Forward(Step* step) noexcept : step(step) {}
    void run() noexcept override { step->take_inner(); }
    Step* step;
  };

public:
  template <class F>
  Step(CallState* state, F&& fn, Future<T>&& source, Exec&& executor)
      : state_(state), fn_(std::forward<F>(fn)), source_(std::move(source)), executor_(std::move(executor)),
        forward_(this) {}

  void start() noexcept { FutureAccess::handle(source_).on_ready(static_cast<Continuation&>(*this)); }
  /// The source is ready.
  void run() noexcept override {
    if constexpr (kInline) resume();
    else post_resume(executor_.get(), *this);
  }
  /// Runs the callback, here and now.
  void resume() noexcept {
    try {
      if constexpr (kFlatten) {
        inner_ = std::invoke(*fn_, std::move(source_));
        fn_.reset();
        if (!inner_.valid()) throw Error(Error::Kind::usage, "not_redis: a then() callback returned an invalid future");
        FutureAccess::handle(inner_).on_ready(forward_);
        return;
      } else if constexpr (std::is_void_v<Out>) {
        std::invoke(*fn_, std::move(source_));
      } else {
        this->result.emplace(std::invoke(*fn_, std::move(source_)));
      }
    } catch (...) {
      this->error = std::current_exception();
    }
    fn_.reset();  // its captures go now, not when the last future does
    finish_chained(state_);
  }
  void fail(std::exception_ptr error) noexcept {
    this->error = std::move(error);
    fn_.reset();
    finish_chained(state_);
  }

private:
  void take_inner() noexcept {
    if constexpr (kFlatten) {
      try {
        if constexpr (std::is_void_v<R>) inner_.get();
        else this->result.emplace(inner_.get());
      } catch (...) {
        this->error = std::current_exception();
      }
      finish_chained(state_);
    }
  }

  CallState* state_;
  std::optional<Fn> fn_;
  Future<T> source_;
  [[no_unique_address]] Exec executor_;
  [[no_unique_address]] std::conditional_t<kFlatten, Future<R>, None> inner_;
  [[no_unique_address]] std::conditional_t<kFlatten, Forward, None> forward_;
};

/// co_await's awaiter; with an executor other than InlineExecutor, the
/// coroutine always resumes through it, even if the future is ready.
template <class T, class Exec>
class ResumeOn {
  static constexpr bool kInline = std::same_as<Exec, InlineExecutor>;
  struct Arrived final : Continuation {
    void run() noexcept override {
      if constexpr (kInline) self->resume();
      else post_resume(self->executor_.get(), *self);
    }
    ResumeOn* self = nullptr;
  };

public:
  ResumeOn(Future<T>&& future, Exec&& executor) : future_(std::move(future)), executor_(std::move(executor)) {}

  bool await_ready() const noexcept { return kInline && future_.ready(); }
  void await_suspend(std::coroutine_handle<> coroutine) noexcept {
    // The awaiter stays put in the coroutine frame from here to its resumption.
    coroutine_ = coroutine;
    arrived_.self = this;
    FutureAccess::handle(future_).on_ready(arrived_);
  }
  T await_resume() {
    if (failure_) std::rethrow_exception(failure_);
    return future_.get();
  }

  void resume() noexcept { coroutine_.resume(); }
  void fail(std::exception_ptr error) noexcept {
    failure_ = std::move(error);
    coroutine_.resume();
  }

private:
  Future<T> future_;
  [[no_unique_address]] Exec executor_;
  Arrived arrived_;
  std::coroutine_handle<> coroutine_;
  std::exception_ptr failure_;
};

} // namespace detail

/// The eventual result of one call: a command's reply converted to T, or the
/// value of a chained step (then(), when_all(), when_any(), atomically()).
///
/// Thread rules: every member from any thread, one thread at a time per
/// future. A blocking wait (get(), wait(), wait_for()) on the store's loop
/// thread for a result that is not there yet throws not_redis::Error
/// (Kind::usage) instead of deadlocking: chain with then() or co_await there.
/// Commands issued on the loop thread itself run at once, so their futures are
/// ready (except a blocking command's, such as BLPOP, that has to wait).
///
/// ```
/// auto f = client.incr("hits");          // any thread
/// long long hits = f.get();              // blocks briefly, or throws Error
/// client.get("k").then([](auto done) {   // runs on the loop thread
///   fmt::print("{}\n", done.get().value_or("(nil)"));
/// });
/// ```
/// Coroutines: `co_await client.get("k")` resumes on the loop thread when the
/// reply arrives later, or continues on the current thread when it is there;
/// `co_await client.get("k").on(executor)` resumes through `executor`.
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
  /// For a chained future: the step's value, or what it threw.
  T get() {
    if (const detail::CallState* state = handle_.state(); state && state->task) return handle_.template take_task_result<T>();
    if constexpr (detail::ReplyConvertible<T>) return from_value<T>(handle_.take());
    else throw Error(Error::Kind::usage, "not_redis: this future holds no reply");
  }

  /// Calls `callback(Future<T>)` with this future, once ready, and returns a
  /// Future of what it returns: Future<U> for a U, Future<void> for nothing,
  /// and for a returned Future<U>, a Future<U> completing with that future's
  /// result (flattened). So calls chain:
  /// `store.get("k").then(parse).then(store_result)`.
  ///
  /// The callback gets the ready future, not its value, so it sees errors:
  /// `done.get()` rethrows an error reply or a previous step's exception, and
  /// a step that does not catch it passes it on. Whatever the callback throws
  /// completes the returned future with it (get() rethrows it, a
  /// not_redis::Error keeping its kind): nothing escapes onto the loop thread.
  ///
  /// Consumes this future (an lvalue too: valid() is false afterwards). Any
  /// thread. The callback runs as with InlineExecutor: on the loop thread when
  /// a reply arrives, at once on this thread if the future is ready already.
  /// Keep it short on the loop, or pass an executor.
  template <class F>
  auto then(F&& callback) {
    return then(inline_executor, std::forward<F>(callback));
  }
  /// The same, with the callback posted to `executor` once this future is
  /// ready (even if it already is, unless `executor` is InlineExecutor). An
  /// lvalue executor is referenced and must outlive the callback's run; a
  /// temporary is moved into the step. An executor that drops the callback
  /// unrun completes the returned future with Error(shutdown).
  template <class E, class F>
    requires Executor<std::remove_reference_t<E>>
  auto then(E&& executor, F&& callback) {
    constexpr bool kAccepts = std::invocable<std::decay_t<F>&, Future<T>>;
    static_assert(kAccepts,
                  "not_redis: a then() callback must accept the ready future, not_redis::Future<T> (by value, or "
                  "auto): it calls get() on it to read the value or see the error, e.g. [](auto done) { use(done.get()); }");
    if constexpr (kAccepts) {
      using Fn = std::decay_t<F>;
      using R = typename detail::Flatten<std::remove_cvref_t<std::invoke_result_t<Fn&, Future<T>>>>::type;
      if (!valid()) throw Error(Error::Kind::usage, "not_redis: then() on an invalid future");
      const detail::Origin source = handle_.origin();
      if constexpr (std::same_as<std::remove_cvref_t<E>, InlineExecutor>) {
        return detail::start_chained<R, detail::Step<T, R, Fn, InlineExecutor>>(source, std::forward<F>(callback),
                                                                                 std::move(*this), InlineExecutor{});
      } else {
        using Held = detail::HeldExecutor<E>;
        return detail::start_chained<R, detail::Step<T, R, Fn, Held>>(source, std::forward<F>(callback),
                                                                       std::move(*this),
                                                                       Held(std::forward<E>(executor)));
      }
    }
  }

  /// `co_await future.on(executor)`: resumes the coroutine through `executor`
  /// once the future is ready (even if it already is, unless `executor` is
  /// InlineExecutor), and yields get()'s value. If the executor drops the
  /// resumption, the coroutine resumes where it was dropped and co_await
  /// throws Error(shutdown). Consumes the future; executor kept as by then().
  template <class E>
    requires Executor<std::remove_reference_t<E>>
  auto on(E&& executor) {
    if (!valid()) throw Error(Error::Kind::usage, "not_redis: on() on an invalid future");
    if constexpr (std::same_as<std::remove_cvref_t<E>, InlineExecutor>)
      return detail::ResumeOn<T, InlineExecutor>(std::move(*this), InlineExecutor{});
    else
      return detail::ResumeOn<T, detail::HeldExecutor<E>>(std::move(*this),
                                                         detail::HeldExecutor<E>(std::forward<E>(executor)));
  }
  /// `co_await future`: as `co_await future.on(inline_executor)`.
  auto operator co_await() && { return on(inline_executor); }

private:
  explicit Future(detail::CallHandle&& h) noexcept : handle_(std::move(h)) {}
  template <class U>
  friend Future<U> detail::make_future(detail::CallHandle&&);
  friend struct detail::FutureAccess;

  detail::CallHandle handle_;
};

template <class T>
Future<T> detail::make_future(CallHandle&& handle) {
  return Future<T>(std::move(handle));
}

} // namespace not_redis
