#pragma once
/// @file
/// Typed set commands, mixed into Client.

#include <not_redis/future.hpp>

namespace not_redis {

/// The set family as typed methods over `Self::command<T>(...)`.
template <class Self>
class SetCommands {
private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
