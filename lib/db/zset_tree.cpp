#include "db/zset_tree.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace not_redis::detail {

// Entries live at 16-byte boundaries: the hash index keeps 4 bits of hash in
// the low bits of its pointers.
static_assert(__STDCPP_DEFAULT_NEW_ALIGNMENT__ >= 16);

ZsetEntry* ZsetEntry::make(std::string_view member, double score, std::uint32_t hash) {
  if (member.size() > UINT32_MAX) throw std::bad_alloc();
  auto* entry = static_cast<ZsetEntry*>(::operator new(sizeof(ZsetEntry) + member.size()));
  entry->score = score;
  entry->hash = hash;
  entry->size = static_cast<std::uint32_t>(member.size());
  if (!member.empty()) std::memcpy(entry + 1, member.data(), member.size());
  return entry;
}

void ZsetEntry::destroy(ZsetEntry* entry) noexcept { ::operator delete(entry); }

namespace {

constexpr unsigned kLeafMinimum = ZsetTree::kLeafCapacity / 3;
constexpr unsigned kInnerMinimum = ZsetTree::kInnerCapacity / 3;

/// How many of the 61 entries a full leaf keeps when the entry at `pos`
/// splits it. At an end of the tree the full side stays full: sequential
/// inserts then fill every leaf, where halving would leave them half empty.
/// (Inner nodes always split in half, so that every inner node but the root
/// has kInnerMinimum children, and an underfull child a sibling to lean on.)
unsigned leaf_split_point(std::size_t pos, bool left_edge, bool right_edge) noexcept {
  if (right_edge && pos == ZsetTree::kLeafCapacity) return ZsetTree::kLeafCapacity;
  if (left_edge && pos == 0) return 1;
  return (ZsetTree::kLeafCapacity + 1) / 2;
}

} // namespace

ZsetTree::Spares::~Spares() = default;

ZsetTree::~ZsetTree() {
  if (root_ != nullptr) free_subtree(root_, height_ - 1);
}

void ZsetTree::swap(ZsetTree& other) noexcept {
  std::swap(root_, other.root_);
  std::swap(height_, other.height_);
  std::swap(size_, other.size_);
  std::swap(leaves_, other.leaves_);
  std::swap(inners_, other.inners_);
}

void ZsetTree::free_subtree(void* node, unsigned level) noexcept {
  if (level == 0) {
    delete static_cast<Leaf*>(node);
    return;
  }
  auto* inner = static_cast<Inner*>(node);
  for (unsigned i = 0; i < inner->size; ++i) free_subtree(inner->children[i], level - 1);
  delete inner;
}

std::size_t ZsetTree::memory_usage() const noexcept { return leaves_ * sizeof(Leaf) + inners_ * sizeof(Inner); }

// --- node bookkeeping --------------------------------------------------------------

// Child-array bookkeeping of inner nodes, shared by insertion and erasure.
struct ZsetTreeNodes {
  using Leaf = ZsetTree::Leaf;
  using Inner = ZsetTree::Inner;

  static std::size_t total(const void* node, unsigned level) noexcept {
    if (level == 0) return static_cast<const Leaf*>(node)->size;
    const auto* inner = static_cast<const Inner*>(node);
    std::size_t total = 0;
    for (unsigned i = 0; i < inner->size; ++i) total += inner->counts[i];
    return total;
  }
  static unsigned width(const void* node, unsigned level) noexcept {
    return level == 0 ? static_cast<const Leaf*>(node)->size : static_cast<const Inner*>(node)->size;
  }
  /// Copies child `i`'s smallest entry and score into its parent's slot.
  static void refresh_min(Inner* parent, unsigned i, unsigned child_level) noexcept {
    if (child_level == 0) {
      const auto* leaf = static_cast<const Leaf*>(parent->children[i]);
      if (leaf->size == 0) return;  // about to merge away
      parent->mins[i] = leaf->entries[0];
      parent->min_scores[i] = leaf->entries[0]->score;
    } else {
      const auto* inner = static_cast<const Inner*>(parent->children[i]);
      parent->mins[i] = inner->mins[0];
      parent->min_scores[i] = inner->min_scores[0];
    }
  }
  static void set_child(Inner* parent, unsigned i, void* child, unsigned child_level) noexcept {
    parent->children[i] = child;
    parent->counts[i] = total(child, child_level);
    refresh_min(parent, i, child_level);
  }
  /// Moves children [from, from + n) of `source` to position `to` of `target`
  /// (which has room; the slots there must be free), keeping their sums.
  static void move_children(Inner* source, unsigned from, Inner* target, unsigned to, unsigned n) noexcept {
    std::memmove(target->counts + to, source->counts + from, n * sizeof(std::size_t));
    std::memmove(target->min_scores + to, source->min_scores + from, n * sizeof(double));
    std::memmove(target->mins + to, source->mins + from, n * sizeof(ZsetEntry*));
    std::memmove(target->children + to, source->children + from, n * sizeof(void*));
  }
  /// Opens (`by` > 0) or closes (`by` < 0) a gap in `node`'s children at `pos`.
  static void shift_children(Inner* node, unsigned pos, int by) noexcept {
    const unsigned n = node->size - pos;
    move_children(node, pos, node, static_cast<unsigned>(static_cast<int>(pos) + by), n);
    node->size = static_cast<std::uint32_t>(static_cast<int>(node->size) + by);
  }
};
using Nodes = ZsetTreeNodes;

// --- lookups -------------------------------------------------------------------------

std::pair<ZsetTree::Leaf*, std::size_t> ZsetTree::find_rank(std::size_t rank) const noexcept {
  void* node = root_;
  for (unsigned level = height_ - 1; level > 0; --level) {
    const auto* inner = static_cast<const Inner*>(node);
    unsigned i = 0;
    while (rank >= inner->counts[i]) rank -= inner->counts[i++];
    node = inner->children[i];
  }
  return {static_cast<Leaf*>(node), rank};
}

std::pair<unsigned, std::size_t> ZsetTree::child_for_insert(const Inner* node, std::size_t rank) noexcept {
  // A rank between two children goes to the end of the first.
  unsigned i = 0;
  while (i + 1 < node->size && rank > node->counts[i]) rank -= node->counts[i++];
  return {i, rank};
}

void ZsetTree::refresh_score(std::size_t rank) noexcept {
  const ZsetEntry* entry = at(rank);
  void* node = root_;
  for (unsigned level = height_ - 1; level > 0; --level) {
    auto* inner = static_cast<Inner*>(node);
    unsigned i = 0;
    while (rank >= inner->counts[i]) rank -= inner->counts[i++];
    // The entry may be the copied minimum of any of its ancestors.
    if (inner->mins[i] == entry) inner->min_scores[i] = entry->score;
    node = inner->children[i];
  }
}

// --- insertion -----------------------------------------------------------------------

ZsetTree::Spares ZsetTree::prepare_insert(std::size_t rank) const {
  Spares spares;
  if (root_ == nullptr) {
    spares.leaf_ = std::make_unique<Leaf>();
    return spares;
  }
  // A split climbs through full nodes only: count the full ones above the leaf.
  bool full[kMaxHeight];
  const void* node = root_;
  for (unsigned level = height_ - 1; level > 0; --level) {
    const auto* inner = static_cast<const Inner*>(node);
    full[level] = inner->size == kInnerCapacity;
    const auto [child, child_rank] = child_for_insert(inner, rank);
    rank = child_rank;
    node = inner->children[child];
  }
  if (static_cast<const Leaf*>(node)->size < kLeafCapacity) return spares;
  spares.leaf_ = std::make_unique<Leaf>();
  unsigned level = 1;
  for (; level < height_ && full[level]; ++level) spares.inners_[spares.inner_count_++] = std::make_unique<Inner>();
  if (level == height_) spares.inners_[spares.inner_count_++] = std::make_unique<Inner>();  // a new root
  return spares;
}

void ZsetTree::insert(std::size_t rank, ZsetEntry* entry, Spares& spares) noexcept {
  ++size_;
  if (root_ == nullptr) {
    Leaf* leaf = spares.leaf_.release();
    ++leaves_;
    leaf->entries[0] = entry;
    leaf->size = 1;
    root_ = leaf;
    height_ = 1;
    return;
  }
  void* split = insert_into(root_, height_ - 1, rank, entry, spares, true, true);
  if (split == nullptr) return;
  Inner* root = spares.inners_[--spares.inner_count_].release();
  ++inners_;
  root->size = 2;
  Nodes::set_child(root, 0, root_, height_ - 1);
  Nodes::set_child(root, 1, split, height_ - 1);
  root_ = root;
  ++height_;
}

void* ZsetTree::insert_into(void* node, unsigned level, std::size_t rank, ZsetEntry* entry, Spares& spares,
                            bool left_edge, bool right_edge) noexcept {
  if (level == 0) return insert_into_leaf(static_cast<Leaf*>(node), rank, entry, spares, left_edge, right_edge);
  auto* inner = static_cast<Inner*>(node);
  const auto [i, child_rank] = child_for_insert(inner, rank);
  void* split = insert_into(inner->children[i], level - 1, child_rank, entry, spares, left_edge && i == 0,
                            right_edge && i + 1 == inner->size);
  Nodes::set_child(inner, i, inner->children[i], level - 1);
  if (split == nullptr) return nullptr;
  return insert_child(inner, i + 1, split, level - 1, spares);
}

ZsetTree::Leaf* ZsetTree::insert_into_leaf(Leaf* leaf, std::size_t pos, ZsetEntry* entry, Spares& spares,
                                           bool left_edge, bool right_edge) noexcept {
  if (leaf->size < kLeafCapacity) {
    std::memmove(leaf->entries + pos + 1, leaf->entries + pos, (leaf->size - pos) * sizeof(ZsetEntry*));
    leaf->entries[pos] = entry;
    ++leaf->size;
    return nullptr;
  }
  ZsetEntry* all[kLeafCapacity + 1];
  std::copy_n(leaf->entries, pos, all);
  all[pos] = entry;
  std::copy(leaf->entries + pos, leaf->entries + kLeafCapacity, all + pos + 1);
  const unsigned keep = leaf_split_point(pos, left_edge, right_edge);
  Leaf* right = spares.leaf_.release();
  ++leaves_;
  std::copy_n(all, keep, leaf->entries);
  std::copy(all + keep, all + kLeafCapacity + 1, right->entries);
  leaf->size = keep;
  right->size = kLeafCapacity + 1 - keep;
  right->prev = leaf;
  right->next = leaf->next;
  if (leaf->next != nullptr) leaf->next->prev = right;
  leaf->next = right;
  return right;
}

ZsetTree::Inner* ZsetTree::insert_child(Inner* node, unsigned pos, void* child, unsigned child_level,
                                        Spares& spares) noexcept {
  if (node->size < kInnerCapacity) {
    Nodes::shift_children(node, pos, 1);
    Nodes::set_child(node, pos, child, child_level);
    return nullptr;
  }
  Inner* right = spares.inners_[--spares.inner_count_].release();
  ++inners_;
  constexpr unsigned keep = (kInnerCapacity + 1) / 2;
  // Lay the capacity + 1 children out over the two nodes, the new one at `pos`.
  right->size = 0;
  if (pos < keep) {
    Nodes::move_children(node, keep - 1, right, 0, kInnerCapacity - keep + 1);
    right->size = kInnerCapacity - keep + 1;
    node->size = keep - 1;
    Nodes::shift_children(node, pos, 1);
    Nodes::set_child(node, pos, child, child_level);
  } else {
    Nodes::move_children(node, keep, right, 0, kInnerCapacity - keep);
    right->size = kInnerCapacity - keep;
    node->size = keep;
    Nodes::shift_children(right, pos - keep, 1);
    Nodes::set_child(right, pos - keep, child, child_level);
  }
  return right;
}

// --- erasure -------------------------------------------------------------------------

void ZsetTree::erase(std::size_t first, std::size_t last, void* context, DisposeFn dispose) noexcept {
  // One leaf's share of the range at a time: O(log n) for each of the m / 20
  // or so leaves, O(1) for each entry.
  while (first < last) {
    const std::size_t removed = erase_in_leaf(root_, height_ - 1, first, last - first, context, dispose);
    size_ -= removed;
    last -= removed;
    while (height_ > 1 && static_cast<Inner*>(root_)->size == 1) {
      auto* old_root = static_cast<Inner*>(root_);
      root_ = old_root->children[0];
      delete old_root;
      --inners_;
      --height_;
    }
    if (height_ == 1 && static_cast<Leaf*>(root_)->size == 0) {
      delete static_cast<Leaf*>(root_);
      --leaves_;
      root_ = nullptr;
      height_ = 0;
    }
  }
}

std::size_t ZsetTree::erase_in_leaf(void* node, unsigned level, std::size_t rank, std::size_t n, void* context,
                                    DisposeFn dispose) noexcept {
  if (level == 0) {
    auto* leaf = static_cast<Leaf*>(node);
    const std::size_t removed = std::min<std::size_t>(n, leaf->size - rank);
    for (std::size_t i = rank; i < rank + removed; ++i) dispose(context, leaf->entries[i]);
    std::memmove(leaf->entries + rank, leaf->entries + rank + removed,
                 (leaf->size - rank - removed) * sizeof(ZsetEntry*));
    leaf->size -= static_cast<std::uint32_t>(removed);
    return removed;
  }
  auto* inner = static_cast<Inner*>(node);
  unsigned i = 0;
  while (rank >= inner->counts[i]) rank -= inner->counts[i++];
  const std::size_t removed = erase_in_leaf(inner->children[i], level - 1, rank, n, context, dispose);
  inner->counts[i] -= removed;
  Nodes::refresh_min(inner, i, level - 1);
  const unsigned minimum = level - 1 == 0 ? kLeafMinimum : kInnerMinimum;
  if (Nodes::width(inner->children[i], level - 1) < minimum) rebalance(inner, i, level - 1);
  return removed;
}

void ZsetTree::rebalance(Inner* node, unsigned child, unsigned child_level) noexcept {
  if (node->size < 2) return;  // a root with one child: erase() lifts the child
  const unsigned a = child + 1 < node->size ? child : child - 1;
  const unsigned b = a + 1;
  const unsigned a_width = Nodes::width(node->children[a], child_level);
  const unsigned b_width = Nodes::width(node->children[b], child_level);
  const unsigned capacity = child_level == 0 ? kLeafCapacity : kInnerCapacity;
  const bool merge = a_width + b_width <= capacity;
  // After a merge everything is in `a`; otherwise both get half.
  const unsigned a_target = merge ? a_width + b_width : (a_width + b_width) / 2;
  if (child_level == 0) {
    auto* left = static_cast<Leaf*>(node->children[a]);
    auto* right = static_cast<Leaf*>(node->children[b]);
    if (a_width < a_target) {
      const unsigned moved = a_target - a_width;
      std::copy_n(right->entries, moved, left->entries + a_width);
      std::memmove(right->entries, right->entries + moved, (b_width - moved) * sizeof(ZsetEntry*));
    } else {
      const unsigned moved = a_width - a_target;
      std::memmove(right->entries + moved, right->entries, b_width * sizeof(ZsetEntry*));
      std::copy_n(left->entries + a_target, moved, right->entries);
    }
    right->size = a_width + b_width - a_target;
    left->size = a_target;
    if (merge) {
      left->next = right->next;
      if (right->next != nullptr) right->next->prev = left;
      delete right;
      --leaves_;
    }
  } else {
    auto* left = static_cast<Inner*>(node->children[a]);
    auto* right = static_cast<Inner*>(node->children[b]);
    if (a_width < a_target) {
      const unsigned moved = a_target - a_width;
      Nodes::move_children(right, 0, left, a_width, moved);
      left->size = a_target;
      Nodes::shift_children(right, moved, -static_cast<int>(moved));
    } else {
      const unsigned moved = a_width - a_target;
      Nodes::shift_children(right, 0, static_cast<int>(moved));
      Nodes::move_children(left, a_target, right, 0, moved);
      left->size = a_target;
    }
    if (merge) {
      delete right;
      --inners_;
    }
  }
  Nodes::set_child(node, a, node->children[a], child_level);
  if (merge) Nodes::shift_children(node, b + 1, -1);
  else Nodes::set_child(node, b, node->children[b], child_level);
}

} // namespace not_redis::detail
