#include "db/object.hpp"

#include <algorithm>
#include <new>

#include "util/numbers.hpp"

namespace not_redis::detail {

std::string_view type_name(ObjectType type) noexcept {
  switch (type) {
  case ObjectType::string: return "string";
  case ObjectType::list: return "list";
  case ObjectType::set: return "set";
  case ObjectType::zset: return "zset";
  case ObjectType::hash: return "hash";
  case ObjectType::stream: return "stream";
  }
  return "none";
}

Object::HeapString* Object::HeapString::make(std::string_view s, std::size_t capacity) {
  capacity = std::max(capacity, s.size());
  void* mem = ::operator new(sizeof(HeapString) + capacity);
  auto* h = new (mem) HeapString{static_cast<std::uint32_t>(s.size()), static_cast<std::uint32_t>(capacity)};
  if (!s.empty()) std::memcpy(h->bytes(), s.data(), s.size());
  return h;
}

Object Object::string(std::string_view value, bool allow_integer) {
  Object o;
  o.assign_string(value, allow_integer);
  return o;
}

Object Object::integer(long long value) {
  Object o;
  o.assign_integer(value);
  return o;
}

Object Object::aggregate(ObjectType type, std::unique_ptr<Aggregate> value) {
  Object o;
  o.type_ = type;
  o.repr_ = Repr::aggregate;
  o.store(0, value.release());
  return o;
}

Object::Object(Object&& other) noexcept
    : type_(other.type_), repr_(other.repr_), flags_(other.flags_), inline_size_(other.inline_size_),
      access_time_(other.access_time_) {
  std::memcpy(payload_, other.payload_, sizeof payload_);
  other.repr_ = Repr::inline_string;
  other.inline_size_ = 0;
}

Object& Object::operator=(Object&& other) noexcept {
  if (this != &other) {
    release();
    type_ = other.type_;
    repr_ = other.repr_;
    flags_ = other.flags_;
    inline_size_ = other.inline_size_;
    access_time_ = other.access_time_;
    std::memcpy(payload_, other.payload_, sizeof payload_);
    other.repr_ = Repr::inline_string;
    other.inline_size_ = 0;
  }
  return *this;
}

void Object::release() noexcept {
  if (repr_ == Repr::heap_string) ::operator delete(heap_string());
  else if (repr_ == Repr::aggregate) delete aggregate();
  repr_ = Repr::inline_string;
}

Object Object::clone() const {
  Object o;
  switch (repr_) {
  case Repr::aggregate:
    o = Object::aggregate(type_, aggregate()->clone());
    break;
  case Repr::integer:
    o.assign_integer(int_value());
    break;
  default: {
    char scratch[24];
    o.assign_string(string_view(scratch));
  }
  }
  o.flags_ = static_cast<std::uint8_t>(flags_ & kRaw);
  return o;
}

std::string_view Object::encoding() const noexcept {
  switch (repr_) {
  case Repr::integer: return "int";
  case Repr::aggregate: return aggregate()->encoding();
  default:
    // Redis embeds strings up to 44 bytes in one allocation ("embstr") until
    // they are modified in place; report what Redis would.
    return (flags_ & kRaw) || string_size() > 44 ? "raw" : "embstr";
  }
}

std::string_view Object::string_view(char* scratch) const noexcept {
  switch (repr_) {
  case Repr::inline_string: return {reinterpret_cast<const char*>(payload_), inline_size_};
  case Repr::integer: return format_integer(int_value(), scratch);
  case Repr::heap_string: {
    HeapString* h = heap_string();
    return {h->bytes(), h->size};
  }
  case Repr::aggregate: break;
  }
  return {};
}

std::size_t Object::string_size() const noexcept {
  switch (repr_) {
  case Repr::inline_string: return inline_size_;
  case Repr::integer: {
    char scratch[24];
    return format_integer(int_value(), scratch).size();
  }
  case Repr::heap_string: return heap_string()->size;
  case Repr::aggregate: break;
  }
  return 0;
}

void Object::set_heap_string(HeapString* s) noexcept {
  release();
  repr_ = Repr::heap_string;
  store(0, s);
}

void Object::assign_string(std::string_view value, bool allow_integer) {
  type_ = ObjectType::string;
  flags_ &= static_cast<std::uint8_t>(~kRaw);
  // Redis stores canonical integers as integers ("int" encoding); so do we.
  if (allow_integer && value.size() <= 20) {
    if (auto n = parse_integer(value)) {
      assign_integer(*n);
      return;
    }
  }
  if (value.size() <= kInlineCapacity && !has_ttl()) {
    unsigned char copy[kInlineCapacity];  // `value` may live in the buffer release() frees
    if (!value.empty()) std::memcpy(copy, value.data(), value.size());
    release();
    repr_ = Repr::inline_string;
    inline_size_ = static_cast<std::uint8_t>(value.size());
    std::memcpy(payload_, copy, value.size());
    return;
  }
  if (repr_ == Repr::heap_string && heap_string()->capacity >= value.size()) {
    HeapString* h = heap_string();
    if (!value.empty()) std::memmove(h->bytes(), value.data(), value.size());
    h->size = static_cast<std::uint32_t>(value.size());
    return;
  }
  set_heap_string(HeapString::make(value, value.size()));
}

void Object::assign_integer(long long value) {
  release();
  type_ = ObjectType::string;
  repr_ = Repr::integer;
  flags_ &= static_cast<std::uint8_t>(~kRaw);
  store(0, value);
}

char* Object::mutable_string(std::size_t new_size) {
  flags_ |= kRaw;
  char scratch[24];
  if (repr_ == Repr::heap_string) {
    HeapString* h = heap_string();
    if (h->capacity >= new_size) {
      if (new_size > h->size) std::memset(h->bytes() + h->size, 0, new_size - h->size);
      h->size = static_cast<std::uint32_t>(new_size);
      return h->bytes();
    }
  }
  const std::string_view current = string_view(scratch);
  // Grow geometrically so repeated APPENDs stay amortized O(1), as sds does.
  const std::size_t capacity = new_size < (1u << 20) ? new_size * 2 : new_size + (1u << 20);
  HeapString* h = HeapString::make(current, capacity);
  std::memset(h->bytes() + current.size(), 0, capacity - current.size());
  h->size = static_cast<std::uint32_t>(new_size);
  const bool ttl = has_ttl();
  const std::uint32_t slot = ttl ? expiry_slot() : 0;
  set_heap_string(h);
  if (ttl) store(8, slot);
  return h->bytes();
}

void Object::set_expiry_slot(std::uint32_t slot) {
  if (repr_ == Repr::inline_string) {
    char scratch[24];
    const std::string_view current = string_view(scratch);
    set_heap_string(HeapString::make(current, current.size()));
  }
  flags_ |= kHasTtl;
  store(8, slot);
}

std::size_t Object::heap_bytes() const noexcept {
  switch (repr_) {
  case Repr::heap_string: return sizeof(HeapString) + heap_string()->capacity;
  case Repr::aggregate: return aggregate()->memory_usage();
  default: return 0;
  }
}

} // namespace not_redis::detail
