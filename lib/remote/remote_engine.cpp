#include "remote/remote_engine.hpp"

#include <algorithm>
#include <charconv>

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

// Idle side connections kept per node for the next blocking commands.
constexpr std::size_t kMaxIdleSide = 8;

} // namespace

RemoteEngine::RemoteEngine(RemoteOptions options) : options_(std::move(options)) {
  own_loop_.emplace();
  uv_loop_init(&*own_loop_);
  loop_ = &*own_loop_;
  try {
    init();
  } catch (...) {
    uv_loop_close(loop_);  // init() refuses options before it makes a handle
    throw;
  }
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
  if (options_.cluster && !options_.unix_socket.empty())
    throw Error(Error::Kind::usage, "not_redis: RemoteOptions::cluster takes host:port seeds, not a unix socket");
  if (options_.reconnect_min.count() <= 0) options_.reconnect_min = std::chrono::milliseconds(1);
  options_.reconnect_max = std::max(options_.reconnect_max, options_.reconnect_min);
  options_.max_redirects = std::max(options_.max_redirects, 0);
  caller_spin_us_ = static_cast<std::uint32_t>(std::max<long long>(0, options_.caller_spin.count()));
  // Every option is checked before the first handle exists.
  std::vector<std::pair<std::string, int>> seeds;
  for (const std::string& seed : options_.seeds) {
    const auto colon = seed.rfind(':');
    int port = 0;
    if (colon == std::string::npos || std::from_chars(seed.data() + colon + 1, seed.data() + seed.size(), port).ec != std::errc() ||
        port <= 0 || port > 65535)
      throw Error(Error::Kind::usage, fmt::format("not_redis: RemoteOptions::seeds: '{}' is not host:port", seed));
    seeds.emplace_back(seed.substr(0, colon), port);
  }
  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(loop_, async_, [](uv_async_t* h) { static_cast<RemoteEngine*>(h->data)->on_async(); });
  tick_ = new uv_timer_t;
  tick_->data = this;
  uv_timer_init(loop_, tick_);
  uv_unref(reinterpret_cast<uv_handle_t*>(tick_));
  add_node(options_.host, options_.port);
  for (const auto& [host, port] : seeds) add_node(host, port);
  // Deadlines are checked a few times per timeout, and at least every 250 ms;
  // a cluster's redirection backoffs need a finer tick.
  const long long timeout = std::min(options_.command_timeout.count() > 0 ? options_.command_timeout.count() : 1000,
                                     options_.connect_timeout.count() > 0 ? options_.connect_timeout.count() : 1000);
  const auto period = static_cast<std::uint64_t>(std::clamp<long long>(timeout / 8, 2, options_.cluster ? 10 : 250));
  uv_timer_start(tick_, [](uv_timer_t* t) { static_cast<RemoteEngine*>(t->data)->on_tick(); }, period, period);
}

RemoteEngine::Node& RemoteEngine::add_node(const std::string& host, int port) {
  auto node = std::make_unique<Node>();
  node->options = options_;
  node->options.host = host;
  node->options.port = port;
  node->name = describe_endpoint(node->options);
  node->reconnect = new uv_timer_t;
  node->reconnect->data = node.get();
  uv_timer_init(loop_, node->reconnect);
  uv_unref(reinterpret_cast<uv_handle_t*>(node->reconnect));
  nodes_.push_back(std::move(node));
  return *nodes_.back();
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
      // The loop takes the inbox again before it stops draining.
      wake = inbox_.empty() && !draining_;
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
  if (!nodes_[0]->main) {
    main_conn(*nodes_[0]);
    if (options_.cluster) refresh_topology();
  }
  bool stop = false;
  // Callers that post while a batch is routed are taken in the next round,
  // without a wake-up of their own: under a stream of calls the rounds grow
  // and the writes with them.
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      taken_.swap(inbox_);
      stop = stop_requested_;
      draining_ = !taken_.empty();
      if (!draining_) break;
    }
    for (CallState* state : taken_) route(state);
    taken_.clear();
    run_deferred();
    // One write per connection for everything routed this round.
    for (auto& [link, conn] : conns_) conn->link->flush();
    if (closed_) return;
  }
  run_deferred();
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
    route_lease(state);
    return;
  }
  if (options_.cluster) route_cluster(state);
  else dispatch_to(*nodes_[0], state);
}

void RemoteEngine::dispatch_to(Node& node, CallState* state) noexcept {
  const bool blocking = state->kind == CallState::Kind::command
                            ? is_blocking(state->argv)
                            : state->kind == CallState::Kind::pipeline &&
                                  std::ranges::any_of(state->batch, [](const Argv& a) { return is_blocking(a); });
  if (blocking) {
    node.held.push_back(Held{state, node.routed});
    release_held(node);
    return;
  }
  route_main(node, state);
}

void RemoteEngine::route_main(Node& node, CallState* state) noexcept {
  Conn* conn = nullptr;
  try {
    conn = &main_conn(node);
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory opening a connection");
    return;
  }
  // Blocking calls never come here: they wait on side connections.
  if (conn->link->ready()) {
    ++node.routed;
    conn->link->send(state, deadline());
    return;
  }
  if (node.refused || (options_.fail_fast_when_disconnected && !node.down_why.empty())) {
    fail(state, Error::Kind::io, node.down_why);
    return;
  }
  ++node.routed;
  conn->waiting.push_back(Waiting{state, deadline()});
}

void RemoteEngine::route_lease(CallState* state) noexcept {
  const auto it = leases_.find(state->lease);
  Conn* conn = it != leases_.end() ? it->second : nullptr;
  if (conn && conn->role == Role::subscriber) {
    if (options_.cluster && (iequals(state->argv[0], "ssubscribe") || iequals(state->argv[0], "sunsubscribe")))
      route_shard_subscription(*conn, state);
    else send_or_wait(*conn, state, 0);
    return;
  }
  // A lease lives on the node of its first keys (a cluster's WATCH); its
  // later batches must stay in that slot's node.
  Node* node = nodes_[0].get();
  if (options_.cluster) {
    CommandSlot slot = NoKeys{};
    for (const Argv& argv : state->batch) {
      const CommandSlot s = command_slot(argv);
      if (std::holds_alternative<CrossSlot>(s) ||
          (std::holds_alternative<int>(s) && std::holds_alternative<int>(slot) && std::get<int>(s) != std::get<int>(slot)))
        slot = CrossSlot{};
      else if (std::holds_alternative<int>(s) && std::holds_alternative<NoKeys>(slot)) slot = s;
    }
    if (std::holds_alternative<CrossSlot>(slot)) {
      state->complete(Value::error("CROSSSLOT Keys in request don't hash to the same slot"));
      state->release();
      return;
    }
    if (!topology_known_) {
      retry_later(state, 0);
      return;
    }
    if (const int* s = std::get_if<int>(&slot)) node = node_for_slot(*s);
    if (!node) node = any_node();
    if (conn && std::holds_alternative<int>(slot) && conn->node != node) {
      state->complete(Value::error("CROSSSLOT Keys in request don't hash to the same slot"));
      state->release();
      return;
    }
  }
  if (!conn) {
    try {
      conn = idle_side(*node);
      if (!conn) conn = &open_conn(*node, Role::lease, state->lease);
      conn->role = Role::lease;
      conn->lease = state->lease;
      leases_.emplace(state->lease, conn);
    } catch (const std::bad_alloc&) {
      fail(state, Error::Kind::io, "not_redis: out of memory opening a connection");
      return;
    }
  }
  send_or_wait(*conn, state, deadline_for(*state));
}

void RemoteEngine::release_held(Node& node) noexcept {
  while (!node.held.empty() && node.held.front().after <= node.finished) {
    CallState* state = node.held.front().state;
    node.held.pop_front();
    try {
      Conn* conn = idle_side(node);
      if (!conn) conn = &open_conn(node, Role::side, 0);
      send_or_wait(*conn, state, 0);
      conn->link->flush();
    } catch (const std::bad_alloc&) {
      fail(state, Error::Kind::io, "not_redis: out of memory opening a connection");
    }
  }
}

void RemoteEngine::send_or_wait(Conn& conn, CallState* state, LoopMs deadline) noexcept {
  if (conn.broken) {
    fail(state, Error::Kind::io, conn.broken_why);
    return;
  }
  if (conn.link->ready()) {
    conn.link->send(state, deadline);
    return;
  }
  conn.waiting.push_back(Waiting{state, deadline});
  if (conn.link->state() == Link::State::closed && conn.role != Role::subscriber) conn.link->open();
}

RemoteEngine::Conn& RemoteEngine::open_conn(Node& node, Role role, std::uint64_t lease,
                                             std::shared_ptr<SubscriberInbox> inbox) {
  auto conn = std::make_unique<Conn>();
  conn->link = std::make_unique<Link>(loop_, node.options, *this);
  conn->node = &node;
  conn->role = role;
  conn->lease = lease;
  // A cluster call may be sent again elsewhere (MOVED): its request stays.
  conn->link->keep_requests(options_.cluster);
  if (inbox) conn->link->set_subscriber(inbox);
  conn->inbox = std::move(inbox);
  Conn& ref = *conn;
  conns_.emplace(ref.link.get(), std::move(conn));
  ref.link->open();
  return ref;
}

RemoteEngine::Conn& RemoteEngine::main_conn(Node& node) {
  if (!node.main) node.main = &open_conn(node, Role::main, 0);
  return *node.main;
}

RemoteEngine::Conn* RemoteEngine::idle_side(Node& node) noexcept {
  for (auto& [link, conn] : conns_)
    if (conn->node == &node && conn->role == Role::side && conn->waiting.empty() && conn->link->idle())
      return conn.get();
  return nullptr;
}

void RemoteEngine::park(Conn& conn) noexcept {
  if (conn.role != Role::side || !conn.waiting.empty()) return;
  if (conn.link->ready() && conn.link->in_flight() > 0) return;  // parked again when its reply comes
  // Keep a few idle side connections per node for the next blocking commands.
  const auto idle = std::ranges::count_if(conns_, [&conn](const auto& entry) {
    const Conn& c = *entry.second;
    return c.node == conn.node && c.role == Role::side && c.link->idle() && c.waiting.empty();
  });
  if (conn.link->ready() && static_cast<std::size_t>(idle) <= kMaxIdleSide) return;
  const auto it = conns_.find(conn.link.get());
  if (it == conns_.end()) return;
  it->second->link->close(Error::Kind::shutdown, {}, true);
  dead_.push_back(std::move(it->second));  // its callbacks may still be on the stack
  conns_.erase(it);
}

void RemoteEngine::fail(CallState* state, Error::Kind kind, const std::string& why) noexcept {
  state->fail(kind, why);
  state->release();
}

void RemoteEngine::fail_waiting(Conn& conn, Error::Kind kind, const std::string& why) noexcept {
  std::deque<Waiting> failed = std::exchange(conn.waiting, {});
  for (Waiting& w : failed) {
    if (&conn == conn.node->main) ++conn.node->finished;
    fail(w.state, kind, why);
  }
}

LoopMs RemoteEngine::deadline() const noexcept {
  if (options_.command_timeout.count() <= 0) return 0;
  return uv_now(loop_) + static_cast<LoopMs>(options_.command_timeout.count());
}

LoopMs RemoteEngine::deadline_for(const CallState& state) const noexcept {
  if (state.kind == CallState::Kind::command && is_blocking(state.argv)) return 0;
  return deadline();
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
    const Node& node = *conn->node;
    const std::string why = fmt::format("not_redis: no connection to {} within {} ms ({})", node.name,
                                        options_.command_timeout.count(),
                                        node.down_why.empty() ? "still connecting" : node.down_why);
    for (CallState* state : expired) {
      if (conn.get() == node.main) ++conn->node->finished;
      fail(state, Error::Kind::timeout, why);
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
                                                  link->endpoint(), options_.command_timeout.count()));
  for (auto& [link, conn] : conns_)
    if (conn->role == Role::subscriber && conn->reopen_at && conn->reopen_at <= now && !closing_) {
      conn->reopen_at = 0;
      conn->link->open();
    }
  if (options_.cluster && !closing_) {
    run_retries(topology_known_);
    if (now >= next_refresh_) refresh_topology();
  }
  for (auto& node : nodes_) release_held(*node);
  for (auto& [link, conn] : conns_) conn->link->flush();
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
  if (&conn == conn.node->main) {
    conn.node->backoff = std::chrono::milliseconds(0);
    conn.node->down_why.clear();
    conn.node->refused = false;
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
  Node& node = *conn.node;
  if (&conn == node.main) {
    // Everything sent on it has failed; only the waiting calls remain.
    node.finished = node.routed - conn.waiting.size();
    node.down_why = why;
    node.refused = refused;
    if (refused || options_.fail_fast_when_disconnected) fail_waiting(conn, Error::Kind::io, why);
    if (closing_) maybe_finish_close();
    else schedule_reconnect(node);
    release_held(node);
    // A cluster node that went away may have handed its slots over.
    if (options_.cluster && !closing_) next_refresh_ = 0;
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
  if (&conn == conn.node->main) {
    conn.node->finished += done;
    release_held(*conn.node);
  } else if (conn.role == Role::side && link.idle()) {
    park(conn);
  }
  if (closing_) maybe_finish_close();
}

std::chrono::milliseconds RemoteEngine::next_backoff(std::chrono::milliseconds now, const RemoteOptions& options) noexcept {
  return now.count() == 0 ? options.reconnect_min : std::min(now * 2, options.reconnect_max);
}

void RemoteEngine::schedule_reconnect(Node& node) noexcept {
  node.backoff = next_backoff(node.backoff, options_);
  uv_timer_start(node.reconnect,
                 [](uv_timer_t* t) {
                   auto* node = static_cast<Node*>(t->data);
                   if (node->main) node->main->link->open();
                 },
                 static_cast<std::uint64_t>(node.backoff.count()), 0);
}

void RemoteEngine::begin_close() noexcept {
  closing_ = true;
  const auto grace = options_.command_timeout.count() > 0 ? options_.command_timeout : options_.connect_timeout;
  close_deadline_ = uv_now(loop_) + static_cast<LoopMs>(std::max<long long>(1, grace.count()));
  for (auto& node : nodes_) uv_timer_stop(node->reconnect);
  // Blocking calls may wait for ever, and redirected ones for a topology:
  // they end now. What the main connections have in flight gets its replies
  // first (bounded by the command timeout).
  for (auto& node : nodes_)
    for (Held& h : std::exchange(node->held, {})) fail(h.state, Error::Kind::shutdown, {});
  for (Retry& r : std::exchange(retries_, {})) fail(r.state, Error::Kind::shutdown, {});
  std::vector<Link*> others;
  for (auto& [link, conn] : conns_) {
    const bool live_main = conn.get() == conn->node->main && conn->link->ready();
    if (live_main) continue;
    fail_waiting(*conn, Error::Kind::shutdown, {});
    others.push_back(conn->link.get());
  }
  for (Link* link : others) link->close(Error::Kind::shutdown, {}, true);
  maybe_finish_close();
}

void RemoteEngine::maybe_finish_close() noexcept {
  if (!closing_ || closed_) return;
  for (auto& node : nodes_)
    if (node->main && node->main->link->ready() && node->main->link->in_flight() > 0) return;
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
  for (CallState* state : late) fail(state, Error::Kind::shutdown, {});
  for (auto& node : nodes_)
    for (Held& h : std::exchange(node->held, {})) fail(h.state, Error::Kind::shutdown, {});
  for (Retry& r : std::exchange(retries_, {})) fail(r.state, Error::Kind::shutdown, {});
  for (auto& [link, conn] : conns_) {
    fail_waiting(*conn, Error::Kind::shutdown, {});
    if (conn->inbox) conn->inbox->store_closed();
  }
  conns_.clear();  // each Link fails what it still has with Error(shutdown)
  deferred_.clear();
  dead_.clear();
  leases_.clear();
  for (auto& node : nodes_) {
    node->main = nullptr;
    close_and_free(node->reconnect);
  }
  close_and_free(async_);
  close_and_free(tick_);
}

std::uint64_t RemoteEngine::attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) {
  struct Attach final : Continuation {
    Attach(RemoteEngine* engine, std::uint64_t id, std::shared_ptr<SubscriberInbox> inbox)
        : engine(engine), id(id), inbox(std::move(inbox)) {}
    void run() noexcept override {
      try {
        Conn& conn = engine->open_conn(*engine->any_node(), Role::subscriber, id, inbox);
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
      Conn* primary = it->second;
      engine->leases_.erase(it);
      std::vector<Conn*> all = primary->shards;
      all.push_back(primary);
      for (Conn* conn : all) {
        const auto found = engine->conns_.find(conn->link.get());
        conn->link->close(Error::Kind::shutdown, {}, true);
        engine->fail_waiting(*conn, Error::Kind::shutdown, {});
        engine->dead_.push_back(std::move(found->second));
        engine->conns_.erase(found);
      }
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
