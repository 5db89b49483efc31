#pragma once
// RemoteEngine: the loop side of a RemoteClient. Callers on any thread post
// CallStates; the loop routes each to a connection (Link) of a node, and the
// link completes it from the server's reply.
//
// Routing, all on the loop thread, per node (one node for a standalone
// server; a cluster's masters, learnt from CLUSTER SLOTS, see cluster.cpp):
// - ordinary commands, pipelines and MULTI/EXEC go to the node's main
//   connection, in the order taken from the queue; everything taken in one
//   loop turn leaves in one write per connection;
// - a blocking command (or a pipeline holding one) waits until every call
//   routed to the main connection before it has its reply, then takes an idle
//   side connection of the node (or opens one), so it cannot hold up others;
// - a lease (transaction()'s WATCH) has a connection of its own until it
//   ends, and a Subscriber one in subscribed mode.
// Main and subscriber connections reconnect with backoff; side and leased
// connections are reopened on their next use.

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
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
#include "remote/cluster_slots.hpp"
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
  struct Node;
  /// A call routed to a connection that is not ready yet.
  struct Waiting {
    CallState* state;
    LoopMs deadline;  // 0: none
  };
  struct Conn {
    std::unique_ptr<Link> link;
    Node* node;
    Role role;
    std::uint64_t lease = 0;
    std::deque<Waiting> waiting;
    bool broken = false;  // a leased connection that went down: its WATCH is gone
    std::string broken_why;
    std::shared_ptr<SubscriberInbox> inbox;  // a subscriber's
    LoopMs reopen_at = 0;                    // a subscriber's, after it went down
    std::chrono::milliseconds backoff{0};
    std::vector<Conn*> shards;  // a cluster subscriber's: its SSUBSCRIBE connections, one per master
  };
  /// A blocking call, held until its node's main connection has answered the
  /// `after` calls routed to it before this one.
  struct Held {
    CallState* state;
    std::uint64_t after;
  };
  /// A server: standalone, or one master of a cluster.
  struct Node {
    RemoteOptions options;  // the client's, with this node's host and port
    std::string name;       // host:port, as CLUSTER SLOTS names it
    Conn* main = nullptr;
    std::deque<Held> held;
    std::uint64_t routed = 0;    // calls routed to the main connection
    std::uint64_t finished = 0;  // ... and answered or failed
    uv_timer_t* reconnect = nullptr;
    std::chrono::milliseconds backoff{0};
    std::string down_why;  // why the main connection is down ("" while up)
    bool refused = false;
  };
  /// A call waiting to be routed again: a cluster redirection's backoff, or
  /// a topology not known yet.
  struct Retry {
    CallState* state;
    LoopMs at;        // when to route it again (0: when the topology is known)
    LoopMs deadline;  // when to give up (0: never)
  };

  void init();
  void post(CallState* state) noexcept;
  void on_async() noexcept;
  void on_tick() noexcept;
  void route(CallState* state) noexcept;
  void dispatch_to(Node& node, CallState* state) noexcept;
  void route_main(Node& node, CallState* state) noexcept;
  void route_lease(CallState* state) noexcept;
  void release_held(Node& node) noexcept;
  void send_or_wait(Conn& conn, CallState* state, LoopMs deadline) noexcept;
  Conn& open_conn(Node& node, Role role, std::uint64_t lease, std::shared_ptr<SubscriberInbox> inbox = {});
  Conn& main_conn(Node& node);
  Conn* idle_side(Node& node) noexcept;
  void park(Conn& conn) noexcept;
  void fail_waiting(Conn& conn, Error::Kind kind, const std::string& why) noexcept;
  static void fail(CallState* state, Error::Kind kind, const std::string& why) noexcept;
  Node& add_node(const std::string& host, int port);
  void schedule_reconnect(Node& node) noexcept;
  void run_deferred() noexcept;
  void begin_close() noexcept;
  void finish_close() noexcept;
  void maybe_finish_close() noexcept;
  LoopMs deadline() const noexcept;  // command_timeout from now, 0 without one
  LoopMs deadline_for(const CallState& state) const noexcept;  // none for a blocking command
  static std::chrono::milliseconds next_backoff(std::chrono::milliseconds now, const RemoteOptions& options) noexcept;
  static bool is_blocking(const Argv& argv) noexcept;
  static const char* refused_command(const Argv& argv, bool watch_allowed) noexcept;

  // Cluster routing (cluster.cpp).
  void route_cluster(CallState* state) noexcept;
  Node* node_for_slot(int slot) noexcept;
  Node* any_node() noexcept;
  void split_pipeline(CallState* state) noexcept;
  void route_shard_subscription(Conn& primary, CallState* state) noexcept;
  void fan_out(CallState* state, std::function<Value(Value::Array&&)> merge) noexcept;
  void route_scan(CallState* state) noexcept;
  void refresh_topology() noexcept;
  void apply_topology(const Value& slots, const Node& from) noexcept;
  void retry_later(CallState* state, LoopMs delay) noexcept;
  void run_retries(bool topology_known) noexcept;
  std::vector<Node*> masters() noexcept;
  bool intercept(Link& link, CallState* state, Value& reply) noexcept override;

  void link_ready(Link& link) noexcept override;
  void link_down(Link& link, const std::string& why, bool refused) noexcept override;
  void link_progress(Link& link, std::size_t done) noexcept override;

  RemoteOptions options_;
  uv_loop_t* loop_ = nullptr;
  std::optional<uv_loop_t> own_loop_;
  std::thread thread_;
  std::thread::id loop_thread_;
  std::uint32_t caller_spin_us_ = 0;
  uv_async_t* async_ = nullptr;
  uv_timer_t* tick_ = nullptr;  // deadlines, retries, subscriber reconnections

  std::mutex mutex_;
  std::vector<CallState*> inbox_;  // guarded by mutex_
  bool accepting_ = true;          // guarded by mutex_
  bool stop_requested_ = false;    // guarded by mutex_
  bool draining_ = false;          // guarded by mutex_: on_async takes the inbox again before it returns
  std::atomic<std::uint64_t> next_lease_{0};
  std::atomic<std::uint64_t> connections_opened_{0};

  // Loop thread only.
  std::vector<CallState*> taken_;
  std::vector<std::unique_ptr<Node>> nodes_;  // [0]: the seed, or the standalone server
  std::unordered_map<const Link*, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::uint64_t, Conn*> leases_;  // transaction() and Subscriber ids
  std::vector<std::function<void()>> deferred_;
  std::vector<std::unique_ptr<Conn>> dead_;  // closed connections, freed at the next turn
  bool closing_ = false;
  LoopMs close_deadline_ = 0;  // closing: when to stop waiting for replies
  bool closed_ = false;

  // Cluster only.
  std::array<Node*, kClusterSlots> slots_{};
  bool topology_known_ = false;
  bool refreshing_ = false;
  LoopMs next_refresh_ = 0;
  std::size_t next_seed_ = 0;
  std::deque<Retry> retries_;
};

} // namespace not_redis::detail
