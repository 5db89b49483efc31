#pragma once
// What the network server needs from the connection family besides its rows.

#include <cstdint>
#include <string>

#include <not_redis/argv.hpp>

#include "cmd/session.hpp"

namespace not_redis::detail {

/// MONITOR's line for a command `from` ran, as Redis's replicationFeedMonitors
/// words it, without the leading '+' and the trailing CRLF (the server sends
/// it as a simple string): `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`.
/// AUTH's and HELLO's credentials show as "(redacted)".
std::string monitor_line(const Session& from, const Argv& argv, std::int64_t now_us);

} // namespace not_redis::detail
