#pragma once
// client-output-buffer-limit: which class a client's limit is, how much of its
// unsent output counts against it, and when it has passed it (Redis 7.0's
// getClientType, getClientOutputBufferMemoryUsage and
// checkClientOutputBufferLimits), with the setting's CONFIG GET/SET text.
// Apart from the server so that CLIENT LIST, INFO and the server count the
// same bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cmd/config.hpp"
#include "cmd/settings.hpp"

namespace not_redis::detail {

struct Session;

/// Redis's reply buffer: the first 16 KB of unsent output (CLIENT LIST's
/// obl), which output limits do not count.
inline constexpr std::size_t kReplyBufferSize = 16 * 1024;

/// The limit class of `s`: MONITOR clients are normal, as in Redis (a
/// subscriber will be pubsub).
OutputClass output_class(const Session& s) noexcept;

/// The reply list a client that must still authenticate may have.
inline constexpr std::size_t kUnauthenticatedListBytes = 1024;

/// What Redis counts against the limit and shows as omem: the unsent output
/// beyond the reply buffer (Redis's reply list).
inline std::size_t output_list_bytes(std::size_t unsent) noexcept {
  return unsent > kReplyBufferSize ? unsent - kReplyBufferSize : 0;
}

/// Whether `s`, with `unsent` bytes of output not yet taken by its socket, is
/// past its limit at `now_s` (the store clock's seconds): past 1 KB of reply
/// list while it has not authenticated; at or over its class's hard limit,
/// or over the soft one continuously for more than its seconds. Remembers in `s` when it first went over the soft limit; as in
/// Redis, the first time over the soft limit never closes.
bool over_output_limit(const Config& config, Session& s, std::size_t unsent, std::int64_t now_s) noexcept;

/// CONFIG GET's text: "normal 0 0 0 slave 268435456 67108864 60 pubsub ...".
std::string output_limits_string(const Config& config);

/// CONFIG SET's parser: "class hard soft seconds" groups, split on single
/// spaces; every group is checked before any is applied.
SetError set_output_limits(Config& config, std::string_view value);

} // namespace not_redis::detail
