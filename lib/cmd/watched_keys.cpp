#include "cmd/watched_keys.hpp"

#include <algorithm>

#include "db/keyspace.hpp"

namespace not_redis::detail {

void WatchedKeys::watch(Session& session, std::string_view key, bool already_expired) {
  for (const WatchedKey& watched : session.watched)
    if (watched.key == key) return;
  session.watched.push_back({std::string(key), already_expired});
  auto it = watchers_.find(key);
  if (it == watchers_.end()) it = watchers_.emplace(std::string(key), std::vector<Session*>{}).first;
  it->second.push_back(&session);
}

void WatchedKeys::unwatch_all(Session& session) noexcept {
  for (const WatchedKey& watched : session.watched) {
    auto it = watchers_.find(watched.key);
    if (it == watchers_.end()) continue;
    std::erase(it->second, &session);
    if (it->second.empty()) watchers_.erase(it);
  }
  session.watched.clear();
}

void WatchedKeys::touch(Session& session, std::string_view key, bool flushed, const Keyspace& db) {
  for (WatchedKey& watched : session.watched) {
    if (watched.key != key) continue;
    // A key already expired when watched may be reclaimed without that being
    // a change; anything else that happens to it is one.
    if (watched.expired && (flushed || db.presence(key) == Keyspace::Presence::absent)) {
      watched.expired = false;
      return;
    }
    if (!session.watch_dirty) dirtied_.push_back(&session);
    session.watch_dirty = true;
    return;
  }
}

void WatchedKeys::on_events(std::span<const KeyEvent> events, const Keyspace& db) {
  if (watchers_.empty()) return;
  dirtied_.clear();
  for (const KeyEvent& event : events) {
    if (event.kind == KeyEventKind::notice) continue;
    if (event.kind == KeyEventKind::flushed) {
      for (auto& [key, sessions] : watchers_)
        if (event.emptied->find(std::string_view(key)) != event.emptied->end())
          for (Session* session : sessions) touch(*session, key, true, db);
      continue;
    }
    auto it = watchers_.find(event.key.view());
    if (it == watchers_.end()) continue;
    for (Session* session : it->second) touch(*session, it->first, false, db);
  }
  // A dirty session's EXEC fails whatever else happens: stop tracking its keys
  // now, as Redis does, so later writes do not look them up again.
  for (Session* session : dirtied_) unwatch_all(*session);
}

bool WatchedKeys::any_expired_since_watch(const Session& session, const Keyspace& db) noexcept {
  return std::any_of(session.watched.begin(), session.watched.end(), [&](const WatchedKey& watched) {
    return !watched.expired && db.presence(watched.key) == Keyspace::Presence::expired;
  });
}

} // namespace not_redis::detail
