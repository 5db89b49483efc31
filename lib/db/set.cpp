#include "db/set.hpp"

#include <algorithm>
#include <bit>
#include <new>
#include <utility>

#include "util/numbers.hpp"

namespace not_redis::detail {

// --- MemberTable ---------------------------------------------------------------

MemberTable::MemberTable(const MemberTable& other)
    : members_(other.members_), capacity_(other.capacity_), shift_(other.shift_), heap_bytes_(other.heap_bytes_) {
  if (capacity_ != 0) {
    slots_ = std::make_unique<Slot[]>(capacity_);
    std::copy_n(other.slots_.get(), capacity_, slots_.get());
  }
}

MemberTable& MemberTable::operator=(MemberTable&& other) noexcept {
  members_ = std::move(other.members_);
  slots_ = std::move(other.slots_);
  capacity_ = std::exchange(other.capacity_, 0);
  shift_ = std::exchange(other.shift_, 32);
  heap_bytes_ = std::exchange(other.heap_bytes_, 0);
  other.members_.clear();
  return *this;
}

std::uint32_t MemberTable::hash_of(std::string_view member) noexcept {
  const std::uint64_t h = std::hash<std::string_view>{}(member);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::size_t MemberTable::find_slot(std::string_view member, std::uint32_t hash) const noexcept {
  if (capacity_ == 0) return kNone;
  for (std::size_t i = home(hash);; i = (i + 1) & mask()) {
    const Slot& slot = slots_[i];
    if (slot.position_plus_one == 0) return kNone;
    if (slot.hash == hash && members_[slot.position_plus_one - 1].view() == member) return i;
  }
}

std::size_t MemberTable::slot_of_position(std::size_t pos, std::uint32_t hash) const noexcept {
  for (std::size_t i = home(hash);; i = (i + 1) & mask())
    if (slots_[i].position_plus_one == pos + 1) return i;
}

void MemberTable::place(Slot slot) noexcept {
  std::size_t i = home(slot.hash);
  while (slots_[i].position_plus_one != 0) i = (i + 1) & mask();
  slots_[i] = slot;
}

void MemberTable::erase_slot(std::size_t i) noexcept {
  for (std::size_t j = (i + 1) & mask(); slots_[j].position_plus_one != 0; j = (j + 1) & mask()) {
    // A member may move back to i if i is still at or after its home.
    const std::size_t from_home = (j - home(slots_[j].hash)) & mask();
    if (from_home >= ((j - i) & mask())) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Slot{0, 0};
}

void MemberTable::rehash(std::size_t capacity) {
  auto slots = std::make_unique<Slot[]>(capacity);  // zeroed: all empty
  std::unique_ptr<Slot[]> old = std::exchange(slots_, std::move(slots));
  const std::size_t old_capacity = std::exchange(capacity_, capacity);
  shift_ = 32 - static_cast<unsigned>(std::countr_zero(capacity));
  for (std::size_t i = 0; i < old_capacity; ++i)
    if (old[i].position_plus_one != 0) place(old[i]);
}

void MemberTable::reserve(std::size_t n) {
  members_.reserve(n);
  // At most 3/4 full, so probe runs stay short and an empty slot always exists.
  if (n * 4 > capacity_ * 3) rehash(std::bit_ceil(std::max(kMinCapacity, n * 4 / 3 + 1)));
}

bool MemberTable::insert(std::string_view member) {
  const std::uint32_t hash = hash_of(member);
  if (find_slot(member, hash) != kNone) return false;
  // Hashes are 32 bits, so the index has at most 2^32 slots, 3/4 of them usable.
  if (members_.size() >= kMaxMembers) throw std::bad_alloc();
  if ((members_.size() + 1) * 4 > capacity_ * 3) rehash(std::max(kMinCapacity, capacity_ * 2));
  members_.emplace_back(member);
  heap_bytes_ += members_.back().heap_bytes();
  place({static_cast<std::uint32_t>(members_.size()), hash});
  return true;
}

bool MemberTable::erase(std::string_view member) {
  const std::size_t slot = find_slot(member, hash_of(member));
  if (slot == kNone) return false;
  remove_slot(slot);
  return true;
}

void MemberTable::erase_at(std::size_t pos) { remove_slot(slot_of_position(pos, hash_of(members_[pos].view()))); }

void MemberTable::remove_slot(std::size_t i) {
  // The last member fills the hole, so positions stay dense.
  const std::size_t pos = slots_[i].position_plus_one - 1;
  const std::size_t last = members_.size() - 1;
  heap_bytes_ -= members_[pos].heap_bytes();
  if (pos != last) {
    slots_[slot_of_position(last, hash_of(members_[last].view()))].position_plus_one =
        static_cast<std::uint32_t>(pos + 1);
    members_[pos] = std::move(members_[last]);
  }
  members_.pop_back();
  erase_slot(i);
  shrink_if_sparse();
}

void MemberTable::shrink_if_sparse() {
  if (members_.empty()) {
    *this = MemberTable();
    return;
  }
  // Shrinking is an optimization: without memory for the smaller copies,
  // keep the larger ones.
  try {
    if (capacity_ > kMinCapacity && members_.size() * 8 < capacity_)
      rehash(std::bit_ceil(std::max(kMinCapacity, members_.size() * 2)));
    if (members_.capacity() > 16 && members_.size() * 4 < members_.capacity()) members_.shrink_to_fit();
  } catch (const std::bad_alloc&) {
  }
}

std::uint64_t MemberTable::scan(std::uint64_t cursor, std::size_t count,
                                const std::function<void(std::string_view)>& visit) const {
  if (members_.empty() || cursor > UINT32_MAX) return 0;
  const auto threshold = static_cast<std::uint32_t>(cursor);
  const std::size_t start = home(threshold);
  std::size_t found = 0;
  // `i` runs past the end of the table (wrapping physically) so that the
  // members of the last homes that wrapped to the front are seen too.
  for (std::size_t i = start;; ++i) {
    const Slot& slot = slots_[i & mask()];
    if (slot.position_plus_one == 0) {
      // Every member whose home is in [start, i] lies in slots [start, i]:
      // all members hashing in [threshold, (i + 1) << shift_) were visited.
      if (i + 1 >= capacity_) return 0;
      if (found >= count) return static_cast<std::uint64_t>(i + 1) << shift_;
      continue;
    }
    const std::size_t from_home = ((i & mask()) - home(slot.hash)) & mask();
    const std::size_t unwrapped_home = i - std::min(from_home, i);
    if (from_home <= i && unwrapped_home >= start && unwrapped_home < capacity_ && slot.hash >= threshold) {
      visit(members_[slot.position_plus_one - 1].view());
      ++found;
    }
  }
}

std::size_t MemberTable::memory_usage() const noexcept {
  return members_.capacity() * sizeof(Member) + capacity_ * sizeof(Slot) + heap_bytes_;
}

// --- Set -----------------------------------------------------------------------

std::unique_ptr<Set> Set::for_member(std::string_view first) {
  auto set = std::make_unique<Set>();
  set->is_intset_ = parse_integer(first).has_value();
  return set;
}

std::size_t Set::memory_usage() const noexcept {
  return sizeof(Set) + ints_.capacity() * sizeof(std::int64_t) + table_.memory_usage();
}

std::unique_ptr<Aggregate> Set::clone() const { return std::make_unique<Set>(*this); }

bool Set::contains(std::string_view member) const noexcept {
  if (!is_intset_) return table_.contains(member);
  const std::optional<long long> value = parse_integer(member);
  return value && std::binary_search(ints_.begin(), ints_.end(), *value);
}

bool Set::add(std::string_view member, std::size_t max_intset_entries) {
  if (is_intset_) {
    if (const std::optional<long long> value = parse_integer(member)) {
      const auto it = std::lower_bound(ints_.begin(), ints_.end(), *value);
      if (it != ints_.end() && *it == *value) return false;
      ints_.insert(it, *value);
      if (ints_.size() > std::min(max_intset_entries, kIntsetEntriesCap)) convert_to_table(ints_.size());
      return true;
    }
    convert_to_table(ints_.size() + 1);
  }
  return table_.insert(member);
}

bool Set::remove(std::string_view member) {
  if (!is_intset_) return table_.erase(member);
  const std::optional<long long> value = parse_integer(member);
  if (!value) return false;
  const auto it = std::lower_bound(ints_.begin(), ints_.end(), *value);
  if (it == ints_.end() || *it != *value) return false;
  ints_.erase(it);
  return true;
}

std::string_view Set::at(std::size_t pos, char* scratch) const noexcept {
  if (is_intset_) return format_integer(ints_[pos], scratch);
  return table_.at(pos);
}

void Set::remove_at(std::size_t pos) {
  if (is_intset_) ints_.erase(ints_.begin() + static_cast<std::ptrdiff_t>(pos));
  else table_.erase_at(pos);
}

std::size_t Set::random_position(std::mt19937_64& rng) const {
  return std::uniform_int_distribution<std::size_t>(0, size() - 1)(rng);
}

std::uint64_t Set::scan(std::uint64_t cursor, std::size_t count,
                        const std::function<void(std::string_view)>& visit) const {
  if (!is_intset_) return table_.scan(cursor, count, visit);
  for_each(visit);
  return 0;
}

void Set::swap(Set& other) noexcept {
  std::swap(is_intset_, other.is_intset_);
  ints_.swap(other.ints_);
  std::swap(table_, other.table_);
}

void Set::convert_to_table(std::size_t expected_size) {
  MemberTable table;
  table.reserve(expected_size);
  char scratch[24];
  for (const std::int64_t value : ints_) table.insert(format_integer(value, scratch));
  table_ = std::move(table);
  std::vector<std::int64_t>().swap(ints_);
  is_intset_ = false;
}

} // namespace not_redis::detail
