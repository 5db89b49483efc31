#pragma once
// The settings table: every setting CONFIG GET/SET reach, under Redis's name,
// with the parser that turns CONFIG SET's text into a Config field, and
// Redis's encodings of a few values (the notify-keyspace-events letters, the
// maxmemory policies, memory sizes). It is apart from the CONFIG family so
// that any family, or the engine, can look a setting up and read those
// encodings as config.c does. The values themselves stay in Config
// (cmd/command.hpp), one per store.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cmd/config.hpp"

namespace not_redis::detail {

/// Why a value was refused (Redis's text after " - " in CONFIG SET's error),
/// or nullopt if it was taken.
using SetError = std::optional<std::string>;

/// One setting, as CONFIG GET and CONFIG SET see it.
struct Setting {
  std::string_view name;  ///< Redis's name, lower case
  /// The value as CONFIG GET shows it.
  std::string (*get)(const Config&);
  /// Parses `value` into the Config; on error the Config is left as it was.
  /// nullptr: immutable (CONFIG SET refuses it).
  SetError (*set)(Config&, std::string_view value);
};

/// Every setting, sorted by name: the order CONFIG GET matches a pattern in.
/// Aliases (hash-max-ziplist-entries for hash-max-listpack-entries...) are
/// rows of their own that share the getter and setter.
std::span<const Setting> all_settings() noexcept;

/// The setting called `name`, in any letter case, or nullptr.
const Setting* find_setting(std::string_view name) noexcept;

// --- notify-keyspace-events ---------------------------------------------------

/// Redis's NOTIFY_* classes: Config::notify_keyspace_events holds these bits.
enum NotifyClass : int {
  kNotifyKeyspace = 1 << 0,   // K
  kNotifyKeyevent = 1 << 1,   // E
  kNotifyGeneric = 1 << 2,    // g
  kNotifyString = 1 << 3,     // $
  kNotifyList = 1 << 4,       // l
  kNotifySet = 1 << 5,        // s
  kNotifyHash = 1 << 6,       // h
  kNotifyZset = 1 << 7,       // z
  kNotifyExpired = 1 << 8,    // x
  kNotifyEvicted = 1 << 9,    // e
  kNotifyStream = 1 << 10,    // t
  kNotifyKeyMiss = 1 << 11,   // m
  kNotifyModule = 1 << 13,    // d
  kNotifyNew = 1 << 14,       // n
  kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet | kNotifyHash | kNotifyZset |
               kNotifyExpired | kNotifyEvicted | kNotifyStream | kNotifyModule,  // A (not n)
};

/// The NotifyClass bits of a class string such as "KEA" or "Elg" (Redis's
/// keyspaceEventsStringToFlags), or nullopt if a letter is not a class.
std::optional<int> parse_notify_events(std::string_view letters);

/// The class string for `flags`, as CONFIG GET shows it (Redis's
/// keyspaceEventsFlagsToString): "A" stands for every class it covers.
std::string notify_events_string(int flags);

// --- maxmemory ----------------------------------------------------------------

/// What maxmemory-policy accepts, in Redis's order (its error lists them so).
inline constexpr std::array<std::string_view, 8> kMaxmemoryPolicies = {
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction",
};

/// A memory size as Redis 7.0's memtoull reads it: digits, then an optional
/// unit (b, k, kb, m, mb, g, gb in any case; k = 1000, kb = 1024), no sign.
/// nullopt for anything else. As in Redis, "" reads as 0, digits past 2^64
/// saturate and the unit's multiplication wraps.
std::optional<unsigned long long> parse_memory(std::string_view text);

} // namespace not_redis::detail
