#include "db/lazy_free.hpp"

#include <new>
#include <system_error>
#include <utility>

namespace not_redis::detail {

LazyFree::~LazyFree() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (worker_.joinable()) worker_.join();
}

void LazyFree::release(Object&& value) noexcept {
  if (value.free_effort() <= kThreshold) {
    Object discarded = std::move(value);
    return;
  }
  Job job{std::move(value), 1};
  enqueue(job);  // on failure `job` frees the value as it goes out of scope
}

void LazyFree::release(std::unique_ptr<Map> map) noexcept {
  const std::uint64_t keys = map->size();
  Job job{std::move(map), keys};
  enqueue(job);
}

bool LazyFree::enqueue(Job& job) noexcept {
  try {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
    const std::uint64_t objects = job.objects;
    queue_.push_back(std::move(job));
    // Counted under the lock, so the worker cannot subtract it first.
    pending_.fetch_add(objects, std::memory_order_relaxed);
  } catch (const std::bad_alloc&) {
    return false;
  } catch (const std::system_error&) {  // no thread to be had
    return false;
  }
  wake_.notify_one();
  return true;
}

void LazyFree::work() {
  std::vector<Job> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to free
    batch.swap(queue_);
    busy_ = true;
    lock.unlock();
    for (Job& job : batch) {
      const std::uint64_t objects = job.objects;
      job.garbage = std::unique_ptr<Map>();  // the free itself
      pending_.fetch_sub(objects, std::memory_order_relaxed);
      freed_.fetch_add(objects, std::memory_order_relaxed);
    }
    batch.clear();  // keeps its buffer for the next swap
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

void LazyFree::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

} // namespace not_redis::detail
