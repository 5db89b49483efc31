#pragma once
/// @file
/// Typed list commands, mixed into Client.

#include <not_redis/future.hpp>

namespace not_redis {

/// The list family as typed methods over `Self::command<T>(...)`.
template <class Self>
class ListCommands {
private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
