#pragma once
// The naive design not_redis is measured against: a loop thread with a
// uv_async_t, a mutex-protected deque of std::function jobs, one
// std::promise per call and one uv_async_send per call.

#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include <uv.h>

namespace not_redis::bench {

class NaiveStore {
public:
  /// Takes `data` as the store's map and starts the loop thread.
  explicit NaiveStore(std::unordered_map<std::string, std::string> data) : map_(std::move(data)) {
    uv_loop_init(&loop_);
    async_.data = this;
    uv_async_init(&loop_, &async_, [](uv_async_t* h) { static_cast<NaiveStore*>(h->data)->run_jobs(); });
    thread_ = std::thread([this] { uv_run(&loop_, UV_RUN_DEFAULT); });
  }

  ~NaiveStore() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    uv_async_send(&async_);
    thread_.join();
    uv_loop_close(&loop_);
  }

  NaiveStore(const NaiveStore&) = delete;
  NaiveStore& operator=(const NaiveStore&) = delete;

  /// Any thread.
  std::future<std::optional<std::string>> get(const std::string& key) {
    auto promise = std::make_shared<std::promise<std::optional<std::string>>>();
    auto result = promise->get_future();
    post([this, key, promise] {
      auto it = map_.find(key);
      promise->set_value(it == map_.end() ? std::nullopt : std::optional<std::string>(it->second));
    });
    return result;
  }

private:
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    uv_async_send(&async_);
  }

  // Loop thread. Sends coalesce, so each wake-up takes the whole queue.
  void run_jobs() {
    std::deque<std::function<void()>> batch;
    bool stopping = false;
    {
      std::lock_guard lock(mutex_);
      batch.swap(jobs_);
      stopping = stopping_;
    }
    for (auto& job : batch) job();
    if (stopping) uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
  }

  std::unordered_map<std::string, std::string> map_;  // loop thread only
  uv_loop_t loop_;
  uv_async_t async_;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
};

} // namespace not_redis::bench
