#pragma once
/// @file
/// Opt-in: fmt support for not_redis::Value, printed the way redis-cli prints
/// replies.
///
/// ```
/// fmt::print("{}\n", client.command("MGET", "a", "b").get());
/// // 1) "x"
/// // 2) (nil)
/// ```

#include <string>

#include <fmt/format.h>

#include <not_redis/value.hpp>

namespace not_redis {

/// The reply as redis-cli shows it on a terminal (without a final newline).
std::string to_cli_string(const Value& v);

} // namespace not_redis

template <>
struct fmt::formatter<not_redis::Value> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const not_redis::Value& v, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(not_redis::to_cli_string(v), ctx);
  }
};
