#pragma once
// WatchedKeys: who WATCHes which key, and the consumer of key events that
// makes their EXEC fail once a watched key changes (Redis's touchWatchedKey).

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cmd/session.hpp"
#include "db/key_events.hpp"
#include "util/string_hash.hpp"

namespace not_redis::detail {

class Keyspace;

class WatchedKeys {
public:
  /// WATCH `key` for `session` (a key watched twice is watched once).
  void watch(Session& session, std::string_view key, bool already_expired);
  /// UNWATCH, and what EXEC, DISCARD, RESET and a closing connection do.
  void unwatch_all(Session& session) noexcept;
  /// Marks the sessions watching a changed key dirty. `db` is the keyspace
  /// after the changes, to tell a reclaimed already-expired key (no change)
  /// from a rewritten one.
  void on_events(std::span<const KeyEvent> events, const Keyspace& db);
  /// EXEC's last check (Redis's isWatchedKeyExpired): a key that was live when
  /// watched and has expired since, even if nothing reclaimed it yet.
  static bool any_expired_since_watch(const Session& session, const Keyspace& db) noexcept;
  /// Keys watched by anyone.
  std::size_t size() const noexcept { return watchers_.size(); }

private:
  void touch(Session& session, std::string_view key, bool flushed, const Keyspace& db);

  std::unordered_map<std::string, std::vector<Session*>, StringHash, std::equal_to<>> watchers_;
  std::vector<Session*> dirtied_;  // reused by on_events
};

} // namespace not_redis::detail
