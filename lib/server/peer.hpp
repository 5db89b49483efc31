#pragma once
// What the server knows of a peer from its socket address: how CLIENT LIST
// shows it, and whether it is local in the sense of Redis's protected mode.

#include <string>

#include <sys/socket.h>

namespace not_redis::detail {

/// "ip:port", as CLIENT LIST's addr and laddr show an address.
std::string address_of(const sockaddr_storage& address);

/// Whether protected mode lets `peer` in without a password: as Redis's
/// connIsLocal, an IPv4 address in 127.0.0.0/8 or the IPv6 ::1 (an IPv4
/// address mapped into IPv6 is not, as Redis compares their text).
bool is_loopback(const sockaddr_storage& peer) noexcept;

} // namespace not_redis::detail
