#pragma once
/// @file
/// Typed hash commands, mixed into Client.

#include <not_redis/future.hpp>

namespace not_redis {

/// The hash family as typed methods over `Self::command<T>(...)`.
template <class Self>
class HashCommands {
private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
