#pragma once
// Hash: the value of a hash key, in one of Redis 7.0's two encodings.
//
// - "listpack": while the hash has at most 512 fields and no field or value
//   longer than 64 bytes (hash-max-listpack-entries / -value: Redis 7.0's
//   defaults are 512 and 64, as `CONFIG GET hash-max-*` shows), its entries lie
//   back to back in one buffer, in insertion order, as in Redis's listpack.
//   Lookups scan the buffer, which the thresholds keep small.
// - "hashtable": past either threshold (and never back, as in Redis), an
//   open-addressing table of pointers to single-allocation field+value pairs:
//   about 73 bytes per 16-byte field with a 16-byte value, against ~170 for
//   std::unordered_map<std::string, std::string>.
//
// Both give uniformly random entries in O(1) (HRANDFIELD) and a cursor scan
// with Redis's guarantee (HSCAN).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "db/object.hpp"

namespace not_redis::detail {

/// A field and its value, viewing bytes owned by a Hash.
using FieldValue = std::pair<std::string_view, std::string_view>;

/// A field and its value in one allocation: [field size][value size][field]
/// [value], the sizes as LEB128 varints (one byte each below 128). 34 bytes
/// for a 16-byte field and value: one 48-byte malloc chunk.
class PackedPair {
public:
  PackedPair() noexcept = default;
  static PackedPair make(std::string_view field, std::string_view value);
  /// Frees the allocation; the pair must not be used afterwards.
  void release() noexcept;

  FieldValue get() const noexcept;
  std::string_view field() const noexcept { return get().first; }
  /// The bytes allocated (what malloc was asked for).
  std::size_t allocation_size() const noexcept;

private:
  explicit PackedPair(unsigned char* bytes) noexcept : bytes_(bytes) {}
  unsigned char* bytes_ = nullptr;
};

/// The "hashtable" encoding: linear probing over two parallel arrays, the
/// 32-bit hash of each slot's field (0 empty, 1 deleted) and its PackedPair.
/// Comparing the stored hashes first means a lookup touches one pair's bytes
/// in practice. The table keeps between 1/8 and 3/4 of its slots live, so a
/// random slot holds an entry with probability at least 1/8: random entries
/// are uniform and O(1) expected.
class FieldTable {
public:
  FieldTable() noexcept = default;
  FieldTable(const FieldTable& other);
  FieldTable(FieldTable&& other) noexcept;
  FieldTable& operator=(const FieldTable&) = delete;
  FieldTable& operator=(FieldTable&&) = delete;
  ~FieldTable();

  std::size_t size() const noexcept { return size_; }
  std::optional<std::string_view> find(std::string_view field) const noexcept;
  /// Sets `field` to `value`; true if the field is new.
  bool set(std::string_view field, std::string_view value);
  bool erase(std::string_view field) noexcept;
  /// Reserves room for `n` entries without further rehashing.
  void reserve(std::size_t n);

  template <class Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t i = 0; i < capacity_; ++i)
      if (hashes_[i] > kDeleted) visit(pairs_[i].get());
  }
  /// A uniformly chosen entry; the table must not be empty.
  FieldValue random(std::mt19937_64& rng) const noexcept;
  /// Visits the entries of one bucket (the fields whose hash selects it) and
  /// returns the next cursor, 0 after the last bucket. This is Redis's
  /// dictScan: cursors advance in reverse binary order, so an entry present
  /// during a whole iteration is visited even if the table grows or shrinks
  /// in between (possibly more than once).
  std::uint64_t scan(std::uint64_t cursor, const std::function<void(FieldValue)>& visit) const;
  std::size_t memory_usage() const noexcept;

private:
  static constexpr std::uint32_t kEmpty = 0;
  static constexpr std::uint32_t kDeleted = 1;
  static constexpr std::size_t kMinCapacity = 8;
  static constexpr std::size_t kNotFound = ~std::size_t{0};

  static std::uint32_t hash_of(std::string_view field) noexcept;
  std::size_t mask() const noexcept { return capacity_ - 1; }
  std::size_t find_slot(std::string_view field, std::uint32_t hash) const noexcept;
  /// Moves the live entries into a table of `capacity` slots (a power of two).
  void rehash(std::size_t capacity);
  void release_pairs() noexcept;
  static std::size_t capacity_for(std::size_t n) noexcept;

  std::unique_ptr<std::uint32_t[]> hashes_;
  std::unique_ptr<PackedPair[]> pairs_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::size_t deleted_ = 0;
  std::size_t pair_bytes_ = 0;  ///< sum of the pairs' allocation sizes
};

/// The "listpack" encoding: records [field size][field][value size][value]
/// (sizes in one byte, as the thresholds allow) in one exactly-sized buffer.
class PackedList {
public:
  std::size_t size() const noexcept { return count_; }
  std::optional<std::string_view> find(std::string_view field) const noexcept;
  /// Sets `field` to `value` (both at most 255 bytes); true if the field is new.
  /// A new field goes last; an existing one keeps its place.
  bool set(std::string_view field, std::string_view value);
  bool erase(std::string_view field) noexcept;

  template <class Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t at = 0; at < bytes_.size();) {
      const FieldValue e = entry_at(at);
      visit(e);
      at = next(at);
    }
  }
  /// The offsets of the records, for indexed access (random sampling).
  std::vector<std::uint32_t> offsets() const;
  FieldValue entry_at(std::size_t offset) const noexcept;
  std::size_t memory_usage() const noexcept { return bytes_.capacity(); }

private:
  std::size_t next(std::size_t offset) const noexcept;
  /// Offset of the record of `field`, or bytes_.size().
  std::size_t locate(std::string_view field) const noexcept;

  std::vector<char> bytes_;
  std::size_t count_ = 0;
};

/// Redis's hash-max-listpack-entries and hash-max-listpack-value, read from
/// the store's settings at each write as Redis reads its own.
struct HashLimits {
  std::size_t max_entries = 512;
  std::size_t max_value = 64;
};

class Hash final : public Aggregate {
public:

  std::string_view encoding() const noexcept override { return is_listpack() ? "listpack" : "hashtable"; }
  std::size_t memory_usage() const noexcept override;
  std::unique_ptr<Aggregate> clone() const override { return std::make_unique<Hash>(*this); }
  std::size_t free_effort() const noexcept override { return is_listpack() ? 1 : size(); }

  bool is_listpack() const noexcept { return std::holds_alternative<PackedList>(repr_); }
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  std::optional<std::string_view> get(std::string_view field) const noexcept;
  /// Sets `field` to `value`; true if the field is new. Converts to the
  /// hashtable encoding when Redis 7.0 does: before storing a field or value
  /// longer than limits.max_value, and once a write leaves more than
  /// limits.max_entries fields. It never converts back.
  bool set(std::string_view field, std::string_view value, const HashLimits& limits);
  /// Removes `field`; true if it was there. The encoding stays.
  bool erase(std::string_view field) noexcept;

  /// Calls visit(FieldValue) for every entry (listpack: insertion order).
  template <class Visit>
  void for_each(Visit&& visit) const {
    std::visit([&](const auto& r) { r.for_each(visit); }, repr_);
  }

  /// One step of HSCAN (see FieldTable::scan); a listpack has no buckets and
  /// is visited whole, with next cursor 0, as Redis does.
  std::uint64_t scan(std::uint64_t cursor, const std::function<void(FieldValue)>& visit) const;

  /// Draws uniformly random entries of a hash that is not empty and not
  /// modified while the sampler lives; O(1) per draw (a listpack is indexed
  /// once, when the sampler is made).
  class Sampler {
  public:
    explicit Sampler(const Hash& hash);
    FieldValue operator()(std::mt19937_64& rng) const;

  private:
    const Hash& hash_;
    std::vector<std::uint32_t> offsets_;
  };

private:
  void convert_to_table();

  std::variant<PackedList, FieldTable> repr_;
};

} // namespace not_redis::detail
