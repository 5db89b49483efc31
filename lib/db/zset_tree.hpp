#pragma once
// ZsetTree: the order of a skiplist-encoded Zset, an order-statistic B+tree
// of entry pointers.
//
// Leaves hold up to 60 entry pointers in order and are linked both ways, so a
// window of ranks is one descent and then a walk. Inner nodes keep, for each
// child, its number of entries and its smallest entry with that entry's
// score: a descent by rank reads counts only, and a descent by score compares
// the copied scores without touching the entries (a lex descent reads the
// members). Entries live outside the tree (ZsetEntry), shared with the hash
// index; the tree never owns or frees them.
//
// A leaf split at an end of the tree keeps the full side full (ascending or
// descending inserts leave leaves 100% full, random ones about 70%); a node
// that falls under a third full after an erase merges with or borrows from a
// sibling. An insertion needs at most one new node per level, allocated
// before the tree changes (prepare_insert), so a failed allocation leaves the
// tree as it was and insert() itself cannot fail.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

namespace not_redis::detail {

/// One member of a skiplist-encoded Zset, in one allocation of 16 + size
/// bytes: [score][32-bit hash of the member][size][member bytes]. A 16-byte
/// member takes one 48-byte malloc chunk.
struct ZsetEntry {
  double score;
  std::uint32_t hash;
  std::uint32_t size;

  /// Throws std::bad_alloc.
  static ZsetEntry* make(std::string_view member, double score, std::uint32_t hash);
  static void destroy(ZsetEntry* entry) noexcept;
  std::string_view member() const noexcept { return {reinterpret_cast<const char*>(this + 1), size}; }
  std::size_t allocation_size() const noexcept { return sizeof(ZsetEntry) + size; }
};
static_assert(sizeof(ZsetEntry) == 16);

/// The sorted-set order: by score, ties by member bytes (std::string_view's
/// comparison is memcmp-then-length, as Redis's sdscmp).
inline bool key_less(double score, std::string_view member, double other_score, std::string_view other) noexcept {
  return score < other_score || (score == other_score && member < other);
}

class ZsetTree {
  struct Leaf;
  struct Inner;
  friend struct ZsetTreeNodes;

public:
  static constexpr unsigned kLeafCapacity = 60;  // a 504-byte node: one 512-byte malloc chunk
  static constexpr unsigned kInnerCapacity = 16;
  static constexpr unsigned kMaxHeight = 40;     // a third-full tree of 2^64 entries is shallower

  /// The nodes one insertion may need (see prepare_insert); frees what it
  /// did not use.
  class Spares {
  public:
    Spares() noexcept = default;
    Spares(Spares&&) noexcept = default;
    Spares& operator=(Spares&&) noexcept = default;
    ~Spares();

  private:
    friend class ZsetTree;
    std::unique_ptr<Leaf> leaf_;
    std::unique_ptr<Inner> inners_[kMaxHeight + 1];
    unsigned inner_count_ = 0;
  };

  ZsetTree() noexcept = default;
  ZsetTree(ZsetTree&& other) noexcept { swap(other); }
  ZsetTree& operator=(ZsetTree&& other) noexcept {
    ZsetTree(std::move(other)).swap(*this);
    return *this;
  }
  ZsetTree(const ZsetTree&) = delete;
  ZsetTree& operator=(const ZsetTree&) = delete;
  ~ZsetTree();

  void swap(ZsetTree& other) noexcept;

  std::size_t size() const noexcept { return size_; }
  /// The entry at `rank` (< size()).
  ZsetEntry* at(std::size_t rank) const noexcept {
    const auto [leaf, pos] = find_rank(rank);
    return leaf->entries[pos];
  }

  /// The number of leading entries for which below(score, entry) holds; it
  /// must hold for a prefix of the order. `score` is the entry's, read from
  /// the tree's copy where there is one, so a predicate that looks only at
  /// scores never touches the entries above the leaves.
  template <class Below>
  std::size_t partition_point(Below below) const noexcept;

  /// Allocates the nodes that inserting at `rank` will need; throws
  /// std::bad_alloc with the tree unchanged.
  Spares prepare_insert(std::size_t rank) const;
  /// Inserts `entry` at `rank` (<= size()), with the nodes prepare_insert
  /// gave for that rank on the tree as it is now.
  void insert(std::size_t rank, ZsetEntry* entry, Spares& spares) noexcept;
  /// Removes ranks first..last-1, calling dispose(entry) for each as it goes
  /// (the entries after it may still be read until their turn).
  template <class Dispose>
  void erase(std::size_t first, std::size_t last, Dispose&& dispose) noexcept {
    erase(first, last, &dispose, [](void* context, ZsetEntry* entry) { (*static_cast<Dispose*>(context))(entry); });
  }
  void erase(std::size_t first, std::size_t last) noexcept {
    erase(first, last, [](ZsetEntry*) {});
  }
  /// Takes the new score of the entry at `rank`, changed where its rank stays.
  void refresh_score(std::size_t rank) noexcept;

  /// Calls visit(entry) for ranks first..last-1 (<= size()), ascending or
  /// descending; stops when visit returns false.
  template <class Visit>
  void for_each_in_ranks(std::size_t first, std::size_t last, bool reverse, Visit&& visit) const;

  /// Heap bytes of the nodes (not the entries).
  std::size_t memory_usage() const noexcept;

private:
  struct Leaf {
    std::uint32_t size = 0;
    Leaf* prev = nullptr;
    Leaf* next = nullptr;
    ZsetEntry* entries[kLeafCapacity];
  };
  struct Inner {
    std::uint32_t size = 0;
    std::size_t counts[kInnerCapacity];
    double min_scores[kInnerCapacity];
    ZsetEntry* mins[kInnerCapacity];
    void* children[kInnerCapacity];
  };
  static_assert(sizeof(Leaf) == 504);

  std::pair<Leaf*, std::size_t> find_rank(std::size_t rank) const noexcept;
  /// The child an insertion at `rank` goes to, and the rank inside it.
  static std::pair<unsigned, std::size_t> child_for_insert(const Inner* node, std::size_t rank) noexcept;
  void* insert_into(void* node, unsigned level, std::size_t rank, ZsetEntry* entry, Spares& spares, bool left_edge,
                    bool right_edge) noexcept;
  Leaf* insert_into_leaf(Leaf* leaf, std::size_t pos, ZsetEntry* entry, Spares& spares, bool left_edge,
                         bool right_edge) noexcept;
  Inner* insert_child(Inner* node, unsigned pos, void* child, unsigned child_level, Spares& spares) noexcept;
  using DisposeFn = void (*)(void* context, ZsetEntry* entry);
  void erase(std::size_t first, std::size_t last, void* context, DisposeFn dispose) noexcept;
  std::size_t erase_in_leaf(void* node, unsigned level, std::size_t rank, std::size_t n, void* context,
                            DisposeFn dispose) noexcept;
  void rebalance(Inner* node, unsigned child, unsigned child_level) noexcept;
  void free_subtree(void* node, unsigned level) noexcept;

  void* root_ = nullptr;
  unsigned height_ = 0;  ///< 0: empty; 1: the root is a leaf
  std::size_t size_ = 0;
  std::size_t leaves_ = 0;
  std::size_t inners_ = 0;
};

template <class Below>
std::size_t ZsetTree::partition_point(Below below) const noexcept {
  if (root_ == nullptr) return 0;
  std::size_t rank = 0;
  const void* node = root_;
  for (unsigned level = height_ - 1; level > 0; --level) {
    const auto* inner = static_cast<const Inner*>(node);
    // Children before the last one whose smallest entry is below are wholly
    // below; the ones after it wholly not.
    unsigned lo = 1;
    unsigned hi = inner->size;
    while (lo < hi) {
      const unsigned mid = (lo + hi) / 2;
      if (below(inner->min_scores[mid], static_cast<const ZsetEntry*>(inner->mins[mid]))) lo = mid + 1;
      else hi = mid;
    }
    for (unsigned i = 0; i + 1 < lo; ++i) rank += inner->counts[i];
    node = inner->children[lo - 1];
  }
  const auto* leaf = static_cast<const Leaf*>(node);
  std::size_t lo = 0;
  std::size_t hi = leaf->size;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const ZsetEntry* entry = leaf->entries[mid];
    if (below(entry->score, entry)) lo = mid + 1;
    else hi = mid;
  }
  return rank + lo;
}

template <class Visit>
void ZsetTree::for_each_in_ranks(std::size_t first, std::size_t last, bool reverse, Visit&& visit) const {
  if (first >= last) return;
  std::size_t remaining = last - first;
  auto [leaf, pos] = find_rank(reverse ? last - 1 : first);
  for (;;) {
    if (!visit(static_cast<const ZsetEntry*>(leaf->entries[pos])) || --remaining == 0) return;
    if (!reverse && ++pos == leaf->size) {
      leaf = leaf->next;
      pos = 0;
    } else if (reverse && pos-- == 0) {
      leaf = leaf->prev;
      pos = leaf->size - 1;
    }
  }
}

} // namespace not_redis::detail
