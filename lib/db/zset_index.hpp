#pragma once
// ZsetIndex: the hash index of a skiplist-encoded Zset, member -> entry.
//
// Linear probing over 8-byte slots, each an entry pointer whose four low bits
// (always zero: entries are 16-byte aligned) hold four bits of the member's
// hash, so a probe dereferences a foreign entry once in 16 times. The table
// keeps between 3/5 and 4/5 of its slots live (any capacity, not just powers
// of two): about 11.5 bytes per member on average.
//
// The home slot of a hash h is h * capacity / 2^32, monotone in h for every
// capacity, so the slots stay in hash order and scan() can use a hash value
// as its cursor (as MemberTable's scan does with the top bits): a cursor
// means "every member hashing below it was returned", which stays true across
// growth, shrinking and removals.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "db/zset_tree.hpp"

namespace not_redis::detail {

class ZsetIndex {
public:
  ZsetIndex() noexcept = default;
  ZsetIndex(ZsetIndex&& other) noexcept { swap(other); }
  ZsetIndex& operator=(ZsetIndex&& other) noexcept {
    ZsetIndex(std::move(other)).swap(*this);
    return *this;
  }
  void swap(ZsetIndex& other) noexcept;

  static std::uint32_t hash_of(std::string_view member) noexcept;

  std::size_t size() const noexcept { return size_; }
  /// The entry of `member`, whose hash is `hash`, or nullptr.
  ZsetEntry* find(std::string_view member, std::uint32_t hash) const noexcept;
  /// Makes room for `n` entries in all; throws std::bad_alloc, unchanged.
  void reserve(std::size_t n);
  /// Adds an entry whose member is not there yet, after reserve(size() + 1).
  void insert(ZsetEntry* entry) noexcept;
  /// Removes `entry`, which is there.
  void erase(const ZsetEntry* entry) noexcept;

  /// Visits at least `count` entries (all of them with hashes in
  /// [cursor, next)) and returns `next`, or 0 when the walk is complete.
  std::uint64_t scan(std::uint64_t cursor, std::size_t count,
                     const std::function<void(const ZsetEntry&)>& visit) const;

  std::size_t memory_usage() const noexcept { return capacity_ * sizeof(std::uintptr_t); }

private:
  static constexpr std::size_t kMinCapacity = 8;
  static constexpr std::uintptr_t kTagMask = 15;

  static ZsetEntry* entry_of(std::uintptr_t slot) noexcept { return reinterpret_cast<ZsetEntry*>(slot & ~kTagMask); }
  std::size_t home(std::uint32_t hash) const noexcept { return (std::uint64_t{hash} * capacity_) >> 32; }
  std::size_t next(std::size_t i) const noexcept { return i + 1 == capacity_ ? 0 : i + 1; }
  /// How far slot `i` is past slot `from`, going round.
  std::size_t distance(std::size_t from, std::size_t i) const noexcept {
    return i >= from ? i - from : i + capacity_ - from;
  }
  void place(std::uintptr_t slot) noexcept;
  void rehash(std::size_t capacity);

  std::unique_ptr<std::uintptr_t[]> slots_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

} // namespace not_redis::detail
