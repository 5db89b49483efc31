#pragma once
/// @file
/// Typed string commands (SET, GET, INCR, ...), mixed into Client.

#include <optional>
#include <string>
#include <string_view>

#include <not_redis/future.hpp>
#include <not_redis/options.hpp>

namespace not_redis {

/// The string family as typed methods. Each is a thin wrapper over
/// `Self::command<T>(...)`, so any backend with that entry point gets them.
template <class Self>
class StringCommands {
public:
  /// GET key: the value, or std::nullopt if the key does not exist.
  Future<std::optional<std::string>> get(std::string_view key) {
    return self().template command<std::optional<std::string>>("GET", key);
  }
  /// SET key value: always succeeds.
  Future<void> set(std::string_view key, std::string_view value) {
    return self().template command<void>("SET", key, value);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
