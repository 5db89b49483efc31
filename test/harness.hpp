#pragma once
// Test harness: a deterministic store (attached to a loop the test drives,
// with a ManualClock) and helpers that read like a redis-cli session.

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstddef>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <uv.h>

#include <not_redis/fmt.hpp>
#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>

#include "resp/reply_writer.hpp"

namespace doctest {
template <>
struct StringMaker<not_redis::Value> {
  static String convert(const not_redis::Value& v) {
    const std::string s = not_redis::to_cli_string(v);
    return String(s.data(), static_cast<String::size_type>(s.size()));
  }
};
} // namespace doctest

namespace test {

using not_redis::Value;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

/// A clock that moves by `step` at every reading (0 by default: it stands
/// still). Dispatch reads the clock once before and once after a handler, so
/// under it every command's own duration is exactly `step`: a test makes a
/// command "slow" for SLOWLOG or commandstats without sleeping.
class TickingClock final : public not_redis::Clock {
public:
  std::chrono::microseconds now() const noexcept override {
    return std::chrono::microseconds(now_.fetch_add(step_.load(std::memory_order_relaxed)));
  }
  bool moves_by_itself() const noexcept override { return false; }
  void set_step(std::chrono::microseconds step) { step_.store(step.count(), std::memory_order_relaxed); }

private:
  mutable std::atomic<std::int64_t> now_{1767225600LL * 1'000'000};  // 2026-01-01T00:00:00Z
  std::atomic<std::int64_t> step_{0};
};

/// A store on a loop the test drives, with time under the test's control.
class Store {
public:
  explicit Store(std::uint64_t seed = 42, not_redis::Options options = {}) {
    uv_loop_init(&loop_);
    options.clock = &clock;
    options.seed = seed;
    client_.emplace(&loop_, options);
  }
  ~Store() {
    client_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);  // let the store's handles finish closing
    CHECK(uv_loop_close(&loop_) == 0);
  }
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  not_redis::Client& client() { return *client_; }
  not_redis::Client* operator->() { return &*client_; }
  uv_loop_t* loop() { return &loop_; }

  /// Runs one command like redis-cli would: run({"SET", "k", "v"}).
  Value run(std::initializer_list<std::string_view> argv) { return client_->execute(not_redis::Argv(argv)).get(); }
  /// Moves the clock and lets due timers (active expiry) run.
  void advance(std::chrono::microseconds d) {
    clock.advance(d);
    client_->run_until_idle();
  }

  not_redis::ManualClock clock;

private:
  uv_loop_t loop_;
  std::optional<not_redis::Client> client_;
};

/// The value of `field` in INFO `section` (e.g. "clients", "blocked_clients"),
/// or "(absent)".
inline std::string info_field(Store& store, std::string_view section, std::string_view field) {
  const std::string text = store.run({"INFO", section}).string();
  const std::string key = "\r\n" + std::string(field) + ":";
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return "(absent)";
  const std::size_t begin = at + key.size();
  return text.substr(begin, text.find("\r\n", begin) - begin);
}

/// Waits, up to 10 seconds, for INFO `section`'s `field` to read `expected`,
/// and returns what it last read: for what another thread finishes (the
/// lazy-free thread's counters), as Redis's tests wait_for_condition.
inline std::string await_info_field(Store& store, std::string_view section, std::string_view field,
                                    std::string_view expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string value = info_field(store, section, field);
  while (value != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
    value = info_field(store, section, field);
  }
  return value;
}

// Reply shorthands for expectations.
inline Value ok() { return Value::ok(); }
inline Value nil() { return Value::nil(); }
inline Value integer(long long n) { return Value::integer(n); }
inline Value bulk(std::string_view s) { return Value::bulk(s); }
inline Value simple(std::string s) { return Value::simple(std::move(s)); }
inline Value err(std::string s) { return Value::error(std::move(s)); }
inline Value array(std::initializer_list<Value> values) { return Value::array(Value::Array(values)); }
inline Value bulks(std::initializer_list<std::string_view> values) {
  Value::Array a;
  for (auto v : values) a.push_back(Value::bulk(v));
  return Value::array(std::move(a));
}

inline Value number(double d) { return Value::number(d); }
inline constexpr double kInf = std::numeric_limits<double>::infinity();
/// Members with their scores as RESP3 nests them: ZRANGE ... WITHSCORES,
/// ZPOPMIN with a count, ZRANDMEMBER ... WITHSCORES.
inline Value scored(std::initializer_list<std::pair<std::string_view, double>> pairs) {
  Value::Array a;
  for (auto [member, score] : pairs) a.push_back(Value::array({Value::bulk(member), Value::number(score)}));
  return Value::array(std::move(a));
}
/// A reply as a client speaking protocol `resp` (2 or 3) receives it: an
/// in-process caller sees RESP3 values, this shows what RESP2 makes of them
/// (a double becomes Redis's "%.17g" bulk string).
inline std::string wire(const Value& v, int resp) {
  std::string out;
  not_redis::detail::resp::write_reply(out, v, resp);
  return out;
}

inline const std::string kWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
inline const std::string kNotInteger = "ERR value is not an integer or out of range";
inline const std::string kSyntax = "ERR syntax error";

/// The Redis error text a typed call throws ("" if it succeeds; "wrong kind: ..."
/// if it throws something other than an error reply).
template <class F>
std::string reply_error(F&& call) {
  try {
    call();
  } catch (const not_redis::Error& e) {
    if (e.kind() == not_redis::Error::Kind::reply) return e.what();
    return std::string("wrong kind: ") + e.what();
  }
  return "";
}

/// What a future's get() throws: its text, or "(no error)".
std::string thrown_text(auto&& future) {
  try {
    future.get();
  } catch (const not_redis::Error& e) {
    return e.what();
  }
  return "(no error)";
}

/// The kind of not_redis::Error a future's get() throws; fails the check if none.
not_redis::Error::Kind thrown_kind(auto&& future) {
  try {
    future.get();
  } catch (const not_redis::Error& e) {
    return e.kind();
  }
  FAIL_CHECK("get() threw no not_redis::Error");
  return not_redis::Error::Kind::usage;
}

/// A program the test suite was configured with (meson passes its path in
/// `variable`), else `fallback` from PATH.
inline std::string test_program(const char* variable, const char* fallback) {
  const char* path = std::getenv(variable);
  return path ? path : fallback;
}

/// The arguments of the one command `queue` puts on a Pipeline: what a typed
/// method sends, whatever a store would answer.
template <class F>
std::vector<std::string> queued_argv(F&& queue) {
  not_redis::Pipeline pipeline;
  queue(pipeline);
  std::vector<not_redis::Argv> commands = std::move(pipeline).take_commands();
  REQUIRE(commands.size() == 1);
  return {commands[0].begin(), commands[0].end()};
}

/// Starts a command on the loop thread (the test's): a blocking command that
/// waits returns a pending future.
inline not_redis::Future<Value> start(Store& store, std::initializer_list<std::string_view> argv) {
  return store->execute(not_redis::Argv(argv));
}

/// Posts a command from another thread, so it runs (in posting order) at the
/// next run_until_idle().
inline not_redis::Future<Value> post(Store& store, std::initializer_list<std::string_view> argv) {
  not_redis::Argv args(argv);
  not_redis::Future<Value> future;
  std::thread([&] { future = store->execute(std::move(args)); }).join();
  return future;
}

/// The smallest coroutine type that lets a test co_await a Future (not_redis
/// brings no task type of its own).
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

/// A not_redis::Executor that only queues: tasks run when the test says, on
/// the test's thread, so a test sees exactly what went through it. post() is
/// thread-safe.
class QueueExecutor {
public:
  void post(std::function<void()> task) {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    ++posted_;
  }
  /// Runs the queued tasks, and those they post, here; returns how many ran.
  std::size_t run_all() {
    std::size_t ran = 0;
    while (std::function<void()> task = pop()) {
      task();
      ++ran;
    }
    return ran;
  }
  /// Destroys the queued tasks unrun, as a closed executor would.
  void drop_all() {
    std::deque<std::function<void()>> dropped;
    {
      const std::lock_guard lock(mutex_);
      dropped.swap(tasks_);
    }
  }
  std::size_t posted() const {
    const std::lock_guard lock(mutex_);
    return posted_;
  }

private:
  std::function<void()> pop() {
    const std::lock_guard lock(mutex_);
    if (tasks_.empty()) return {};
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    return task;
  }

  mutable std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  std::size_t posted_ = 0;
};

/// An application's own libuv loop, run on a thread of its own, with a
/// UvExecutor made on that thread.
class LoopThread {
public:
  LoopThread() {
    uv_loop_init(&loop_);
    thread_ = std::thread([this] {
      id_ = std::this_thread::get_id();
      executor_.emplace(&loop_);
      started_ = true;
      started_.notify_one();
      uv_run(&loop_, UV_RUN_DEFAULT);  // until the executor closes
    });
    started_.wait(false);
  }
  ~LoopThread() {
    stop();
    executor_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);  // the closed handle's callback frees it
    CHECK(uv_loop_close(&loop_) == 0);
  }
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  not_redis::UvExecutor& executor() { return *executor_; }
  /// The loop; use it on its thread only (post() there through executor()).
  uv_loop_t* loop() { return &loop_; }
  std::thread::id id() const { return id_; }
  /// Closes the executor from its loop's thread, which ends the loop; joins.
  void stop() {
    if (!thread_.joinable()) return;
    executor_->post([this] { executor_->close(); });
    thread_.join();
  }

private:
  uv_loop_t loop_;
  std::optional<not_redis::UvExecutor> executor_;
  std::atomic<bool> started_{false};
  std::thread::id id_;
  std::thread thread_;
};

/// The kind of not_redis::Error that `call` throws (nullopt if it throws none).
template <class F>
std::optional<not_redis::Error::Kind> error_kind(F&& call) {
  try {
    call();
  } catch (const not_redis::Error& e) {
    return e.kind();
  }
  return std::nullopt;
}

/// Redis's frame for a CONFIG SET that `name`'s value made fail.
inline Value config_set_failed(std::string_view name, std::string_view reason) {
  return err("ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " +
             std::string(reason));
}

// Sorted-set error texts, as redis-server 7.0 words them.
inline const std::string kScoreNotFloat = "ERR value is not a valid float";
inline const std::string kScoreNaN = "ERR resulting score is not a number (NaN)";
inline const std::string kBoundNotFloat = "ERR min or max is not a float";
inline const std::string kBoundNotLex = "ERR min or max not valid string range item";
inline const std::string kXxNx = "ERR XX and NX options at the same time are not compatible";
inline const std::string kGtLtNx = "ERR GT, LT, and/or NX options at the same time are not compatible";
inline const std::string kIncrPair = "ERR INCR option supports a single increment-element pair";
inline const std::string kWeightNotFloat = "ERR weight value is not a float";
inline const std::string kLimitWithoutBy =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
inline const std::string kWithscoresByLex = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
inline const std::string kMustBePositive = "ERR value is out of range, must be positive";
inline const std::string kCountNotAboveZero = "ERR count should be greater than 0";
inline const std::string kNumkeysNotPositive = "ERR numkeys should be greater than 0";

/// Redis's arity error text for `name`.
inline Value arity_error(std::string_view name) {
  return err("ERR wrong number of arguments for '" + std::string(name) + "' command");
}

} // namespace test
