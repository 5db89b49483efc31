#pragma once
// Keyspace: the one dictionary, and the one gate to it. Every lookup goes
// through find(), which performs lazy expiry and records the access, so no
// command can observe an expired key. Every change goes through the write
// methods below, each of which records a KeyEvent: the engine drains them after
// each command, so nothing that reacts to a change can miss one.

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/key.hpp"
#include "db/key_events.hpp"
#include "db/lazy_free.hpp"
#include "db/object.hpp"

namespace not_redis::detail {

/// How a deleted value's memory is given back: now (Redis's dbSyncDelete), by
/// the LazyFree thread if the value is large (dbAsyncDelete), or as
/// lazyfree-lazy-server-del says (dbDelete: the deletions a command makes
/// on its own, such as an aggregate it emptied).
enum class Reclaim : std::uint8_t { by_policy, sync, async };

/// The lazyfree-lazy-* settings the keyspace applies itself; the others
/// (user-del, user-flush) are the commands' choice of Reclaim.
struct LazyFreePolicy {
  bool expire = false;      ///< lazyfree-lazy-expire: expired keys
  bool server_del = false;  ///< lazyfree-lazy-server-del: overwritten and implicitly deleted values
};

class Keyspace {
public:
  /// Where large values go when deleted lazily; without one (a keyspace of
  /// its own, in tests) every value is freed at once.
  void set_lazy_free(LazyFree* lazy_free) noexcept { lazy_free_ = lazy_free; }
  void set_lazy_free_policy(LazyFreePolicy policy) noexcept { policy_ = policy; }
  /// Whether key creations are reported as "new" notices first (keyspace
  /// notifications' class n); off, they cost nothing.
  void set_notify_new(bool on) noexcept { notify_new_ = on; }
  /// Records a notice (KeyEventKind::notice) named `event` for `key`.
  void notice(std::string_view event, std::string_view key) { record(KeyEventKind::notice, event, key); }

  /// Time of the command being executed; set once per command (Redis's
  /// "one time snapshot per command"), read by every TTL decision.
  void set_now(std::int64_t now_ms) noexcept { now_ms_ = now_ms; }
  std::int64_t now_ms() const noexcept { return now_ms_; }

  /// The live entry for `key`, or nullptr; an expired key is deleted first.
  Entry* find(std::string_view key);
  /// Like find(), without updating the access time (OBJECT, TYPE-less peeks).
  Entry* peek(std::string_view key);
  /// Starts loading the buckets and nodes of `keys` (up to kPrefetchKeys)
  /// into the cache without waiting for them: a batch calls it ahead of
  /// running its commands, so the cache misses of their lookups overlap
  /// instead of queueing one after another.
  static constexpr std::size_t kPrefetchKeys = 16;
  void prefetch(std::span<const std::string_view> keys) const noexcept;
  enum class Presence : std::uint8_t { absent, live, expired };
  /// Whether `key` is there, without reclaiming it if it expired (WATCH must
  /// know a key was already expired when watched, as Redis's watchedKey does).
  Presence presence(std::string_view key) const noexcept;

  // --- the write path: each call records one KeyEvent named `event` ---------
  /// Stores `value` under `key`, replacing any previous value and its TTL.
  Entry& set(std::string_view key, Object&& value, std::string_view event);
  /// Stores `value` under `key` if absent; returns the entry and whether it was
  /// inserted (an event is recorded only then).
  std::pair<Entry*, bool> insert(std::string_view key, Object&& value, std::string_view event);
  /// Reports a change a command made to `entry`'s value in place (HSET on an
  /// existing hash, LPUSH on an existing list...).
  void modified(const Entry& entry, std::string_view event);
  /// Deletes `key`; false if it did not exist.
  bool erase(std::string_view key, std::string_view event = "del", Reclaim reclaim = Reclaim::by_policy);
  void erase(Entry& entry, std::string_view event = "del", Reclaim reclaim = Reclaim::by_policy);
  /// Moves `from`'s value and TTL to `to`, replacing whatever `to` held
  /// (RENAME): reports "rename_from" and "rename_to".
  Entry& rename(Entry& from, std::string_view to);
  /// Empties the keyspace (FLUSHDB/FLUSHALL): one `flushed` event carrying the
  /// emptied keys, which are freed once the events are drained: by the
  /// LazyFree thread if `async` (FLUSHALL ASYNC).
  void clear(std::string_view event, bool async = false);
  /// Keys stored, counting expired ones not reclaimed yet (as Redis's DBSIZE).
  std::size_t size() const noexcept { return map_.size(); }
  std::size_t volatile_size() const noexcept { return expiry_heap_.size(); }

  /// Deadline in Unix ms, if the entry has a TTL.
  std::optional<std::int64_t> expiry(const Entry& entry) const noexcept;
  /// Sets a TTL, reported as `event` ("expire"), or as nothing when the write
  /// that gave the key its value already was (COPY, RESTORE): pass "". A
  /// deadline already past deletes the key (as Redis does, reported as "del")
  /// and returns false.
  bool set_expiry(Entry& entry, std::int64_t deadline_ms, std::string_view event);
  /// Removes the TTL, reported as "persist"; true if there was one.
  bool persist(Entry& entry);
  bool is_expired(const Entry& entry) const noexcept;

  /// One step of SCAN: visits buckets from `cursor` until `count` keys were
  /// collected; returns the next cursor (0 when done). A cursor from before a
  /// rehash restarts the walk, so a key that exists throughout is returned.
  std::uint64_t scan(std::uint64_t cursor, std::size_t count, const std::function<void(Entry&)>& visit);
  /// Calls `visit` for every live key, reclaiming expired ones on the way.
  void for_each(const std::function<void(Entry&)>& visit);
  /// Calls `visit` for every live key and leaves expired ones in place for
  /// lazy or active expiry, as Redis's KEYS does (DBSIZE still counts them).
  void for_each_unexpired(const std::function<void(const Entry&)>& visit) const;
  /// A uniformly chosen live key, or nullptr when empty (RANDOMKEY).
  Entry* random_entry(std::mt19937_64& rng);

  struct ExpireStats {
    std::size_t examined = 0;
    std::size_t expired = 0;
    bool more_due = false;  ///< stopped by the budget with due keys left
  };
  /// Active expiry: deletes keys due by `now_ms` in deadline order until
  /// `should_stop(expired_so_far)` says the budget is spent.
  ExpireStats expire_due(std::int64_t now_ms, const std::function<bool(std::size_t)>& should_stop);
  /// Deadline of the earliest TTL, if any.
  std::optional<std::int64_t> next_deadline() const noexcept;

  // --- the key-event queue (drained by the engine after each command) -------
  bool has_events() const noexcept { return !events_.empty(); }
  /// Hands the recorded events over, leaving `spare` (cleared) in their place so
  /// the queue's buffer is reused rather than reallocated.
  void take_events(std::vector<KeyEvent>& spare) noexcept {
    spare.clear();
    events_.swap(spare);
  }

  /// Bytes of the keyspace's own tables (the bucket array, the expiry heap),
  /// without the keys and values: O(1), for INFO's overhead.
  std::size_t index_bytes() const noexcept {
    return map_.bucket_count() * sizeof(void*) + expiry_heap_.capacity() * sizeof(HeapItem);
  }
  /// Approximate heap bytes of keys and values, without allocator overhead.
  std::size_t payload_bytes() const noexcept;
  std::uint64_t expired_keys() const noexcept { return expired_keys_; }
  void reset_stats() noexcept { expired_keys_ = 0; }
  std::uint32_t now_seconds() const noexcept { return static_cast<std::uint32_t>(now_ms_ / 1000); }

private:
  // Min-heap on the deadline, entries pointing at map nodes (stable across
  // rehash). Each object stores its heap position, so changing or removing a
  // TTL is O(log n) and active expiry pops exactly the due keys: no sampling,
  // no stale keys left behind.
  struct HeapItem {
    std::int64_t deadline_ms;
    Entry* entry;
  };
  void heap_place(std::size_t slot, HeapItem item) noexcept;
  void heap_sift_up(std::size_t slot) noexcept;
  void heap_sift_down(std::size_t slot) noexcept;
  void heap_remove(std::size_t slot) noexcept;
  void remove_ttl(Entry& entry) noexcept;
  void expire(Entry& entry);
  void remove(Entry& entry, bool lazily = false) noexcept;
  bool lazily(Reclaim reclaim) const noexcept {
    return reclaim == Reclaim::async || (reclaim == Reclaim::by_policy && policy_.server_del);
  }
  void record(KeyEventKind kind, std::string_view event, std::string_view key);

  Map map_;
  std::vector<HeapItem> expiry_heap_;
  std::vector<KeyEvent> events_;
  std::int64_t now_ms_ = 0;
  std::uint64_t expired_keys_ = 0;
  LazyFree* lazy_free_ = nullptr;
  LazyFreePolicy policy_;
  bool notify_new_ = false;
};

} // namespace not_redis::detail
