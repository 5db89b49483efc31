#include <not_redis/uv.hpp>

namespace not_redis {

UvExecutor::UvExecutor(uv_loop_t* loop) : async_(new uv_async_t) {
  async_->data = this;
  if (const int rc = uv_async_init(loop, async_, [](uv_async_t* h) { static_cast<UvExecutor*>(h->data)->run_posted(); });
      rc != 0) {
    delete async_;
    throw Error(Error::Kind::usage, std::string("not_redis: UvExecutor: uv_async_init failed: ") + uv_strerror(rc));
  }
}

UvExecutor::~UvExecutor() { close(); }

void UvExecutor::post(std::function<void()> task) {
  const std::lock_guard lock(mutex_);
  if (closed_) throw Error(Error::Kind::shutdown, "not_redis: post() on a closed UvExecutor");
  queue_.push_back(std::move(task));
  // Under the lock, so close() cannot close the handle in between (sending on
  // a closing handle is undefined). A non-empty queue has a wake-up pending.
  if (queue_.size() == 1) uv_async_send(async_);
}

void UvExecutor::run_posted() noexcept {
  std::vector<std::function<void()>> batch;
  {
    const std::lock_guard lock(mutex_);
    batch.swap(queue_);
  }
  for (auto& task : batch) {
    try {
      task();
    } catch (...) {
      // Nothing may unwind the application's loop.
    }
    task = nullptr;  // its captures go now, in order
  }
}

void UvExecutor::close() noexcept {
  std::vector<std::function<void()>> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    dropped.swap(queue_);
  }
  uv_close(reinterpret_cast<uv_handle_t*>(async_), [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
  // Destroyed outside the lock: a dropped then() step completes its future,
  // whose continuations may post again (and get Error(shutdown)).
}

} // namespace not_redis
