#pragma once
// Key: the keyspace's key type. 16 bytes; keys up to 15 bytes (the common
// case: "user:1234", "key:0000000") live inside the hash-table node itself.

#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>

namespace not_redis::detail {

class Key {
public:
  static constexpr std::size_t kInlineCapacity = 15;

  explicit Key(std::string_view s) {
    if (s.size() <= kInlineCapacity) {
      std::memcpy(raw_, s.data(), s.size());
      raw_[kTagByte] = static_cast<char>(s.size());
    } else {
      char* p = new char[s.size()];
      std::memcpy(p, s.data(), s.size());
      set_heap(p, static_cast<std::uint32_t>(s.size()));
    }
  }
  Key(const Key& other) : Key(other.view()) {}
  Key(Key&& other) noexcept {
    std::memcpy(raw_, other.raw_, sizeof raw_);
    other.raw_[kTagByte] = 0;
  }
  Key& operator=(const Key&) = delete;
  Key& operator=(Key&&) = delete;
  ~Key() {
    if (is_heap()) delete[] heap_ptr();
  }

  std::string_view view() const noexcept {
    if (is_heap()) return {heap_ptr(), heap_size()};
    return {raw_, static_cast<std::size_t>(raw_[kTagByte])};
  }
  /// Heap bytes owned beyond the 16 inline ones (for memory accounting).
  std::size_t heap_bytes() const noexcept { return is_heap() ? heap_size() : 0; }

private:
  static constexpr std::size_t kTagByte = 15;
  static constexpr char kHeapTag = static_cast<char>(0xff);

  bool is_heap() const noexcept { return raw_[kTagByte] == kHeapTag; }
  char* heap_ptr() const noexcept {
    char* p;
    std::memcpy(&p, raw_, sizeof p);
    return p;
  }
  std::uint32_t heap_size() const noexcept {
    std::uint32_t n;
    std::memcpy(&n, raw_ + sizeof(char*), sizeof n);
    return n;
  }
  void set_heap(char* p, std::uint32_t n) noexcept {
    std::memcpy(raw_, &p, sizeof p);
    std::memcpy(raw_ + sizeof(char*), &n, sizeof n);
    raw_[kTagByte] = kHeapTag;
  }

  alignas(8) char raw_[16];
};
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
