#include "db/zset_listpack.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "db/zset_tree.hpp"
#include "util/varint.hpp"

namespace not_redis::detail {

namespace {
// Redis's listpack keeps a score as the text d2string writes, which an
// integer-valued score reads back from exactly, except -0: its "-0" is stored
// as the integer 0. So is it here, where the set is a listpack.
void store_score(unsigned char* p, double score) noexcept {
  if (score == 0) score = 0;
  std::memcpy(p, &score, sizeof(double));
}
} // namespace

ZsetListpack::ZsetListpack(const ZsetListpack& other) {
  reserve(other.bytes_);
  if (other.bytes_ != 0) std::memcpy(data_, other.data_, other.bytes_);
  bytes_ = other.bytes_;
  count_ = other.count_;
}

ZsetListpack::~ZsetListpack() { std::free(data_); }

void ZsetListpack::swap(ZsetListpack& other) noexcept {
  std::swap(data_, other.data_);
  std::swap(bytes_, other.bytes_);
  std::swap(capacity_, other.capacity_);
  std::swap(count_, other.count_);
}

std::size_t ZsetListpack::entry_bytes(std::size_t member_size) noexcept {
  return sizeof(double) + varint_size(member_size) + member_size;
}

ZsetListpack::Entry ZsetListpack::entry_at(std::size_t offset) const noexcept {
  Entry entry;
  entry.offset = offset;
  std::memcpy(&entry.score, data_ + offset, sizeof(double));
  const unsigned char* p = data_ + offset + sizeof(double);
  const std::size_t size = read_varint(p);
  entry.member = {reinterpret_cast<const char*>(p), size};
  entry.next = static_cast<std::size_t>(p - data_) + size;
  return entry;
}

ZsetListpack::Entry ZsetListpack::at(std::size_t rank) const noexcept {
  Entry entry = entry_at(0);
  while (rank-- > 0) entry = entry_at(entry.next);
  return entry;
}

std::optional<std::pair<ZsetListpack::Entry, std::size_t>> ZsetListpack::find(std::string_view member) const noexcept {
  std::size_t rank = 0;
  for (std::size_t offset = 0; offset < bytes_; ++rank) {
    const Entry entry = entry_at(offset);
    if (entry.member == member) return std::pair{entry, rank};
    offset = entry.next;
  }
  return std::nullopt;
}

void ZsetListpack::resize(std::size_t bytes) {
  // Exactly the bytes needed, as Redis reallocates its listpacks.
  void* data = std::realloc(data_, std::max<std::size_t>(bytes, 1));
  if (data == nullptr) throw std::bad_alloc();
  data_ = static_cast<unsigned char*>(data);
  capacity_ = bytes;
}

void ZsetListpack::reserve(std::size_t bytes) {
  if (bytes > capacity_) resize(bytes);
}

unsigned char* ZsetListpack::write_entry(unsigned char* p, std::string_view member, double score) noexcept {
  store_score(p, score);
  p = write_varint(p + sizeof(double), member.size());
  if (!member.empty()) std::memcpy(p, member.data(), member.size());
  return p + member.size();
}

void ZsetListpack::insert(std::string_view member, double score) {
  const std::size_t size = entry_bytes(member.size());
  reserve(bytes_ + size);
  const std::size_t offset = partition_point([&](double s, std::string_view m) {
                               return key_less(s, m, score, member);
                             }).second;
  std::memmove(data_ + offset + size, data_ + offset, bytes_ - offset);
  write_entry(data_ + offset, member, score);
  bytes_ += size;
  ++count_;
}

void ZsetListpack::append(std::string_view member, double score) {
  reserve(bytes_ + entry_bytes(member.size()));
  bytes_ = static_cast<std::size_t>(write_entry(data_ + bytes_, member, score) - data_);
  ++count_;
}

void ZsetListpack::assign_score(const Entry& entry, double score) noexcept {
  // Where the entry belongs among the others (the offsets count it while it
  // is still in its old place).
  std::size_t target = 0;
  for (std::size_t offset = 0; offset < bytes_;) {
    const Entry other = entry_at(offset);
    if (offset != entry.offset && !key_less(other.score, other.member, score, entry.member)) break;
    offset = other.next;
    target = offset;
  }
  unsigned char* const first = data_ + entry.offset;
  unsigned char* const last = data_ + entry.next;
  std::size_t at = entry.offset;
  if (target > entry.offset) {
    std::rotate(first, last, data_ + target);
    at = target - (entry.next - entry.offset);
  } else if (target < entry.offset) {
    std::rotate(data_ + target, first, last);
    at = target;
  }
  store_score(data_ + at, score);
}

void ZsetListpack::erase(std::size_t offset, std::size_t first, std::size_t last) noexcept {
  std::size_t end = offset;
  for (std::size_t rank = first; rank < last; ++rank) end = entry_at(end).next;
  std::memmove(data_ + offset, data_ + end, bytes_ - end);
  bytes_ -= end - offset;
  count_ -= last - first;
  // Giving memory back is an optimization; a failed shrink keeps the buffer.
  try {
    resize(bytes_);
  } catch (const std::bad_alloc&) {
  }
}

} // namespace not_redis::detail
