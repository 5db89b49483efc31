#include "remote/remote_engine.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "cmd/pubsub.hpp"
#include "cmd/table.hpp"

namespace not_redis::detail {

namespace {

template <class Handle>
void close_and_free(Handle* handle) {
  uv_close(reinterpret_cast<uv_handle_t*>(handle), [](uv_handle_t* h) { delete reinterpret_cast<Handle*>(h); });
}

// Idle side connections kept for the next blocking command.
constexpr std::size_t kMaxIdleSide = 8;

} // namespace

RemoteEngine::RemoteEngine(RemoteOptions options) : options_(std::move(options)) {
  own_loop_.emplace();
  uv_loop_init(&*own_loop_);
  loop_ = &*own_loop_;
  init();
  std::atomic<bool> started{false};
  thread_ = std::thread([this, &started] {
    loop_thread_ = std::this_thread::get_id();
    started.store(true, std::memory_order_release);
    started.notify_one();
    uv_run(loop_, UV_RUN_DEFAULT);
  });
  started.wait(false, std::memory_order_acquire);
  uv_async_send(async_);  // connect at once, from the loop
}

RemoteEngine::RemoteEngine(uv_loop_t* loop, RemoteOptions options)
    : options_(std::move(options)), loop_(loop), loop_thread_(std::this_thread::get_id()) {
  init();
  // A library's handles should not keep the application's loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));
  uv_async_send(async_);
}

void RemoteEngine::init() {
  if (options_.unix_socket.empty() && (options_.port <= 0 || options_.port > 65535))
    throw Error(Error::Kind::usage, fmt::format("not_redis: RemoteOptions::port {} is not a TCP port", options_.port));
  if (options_.reconnect_min.count() <= 0) options_.reconnect_min = std::chrono::milliseconds(1);
  options_.reconnect_max = std::max(options_.reconnect_max, options_.reconnect_min);
  endpoint_ = describe_endpoint(options_);
  caller_spin_us_ = static_cast<std::uint32_t>(std::max<long long>(0, options_.caller_spin.count()));
  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(loop_, async_, [](uv_async_t* h) { static_cast<RemoteEngine*>(h->data)->on_async(); });
  tick_ = new uv_timer_t;
  tick_->data = this;
  uv_timer_init(loop_, tick_);
  uv_unref(reinterpret_cast<uv_handle_t*>(tick_));
  reconnect_ = new uv_timer_t;
  reconnect_->data = this;
  uv_timer_init(loop_, reconnect_);
  uv_unref(reinterpret_cast<uv_handle_t*>(reconnect_));
  // Deadlines are checked a few times per timeout, and at least every 250 ms.
  const long long timeout = std::min(options_.command_timeout.count() > 0 ? options_.command_timeout.count() : 1000,
                                     options_.connect_timeout.count() > 0 ? options_.connect_timeout.count() : 1000);
  const auto period = static_cast<std::uint64_t>(std::clamp<long long>(timeout / 8, 2, 250));
  uv_timer_start(tick_, [](uv_timer_t* t) { static_cast<RemoteEngine*>(t->data)->on_tick(); }, period, period);
}

RemoteEngine::~RemoteEngine() {
  if (thread_.joinable()) {
    shutdown();
    thread_.join();
    uv_loop_close(loop_);
  } else {
    // Attached, on the loop thread: nothing more can be read, so what is in
    // flight fails now. The handles finish closing at the loop's next turn.
    {
      std::lock_guard lock(mutex_);
      accepting_ = false;
    }
    on_async();
    finish_close();
  }
}

CallHandle RemoteEngine::execute(Argv&& argv) {
  if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
  if (const char* why = refused_command(argv, false)) throw Error(Error::Kind::usage, why);
  auto* state = new CallState(std::move(argv), loop_thread_, caller_spin_us_);
  post(state);
  return CallHandle(state);
}

CallHandle RemoteEngine::execute_batch(std::vector<Argv>&& commands, CallState::Kind kind, std::uint64_t lease) {
  for (const Argv& argv : commands) {
    if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
    // transaction()'s lease sends WATCH in a pipeline of its own.
    if (const char* why = refused_command(argv, lease != 0 && kind == CallState::Kind::pipeline))
      throw Error(Error::Kind::usage, why);
  }
  auto* state = new CallState(Argv{}, loop_thread_, caller_spin_us_);
  state->kind = kind;
  state->batch = std::move(commands);
  state->lease = lease;
  post(state);
  return CallHandle(state);
}

CallHandle RemoteEngine::run_on_loop(std::unique_ptr<Continuation> task) {
  auto* state = new CallState(Argv{}, loop_thread_, caller_spin_us_);
  state->task = std::move(task);
  post(state);
  return CallHandle(state);
}

std::uint64_t RemoteEngine::new_lease() { return next_lease_.fetch_add(1) + 1; }

void RemoteEngine::end_lease(std::uint64_t lease) noexcept {
  struct End final : Continuation {
    End(RemoteEngine* engine, std::uint64_t lease) : engine(engine), lease(lease) {}
    void run() noexcept override {
      const auto it = engine->leases_.find(lease);
      if (it == engine->leases_.end()) return;
      Conn& conn = *it->second;
      engine->leases_.erase(it);
      conn.lease = 0;
      conn.role = Role::side;
      if (conn.broken) {
        conn.link->close(Error::Kind::shutdown, {}, true);
        conn.waiting.clear();
      }
      // fn() may have thrown between WATCH and EXEC.
      if (conn.link->ready()) {
        static const Argv kUnwatch{"UNWATCH"};
        conn.link->send_internal(kUnwatch);
        conn.link->flush();
      }
      engine->park(conn);
    }
    RemoteEngine* engine;
    std::uint64_t lease;
  };
  try {
    run_on_loop(std::make_unique<End>(this, lease));
  } catch (const std::bad_alloc&) {
    // The connection stays leased until the client goes.
  }
}

void RemoteEngine::post(CallState* state) noexcept {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (accepting_) {
      wake = inbox_.empty();
      inbox_.push_back(state);
      state = nullptr;
    }
  }
  if (state) {
    state->fail_shutdown();
    state->release();
    return;
  }
  // Only the first call of a batch wakes the loop: one wake-up per turn.
  if (wake) uv_async_send(async_);
}

void RemoteEngine::shutdown() noexcept {
  {
    std::lock_guard lock(mutex_);
    if (stop_requested_) return;
    stop_requested_ = true;
    accepting_ = false;
  }
  uv_async_send(async_);
}

void RemoteEngine::on_async() noexcept {
  if (closed_) return;
  if (!main_) {
    main_ = &open_conn(Role::main, 0);
  }
  bool stop = false;
  {
    std::lock_guard lock(mutex_);
    taken_.swap(inbox_);
    stop = stop_requested_;
  }
  for (CallState* state : taken_) route(state);
  taken_.clear();
  run_deferred();
  // One write per connection for everything routed this turn.
  for (auto& [link, conn] : conns_) conn->link->flush();
  dead_.clear();
  if (stop && !closing_) begin_close();
}

void RemoteEngine::route(CallState* state) noexcept {
  if (state->task) {
    state->task->run();
    state->complete(Value{});
    state->release();
    return;
  }
  if (state->kind != CallState::Kind::command && state->batch.empty()) {
    // Nothing to send; MULTI with nothing queued gives EXEC's empty array too.
    state->complete(Value::array());
    state->release();
    return;
  }
  if (state->lease) {
    const auto it = leases_.find(state->lease);
    Conn* conn = it != leases_.end() ? it->second : nullptr;
    if (!conn) {
      try {
        conn = idle_side();
        if (!conn) conn = &open_conn(Role::lease, state->lease);
        conn->role = Role::lease;
        conn->lease = state->lease;
        leases_.emplace(state->lease, conn);
      } catch (const std::bad_alloc&) {
        state->fail(Error::Kind::io, "not_redis: out of memory opening a connection");
        state->release();
        return;
      }
    }
    send_or_wait(*conn, state, deadline_for(*state));
    return;
  }
  const bool blocking = state->kind == CallState::Kind::command
                            ? is_blocking(state->argv)
                            : state->kind == CallState::Kind::pipeline &&
                                  std::ranges::any_of(state->batch, [](const Argv& a) { return is_blocking(a); });
  if (blocking) {
    held_.push_back(Held{state, main_routed_});
    release_held();
    return;
  }
  route_main(state);
}

void RemoteEngine::route_main(CallState* state) noexcept {
  if (main_->link->ready()) {
    ++main_routed_;
    main_->link->send(state, deadline_for(*state));
    return;
  }
  if (main_refused_ || (options_.fail_fast_when_disconnected && !main_down_why_.empty())) {
    state->fail(Error::Kind::io, main_down_why_);
    state->release();
    return;
  }
  ++main_routed_;
  main_->waiting.push_back(Waiting{state, deadline_for(*state)});
}

void RemoteEngine::release_held() noexcept {
  while (!held_.empty() && held_.front().after <= main_finished_) {
    CallState* state = held_.front().state;
    held_.pop_front();
    try {
      Conn* conn = idle_side();
      if (!conn) conn = &open_conn(Role::side, 0);
      send_or_wait(*conn, state, 0);
      conn->link->flush();
    } catch (const std::bad_alloc&) {
      state->fail(Error::Kind::io, "not_redis: out of memory opening a connection");
      state->release();
    }
  }
}

void RemoteEngine::send_or_wait(Conn& conn, CallState* state, LoopMs deadline) noexcept {
  if (conn.broken) {
    state->fail(Error::Kind::io, conn.broken_why);
    state->release();
    return;
  }
  if (conn.link->ready()) {
    conn.link->send(state, deadline);
    return;
  }
  conn.waiting.push_back(Waiting{state, deadline});
  if (conn.link->state() == Link::State::closed) conn.link->open();
}

RemoteEngine::Conn& RemoteEngine::open_conn(Role role, std::uint64_t lease, std::shared_ptr<SubscriberInbox> inbox) {
  auto conn = std::make_unique<Conn>();
  conn->link = std::make_unique<Link>(loop_, options_, *this);
  conn->role = role;
  conn->lease = lease;
  if (inbox) conn->link->set_subscriber(inbox);
  conn->inbox = std::move(inbox);
  Conn& ref = *conn;
  conns_.emplace(ref.link.get(), std::move(conn));
  ref.link->open();
  return ref;
}

RemoteEngine::Conn* RemoteEngine::idle_side() noexcept {
  for (auto& [link, conn] : conns_)
    if (conn->role == Role::side && conn->waiting.empty() && conn->link->idle()) return conn.get();
  return nullptr;
}

void RemoteEngine::park(Conn& conn) noexcept {
  if (conn.role != Role::side || !conn.waiting.empty()) return;
  if (conn.link->ready() && conn.link->in_flight() > 0) return;  // parked again when its reply comes
  // Keep a few idle side connections for the next blocking commands.
  const auto idle = std::ranges::count_if(conns_, [](const auto& entry) {
    return entry.second->role == Role::side && entry.second->link->idle() && entry.second->waiting.empty();
  });
  if (conn.link->ready() && static_cast<std::size_t>(idle) <= kMaxIdleSide) return;
  const auto it = conns_.find(conn.link.get());
  if (it == conns_.end()) return;
  it->second->link->close(Error::Kind::shutdown, {}, true);
  dead_.push_back(std::move(it->second));  // its callbacks may still be on the stack
  conns_.erase(it);
}

void RemoteEngine::fail_waiting(Conn& conn, Error::Kind kind, const std::string& why) noexcept {
  std::deque<Waiting> failed = std::exchange(conn.waiting, {});
  for (Waiting& w : failed) {
    if (&conn == main_) ++main_finished_;
    w.state->fail(kind, why);
    w.state->release();
  }
}

LoopMs RemoteEngine::deadline_for(const CallState& state) const noexcept {
  if (options_.command_timeout.count() <= 0) return 0;
  if (state.kind == CallState::Kind::command && is_blocking(state.argv)) return 0;
  return uv_now(loop_) + static_cast<LoopMs>(options_.command_timeout.count());
}

void RemoteEngine::on_tick() noexcept {
  if (closed_) return;
  uv_update_time(loop_);
  const LoopMs now = uv_now(loop_);
  // Calls still waiting for a connection.
  for (auto& [link, conn] : conns_) {
    auto& waiting = conn->waiting;
    const bool due = std::ranges::any_of(waiting, [now](const Waiting& w) { return w.deadline && w.deadline <= now; });
    if (!due) continue;
    std::deque<Waiting> keep;
    std::vector<CallState*> expired;
    for (Waiting& w : waiting) {
      if (w.deadline && w.deadline <= now) expired.push_back(w.state);
      else keep.push_back(w);
    }
    waiting.swap(keep);
    const std::string why = fmt::format("not_redis: no connection to {} within {} ms ({})", endpoint_,
                                        options_.command_timeout.count(),
                                        main_down_why_.empty() ? "still connecting" : main_down_why_);
    for (CallState* state : expired) {
      if (conn.get() == main_) ++main_finished_;
      state->fail(Error::Kind::timeout, why);
      state->release();
    }
  }
  // A reply overdue: the connection is stuck, and the replies after it could
  // not be matched to their calls any more.
  std::vector<Link*> stuck;
  for (auto& [link, conn] : conns_) {
    const LoopMs deadline = conn->link->oldest_deadline();
    if (deadline && deadline <= now) stuck.push_back(conn->link.get());
  }
  for (Link* link : stuck)
    link->close(Error::Kind::timeout, fmt::format("not_redis: no reply from {} within {} ms; the connection was closed",
                                                  endpoint_, options_.command_timeout.count()));
  for (auto& [link, conn] : conns_)
    if (conn->role == Role::subscriber && conn->reopen_at && conn->reopen_at <= now && !closing_) {
      conn->reopen_at = 0;
      conn->link->open();
    }
  release_held();
  dead_.clear();
  if (closing_ && now >= close_deadline_) finish_close();
  maybe_finish_close();
}

void RemoteEngine::link_ready(Link& link) noexcept {
  const auto it = conns_.find(&link);
  if (it == conns_.end()) return;
  Conn& conn = *it->second;
  connections_opened_.fetch_add(1, std::memory_order_relaxed);
  conn.backoff = std::chrono::milliseconds(0);
  if (&conn == main_) {
    backoff_ = std::chrono::milliseconds(0);
    main_down_why_.clear();
    main_refused_ = false;
  }
  std::deque<Waiting> waiting = std::exchange(conn.waiting, {});
  for (Waiting& w : waiting) link.send(w.state, w.deadline);
  link.flush();
  if (conn.role == Role::side && link.idle()) park(conn);
}

void RemoteEngine::link_down(Link& link, const std::string& why, bool refused) noexcept {
  const auto it = conns_.find(&link);
  if (it == conns_.end()) return;
  Conn& conn = *it->second;
  if (&conn == main_) {
    // Everything sent on it has failed; only the waiting calls remain.
    main_finished_ = main_routed_ - conn.waiting.size();
    main_down_why_ = why;
    main_refused_ = refused;
    if (refused || options_.fail_fast_when_disconnected) fail_waiting(conn, Error::Kind::io, why);
    if (closing_) maybe_finish_close();
    else schedule_reconnect();
    release_held();
    return;
  }
  // A side connection is reopened when it is needed next. A leased one is
  // not: a new connection would not hold the lease's WATCH.
  fail_waiting(conn, Error::Kind::io, why);
  if (conn.role == Role::subscriber && !closing_) {
    // Reopened with backoff; it subscribes again to what it had.
    conn.backoff = next_backoff(conn.backoff, options_);
    conn.reopen_at = uv_now(loop_) + static_cast<LoopMs>(conn.backoff.count());
  }
  if (conn.role == Role::lease) {
    conn.broken = true;
    conn.broken_why = why + " (the transaction's WATCH was lost with it)";
  }
  if (conn.role == Role::side) {
    dead_.push_back(std::move(it->second));
    conns_.erase(it);
  }
}

void RemoteEngine::link_progress(Link& link, std::size_t done) noexcept {
  const auto it = conns_.find(&link);
  if (it == conns_.end()) return;
  Conn& conn = *it->second;
  if (&conn == main_) {
    main_finished_ += done;
    release_held();
  } else if (conn.role == Role::side && link.idle()) {
    park(conn);
  }
  if (closing_) maybe_finish_close();
}

std::chrono::milliseconds RemoteEngine::next_backoff(std::chrono::milliseconds now, const RemoteOptions& options) noexcept {
  return now.count() == 0 ? options.reconnect_min : std::min(now * 2, options.reconnect_max);
}

void RemoteEngine::schedule_reconnect() noexcept {
  backoff_ = next_backoff(backoff_, options_);
  uv_timer_start(reconnect_,
                 [](uv_timer_t* t) {
                   auto* self = static_cast<RemoteEngine*>(t->data);
                   if (!self->closing_ && self->main_) self->main_->link->open();
                 },
                 static_cast<std::uint64_t>(backoff_.count()), 0);
}

void RemoteEngine::begin_close() noexcept {
  closing_ = true;
  const auto grace = options_.command_timeout.count() > 0 ? options_.command_timeout : options_.connect_timeout;
  close_deadline_ = uv_now(loop_) + static_cast<LoopMs>(std::max<long long>(1, grace.count()));
  // Blocking calls may wait for ever: they end now. What the main connection
  // has in flight gets its replies first (bounded by the command timeout).
  std::deque<Held> held = std::exchange(held_, {});
  for (Held& h : held) {
    h.state->fail_shutdown();
    h.state->release();
  }
  std::vector<Link*> others;
  for (auto& [link, conn] : conns_) {
    if (conn.get() == main_) continue;
    fail_waiting(*conn, Error::Kind::shutdown, {});
    others.push_back(conn->link.get());
  }
  for (Link* link : others) link->close(Error::Kind::shutdown, {}, true);
  if (main_ && !main_->link->ready()) {
    fail_waiting(*main_, Error::Kind::shutdown, {});
    main_->link->close(Error::Kind::shutdown, {}, true);
  }
  maybe_finish_close();
}

void RemoteEngine::maybe_finish_close() noexcept {
  if (!closing_ || closed_) return;
  if (main_ && main_->link->ready() && main_->link->in_flight() > 0) return;
  finish_close();
}

void RemoteEngine::finish_close() noexcept {
  if (closed_) return;
  closing_ = closed_ = true;
  std::vector<CallState*> late;
  {
    std::lock_guard lock(mutex_);
    accepting_ = false;
    late.swap(inbox_);
  }
  for (CallState* state : late) {
    state->fail_shutdown();
    state->release();
  }
  for (Held& h : std::exchange(held_, {})) {
    h.state->fail_shutdown();
    h.state->release();
  }
  for (auto& [link, conn] : conns_) {
    fail_waiting(*conn, Error::Kind::shutdown, {});
    if (conn->inbox) conn->inbox->store_closed();
  }
  conns_.clear();  // each Link fails what it still has with Error(shutdown)
  deferred_.clear();
  dead_.clear();
  leases_.clear();
  main_ = nullptr;
  close_and_free(async_);
  close_and_free(tick_);
  close_and_free(reconnect_);
}

std::uint64_t RemoteEngine::attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) {
  struct Attach final : Continuation {
    Attach(RemoteEngine* engine, std::uint64_t id, std::shared_ptr<SubscriberInbox> inbox)
        : engine(engine), id(id), inbox(std::move(inbox)) {}
    void run() noexcept override {
      try {
        Conn& conn = engine->open_conn(Role::subscriber, id, inbox);
        engine->leases_.emplace(id, &conn);
      } catch (const std::bad_alloc&) {
        inbox->store_closed();
      }
    }
    RemoteEngine* engine;
    std::uint64_t id;
    std::shared_ptr<SubscriberInbox> inbox;
  };
  const std::uint64_t id = new_lease();
  // A client that shut down already: the attach fails, and so must the inbox.
  CallHandle attached = run_on_loop(std::make_unique<Attach>(this, id, inbox));
  if (attached.ready() && attached.state() && attached.state()->failed()) inbox->store_closed();
  return id;
}

CallHandle RemoteEngine::run_for_subscriber(Argv&& argv, std::uint64_t id) {
  if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
  auto* state = new CallState(std::move(argv), loop_thread_, caller_spin_us_);
  state->lease = id;
  post(state);
  return CallHandle(state);
}

void RemoteEngine::detach_subscriber(std::uint64_t id) noexcept {
  struct Detach final : Continuation {
    Detach(RemoteEngine* engine, std::uint64_t id) : engine(engine), id(id) {}
    void run() noexcept override {
      const auto it = engine->leases_.find(id);
      if (it == engine->leases_.end()) return;
      Conn* conn = it->second;
      engine->leases_.erase(it);
      const auto found = engine->conns_.find(conn->link.get());
      conn->link->close(Error::Kind::shutdown, {}, true);
      engine->fail_waiting(*conn, Error::Kind::shutdown, {});
      engine->dead_.push_back(std::move(found->second));
      engine->conns_.erase(found);
    }
    RemoteEngine* engine;
    std::uint64_t id;
  };
  try {
    run_on_loop(std::make_unique<Detach>(this, id));
  } catch (const std::bad_alloc&) {
    // The connection stays until the client goes.
  }
}

void RemoteEngine::defer(std::function<void()> fn) {
  deferred_.push_back(std::move(fn));
  uv_async_send(async_);
}

void RemoteEngine::run_deferred() noexcept {
  while (!deferred_.empty()) {
    std::vector<std::function<void()>> batch = std::exchange(deferred_, {});
    for (auto& fn : batch) fn();
  }
}

bool RemoteEngine::is_blocking(const Argv& argv) noexcept {
  const CommandSpec* spec = CommandTable::instance().find(argv[0]);
  if (!spec || !(spec->flags & kBlocking)) return false;
  // XREAD and XREADGROUP block only with BLOCK.
  if (iequals(argv[0], "xread") || iequals(argv[0], "xreadgroup"))
    return std::ranges::any_of(argv, [](std::string_view a) { return iequals(a, "block"); });
  return true;
}

const char* RemoteEngine::refused_command(const Argv& argv, bool watch_allowed) noexcept {
  // These change the state of the connection every caller shares.
  static constexpr std::string_view kTransaction[] = {"multi", "exec", "discard", "watch", "unwatch"};
  if (watch_allowed && (iequals(argv[0], "watch") || iequals(argv[0], "unwatch"))) return nullptr;
  static constexpr std::string_view kConnection[] = {"subscribe", "psubscribe", "ssubscribe", "unsubscribe",
                                                     "punsubscribe", "sunsubscribe", "monitor", "quit",
                                                     "reset", "hello", "auth", "select"};
  const std::string_view name = argv[0];
  // SELECT 0 changes nothing: database 0 is the only one, as in the embedded store.
  if (iequals(name, "select") && argv.size() == 2 && argv[1] == "0") return nullptr;
  if (std::ranges::any_of(kTransaction, [name](std::string_view n) { return iequals(name, n); }))
    return "not_redis: RemoteClient shares its connection between callers: use execute(Transaction) or "
           "transaction() instead of MULTI/EXEC/DISCARD/WATCH/UNWATCH";
  if (std::ranges::any_of(kConnection, [name](std::string_view n) { return iequals(name, n); }))
    return "not_redis: RemoteClient shares its connection between callers: (P|S)SUBSCRIBE, MONITOR, QUIT, RESET, "
           "HELLO, AUTH and SELECT (but of 0) would change it for everyone (set RemoteOptions instead)";
  if (iequals(name, "client") && argv.size() > 1 && iequals(argv[1], "reply"))
    return "not_redis: RemoteClient matches every command with its reply: CLIENT REPLY is refused";
  return nullptr;
}

} // namespace not_redis::detail
