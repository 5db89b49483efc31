#include "db/zset.hpp"

#include <algorithm>
#include <new>
#include <utility>
#include <vector>

namespace not_redis::detail {

// --- construction --------------------------------------------------------------

std::unique_ptr<Zset> Zset::create(std::size_t size_hint, std::size_t longest_member, const ZsetLimits& limits) {
  std::unique_ptr<Zset> zset(new Zset());
  if (!fits_listpack(size_hint, longest_member, limits)) {
    zset->is_listpack_ = false;
    zset->index_.reserve(size_hint);
  }
  return zset;
}

std::unique_ptr<Zset> Zset::create_skiplist(std::size_t size_hint) {
  std::unique_ptr<Zset> zset(new Zset());
  zset->is_listpack_ = false;
  zset->index_.reserve(size_hint);
  return zset;
}

bool Zset::fits_listpack(std::size_t entries, std::size_t longest_member, const ZsetLimits& limits) noexcept {
  return entries <= limits.max_entries && longest_member <= limits.max_value;
}

Zset::Zset(const Zset& other) : is_listpack_(other.is_listpack_), listpack_(other.listpack_) {
  if (is_listpack_) return;
  try {
    index_.reserve(other.size());
    other.tree_.for_each_in_ranks(0, other.size(), false, [&](const ZsetEntry* entry) {
      append_to_skiplist(entry->member(), entry->score);
      return true;
    });
  } catch (...) {
    free_entries();
    throw;
  }
}

Zset::~Zset() { free_entries(); }

void Zset::free_entries() noexcept {
  tree_.for_each_in_ranks(0, tree_.size(), false, [](const ZsetEntry* entry) {
    ZsetEntry::destroy(const_cast<ZsetEntry*>(entry));
    return true;
  });
}

void Zset::swap(Zset& other) noexcept {
  std::swap(is_listpack_, other.is_listpack_);
  listpack_.swap(other.listpack_);
  tree_.swap(other.tree_);
  index_.swap(other.index_);
  std::swap(entry_bytes_, other.entry_bytes_);
}

std::unique_ptr<Aggregate> Zset::clone() const { return std::unique_ptr<Zset>(new Zset(*this)); }

void Zset::append_to_skiplist(std::string_view member, double score) {
  ZsetEntry* entry = ZsetEntry::make(member, score, ZsetIndex::hash_of(member));
  try {
    index_.reserve(index_.size() + 1);
    ZsetTree::Spares spares = tree_.prepare_insert(tree_.size());
    index_.insert(entry);
    tree_.insert(tree_.size(), entry, spares);
  } catch (...) {
    ZsetEntry::destroy(entry);
    throw;
  }
  entry_bytes_ += entry->allocation_size();
}

void Zset::convert_to_listpack() {
  if (is_listpack_) return;
  ZsetListpack listpack;
  std::size_t bytes = 0;
  for_each([&](ScoredMember entry) { bytes += ZsetListpack::entry_bytes(entry.member.size()); });
  listpack.reserve(bytes);
  for_each_in_ranks(0, size(), false, [&](ScoredMember entry) {
    listpack.append(entry.member, entry.score);
    return true;
  });
  Zset converted;
  converted.listpack_.swap(listpack);
  swap(converted);
}

void Zset::convert_to_skiplist() {
  if (!is_listpack_) return;
  Zset converted;
  converted.is_listpack_ = false;
  converted.index_.reserve(size());
  for_each_in_ranks(0, size(), false, [&](ScoredMember entry) {
    converted.append_to_skiplist(entry.member, entry.score);
    return true;
  });
  swap(converted);
}

// --- queries -------------------------------------------------------------------

std::string_view Zset::encoding() const noexcept { return is_listpack_ ? "listpack" : "skiplist"; }

bool Zset::is_listpack() const noexcept { return is_listpack_; }

std::size_t Zset::size() const noexcept { return is_listpack_ ? listpack_.size() : tree_.size(); }

std::size_t Zset::free_effort() const noexcept { return is_listpack_ ? 1 : tree_.size(); }

std::size_t Zset::memory_usage() const noexcept {
  if (is_listpack_) return sizeof(Zset) + listpack_.bytes();
  return sizeof(Zset) + tree_.memory_usage() + index_.memory_usage() + entry_bytes_;
}

template <class Below>
std::size_t Zset::partition_point(Below below) const noexcept {
  if (is_listpack_)
    return listpack_.partition_point([&](double score, std::string_view member) {
      return below(score, [member] { return member; });
    }).first;
  return tree_.partition_point([&](double score, const ZsetEntry* entry) {
    return below(score, [entry] { return entry->member(); });
  });
}

std::optional<double> Zset::score(std::string_view member) const noexcept {
  if (is_listpack_) {
    const auto found = listpack_.find(member);
    if (!found) return std::nullopt;
    return found->first.score;
  }
  const ZsetEntry* entry = index_.find(member, ZsetIndex::hash_of(member));
  if (entry == nullptr) return std::nullopt;
  return entry->score;
}

std::size_t Zset::skiplist_rank(const ZsetEntry& entry) const noexcept {
  return tree_.partition_point([&](double score, const ZsetEntry* other) {
    return key_less(score, other->member(), entry.score, entry.member());
  });
}

std::optional<std::size_t> Zset::rank(std::string_view member) const noexcept {
  if (is_listpack_) {
    const auto found = listpack_.find(member);
    if (!found) return std::nullopt;
    return found->second;
  }
  const ZsetEntry* entry = index_.find(member, ZsetIndex::hash_of(member));
  if (entry == nullptr) return std::nullopt;
  return skiplist_rank(*entry);
}

ScoredMember Zset::at(std::size_t rank) const noexcept {
  if (is_listpack_) {
    const ZsetListpack::Entry entry = listpack_.at(rank);
    return {entry.member, entry.score};
  }
  const ZsetEntry* entry = tree_.at(rank);
  return {entry->member(), entry->score};
}

std::size_t Zset::first_rank(ScoreBound min) const noexcept {
  return partition_point([&](double score, auto) { return min.exclusive ? score <= min.value : score < min.value; });
}

std::size_t Zset::end_rank(ScoreBound max) const noexcept {
  return partition_point([&](double score, auto) { return max.exclusive ? score < max.value : score <= max.value; });
}

std::size_t Zset::first_rank(const LexBound& min) const noexcept {
  if (min.kind == LexBound::Kind::minus_infinity) return 0;
  if (min.kind == LexBound::Kind::plus_infinity) return size();
  return partition_point([&](double, auto member) {
    return min.exclusive ? member() <= min.member : member() < min.member;
  });
}

std::size_t Zset::end_rank(const LexBound& max) const noexcept {
  if (max.kind == LexBound::Kind::minus_infinity) return 0;
  if (max.kind == LexBound::Kind::plus_infinity) return size();
  return partition_point([&](double, auto member) {
    return max.exclusive ? member() < max.member : member() <= max.member;
  });
}

void Zset::for_each_in_ranks(std::size_t first, std::size_t last, bool reverse,
                             const std::function<bool(ScoredMember)>& visit) const {
  last = std::min(last, size());
  if (first >= last) return;
  if (!is_listpack_) {
    tree_.for_each_in_ranks(first, last, reverse, [&](const ZsetEntry* entry) {
      return visit({entry->member(), entry->score});
    });
    return;
  }
  // Listpack entries are read front to back only: a reverse walk remembers
  // where the window's entries start.
  std::vector<std::size_t> offsets;
  if (reverse) offsets.reserve(last - first);
  std::size_t offset = listpack_.at(first).offset;
  for (std::size_t rank = first; rank < last; ++rank) {
    const ZsetListpack::Entry entry = listpack_.entry_at(offset);
    if (reverse) offsets.push_back(offset);
    else if (!visit({entry.member, entry.score})) return;
    offset = entry.next;
  }
  for (auto it = offsets.rbegin(); it != offsets.rend(); ++it) {
    const ZsetListpack::Entry entry = listpack_.entry_at(*it);
    if (!visit({entry.member, entry.score})) return;
  }
}

void Zset::for_each(const std::function<void(ScoredMember)>& visit) const {
  if (!is_listpack_) {
    tree_.for_each_in_ranks(0, size(), false, [&](const ZsetEntry* entry) {
      visit({entry->member(), entry->score});
      return true;
    });
    return;
  }
  for (std::size_t offset = listpack_.begin(); offset < listpack_.end();) {
    const ZsetListpack::Entry entry = listpack_.entry_at(offset);
    visit({entry.member, entry.score});
    offset = entry.next;
  }
}

std::uint64_t Zset::scan(std::uint64_t cursor, std::size_t count,
                         const std::function<void(ScoredMember)>& visit) const {
  if (!is_listpack_)
    return index_.scan(cursor, count, [&](const ZsetEntry& entry) { visit({entry.member(), entry.score}); });
  for_each(visit);
  return 0;
}

// --- changes -------------------------------------------------------------------

bool Zset::insert_or_assign(std::string_view member, double score, const ZsetLimits& limits) {
  if (!is_listpack_) return insert_into_skiplist(member, score);
  if (const auto found = listpack_.find(member)) {
    // Redis rewrites the score only when it compares different (so 0 stays
    // 0 when assigned -0).
    if (score != found->first.score) listpack_.assign_score(found->first, score);
    return false;
  }
  // Redis 7.0's zsetAdd: the checks come before the new member goes in.
  if (listpack_.size() + 1 > limits.max_entries || member.size() > limits.max_value ||
      !listpack_.safe_to_add(member.size())) {
    Zset converted;
    converted.is_listpack_ = false;
    converted.index_.reserve(size() + 1);
    for_each([&](ScoredMember entry) { converted.append_to_skiplist(entry.member, entry.score); });
    converted.insert_into_skiplist(member, score);
    swap(converted);
    return true;
  }
  listpack_.insert(member, score);
  return true;
}

bool Zset::insert_into_skiplist(std::string_view member, double score) {
  const std::uint32_t hash = ZsetIndex::hash_of(member);
  if (ZsetEntry* entry = index_.find(member, hash)) {
    if (score != entry->score) assign_score(entry, score);
    return false;
  }
  ZsetEntry* entry = ZsetEntry::make(member, score, hash);
  try {
    index_.reserve(index_.size() + 1);
    const std::size_t rank = skiplist_rank(*entry);
    ZsetTree::Spares spares = tree_.prepare_insert(rank);
    index_.insert(entry);
    tree_.insert(rank, entry, spares);
  } catch (...) {
    ZsetEntry::destroy(entry);
    throw;
  }
  entry_bytes_ += entry->allocation_size();
  return true;
}

void Zset::assign_score(ZsetEntry* entry, double score) {
  const std::size_t old_rank = skiplist_rank(*entry);
  // Entries before the new place, counting this one if it sorts before it.
  const std::size_t new_rank = tree_.partition_point([&](double other_score, const ZsetEntry* other) {
    return key_less(other_score, other->member(), score, entry->member());
  });
  if (new_rank == old_rank || new_rank == old_rank + 1) {
    entry->score = score;
    tree_.refresh_score(old_rank);
    return;
  }
  ZsetTree::Spares spares = tree_.prepare_insert(new_rank);
  // For a moment the entry is in the tree twice; the erase fixes whatever
  // copied minimum still names the old place.
  entry->score = score;
  tree_.insert(new_rank, entry, spares);
  const std::size_t stale_rank = new_rank < old_rank ? old_rank + 1 : old_rank;
  tree_.erase(stale_rank, stale_rank + 1);
}

bool Zset::erase(std::string_view member) noexcept {
  if (is_listpack_) {
    const auto found = listpack_.find(member);
    if (!found) return false;
    listpack_.erase(found->first.offset, found->second, found->second + 1);
    return true;
  }
  ZsetEntry* entry = index_.find(member, ZsetIndex::hash_of(member));
  if (entry == nullptr) return false;
  const std::size_t rank = skiplist_rank(*entry);
  tree_.erase(rank, rank + 1);
  index_.erase(entry);
  entry_bytes_ -= entry->allocation_size();
  ZsetEntry::destroy(entry);
  return true;
}

void Zset::erase_ranks(std::size_t first, std::size_t last) noexcept {
  last = std::min(last, size());
  if (first >= last) return;
  if (is_listpack_) {
    listpack_.erase(listpack_.at(first).offset, first, last);
    return;
  }
  tree_.erase(first, last, [&](ZsetEntry* entry) {
    index_.erase(entry);
    entry_bytes_ -= entry->allocation_size();
    ZsetEntry::destroy(entry);
  });
}

} // namespace not_redis::detail
