#include "db/hash.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "util/varint.hpp"

namespace not_redis::detail {

namespace {

std::uint64_t reverse_bits(std::uint64_t v) noexcept {
  // Swap bits within bytes, then the bytes.
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((v & 0x0f0f0f0f0f0f0f0fULL) << 4);
  return __builtin_bswap64(v);
}

} // namespace

// --- PackedPair -------------------------------------------------------------------

PackedPair PackedPair::make(std::string_view field, std::string_view value) {
  const std::size_t size = varint_size(field.size()) + varint_size(value.size()) + field.size() + value.size();
  auto* bytes = static_cast<unsigned char*>(::operator new(size));
  unsigned char* p = write_varint(bytes, field.size());
  p = write_varint(p, value.size());
  if (!field.empty()) std::memcpy(p, field.data(), field.size());
  if (!value.empty()) std::memcpy(p + field.size(), value.data(), value.size());
  return PackedPair(bytes);
}

void PackedPair::release() noexcept {
  ::operator delete(bytes_);
  bytes_ = nullptr;
}

FieldValue PackedPair::get() const noexcept {
  const unsigned char* p = bytes_;
  const std::size_t field_size = read_varint(p);
  const std::size_t value_size = read_varint(p);
  const auto* text = reinterpret_cast<const char*>(p);
  return {{text, field_size}, {text + field_size, value_size}};
}

std::size_t PackedPair::allocation_size() const noexcept {
  const auto [field, value] = get();
  return varint_size(field.size()) + varint_size(value.size()) + field.size() + value.size();
}

// --- FieldTable -------------------------------------------------------------------

FieldTable::FieldTable(const FieldTable& other) {
  reserve(other.size_);
  try {
    other.for_each([&](FieldValue e) { set(e.first, e.second); });
  } catch (...) {
    release_pairs();
    throw;
  }
}

FieldTable::FieldTable(FieldTable&& other) noexcept
    : hashes_(std::move(other.hashes_)), pairs_(std::move(other.pairs_)),
      capacity_(std::exchange(other.capacity_, 0)), size_(std::exchange(other.size_, 0)),
      deleted_(std::exchange(other.deleted_, 0)), pair_bytes_(std::exchange(other.pair_bytes_, 0)) {}

FieldTable::~FieldTable() { release_pairs(); }

void FieldTable::release_pairs() noexcept {
  for (std::size_t i = 0; i < capacity_; ++i)
    if (hashes_[i] > kDeleted) pairs_[i].release();
}

std::uint32_t FieldTable::hash_of(std::string_view field) noexcept {
  const std::size_t h = std::hash<std::string_view>{}(field);
  const auto folded = static_cast<std::uint32_t>(h ^ (h >> 32));
  return folded > kDeleted ? folded : folded + 2;  // 0 and 1 mark free slots
}

std::size_t FieldTable::capacity_for(std::size_t n) noexcept {
  std::size_t capacity = kMinCapacity;
  while (capacity < 2 * n) capacity *= 2;
  return capacity;
}

std::size_t FieldTable::find_slot(std::string_view field, std::uint32_t hash) const noexcept {
  if (capacity_ == 0) return kNotFound;
  // There is always an empty slot (at most 3/4 are in use), so this ends.
  for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
    if (hashes_[i] == kEmpty) return kNotFound;
    if (hashes_[i] == hash && pairs_[i].field() == field) return i;
  }
}

std::optional<std::string_view> FieldTable::find(std::string_view field) const noexcept {
  const std::size_t slot = find_slot(field, hash_of(field));
  if (slot == kNotFound) return std::nullopt;
  return pairs_[slot].get().second;
}

void FieldTable::rehash(std::size_t capacity) {
  auto hashes = std::make_unique<std::uint32_t[]>(capacity);  // zeroed: all empty
  auto pairs = std::make_unique<PackedPair[]>(capacity);
  const std::size_t new_mask = capacity - 1;
  for (std::size_t i = 0; i < capacity_; ++i) {
    if (hashes_[i] <= kDeleted) continue;
    std::size_t j = hashes_[i] & new_mask;
    while (hashes[j] != kEmpty) j = (j + 1) & new_mask;
    hashes[j] = hashes_[i];
    pairs[j] = pairs_[i];
  }
  hashes_ = std::move(hashes);
  pairs_ = std::move(pairs);
  capacity_ = capacity;
  deleted_ = 0;
}

void FieldTable::reserve(std::size_t n) {
  if (capacity_for(n) > capacity_) rehash(capacity_for(n));
}

bool FieldTable::set(std::string_view field, std::string_view value) {
  const std::uint32_t hash = hash_of(field);
  if (const std::size_t slot = find_slot(field, hash); slot != kNotFound) {
    const PackedPair fresh = PackedPair::make(field, value);
    pair_bytes_ = pair_bytes_ - pairs_[slot].allocation_size() + fresh.allocation_size();
    pairs_[slot].release();
    pairs_[slot] = fresh;
    return false;
  }
  // Deleted slots still lengthen probes: count them towards the 3/4.
  if ((size_ + deleted_ + 1) * 4 > capacity_ * 3) rehash(capacity_for(size_ + 1));
  const PackedPair fresh = PackedPair::make(field, value);
  std::size_t i = hash & mask();
  while (hashes_[i] > kDeleted) i = (i + 1) & mask();
  if (hashes_[i] == kDeleted) --deleted_;
  hashes_[i] = hash;
  pairs_[i] = fresh;
  ++size_;
  pair_bytes_ += fresh.allocation_size();
  return true;
}

bool FieldTable::erase(std::string_view field) noexcept {
  const std::size_t slot = find_slot(field, hash_of(field));
  if (slot == kNotFound) return false;
  pair_bytes_ -= pairs_[slot].allocation_size();
  pairs_[slot].release();
  hashes_[slot] = kDeleted;
  ++deleted_;
  --size_;
  // Shrink below 1/8 full, as Redis resizes a dict under 10%: keeps memory in
  // line with the size, and keeps random() O(1).
  if (capacity_ > kMinCapacity && size_ * 8 < capacity_) {
    try {
      rehash(capacity_for(size_));
    } catch (const std::bad_alloc&) {
      // Still correct, only sparser; a later erase retries.
    }
  }
  return true;
}

FieldValue FieldTable::random(std::mt19937_64& rng) const noexcept {
  // Every slot is equally likely, so every entry is: exactly uniform.
  for (;;) {
    const std::size_t i = rng() & mask();
    if (hashes_[i] > kDeleted) return pairs_[i].get();
  }
}

std::uint64_t FieldTable::scan(std::uint64_t cursor, const std::function<void(FieldValue)>& visit) const {
  if (size_ == 0) return 0;
  const std::uint64_t m = mask();
  // The bucket's fields sit in the run of used slots starting at it.
  const std::size_t bucket = cursor & m;
  for (std::size_t i = bucket; hashes_[i] != kEmpty; i = (i + 1) & m)
    if (hashes_[i] > kDeleted && (hashes_[i] & m) == bucket) visit(pairs_[i].get());
  // Redis's reverse binary increment: set the bits above the mask, so the
  // increment carries into the unmasked bits of the reversed cursor.
  cursor |= ~m;
  cursor = reverse_bits(cursor);
  ++cursor;
  return reverse_bits(cursor);
}

std::size_t FieldTable::memory_usage() const noexcept {
  return capacity_ * (sizeof(std::uint32_t) + sizeof(PackedPair)) + pair_bytes_;
}

// --- PackedList -------------------------------------------------------------------

std::size_t PackedList::next(std::size_t offset) const noexcept {
  const auto field_size = static_cast<unsigned char>(bytes_[offset]);
  const std::size_t value_at = offset + 1 + field_size;
  return value_at + 1 + static_cast<unsigned char>(bytes_[value_at]);
}

FieldValue PackedList::entry_at(std::size_t offset) const noexcept {
  const char* p = bytes_.data() + offset;
  const auto field_size = static_cast<unsigned char>(p[0]);
  const char* value = p + 1 + field_size;
  return {{p + 1, field_size}, {value + 1, static_cast<unsigned char>(value[0])}};
}

std::size_t PackedList::locate(std::string_view field) const noexcept {
  for (std::size_t at = 0; at < bytes_.size(); at = next(at))
    if (entry_at(at).first == field) return at;
  return bytes_.size();
}

std::optional<std::string_view> PackedList::find(std::string_view field) const noexcept {
  const std::size_t at = locate(field);
  if (at == bytes_.size()) return std::nullopt;
  return entry_at(at).second;
}

std::vector<std::uint32_t> PackedList::offsets() const {
  std::vector<std::uint32_t> out;
  out.reserve(count_);
  for (std::size_t at = 0; at < bytes_.size(); at = next(at)) out.push_back(static_cast<std::uint32_t>(at));
  return out;
}

bool PackedList::set(std::string_view field, std::string_view value) {
  // Grow by 1/8 at a time: the buffer stays close to its size, like a
  // listpack (which reallocs to the byte), without copying on every insert.
  auto make_room = [&](std::size_t extra) {
    const std::size_t needed = bytes_.size() + extra;
    if (needed > bytes_.capacity()) bytes_.reserve(needed + needed / 8);
  };
  const std::size_t at = locate(field);
  if (at == bytes_.size()) {
    make_room(2 + field.size() + value.size());
    bytes_.push_back(static_cast<char>(field.size()));
    bytes_.insert(bytes_.end(), field.begin(), field.end());
    bytes_.push_back(static_cast<char>(value.size()));
    bytes_.insert(bytes_.end(), value.begin(), value.end());
    ++count_;
    return true;
  }
  const std::size_t value_at = at + 1 + field.size();
  const auto old_size = static_cast<unsigned char>(bytes_[value_at]);
  const auto text = bytes_.begin() + static_cast<std::ptrdiff_t>(value_at + 1);
  if (value.size() > old_size) {
    make_room(value.size() - old_size);
    bytes_.insert(bytes_.begin() + static_cast<std::ptrdiff_t>(value_at + 1), value.size() - old_size, '\0');
  } else if (value.size() < old_size) {
    bytes_.erase(text, text + static_cast<std::ptrdiff_t>(old_size - value.size()));
  }
  bytes_[value_at] = static_cast<char>(value.size());
  if (!value.empty()) std::memcpy(bytes_.data() + value_at + 1, value.data(), value.size());
  return false;
}

bool PackedList::erase(std::string_view field) noexcept {
  const std::size_t at = locate(field);
  if (at == bytes_.size()) return false;
  const auto begin = bytes_.begin() + static_cast<std::ptrdiff_t>(at);
  bytes_.erase(begin, bytes_.begin() + static_cast<std::ptrdiff_t>(next(at)));
  --count_;
  if (bytes_.capacity() > 2 * bytes_.size() + 64) bytes_.shrink_to_fit();  // non-binding: never throws
  return true;
}

// --- Hash -------------------------------------------------------------------------

std::size_t Hash::size() const noexcept {
  return std::visit([](const auto& r) { return r.size(); }, repr_);
}

std::size_t Hash::memory_usage() const noexcept {
  return sizeof(Hash) + std::visit([](const auto& r) { return r.memory_usage(); }, repr_);
}

std::optional<std::string_view> Hash::get(std::string_view field) const noexcept {
  return std::visit([&](const auto& r) { return r.find(field); }, repr_);
}

void Hash::convert_to_table() {
  FieldTable table;
  const auto& list = std::get<PackedList>(repr_);
  table.reserve(list.size() + 1);
  list.for_each([&](FieldValue e) { table.set(e.first, e.second); });
  repr_.emplace<FieldTable>(std::move(table));
}

bool Hash::set(std::string_view field, std::string_view value, const HashLimits& limits) {
  if (auto* list = std::get_if<PackedList>(&repr_)) {
    if (field.size() > limits.max_value || value.size() > limits.max_value) {
      convert_to_table();
    } else {
      const bool added = list->set(field, value);
      if (list->size() > limits.max_entries) convert_to_table();
      return added;
    }
  }
  return std::get<FieldTable>(repr_).set(field, value);
}

bool Hash::erase(std::string_view field) noexcept {
  return std::visit([&](auto& r) { return r.erase(field); }, repr_);
}

std::uint64_t Hash::scan(std::uint64_t cursor, const std::function<void(FieldValue)>& visit) const {
  if (const auto* table = std::get_if<FieldTable>(&repr_)) return table->scan(cursor, visit);
  std::get<PackedList>(repr_).for_each(visit);
  return 0;
}

Hash::Sampler::Sampler(const Hash& hash) : hash_(hash) {
  if (const auto* list = std::get_if<PackedList>(&hash.repr_)) offsets_ = list->offsets();
}

FieldValue Hash::Sampler::operator()(std::mt19937_64& rng) const {
  if (const auto* table = std::get_if<FieldTable>(&hash_.repr_)) return table->random(rng);
  std::uniform_int_distribution<std::size_t> pick(0, offsets_.size() - 1);
  return std::get<PackedList>(hash_.repr_).entry_at(offsets_[pick(rng)]);
}

} // namespace not_redis::detail
