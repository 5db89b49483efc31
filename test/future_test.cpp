// Composing futures: then() chains, error propagation, when_all/when_any,
// executors, and the completion protocol under threads.

#include <atomic>
#include <thread>

#include "harness.hpp"

using not_redis::Value;
using namespace std::chrono_literals;

namespace {

struct SetFlag final : not_redis::detail::Continuation {
  explicit SetFlag(std::atomic<int>& runs) : runs(runs) {}
  void run() noexcept override { ++runs; }
  std::atomic<int>& runs;
};

} // namespace

TEST_CASE("completion protocol: a continuation registered while a caller sleeps in wait()") {
  using not_redis::detail::CallState;
  auto* state = new CallState(not_redis::Argv{}, std::thread::id{}, 0);
  std::atomic<bool> woke{false};
  std::thread waiter([&] {
    state->wait();
    woke = true;
  });
  // Give the waiter time to announce its sleep (the test holds either way).
  for (int i = 0; i < 100 && !woke; ++i) std::this_thread::sleep_for(100us);
  std::atomic<int> runs{0};
  state->on_ready(std::make_unique<SetFlag>(runs));
  CHECK(runs == 0);  // not ready: registering must not run it
  CHECK_FALSE(woke);
  std::thread completer([&] { state->complete(Value::ok()); });
  completer.join();
  waiter.join();
  CHECK(woke);
  CHECK(runs == 1);
  CHECK(state->take_reply() == Value::ok());
  state->release();
  state->release();
}

TEST_CASE("completion protocol: registration racing with completion and waiters, many times") {
  using not_redis::detail::CallState;
  for (int round = 0; round < 2000; ++round) {
    auto* state = new CallState(not_redis::Argv{}, std::thread::id{}, 0);
    state->add_ref();  // the waiter's
    std::atomic<int> runs{0};
    std::thread completer([&] { state->complete(Value::integer(round)); });
    std::thread waiter([&] {
      state->wait();
      state->release();
    });
    state->on_ready(std::make_unique<SetFlag>(runs));
    completer.join();
    waiter.join();
    REQUIRE(runs == 1);
    CHECK(state->take_reply() == Value::integer(round));
    state->release();
    state->release();
  }
}
