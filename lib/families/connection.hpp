#pragma once
// What the network server needs from the connection family besides its rows.

#include <cstdint>
#include <string>
#include <vector>

#include <not_redis/argv.hpp>

#include "cmd/session.hpp"

namespace not_redis::detail {

/// MONITOR's line for a command `from` ran, as Redis's replicationFeedMonitors
/// words it, without the leading '+' and the trailing CRLF (the server sends
/// it as a simple string): `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`.
/// AUTH's and HELLO's credentials show as "(redacted)".
std::string monitor_line(const Session& from, const Argv& argv, std::int64_t now_us);

/// Which arguments Redis 7 replaces by "(redacted)" before MONITOR or the slow
/// log see them: AUTH's (unless it fails its syntax check first), HELLO's AUTH
/// pairs as far as its option parser got before an error, and CONFIG SET's
/// requirepass values.
std::vector<bool> redacted_arguments(const Argv& argv);

} // namespace not_redis::detail
