#pragma once
// A transparent hash, so maps keyed by std::string take string_view lookups
// without building a string.

#include <cstddef>
#include <functional>
#include <string_view>

namespace not_redis::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

} // namespace not_redis::detail
