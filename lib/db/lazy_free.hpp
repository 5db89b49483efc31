#pragma once
// LazyFree: gives the memory of large deleted values back on a thread of its
// own, so UNLINK, FLUSHALL ASYNC and the lazyfree-lazy-* settings do not
// stall the loop for as long as freeing a million elements takes (Redis's
// lazyfree.c over its bio lazy-free thread).
//
// Only what the keyspace no longer reaches is handed over: a value unlinked
// from its entry, or a whole flushed map. Nothing on the thread touches the
// store, so it needs no lock but the queue's. The thread starts with the first
// job; the destructor frees whatever is still queued and joins it, so no
// memory outlives the store.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "db/key_events.hpp"
#include "db/object.hpp"

namespace not_redis::detail {

class LazyFree {
public:
  /// Redis's LAZYFREE_THRESHOLD: a value whose free effort (Object::free_effort:
  /// roughly, how many allocations freeing it takes) is at most this is freed
  /// at once, where handing it over would cost more than it saves.
  static constexpr std::size_t kThreshold = 64;

  LazyFree() = default;
  ~LazyFree();
  LazyFree(const LazyFree&) = delete;
  LazyFree& operator=(const LazyFree&) = delete;

  /// Loop thread. Frees `value` on the thread if it is worth it, else here
  /// (also when the queue or the thread cannot be had: out of memory).
  void release(Object&& value) noexcept;
  /// Loop thread. Frees a flushed keyspace on the thread, whatever its size, as
  /// Redis's emptyDbAsync does (its keys count as pending objects).
  void release(std::unique_ptr<Map> map) noexcept;

  /// Any thread. INFO memory's lazyfree_pending_objects: values (keys, for a
  /// flushed map) handed over and not freed yet.
  std::uint64_t pending() const noexcept { return pending_.load(std::memory_order_relaxed); }
  /// Any thread. INFO memory's lazyfreed_objects: freed by the thread since
  /// the start or the last CONFIG RESETSTAT.
  std::uint64_t freed() const noexcept { return freed_.load(std::memory_order_relaxed); }
  void reset_stats() noexcept { freed_.store(0, std::memory_order_relaxed); }

  /// Any thread but the worker. Returns once everything handed over before
  /// the call is freed.
  void wait_idle();

private:
  struct Job {
    std::variant<Object, std::unique_ptr<Map>> garbage;
    std::uint64_t objects;  ///< what it counts for in pending() and freed()
  };
  /// Queues `job`; false if there was no memory for it (the caller frees).
  bool enqueue(Job& job) noexcept;
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;  ///< the worker: jobs queued, or stopping
  std::condition_variable idle_;  ///< wait_idle(): a batch is freed
  std::vector<Job> queue_;
  bool busy_ = false;  ///< the worker holds a batch it took from queue_
  bool stopping_ = false;
  std::thread worker_;
  std::atomic<std::uint64_t> pending_{0};
  std::atomic<std::uint64_t> freed_{0};
};

} // namespace not_redis::detail
