#pragma once
// ZsetListpack: the "listpack" encoding of a Zset, its entries sorted in one
// buffer of exactly their size: [score: 8 raw bytes][LEB128 size][member],
// 25 bytes for a 16-byte member (Redis's listpack: about 28 for the member
// and a short score). Every lookup is a scan, which the entry limit keeps
// short.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace not_redis::detail {

class ZsetListpack {
public:
  /// One entry, viewing the buffer, and where the next one starts.
  struct Entry {
    std::string_view member;
    double score;
    std::size_t offset;
    std::size_t next;
  };

  /// Refuses (as Redis's lpSafeToAdd) to grow past this many bytes: the set
  /// becomes a skiplist instead.
  static constexpr std::size_t kMaxBytes = std::size_t{1} << 30;

  ZsetListpack() noexcept = default;
  ZsetListpack(const ZsetListpack& other);
  ZsetListpack(ZsetListpack&& other) noexcept { swap(other); }
  ZsetListpack& operator=(ZsetListpack&& other) noexcept {
    ZsetListpack(std::move(other)).swap(*this);
    return *this;
  }
  ~ZsetListpack();
  void swap(ZsetListpack& other) noexcept;

  std::size_t size() const noexcept { return count_; }
  std::size_t bytes() const noexcept { return bytes_; }
  static std::size_t entry_bytes(std::size_t member_size) noexcept;
  bool safe_to_add(std::size_t member_size) const noexcept { return bytes_ + entry_bytes(member_size) <= kMaxBytes; }

  Entry entry_at(std::size_t offset) const noexcept;
  /// Offset of the first entry, and one past the last.
  std::size_t begin() const noexcept { return 0; }
  std::size_t end() const noexcept { return bytes_; }
  /// The entry at `rank` (< size()), by a walk from the front.
  Entry at(std::size_t rank) const noexcept;
  /// The entry of `member`, and its rank.
  std::optional<std::pair<Entry, std::size_t>> find(std::string_view member) const noexcept;

  /// The number of leading entries for which below(score, member) holds,
  /// and the offset of the first one for which it does not.
  template <class Below>
  std::pair<std::size_t, std::size_t> partition_point(Below below) const noexcept {
    std::size_t rank = 0;
    std::size_t offset = 0;
    for (; offset < bytes_; ++rank) {
      const Entry entry = entry_at(offset);
      if (!below(entry.score, entry.member)) break;
      offset = entry.next;
    }
    return {rank, offset};
  }

  /// Inserts a member that is not there, in order; throws std::bad_alloc,
  /// unchanged.
  void insert(std::string_view member, double score);
  /// Appends an entry that sorts after every other (building from an ordered
  /// source, after reserve()).
  void append(std::string_view member, double score);
  void reserve(std::size_t bytes);
  /// Gives the entry at `entry.offset` a new score and moves it into order,
  /// in place: the buffer keeps its size, so this cannot fail.
  void assign_score(const Entry& entry, double score) noexcept;
  /// Removes the entries from rank `first` (at `offset`) to rank `last`.
  void erase(std::size_t offset, std::size_t first, std::size_t last) noexcept;

private:
  void resize(std::size_t bytes);
  unsigned char* write_entry(unsigned char* p, std::string_view member, double score) noexcept;

  unsigned char* data_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
};

} // namespace not_redis::detail
