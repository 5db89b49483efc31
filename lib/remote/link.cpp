#include "remote/link.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "cmd/pubsub.hpp"
#include "cmd/table.hpp"

namespace not_redis::detail {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

void append_header(std::string& out, char type, std::size_t n) {
  char buf[24];
  buf[0] = type;
  char* end = std::to_chars(buf + 1, buf + sizeof buf - 2, n).ptr;
  *end++ = '\r';
  *end++ = '\n';
  out.append(buf, end);
}

void append_request(std::string& out, const Argv& argv) {
  append_header(out, '*', argv.size());
  for (std::string_view arg : argv) {
    append_header(out, '$', arg.size());
    out.append(arg);
    out.append("\r\n");
  }
}

} // namespace

std::string describe_endpoint(const RemoteOptions& options) {
  if (!options.unix_socket.empty()) return options.unix_socket;
  if (options.host.find(':') != std::string::npos) return fmt::format("[{}]:{}", options.host, options.port);
  return fmt::format("{}:{}", options.host, options.port);
}

/// The libuv side of a connection. It outlives the Link when a close or a
/// lookup is still under way: `link` is then null and the callbacks only free.
struct Link::Socket {
  union {
    uv_tcp_t tcp;
    uv_pipe_t pipe;
    uv_handle_t handle;
    uv_stream_t stream;
  };
  uv_connect_t connect_req;
  uv_getaddrinfo_t lookup;
  Link* link = nullptr;
  bool handle_open = false;
  bool lookup_running = false;

  void release() {
    link = nullptr;
    if (handle_open) {
      handle_open = false;
      uv_close(&handle, [](uv_handle_t* h) {
        auto* s = static_cast<Socket*>(h->data);
        if (!s->lookup_running) delete s;
      });
    } else if (!lookup_running) {
      delete this;
    }
  }
};

Link::Link(uv_loop_t* loop, const RemoteOptions& options, LinkOwner& owner)
    : loop_(loop), options_(options), owner_(owner), endpoint_(describe_endpoint(options)) {
  connect_timer_ = new uv_timer_t;
  uv_timer_init(loop_, connect_timer_);
  connect_timer_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(connect_timer_));
}

Link::~Link() {
  fail_pending(Error::Kind::shutdown, "not_redis: the client shut down before the reply came");
  if (socket_) std::exchange(socket_, nullptr)->release();
  uv_close(reinterpret_cast<uv_handle_t*>(connect_timer_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
}

void Link::open() {
  if (state_ != State::closed) return;
  state_ = State::connecting;
  parser_.reset();
  in_begin_ = in_end_ = 0;
  out_.clear();
  socket_ = new Socket;
  socket_->link = this;
  uv_timer_start(connect_timer_, [](uv_timer_t* t) { static_cast<Link*>(t->data)->on_connect_timeout(); },
                 static_cast<std::uint64_t>(std::max<long long>(1, options_.connect_timeout.count())), 0);
  if (!options_.unix_socket.empty()) {
    uv_pipe_init(loop_, &socket_->pipe, 0);
    socket_->handle.data = socket_;
    socket_->handle_open = true;
    socket_->connect_req.data = socket_;
    uv_pipe_connect(&socket_->connect_req, &socket_->pipe, options_.unix_socket.c_str(),
                    [](uv_connect_t* req, int status) {
                      auto* s = static_cast<Socket*>(req->data);
                      if (!s->link) return;
                      if (status < 0) s->link->close(Error::Kind::io, fmt::format("not_redis: could not connect to {}: {}",
                                                                                  s->link->endpoint_, uv_strerror(status)));
                      else s->link->start_handshake();
                    });
    return;
  }
  // A numeric address connects at once; a name goes through the resolver.
  sockaddr_storage addr{};
  if (uv_ip4_addr(options_.host.c_str(), options_.port, reinterpret_cast<sockaddr_in*>(&addr)) == 0 ||
      uv_ip6_addr(options_.host.c_str(), options_.port, reinterpret_cast<sockaddr_in6*>(&addr)) == 0) {
    connect_to(reinterpret_cast<const sockaddr*>(&addr));
    return;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  socket_->lookup.data = socket_;
  socket_->lookup_running = true;
  const std::string port = std::to_string(options_.port);
  const int rc = uv_getaddrinfo(
      loop_, &socket_->lookup,
      [](uv_getaddrinfo_t* req, int status, addrinfo* res) {
        auto* s = static_cast<Socket*>(req->data);
        s->lookup_running = false;
        if (!s->link) {
          uv_freeaddrinfo(res);
          if (!s->handle_open) delete s;
          return;
        }
        Link* link = s->link;
        if (status < 0 || !res) link->close(Error::Kind::io, fmt::format("not_redis: could not resolve {}: {}",
                                                                           link->endpoint_, uv_strerror(status)));
        else link->connect_to(res->ai_addr);
        uv_freeaddrinfo(res);
      },
      options_.host.c_str(), port.c_str(), &hints);
  if (rc < 0) {
    socket_->lookup_running = false;
    close(Error::Kind::io, fmt::format("not_redis: could not resolve {}: {}", endpoint_, uv_strerror(rc)));
  }
}

void Link::connect_to(const sockaddr* addr) {
  uv_tcp_init(loop_, &socket_->tcp);
  socket_->handle.data = socket_;
  socket_->handle_open = true;
  uv_tcp_nodelay(&socket_->tcp, 1);
  // A blocking command may wait for hours on a quiet socket: keepalive is what
  // finds a server that vanished meanwhile.
  uv_tcp_keepalive(&socket_->tcp, 1, 60);
  socket_->connect_req.data = socket_;
  const int rc = uv_tcp_connect(&socket_->connect_req, &socket_->tcp, addr, [](uv_connect_t* req, int status) {
    auto* s = static_cast<Socket*>(req->data);
    if (!s->link) return;
    if (status < 0)
      s->link->close(Error::Kind::io,
                     fmt::format("not_redis: could not connect to {}: {}", s->link->endpoint_, uv_strerror(status)));
    else s->link->start_handshake();
  });
  if (rc < 0) close(Error::Kind::io, fmt::format("not_redis: could not connect to {}: {}", endpoint_, uv_strerror(rc)));
}

void Link::start_handshake() {
  state_ = State::handshaking;
  uv_read_start(
      &socket_->stream,
      [](uv_handle_t* h, std::size_t, uv_buf_t* buf) {
        auto* s = static_cast<Socket*>(h->data);
        std::size_t size = 0;
        buf->base = s->link ? s->link->read_space(size) : nullptr;
        buf->len = size;
      },
      [](uv_stream_t* stream, ssize_t n, const uv_buf_t*) {
        auto* s = static_cast<Socket*>(stream->data);
        if (!s->link || n == 0) return;
        Link* link = s->link;
        if (n < 0) {
          link->close(Error::Kind::io,
                      fmt::format("not_redis: connection to {} lost ({}); a command sent may or may not have run",
                                  link->endpoint_, n == UV_EOF ? "closed by the server" : uv_strerror(static_cast<int>(n))));
          return;
        }
        link->on_read(link->in_.get() + link->in_end_, static_cast<std::size_t>(n));
      });
  // One HELLO does it all: RESP3, AUTH and the name, so a refusal comes back
  // as one error reply.
  Argv hello{"HELLO", "3"};
  if (!options_.password.empty()) {
    hello.push_back("AUTH");
    hello.push_back(options_.user.empty() ? std::string_view("default") : std::string_view(options_.user));
    hello.push_back(options_.password);
  }
  if (!options_.client_name.empty()) {
    hello.push_back("SETNAME");
    hello.push_back(options_.client_name);
  }
  append_request(out_, hello);
  pending_.push_back(Pending{nullptr, 1, 0, true, {}});
  flush();
}

void Link::on_connect_timeout() {
  if (state_ == State::connecting || state_ == State::handshaking)
    close(Error::Kind::io, fmt::format("not_redis: could not connect to {} within {} ms", endpoint_,
                                       options_.connect_timeout.count()));
}

char* Link::read_space(std::size_t& size) {
  // Keep the unparsed tail at the front, then make room for a chunk (or for
  // the rest of a big bulk string, so it arrives in few reads).
  if (in_begin_ > 0 && (in_begin_ == in_end_ || in_begin_ >= in_capacity_ / 2)) {
    std::memmove(in_.get(), in_.get() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  const std::size_t want = std::max(kReadChunk, std::min<std::size_t>(parser_.bytes_wanted(), 64u << 20));
  if (in_capacity_ - in_end_ < want) {
    const std::size_t capacity = std::max(in_capacity_ * 2, in_end_ + want);
    auto bigger = std::make_unique<char[]>(capacity);
    if (in_end_ > in_begin_) std::memcpy(bigger.get(), in_.get() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
    in_ = std::move(bigger);
    in_capacity_ = capacity;
  }
  size = in_capacity_ - in_end_;
  return in_.get() + in_end_;
}

void Link::on_read(const char*, std::size_t n) {
  in_end_ += n;
  const std::string_view buffer(in_.get(), in_end_);
  while (socket_) {
    Value reply;
    const auto result = parser_.parse(buffer, in_begin_, reply);
    if (result == resp::ReplyParser::Result::incomplete) break;
    if (result == resp::ReplyParser::Result::error) {
      close(Error::Kind::io, fmt::format("not_redis: {} sent a reply that is not RESP ({})", endpoint_, parser_.error()));
      return;
    }
    if (reply.type() == Value::Type::push) {
      // Out-of-band (client-side caching invalidations), or pub/sub.
      if (inbox_) on_push(std::move(reply));
      continue;
    }
    if (pending_.empty()) {
      close(Error::Kind::io, fmt::format("not_redis: {} sent a reply to no command", endpoint_));
      return;
    }
    on_reply(std::move(reply));
  }
  if (progress_ > 0 && socket_) owner_.link_progress(*this, std::exchange(progress_, 0));
}

void Link::on_reply(Value&& reply) {
  Pending& p = pending_.front();
  if (p.handshake) {
    pending_.pop_front();
    if (reply.is_error()) {
      // NOPROTO too: a server before Redis 6, whose RESP2 replies would not
      // convert as the embedded store's do.
      const std::string why = fmt::format("not_redis: {} refused the connection: {}", endpoint_, reply.string());
      close(Error::Kind::io, why, true);
      owner_.link_down(*this, why, true);
      return;
    }
    uv_timer_stop(connect_timer_);
    state_ = State::ready;
    if (inbox_) resubscribe();
    owner_.link_ready(*this);
    return;
  }
  // A pipeline collects its replies; a transaction's is EXEC's (the QUEUED
  // replies say nothing EXEC does not).
  const bool pipeline = p.state && p.state->kind == CallState::Kind::pipeline;
  const bool transaction = p.state && p.state->kind == CallState::Kind::transaction;
  const bool last = p.replies_left == 1;
  if (pipeline) p.collected.push_back(std::move(reply));
  else if (transaction && !last && reply.is_error() && p.collected.empty()) p.collected.push_back(std::move(reply));
  // In subscribed mode a reply that is no push (an error) answers the whole
  // (un)subscribe: no confirmations follow it.
  if (--p.replies_left > 0 && !inbox_) return;
  CallState* state = p.state;
  Value result = pipeline ? Value::array(std::move(p.collected)) : std::move(reply);
  if (state && !pipeline) {
    // The owner may send it again elsewhere (a cluster's MOVED).
    const bool refused_queuing = transaction && result.is_error() && !p.collected.empty();
    Value refusal = refused_queuing ? std::move(p.collected.front()) : Value{};
    Value& shown = refused_queuing ? refusal : result;
    if (shown.is_error()) {
      pending_.pop_front();
      if (owner_.intercept(*this, state, shown)) {
        ++progress_;
        return;
      }
      ++progress_;
      state->complete(std::move(result));
      state->release();
      return;
    }
  }
  pending_.pop_front();
  if (state) {
    ++progress_;
    state->complete(std::move(result));
    state->release();
  }
}

void Link::send(CallState* state, LoopMs deadline) {
  std::uint32_t replies = 1;
  switch (state->kind) {
  case CallState::Kind::command:
    append_request(out_, state->argv);
    if (inbox_) replies = track_subscription(state->argv);
    break;
  case CallState::Kind::pipeline:
    for (const Argv& argv : state->batch) append_request(out_, argv);
    replies = static_cast<std::uint32_t>(state->batch.size());
    break;
  case CallState::Kind::transaction: {
    static const Argv kMulti{"MULTI"};
    static const Argv kExec{"EXEC"};
    append_request(out_, kMulti);
    for (const Argv& argv : state->batch) append_request(out_, argv);
    append_request(out_, kExec);
    replies = static_cast<std::uint32_t>(state->batch.size() + 2);
    break;
  }
  }
  if (!keep_requests_) {
    // The request is on its way: its arguments are not needed any more.
    state->argv = Argv{};
    std::vector<Argv>().swap(state->batch);
  }
  pending_.push_back(Pending{state, replies, deadline, false, {}});
}

void Link::send_internal(const Argv& argv) {
  append_request(out_, argv);
  pending_.push_back(Pending{nullptr, 1, 0, false, {}});
}

void Link::flush() {
  if (out_.empty() || !socket_ || state_ == State::connecting) return;
  uv_buf_t buf = uv_buf_init(out_.data(), static_cast<unsigned>(out_.size()));
  const int written = uv_try_write(&socket_->stream, &buf, 1);
  if (written == static_cast<int>(out_.size())) {
    out_.clear();
    return;
  }
  if (written < 0 && written != UV_EAGAIN) {
    close(Error::Kind::io, fmt::format("not_redis: connection to {} lost ({}); a command sent may or may not have run",
                                       endpoint_, uv_strerror(written)));
    return;
  }
  struct Write {
    uv_write_t req;
    std::string bytes;
  };
  auto* w = new Write;
  w->bytes = std::move(out_);
  out_.clear();
  if (written > 0) w->bytes.erase(0, static_cast<std::size_t>(written));
  w->req.data = socket_;
  buf = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  const int rc = uv_write(&w->req, &socket_->stream, &buf, 1, [](uv_write_t* req, int status) {
    auto* write = reinterpret_cast<Write*>(req);
    auto* s = static_cast<Socket*>(req->data);
    delete write;
    if (status < 0 && status != UV_ECANCELED && s->link)
      s->link->close(Error::Kind::io,
                     fmt::format("not_redis: connection to {} lost ({}); a command sent may or may not have run",
                                 s->link->endpoint_, uv_strerror(status)));
  });
  if (rc < 0) {
    delete w;
    close(Error::Kind::io, fmt::format("not_redis: connection to {} lost ({}); a command sent may or may not have run",
                                       endpoint_, uv_strerror(rc)));
  }
}

namespace {

/// A subscription command's kind (0 channel, 1 pattern, 2 shard) and whether
/// it subscribes; nullopt for any other command.
std::optional<std::pair<int, bool>> subscription_command(std::string_view name) {
  static constexpr std::string_view kNames[] = {"subscribe", "psubscribe", "ssubscribe",
                                                "unsubscribe", "punsubscribe", "sunsubscribe"};
  for (int i = 0; i < 6; ++i)
    if (iequals(name, kNames[i])) return std::pair{i % 3, i < 3};
  return std::nullopt;
}

} // namespace

std::uint32_t Link::track_subscription(const Argv& argv) {
  const auto command = subscription_command(argv[0]);
  if (!command) return 1;  // PING and the like: one reply
  auto& names = subscriptions_[command->first];
  const auto named = static_cast<std::uint32_t>(argv.size() - 1);
  if (command->second) {
    for (std::size_t i = 1; i < argv.size(); ++i) names.emplace(argv[i]);
    return named;  // one confirmation per name, repeated names included
  }
  if (named == 0) {
    // Every subscription of the kind goes, each confirmed; none: one reply.
    const auto dropped = static_cast<std::uint32_t>(std::max<std::size_t>(1, names.size()));
    names.clear();
    return dropped;
  }
  for (std::size_t i = 1; i < argv.size(); ++i)
    if (const auto it = names.find(argv[i]); it != names.end()) names.erase(it);
  return named;
}

void Link::on_push(Value&& push) {
  if (push.elements().empty() || !push.elements()[0].is_string()) return;
  const std::string_view kind = push.elements()[0].string();
  if (kind == "message" || kind == "pmessage" || kind == "smessage") {
    inbox_->deliver(push);
    return;
  }
  if (!subscription_command(kind) || pending_.empty()) return;
  // A confirmation counts towards the (un)subscribe it answers.
  Pending& p = pending_.front();
  if (p.handshake || --p.replies_left > 0) return;
  CallState* state = p.state;
  pending_.pop_front();
  if (state) {
    ++progress_;
    state->complete(Value{});
    state->release();
  }
}

void Link::resubscribe() {
  static constexpr std::string_view kCommands[] = {"SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"};
  for (int kind = 0; kind < 3; ++kind) {
    if (subscriptions_[kind].empty()) continue;
    Argv argv{kCommands[kind]};
    for (const std::string& name : subscriptions_[kind]) argv.push_back(name);
    append_request(out_, argv);
    pending_.push_back(Pending{nullptr, static_cast<std::uint32_t>(subscriptions_[kind].size()), 0, false, {}});
  }
}

LoopMs Link::oldest_deadline() const noexcept {
  for (const Pending& p : pending_)
    if (p.state) return p.deadline;
  return 0;
}

void Link::fail_pending(Error::Kind kind, const std::string& why) {
  // Taken out first: a failed call's continuation may call into the client.
  std::deque<Pending> failed = std::exchange(pending_, {});
  for (Pending& p : failed) {
    if (!p.state) continue;
    p.state->fail(kind, why);
    p.state->release();
  }
}

void Link::close(Error::Kind kind, const std::string& why, bool quiet) {
  if (state_ == State::closed) return;
  state_ = State::closed;
  uv_timer_stop(connect_timer_);
  if (socket_) std::exchange(socket_, nullptr)->release();
  out_.clear();
  fail_pending(kind, why);
  if (!quiet) owner_.link_down(*this, why, false);
}

} // namespace not_redis::detail
