#pragma once
// Engine: the loop thread that owns a Store, the cross-thread command queue,
// and the timers (active expiry) that run on the store's clock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <uv.h>

#include <not_redis/future.hpp>
#include <not_redis/options.hpp>

#include "cmd/command.hpp"
#include "cmd/subscriber_host.hpp"
#include "engine/blocked_calls.hpp"

namespace not_redis::detail {

class Engine final : public SubscriberHost {
public:
  /// Own-thread mode: creates a loop and runs it on a new thread.
  explicit Engine(const Options& options);
  /// Attached mode: adds handles to `loop`; call on the loop's thread.
  Engine(uv_loop_t* loop, const Options& options);
  ~Engine();

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Any thread. On the loop thread the command runs at once.
  CallHandle execute(Argv&& argv);
  /// Any thread; idempotent.
  void shutdown() noexcept;
  /// Loop thread of an attached engine.
  void run_until_idle();
  /// Loop thread of an attached engine on a ManualClock: moves the clock to
  /// `until_us` through every timer due on the way, running each in turn.
  void run_until(std::int64_t until_us);

  // For the network server, which lives on the loop thread.

  /// Loop thread: runs `argv` for a network `session`. A command that blocks
  /// returns a handle that completes later (see unblock()).
  CallHandle execute_for(Session& session, Argv&& argv);
  /// Loop thread: ends a blocked call now, with `reply`, or with the reply its
  /// command gives on timeout. False if `state` is not blocked.
  bool unblock(CallState* state, std::optional<Value> reply) noexcept;
  /// Any thread: runs a pipeline's or a transaction's `commands` as one
  /// message, back to back on the loop (a transaction as MULTI ... EXEC). The
  /// reply is the array of replies (a transaction's: EXEC's reply). `lease`
  /// names a leased session to run for (0: the in-process session for a
  /// pipeline, a fresh one for a transaction).
  CallHandle execute_batch(std::vector<Argv>&& commands, CallState::Kind kind, std::uint64_t lease);
  /// Any thread: a new lease id. Its session is made on the loop when first
  /// used and lives until end_lease(id) (or the engine) ends it.
  std::uint64_t new_lease() noexcept { return next_lease_.fetch_add(1) + 1; }
  /// Any thread: ends a lease, unwatching its keys and unsubscribing it.
  void end_lease(std::uint64_t lease) noexcept;
  /// Any thread: a lease whose session delivers pub/sub messages to `inbox`
  /// (an in-process Subscriber). The inbox hears store_closed() when the
  /// store closes, or at once if it already has.
  std::uint64_t attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) override;
  /// Any thread: runs one command for a leased session.
  CallHandle execute_leased(Argv&& argv, std::uint64_t lease);
  CallHandle run_for_subscriber(Argv&& argv, std::uint64_t lease) override {
    return execute_leased(std::move(argv), lease);
  }
  void detach_subscriber(std::uint64_t lease) noexcept override { end_lease(lease); }
  /// Loop thread: runs `fn` once the current command and the others of its
  /// batch are done, in this loop turn: work that must not run inside a
  /// command (an in-process subscriber's callback may call the store).
  /// `fn` must not throw.
  void defer(std::function<void()> fn) override;
  /// Loop thread, for Client::atomically(): runs one command for the
  /// in-process session without blocking, at the time snapshot `now_us`.
  /// The keyspace's events wait for drain_after_atomic().
  Value run_atomic(const Argv& argv, std::int64_t now_us) noexcept;
  void drain_after_atomic() noexcept { if (store_.db.has_events()) drain_key_events(); }
  std::int64_t clock_now_us() const noexcept { return now_us(); }
  /// Any thread: runs `task` on the loop thread, in order with commands; the
  /// handle completes (nil) after it ran, or with a shutdown error.
  CallHandle run_on_loop(std::unique_ptr<Continuation> task);
  /// Loop thread: `hook` runs when the engine closes down, before its handles
  /// close (a server closes its sockets). Returns an id for remove_close_hook.
  std::uint64_t add_close_hook(std::function<void()> hook);
  void remove_close_hook(std::uint64_t id) noexcept;
  Store& store() noexcept { return store_; }
  uv_loop_t* loop() const noexcept { return loop_; }
  bool closed() const noexcept { return closed_; }
  bool on_loop_thread() const noexcept override { return std::this_thread::get_id() == loop_thread_; }
  /// What futures of this store inherit: its loop thread, and how long get() polls.
  Origin origin() const noexcept override { return {loop_thread_, caller_spin_us_}; }

private:
  // The tuning knobs of the active-expiry cycle, with their units.
  static constexpr std::chrono::microseconds kCycleBudget{1000};  // at effort 1; effort 10 gives 1.9 ms
  static constexpr std::chrono::milliseconds kBacklogGap{1};      // pause between cycles while keys are due
  static constexpr std::size_t kKeysPerBudgetCheck = 32;
  static constexpr std::size_t kManualClockKeysPerCycle = 20'000;  // deterministic budget under a ManualClock
  static constexpr std::chrono::microseconds kMaxSpinPerWake{1000};

  void init(const Options& options);
  /// Options::notify_keyspace_events as kNotify* classes; throws Error(usage).
  static int notify_classes(const Options& options);
  /// Runs one command; if it blocks, parks `state` (created on demand for
  /// loop-thread callers) and returns true.
  bool run_command(Argv& argv, CallState*& state, Value& reply, Session& session) noexcept;
  void finish_blocked(BlockedCalls::Waiter* waiter, Value&& reply) noexcept;
  /// The one consumer of the keyspace's events, after each top-level command
  /// (a whole EXEC counts as one): WATCH first, then the wake-ups of blocked
  /// callers, whose served commands write in turn, until nothing is left.
  void drain_key_events() noexcept;
  /// Runs a batch's commands (see execute_batch) and returns its reply.
  Value run_commands(std::vector<Argv>& commands, CallState::Kind kind, std::uint64_t lease) noexcept;
  Session& leased_session(std::uint64_t lease);
  bool expire_blocked_calls() noexcept;
  std::int64_t next_timer_us() const noexcept;
  void post(CallState* state) noexcept;
  void wake() noexcept;
  bool drain() noexcept;
  bool run_deferred() noexcept;
  bool run_batch(CallState* list) noexcept;
  void spin_and_drain() noexcept;
  void on_async() noexcept;
  void on_timer() noexcept;
  bool run_due_timers() noexcept;
  void active_expire_cycle() noexcept;
  void arm_timer() noexcept;
  void close_down() noexcept;
  std::int64_t now_us() const noexcept { return store_.clock->now().count(); }
  static void config_changed(void* self);

  static CallState* closed_marker() noexcept;

  Store store_;
  Session in_process_;  // the session every in-process caller shares
  SystemClock system_clock_;
  bool manual_time_ = false;
  std::uint64_t clock_listener_ = 0;

  uv_loop_t* loop_ = nullptr;
  std::optional<uv_loop_t> own_loop_;
  uv_async_t* async_ = nullptr;   // freed in its close callback
  uv_timer_t* timer_ = nullptr;   // idem
  std::thread thread_;
  std::thread::id loop_thread_;

  std::uint32_t caller_spin_us_ = 0;
  std::chrono::microseconds loop_spin_{0};

  // The queue: an intrusive lock-free stack the loop takes whole and reverses,
  // so each producer's commands run in the order posted.
  std::atomic<CallState*> head_{nullptr};
  std::atomic<bool> loop_spinning_{false};
  std::atomic<int> senders_{0};       // producers between push and uv_async_send
  std::atomic<bool> stop_requested_{false};
  std::atomic<CallState*> final_batch_{nullptr};  // queue contents when shutdown() closed it
  bool closed_ = false;               // loop thread only

  std::int64_t next_cycle_us_ = 0;    // when the next active-expiry cycle is due
  bool in_cycle_ = false;

  BlockedCalls blocked_;
  /// A leased session, and the inbox of the in-process subscriber it serves.
  struct Lease {
    std::unique_ptr<Session> session;
    std::shared_ptr<SubscriberInbox> inbox;
  };
  std::unordered_map<std::uint64_t, Lease> leased_;  // loop thread only
  std::vector<std::function<void()>> deferred_;     // loop thread only
  std::atomic<std::uint64_t> next_lease_{0};
  std::vector<KeyEvent> events_;  // the batch being drained; its buffer is reused
  std::vector<std::pair<CallState*, Value>> served_;
  bool draining_ = false;
  std::vector<std::pair<std::uint64_t, std::function<void()>>> close_hooks_;
  std::uint64_t next_hook_id_ = 1;
};

} // namespace not_redis::detail
