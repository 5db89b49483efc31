#include "server/peer.hpp"

#include <cstring>

#include <fmt/format.h>
#include <netinet/in.h>
#include <uv.h>

namespace not_redis::detail {

std::string address_of(const sockaddr_storage& address) {
  char ip[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(address);
    uv_ip4_name(&in, ip, sizeof ip);
    return fmt::format("{}:{}", ip, ntohs(in.sin_port));
  }
  if (address.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
    uv_ip6_name(&in6, ip, sizeof ip);
    return fmt::format("{}:{}", ip, ntohs(in6.sin6_port));
  }
  return "?:0";
}

bool is_loopback(const sockaddr_storage& peer) noexcept {
  if (peer.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(peer);
    return (ntohl(in.sin_addr.s_addr) >> 24) == 127;
  }
  if (peer.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(peer);
    return std::memcmp(&in6.sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0;
  }
  return false;
}

} // namespace not_redis::detail
