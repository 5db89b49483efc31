#pragma once
/// @file
/// Typed generic keyspace commands (DEL, EXISTS, EXPIRE, SCAN, ...), mixed into Client.

#include <string_view>

#include <not_redis/future.hpp>
#include <not_redis/options.hpp>

namespace not_redis {

/// The keyspace family as typed methods over `Self::command<T>(...)`.
template <class Self>
class KeyCommands {
public:
  /// DEL key [key ...]: how many of the keys existed.
  template <class... Keys>
  Future<long long> del(const Keys&... keys) {
    return self().template command<long long>("DEL", keys...);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
