#pragma once
/// @file
/// Batches: Pipeline (commands sent together, run back to back) and
/// Transaction (the same, run as MULTI/EXEC: atomically), with their replies.

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/all.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/error.hpp>
#include <not_redis/future.hpp>
#include <not_redis/value.hpp>

namespace not_redis {

/// A command queued in a batch: its position among the batch's replies, and
/// the type its reply converts to. `replies[queued]` reads it back.
template <class T>
struct Queued {
  std::size_t index;
};

/// The replies of a batch, one per command in the order queued. An error
/// reply stays in its place: it does not hide the other commands' replies,
/// and only reading that one as a T throws it.
///
/// ```
/// not_redis::Pipeline batch;
/// auto n = batch.incr("n");
/// batch.get("missing");
/// not_redis::Replies replies = store.execute(std::move(batch)).get();
/// long long count = replies[n];                              // typed by the slot
/// auto [count2, value] = replies.as<long long, std::optional<std::string>>();
/// ```
class Replies {
public:
  Replies() = default;
  explicit Replies(Value::Array replies) noexcept : replies_(std::move(replies)) {}

  std::size_t size() const noexcept { return replies_.size(); }
  bool empty() const noexcept { return replies_.empty(); }
  /// The raw reply at `i` (an error reply is an error Value).
  const Value& operator[](std::size_t i) const { return replies_.at(i); }
  /// The reply at `i` converted to T; throws not_redis::Error if it is an
  /// error reply or does not convert.
  template <class T>
  T get(std::size_t i) const {
    return from_value<T>(Value(replies_.at(i)));
  }
  template <class T>
  T operator[](Queued<T> queued) const {
    return get<T>(queued.index);
  }
  /// Every reply converted, in order: as<bool, long long>() for a batch of two.
  template <class... Ts>
  std::tuple<Ts...> as() const {
    if (sizeof...(Ts) != replies_.size())
      throw Error(Error::Kind::usage, "not_redis: Replies::as<...>() names a type per reply");
    return as_tuple<Ts...>(std::index_sequence_for<Ts...>{});
  }
  const Value::Array& values() const noexcept { return replies_; }
  Value::Array& values() noexcept { return replies_; }

private:
  template <class... Ts, std::size_t... I>
  std::tuple<Ts...> as_tuple(std::index_sequence<I...>) const {
    return std::tuple<Ts...>(get<Ts>(I)...);
  }
  Value::Array replies_;
};

/// A batch's reply, from EXEC's array (or a pipeline's).
template <>
struct FromValue<Replies> {
  static Replies convert(Value&& v) {
    if (v.is_nil()) return Replies();
    return Replies(std::move(v.elements()));
  }
};

class Pipeline;
class Transaction;
// Declared before the classes: their typed methods' return types need them.
template <>
struct ReplyOf<Pipeline> {
  template <class T>
  using type = Queued<T>;
};
template <>
struct ReplyOf<Transaction> {
  template <class T>
  using type = Queued<T>;
};

namespace detail {

/// What Pipeline and Transaction share: the commands, built on any thread.
template <class Self>
class Batch : public Commands<Self> {
public:
  /// Queues any command, arguments converted with ToArgs; its reply converts
  /// to T when read back.
  template <class T = Value, class... Args>
  Queued<T> command(const Args&... args) {
    // Built in place: a batch of small commands is mostly Argvs, and moving
    // each one in would copy it twice.
    Argv& argv = commands_.emplace_back();
    try {
      (detail::append_arg(argv, args), ...);
    } catch (...) {
      commands_.pop_back();
      throw;
    }
    return Queued<T>{commands_.size() - 1};
  }
  /// Queues a ready-made argv.
  Queued<Value> execute(Argv argv) {
    if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
    commands_.push_back(std::move(argv));
    return Queued<Value>{commands_.size() - 1};
  }

  std::size_t size() const noexcept { return commands_.size(); }
  bool empty() const noexcept { return commands_.empty(); }
  void reserve(std::size_t n) { commands_.reserve(n); }
  void clear() noexcept { commands_.clear(); }
  /// The queued commands, for a backend that sends them.
  std::vector<Argv>&& take_commands() && noexcept { return std::move(commands_); }

private:
  std::vector<Argv> commands_;
};

} // namespace detail

/// Commands to send together: `store.execute(std::move(pipeline))` posts the
/// whole batch as one message (one allocation, one queue push, at most one
/// wake-up of the loop) and runs it back to back on the loop, each command as
/// if sent alone (other callers' commands may run between batches, never
/// inside one). Typed methods queue and return a Queued<T>.
///
/// Thread rules: build on any one thread at a time; a Pipeline is a plain
/// value, not tied to a store.
///
/// A blocking command (BLPOP...) in a batch answers at once as on timeout:
/// a batch is never parked half-way.
class Pipeline : public detail::Batch<Pipeline> {};

/// A batch run as MULTI/EXEC: all of it, with nothing interleaved, and with
/// Redis's semantics (a command refused while queuing, say an unknown one,
/// fails the whole transaction with EXECABORT; an error while running is that
/// command's reply, and the rest still runs). For WATCH, see
/// Client::transaction().
class Transaction : public detail::Batch<Transaction> {};

namespace detail {

/// Client::transaction() and RemoteClient::transaction(): WATCH on a leased
/// session, `fn` queues the writes, MULTI/EXEC; again from the WATCH while
/// EXEC finds a watched key changed. A friend of each backend, which provides
/// new_lease(), end_lease() and execute_batch().
template <class Backend, class Keys, class F>
Replies watched_transaction(Backend& backend, const Keys& keys, F& fn, int max_attempts) {
  struct Lease {
    Backend& backend;
    std::uint64_t id;
    ~Lease() { backend.end_lease(id); }
  };
  const Lease lease{backend, backend.new_lease()};
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    Pipeline watch;
    const auto watched = watch.template command<void>("WATCH", keys);
    // Throws WATCH's error reply, if it had one.
    make_future<Replies>(backend.execute_batch(std::move(watch).take_commands(), CallState::Kind::pipeline, lease.id))
        .get()[watched];
    Transaction tx;
    fn(tx);
    auto replies = make_future<std::optional<Replies>>(
                       backend.execute_batch(std::move(tx).take_commands(), CallState::Kind::transaction, lease.id))
                       .get();
    if (replies) return std::move(*replies);
  }
  throw Error(Error::Kind::conflict, "not_redis: transaction(): the watched keys changed during every attempt");
}

/// The entry points Client and RemoteClient share, over their
/// execute_handle() and execute_batch() (a friend of each). Any thread.
template <class Self>
class FutureBackend {
public:
  /// Runs any command, arguments converted with ToArgs: `command("SET", "k", 1)`.
  /// With `T = Value` an error reply is returned as an error Value; with any
  /// other T, get() throws it as not_redis::Error.
  template <class T = Value, class... Args>
  Future<T> command(const Args&... args) {
    return make_future<T>(self().execute_handle(make_argv(args...)));
  }
  /// Runs a ready-made argv.
  Future<Value> execute(Argv argv) { return make_future<Value>(self().execute_handle(std::move(argv))); }
  /// Sends a pipeline as one message (Client: its commands run back to back
  /// on the loop; RemoteClient: they leave in one write), each command as if
  /// sent alone, each error reply in its place.
  ///
  /// ```
  /// not_redis::Pipeline batch;
  /// for (int i = 0; i < 1000; ++i) batch.get(fmt::format("key:{}", i));
  /// not_redis::Replies replies = store.execute(std::move(batch)).get();
  /// ```
  Future<Replies> execute(Pipeline pipeline) {
    return make_future<Replies>(
        self().execute_batch(std::move(pipeline).take_commands(), CallState::Kind::pipeline, 0));
  }
  /// Runs a transaction as MULTI/EXEC, in one message: atomically, with
  /// Redis's semantics. get() throws Error(reply) with `EXECABORT ...` if a
  /// command was refused while queuing (nothing ran).
  Future<Replies> execute(Transaction transaction) {
    return make_future<Replies>(
        self().execute_batch(std::move(transaction).take_commands(), CallState::Kind::transaction, 0));
  }

  /// Optimistic locking, as redis-rs's `transaction()`: WATCHes `keys` (on a
  /// session or connection of its own), calls `fn(tx)` to read what it needs
  /// (through this store) and queue its writes in `tx`, then runs them as
  /// MULTI/EXEC, which fails if any watched key changed since the WATCH (any
  /// caller's write, expiry, a flush...); it then retries from the WATCH, up
  /// to `max_attempts` times, and throws Error(Kind::conflict) if every
  /// attempt lost the race. Returns EXEC's replies.
  ///
  /// Waits like Future::get(): call it from any thread but the loop thread of
  /// a store that runs its own (on an attached Client's loop thread
  /// everything runs at once, so it works there too).
  ///
  /// ```
  /// store.transaction({"balance"}, [&](not_redis::Transaction& tx) {
  ///   long long balance = std::stoll(store.get("balance").get().value_or("0"));
  ///   tx.set("balance", std::to_string(balance - 10));
  /// });
  /// ```
  template <class F>
    requires std::invocable<F&, Transaction&>
  Replies transaction(std::initializer_list<std::string_view> keys, F&& fn, int max_attempts = 16) {
    return watched_transaction(self(), keys, fn, max_attempts);
  }
  template <class Keys, class F>
    requires std::invocable<F&, Transaction&>
  Replies transaction(const Keys& keys, F&& fn, int max_attempts = 16) {
    return watched_transaction(self(), keys, fn, max_attempts);
  }

private:
  Self& self() noexcept { return static_cast<Self&>(*this); }
};

} // namespace detail

} // namespace not_redis
