#pragma once
/// @file
/// Time sources. Every reading of time in a store (TTLs, the active-expiry
/// cycle, TIME) goes through one injected Clock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace not_redis {

/// A source of wall-clock time. Implementations must be thread-safe.
class Clock {
public:
  using Listener = std::function<void()>;

  virtual ~Clock() = default;
  /// Time since the Unix epoch. Any thread.
  virtual std::chrono::microseconds now() const noexcept = 0;
  /// False for clocks that only move when told to; a store then runs its
  /// timers when the clock notifies it instead of on real-time timers.
  virtual bool moves_by_itself() const noexcept { return true; }
  /// Registers `listener`, called (on the thread that moves the clock) after
  /// every jump; returns an id for remove_listener(). Any thread.
  virtual std::uint64_t add_listener(Listener listener) { (void)listener; return 0; }
  virtual void remove_listener(std::uint64_t id) { (void)id; }
};

/// The real time (std::chrono::system_clock). The default.
class SystemClock final : public Clock {
public:
  std::chrono::microseconds now() const noexcept override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
  }
};

/// A clock that only moves when a test says so.
///
/// ```
/// not_redis::ManualClock clock;
/// not_redis::Client store(&loop, {.clock = &clock});
/// store.set("k", "v", not_redis::Expiry::in(100ms));
/// clock.advance(100ms);
/// store.run_until_idle();          // timers due by now run, the key is gone
/// ```
/// Any thread may read or move it. Moving it wakes every store using it.
class ManualClock final : public Clock {
public:
  /// Starts at `start` since the Unix epoch (default: 2026-01-01T00:00:00Z).
  explicit ManualClock(std::chrono::microseconds start = std::chrono::seconds(1767225600)) : now_(start.count()) {}

  std::chrono::microseconds now() const noexcept override {
    return std::chrono::microseconds(now_.load(std::memory_order_acquire));
  }
  bool moves_by_itself() const noexcept override { return false; }

  /// Moves time forward by `d` (negative moves it back, as a wall clock may).
  void advance(std::chrono::microseconds d) {
    now_.fetch_add(d.count(), std::memory_order_acq_rel);
    notify();
  }
  /// Sets the time since the Unix epoch.
  void set(std::chrono::microseconds since_epoch) {
    now_.store(since_epoch.count(), std::memory_order_release);
    notify();
  }

  std::uint64_t add_listener(Listener listener) override {
    std::lock_guard lock(mutex_);
    listeners_.push_back({++last_id_, std::move(listener)});
    return last_id_;
  }
  void remove_listener(std::uint64_t id) override {
    std::lock_guard lock(mutex_);
    std::erase_if(listeners_, [id](const auto& l) { return l.first == id; });
  }

private:
  void notify() {
    std::lock_guard lock(mutex_);
    for (auto& [id, listener] : listeners_) listener();
  }

  std::atomic<std::int64_t> now_;
  std::mutex mutex_;
  std::uint64_t last_id_ = 0;
  std::vector<std::pair<std::uint64_t, Listener>> listeners_;
};

} // namespace not_redis
