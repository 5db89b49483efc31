#pragma once
// Object: a key's value. 24 bytes, so a node of the keyspace's
// std::unordered_map (next pointer + Key + Object = 48 bytes) fits one
// 64-byte malloc chunk. Strings up to 16 bytes and integers are stored inside;
// longer strings and aggregates are one pointer away.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace not_redis::detail {

enum class ObjectType : std::uint8_t { string, list, set, zset, hash, stream };

std::string_view type_name(ObjectType type) noexcept;

/// Base of the aggregate types (lists, hashes, sets...), owned by an Object.
class Aggregate {
public:
  virtual ~Aggregate() = default;
  /// Redis's name of the current encoding (OBJECT ENCODING).
  virtual std::string_view encoding() const noexcept = 0;
  /// Approximate heap bytes, for INFO memory and the benchmarks.
  virtual std::size_t memory_usage() const noexcept = 0;
  virtual std::unique_ptr<Aggregate> clone() const = 0;
  /// Redis's lazyfreeGetFreeEffort: about how many allocations freeing the
  /// value takes (the elements of a hashtable, the nodes of a list; 1 for a
  /// compact encoding). LazyFree frees a value above its threshold off the loop.
  virtual std::size_t free_effort() const noexcept = 0;
};

class Object {
public:
  /// Longest string kept inside the object when it has no TTL.
  static constexpr std::size_t kInlineCapacity = 16;

  /// A string value. Canonical integers are stored as integers ("int"
  /// encoding) unless `allow_integer` is false (Redis keeps INCRBYFLOAT's
  /// result as text).
  static Object string(std::string_view value, bool allow_integer = true);
  static Object integer(long long value);
  static Object aggregate(ObjectType type, std::unique_ptr<Aggregate> value);

  Object(Object&& other) noexcept;
  Object& operator=(Object&& other) noexcept;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  ~Object() { release(); }

  /// A deep copy (COPY), without TTL.
  Object clone() const;

  ObjectType type() const noexcept { return type_; }
  /// Redis's name for the encoding: int, embstr, raw, or the aggregate's.
  std::string_view encoding() const noexcept;

  // --- strings -------------------------------------------------------------
  bool is_int() const noexcept { return repr_ == Repr::integer; }
  long long int_value() const noexcept { return load<long long>(0); }
  /// The string's bytes. Integers are formatted into `scratch` (>= 21 bytes).
  std::string_view string_view(char* scratch) const noexcept;
  std::size_t string_size() const noexcept;
  /// Replaces the value with `value`, keeping the TTL slot.
  void assign_string(std::string_view value, bool allow_integer = true);
  void assign_integer(long long value);
  /// Makes room and returns a writable buffer of `new_size` bytes holding the
  /// current bytes (zero-filled beyond them), for APPEND and SETRANGE.
  char* mutable_string(std::size_t new_size);

  // --- aggregates ----------------------------------------------------------
  Aggregate* aggregate() const noexcept { return repr_ == Repr::aggregate ? load<Aggregate*>(0) : nullptr; }
  template <class T>
  T& as() const noexcept { return static_cast<T&>(*aggregate()); }

  // --- bookkeeping for the keyspace -----------------------------------------
  bool has_ttl() const noexcept { return flags_ & kHasTtl; }
  /// Position of this key in the keyspace's expiry heap; only with a TTL.
  std::uint32_t expiry_slot() const noexcept { return load<std::uint32_t>(8); }
  /// Marks the object as having a TTL at heap position `slot`; moves an inline
  /// string out so the slot has room.
  void set_expiry_slot(std::uint32_t slot);
  void clear_ttl() noexcept { flags_ &= static_cast<std::uint8_t>(~kHasTtl); }
  /// Last access, in seconds of the store's clock (OBJECT IDLETIME).
  std::uint32_t access_time() const noexcept { return access_time_; }
  void touch(std::uint32_t now_s) noexcept { access_time_ = now_s; }
  /// Aggregate::free_effort(); a string is one allocation at most.
  std::size_t free_effort() const noexcept { return repr_ == Repr::aggregate ? aggregate()->free_effort() : 1; }
  /// Heap bytes owned beyond the object itself.
  std::size_t heap_bytes() const noexcept;

private:
  enum class Repr : std::uint8_t { inline_string, integer, heap_string, aggregate };
  static constexpr std::uint8_t kHasTtl = 1;
  static constexpr std::uint8_t kRaw = 2;  // modified in place: Redis reports "raw"

  // A heap string: [size][capacity][bytes...].
  struct HeapString {
    std::uint32_t size;
    std::uint32_t capacity;
    char* bytes() noexcept { return reinterpret_cast<char*>(this + 1); }
    static HeapString* make(std::string_view s, std::size_t capacity);
  };

  Object() noexcept = default;
  template <class T>
  T load(std::size_t offset) const noexcept {
    T v;
    std::memcpy(&v, payload_ + offset, sizeof v);
    return v;
  }
  template <class T>
  void store(std::size_t offset, T v) noexcept {
    std::memcpy(payload_ + offset, &v, sizeof v);
  }
  HeapString* heap_string() const noexcept { return load<HeapString*>(0); }
  void release() noexcept;
  void set_heap_string(HeapString* s) noexcept;

  ObjectType type_ = ObjectType::string;
  Repr repr_ = Repr::inline_string;
  std::uint8_t flags_ = 0;
  std::uint8_t inline_size_ = 0;
  std::uint32_t access_time_ = 0;
  alignas(8) unsigned char payload_[16] = {};
};
static_assert(sizeof(Object) == 24);

} // namespace not_redis::detail
