#pragma once
// SubscriberHost: what a Subscriber needs of the store it subscribes on, so
// one Subscriber serves the embedded store (Engine: a leased session whose
// sink is the inbox) and a Redis server (RemoteEngine: a connection of its
// own in subscribed mode).

#include <cstdint>
#include <functional>
#include <memory>

#include <not_redis/argv.hpp>
#include <not_redis/future.hpp>

namespace not_redis::detail {

class SubscriberInbox;

class SubscriberHost {
public:
  /// Any thread: a subscription session that delivers to `inbox`; the inbox
  /// hears store_closed() when the host goes, and then the host may be gone.
  virtual std::uint64_t attach_subscriber(std::shared_ptr<SubscriberInbox> inbox) = 0;
  /// Any thread: runs a (P|S)(UN)SUBSCRIBE for the subscription session; the
  /// future completes once the host confirmed it.
  virtual CallHandle run_for_subscriber(Argv&& argv, std::uint64_t id) = 0;
  /// Any thread: ends the subscription session.
  virtual void detach_subscriber(std::uint64_t id) noexcept = 0;
  /// Loop thread: runs `fn` on the loop thread once the current work is done.
  virtual void defer(std::function<void()> fn) = 0;
  virtual bool on_loop_thread() const noexcept = 0;
  /// For the futures of next(): the loop thread they must not block.
  virtual Origin origin() const noexcept = 0;

protected:
  ~SubscriberHost() = default;
};

} // namespace not_redis::detail
