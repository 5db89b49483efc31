#pragma once
// Zset: the value of a sorted-set key, in Redis 7.0's two encodings.
//
// Entries are ordered by (score, member bytes): ties order lexicographically
// by member, as memcmp and then length compare them (Redis's sdscmp), and a
// rank is a position in that order (0 = lowest).
//
// - "listpack": while there are at most zset-max-listpack-entries (128)
//   entries and no member longer than zset-max-listpack-value (64) bytes, the
//   entries lie sorted in one flat buffer; lookups scan it.
// - "skiplist": past either threshold (and never back, except where Redis
//   converts a freshly built result: see fits_listpack()), an order-statistic
//   tree over the entries plus a hash index from member to entry: O(1) score
//   lookup, O(log n) insert, delete, score update and rank, and O(log n + m)
//   for a window of m ranks.
//
// Every operation Redis's commands need is expressed in ranks: a score or lex
// interval becomes the rank range [first_rank(min), end_rank(max)), which
// ZCOUNT counts, ZRANGE visits and ZREMRANGEBY* erases.
//
// The skiplist encoding is ZsetTree (a B+tree of entry pointers with subtree
// counts) and ZsetIndex (open addressing, member -> entry) over one
// ZsetEntry allocation per member. Measured with glibc's mallinfo2 for
// 1,000,000 16-byte members in one key, everything included: 74.6 bytes per
// member with random scores, 70.9 with ascending ones (Redis 7.0: about
// 110-126). A listpack entry of a 16-byte member takes 25 bytes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string_view>

#include "db/object.hpp"
#include "db/zset_index.hpp"
#include "db/zset_listpack.hpp"
#include "db/zset_tree.hpp"

namespace not_redis::detail {

/// A member and its score, viewing bytes owned by a Zset (valid until it
/// changes).
struct ScoredMember {
  std::string_view member;
  double score;
};

/// zset-max-listpack-entries and zset-max-listpack-value, read at each write.
struct ZsetLimits {
  std::size_t max_entries = 128;
  std::size_t max_value = 64;
};

/// One end of a score interval: `value` itself included unless `exclusive`
/// ("(1.5"); -inf and +inf are plain values.
struct ScoreBound {
  double value;
  bool exclusive = false;
};

/// One end of a lex interval: "-" (minus_infinity), "+" (plus_infinity),
/// "[member" or "(member" (exclusive).
struct LexBound {
  enum class Kind : std::uint8_t { minus_infinity, plus_infinity, member };
  Kind kind = Kind::member;
  std::string_view member;
  bool exclusive = false;
};

class Zset final : public Aggregate {
public:
  /// An empty sorted set in the encoding Redis's zsetTypeCreate(size_hint,
  /// value_len_hint) picks: a listpack if `size_hint` entries of
  /// `longest_member` bytes fit the limits, else a skiplist (ZADD passes its
  /// number of score/member pairs and its longest member).
  static std::unique_ptr<Zset> create(std::size_t size_hint, std::size_t longest_member, const ZsetLimits& limits);
  /// An empty skiplist, whatever the limits: Redis's createZsetObject(), in
  /// which the set operations build their result (so a -0 score survives
  /// until the result is stored and converted; see fits_listpack()).
  static std::unique_ptr<Zset> create_skiplist(std::size_t size_hint);

  std::string_view encoding() const noexcept override;
  std::size_t memory_usage() const noexcept override;
  std::unique_ptr<Aggregate> clone() const override;
  /// 1 for a listpack, the number of entries for a skiplist (as Redis counts).
  std::size_t free_effort() const noexcept override;

  bool is_listpack() const noexcept;
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }

  /// The score of `member`, if it is there. O(1) for a skiplist.
  std::optional<double> score(std::string_view member) const noexcept;
  /// Adds `member` with `score`, or moves it to `score`; true if it was added.
  /// Converts to a skiplist when Redis 7.0 does: before adding a member longer
  /// than limits.max_value, or once the set has more than limits.max_entries.
  /// `score` is never NaN (the commands refuse it first).
  bool insert_or_assign(std::string_view member, double score, const ZsetLimits& limits);
  /// Removes `member`; false if it was not there. The encoding stays.
  bool erase(std::string_view member) noexcept;

  /// The rank of `member` in ascending order, if it is there. O(log n).
  std::optional<std::size_t> rank(std::string_view member) const noexcept;
  /// The entry at `rank` (< size()). O(log n).
  ScoredMember at(std::size_t rank) const noexcept;

  /// The first rank whose score is inside `min` (>= min, or > min if
  /// exclusive): the number of entries below the interval.
  std::size_t first_rank(ScoreBound min) const noexcept;
  /// One past the last rank whose score is inside `max` (<= max, or < max).
  std::size_t end_rank(ScoreBound max) const noexcept;
  /// The same for a lex interval, comparing members only, as Redis's lex
  /// commands do (they assume every score is equal; with different scores the
  /// answer is a partition point of the ordered entries, like Redis's).
  std::size_t first_rank(const LexBound& min) const noexcept;
  std::size_t end_rank(const LexBound& max) const noexcept;

  /// Calls visit(entry) for ranks first..last-1 in ascending order, or
  /// last-1..first descending if `reverse`; O(log n + m). visit returns false
  /// to stop early. The set must not change during the walk.
  void for_each_in_ranks(std::size_t first, std::size_t last, bool reverse,
                         const std::function<bool(ScoredMember)>& visit) const;
  /// Calls visit(entry) for every entry, in an order of the encoding's
  /// choosing (the cheapest walk; set operations do not need ranks).
  void for_each(const std::function<void(ScoredMember)>& visit) const;
  /// Removes ranks first..last-1; O(log n + m). The encoding stays.
  void erase_ranks(std::size_t first, std::size_t last) noexcept;

  /// One step of ZSCAN: a skiplist visits at least `count` entries (all of
  /// them whose member hashes fall in [cursor, next)) and returns `next`, or 0
  /// when the walk is complete, with SCAN's guarantee across growth and
  /// removals; a listpack is visited whole, with next cursor 0, as Redis does.
  std::uint64_t scan(std::uint64_t cursor, std::size_t count, const std::function<void(ScoredMember)>& visit) const;

  /// Whether a set of `entries` entries whose longest member is
  /// `longest_member` bytes would be a listpack under `limits`: Redis's
  /// zsetConvertToListpackIfNeeded test, which the store commands (ZUNIONSTORE,
  /// ZRANGESTORE...) apply to the result they built.
  static bool fits_listpack(std::size_t entries, std::size_t longest_member, const ZsetLimits& limits) noexcept;
  /// Converts a skiplist to a listpack (the entries stay); for the store
  /// commands, after fits_listpack() said yes.
  void convert_to_listpack();
  /// Converts a listpack to a skiplist (SORT does, as Redis's zsetConvert).
  void convert_to_skiplist();

  ~Zset() override;
  Zset(const Zset& other);
  Zset& operator=(const Zset&) = delete;

private:
  Zset() = default;
  /// Orders every predicate below as a partition point of the entries:
  /// below(score, member) must hold for a prefix of the order. `member` is
  /// a callable giving the member's bytes, so score tests never read them.
  template <class Below>
  std::size_t partition_point(Below below) const noexcept;
  bool insert_into_skiplist(std::string_view member, double score);
  /// Moves `entry` to `score`: in place if its rank stays, else insert, then
  /// erase the old place (the only allocation comes before any change).
  void assign_score(ZsetEntry* entry, double score);
  /// Adds a member sorting after every other (copies and conversions).
  void append_to_skiplist(std::string_view member, double score);
  std::size_t skiplist_rank(const ZsetEntry& entry) const noexcept;
  void free_entries() noexcept;
  void swap(Zset& other) noexcept;

  bool is_listpack_ = true;
  ZsetListpack listpack_;
  // The skiplist encoding: one ZsetEntry per member, in tree_'s order and
  // in index_'s hash table.
  ZsetTree tree_;
  ZsetIndex index_;
  std::size_t entry_bytes_ = 0;
};

} // namespace not_redis::detail
