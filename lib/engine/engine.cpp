#include "engine/engine.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <span>

#include <fmt/format.h>

#include "cmd/errors.hpp"
#include "cmd/notifications.hpp"
#include "cmd/settings.hpp"
#include "cmd/table.hpp"
#include "families/transactions.hpp"
#include "util/process_memory.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace not_redis::detail {

namespace {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

std::int64_t steady_us() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

template <class Handle>
void close_and_free(Handle* handle) {
  uv_close(reinterpret_cast<uv_handle_t*>(handle), [](uv_handle_t* h) { delete reinterpret_cast<Handle*>(h); });
}

} // namespace

int Engine::notify_classes(const Options& options) {
  if (options.notify_keyspace_events.empty()) return 0;
  const std::optional<int> classes = parse_notify_events(options.notify_keyspace_events);
  if (!classes)
    throw Error(Error::Kind::usage, fmt::format("not_redis: Options::notify_keyspace_events: '{}' has a letter Redis "
                                                "does not know (its classes: K E g $ l s h z x e n t d m A)",
                                                options.notify_keyspace_events));
  return *classes;
}

CallState* Engine::closed_marker() noexcept {
  // Never dereferenced: once head_ holds it, the queue accepts nothing more.
  static char marker alignas(CallState);
  return reinterpret_cast<CallState*>(&marker);
}

void Engine::init(const Options& options) {
  store_.clock = options.clock ? options.clock : &system_clock_;
  manual_time_ = !store_.clock->moves_by_itself();
  store_.rng.seed(options.seed ? *options.seed : std::random_device{}());
  store_.config.hz = std::clamp(options.hz, 1, 500);
  store_.config.active_expire_effort = std::clamp(options.active_expire_effort, 1, 10);
  const int notify = notify_classes(options);
  store_.config.notify_keyspace_events = notify;
  store_.db.set_notify_new(notify & kNotifyNew);
  store_.start_time_us = now_us();
  store_.used_memory_startup = used_memory();
  store_.engine = this;
  // In-process callers get Values in RESP3's model, and need no password.
  in_process_.id = store_.next_session_id++;
  in_process_.resp = 3;
  in_process_.shared = true;
  store_.on_config_changed = &Engine::config_changed;
  store_.db.set_lazy_free(&store_.lazy_free);
  caller_spin_us_ = static_cast<std::uint32_t>(std::max<long long>(0, options.caller_spin.count()));

  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(loop_, async_, [](uv_async_t* h) { static_cast<Engine*>(h->data)->on_async(); });
  timer_ = new uv_timer_t;
  timer_->data = this;
  uv_timer_init(loop_, timer_);
  next_cycle_us_ = now_us() + 1'000'000 / store_.config.hz;
  if (!manual_time_) arm_timer();
  if (manual_time_) clock_listener_ = store_.clock->add_listener([this] { wake(); });
}

Engine::Engine(const Options& options) {
  notify_classes(options);  // refuses bad options before anything is made
  own_loop_.emplace();
  uv_loop_init(&*own_loop_);
  loop_ = &*own_loop_;
  loop_spin_ = options.loop_spin.value_or(std::chrono::microseconds(20));
  init(options);
  std::atomic<bool> started{false};
  thread_ = std::thread([this, &started] {
    loop_thread_ = std::this_thread::get_id();
    started.store(true, std::memory_order_release);
    started.notify_one();
    uv_run(loop_, UV_RUN_DEFAULT);
  });
  started.wait(false, std::memory_order_acquire);
}

Engine::Engine(uv_loop_t* loop, const Options& options) : loop_(loop), loop_thread_(std::this_thread::get_id()) {
  notify_classes(options);
  loop_spin_ = options.loop_spin.value_or(std::chrono::microseconds(0));
  init(options);
  // A library's handles should not keep the application's loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
}

Engine::~Engine() {
  if (thread_.joinable()) {
    shutdown();
    thread_.join();
    uv_loop_close(loop_);
  } else {
    // Attached: we are on the loop thread; finish everything now. The handles
    // finish closing the next time the application runs its loop.
    stop_requested_.store(true);
    close_down();
  }
}

CallHandle Engine::execute(Argv&& argv) {
  if (on_loop_thread()) return execute_for(in_process_, std::move(argv));
  auto* state = new CallState(std::move(argv), loop_thread_, caller_spin_us_);
  post(state);
  return CallHandle(state);
}

CallHandle Engine::execute_for(Session& session, Argv&& argv) {
  // shutdown() closed the door even if the loop has not run close_down() yet
  // (an attached loop with nothing else active may not run it until ~Engine).
  if (closed_ || stop_requested_.load()) return CallHandle::shut_down();
  CallState* state = nullptr;
  Value reply;
  if (run_command(argv, state, reply, session)) return CallHandle(state);  // parked: completes later
  return CallHandle(std::move(reply), loop_thread_);
}

CallHandle Engine::run_on_loop(std::unique_ptr<Continuation> task) {
  auto* state = new CallState(Argv{}, loop_thread_, caller_spin_us_);
  state->task = std::move(task);
  if (on_loop_thread()) {
    if (closed_) {
      state->fail_shutdown();
      state->release();
    } else {
      state->task->run();
      state->complete(Value{});
      state->release();
    }
    return CallHandle(state);
  }
  post(state);
  return CallHandle(state);
}

CallHandle Engine::execute_batch(std::vector<Argv>&& commands, CallState::Kind kind, std::uint64_t lease) {
  if (on_loop_thread()) {
    if (closed_ || stop_requested_.load()) return CallHandle::shut_down();
    return CallHandle(run_commands(commands, kind, lease), loop_thread_);
  }
  auto* state = new CallState(Argv{}, loop_thread_, caller_spin_us_);
  state->kind = kind;
  state->batch = std::move(commands);
  state->lease = lease;
  post(state);
  return CallHandle(state);
}

Session& Engine::leased_session(std::uint64_t lease) {
  auto& session = leased_[lease].session;
  if (!session) {
    session = std::make_unique<Session>();
    session->id = store_.next_session_id++;
    session->resp = 3;  // in-process callers see RESP3's Values
  }
  return *session;
}

void Engine::end_lease(std::uint64_t lease) noexcept {
  struct End final : Continuation {
    End(Engine* engine, std::uint64_t lease) : engine(engine), lease(lease) {}
    void run() noexcept override {
      auto it = engine->leased_.find(lease);
      if (it == engine->leased_.end() || !it->second.session) return;
      discard_transaction(engine->store_, *it->second.session);
      engine->store_.pubsub.unsubscribe_all(*it->second.session);
      engine->leased_.erase(it);
    }
    Engine* engine;
    std::uint64_t lease;
  };
  try {
    // The handle is dropped: nobody waits for the end of a lease. After a
    // shutdown the task never runs; the engine frees the session then.
    run_on_loop(std::make_unique<End>(this, lease));
  } catch (const std::bad_alloc&) {
    // The session stays until the engine goes; its watches cost only memory.
  }
}

std::uint64_t Engine::attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) {
  struct Attach final : Continuation {
    Attach(Engine* engine, std::uint64_t lease, std::shared_ptr<SubscriberInbox> inbox) noexcept
        : engine(engine), lease(lease), inbox(std::move(inbox)) {}
    ~Attach() override {
      if (inbox) inbox->store_closed();  // never ran: the store shut down first
    }
    void run() noexcept override {
      try {
        Session& session = engine->leased_session(lease);
        session.sink = inbox.get();
        engine->leased_[lease].inbox = std::move(inbox);
      } catch (const std::bad_alloc&) {
        // Without a session, subscribing fails with an error reply: no sink.
        engine->leased_.erase(lease);
        inbox.reset();
      }
    }
    Engine* engine;
    std::uint64_t lease;
    std::shared_ptr<SubscriberInbox> inbox;
  };
  const std::uint64_t lease = new_lease();
  // Dropping the handle is fine: commands posted later by any thread that saw
  // this lease run after the attachment.
  run_on_loop(std::make_unique<Attach>(this, lease, std::move(inbox)));
  return lease;
}

CallHandle Engine::execute_leased(Argv&& argv, std::uint64_t lease) {
  if (on_loop_thread()) {
    if (closed_ || stop_requested_.load()) return CallHandle::shut_down();
    Session* session = nullptr;
    try {
      session = &leased_session(lease);
    } catch (const std::bad_alloc&) {
      return CallHandle(Value::error(std::string(errors::kOutOfMemory)), loop_thread_);
    }
    return execute_for(*session, std::move(argv));
  }
  auto* state = new CallState(std::move(argv), loop_thread_, caller_spin_us_);
  state->lease = lease;
  post(state);
  return CallHandle(state);
}

void Engine::defer(std::function<void()> fn) {
  deferred_.push_back(std::move(fn));
  // Wakes this loop for a command run from a socket or an application's
  // callback; within drain() it is run before the loop sleeps anyway.
  if (deferred_.size() == 1 && !closed_) uv_async_send(async_);
}

bool Engine::run_deferred() noexcept {
  if (deferred_.empty()) return false;
  // What the deferred work defers in turn runs in the next round.
  for (auto& fn : std::exchange(deferred_, {})) fn();
  return true;
}

Value Engine::run_commands(std::vector<Argv>& commands, CallState::Kind kind, std::uint64_t lease) noexcept {
  try {
    if (kind == CallState::Kind::pipeline) {
      Session& session = lease ? leased_session(lease) : in_process_;
      Value::Array replies;
      replies.reserve(commands.size());
      // A batch knows its keys before it runs: their lookups are prefetched a
      // window at a time, one window ahead, so each command finds its node in
      // cache. The first argument is the key of nearly every command; a wrong
      // guess costs one hash.
      constexpr std::size_t kWindow = Keyspace::kPrefetchKeys;
      const auto prefetch_window = [&](std::size_t first) {
        std::array<std::string_view, kWindow> keys;
        std::size_t n = 0;
        for (std::size_t j = first; j < std::min(commands.size(), first + kWindow); ++j)
          if (commands[j].size() > 1) keys[n++] = commands[j][1];
        store_.db.prefetch(std::span(keys.data(), n));
      };
      prefetch_window(0);
      for (std::size_t i = 0; i < commands.size(); ++i) {
        if (i % kWindow == 0) prefetch_window(i + kWindow);
        const Argv& argv = commands[i];
        Outcome outcome = dispatch(store_, session, argv, CallMode{.deny_blocking = true});
        replies.push_back(outcome.blocked() ? Value{} : std::move(outcome.reply()));
        // Each command of a pipeline is a command of its own: its writes are
        // reported before the next one runs, as if sent alone.
        if (store_.db.has_events()) drain_key_events();
      }
      return Value::array(std::move(replies));
    }
    // A transaction is what a connection would send: MULTI, the commands,
    // EXEC, through the one dispatch path, so its semantics are Redis's.
    Session fresh;
    fresh.id = in_process_.id;
    fresh.resp = 3;
    Session& session = lease ? leased_session(lease) : fresh;
    static const Argv kMulti{"MULTI"};
    static const Argv kExec{"EXEC"};
    Value reply = std::move(dispatch(store_, session, kMulti).reply());
    if (reply.is_error()) return reply;
    for (const Argv& argv : commands) dispatch(store_, session, argv);
    reply = std::move(dispatch(store_, session, kExec).reply());
    if (store_.db.has_events()) drain_key_events();
    return reply;
  } catch (const std::bad_alloc&) {
    return Value::error(std::string(errors::kOutOfMemory));
  }
}

Value Engine::run_atomic(const Argv& argv, std::int64_t now_us) noexcept {
  Outcome outcome = dispatch(store_, in_process_, argv, CallMode{.deny_blocking = true, .now_us = now_us});
  return outcome.blocked() ? Value{} : std::move(outcome.reply());
}

std::uint64_t Engine::add_close_hook(std::function<void()> hook) {
  close_hooks_.emplace_back(next_hook_id_, std::move(hook));
  return next_hook_id_++;
}

void Engine::remove_close_hook(std::uint64_t id) noexcept {
  std::erase_if(close_hooks_, [id](const auto& entry) { return entry.first == id; });
}

void Engine::post(CallState* state) noexcept {
  senders_.fetch_add(1);
  CallState* head = head_.load();
  do {
    if (head == closed_marker()) {
      senders_.fetch_sub(1);
      state->fail_shutdown();
      state->release();  // the engine's reference
      return;
    }
    state->next = head;
  } while (!head_.compare_exchange_weak(head, state));
  // Only the producer that found the queue empty wakes the loop, and not even
  // it while the loop is polling: one wake-up per batch, not per command.
  if (head == nullptr && !loop_spinning_.load()) uv_async_send(async_);
  senders_.fetch_sub(1);
}

void Engine::wake() noexcept {
  senders_.fetch_add(1);
  if (head_.load() != closed_marker()) uv_async_send(async_);
  senders_.fetch_sub(1);
}

void Engine::shutdown() noexcept {
  senders_.fetch_add(1);
  if (!stop_requested_.exchange(true)) {
    // Close the door now, so every later call fails at once; what was posted
    // before still runs, handed to the loop as its final batch.
    CallState* pending = head_.exchange(closed_marker());
    if (pending != closed_marker()) {
      final_batch_.store(pending);
      uv_async_send(async_);
    }
  }
  senders_.fetch_sub(1);
}

bool Engine::drain() noexcept {
  // Take the whole queue unless it is empty or closed (shutdown() may close
  // it from another thread at any moment; the final batch is close_down's).
  CallState* list = head_.load(std::memory_order_acquire);
  do {
    if (!list || list == closed_marker()) return run_deferred();
  } while (!head_.compare_exchange_weak(list, nullptr, std::memory_order_acquire));
  const bool ran = run_batch(list);
  run_deferred();
  return ran;
}

bool Engine::run_batch(CallState* list) noexcept {
  if (!list) return false;
  // The stack holds newest first; reverse it to run in posting order.
  CallState* fifo = nullptr;
  while (list) {
    CallState* next = list->next;
    list->next = fifo;
    fifo = list;
    list = next;
  }
  while (fifo) {
    CallState* state = fifo;
    fifo = fifo->next;
    if (state->task) {
      state->task->run();
      state->complete(Value{});
      state->release();
      continue;
    }
    if (state->kind != CallState::Kind::command) {
      state->complete(run_commands(state->batch, state->kind, state->lease));
      state->release();
      continue;
    }
    Value reply;
    Session* session = &in_process_;
    if (state->lease) {
      try {
        session = &leased_session(state->lease);
      } catch (const std::bad_alloc&) {
        state->complete(Value::error(std::string(errors::kOutOfMemory)));
        state->release();
        continue;
      }
    }
    if (run_command(state->argv, state, reply, *session)) continue;  // parked, the engine keeps its reference
    state->complete(std::move(reply));
    state->release();
  }
  return true;
}

bool Engine::run_command(Argv& argv, CallState*& state, Value& reply, Session& session) noexcept {
  Outcome outcome = dispatch(store_, session, argv);
  bool parked = false;
  if (outcome.blocked()) {
    std::unique_ptr<Block> block = outcome.take_block();
    const bool has_deadline = block->deadline_ms != 0;
    if (!state) state = new (std::nothrow) CallState(std::move(argv), loop_thread_, caller_spin_us_);
    try {
      if (!state) throw std::bad_alloc();
      blocked_.park(state, session, std::move(*block));
      store_.blocked_clients = blocked_.size();
      if (!manual_time_ && has_deadline) arm_timer();
      parked = true;
    } catch (const std::bad_alloc&) {
      reply = std::move(block->timeout_reply);  // cannot wait without memory: answer as a timeout would
    }
  } else {
    reply = std::move(outcome.reply());
  }
  // Hand data pushed by this command to the callers waiting for it before the
  // pusher's own future completes (its continuation could otherwise take it).
  if (store_.db.has_events()) drain_key_events();
  return parked;
}

void Engine::finish_blocked(BlockedCalls::Waiter* waiter, Value&& reply) noexcept {
  Value out = std::move(reply);  // `reply` may be the waiter's timeout reply, freed next
  CallState* state = blocked_.remove(waiter);
  store_.blocked_clients = blocked_.size();
  state->complete(std::move(out));
  state->release();
}

bool Engine::unblock(CallState* state, std::optional<Value> reply) noexcept {
  BlockedCalls::Waiter* waiter = blocked_.find(state);
  if (!waiter) return false;
  finish_blocked(waiter, reply ? std::move(*reply) : std::move(waiter->block.timeout_reply));
  return true;
}

void Engine::drain_key_events() noexcept {
  if (draining_) return;  // a nested call: the outer loop picks the new events up
  draining_ = true;
  auto rerun = [this](BlockedCalls::Waiter& waiter) {
    return dispatch(store_, *waiter.session, waiter.command(), CallMode{.reprocessing = true});
  };
  try {
    while (store_.db.has_events()) {
      store_.db.take_events(events_);
      store_.watches.on_events(events_, store_.db);
      if (store_.config.notify_keyspace_events) publish_notifications(store_, events_);
      blocked_.on_events(events_, store_.db);
      events_.clear();  // frees what a flush emptied
      // Serving re-runs the waiters' commands: their writes are events too,
      // drained by the next round (a served BLMOVE wakes its target's waiters).
      if (blocked_.has_ready()) blocked_.serve_ready(store_.db, rerun, served_);
    }
  } catch (const std::bad_alloc&) {
    // Out of memory while reacting: the events are lost, the keyspace is not.
    events_.clear();
  }
  store_.blocked_clients = blocked_.size();
  draining_ = false;
  // Complete only now: continuations may run commands of their own.
  for (auto& [state, reply] : std::exchange(served_, {})) {
    state->complete(std::move(reply));
    state->release();
  }
}

bool Engine::expire_blocked_calls() noexcept {
  const std::int64_t now_ms = now_us() / 1000;
  bool any = false;
  // As Redis: a caller times out once the time is strictly past its deadline.
  while (BlockedCalls::Waiter* waiter = blocked_.first_due(now_ms)) {
    finish_blocked(waiter, std::move(waiter->block.timeout_reply));
    any = true;
  }
  return any;
}

std::int64_t Engine::next_timer_us() const noexcept {
  std::int64_t next = next_cycle_us_;
  // A blocked caller times out in the first millisecond past its deadline.
  if (auto deadline = blocked_.next_deadline()) next = std::min(next, (*deadline + 1) * 1000);
  return next;
}

void Engine::spin_and_drain() noexcept {
  drain();
  if (loop_spin_.count() <= 0) return;
  // Poll for more commands before going back to epoll: a caller that posts
  // again within the window is served without a kernel wake-up. Bounded, so
  // timers and other handles still get their turn under constant load.
  loop_spinning_.store(true);
  const std::int64_t start = steady_us();
  std::int64_t idle_since = start;
  for (;;) {
    const std::int64_t now = steady_us();
    if (now - idle_since > loop_spin_.count() || now - start > kMaxSpinPerWake.count()) break;
    if (head_.load(std::memory_order_relaxed) || !deferred_.empty()) {
      drain();
      idle_since = steady_us();
    } else if (now - idle_since < 2) {
      for (int i = 0; i < 32; ++i) cpu_relax();
    } else {
      std::this_thread::yield();  // let a caller sharing our core post its next command
    }
  }
  loop_spinning_.store(false);
  // A producer that saw us polling did not wake us; look once more.
  if (head_.load()) uv_async_send(async_);
}

void Engine::on_async() noexcept {
  if (closed_) return;
  if (stop_requested_.load()) {
    close_down();
    return;
  }
  spin_and_drain();
  if (manual_time_) run_due_timers();
}

void Engine::close_down() noexcept {
  if (closed_) return;
  closed_ = true;
  if (clock_listener_) store_.clock->remove_listener(clock_listener_);
  // Attachments (a network server) close first: their pending work must still
  // see a live store.
  for (auto& [id, hook] : std::exchange(close_hooks_, {})) hook();
  // Close the door (later posts fail at once), then wait for producers in
  // flight: uv_async_send on a closing handle is undefined, and a concurrent
  // shutdown() may still be handing over its final batch.
  CallState* list = head_.exchange(closed_marker());
  while (senders_.load() != 0) std::this_thread::yield();
  if (list == closed_marker()) list = final_batch_.exchange(nullptr);
  // Run what was posted before the door closed, and what it deferred
  // (messages for in-process subscribers); then their inboxes close.
  run_batch(list);
  while (run_deferred()) {
  }
  for (auto& [id, lease] : leased_)
    if (lease.inbox) lease.inbox->store_closed();
  // Callers still blocked get a shutdown error.
  for (CallState* state : blocked_.remove_all()) {
    state->fail_shutdown();
    state->release();
  }
  store_.blocked_clients = 0;
  close_and_free(async_);
  close_and_free(timer_);
  async_ = nullptr;
  timer_ = nullptr;
}

void Engine::arm_timer() noexcept {
  const std::int64_t delay_ms = std::max<std::int64_t>(0, (next_timer_us() - now_us() + 999) / 1000);
  uv_timer_start(timer_, [](uv_timer_t* t) { static_cast<Engine*>(t->data)->on_timer(); },
                 static_cast<std::uint64_t>(delay_ms), 0);
}

void Engine::on_timer() noexcept {
  run_due_timers();
  if (!closed_) arm_timer();
}

bool Engine::run_due_timers() noexcept {
  if (closed_) return false;
  bool ran = expire_blocked_calls();
  if (!in_cycle_ && now_us() >= next_cycle_us_) {
    active_expire_cycle();
    ran = true;
  }
  return ran;
}

void Engine::active_expire_cycle() noexcept {
  in_cycle_ = true;
  const std::int64_t now = now_us();
  const std::int64_t started = steady_us();
  Keyspace::ExpireStats result;
  try {
  if (manual_time_) {
    // Under a ManualClock the budget is a key count, so runs are reproducible.
    const std::size_t max_keys = kManualClockKeysPerCycle * static_cast<std::size_t>(store_.config.active_expire_effort);
    result = store_.db.expire_due(now / 1000, [&](std::size_t n) { return n >= max_keys; });
  } else {
    const std::int64_t budget = kCycleBudget.count() +
                                kCycleBudget.count() * (store_.config.active_expire_effort - 1) / 10;
    result = store_.db.expire_due(now / 1000, [&](std::size_t n) {
      return n % kKeysPerBudgetCheck == kKeysPerBudgetCheck - 1 && steady_us() - started >= budget;
    });
  }
  } catch (const std::bad_alloc&) {
    result.more_due = true;  // recording an expiry failed: try again at the next cycle
  }
  // What expired is reported like any command's writes (WATCH sees it).
  if (store_.db.has_events()) drain_key_events();
  const auto elapsed = static_cast<std::uint64_t>(steady_us() - started);
  ++store_.stats.expire_cycles;
  // The cron's other duty: the samples behind INFO's instantaneous rates.
  const std::int64_t now_ms = now / 1000;
  store_.stats.ops.sample(now_ms, store_.stats.commands_processed);
  store_.stats.net_input.sample(now_ms, store_.stats.net_input_bytes);
  store_.stats.net_output.sample(now_ms, store_.stats.net_output_bytes);
  store_.stats.expire_cycle_time_us += elapsed;
  store_.stats.expire_cycle_max_us = std::max(store_.stats.expire_cycle_max_us, elapsed);
  if (result.more_due) {
    ++store_.stats.expire_cycles_capped;
    // A backlog: come back soon rather than at the next hz tick, leaving the
    // loop a gap to serve commands in between.
    next_cycle_us_ = manual_time_ ? now : now + std::chrono::microseconds(kBacklogGap).count();
    if (manual_time_) uv_async_send(async_);
  } else {
    next_cycle_us_ = now + 1'000'000 / store_.config.hz;
  }
  in_cycle_ = false;
}

void Engine::config_changed(void* self) {
  auto* engine = static_cast<Engine*>(self);
  const Config& config = engine->store_.config;
  engine->store_.db.set_lazy_free_policy({.expire = config.lazyfree_lazy_expire, .server_del = config.lazyfree_lazy_server_del});
  engine->store_.db.set_notify_new(config.notify_keyspace_events & kNotifyNew);
  // The active-expiry timer, re-armed for a new hz.
  engine->next_cycle_us_ = std::min(engine->next_cycle_us_, engine->now_us() + 1'000'000 / engine->store_.config.hz);
  if (!engine->manual_time_ && !engine->closed_) engine->arm_timer();
}

void Engine::run_until(std::int64_t until_us) {
  if (!on_loop_thread())
    throw Error(Error::Kind::usage, "not_redis: run_for() and run_until() must be called on the store's loop thread");
  auto* clock = dynamic_cast<ManualClock*>(store_.clock);
  if (!clock) throw Error(Error::Kind::usage, "not_redis: run_for() and run_until() need a store on a ManualClock");
  // Time moves from one due timer to the next, so each runs at its own
  // deadline (an expiry cycle at every hz tick, a timeout at its millisecond)
  // and sees the state the ones before it left, as if time had flowed.
  run_until_idle();
  for (std::int64_t next = next_timer_us(); !closed_ && next <= until_us; next = next_timer_us()) {
    if (next > now_us()) clock->set(std::chrono::microseconds(next));
    run_until_idle();
  }
  if (now_us() < until_us) clock->set(std::chrono::microseconds(until_us));
  run_until_idle();
}

void Engine::run_until_idle() {
  if (!on_loop_thread())
    throw Error(Error::Kind::usage, "not_redis: run_until_idle() must be called on the store's loop thread");
  if (stop_requested_.load() && !closed_) close_down();
  for (;;) {
    bool worked = drain();
    worked |= run_due_timers();
    uv_run(loop_, UV_RUN_NOWAIT);
    CallState* head = head_.load();
    if (!worked && (head == nullptr || head == closed_marker())) break;
  }
}

} // namespace not_redis::detail
