#pragma once
/// @file
/// when_all() and when_any(): one future out of many, built on continuations
/// so that they never block, on any thread or on the loop.

#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <not_redis/error.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// when_any()'s result: which future became ready first, and all of them back,
/// in their order (futures[index] is ready; the others may still be pending,
/// and are free for then(), get() or another when_any()).
template <class T>
struct WhenAny {
  std::size_t index;
  std::vector<Future<T>> futures;
};

namespace detail {

/// when_all()'s producer: completes its state once every input is ready.
template <class R>
class Join : public TaskOutcome<R> {
public:
  void run() noexcept override {}  // never posted: the arms report instead

protected:
  struct Arm final : Continuation {
    void run() noexcept override { join->arrive(); }
    Join* join = nullptr;
  };

  Join(CallState* state, std::size_t inputs) noexcept : state_(state), remaining_(inputs + 1) {}
  /// Moves the inputs' values into `result`; throws the first input's error.
  virtual void collect() = 0;
  /// One input is ready, or (once) the set-up is done registering.
  void arrive() noexcept {
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    try {
      collect();
    } catch (...) {
      this->error = std::current_exception();
    }
    finish_chained(state_);
  }

private:
  CallState* state_;
  std::atomic<std::size_t> remaining_;  // inputs not ready yet, plus the set-up
};

template <class... Ts>
class TupleJoin final : public Join<std::tuple<Element<Ts>...>> {
  using Base = Join<std::tuple<Element<Ts>...>>;

public:
  TupleJoin(CallState* state, Future<Ts>&&... inputs) : Base(state, sizeof...(Ts)), inputs_(std::move(inputs)...) {}
  void start() noexcept { start(std::index_sequence_for<Ts...>{}); }

private:
  template <std::size_t... I>
  void start(std::index_sequence<I...>) noexcept {
    ((arms_[I].join = this), ...);
    (FutureAccess::handle(std::get<I>(inputs_)).on_ready(arms_[I]), ...);
    this->arrive();
  }
  void collect() override {
    // Braced initialisation takes the inputs left to right: the first error in
    // argument order is the one thrown.
    this->result.emplace(
        std::apply([](auto&... f) { return std::tuple<Element<Ts>...>{take_element(f)...}; }, inputs_));
  }

  std::tuple<Future<Ts>...> inputs_;
  std::array<typename Base::Arm, sizeof...(Ts)> arms_;
};

template <class T>
using RangeJoinResult = std::conditional_t<std::is_void_v<T>, void, std::vector<T>>;

template <class T>
class RangeJoin final : public Join<RangeJoinResult<T>> {
  using Base = Join<RangeJoinResult<T>>;

public:
  RangeJoin(CallState* state, std::vector<Future<T>>&& inputs)
      : Base(state, inputs.size()), inputs_(std::move(inputs)),
        arms_(std::make_unique<typename Base::Arm[]>(inputs_.size())) {}
  void start() noexcept {
    const std::size_t n = inputs_.size();
    for (std::size_t i = 0; i < n; ++i) arms_[i].join = this;
    for (std::size_t i = 0; i < n; ++i) FutureAccess::handle(inputs_[i]).on_ready(arms_[i]);
    this->arrive();
  }

private:
  void collect() override {
    if constexpr (std::is_void_v<T>) {
      for (auto& f : inputs_) f.get();
    } else {
      std::vector<T> values;
      values.reserve(inputs_.size());
      for (auto& f : inputs_) values.push_back(f.get());
      this->result.emplace(std::move(values));
    }
  }

  std::vector<Future<T>> inputs_;
  std::unique_ptr<typename Base::Arm[]> arms_;
};

/// The origin of the first of `futures` that knows its loop thread: the one a
/// blocking wait on the combined future must not happen on.
template <class T>
Origin first_origin(std::vector<Future<T>>& futures) noexcept {
  for (auto& f : futures)
    if (const Origin origin = FutureAccess::handle(f).origin(); origin.loop_thread != std::thread::id{}) return origin;
  return {};
}

template <class T>
void check_all_valid(const std::vector<Future<T>>& futures, const char* what) {
  for (const auto& f : futures)
    if (!f.valid()) throw Error(Error::Kind::usage, std::string("not_redis: ") + what + " of an invalid future");
}

template <class T, class R>
std::vector<Future<T>> take_futures(R&& range) {
  if constexpr (std::is_same_v<std::remove_cvref_t<R>, std::vector<Future<T>>>) {
    return std::move(range);
  } else {
    std::vector<Future<T>> out;
    for (auto&& f : range) out.push_back(std::move(f));
    return out;
  }
}

/// when_any()'s producer. Each input gets a relay (a chained future of its
/// own, registered on it): the caller gets the relays back, free of any
/// continuation, and the first relay to complete opens the gate.
template <class T>
class AnyJoin final : public TaskOutcome<WhenAny<T>> {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  class Relay final : public TaskOutcome<T> {
  public:
    Relay(CallState* state, Future<T>&& input, AnyJoin* any, std::size_t index) noexcept
        : state_(state), input_(std::move(input)), any_(any), index_(index) {}
    void start() noexcept { FutureAccess::handle(input_).on_ready(static_cast<Continuation&>(*this)); }
    void run() noexcept override {
      try {
        if constexpr (std::is_void_v<T>) input_.get();
        else this->result.emplace(input_.get());
      } catch (...) {
        this->error = std::current_exception();
      }
      // The relay completes before the race is decided: futures[index] is
      // ready when when_any()'s future is.
      CallState* self = state_;
      self->complete(Value{});
      any_->arrive(index_);
      self->release();
    }

  private:
    CallState* state_;
    Future<T> input_;
    AnyJoin* any_;
    std::size_t index_;
  };

public:
  AnyJoin(CallState* state, std::vector<Future<T>>&& inputs) : state_(state), inputs_(std::move(inputs)) {}
  void run() noexcept override {}  // never posted

  void start() {
    try {
      relays_.reserve(inputs_.size());
      for (std::size_t i = 0; i < inputs_.size(); ++i) {
        state_->add_ref();  // the relay's, dropped when it arrives
        try {
          relays_.push_back(start_chained<T, Relay>(FutureAccess::handle(inputs_[i]).origin(), std::move(inputs_[i]),
                                                    this, i));
        } catch (...) {
          state_->release();
          throw;
        }
      }
    } catch (...) {
      if (relays_.empty()) open();  // no relay will ever arrive
      open();
      throw;
    }
    inputs_.clear();
    open();
  }

private:
  void arrive(std::size_t index) noexcept {
    std::size_t none = kNone;
    if (first_.compare_exchange_strong(none, index, std::memory_order_acq_rel)) open();
    state_->release();
  }
  /// Called by the first relay to arrive and by the end of the set-up.
  void open() noexcept {
    if (gate_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    this->result.emplace(WhenAny<T>{first_.load(std::memory_order_acquire), std::move(relays_)});
    finish_chained(state_);
  }

  CallState* state_;
  std::vector<Future<T>> inputs_;
  std::vector<Future<T>> relays_;
  std::atomic<std::size_t> first_{kNone};
  std::atomic<int> gate_{2};
};

} // namespace detail

/// A future of all of `futures`' values, as a tuple in argument order (a
/// Future<void> contributes a std::monostate): `when_all(f1, f2, f3)` is a
/// Future<std::tuple<T1, T2, T3>>. It completes once every input is ready, on
/// the thread that completes the last one (as InlineExecutor); chain on it
/// with then(executor, ...) to choose. get() throws the error of the first
/// input in argument order that failed (not the first to fail in time); an
/// error reply is a Value, not an error, for a Future<Value>. Consumes the
/// futures (lvalues too). Any thread, the loop thread included: it never
/// blocks.
template <class... Fs>
  requires(detail::IsFuture<std::remove_cvref_t<Fs>>::value && ...)
auto when_all(Fs&&... futures) {
  if (!(futures.valid() && ...)) throw Error(Error::Kind::usage, "not_redis: when_all() of an invalid future");
  detail::Origin like;
  ((like = like.loop_thread != std::thread::id{} ? like : detail::FutureAccess::handle(futures).origin()), ...);
  using Join = detail::TupleJoin<typename std::remove_cvref_t<Fs>::value_type...>;
  return detail::start_chained<std::tuple<detail::Element<typename std::remove_cvref_t<Fs>::value_type>...>, Join>(
      like, std::move(futures)...);
}

/// A future of the values of a range of futures (e.g. std::vector<Future<T>>),
/// as a std::vector<T> in range order; of Future<void>s, a Future<void>.
/// Otherwise as the tuple form: completes when the last input does, throws the
/// first error in range order, consumes the futures, never blocks. An empty
/// range gives a ready future.
template <std::ranges::input_range R>
  requires detail::IsFuture<std::ranges::range_value_t<R>>::value
auto when_all(R&& futures) {
  using T = typename std::ranges::range_value_t<R>::value_type;
  std::vector<Future<T>> inputs = detail::take_futures<T>(std::forward<R>(futures));
  detail::check_all_valid(inputs, "when_all()");
  const detail::Origin like = detail::first_origin(inputs);
  return detail::start_chained<detail::RangeJoinResult<T>, detail::RangeJoin<T>>(like, std::move(inputs));
}

/// A future that completes as soon as one of a range of futures is ready, with
/// WhenAny<T>: the index of that one and every future back, in order, free to
/// use (wait for the rest, or drop them: their commands still run). Completes
/// on the thread that completed the winner. Ties go to whichever completion
/// is seen first. Consumes the futures; throws Error(usage) for an empty range.
/// Any thread, the loop thread included: it never blocks.
///
/// ```
/// auto first = not_redis::when_any(std::vector{store.blpop({"a"}, 0s), store.blpop({"b"}, 0s)});
/// ```
template <std::ranges::input_range R>
  requires detail::IsFuture<std::ranges::range_value_t<R>>::value
Future<WhenAny<typename std::ranges::range_value_t<R>::value_type>> when_any(R&& futures) {
  using T = typename std::ranges::range_value_t<R>::value_type;
  std::vector<Future<T>> inputs = detail::take_futures<T>(std::forward<R>(futures));
  if (inputs.empty()) throw Error(Error::Kind::usage, "not_redis: when_any() of no futures");
  detail::check_all_valid(inputs, "when_any()");
  const detail::Origin like = detail::first_origin(inputs);
  return detail::start_chained<WhenAny<T>, detail::AnyJoin<T>>(like, std::move(inputs));
}

} // namespace not_redis
