#pragma once
// The task behind Client::post() and RemoteClient::post(): a std::function run
// on the loop thread, whose exception the caller's Future<void> rethrows.

#include <exception>
#include <functional>
#include <memory>
#include <utility>

#include <not_redis/future.hpp>

namespace not_redis::detail {

struct PostedTask final : TaskOutcome<void> {
  explicit PostedTask(std::function<void()>&& fn) noexcept : fn(std::move(fn)) {}
  void run() noexcept override {
    try {
      fn();
    } catch (...) {
      error = std::current_exception();
    }
    fn = nullptr;  // its captures go now, on the loop thread, not with the future
  }
  std::function<void()> fn;
};

} // namespace not_redis::detail
