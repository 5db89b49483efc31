#include <not_redis/argv.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include <not_redis/error.hpp>

namespace not_redis {

Argv::Argv(std::initializer_list<std::string_view> args) {
  for (std::string_view a : args) push_back(a);
}

Argv::Argv(const Argv& other) {
  for (std::string_view a : other) push_back(a);
}

Argv& Argv::operator=(const Argv& other) {
  if (this != &other) {
    Argv copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Argv::Argv(Argv&& other) noexcept { *this = std::move(other); }

Argv& Argv::operator=(Argv&& other) noexcept {
  if (this == &other) return *this;
  count_ = other.count_;
  byte_size_ = other.byte_size_;
  byte_capacity_ = other.byte_capacity_;
  end_capacity_ = other.end_capacity_;
  heap_bytes_ = std::move(other.heap_bytes_);
  heap_ends_ = std::move(other.heap_ends_);
  if (!heap_bytes_) std::memcpy(inline_bytes_, other.inline_bytes_, byte_size_);
  if (!heap_ends_) std::memcpy(inline_ends_, other.inline_ends_, count_ * sizeof(std::uint32_t));
  other.count_ = other.byte_size_ = 0;
  other.byte_capacity_ = kInlineBytes;
  other.end_capacity_ = kInlineArgs;
  return *this;
}

void Argv::grow_bytes(std::size_t needed) {
  if (needed > std::numeric_limits<std::uint32_t>::max())
    throw Error(Error::Kind::usage, "not_redis: a command's arguments may not exceed 4 GiB in total");
  const std::size_t capacity = std::max<std::size_t>(needed, std::size_t{byte_capacity_} * 2);
  auto bytes = std::make_unique<char[]>(capacity);
  std::memcpy(bytes.get(), this->bytes(), byte_size_);
  heap_bytes_ = std::move(bytes);
  byte_capacity_ = static_cast<std::uint32_t>(std::min<std::size_t>(capacity, std::numeric_limits<std::uint32_t>::max()));
}

void Argv::grow_ends() {
  const std::size_t capacity = std::size_t{end_capacity_} * 2;
  auto ends = std::make_unique<std::uint32_t[]>(capacity);
  std::memcpy(ends.get(), this->ends(), count_ * sizeof(std::uint32_t));
  heap_ends_ = std::move(ends);
  end_capacity_ = static_cast<std::uint32_t>(capacity);
}

void Argv::push_back(std::string_view arg) {
  const std::size_t needed = std::size_t{byte_size_} + arg.size();
  if (needed > byte_capacity_) grow_bytes(needed);
  if (count_ == end_capacity_) grow_ends();
  char* bytes = heap_bytes_ ? heap_bytes_.get() : inline_bytes_;
  std::uint32_t* ends = heap_ends_ ? heap_ends_.get() : inline_ends_;
  if (!arg.empty()) std::memcpy(bytes + byte_size_, arg.data(), arg.size());
  byte_size_ = static_cast<std::uint32_t>(needed);
  ends[count_++] = byte_size_;
}

void Argv::push_integer(long long value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  push_back(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

void Argv::push_double(double value) {
  // fmt's shortest round-trip form; Redis parses it back to the same double.
  char buf[40];
  auto end = fmt::format_to(buf, "{}", value);
  push_back(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

} // namespace not_redis
