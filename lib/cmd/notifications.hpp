#pragma once
// Keyspace notifications (Redis's notify.c): the events the write path
// recorded, published on __keyspace@0__:<key> and __keyevent@0__:<event> for
// the classes notify-keyspace-events turns on. A consumer of the key-event
// queue like WATCH and the blocked callers; it runs only when some class is on.

#include <span>
#include <string_view>

#include "db/key_events.hpp"

namespace not_redis::detail {

struct Store;

/// The notify-keyspace-events class (settings.hpp's kNotify* bit) of an event
/// Redis emits; 0 for a name it does not know.
int notification_class(std::string_view event) noexcept;

/// Publishes `events` (one drained batch) as Redis's notifyKeyspaceEvent would.
void publish_notifications(Store& store, std::span<const KeyEvent> events);

} // namespace not_redis::detail
