#pragma once
/// @file
/// Typed server commands (PING, TIME, INFO, CONFIG, ...), mixed into Client.

#include <string>
#include <string_view>

#include <not_redis/future.hpp>

namespace not_redis {

/// The server family as typed methods over `Self::command<T>(...)`.
template <class Self>
class ServerCommands {
public:
  /// PING: "PONG".
  Future<std::string> ping() { return self().template command<std::string>("PING"); }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
