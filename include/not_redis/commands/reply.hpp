#pragma once
/// @file
/// ReplyOf: what a backend's typed methods return, so that one set of typed
/// methods (the mixins in this folder) serves every backend.

#include <not_redis/future.hpp>

namespace not_redis {

/// The result type of `Backend`'s typed methods for a reply of type T: a
/// Future<T> for Client; a Queued<T> (a typed position among the batch's
/// replies) for Pipeline and Transaction; T itself inside Client::atomically().
/// A backend whose `command<T>()` returns something else specializes it.
template <class Backend>
struct ReplyOf {
  template <class T>
  using type = Future<T>;
};

} // namespace not_redis
