#pragma once
// Set: the value of a set key, in Redis 7.0's two encodings.
//
// - "intset": a sorted vector of 64-bit integers, while every member is a
//   canonical integer and there are at most set-max-intset-entries (512).
// - "hashtable": MemberTable, a dense vector of 24-byte members plus an
//   open-addressing index. A uniformly chosen position is a uniformly chosen
//   member, so SPOP and SRANDMEMBER cost O(1) per member however many members
//   were removed before (a chained hash table sampled by bucket is neither
//   uniform nor O(1) once it is sparse).
//
// Both encodings expose members by dense position (0 <= i < size()), which is
// what random sampling and iteration use.

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "db/object.hpp"
#include "util/inline_string.hpp"

namespace not_redis::detail {

/// A member of a hashtable-encoded set: 24 bytes, members up to 23 bytes
/// (every integer, most identifiers) stored inside.
using Member = InlineString<24>;
static_assert(sizeof(Member) == 24);

/// The "hashtable" encoding: members packed in a vector (removal moves the
/// last one into the hole), found through a linear-probing index of
/// (position, 32-bit hash) slots whose home slot is the hash's top bits.
///
/// Because the home slot is a prefix of the hash, the index keeps members
/// roughly in hash order, and scan() can use a hash value as its cursor: a
/// cursor means "every member hashing below it was returned", which stays
/// true across growth, shrinking and removals.
class MemberTable {
public:
  MemberTable() = default;
  MemberTable(const MemberTable& other);
  MemberTable(MemberTable&& other) noexcept { *this = std::move(other); }
  MemberTable& operator=(MemberTable&& other) noexcept;
  MemberTable& operator=(const MemberTable&) = delete;

  std::size_t size() const noexcept { return members_.size(); }
  bool contains(std::string_view member) const noexcept { return find_slot(member, hash_of(member)) != kNone; }
  /// Adds `member`; false if it was there already.
  bool insert(std::string_view member);
  /// Removes `member`; false if it was not there.
  bool erase(std::string_view member);
  /// Removes the member at position `pos`.
  void erase_at(std::size_t pos);
  std::string_view at(std::size_t pos) const noexcept { return members_[pos].view(); }
  /// Makes room for `n` members in all.
  void reserve(std::size_t n);

  /// Visits at least `count` members (all of them with hashes in
  /// [cursor, next)) and returns `next`, or 0 when the walk is complete.
  std::uint64_t scan(std::uint64_t cursor, std::size_t count,
                     const std::function<void(std::string_view)>& visit) const;

  std::size_t memory_usage() const noexcept;

private:
  struct Slot {
    std::uint32_t position_plus_one;  ///< 0: empty
    std::uint32_t hash;
  };
  static constexpr std::size_t kNone = ~std::size_t{0};
  static constexpr std::size_t kMinCapacity = 8;
  static constexpr std::size_t kMaxMembers = std::size_t{3} << 30;

  static std::uint32_t hash_of(std::string_view member) noexcept;
  std::size_t mask() const noexcept { return capacity_ - 1; }
  std::size_t home(std::uint32_t hash) const noexcept { return hash >> shift_; }
  /// The index slot of `member` (whose hash is `hash`), or kNone.
  std::size_t find_slot(std::string_view member, std::uint32_t hash) const noexcept;
  /// The index slot pointing at position `pos`, whose member hashes to `hash`.
  std::size_t slot_of_position(std::size_t pos, std::uint32_t hash) const noexcept;
  /// Removes the member that index slot `i` points at.
  void remove_slot(std::size_t i);
  /// Puts `slot` into the first empty slot from its home.
  void place(Slot slot) noexcept;
  /// Empties slot `i`, shifting the rest of its run back (no tombstones, so
  /// every member stays between its home and the next empty slot).
  void erase_slot(std::size_t i) noexcept;
  void rehash(std::size_t capacity);
  void shrink_if_sparse();

  std::vector<Member> members_;
  std::unique_ptr<Slot[]> slots_;
  std::size_t capacity_ = 0;  ///< slots; a power of two, or 0 while empty
  unsigned shift_ = 32;       ///< 32 - log2(capacity_)
  std::size_t heap_bytes_ = 0;
};

class Set final : public Aggregate {
public:
  /// The most set-max-intset-entries can do: Redis caps it so, as intsets
  /// address their members with 32-bit offsets.
  static constexpr std::size_t kIntsetEntriesCap = std::size_t{1} << 30;

  /// An empty intset (Redis's createIntsetObject: how SINTERSTORE,
  /// SUNIONSTORE and SDIFFSTORE start their result).
  Set() = default;
  /// An empty set in the encoding Redis's setTypeCreate picks for a set whose
  /// first member will be `first`.
  static std::unique_ptr<Set> for_member(std::string_view first);

  std::string_view encoding() const noexcept override { return is_intset_ ? "intset" : "hashtable"; }
  std::size_t memory_usage() const noexcept override;
  std::unique_ptr<Aggregate> clone() const override;
  std::size_t free_effort() const noexcept override { return is_intset_ ? 1 : table_.size(); }

  bool is_intset() const noexcept { return is_intset_; }
  std::size_t size() const noexcept { return is_intset_ ? ints_.size() : table_.size(); }
  bool empty() const noexcept { return size() == 0; }
  bool contains(std::string_view member) const noexcept;
  /// Adds `member`, converting to a hashtable when Redis would (a member that
  /// is not an integer, or more than `max_intset_entries` of them: Redis's
  /// set-max-intset-entries, read at each write); false if it was there
  /// already.
  bool add(std::string_view member, std::size_t max_intset_entries);
  /// Removes `member`; false if it was not there. Never converts back.
  bool remove(std::string_view member);

  /// The member at dense position `pos` (< size()); an intset's are in
  /// ascending order and formatted into `scratch` (>= 24 bytes).
  std::string_view at(std::size_t pos, char* scratch) const noexcept;
  /// Removes the member at position `pos`: O(1) for a hashtable.
  void remove_at(std::size_t pos);
  /// A uniformly chosen position; the set must not be empty.
  std::size_t random_position(std::mt19937_64& rng) const;

  /// Calls `visit(member)` for every member, in position order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    char scratch[24];
    for (std::size_t i = 0, n = size(); i < n; ++i) visit(at(i, scratch));
  }
  /// One step of SSCAN. An intset is returned whole with cursor 0, as Redis
  /// does for its compact encodings.
  std::uint64_t scan(std::uint64_t cursor, std::size_t count,
                     const std::function<void(std::string_view)>& visit) const;

  void swap(Set& other) noexcept;

private:
  void convert_to_table(std::size_t expected_size);

  bool is_intset_ = true;
  std::vector<std::int64_t> ints_;  // intset: sorted
  MemberTable table_;               // hashtable
};

} // namespace not_redis::detail
