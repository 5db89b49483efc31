#pragma once
/// @file
/// Typed bitmaps commands, mixed into Client.

#include <not_redis/commands/reply.hpp>

namespace not_redis {

template <class Self>
class BitmapCommands {
public:
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;
};

} // namespace not_redis
