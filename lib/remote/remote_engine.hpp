#pragma once
// RemoteEngine: the loop side of a RemoteClient. Callers on any thread post
// CallStates; the loop routes each to a connection (Link) and the link
// completes it from the server's reply.
//
// Routing, all on the loop thread:
// - ordinary commands, pipelines and MULTI/EXEC go to the main connection, in
//   the order taken from the queue; everything taken in one loop turn leaves
//   in one write;
// - a blocking command (or a pipeline holding one) waits until every call
//   routed to the main connection before it has its reply, then takes an idle
//   side connection (or opens one), so it cannot hold up the others;
// - a lease (transaction()'s WATCH) has a connection of its own until it ends.
// The main connection reconnects with backoff; side and leased connections
// are reopened on their next use.

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <uv.h>

#include <not_redis/future.hpp>
#include <not_redis/remote_client.hpp>

#include "cmd/subscriber_host.hpp"
#include "remote/link.hpp"

namespace not_redis::detail {

class RemoteEngine final : public LinkOwner, public SubscriberHost {
public:
  explicit RemoteEngine(RemoteOptions options);
  RemoteEngine(uv_loop_t* loop, RemoteOptions options);
  ~RemoteEngine();
  RemoteEngine(const RemoteEngine&) = delete;
  RemoteEngine& operator=(const RemoteEngine&) = delete;

  // Any thread.
  CallHandle execute(Argv&& argv);
  CallHandle execute_batch(std::vector<Argv>&& commands, CallState::Kind kind, std::uint64_t lease);
  CallHandle run_on_loop(std::unique_ptr<Continuation> task);
  std::uint64_t new_lease();
  void end_lease(std::uint64_t lease) noexcept;
  void shutdown() noexcept;
  bool on_loop_thread() const noexcept override { return std::this_thread::get_id() == loop_thread_; }
  std::uint64_t connections_opened() const noexcept { return connections_opened_.load(std::memory_order_relaxed); }

  // SubscriberHost: each Subscriber has a connection of its own.
  std::uint64_t attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) override;
  CallHandle run_for_subscriber(Argv&& argv, std::uint64_t id) override;
  void detach_subscriber(std::uint64_t id) noexcept override;
  void defer(std::function<void()> fn) override;
  Origin origin() const noexcept override { return {loop_thread_, caller_spin_us_}; }

private:
  enum class Role : std::uint8_t { main, side, lease, subscriber };
  /// A call routed to a connection that is not ready yet.
  struct Waiting {
    CallState* state;
    LoopMs deadline;  // 0: none
  };
  struct Conn {
    std::unique_ptr<Link> link;
    Role role;
    std::uint64_t lease = 0;
    std::deque<Waiting> waiting;
    bool broken = false;  // a leased connection that went down: its WATCH is gone
    std::string broken_why;
    std::shared_ptr<SubscriberInbox> inbox;  // a subscriber's
    LoopMs reopen_at = 0;                    // a subscriber's, after it went down
    std::chrono::milliseconds backoff{0};
  };
  /// A blocking call, held until the main connection has answered the
  /// `after` calls routed to it before this one.
  struct Held {
    CallState* state;
    std::uint64_t after;
  };

  void init();
  void post(CallState* state) noexcept;
  void on_async() noexcept;
  void on_tick() noexcept;
  void route(CallState* state) noexcept;
  void route_main(CallState* state) noexcept;
  void release_held() noexcept;
  void send_or_wait(Conn& conn, CallState* state, LoopMs deadline) noexcept;
  Conn& open_conn(Role role, std::uint64_t lease, std::shared_ptr<SubscriberInbox> inbox = {});
  Conn* idle_side() noexcept;
  void park(Conn& conn) noexcept;
  void fail_waiting(Conn& conn, Error::Kind kind, const std::string& why) noexcept;
  void schedule_reconnect() noexcept;
  void run_deferred() noexcept;
  static std::chrono::milliseconds next_backoff(std::chrono::milliseconds now, const RemoteOptions& options) noexcept;
  void begin_close() noexcept;
  void finish_close() noexcept;
  void maybe_finish_close() noexcept;
  LoopMs deadline_for(const CallState& state) const noexcept;
  static bool is_blocking(const Argv& argv) noexcept;
  static const char* refused_command(const Argv& argv, bool watch_allowed) noexcept;

  void link_ready(Link& link) noexcept override;
  void link_down(Link& link, const std::string& why, bool refused) noexcept override;
  void link_progress(Link& link, std::size_t done) noexcept override;

  RemoteOptions options_;
  std::string endpoint_;
  uv_loop_t* loop_ = nullptr;
  std::optional<uv_loop_t> own_loop_;
  std::thread thread_;
  std::thread::id loop_thread_;
  std::uint32_t caller_spin_us_ = 0;
  uv_async_t* async_ = nullptr;
  uv_timer_t* tick_ = nullptr;       // deadlines
  uv_timer_t* reconnect_ = nullptr;  // the main connection's backoff

  std::mutex mutex_;
  std::vector<CallState*> inbox_;  // guarded by mutex_
  bool accepting_ = true;          // guarded by mutex_
  bool stop_requested_ = false;    // guarded by mutex_
  std::atomic<std::uint64_t> next_lease_{0};
  std::atomic<std::uint64_t> connections_opened_{0};

  // Loop thread only.
  std::vector<CallState*> taken_;
  std::unordered_map<const Link*, std::unique_ptr<Conn>> conns_;
  Conn* main_ = nullptr;
  std::unordered_map<std::uint64_t, Conn*> leases_;  // transaction() and Subscriber ids
  std::vector<std::function<void()>> deferred_;
  std::deque<Held> held_;
  std::uint64_t main_routed_ = 0;    // calls routed to the main connection
  std::uint64_t main_finished_ = 0;  // ... and answered or failed
  std::vector<std::unique_ptr<Conn>> dead_;  // closed side connections, freed at the next turn
  std::chrono::milliseconds backoff_{0};
  std::string main_down_why_;  // why the main connection is down ("" while up)
  bool main_refused_ = false;
  bool closing_ = false;
  LoopMs close_deadline_ = 0;  // closing: when to stop waiting for replies
  bool closed_ = false;
};

} // namespace not_redis::detail
