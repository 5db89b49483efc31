#pragma once
/// @file
/// Settings of a store, and the option types of typed commands.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <not_redis/clock.hpp>

namespace not_redis {

/// How a store is set up. Every field has a sensible default.
///
/// ```
/// not_redis::Client store({.hz = 20});
/// ```
struct Options {
  /// Time source; nullptr means the system clock. Must outlive the store.
  Clock* clock = nullptr;
  /// Seed of the generator behind every random choice (expiry sampling,
  /// RANDOMKEY, ...). Unset: seeded from std::random_device.
  std::optional<std::uint64_t> seed{};
  /// Active-expiry cycles per second (Redis's `hz`, 1..500).
  int hz = 10;
  /// Redis's `active-expire-effort` (1..10): how much time each cycle may use.
  int active_expire_effort = 1;
  /// How long the loop thread keeps polling for more commands after a batch
  /// before it sleeps in the kernel. Saves the wake-up of back-to-back calls.
  /// Unset: 20 µs on the store's own thread, 0 when attached to your loop.
  std::optional<std::chrono::microseconds> loop_spin{};
  /// How long Future::get() polls before it sleeps in the kernel. 0 = never poll.
  std::chrono::microseconds caller_spin{20};
  /// Redis's `notify-keyspace-events` at start, in its letters ("KEA",
  /// "Ex", ...; empty: off, as Redis's default). CONFIG SET changes it later.
  /// The constructor throws Error(usage) for a letter Redis does not know.
  std::string notify_keyspace_events{};
};

/// When a key expires, for commands that set a TTL (SET, GETEX, ...); a
/// duration or a system_clock time point converts to one: `set(k, v, 10s)`.
///
/// Rounding: Redis counts in milliseconds, so a time that is not whole
/// milliseconds rounds up to the next one: a key lives at least as long as
/// asked, and a positive duration is never sent as `PX 0` (300us is `PX 1`).
/// Whole seconds are sent as EX/EXAT, anything else as PX/PXAT. A zero or
/// negative duration is sent as is, and Redis refuses it for SET and GETEX
/// (`ERR invalid expire time in 'set' command`).
class Expiry {
public:
  enum class Kind : std::uint8_t { none, relative_ms, absolute_ms, relative_s, absolute_s, keep, persist };

  /// No change: the write clears any TTL, as SET does.
  Expiry() = default;
  /// Expiry::in(d).
  template <class Rep, class Period>
  Expiry(std::chrono::duration<Rep, Period> d) : Expiry(in(d)) {}
  /// Expiry::at(t).
  template <class Duration>
  Expiry(std::chrono::time_point<std::chrono::system_clock, Duration> t) : Expiry(at(t)) {}

  /// Expires `d` from now (EX, or PX when `d` is not whole seconds).
  template <class Rep, class Period>
  static Expiry in(std::chrono::duration<Rep, Period> d) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(d).count();
    if (ms % 1000 == 0) return Expiry(Kind::relative_s, ms / 1000);
    return Expiry(Kind::relative_ms, ms);
  }
  /// Expires at the given time point (EXAT, or PXAT when not whole seconds).
  template <class Duration>
  static Expiry at(std::chrono::time_point<std::chrono::system_clock, Duration> t) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(t.time_since_epoch()).count();
    if (ms % 1000 == 0) return Expiry(Kind::absolute_s, ms / 1000);
    return Expiry(Kind::absolute_ms, ms);
  }
  /// Keeps the key's current TTL (SET ... KEEPTTL).
  static Expiry keep() { return Expiry(Kind::keep, 0); }
  /// Removes the TTL (GETEX ... PERSIST).
  static Expiry persist() { return Expiry(Kind::persist, 0); }

  Kind kind() const noexcept { return kind_; }
  /// In seconds for relative_s and absolute_s, else in milliseconds.
  long long amount() const noexcept { return amount_; }
  /// True when amount() counts seconds.
  bool in_seconds() const noexcept { return kind_ == Kind::relative_s || kind_ == Kind::absolute_s; }

private:
  Expiry(Kind k, long long amount) : kind_(k), amount_(amount) {}
  Kind kind_ = Kind::none;
  long long amount_ = 0;
};

/// SET's condition.
enum class SetCondition : std::uint8_t { always, if_not_exists /* NX */, if_exists /* XX */ };

/// EXPIRE's condition (Redis 7).
enum class ExpireCondition : std::uint8_t {
  always,
  if_no_ttl,    ///< NX
  if_has_ttl,   ///< XX
  if_greater,   ///< GT
  if_less,      ///< LT
};

} // namespace not_redis
