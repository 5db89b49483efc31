#include <not_redis/subscriber.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "cmd/pubsub.hpp"
#include "cmd/subscriber_host.hpp"
#include "engine/engine.hpp"
#include "remote/remote_engine.hpp"

namespace not_redis {

namespace detail {

namespace {

constexpr std::string_view kSubscriberGone = "not_redis: the subscriber was destroyed before a message came";
constexpr std::string_view kStoreClosed = "not_redis: the store shut down; no more messages will come";

/// A pending next(): the chained state's producer, completed by the inbox.
struct PendingMessage final : TaskOutcome<Message> {
  explicit PendingMessage(CallState*) noexcept {}
  void start() noexcept {}
  void run() noexcept override {}
};

} // namespace

/// The subscriber's queue. deliver() runs on the loop thread inside PUBLISH;
/// it only queues, and defers the hand-out (callback, next() futures) to
/// after the command, since both may call the store.
class Inbox final : public SubscriberInbox, public std::enable_shared_from_this<Inbox> {
public:
  Inbox(SubscriberHost& host, Subscriber::Callback callback, SubscriberOptions options)
      : host_(host), origin_(host.origin()), callback_(std::move(callback)), options_(options) {
    if (options_.max_queued == 0) throw Error(Error::Kind::usage, "not_redis: SubscriberOptions::max_queued must be at least 1");
  }

  void deliver(const Value& push) noexcept override {
    const Value::Array& parts = push.elements();
    const std::string_view kind = parts[0].string();
    Message message;
    try {
      if (kind == "message" || kind == "smessage") {
        message.kind = kind == "message" ? Message::Kind::channel : Message::Kind::shard;
        message.channel = parts[1].string();
        message.payload = parts[2].string();
      } else if (kind == "pmessage") {
        message.kind = Message::Kind::pattern;
        message.pattern = parts[1].string();
        message.channel = parts[2].string();
        message.payload = parts[3].string();
      } else {
        return;  // a (un)subscribe confirmation: the command's future reports it
      }
    } catch (const std::bad_alloc&) {
      std::lock_guard lock(mutex_);
      ++dropped_;
      return;
    }
    bool schedule = false;
    {
      std::lock_guard lock(mutex_);
      if (closed()) return;
      if (queue_.size() >= options_.max_queued) {
        ++dropped_;
        if (options_.overflow == SubscriberOptions::Overflow::drop_newest) return;
        queue_.pop_front();
      }
      try {
        queue_.push_back(std::move(message));
      } catch (const std::bad_alloc&) {
        ++dropped_;
        return;
      }
      schedule = (callback_ || !waiting_.empty()) && !scheduled_;
      scheduled_ |= schedule;
    }
    readable_.notify_one();
    if (!schedule) return;
    try {
      host_.defer([self = shared_from_this()] { self->hand_out(); });
    } catch (const std::bad_alloc&) {
      std::lock_guard lock(mutex_);
      scheduled_ = false;  // the next message tries again
    }
  }

  void store_closed() noexcept override { close(kStoreClosed, false); }

  /// Closes the inbox: pending futures fail with `why`. For the destructor
  /// (`destroyed`), waits until a callback running on the loop thread returns.
  void close(std::string_view why, bool destroyed) noexcept {
    std::deque<CallState*> waiting;
    {
      std::unique_lock lock(mutex_);
      if (destroyed) destroyed_ = true;
      store_closed_ |= !destroyed;
      waiting.swap(waiting_);
      if (destroyed && !store_closed_ && !host_.on_loop_thread())
        idle_.wait(lock, [this] { return !in_callback_; });
    }
    readable_.notify_all();
    for (CallState* state : waiting) fail(state, why);
  }

  /// True once the store has closed: its host may be gone.
  bool host_gone() const noexcept {
    std::lock_guard lock(mutex_);
    return store_closed_;
  }

  Future<Message> next() {
    if (callback_) throw Error(Error::Kind::usage, "not_redis: this subscriber hands its messages to its callback");
    // The store's origin: get() on its loop thread refuses to block, as for commands.
    auto future = start_chained<Message, PendingMessage>(origin_);
    CallState* state = FutureAccess::handle(future).state();
    std::unique_lock lock(mutex_);
    if (!queue_.empty()) {
      static_cast<PendingMessage&>(*state->task).result.emplace(std::move(queue_.front()));
      queue_.pop_front();
      lock.unlock();
      finish_chained(state);
    } else if (closed()) {
      lock.unlock();
      fail(state, destroyed_ ? kSubscriberGone : kStoreClosed);
    } else {
      waiting_.push_back(state);  // its producer reference is ours now
    }
    return future;
  }

  std::optional<Message> try_next() {
    std::lock_guard lock(mutex_);
    return take_locked();
  }

  std::optional<Message> wait(std::chrono::nanoseconds timeout) {
    if (timeout.count() > 0 && std::this_thread::get_id() == origin_.loop_thread)
      throw Error(Error::Kind::usage, "not_redis: Subscriber::wait_for() would block the store's loop thread");
    std::unique_lock lock(mutex_);
    readable_.wait_for(lock, timeout, [this] { return !queue_.empty() || closed(); });
    return take_locked();
  }

  std::size_t queued() const noexcept {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }
  std::uint64_t dropped() const noexcept {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

private:
  bool closed() const noexcept { return store_closed_ || destroyed_; }

  std::optional<Message> take_locked() {
    if (callback_) throw Error(Error::Kind::usage, "not_redis: this subscriber hands its messages to its callback");
    if (queue_.empty()) {
      if (store_closed_) throw Error(Error::Kind::shutdown, std::string(kStoreClosed));
      return std::nullopt;
    }
    std::optional<Message> out(std::move(queue_.front()));
    queue_.pop_front();
    return out;
  }

  static void fail(CallState* state, std::string_view why) noexcept {
    try {
      static_cast<PendingMessage&>(*state->task).error =
          std::make_exception_ptr(Error(Error::Kind::shutdown, std::string(why)));
    } catch (...) {
      static_cast<PendingMessage&>(*state->task).error = std::current_exception();
    }
    finish_chained(state);
  }

  /// Loop thread, after the command that queued: the callback gets each
  /// message, or the waiting futures get theirs, outside the lock (they may
  /// call the store, or this subscriber).
  void hand_out() noexcept {
    std::unique_lock lock(mutex_);
    scheduled_ = false;
    if (callback_) {
      in_callback_ = true;
      while (!queue_.empty() && !destroyed_) {
        Message message = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
          callback_(std::move(message));
        } catch (...) {
          // Documented: a callback's exception is dropped, the subscriber goes on.
        }
        lock.lock();
      }
      in_callback_ = false;
      lock.unlock();
      idle_.notify_all();
      return;
    }
    while (!queue_.empty() && !waiting_.empty()) {
      CallState* state = waiting_.front();
      waiting_.pop_front();
      static_cast<PendingMessage&>(*state->task).result.emplace(std::move(queue_.front()));
      queue_.pop_front();
      lock.unlock();
      finish_chained(state);
      lock.lock();
    }
  }

  SubscriberHost& host_;  // not used once store_closed_: it may be gone
  const Origin origin_;
  const Subscriber::Callback callback_;
  const SubscriberOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable readable_;  // a message came, or the inbox closed
  std::condition_variable idle_;      // a callback round ended
  std::deque<Message> queue_;
  std::deque<CallState*> waiting_;  // next() futures, in call order
  std::uint64_t dropped_ = 0;
  bool scheduled_ = false;
  bool in_callback_ = false;
  bool store_closed_ = false;
  bool destroyed_ = false;
};

} // namespace detail

Subscriber::Subscriber(Client& store, SubscriberOptions options) : Subscriber(store, Callback{}, options) {}

Subscriber::Subscriber(Client& store, Callback on_message, SubscriberOptions options)
    : Subscriber(*store.engine_, std::move(on_message), options) {}

Subscriber::Subscriber(RemoteClient& store, SubscriberOptions options) : Subscriber(store, Callback{}, options) {}

Subscriber::Subscriber(RemoteClient& store, Callback on_message, SubscriberOptions options)
    : Subscriber(*store.engine_, std::move(on_message), options) {}

Subscriber::Subscriber(detail::SubscriberHost& host, Callback on_message, SubscriberOptions options)
    : host_(&host),
      inbox_(std::make_shared<detail::Inbox>(host, std::move(on_message), options)),
      id_(host.attach_subscriber(inbox_)) {}

Subscriber::~Subscriber() {
  inbox_->close(detail::kSubscriberGone, true);
  // After the store closed, its host may be gone: its sessions went with it.
  if (!inbox_->host_gone()) host_->detach_subscriber(id_);
}

Future<void> Subscriber::run(Argv&& argv) {
  return detail::make_future<void>(host_->run_for_subscriber(std::move(argv), id_));
}

Future<Message> Subscriber::next() { return inbox_->next(); }

std::optional<Message> Subscriber::try_next() { return inbox_->try_next(); }

std::optional<Message> Subscriber::wait_ns(std::chrono::nanoseconds timeout) { return inbox_->wait(timeout); }

std::size_t Subscriber::queued() const noexcept { return inbox_->queued(); }

std::uint64_t Subscriber::dropped() const noexcept { return inbox_->dropped(); }

} // namespace not_redis
