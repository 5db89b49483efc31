// The settings table: each setting's Redis name, how CONFIG GET shows it and
// how CONFIG SET parses it, with Redis's texts for a refused value (Redis's
// config.c; the notify-keyspace-events letters are notify.c's).

#include "cmd/settings.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cmd/errors.hpp"
#include "cmd/output_limit.hpp"
#include "cmd/table.hpp"
#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

SetError out_of_bounds(long long min, long long max) {
  return fmt::format(fmt::runtime(errors::kConfigOutOfBounds), min, max);
}

/// An integer setting (Redis's numeric configs without the memory flag:
/// string2ll) from `min` to `max`; `assign` puts the number into its field,
/// which keeps its value when the text is refused.
template <class Assign>
SetError set_integer(std::string_view value, long long min, long long max, Assign assign) {
  const auto n = parse_integer(value);
  if (!n) return std::string(errors::kConfigNotInteger);
  if (*n < min || *n > max) return out_of_bounds(min, max);
  assign(*n);
  return std::nullopt;
}

SetError set_int_range(std::string_view value, int min, int max, int& field) {
  return set_integer(value, min, max, [&](long long n) { field = static_cast<int>(n); });
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

SetError set_bool(std::string_view value, bool& field) {
  if (iequals(value, "yes")) field = true;
  else if (iequals(value, "no")) field = false;
  else return std::string(errors::kConfigNotYesNo);
  return std::nullopt;
}

/// "seconds changes [seconds changes ...]" split on single spaces, as Redis
/// 7.0 does: seconds >= 1, changes >= 0 (strtoll, so "+5" is fine and
/// doubled spaces are not).
SetError set_save(std::string_view value, std::string& field) {
  std::vector<long long> numbers;
  std::size_t start = 0;
  while (!value.empty()) {
    const std::size_t space = value.find(' ', start);
    const std::string token(value.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    char* end = nullptr;
    const long long n = std::strtoll(token.c_str(), &end, 10);
    if (*end != '\0' || n < (numbers.size() % 2 == 0 ? 1 : 0)) return std::string(errors::kConfigInvalidSave);
    numbers.push_back(n);
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  if (numbers.size() % 2 != 0) return std::string(errors::kConfigInvalidSave);
  std::string canonical;
  for (std::size_t i = 0; i < numbers.size(); i += 2)
    fmt::format_to(std::back_inserter(canonical), "{}{} {}", i ? " " : "", numbers[i], static_cast<int>(numbers[i + 1]));
  field = std::move(canonical);
  return std::nullopt;
}

/// A count setting (Redis's size_t configs): 0 up to LONG_MAX.
SetError set_size(std::string_view value, long long& field) {
  return set_integer(value, 0, LLONG_MAX, [&](long long n) { field = n; });
}

/// A byte-size setting (size_t configs with the memory flag): 0 up to LONG_MAX, with units.
SetError set_memory_size(std::string_view value, long long& field) {
  const auto n = parse_memory(value);
  if (!n) return std::string(errors::kConfigNotMemory);
  if (*n > static_cast<unsigned long long>(LLONG_MAX)) return out_of_bounds(0, LLONG_MAX);
  field = static_cast<long long>(*n);
  return std::nullopt;
}

/// For a setting that nothing in the store acts on except at one value (no
/// eviction, no persistence...): `value` is parsed as Redis parses it, so a
/// malformed one gets Redis's own error, and then refused unless it is the
/// value the store lives by. Accepting it would claim a behaviour the store
/// does not have.
template <class T, class Parse>
SetError only(std::string_view value, const T& kept, std::string_view why, Parse parse) {
  T parsed = kept;
  if (SetError e = parse(value, parsed)) return e;
  if (parsed != kept) return fmt::format("not supported by not_redis: {}", why);
  return std::nullopt;
}

// The encoding thresholds, each under Redis 7's name and its ziplist alias.
constexpr auto kGetHashEntries = [](const Config& c) { return std::to_string(c.hash_max_listpack_entries); };
constexpr auto kSetHashEntries = [](Config& c, std::string_view v) { return set_size(v, c.hash_max_listpack_entries); };
constexpr auto kGetHashValue = [](const Config& c) { return std::to_string(c.hash_max_listpack_value); };
constexpr auto kSetHashValue = [](Config& c, std::string_view v) { return set_memory_size(v, c.hash_max_listpack_value); };
constexpr auto kGetListSize = [](const Config& c) { return std::to_string(c.list_max_listpack_size); };
constexpr auto kSetListSize = [](Config& c, std::string_view v) {
  return set_int_range(v, INT_MIN, INT_MAX, c.list_max_listpack_size);
};
constexpr auto kGetZsetEntries = [](const Config& c) { return std::to_string(c.zset_max_listpack_entries); };
constexpr auto kSetZsetEntries = [](Config& c, std::string_view v) { return set_size(v, c.zset_max_listpack_entries); };
constexpr auto kGetZsetValue = [](const Config& c) { return std::to_string(c.zset_max_listpack_value); };
constexpr auto kSetZsetValue = [](Config& c, std::string_view v) { return set_memory_size(v, c.zset_max_listpack_value); };

constexpr Setting kSettings[] = {
    {"active-expire-effort", [](const Config& c) { return std::to_string(c.active_expire_effort); },
     [](Config& c, std::string_view v) { return set_int_range(v, 1, 10, c.active_expire_effort); }},
    {"appendonly", [](const Config& c) { return std::string(c.appendonly ? "yes" : "no"); },
     [](Config& c, std::string_view v) {
       return only(v, c.appendonly, "the store keeps nothing on disk, so only 'no' is accepted", set_bool);
     }},
    // Where the server listens (bind, port, unixsocket): it cannot move, so
    // unlike Redis these are immutable.
    {"bind", [](const Config& c) { return c.bind; }, nullptr},
    {"client-output-buffer-limit", output_limits_string, set_output_limits},
    // The store has one database (SELECT accepts only 0).
    {"databases", [](const Config&) { return std::string("1"); }, nullptr},
    {"hash-max-listpack-entries", kGetHashEntries, kSetHashEntries},
    {"hash-max-listpack-value", kGetHashValue, kSetHashValue},
    {"hash-max-ziplist-entries", kGetHashEntries, kSetHashEntries},
    {"hash-max-ziplist-value", kGetHashValue, kSetHashValue},
    {"hll-sparse-max-bytes", [](const Config& c) { return std::to_string(c.hll_sparse_max_bytes); },
     [](Config& c, std::string_view v) { return set_memory_size(v, c.hll_sparse_max_bytes); }},
    {"hz", [](const Config& c) { return std::to_string(c.hz); },
     [](Config& c, std::string_view v) {
       // As Redis's updateHZ: a hint, accepted out of range but capped.
       return set_integer(v, 0, INT_MAX, [&](long long n) { c.hz = static_cast<int>(std::clamp(n, 1LL, 500LL)); });
     }},
    {"list-compress-depth", [](const Config& c) { return std::to_string(c.list_compress_depth); },
     [](Config& c, std::string_view v) {
       return only(v, c.list_compress_depth, "lists are not compressed, so only 0 is accepted",
                   [](std::string_view text, int& depth) { return set_int_range(text, 0, INT_MAX, depth); });
     }},
    {"list-max-listpack-size", kGetListSize, kSetListSize},
    {"list-max-ziplist-size", kGetListSize, kSetListSize},
    {"maxclients", [](const Config& c) { return std::to_string(c.maxclients); },
     [](Config& c, std::string_view v) {
       return set_integer(v, 1, UINT_MAX, [&](long long n) { c.maxclients = static_cast<unsigned long long>(n); });
     }},
    {"maxmemory", [](const Config& c) { return std::to_string(c.maxmemory); },
     [](Config& c, std::string_view v) {
       return only(v, c.maxmemory, "the store does not evict yet, so only 0 (no limit) is accepted",
                   [](std::string_view text, unsigned long long& bytes) {
                     const auto n = parse_memory(text);
                     if (!n) return SetError(std::string(errors::kConfigNotMemory));
                     bytes = *n;  // the range is all of unsigned long long
                     return SetError{};
                   });
     }},
    {"maxmemory-policy", [](const Config& c) { return c.maxmemory_policy; },
     [](Config& c, std::string_view v) {
       return only(v, c.maxmemory_policy, "the store does not evict yet, so only noeviction is accepted",
                   [](std::string_view text, std::string& policy) {
                     for (std::string_view known : kMaxmemoryPolicies) {
                       if (iequals(known, text)) {
                         policy = known;
                         return SetError{};
                       }
                     }
                     return SetError(fmt::format(fmt::runtime(errors::kConfigNotInEnum),
                                                 fmt::join(kMaxmemoryPolicies, ", ")));
                   });
     }},
    {"lazyfree-lazy-eviction", [](const Config& c) { return yes_no(c.lazyfree_lazy_eviction); },
     [](Config& c, std::string_view v) { return set_bool(v, c.lazyfree_lazy_eviction); }},
    {"lazyfree-lazy-expire", [](const Config& c) { return yes_no(c.lazyfree_lazy_expire); },
     [](Config& c, std::string_view v) { return set_bool(v, c.lazyfree_lazy_expire); }},
    {"lazyfree-lazy-server-del", [](const Config& c) { return yes_no(c.lazyfree_lazy_server_del); },
     [](Config& c, std::string_view v) { return set_bool(v, c.lazyfree_lazy_server_del); }},
    {"lazyfree-lazy-user-del", [](const Config& c) { return yes_no(c.lazyfree_lazy_user_del); },
     [](Config& c, std::string_view v) { return set_bool(v, c.lazyfree_lazy_user_del); }},
    {"lazyfree-lazy-user-flush", [](const Config& c) { return yes_no(c.lazyfree_lazy_user_flush); },
     [](Config& c, std::string_view v) { return set_bool(v, c.lazyfree_lazy_user_flush); }},
    {"maxmemory-samples", [](const Config& c) { return std::to_string(c.maxmemory_samples); },
     [](Config& c, std::string_view v) { return set_int_range(v, 1, INT_MAX, c.maxmemory_samples); }},
    {"notify-keyspace-events", [](const Config& c) { return notify_events_string(c.notify_keyspace_events); },
     [](Config& c, std::string_view v) {
       const auto flags = parse_notify_events(v);
       if (!flags) return SetError(std::string(errors::kConfigInvalidEvents));
       c.notify_keyspace_events = *flags;
       return SetError{};
     }},
    {"port", [](const Config& c) { return std::to_string(c.port); }, nullptr},
    {"protected-mode", [](const Config& c) { return yes_no(c.protected_mode); },
     [](Config& c, std::string_view v) { return set_bool(v, c.protected_mode); }},
    {"proto-max-bulk-len", [](const Config& c) { return std::to_string(c.proto_max_bulk_len); },
     [](Config& c, std::string_view v) {
       const auto n = parse_memory(v);
       if (!n) return SetError(std::string(errors::kConfigNotMemory));
       const auto bytes = static_cast<long long>(*n);  // past LLONG_MAX turns negative, then out of range
       if (bytes < 1024 * 1024) return out_of_bounds(1024 * 1024, LLONG_MAX);
       c.proto_max_bulk_len = bytes;
       return SetError{};
     }},
    {"requirepass", [](const Config& c) { return c.requirepass; },
     [](Config& c, std::string_view v) {
       c.requirepass = v;  // "" turns authentication off
       return SetError{};
     }},
    {"save", [](const Config& c) { return c.save; },
     [](Config& c, std::string_view v) {
       return only(v, c.save, "the store keeps nothing on disk, so only \"\" is accepted", set_save);
     }},
    {"set-max-intset-entries", [](const Config& c) { return std::to_string(c.set_max_intset_entries); },
     [](Config& c, std::string_view v) { return set_size(v, c.set_max_intset_entries); }},
    {"slowlog-log-slower-than", [](const Config& c) { return std::to_string(c.slowlog_log_slower_than); },
     [](Config& c, std::string_view v) {
       return set_integer(v, -1, LLONG_MAX, [&](long long n) { c.slowlog_log_slower_than = n; });
     }},
    {"slowlog-max-len", [](const Config& c) { return std::to_string(c.slowlog_max_len); },
     [](Config& c, std::string_view v) { return set_size(v, c.slowlog_max_len); }},
    {"stream-node-max-bytes", [](const Config& c) { return std::to_string(c.stream_node_max_bytes); },
     [](Config& c, std::string_view v) { return set_memory_size(v, c.stream_node_max_bytes); }},
    {"stream-node-max-entries", [](const Config& c) { return std::to_string(c.stream_node_max_entries); },
     [](Config& c, std::string_view v) { return set_size(v, c.stream_node_max_entries); }},
    {"timeout", [](const Config& c) { return std::to_string(c.timeout); },
     [](Config& c, std::string_view v) { return set_int_range(v, 0, INT_MAX, c.timeout); }},
    {"unixsocket", [](const Config& c) { return c.unixsocket; }, nullptr},
    {"zset-max-listpack-entries", kGetZsetEntries, kSetZsetEntries},
    {"zset-max-listpack-value", kGetZsetValue, kSetZsetValue},
    {"zset-max-ziplist-entries", kGetZsetEntries, kSetZsetEntries},
    {"zset-max-ziplist-value", kGetZsetValue, kSetZsetValue},
};

// The type and event classes' letters, in the order keyspaceEventsFlagsToString
// writes them (K, E and m, which it writes last, are apart).
constexpr std::pair<char, int> kNotifyLetters[] = {
    {'g', kNotifyGeneric}, {'$', kNotifyString}, {'l', kNotifyList},    {'s', kNotifySet},
    {'h', kNotifyHash},    {'z', kNotifyZset},   {'x', kNotifyExpired}, {'e', kNotifyEvicted},
    {'t', kNotifyStream},  {'d', kNotifyModule}, {'n', kNotifyNew},
};

} // namespace

std::span<const Setting> all_settings() noexcept { return kSettings; }

const Setting* find_setting(std::string_view name) noexcept {
  const auto* it = std::find_if(std::begin(kSettings), std::end(kSettings), [&](const Setting& s) { return iequals(s.name, name); });
  return it == std::end(kSettings) ? nullptr : it;
}

std::optional<unsigned long long> parse_memory(std::string_view text) {
  if (!text.empty() && text.front() == '-') return std::nullopt;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const std::size_t digits = std::find_if_not(text.begin(), text.end(), is_digit) - text.begin();
  const std::string_view unit = text.substr(digits);
  constexpr std::pair<std::string_view, unsigned long long> kUnits[] = {
      {"", 1},          {"b", 1},           {"k", 1000},           {"kb", 1024},
      {"m", 1000'000},  {"mb", 1024 * 1024}, {"g", 1000'000'000}, {"gb", 1024ULL * 1024 * 1024},
  };
  const auto* match = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const auto& u) { return iequals(u.first, unit); });
  if (match == std::end(kUnits) || digits >= 128) return std::nullopt;
  const std::string number(text.substr(0, digits));
  return std::strtoull(number.c_str(), nullptr, 10) * match->second;  // "" reads as 0, as in Redis
}

std::optional<int> parse_notify_events(std::string_view letters) {
  int flags = 0;
  for (char c : letters) {
    if (c == 'A') flags |= kNotifyAll;
    else if (c == 'K') flags |= kNotifyKeyspace;
    else if (c == 'E') flags |= kNotifyKeyevent;
    else if (c == 'm') flags |= kNotifyKeyMiss;
    else {
      const auto* letter = std::find_if(std::begin(kNotifyLetters), std::end(kNotifyLetters),
                                        [c](const auto& l) { return l.first == c; });
      if (letter == std::end(kNotifyLetters)) return std::nullopt;
      flags |= letter->second;
    }
  }
  return flags;
}

std::string notify_events_string(int flags) {
  std::string out;
  if ((flags & kNotifyAll) == kNotifyAll) {
    out += 'A';  // as Redis: "A" hides the classes outside it (n) too
  } else {
    for (const auto& [letter, flag] : kNotifyLetters)
      if (flags & flag) out += letter;
  }
  if (flags & kNotifyKeyspace) out += 'K';
  if (flags & kNotifyKeyevent) out += 'E';
  if (flags & kNotifyKeyMiss) out += 'm';
  return out;
}

} // namespace not_redis::detail
