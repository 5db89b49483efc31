// The network server: RESP connections served on the store's own loop.
//
// A connection reads into its buffer, parses every complete command there and
// runs each at once through the engine, as an in-process call on the loop
// thread would; replies gather in an output buffer written once per read. A
// command that blocks (BLPOP) parks the connection: nothing more of its input
// runs until the engine completes the call. Completions are never acted on in
// place (they may arrive inside another connection's command, e.g. CLIENT
// UNBLOCK); the connection is queued and resumed from an idle callback.

#include <not_redis/server.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <uv.h>

#include "cmd/output_limit.hpp"
#include "cmd/session.hpp"
#include "engine/engine.hpp"
#include "families/connection.hpp"
#include "families/transactions.hpp"
#include "resp/reply_writer.hpp"
#include "resp/request_parser.hpp"
#include "server/peer.hpp"

namespace not_redis {

namespace {

using detail::CallHandle;
using detail::CallState;
using detail::Session;

constexpr std::size_t kReadChunk = 16 * 1024;      // Redis's PROTO_IOBUF_LEN
constexpr std::size_t kMaxReadChunk = 1024 * 1024;  // for big bulks the parser says are coming
// The input one connection's commands may consume per loop turn before the
// others get theirs: one read's worth, as Redis serves a client one read per
// event, so a client pipelining as fast as it can does not starve the rest.
constexpr std::size_t kInputPerTurn = kReadChunk;
constexpr std::size_t kMaxQueryBuffer = 1024 * 1024 * 1024;  // Redis's client-query-buffer-limit
constexpr std::string_view kMaxClientsError = "-ERR max number of clients reached\r\n";
constexpr std::string_view kProtectedModeError =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the "
    "default user. In this mode connections are only accepted from the loopback interface. If you want to connect "
    "from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode "
    "sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the "
    "same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. "
    "Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by "
    "editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the "
    "server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
    "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above "
    "things in order for the server to start accepting connections from the outside.\r\n";
constexpr std::string_view kUnblockedError = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

/// Input bytes: [begin, end) unparsed, [end, capacity) free for the next read.
/// Unlike std::string, growing it does not zero-fill what the socket overwrites.
class InputBuffer {
public:
  std::string_view unparsed() const noexcept { return {data_.get() + begin_, end_ - begin_}; }
  void consume(std::size_t n) noexcept { begin_ += n; }
  std::size_t size() const noexcept { return end_ - begin_; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// Room for at least `wanted` more bytes at the end.
  uv_buf_t reserve(std::size_t wanted) {
    if (begin_ == end_) begin_ = end_ = 0;
    if (capacity_ - end_ < wanted) {
      if (begin_ > 0 && capacity_ - (end_ - begin_) >= wanted) {
        std::memmove(data_.get(), data_.get() + begin_, end_ - begin_);
      } else {
        const std::size_t size = std::max(capacity_ * 2, end_ - begin_ + wanted);
        auto bigger = std::make_unique_for_overwrite<char[]>(size);
        if (end_ > begin_) std::memcpy(bigger.get(), data_.get() + begin_, end_ - begin_);  // data_ may be null
        data_ = std::move(bigger);
        capacity_ = size;
      }
      end_ -= begin_;
      begin_ = 0;
    }
    return uv_buf_init(data_.get() + end_, static_cast<unsigned>(capacity_ - end_));
  }
  void commit(std::size_t n) noexcept { end_ += n; }
  /// Gives memory back after a big request, once it is all parsed.
  void shrink() noexcept {
    if (begin_ == end_ && capacity_ > 4 * kReadChunk) {
      data_.reset();
      capacity_ = begin_ = end_ = 0;
    }
  }

private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0, begin_ = 0, end_ = 0;
};

} // namespace

struct Server::Impl final : detail::SessionRegistry {
  struct Connection final : detail::MessageSink {
    Impl* server;
    union {
      uv_tcp_t tcp;
      uv_pipe_t pipe;
      uv_stream_t stream;
      uv_handle_t handle;
    };
    Session session;
    detail::resp::RequestParser parser;
    InputBuffer input;
    std::string output;    // replies not yet handed to the socket
    std::string in_flight;  // replies the socket is writing
    uv_write_t write_request{};
    bool writing = false;
    bool reading = false;
    bool closing = false;
    bool yielded = false;  // stopped at its turn's budget with commands left; resumed next turn
    bool flush_due = false;  // pub/sub pushes wait for the flush before the loop sleeps
    CallHandle blocked_call;  // the parked command, while blocked
    std::string own_monitor_line;  // MONITOR's line for a monitor's own command: after its reply, as Redis

    explicit Connection(Impl* s) : server(s) { session.sink = this; }
    std::size_t pending_output() const noexcept { return output.size() + in_flight.size(); }
    void deliver(const Value& push) noexcept override { server->deliver(*this, push); }
  };

  detail::Engine& engine;
  detail::Store& store;
  ServerOptions options;
  std::uint16_t bound_port = 0;
  std::string unix_path;

  uv_tcp_t* tcp_listener = nullptr;
  uv_pipe_t* unix_listener = nullptr;
  uv_idle_t* resumer = nullptr;
  /// Writes subscribers' pushes once per loop turn, before the loop polls,
  /// as Redis's beforeSleep writes clients with pending output: a PUBLISH
  /// burst reaches each subscriber in one write, not one per message.
  uv_prepare_t* flusher = nullptr;
  std::vector<std::uint64_t> due_flushes;
  uv_timer_t* idle_timer = nullptr;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections;  // by id: CLIENT LIST's order
  std::vector<std::uint64_t> resumable;
  std::size_t monitors = 0;
  std::size_t open_handles = 0;
  std::shared_ptr<Impl> self;  // keeps the Impl alive until every handle has closed
  std::uint64_t close_hook = 0;
  bool closed = false;

  /// Connection times use the store's clock, as CLIENT LIST's age and idle do.
  std::int64_t now_ms() const noexcept { return store.clock->now().count() / 1000; }

  Impl(detail::Engine& e, ServerOptions o) : engine(e), store(e.store()), options(std::move(o)) {}

  // --- starting and stopping (loop thread) ---

  void start();
  void close_all() noexcept;
  void listen_tcp();
  void listen_unix();
  template <class Handle>
  void close_handle(Handle* handle) noexcept;
  /// Every handle's close callback ends here; the last one frees the Impl.
  void handle_closed() noexcept {
    if (--open_handles == 0) self.reset();  // may free *this
  }

  // --- connections ---

  void accept(uv_stream_t* listener, bool unix_socket) noexcept;
  void start_reading(Connection& c) noexcept;
  void on_read(Connection& c, ssize_t nread) noexcept;
  void process_input(Connection& c) noexcept;
  void run_command(Connection& c, Argv&& argv) noexcept;
  void send_reply(Connection& c, const Value& reply) noexcept;
  /// A pub/sub message or confirmation for `c`, written as its protocol
  /// writes a push (RESP2: an array).
  void deliver(Connection& c, const Value& push) noexcept;
  void send_own_monitor_line(Connection& c) noexcept;
  /// client-output-buffer-limit, checked as Redis does whenever output is
  /// added: closes `c` if it is past its class's limit. True if it did.
  bool close_if_over_output_limit(Connection& c) noexcept;
  void flush(Connection& c) noexcept;
  void flush_due_pushes() noexcept;
  void on_written(Connection& c, int status) noexcept;
  void close_connection(Connection& c) noexcept;
  /// Runs `c` again on the next loop turn (see resume()).
  void resume_later(Connection& c) noexcept;
  /// Ends `c`'s turn with commands left: it stops being read until resumed.
  void yield_turn(Connection& c) noexcept;
  /// Next turn: answers the blocked calls that completed and runs the
  /// connections that yielded.
  void resume() noexcept;
  void close_idle() noexcept;

  // --- SessionRegistry, for CLIENT and MONITOR ---

  std::vector<Session*> sessions() override {
    std::vector<Session*> out;
    out.reserve(connections.size());
    for (auto& [id, c] : connections)
      if (!c->closing) out.push_back(&c->session);
    return out;
  }
  Connection* find(const Session& session) noexcept {
    auto it = connections.find(session.id);
    return it == connections.end() || &it->second->session != &session ? nullptr : it->second.get();
  }
  void kill(Session& session, const Session& caller) override {
    Connection* c = find(session);
    if (!c) return;
    // The caller killing itself still gets its reply; any other goes now.
    if (&session == &caller) session.close_after_reply = true;
    else close_connection(*c);
  }
  bool unblock(Session& session, bool with_error) override {
    Connection* c = find(session);
    if (!c || !session.blocked || !c->blocked_call.valid()) return false;
    return engine.unblock(c->blocked_call.state(),
                          with_error ? std::optional<Value>(Value::error(std::string(kUnblockedError))) : std::nullopt);
  }
  void feed_monitors(const Session& from, const Argv& argv, std::int64_t now_us) override {
    std::string line;
    for (auto& [id, c] : connections) {
      if (!c->session.monitor || c->closing) continue;
      if (line.empty()) line = fmt::format("+{}\r\n", detail::monitor_line(from, argv, now_us));
      if (&c->session == &from) {
        c->own_monitor_line += line;
        continue;
      }
      c->output += line;
      if (close_if_over_output_limit(*c)) continue;
      flush(*c);
      // A feed cannot be slowed down as a pipeline is (by not reading the
      // client): a monitor that does not keep up is closed instead, so one
      // that never reads costs bounded memory.
      if (c->pending_output() > options.max_pending_output) close_connection(*c);
    }
  }
  bool has_monitors() const noexcept override { return monitors > 0; }
};

template <class Handle>
void Server::Impl::close_handle(Handle* handle) noexcept {
  auto* h = reinterpret_cast<uv_handle_t*>(handle);
  h->data = this;
  uv_close(h, [](uv_handle_t* closed) {
    auto* impl = static_cast<Impl*>(closed->data);
    delete reinterpret_cast<Handle*>(closed);
    impl->handle_closed();
  });
}

void Server::Impl::start() {
  if (engine.closed()) {
    self.reset();  // no handle will ever close to drop it
    throw Error(Error::Kind::shutdown, "not_redis::Server: the store has shut down");
  }
  resumer = new uv_idle_t;
  uv_idle_init(engine.loop(), resumer);
  resumer->data = this;
  ++open_handles;
  flusher = new uv_prepare_t;
  uv_prepare_init(engine.loop(), flusher);
  flusher->data = this;
  ++open_handles;
  idle_timer = new uv_timer_t;
  uv_timer_init(engine.loop(), idle_timer);
  idle_timer->data = this;
  ++open_handles;
  try {
    if (options.port) listen_tcp();
    if (!options.unix_socket.empty()) listen_unix();
  } catch (...) {
    close_all();
    throw;
  }
  // CONFIG GET reports where we listen; CONFIG SET requirepass/maxclients/timeout act at once.
  if (!options.requirepass.empty()) store.config.requirepass = options.requirepass;
  store.config.port = bound_port;
  store.config.bind = options.port ? options.bind : std::string();
  store.config.unixsocket = unix_path;
  store.config.maxclients = options.max_clients;
  store.config.protected_mode = options.protected_mode;
  // Like Redis's clientsCron: once a second, close connections idle longer
  // than `timeout` seconds. It must not keep an attached application's loop alive.
  uv_timer_start(idle_timer, [](uv_timer_t* t) { static_cast<Impl*>(t->data)->close_idle(); }, 1000, 1000);
  uv_unref(reinterpret_cast<uv_handle_t*>(idle_timer));
  store.sessions = this;
  close_hook = engine.add_close_hook([this] { close_all(); });
}

void Server::Impl::listen_tcp() {
  tcp_listener = new uv_tcp_t;
  uv_tcp_init(engine.loop(), tcp_listener);
  tcp_listener->data = this;
  ++open_handles;
  sockaddr_storage addr{};
  int rc = uv_ip4_addr(options.bind.c_str(), *options.port, reinterpret_cast<sockaddr_in*>(&addr));
  if (rc != 0) rc = uv_ip6_addr(options.bind.c_str(), *options.port, reinterpret_cast<sockaddr_in6*>(&addr));
  if (rc != 0) throw Error(Error::Kind::usage, fmt::format("not_redis::Server: bad bind address '{}'", options.bind));
  rc = uv_tcp_bind(tcp_listener, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(tcp_listener), 511, [](uv_stream_t* l, int status) {
      if (status == 0) static_cast<Impl*>(l->data)->accept(l, false);
    });
  if (rc != 0)
    throw Error(Error::Kind::usage, fmt::format("not_redis::Server: cannot listen on {}:{}: {}", options.bind,
                                                *options.port, uv_strerror(rc)));
  sockaddr_storage bound{};
  int len = sizeof bound;
  uv_tcp_getsockname(tcp_listener, reinterpret_cast<sockaddr*>(&bound), &len);
  bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                 : reinterpret_cast<sockaddr_in&>(bound).sin_port);
}

void Server::Impl::listen_unix() {
  unix_listener = new uv_pipe_t;
  uv_pipe_init(engine.loop(), unix_listener, 0);
  unix_listener->data = this;
  ++open_handles;
  // As Redis: a stale socket file from an earlier run is replaced.
  ::unlink(options.unix_socket.c_str());
  int rc = uv_pipe_bind(unix_listener, options.unix_socket.c_str());
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(unix_listener), 511, [](uv_stream_t* l, int status) {
      if (status == 0) static_cast<Impl*>(l->data)->accept(l, true);
    });
  if (rc != 0)
    throw Error(Error::Kind::usage,
                fmt::format("not_redis::Server: cannot listen on {}: {}", options.unix_socket, uv_strerror(rc)));
  unix_path = options.unix_socket;
}

void Server::Impl::close_all() noexcept {
  if (closed) return;
  closed = true;
  if (close_hook) engine.remove_close_hook(close_hook);
  if (store.sessions == this) store.sessions = nullptr;
  if (tcp_listener) close_handle(std::exchange(tcp_listener, nullptr));
  if (unix_listener) {
    close_handle(std::exchange(unix_listener, nullptr));
    ::unlink(unix_path.c_str());
  }
  for (auto& [id, c] : connections) close_connection(*c);
  resumable.clear();
  due_flushes.clear();
  close_handle(std::exchange(resumer, nullptr));
  close_handle(std::exchange(flusher, nullptr));
  close_handle(std::exchange(idle_timer, nullptr));
}

void Server::Impl::close_idle() noexcept {
  // The other once-a-second duty of Redis's clientsCron: each client's
  // buffers feed INFO's recent maxima.
  const std::int64_t now_s = now_ms() / 1000;
  for (auto& [id, c] : connections)
    store.client_peaks.record(now_s, c->session.query_buffer, detail::output_list_bytes(c->session.output_bytes));
  if (store.config.timeout <= 0) return;
  const std::int64_t oldest = now_ms() - std::int64_t{store.config.timeout} * 1000;
  // As Redis: blocked clients have their own timeout, and monitors and
  // subscribers, which only listen, never idle out.
  for (auto& [id, c] : connections) {
    const Session& s = c->session;
    if (!s.blocked && !s.monitor && !s.subscribed() && s.last_interaction_ms < oldest) close_connection(*c);
  }
}

void Server::Impl::accept(uv_stream_t* listener, bool unix_socket) noexcept {
  try {
    // In the map before its handle exists: from then on close_connection()
    // is the one way out, whatever fails.
    auto owned = std::make_unique<Connection>(this);
    Connection& c = *owned;
    Session& s = c.session;
    s.id = store.next_session_id++;
    connections.emplace(s.id, std::move(owned));
    if (unix_socket) uv_pipe_init(engine.loop(), &c.pipe, 0);
    else uv_tcp_init(engine.loop(), &c.tcp);
    c.handle.data = &c;
    ++open_handles;
    if (uv_accept(listener, &c.stream) != 0) {
      close_connection(c);
      return;
    }
    s.network = true;
    s.unix_socket = unix_socket;
    s.authenticated = store.config.requirepass.empty();
    s.created_ms = s.last_interaction_ms = now_ms();
    bool local_peer = true;  // a unix socket is local, as in Redis
    uv_os_fd_t fd;
    if (uv_fileno(&c.handle, &fd) == 0) s.fd = fd;
    if (unix_socket) {
      s.addr = fmt::format("{}:0", unix_path);
      s.laddr = s.addr;
    } else {
      uv_tcp_nodelay(&c.tcp, 1);
      sockaddr_storage peer{}, local{};
      int len = sizeof peer;
      if (uv_tcp_getpeername(&c.tcp, reinterpret_cast<sockaddr*>(&peer), &len) == 0) s.addr = detail::address_of(peer);
      len = sizeof local;
      if (uv_tcp_getsockname(&c.tcp, reinterpret_cast<sockaddr*>(&local), &len) == 0) s.laddr = detail::address_of(local);
      local_peer = detail::is_loopback(peer);
    }
    if (connections.size() > store.config.maxclients) {
      ++store.stats.rejected_connections;  // and, as Redis, not counted as received
      c.output = kMaxClientsError;
      c.session.close_after_reply = true;
      flush(c);
      return;
    }
    // Redis's protected mode: with no password, only local clients get in (a
    // server bound to every interface by mistake does not give its data away).
    if (store.config.protected_mode && store.config.requirepass.empty() && !local_peer) {
      c.output = kProtectedModeError;
      c.session.close_after_reply = true;
      flush(c);
      return;
    }
    ++store.stats.connections_received;
    start_reading(c);
  } catch (const std::bad_alloc&) {
    // No memory for the connection: leave it in the backlog's hands.
  }
}

void Server::Impl::start_reading(Connection& c) noexcept {
  if (c.reading || c.closing) return;
  c.reading = true;
  uv_read_start(
      &c.stream,
      [](uv_handle_t* h, std::size_t, uv_buf_t* buf) {
        auto& conn = *static_cast<Connection*>(h->data);
        const std::size_t wanted = std::clamp(conn.parser.bytes_wanted(), kReadChunk, kMaxReadChunk);
        try {
          *buf = conn.input.reserve(wanted);
        } catch (const std::bad_alloc&) {
          *buf = uv_buf_init(nullptr, 0);  // libuv reports UV_ENOBUFS; the connection closes
        }
      },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t*) {
        auto& conn = *static_cast<Connection*>(stream->data);
        conn.server->on_read(conn, nread);
      });
}

void Server::Impl::on_read(Connection& c, ssize_t nread) noexcept {
  if (nread < 0) {  // EOF or error: nobody is left to read the replies
    close_connection(c);
    return;
  }
  c.input.commit(static_cast<std::size_t>(nread));
  store.stats.net_input_bytes += static_cast<std::uint64_t>(nread);
  ++store.stats.reads_processed;
  c.session.last_interaction_ms = now_ms();
  if (c.input.size() > kMaxQueryBuffer) {
    // As Redis's client-query-buffer-limit: a client that keeps sending while
    // blocked cannot grow our memory without bound.
    close_connection(c);
    return;
  }
  process_input(c);
}

void Server::Impl::process_input(Connection& c) noexcept {
  std::size_t consumed = 0;
  while (!c.closing && !c.session.close_after_reply && !c.session.blocked) {
    if (consumed >= kInputPerTurn && !c.input.unparsed().empty()) {
      yield_turn(c);
      break;
    }
    const detail::resp::ParserLimits limits{store.config.proto_max_bulk_len, c.session.authenticated};
    if (c.pending_output() > options.max_pending_output) flush(c);
    if (c.pending_output() > options.max_pending_output) {
      // Backpressure: stop reading until the client takes its replies.
      if (c.reading) {
        uv_read_stop(&c.stream);
        c.reading = false;
      }
      break;
    }
    const std::string_view unparsed = c.input.unparsed();
    std::size_t pos = 0;
    Argv argv;
    const auto result = c.parser.parse(unparsed, pos, argv, limits);
    c.input.consume(pos);
    consumed += pos;
    if (result == detail::resp::RequestParser::Result::incomplete) break;
    if (result == detail::resp::RequestParser::Result::error) {
      // As Redis: the error is the last thing the client gets.
      c.output += '-';
      c.output += c.parser.error();
      c.output += "\r\n";
      c.session.close_after_reply = true;
      break;
    }
    c.session.query_buffer = c.input.size();
    run_command(c, std::move(argv));
  }
  c.input.shrink();
  if (!c.closing && !c.reading && !c.yielded && !c.session.close_after_reply && !c.session.blocked &&
      c.pending_output() <= options.max_pending_output)
    start_reading(c);
  flush(c);
}

void Server::Impl::run_command(Connection& c, Argv&& argv) noexcept {
  Session& s = c.session;
  const bool was_monitor = s.monitor;
  s.output_bytes = c.pending_output();
  CallHandle call = engine.execute_for(s, std::move(argv));
  if (s.monitor != was_monitor) s.monitor ? ++monitors : --monitors;
  if (!call.ready()) {
    // Parked in a blocking command: this connection waits; the engine
    // completes the call when data arrives, on timeout, or on CLIENT UNBLOCK.
    s.blocked = true;
    c.blocked_call = std::move(call);
    struct Resume final : detail::Continuation {
      Impl* server;
      std::uint64_t id;
      Resume(Impl* s, std::uint64_t i) : server(s), id(i) {}
      void run() noexcept override {
        auto it = server->connections.find(id);
        if (it == server->connections.end() || it->second->closing) return;
        server->resume_later(*it->second);
      }
    };
    try {
      c.blocked_call.on_ready(std::make_unique<Resume>(this, s.id));
    } catch (const std::bad_alloc&) {
      engine.unblock(c.blocked_call.state(), std::nullopt);
    }
    send_own_monitor_line(c);
    return;
  }
  Value reply;
  try {
    reply = call.take();
  } catch (const Error&) {
    reply = Value::error("ERR server is shutting down");
  }
  send_reply(c, reply);
  send_own_monitor_line(c);
}

void Server::Impl::send_own_monitor_line(Connection& c) noexcept {
  if (c.own_monitor_line.empty()) return;
  try {
    c.output += c.own_monitor_line;
  } catch (const std::bad_alloc&) {
    close_connection(c);
  }
  c.own_monitor_line.clear();
  close_if_over_output_limit(c);
}

bool Server::Impl::close_if_over_output_limit(Connection& c) noexcept {
  if (c.closing) return true;
  // On top of max_pending_output's backpressure (which waits for a client
  // instead of closing it): Redis closes a client past its limit at once,
  // its unsent replies dropped. Nothing here logs, so Redis's log line is
  // not written.
  if (!detail::over_output_limit(store.config, c.session, c.pending_output(), now_ms() / 1000)) return false;
  close_connection(c);
  return true;
}

void Server::Impl::send_reply(Connection& c, const Value& reply) noexcept {
  using Mode = Session::ReplyMode;
  Session& s = c.session;
  // CLIENT REPLY: OFF mutes every reply, SKIP the next command's; neither
  // CLIENT REPLY OFF nor SKIP answers itself.
  const bool muted = s.reply_mode != Mode::on;
  if (s.reply_mode == Mode::skip) s.reply_mode = Mode::on;
  else if (s.reply_mode == Mode::skip_next) s.reply_mode = Mode::skip;
  // (P|S)SUBSCRIBE answered through the sink already, one push per channel.
  if (std::exchange(s.replied_through_sink, false)) return;
  if (muted) return;
  try {
    detail::resp::write_reply(c.output, reply, s.resp);
  } catch (const std::bad_alloc&) {
    close_connection(c);
    return;
  }
  close_if_over_output_limit(c);
}

void Server::Impl::deliver(Connection& c, const Value& push) noexcept {
  // CLIENT REPLY OFF and SKIP mute replies, not pushes: redis-server 7.0.15
  // still sends messages and (un)subscribe confirmations then.
  if (c.closing) return;
  try {
    detail::resp::write_reply(c.output, push, c.session.resp);
  } catch (const std::bad_alloc&) {
    close_connection(c);
    return;
  }
  // A subscriber that does not read is closed past its class's limit
  // (client-output-buffer-limit pubsub, 32 MB hard by default), as Redis
  // does; max_pending_output, the backpressure on replies, does not apply:
  // messages cannot wait for it as a pipeline's replies do.
  if (close_if_over_output_limit(c)) return;
  if (c.flush_due) return;
  try {
    due_flushes.push_back(c.session.id);
  } catch (const std::bad_alloc&) {
    flush(c);  // no room to wait: write now
    return;
  }
  c.flush_due = true;
  uv_prepare_start(flusher, [](uv_prepare_t* h) { static_cast<Impl*>(h->data)->flush_due_pushes(); });
}

void Server::Impl::flush_due_pushes() noexcept {
  uv_prepare_stop(flusher);
  std::vector<std::uint64_t> due;
  due.swap(due_flushes);
  for (std::uint64_t id : due) {
    const auto it = connections.find(id);
    if (it == connections.end()) continue;
    it->second->flush_due = false;
    flush(*it->second);
  }
}

void Server::Impl::resume_later(Connection& c) noexcept {
  try {
    resumable.push_back(c.session.id);
  } catch (const std::bad_alloc&) {
    close_connection(c);
    return;
  }
  uv_idle_start(resumer, [](uv_idle_t* h) { static_cast<Impl*>(h->data)->resume(); });
}

void Server::Impl::yield_turn(Connection& c) noexcept {
  // Not read meanwhile: what it sends waits in the kernel, as for Redis.
  if (c.reading) {
    uv_read_stop(&c.stream);
    c.reading = false;
  }
  c.yielded = true;
  resume_later(c);
}

void Server::Impl::resume() noexcept {
  std::vector<std::uint64_t> ready;
  ready.swap(resumable);
  uv_idle_stop(resumer);
  for (std::uint64_t id : ready) {
    auto it = connections.find(id);
    if (it == connections.end()) continue;
    Connection& c = *it->second;
    if (c.closing) continue;
    if (c.yielded) {
      c.yielded = false;
      process_input(c);
      continue;
    }
    if (!c.session.blocked || !c.blocked_call.ready()) continue;
    c.session.blocked = false;
    Value reply;
    try {
      reply = c.blocked_call.take();
    } catch (const Error&) {
      reply = Value::error("ERR server is shutting down");
    }
    send_reply(c, reply);
    process_input(c);  // the commands pipelined behind the blocking one
  }
}

void Server::Impl::flush(Connection& c) noexcept {
  if (c.closing) return;
  if (!c.writing && !c.output.empty()) {
    // Most replies fit in the socket buffer: write them now, without a write
    // request and its deferred callback; queue only what the socket refused.
    uv_buf_t buf = uv_buf_init(c.output.data(), static_cast<unsigned>(c.output.size()));
    int written = uv_try_write(&c.stream, &buf, 1);
    if (written == UV_EAGAIN) written = 0;
    if (written < 0) {
      close_connection(c);
      return;
    }
    if (written > 0) {
      store.stats.net_output_bytes += static_cast<std::uint64_t>(written);
      ++store.stats.writes_processed;
    }
    if (static_cast<std::size_t>(written) == c.output.size()) {
      // Keep the buffer's memory for the next batch unless a big reply grew it.
      if (c.output.capacity() > 4 * kReadChunk) std::string().swap(c.output);
      else c.output.clear();
    } else {
      c.output.erase(0, static_cast<std::size_t>(written));
      c.in_flight.swap(c.output);
      c.output.clear();
      c.writing = true;
      c.write_request.data = &c;
      buf = uv_buf_init(c.in_flight.data(), static_cast<unsigned>(c.in_flight.size()));
      const int rc = uv_write(&c.write_request, &c.stream, &buf, 1, [](uv_write_t* req, int status) {
        auto& conn = *static_cast<Connection*>(req->data);
        conn.server->on_written(conn, status);
      });
      if (rc != 0) {
        c.writing = false;
        close_connection(c);
        return;
      }
    }
  }
  // What CLIENT LIST and INFO report as this client's unsent replies.
  c.session.output_bytes = c.pending_output();
  if (!c.writing && c.output.empty() && c.session.close_after_reply) close_connection(c);
}

void Server::Impl::on_written(Connection& c, int status) noexcept {
  c.writing = false;
  if (c.closing) return;
  if (status != 0) {
    close_connection(c);
    return;
  }
  store.stats.net_output_bytes += c.in_flight.size();
  ++store.stats.writes_processed;
  // Keep the buffer's memory for the next batch unless a big reply grew it.
  if (c.in_flight.capacity() > 4 * kReadChunk) std::string().swap(c.in_flight);
  else c.in_flight.clear();
  if (!c.reading && !c.session.blocked && !c.session.close_after_reply) {
    // Drained below the limit: run what was pipelined meanwhile, read again.
    process_input(c);
    return;
  }
  flush(c);
}

void Server::Impl::close_connection(Connection& c) noexcept {
  if (c.closing) return;
  c.closing = true;
  if (c.session.monitor) --monitors;
  // A command blocked for a client that left is abandoned, as Redis does.
  if (c.session.blocked && c.blocked_call.valid()) engine.unblock(c.blocked_call.state(), Value{});
  detail::discard_transaction(engine.store(), c.session);
  store.pubsub.unsubscribe_all(c.session);
  uv_close(&c.handle, [](uv_handle_t* h) {
    auto* conn = static_cast<Connection*>(h->data);
    Impl* impl = conn->server;
    impl->connections.erase(conn->session.id);  // frees conn
    impl->handle_closed();
  });
}

// --- Server ---

Server::Server(Client& store, ServerOptions options) {
  detail::Engine& engine = *store.engine_;
  impl_ = std::make_shared<Impl>(engine, std::move(options));
  impl_->self = impl_;
  if (engine.on_loop_thread()) {
    impl_->start();
    return;
  }
  // The task dies with its call (in take()): its error lives here.
  struct Start final : detail::Continuation {
    Impl* impl;
    std::exception_ptr* error;
    Start(Impl* i, std::exception_ptr* e) : impl(i), error(e) {}
    void run() noexcept override {
      try {
        impl->start();
      } catch (...) {
        *error = std::current_exception();
      }
    }
  };
  std::exception_ptr error;
  CallHandle done = engine.run_on_loop(std::make_unique<Start>(impl_.get(), &error));
  try {
    done.take();  // throws Error(shutdown) if the store is gone
  } catch (...) {
    impl_->self.reset();  // start() never ran: no handle will drop it
    throw;
  }
  if (error) std::rethrow_exception(error);
}

Server::~Server() {
  if (!impl_) return;
  detail::Engine& engine = impl_->engine;
  if (engine.on_loop_thread()) {
    impl_->close_all();
    return;
  }
  struct Stop final : detail::Continuation {
    std::shared_ptr<Impl> impl;
    explicit Stop(std::shared_ptr<Impl> i) : impl(std::move(i)) {}
    void run() noexcept override { impl->close_all(); }
  };
  try {
    engine.run_on_loop(std::make_unique<Stop>(impl_)).take();
  } catch (const Error&) {
    // The store shut down first: its close hook already closed the server.
  }
}

std::uint16_t Server::port() const noexcept { return impl_->bound_port; }

const std::string& Server::unix_socket() const noexcept { return impl_->unix_path; }

} // namespace not_redis
