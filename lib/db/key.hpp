#pragma once
// Key: the keyspace's key type, with its hash and equality.

#include <functional>
#include <string_view>

#include "util/inline_string.hpp"

namespace not_redis::detail {

/// Keys up to 15 bytes (the common case: "user:1234", "key:0000000") live
/// inside the hash-table node itself.
using Key = InlineString<16>;
static_assert(sizeof(Key) == 16);

// Transparent, so lookups take a string_view without building a Key.
// Deliberately not noexcept: libstdc++ then caches the hash in each node, so a
// lookup compares hashes before touching other keys' bytes and finds a
// bucket's end without rehashing its neighbours. The 8 bytes are free: the
// node grows from 48 to 56 bytes, still one 64-byte malloc chunk.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  std::size_t operator()(const Key& k) const { return (*this)(k.view()); }
};

struct KeyEqual {
  using is_transparent = void;
  static std::string_view v(std::string_view s) noexcept { return s; }
  static std::string_view v(const Key& k) noexcept { return k.view(); }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const noexcept {
    return v(a) == v(b);
  }
};

} // namespace not_redis::detail
