#pragma once
// Keyspace: the one dictionary, and the one gate to it. Every lookup goes
// through find(), which performs lazy expiry and records the access, so no
// command can observe an expired key.

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/key.hpp"
#include "db/object.hpp"

namespace not_redis::detail {

using Map = std::unordered_map<Key, Object, KeyHash, KeyEqual>;
using Entry = Map::value_type;

class Keyspace {
public:
  /// Time of the command being executed; set once per command (Redis's
  /// "one time snapshot per command"), read by every TTL decision.
  void set_now(std::int64_t now_ms) noexcept { now_ms_ = now_ms; }
  std::int64_t now_ms() const noexcept { return now_ms_; }

  /// The live entry for `key`, or nullptr; an expired key is deleted first.
  Entry* find(std::string_view key) noexcept;
  /// Like find(), without updating the access time (OBJECT, TYPE-less peeks).
  Entry* peek(std::string_view key) noexcept;
  /// Inserts `value` under `key` (replacing any previous value and its TTL).
  Entry& set(std::string_view key, Object&& value);
  /// Inserts `value` under `key` if absent; returns the entry and whether it was inserted.
  std::pair<Entry*, bool> insert(std::string_view key, Object&& value);
  bool erase(std::string_view key) noexcept;
  void erase(Entry& entry) noexcept;
  void clear() noexcept;
  /// Keys stored, counting expired ones not reclaimed yet (as Redis's DBSIZE).
  std::size_t size() const noexcept { return map_.size(); }
  std::size_t volatile_size() const noexcept { return expiry_heap_.size(); }

  /// Deadline in Unix ms, if the entry has a TTL.
  std::optional<std::int64_t> expiry(const Entry& entry) const noexcept;
  /// Sets a TTL; a deadline already past deletes the key (as Redis does) and
  /// returns false.
  bool set_expiry(Entry& entry, std::int64_t deadline_ms);
  /// Removes the TTL; true if there was one.
  bool persist(Entry& entry) noexcept;
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

  // --- blocking commands (Redis's db->blocking_keys / db->ready_keys) --------
  /// Registers one more caller waiting for data under `key`.
  void add_waiter(std::string_view key);
  void remove_waiter(std::string_view key) noexcept;
  bool has_waiters() const noexcept { return !waiters_.empty(); }
  /// Keys that got a list (zset, stream) value while someone waited on them,
  /// in the order it happened; the engine serves their waiters after each command.
  bool has_ready_keys() const noexcept { return !ready_keys_.empty(); }
  std::vector<std::string> take_ready_keys() noexcept { return std::exchange(ready_keys_, {}); }
  /// Marks `key` ready if someone waits on it (pushes to an existing key call
  /// this; a key created with a list value is marked by insert() and set()).
  void signal_ready(std::string_view key);

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
  void expire(Entry& entry) noexcept;

  void signal_if_waited(std::string_view key, const Object& value);

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  Map map_;
  std::vector<HeapItem> expiry_heap_;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> waiters_;  // key -> count
  std::vector<std::string> ready_keys_;
  std::int64_t now_ms_ = 0;
  std::uint64_t expired_keys_ = 0;
};

} // namespace not_redis::detail
