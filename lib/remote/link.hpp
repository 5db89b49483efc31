#pragma once
// Link: one connection of a RemoteClient to a Redis server, on the client's
// loop thread. It connects (resolving the host if needed), says HELLO 3 with
// AUTH and SETNAME, writes the requests of the calls it is given in one write
// per flush(), and completes each call's CallState from the replies, in order.
// It knows nothing of routing or retries: its owner decides where calls go and
// what to do when the link goes down.

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <uv.h>

#include <not_redis/future.hpp>
#include <not_redis/remote_client.hpp>

#include "resp/reply_parser.hpp"

namespace not_redis::detail {

class Link;
class SubscriberInbox;

/// What a link tells the engine that owns it. Called on the loop thread, never
/// from inside Link's destructor.
class LinkOwner {
public:
  virtual void link_ready(Link& link) noexcept = 0;
  /// The link is closed: a failed connect, a refused handshake (`refused`,
  /// e.g. WRONGPASS: retrying will not help), or a lost connection. Its calls
  /// have been failed already.
  virtual void link_down(Link& link, const std::string& why, bool refused) noexcept = 0;
  /// `done` calls were completed since the last report.
  virtual void link_progress(Link& link, std::size_t done) noexcept = 0;
  /// Before `state` completes with `reply`: true if the owner takes the call
  /// (and the link's reference) instead, to send it again elsewhere (a
  /// cluster's MOVED). For a transaction refused while queuing, `reply` is
  /// the first refusal rather than EXEC's EXECABORT.
  virtual bool intercept(Link& link, CallState* state, Value& reply) noexcept = 0;

protected:
  ~LinkOwner() = default;
};

/// "127.0.0.1:6379" or the socket path, for messages.
std::string describe_endpoint(const RemoteOptions& options);

/// Milliseconds on the loop's monotonic clock (uv_now), for deadlines.
using LoopMs = std::uint64_t;

class Link {
public:
  enum class State : std::uint8_t { closed, connecting, handshaking, ready };

  Link(uv_loop_t* loop, const RemoteOptions& options, LinkOwner& owner);
  /// Closes quietly: calls still in flight fail with Error(shutdown).
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  /// Starts connecting; link_ready() or link_down() follows.
  void open();
  /// Fails the calls in flight with Error(`kind`, why) and closes the socket;
  /// link_down() follows unless `quiet`.
  void close(Error::Kind kind, const std::string& why, bool quiet = false);

  State state() const noexcept { return state_; }
  bool ready() const noexcept { return state_ == State::ready; }
  /// Calls sent and not answered yet.
  std::size_t in_flight() const noexcept { return pending_.size(); }
  /// Ready and nothing in flight: free for a blocking command or a lease.
  bool idle() const noexcept { return ready() && pending_.empty(); }

  /// Queues `state`'s request (a command, a pipeline, or MULTI ... EXEC);
  /// the link takes the engine's reference and completes it. `deadline` 0
  /// means none. The bytes leave at the next flush(). Ready links only.
  void send(CallState* state, LoopMs deadline);
  /// Queues a command of the link's own whose reply is dropped (UNWATCH).
  void send_internal(const Argv& argv);
  /// Writes everything queued since the last flush, in one write.
  void flush();
  /// The deadline of the oldest call in flight (replies come in order), 0 if none.
  LoopMs oldest_deadline() const noexcept;

  const std::string& endpoint() const noexcept { return endpoint_; }

  /// Subscribed mode, for a Subscriber: messages go to `inbox`, a call's
  /// reply is its confirmations (one per channel named, or per subscription
  /// dropped), and after each (re)connection the link subscribes again to
  /// everything it was subscribed to.
  void set_subscriber(std::shared_ptr<SubscriberInbox> inbox) noexcept { inbox_ = std::move(inbox); }
  /// Keep each call's arguments once sent, so the owner can send it again.
  void keep_requests(bool keep) noexcept { keep_requests_ = keep; }

private:
  struct Pending {
    CallState* state;  // null: the link's own (HELLO, UNWATCH)
    std::uint32_t replies_left;
    LoopMs deadline;
    bool handshake = false;
    Value::Array collected;  // a pipeline's replies so far; a transaction's first refusal
  };
  struct Socket;

  void connect_to(const sockaddr* addr);
  void start_handshake();
  void on_connect_timeout();
  void on_read(const char* data, std::size_t n);
  void on_reply(Value&& reply);
  void fail_pending(Error::Kind kind, const std::string& why);
  char* read_space(std::size_t& size);
  std::uint32_t track_subscription(const Argv& argv);
  void on_push(Value&& push);
  void resubscribe();

  uv_loop_t* loop_;
  const RemoteOptions& options_;
  LinkOwner& owner_;
  std::string endpoint_;
  State state_ = State::closed;
  Socket* socket_ = nullptr;  // freed in its close callback, which may come after us
  uv_timer_t* connect_timer_ = nullptr;
  std::deque<Pending> pending_;
  std::string out_;
  resp::ReplyParser parser_;
  std::unique_ptr<char[]> in_;
  std::size_t in_capacity_ = 0;
  std::size_t in_begin_ = 0;  // first unparsed byte
  std::size_t in_end_ = 0;
  std::size_t progress_ = 0;  // completions not reported yet
  std::shared_ptr<SubscriberInbox> inbox_;
  bool keep_requests_ = false;
  // Subscribed mode: what the commands sent so far leave subscribed, by kind
  // (channel, pattern, shard), for confirmations and resubscription.
  std::set<std::string, std::less<>> subscriptions_[3];
};

} // namespace not_redis::detail
