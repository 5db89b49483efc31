#include <not_redis/future.hpp>

#include <chrono>

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
} // namespace

void CallState::wait() {
  if (ready()) return;
  if (std::this_thread::get_id() == loop_thread_)
    throw Error(Error::Kind::usage,
                "not_redis: blocking get() on the store's loop thread would deadlock; use then() or co_await");
  if (spin_us_ > 0) {
    // Back-to-back calls usually complete within a few microseconds: poll
    // first so the common case avoids a futex sleep and wake-up. After a short
    // burst, poll with yields, so a loop thread sharing our core can run.
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_us_);
    for (int round = 0;; ++round) {
      for (int i = 0; i < 64; ++i) {
        if (ready()) return;
        cpu_relax();
      }
      if (std::chrono::steady_clock::now() >= until) break;
      if (round >= 4) std::this_thread::yield();
    }
  }
  // Announce the sleep, so complete() makes the wake-up system call only for
  // callers that really sleep (libstdc++'s notify cannot tell them apart). A
  // continuation registered meanwhile changes status_ too: wait for kReady.
  std::uint32_t status = status_.fetch_or(kWaiting, std::memory_order_acq_rel) | kWaiting;
  while ((status & kReady) == 0) {
    status_.wait(status, std::memory_order_acquire);
    status = status_.load(std::memory_order_acquire);
  }
}

bool CallState::wait_for(std::chrono::nanoseconds timeout) {
  if (ready()) return true;
  if (timeout <= timeout.zero()) return false;
  if (std::this_thread::get_id() == loop_thread_)
    throw Error(Error::Kind::usage, "not_redis: waiting on the store's loop thread would deadlock; use then() or co_await");
  // std::atomic has no timed wait in C++20; poll with a growing pause.
  const auto until = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(1);
  while (!ready()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return ready();
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(pause, until - now));
    pause = std::min(pause * 2, std::chrono::microseconds(1000));
  }
  return true;
}

void CallState::register_continuation(Continuation* c, bool owned) noexcept {
  continuation_ = c;
  owns_continuation_ = owned;
  // Already complete: complete() will not run it, so run it here.
  if (status_.fetch_or(kHasContinuation, std::memory_order_acq_rel) & kReady) run_continuation();
}

void CallState::run_continuation() noexcept {
  // The continuation may free `this` (it often holds the last reference to the
  // future it reports): nothing touches a member after it ran.
  Continuation* c = std::exchange(continuation_, nullptr);
  const bool owned = std::exchange(owns_continuation_, false);
  c->run();
  if (owned) delete c;
}

void CallState::complete(Value&& reply) noexcept {
  reply_ = std::move(reply);
  const std::uint32_t previous = status_.exchange(kReady, std::memory_order_acq_rel);
  if (previous & kWaiting) status_.notify_all();
  if (previous & kHasContinuation) run_continuation();
}

} // namespace not_redis::detail
