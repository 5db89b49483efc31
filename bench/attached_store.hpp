#pragma once
// What the memory figures share: a store attached to a loop on the calling
// thread (commands run inline, so no other thread allocates while it loads)
// and the heap in use according to glibc.

#include <malloc.h>

#include <cstddef>
#include <optional>

#include <not_redis/not_redis.hpp>
#include <not_redis/uv.hpp>

namespace not_redis::bench {

/// A store attached to a loop on this thread: commands run inline.
class AttachedStore {
public:
  AttachedStore() {
    uv_loop_init(&loop_);
    client_.emplace(&loop_);
  }
  ~AttachedStore() {
    client_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);  // lets the store's handles finish closing
    uv_loop_close(&loop_);
  }
  AttachedStore(const AttachedStore&) = delete;
  AttachedStore& operator=(const AttachedStore&) = delete;

  Client& operator*() { return *client_; }
  Client* operator->() { return &*client_; }

private:
  uv_loop_t loop_;
  std::optional<Client> client_;
};

/// Heap bytes in use (glibc mallinfo2: uordblks + hblkhd).
inline std::size_t heap_in_use() {
  const struct mallinfo2 m = ::mallinfo2();
  return m.uordblks + m.hblkhd;
}

} // namespace not_redis::bench
