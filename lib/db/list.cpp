#include "db/list.hpp"

#include <algorithm>
#include <new>

namespace not_redis::detail {

namespace {

// Chunk capacities are chosen so that the 16-byte header, the data and
// malloc's 8-byte header add up to a power of two: 8, 40, 104, ... 4072.
constexpr std::uint32_t kChunkOverhead = 24;
constexpr std::uint32_t kMinChunkBytes = 32 - kChunkOverhead;
// Below this many entries the tail chunk is walked rather than cached.
constexpr std::uint32_t kTailCacheMinEntries = 16;
// After deletions in the middle, neighbours that together fill at most this
// much of a chunk are merged (not more, or the next insertion would split
// them again).
constexpr std::uint32_t kMergeBytes = List::kMaxChunkBytes / 2;
// Chunks this small are never shrunk.
constexpr std::uint32_t kNoShrinkBytes = 256 - kChunkOverhead;

} // namespace

// --- chunks and entries ----------------------------------------------------------

List::Chunk* List::make_chunk(std::uint32_t capacity) {
  auto* chunk = static_cast<Chunk*>(::operator new(sizeof(Chunk) + capacity));
  chunk->capacity = capacity;
  chunk->begin = chunk->end = chunk->count = 0;
  return chunk;
}

void List::free_chunk(Chunk* chunk) noexcept { ::operator delete(chunk); }

std::uint32_t List::grown_capacity(std::uint32_t current, std::size_t bytes) noexcept {
  // An element larger than a chunk gets a chunk of its own, exactly its size.
  if (bytes > kMaxChunkBytes) return static_cast<std::uint32_t>(bytes);
  std::uint32_t capacity = std::clamp(current, kMinChunkBytes, kMaxChunkBytes);
  while (capacity < bytes) capacity = std::min(2 * (capacity + kChunkOverhead) - kChunkOverhead, kMaxChunkBytes);
  return capacity;
}

std::uint32_t List::entry_size(std::size_t length) noexcept {
  std::uint32_t header = 1;
  for (std::size_t n = length >> 7; n != 0; n >>= 7) ++header;
  return header + static_cast<std::uint32_t>(length);
}

unsigned char* List::write_entry(unsigned char* p, std::string_view value) noexcept {
  std::size_t n = value.size();
  while (n >= 0x80) {
    *p++ = static_cast<unsigned char>(n | 0x80);
    n >>= 7;
  }
  *p++ = static_cast<unsigned char>(n);
  if (!value.empty()) std::memcpy(p, value.data(), value.size());
  return p + value.size();
}

void List::entry_offsets(const Chunk* chunk, std::vector<std::uint32_t>& out) {
  out.clear();
  std::string_view value;
  for (std::uint32_t offset = chunk->begin; offset < chunk->end; offset += read_entry(chunk->data() + offset, value))
    out.push_back(offset);
}

// --- construction --------------------------------------------------------------------

List::List(const List& other) : size_(other.size_) {
  try {
    for (std::size_t ci = 0; ci < other.chunks_.size(); ++ci) {
      const Chunk* from = other.chunks_[ci];
      Chunk* chunk = make_chunk(from->capacity);
      *chunk = *from;
      std::memcpy(chunk->data() + from->begin, from->data() + from->begin, from->used());
      insert_chunk(chunks_.size(), chunk);
    }
  } catch (...) {
    for (std::size_t ci = 0; ci < chunks_.size(); ++ci) free_chunk(chunks_[ci]);
    throw;
  }
}

List::~List() {
  for (std::size_t ci = 0; ci < chunks_.size(); ++ci) free_chunk(chunks_[ci]);
}

std::size_t List::memory_usage() const noexcept {
  std::size_t bytes = sizeof(List) + chunks_.capacity() * sizeof(Chunk*);
  if (tail_offsets_) bytes += sizeof(*tail_offsets_) + tail_offsets_->capacity() * sizeof(std::uint32_t);
  for (std::size_t ci = 0; ci < chunks_.size(); ++ci) bytes += sizeof(Chunk) + chunks_[ci]->capacity;
  return bytes;
}

// --- chunk bookkeeping -----------------------------------------------------------

void List::insert_chunk(std::size_t ci, Chunk* chunk) {
  try {
    if (ci == 0) chunks_.push_front(chunk);
    else chunks_.insert(ci, chunk);
  } catch (...) {
    free_chunk(chunk);
    throw;
  }
}

void List::drop_chunk(std::size_t ci) noexcept {
  const bool tail = is_tail(ci);
  free_chunk(chunks_[ci]);
  if (tail) {
    chunks_.pop_back();
    invalidate_tail_cache();
  } else if (ci == 0) {
    chunks_.pop_front();
  } else {
    chunks_.erase(ci);
  }
}

std::uint32_t List::relayout(std::size_t ci, std::uint32_t capacity, std::uint32_t at, std::uint32_t gap,
                             std::uint32_t front_room) {
  Chunk* old = chunks_[ci];
  Chunk* chunk = make_chunk(capacity);
  const std::uint32_t front = at - old->begin;
  const std::uint32_t back = old->end - at;
  std::memcpy(chunk->data() + front_room, old->data() + old->begin, front);
  std::memcpy(chunk->data() + front_room + front + gap, old->data() + at, back);
  chunk->begin = front_room;
  chunk->end = front_room + front + gap + back;
  chunk->count = old->count;
  chunks_[ci] = chunk;
  free_chunk(old);
  if (is_tail(ci)) invalidate_tail_cache();
  return front_room + front;
}

void List::maybe_shrink(std::size_t ci) {
  const Chunk* chunk = chunks_[ci];
  if (chunk->capacity <= kNoShrinkBytes || chunk->used() * 4 > chunk->capacity) return;
  const std::uint32_t used = chunk->used();
  const std::uint32_t capacity =
      used * 2 > kMaxChunkBytes ? std::max(used, kMaxChunkBytes) : grown_capacity(kMinChunkBytes, used * 2);
  if (capacity >= chunk->capacity) return;
  relayout(ci, capacity, chunk->begin, 0, (capacity - used) / 2);
}

void List::merge_into_previous(std::size_t ci) {
  Chunk* next = chunks_[ci];
  Chunk* prev = chunks_[ci - 1];
  if (prev->capacity - prev->end < next->used())
    relayout(ci - 1, grown_capacity(prev->capacity, prev->used() + next->used()), prev->end, 0, 0);
  prev = chunks_[ci - 1];
  std::memcpy(prev->data() + prev->end, next->data() + next->begin, next->used());
  prev->end += next->used();
  prev->count += next->count;
  if (is_tail(ci) || is_tail(ci - 1)) invalidate_tail_cache();
  free_chunk(next);
  if (is_tail(ci)) chunks_.pop_back();
  else chunks_.erase(ci);
}

void List::tidy(std::size_t ci) {
  if (chunks_[ci]->count == 0) {
    drop_chunk(ci);
    return;
  }
  if (ci > 0 && chunks_[ci - 1]->used() + chunks_[ci]->used() <= kMergeBytes) {
    merge_into_previous(ci);
    --ci;
  }
  if (ci + 1 < chunks_.size() && chunks_[ci]->used() + chunks_[ci + 1]->used() <= kMergeBytes)
    merge_into_previous(ci + 1);
  maybe_shrink(ci);
}

void List::build_tail_cache() {
  if (!tail_offsets_) tail_offsets_ = std::make_unique<Ring<std::uint32_t>>();
  tail_offsets_->clear();
  tail_cached_ = false;
  const Chunk* chunk = chunks_.back();
  std::string_view value;
  for (std::uint32_t offset = chunk->begin; offset < chunk->end; offset += read_entry(chunk->data() + offset, value))
    tail_offsets_->push_back(offset);
  tail_cached_ = true;
}

// --- ends --------------------------------------------------------------------------

void List::push(End end, std::string_view value) {
  const std::uint32_t need = entry_size(value.size());
  if (end == End::tail) {
    if (!chunks_.empty()) {
      const std::size_t ci = chunks_.size() - 1;
      Chunk* chunk = chunks_[ci];
      if (chunk->capacity - chunk->end >= need) {
        if (tail_cached_) tail_offsets_->push_back(chunk->end);
        write_entry(chunk->data() + chunk->end, value);
        chunk->end += need;
        ++chunk->count;
        ++size_;
        return;
      }
      // Grow a small chunk; move a full-size one's data only if that leaves
      // it at least half free, so moves stay rare (amortized O(1)).
      const std::uint32_t used = chunk->used();
      if ((chunk->capacity < kMaxChunkBytes && used + need <= kMaxChunkBytes) || used + need <= kMaxChunkBytes / 2) {
        const std::uint32_t at = relayout(ci, grown_capacity(chunk->capacity, used + need), chunk->end, need, 0);
        chunk = chunks_[ci];
        write_entry(chunk->data() + at, value);
        ++chunk->count;
        ++size_;
        return;
      }
    }
    // A list that already fills whole chunks gets a whole chunk at once.
    const bool big = !chunks_.empty() && chunks_.back()->capacity >= kMaxChunkBytes;
    Chunk* chunk = make_chunk(grown_capacity(big ? kMaxChunkBytes : kMinChunkBytes, need));
    write_entry(chunk->data(), value);
    chunk->end = need;
    chunk->count = 1;
    insert_chunk(chunks_.size(), chunk);
    invalidate_tail_cache();
    ++size_;
    return;
  }

  if (!chunks_.empty()) {
    Chunk* chunk = chunks_[0];
    if (chunk->begin >= need) {
      if (tail_cached_ && chunks_.size() == 1) tail_offsets_->push_front(chunk->begin - need);
      chunk->begin -= need;
      write_entry(chunk->data() + chunk->begin, value);
      ++chunk->count;
      ++size_;
      return;
    }
    const std::uint32_t used = chunk->used();
    if ((chunk->capacity < kMaxChunkBytes && used + need <= kMaxChunkBytes) || used + need <= kMaxChunkBytes / 2) {
      const std::uint32_t capacity = grown_capacity(chunk->capacity, used + need);
      const std::uint32_t at = relayout(0, capacity, chunk->begin, need, capacity - used - need);
      chunk = chunks_[0];
      write_entry(chunk->data() + at, value);
      ++chunk->count;
      ++size_;
      return;
    }
  }
  const bool big = !chunks_.empty() && chunks_[0]->capacity >= kMaxChunkBytes;
  Chunk* chunk = make_chunk(grown_capacity(big ? kMaxChunkBytes : kMinChunkBytes, need));
  chunk->begin = chunk->capacity - need;
  chunk->end = chunk->capacity;
  chunk->count = 1;
  write_entry(chunk->data() + chunk->begin, value);
  insert_chunk(0, chunk);
  if (chunks_.size() == 1) invalidate_tail_cache();
  ++size_;
}

std::string List::pop(End end) {
  std::string_view view;
  std::string value;
  if (end == End::head) {
    Chunk* chunk = chunks_[0];
    const std::uint32_t size = read_entry(chunk->data() + chunk->begin, view);
    value.assign(view);
    chunk->begin += size;
    --chunk->count;
    --size_;
    if (tail_cached_ && chunks_.size() == 1) tail_offsets_->pop_front();
    if (chunk->count == 0) drop_chunk(0);
    else maybe_shrink(0);
    return value;
  }
  const std::size_t ci = chunks_.size() - 1;
  Chunk* chunk = chunks_[ci];
  std::uint32_t at = chunk->begin;
  if (!tail_cached_ && chunk->count > kTailCacheMinEntries) build_tail_cache();
  if (tail_cached_) {
    at = tail_offsets_->back();
    tail_offsets_->pop_back();
  } else {
    for (std::uint32_t i = 1; i < chunk->count; ++i) at += read_entry(chunk->data() + at, view);
  }
  read_entry(chunk->data() + at, view);
  value.assign(view);
  chunk->end = at;
  --chunk->count;
  --size_;
  if (chunk->count == 0) drop_chunk(ci);
  else maybe_shrink(ci);
  return value;
}

// --- the middle --------------------------------------------------------------------

List::Position List::locate(std::size_t index) const {
  std::size_t ci = 0;
  if (index < size_ / 2) {
    while (index >= chunks_[ci]->count) index -= chunks_[ci++]->count;
  } else {
    std::size_t from_end = size_ - index;  // 1 = the last element
    ci = chunks_.size() - 1;
    while (from_end > chunks_[ci]->count) from_end -= chunks_[ci--]->count;
    index = chunks_[ci]->count - from_end;
  }
  const Chunk* chunk = chunks_[ci];
  std::string_view value;
  std::uint32_t offset = chunk->begin;
  if (tail_cached_ && is_tail(ci)) {
    offset = (*tail_offsets_)[index];
  } else {
    for (std::size_t i = 0; i < index; ++i) offset += read_entry(chunk->data() + offset, value);
  }
  return {ci, offset, read_entry(chunk->data() + offset, value)};
}

std::string_view List::at(std::size_t index) const {
  const Position p = locate(index);
  std::string_view value;
  read_entry(chunks_[p.chunk]->data() + p.offset, value);
  return value;
}

std::uint32_t List::erase_at(std::size_t ci, std::uint32_t at, std::uint32_t size) noexcept {
  Chunk* chunk = chunks_[ci];
  if (is_tail(ci)) invalidate_tail_cache();
  --chunk->count;
  --size_;
  const std::uint32_t front = at - chunk->begin;
  const std::uint32_t back = chunk->end - at - size;
  // Move whichever side is shorter.
  if (front < back) {
    std::memmove(chunk->data() + chunk->begin + size, chunk->data() + chunk->begin, front);
    chunk->begin += size;
    return at + size;
  }
  std::memmove(chunk->data() + at, chunk->data() + at + size, back);
  chunk->end -= size;
  return at;
}

void List::insert_at(std::size_t ci, std::uint32_t at, std::string_view value) {
  const std::uint32_t need = entry_size(value.size());
  if (is_tail(ci)) invalidate_tail_cache();
  Chunk* chunk = chunks_[ci];
  std::uint32_t pos;
  if (chunk->capacity - chunk->end >= need) {
    std::memmove(chunk->data() + at + need, chunk->data() + at, chunk->end - at);
    chunk->end += need;
    pos = at;
  } else if (chunk->begin >= need) {
    std::memmove(chunk->data() + chunk->begin - need, chunk->data() + chunk->begin, at - chunk->begin);
    chunk->begin -= need;
    pos = at - need;
  } else if (chunk->used() + need <= kMaxChunkBytes || chunk->count == 0) {
    const std::uint32_t capacity = grown_capacity(chunk->capacity, chunk->used() + need);
    pos = relayout(ci, capacity, at, need, (capacity - chunk->used() - need) / 2);
    chunk = chunks_[ci];
  } else {
    // A full chunk: split it at `at`, then put the entry at the end of the
    // first half, the start of the second, or in a chunk of its own.
    std::uint32_t front_count = 0;
    std::string_view skipped;
    for (std::uint32_t offset = chunk->begin; offset < at; offset += read_entry(chunk->data() + offset, skipped))
      ++front_count;
    const std::uint32_t back = chunk->end - at;
    if (back > 0) {
      Chunk* right = make_chunk(grown_capacity(kMinChunkBytes, back));
      std::memcpy(right->data(), chunk->data() + at, back);
      right->end = back;
      right->count = chunk->count - front_count;
      insert_chunk(ci + 1, right);
      chunk->end = at;
      chunk->count = front_count;
    }
    if (chunk->used() + need <= kMaxChunkBytes) {
      insert_at(ci, chunk->end, value);
      maybe_shrink(ci);
      return;
    }
    if (ci + 1 < chunks_.size() && chunks_[ci + 1]->used() + need <= kMaxChunkBytes) {
      insert_at(ci + 1, chunks_[ci + 1]->begin, value);
    } else {
      Chunk* alone = make_chunk(grown_capacity(kMinChunkBytes, need));
      write_entry(alone->data(), value);
      alone->end = need;
      alone->count = 1;
      insert_chunk(ci + 1, alone);
      ++size_;
      if (is_tail(ci + 1)) invalidate_tail_cache();
    }
    if (chunks_[ci]->count == 0) drop_chunk(ci);
    else maybe_shrink(ci);
    return;
  }
  write_entry(chunk->data() + pos, value);
  ++chunk->count;
  ++size_;
}

void List::set(std::size_t index, std::string_view value) {
  const Position p = locate(index);
  if (entry_size(value.size()) == p.size) {
    write_entry(chunks_[p.chunk]->data() + p.offset, value);  // same layout: offsets stay valid
    return;
  }
  const std::uint32_t at = erase_at(p.chunk, p.offset, p.size);
  insert_at(p.chunk, at, value);
}

bool List::insert(std::string_view pivot, std::string_view value, bool after) {
  for (std::size_t ci = 0; ci < chunks_.size(); ++ci) {
    const Chunk* chunk = chunks_[ci];
    std::string_view element;
    for (std::uint32_t offset = chunk->begin; offset < chunk->end;) {
      const std::uint32_t size = read_entry(chunk->data() + offset, element);
      if (element == pivot) {
        insert_at(ci, after ? offset + size : offset, value);
        return true;
      }
      offset += size;
    }
  }
  return false;
}

std::size_t List::remove(std::string_view value, std::size_t limit, End from) {
  invalidate_tail_cache();
  std::size_t removed = 0;
  std::vector<std::uint32_t> offsets;
  std::vector<bool> drop;
  std::vector<std::size_t> changed;
  const std::size_t chunk_count = chunks_.size();
  for (std::size_t step = 0; step < chunk_count && (limit == 0 || removed < limit); ++step) {
    const std::size_t ci = from == End::head ? step : chunk_count - 1 - step;
    Chunk* chunk = chunks_[ci];
    entry_offsets(chunk, offsets);
    const std::size_t n = offsets.size();
    drop.assign(n, false);
    std::size_t dropped = 0;
    std::string_view element;
    for (std::size_t k = 0; k < n && (limit == 0 || removed < limit); ++k) {
      const std::size_t i = from == End::head ? k : n - 1 - k;
      read_entry(chunk->data() + offsets[i], element);
      if (element == value) {
        drop[i] = true;
        ++dropped;
        ++removed;
      }
    }
    if (dropped == 0) continue;
    std::uint32_t write = chunk->begin;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t next = i + 1 < n ? offsets[i + 1] : chunk->end;
      if (drop[i]) continue;
      std::memmove(chunk->data() + write, chunk->data() + offsets[i], next - offsets[i]);
      write += next - offsets[i];
    }
    chunk->end = write;
    chunk->count -= static_cast<std::uint32_t>(dropped);
    size_ -= dropped;
    changed.push_back(ci);
  }
  // From the highest index down, so merging never moves a chunk still to visit.
  std::sort(changed.begin(), changed.end());
  for (std::size_t i = changed.size(); i-- > 0;) tidy(changed[i]);
  return removed;
}

void List::trim(std::size_t head, std::size_t tail) {
  std::string_view value;
  while (head > 0) {
    Chunk* chunk = chunks_[0];
    if (chunk->count <= head) {
      head -= chunk->count;
      size_ -= chunk->count;
      drop_chunk(0);
      continue;
    }
    for (std::size_t i = 0; i < head; ++i) {
      chunk->begin += read_entry(chunk->data() + chunk->begin, value);
      if (tail_cached_ && chunks_.size() == 1) tail_offsets_->pop_front();
    }
    chunk->count -= static_cast<std::uint32_t>(head);
    size_ -= head;
    head = 0;
    maybe_shrink(0);
  }
  while (tail > 0) {
    const std::size_t ci = chunks_.size() - 1;
    Chunk* chunk = chunks_[ci];
    if (chunk->count <= tail) {
      tail -= chunk->count;
      size_ -= chunk->count;
      drop_chunk(ci);
      continue;
    }
    const std::uint32_t keep = chunk->count - static_cast<std::uint32_t>(tail);
    if (!tail_cached_ && chunk->count > kTailCacheMinEntries) build_tail_cache();
    if (tail_cached_) {
      chunk->end = (*tail_offsets_)[keep];
      for (std::size_t i = 0; i < tail; ++i) tail_offsets_->pop_back();
    } else {
      std::uint32_t offset = chunk->begin;
      for (std::uint32_t i = 0; i < keep; ++i) offset += read_entry(chunk->data() + offset, value);
      chunk->end = offset;
    }
    chunk->count = keep;
    size_ -= tail;
    tail = 0;
    maybe_shrink(ci);
  }
}

bool List::check_invariants() const {
  std::size_t total = 0;
  for (std::size_t ci = 0; ci < chunks_.size(); ++ci) {
    const Chunk* chunk = chunks_[ci];
    if (chunk->count == 0 || chunk->begin > chunk->end || chunk->end > chunk->capacity) return false;
    std::vector<std::uint32_t> offsets;
    std::string_view value;
    std::uint32_t offset = chunk->begin;
    while (offset < chunk->end) {
      offsets.push_back(offset);
      offset += read_entry(chunk->data() + offset, value);
    }
    if (offset != chunk->end || offsets.size() != chunk->count) return false;
    if (tail_cached_ && is_tail(ci)) {
      if (tail_offsets_->size() != offsets.size()) return false;
      for (std::size_t i = 0; i < offsets.size(); ++i)
        if ((*tail_offsets_)[i] != offsets[i]) return false;
    }
    total += chunk->count;
  }
  return total == size_ && (!tail_cached_ || !chunks_.empty());
}

} // namespace not_redis::detail
