#pragma once
/// @file
/// Opt-in: embedding a store in an application's own libuv loop.
///
/// ```
/// uv_loop_t* loop = uv_default_loop();
/// not_redis::Client store(loop);                 // no thread started
/// store.set("k", "v");                           // on the loop thread: runs at once
/// store.get("k").then([](auto f) { use(f.get()); });
/// uv_run(loop, UV_RUN_DEFAULT);                  // other threads' calls are served here
/// ```

#include <uv.h>

#include <not_redis/client.hpp>

namespace not_redis {

static_assert(std::is_same_v<uv_loop_t, uv_loop_s>, "uv_loop_t is expected to be struct uv_loop_s");

} // namespace not_redis
