#pragma once
// KeyEvent: what one write did to one key. The keyspace records every change
// here, from its one write path; after each command (and after a whole EXEC)
// the engine drains the queue once, and everything that reacts to changes
// (WATCH, the wake-ups of blocked callers, keyspace notifications, and later
// memory accounting) consumes these events instead of re-deriving what changed.

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "db/key.hpp"
#include "db/object.hpp"

namespace not_redis::detail {

using Map = std::unordered_map<Key, Object, KeyHash, KeyEqual>;
using Entry = Map::value_type;

enum class KeyEventKind : std::uint8_t {
  modified,  ///< written: created, changed in place, replaced, TTL set or removed
  deleted,   ///< removed by a command (DEL, an emptied aggregate, RENAME's source...)
  expired,   ///< removed because its TTL passed (lazily or by the active cycle)
  evicted,   ///< removed to stay under maxmemory
  flushed,   ///< the whole keyspace was emptied (FLUSHDB/FLUSHALL): see `emptied`
  /// What Redis notifies without counting it as a change of the key: "new"
  /// (a key is about to be created; the write's own event follows) and
  /// "keymiss" (a read found nothing), recorded only while their class is on,
  /// and a stream's consumer-group changes ("xgroup-create"...). WATCH
  /// ignores them; blocked callers look again (XGROUP DESTROY fails an
  /// XREADGROUP waiting on the group, as Redis's signalKeyAsReady).
  notice,
};

struct KeyEvent {
  KeyEventKind kind;
  /// Redis's keyspace-notification name: "set", "lpush", "del", "expired",
  /// "rename_from"... Always a string literal.
  std::string_view name;
  Key key;  ///< empty for `flushed`
  /// For `flushed`: the keys as they were, so a consumer can tell which of the
  /// keys it cares about existed (Redis's touchAllWatchedKeysInDb). Freed once
  /// the events are drained.
  std::shared_ptr<const Map> emptied;
};

} // namespace not_redis::detail
