#pragma once
// What the dispatch path needs of the slow log.

#include <cstdint>

#include <not_redis/argv.hpp>

#include "cmd/command.hpp"
#include "cmd/session.hpp"
#include "cmd/store.hpp"

namespace not_redis::detail {

/// Redis's slowlogPushCurrentCommand: logs `argv`, which `session` ran as
/// `spec` in `duration_us` (ending at `now_us`), if slowlog-log-slower-than
/// asks for it and `spec` is not skip_slowlog; then trims the log to
/// slowlog-max-len. Without memory the entry is dropped: the command has run
/// and its reply must not turn into an error.
void slowlog_push(Store& store, const Session& session, const CommandSpec& spec, const Argv& argv,
                  std::int64_t now_us, std::int64_t duration_us) noexcept;

} // namespace not_redis::detail
