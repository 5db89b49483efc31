#pragma once
// InlineString<Size>: a binary-safe string of exactly Size bytes that keeps up
// to Size-1 bytes inside itself and longer ones in one heap block. Keys
// (Size 16) and set members (Size 24) use it: most keys and members are short,
// and a std::string would cost 32 bytes plus a heap block past 15 bytes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace not_redis::detail {

template <std::size_t Size>
class InlineString {
  static_assert(Size >= 16 && Size <= 128, "room for a pointer, a 32-bit size and the tag byte");

public:
  static constexpr std::size_t kInlineCapacity = Size - 1;

  explicit InlineString(std::string_view s) {
    if (s.size() <= kInlineCapacity) {
      if (!s.empty()) std::memcpy(raw_, s.data(), s.size());
      raw_[kTagByte] = static_cast<char>(s.size());
    } else {
      char* p = new char[s.size()];
      std::memcpy(p, s.data(), s.size());
      const auto n = static_cast<std::uint32_t>(s.size());
      std::memcpy(raw_, &p, sizeof p);
      std::memcpy(raw_ + sizeof p, &n, sizeof n);
      raw_[kTagByte] = kHeapTag;
    }
  }
  InlineString(const InlineString& other) : InlineString(other.view()) {}
  InlineString(InlineString&& other) noexcept {
    std::memcpy(raw_, other.raw_, sizeof raw_);
    other.raw_[kTagByte] = 0;
  }
  InlineString& operator=(InlineString&& other) noexcept {
    if (this != &other) {
      release();
      std::memcpy(raw_, other.raw_, sizeof raw_);
      other.raw_[kTagByte] = 0;
    }
    return *this;
  }
  InlineString& operator=(const InlineString&) = delete;
  ~InlineString() { release(); }

  std::string_view view() const noexcept {
    if (is_heap()) return {heap_ptr(), heap_size()};
    return {raw_, static_cast<std::size_t>(raw_[kTagByte])};
  }
  /// Heap bytes owned beyond the object itself (for memory accounting).
  std::size_t heap_bytes() const noexcept { return is_heap() ? heap_size() : 0; }

private:
  static constexpr std::size_t kTagByte = Size - 1;
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
  void release() noexcept {
    if (is_heap()) delete[] heap_ptr();
    raw_[kTagByte] = 0;
  }

  alignas(8) char raw_[Size];
};

} // namespace not_redis::detail
