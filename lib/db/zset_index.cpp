#include "db/zset_index.hpp"

#include <algorithm>
#include <new>
#include <utility>

namespace not_redis::detail {

void ZsetIndex::swap(ZsetIndex& other) noexcept {
  slots_.swap(other.slots_);
  std::swap(capacity_, other.capacity_);
  std::swap(size_, other.size_);
}

std::uint32_t ZsetIndex::hash_of(std::string_view member) noexcept {
  const std::uint64_t h = std::hash<std::string_view>{}(member);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

ZsetEntry* ZsetIndex::find(std::string_view member, std::uint32_t hash) const noexcept {
  if (size_ == 0) return nullptr;
  for (std::size_t i = home(hash);; i = next(i)) {
    const std::uintptr_t slot = slots_[i];
    if (slot == 0) return nullptr;
    if ((slot & kTagMask) != (hash & kTagMask)) continue;
    ZsetEntry* entry = entry_of(slot);
    if (entry->hash == hash && entry->member() == member) return entry;
  }
}

void ZsetIndex::place(std::uintptr_t slot) noexcept {
  std::size_t i = home(entry_of(slot)->hash);
  while (slots_[i] != 0) i = next(i);
  slots_[i] = slot;
}

void ZsetIndex::rehash(std::size_t capacity) {
  // Hashes are 32 bits: past 2^32 slots the home function runs out of them.
  if (capacity > (std::size_t{1} << 32)) throw std::bad_alloc();
  auto slots = std::make_unique<std::uintptr_t[]>(capacity);  // zeroed: all empty
  std::unique_ptr<std::uintptr_t[]> old = std::exchange(slots_, std::move(slots));
  const std::size_t old_capacity = std::exchange(capacity_, capacity);
  for (std::size_t i = 0; i < old_capacity; ++i)
    if (old[i] != 0) place(old[i]);
}

void ZsetIndex::reserve(std::size_t n) {
  // Grown to 3/5 full once past 4/5: short probe runs, and always an empty slot.
  if (n * 5 > capacity_ * 4) rehash(std::max(kMinCapacity, n * 5 / 3 + 1));
}

void ZsetIndex::insert(ZsetEntry* entry) noexcept {
  place(reinterpret_cast<std::uintptr_t>(entry) | (entry->hash & kTagMask));
  ++size_;
}

void ZsetIndex::erase(const ZsetEntry* entry) noexcept {
  std::size_t i = home(entry->hash);
  while (entry_of(slots_[i]) != entry) i = next(i);
  // Shift the rest of the run back instead of leaving a tombstone, so every
  // entry stays between its home and the next empty slot.
  for (std::size_t j = next(i); slots_[j] != 0; j = next(j)) {
    if (distance(home(entry_of(slots_[j])->hash), j) >= distance(i, j)) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = 0;
  --size_;
  // Shrinking is an optimization: without memory for the smaller table, keep
  // the larger one.
  try {
    if (size_ == 0) *this = ZsetIndex();
    else if (capacity_ > kMinCapacity && size_ * 5 < capacity_) rehash(std::max(kMinCapacity, size_ * 5 / 3 + 1));
  } catch (const std::bad_alloc&) {
  }
}

std::uint64_t ZsetIndex::scan(std::uint64_t cursor, std::size_t count,
                              const std::function<void(const ZsetEntry&)>& visit) const {
  if (size_ == 0 || cursor > UINT32_MAX) return 0;
  const auto threshold = static_cast<std::uint32_t>(cursor);
  const std::size_t start = home(threshold);
  std::size_t found = 0;
  // `i` runs past the end of the table (wrapping physically) so that the
  // entries of the last homes that wrapped to the front are seen too.
  for (std::size_t i = start;; ++i) {
    const std::size_t physical = i < capacity_ ? i : i - capacity_;
    const std::uintptr_t slot = slots_[physical];
    if (slot == 0) {
      // Every entry whose home is in [start, i] lies in slots [start, i]: all
      // entries hashing in [threshold, first hash of home i + 1) were visited.
      if (i + 1 >= capacity_) return 0;
      if (found >= count) return ((std::uint64_t{i + 1} << 32) + capacity_ - 1) / capacity_;
      continue;
    }
    const ZsetEntry& entry = *entry_of(slot);
    const std::size_t from_home = distance(home(entry.hash), physical);
    if (from_home <= i && i - from_home >= start && i - from_home < capacity_ && entry.hash >= threshold) {
      visit(entry);
      ++found;
    }
  }
}

} // namespace not_redis::detail
