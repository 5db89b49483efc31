#include "db/stream.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

// A block's bytes: LEB128 varints and length-prefixed strings.
//   master:  nfields, then each field name
//   entry:   flags, ms delta, zigzag seq delta, [nfields, field, value ...] or value ...
constexpr std::uint8_t kDeleted = 1;
constexpr std::uint8_t kSameFields = 2;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(const std::string& in, std::size_t& at) noexcept {
  std::uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(in[at++]);
    v |= std::uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) return v;
  }
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

std::string_view get_string(const std::string& in, std::size_t& at) noexcept {
  const std::size_t n = get_varint(in, at);
  const std::string_view s(in.data() + at, n);
  at += n;
  return s;
}

void skip_string(const std::string& in, std::size_t& at) noexcept { at += get_varint(in, at); }

std::uint64_t zigzag(std::int64_t v) noexcept {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) noexcept { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

// --- Redis's listpack sizes (listpack.c), so blocks split where its nodes do ---

std::size_t lp_backlen(std::size_t encoded) noexcept {
  if (encoded <= 127) return 1;
  if (encoded < 16383) return 2;
  if (encoded < 2097151) return 3;
  if (encoded < 268435455) return 4;
  return 5;
}

std::size_t lp_integer_size(long long v) noexcept {
  std::size_t encoded;
  if (v >= 0 && v <= 127) encoded = 1;
  else if (v >= -4096 && v <= 4095) encoded = 2;
  else if (v >= -32768 && v <= 32767) encoded = 3;
  else if (v >= -8388608 && v <= 8388607) encoded = 4;
  else if (v >= -2147483648LL && v <= 2147483647LL) encoded = 5;
  else encoded = 9;
  return encoded + lp_backlen(encoded);
}

std::size_t lp_string_size(std::string_view s) noexcept {
  if (const auto v = parse_integer(s)) return lp_integer_size(*v);  // lpAppend stores integers as such
  std::size_t encoded = s.size();
  if (s.size() < 64) encoded += 1;
  else if (s.size() < 4096) encoded += 2;
  else encoded += 5;
  return encoded + lp_backlen(encoded);
}

constexpr std::size_t kListpackHeader = 6 + 1;  // total bytes, count; the end byte

} // namespace

std::optional<StreamId> StreamId::next() const noexcept {
  if (seq != UINT64_MAX) return StreamId{ms, seq + 1};
  if (ms != UINT64_MAX) return StreamId{ms + 1, 0};
  return std::nullopt;
}

std::optional<StreamId> StreamId::prev() const noexcept {
  if (seq != 0) return StreamId{ms, seq - 1};
  if (ms != 0) return StreamId{ms - 1, UINT64_MAX};
  return std::nullopt;
}

std::string StreamId::to_string() const { return fmt::format("{}-{}", ms, seq); }

// --- Groups ---------------------------------------------------------------------

StreamConsumer& StreamGroup::consumer(std::string_view name, std::int64_t now_ms, bool* created) {
  auto it = consumers.find(name);
  if (created) *created = it == consumers.end();
  if (it == consumers.end()) {
    auto consumer = std::make_unique<StreamConsumer>();
    consumer->name = name;
    consumer->seen_time_ms = now_ms;
    it = consumers.emplace(std::string(name), std::move(consumer)).first;
  }
  return *it->second;
}

StreamConsumer* StreamGroup::find_consumer(std::string_view name) noexcept {
  const auto it = consumers.find(name);
  return it == consumers.end() ? nullptr : it->second.get();
}

std::size_t StreamGroup::delete_consumer(std::string_view name) {
  const auto it = consumers.find(name);
  if (it == consumers.end()) return 0;
  const std::size_t owned = it->second->pending.size();
  for (const StreamId& id : it->second->pending) pending.erase(id);
  consumers.erase(it);
  return owned;
}

// --- Stream -----------------------------------------------------------------------

Stream::Stream(const Stream& other)
    : Aggregate(other), blocks_(other.blocks_), length_(other.length_), last_id_(other.last_id_),
      first_id_(other.first_id_), last_entry_id_(other.last_entry_id_), max_deleted_id_(other.max_deleted_id_),
      entries_added_(other.entries_added_) {
  // Groups point at their consumers: rebuilt, not copied.
  for (const auto& [name, group] : other.groups_) {
    StreamGroup& copy = groups_[name];
    copy.last_id = group.last_id;
    copy.entries_read = group.entries_read;
    for (const auto& [consumer_name, consumer] : group.consumers) {
      auto c = std::make_unique<StreamConsumer>(*consumer);
      copy.consumers.emplace(consumer_name, std::move(c));
    }
    for (const auto& [id, entry] : group.pending) {
      PendingEntry e = entry;
      e.consumer = copy.find_consumer(entry.consumer->name);
      copy.pending.emplace(id, e);
    }
  }
}

std::size_t Stream::memory_usage() const noexcept {
  // A map node is about 48 bytes of links and key, plus the block itself.
  std::size_t bytes = sizeof(Stream);
  for (const auto& [id, block] : blocks_) bytes += 48 + sizeof(Block) + block.data.capacity();
  for (const auto& [name, group] : groups_) {
    bytes += 48 + sizeof(StreamGroup) + name.capacity() + group.pending.size() * (48 + sizeof(PendingEntry));
    for (const auto& [consumer_name, consumer] : group.consumers)
      bytes += 48 + sizeof(StreamConsumer) + 2 * consumer_name.capacity() + consumer->pending.size() * 48;
  }
  return bytes;
}

std::size_t Stream::free_effort() const noexcept {
  // As Redis's lazyfreeGetFreeEffort for streams: nodes, plus the PELs.
  std::size_t effort = blocks_.size();
  for (const auto& [name, group] : groups_) effort += 1 + group.pending.size() + group.consumers.size();
  return effort;
}

template <class Fn>
void Stream::walk(StreamId master, const Block& block, Fn&& fn) {
  const std::string& d = block.data;
  std::size_t at = 0;
  const std::size_t master_fields = get_varint(d, at);
  for (std::size_t i = 0; i < master_fields; ++i) skip_string(d, at);
  for (std::size_t n = 0; n < block.entries; ++n) {
    const std::size_t start = at;
    const auto flags = static_cast<std::uint8_t>(d[at++]);
    const std::uint64_t ms_delta = get_varint(d, at);
    const std::int64_t seq_delta = unzigzag(get_varint(d, at));
    const StreamId id{master.ms + ms_delta, master.seq + static_cast<std::uint64_t>(seq_delta)};
    std::size_t strings = master_fields;
    if (!(flags & kSameFields)) strings = 2 * get_varint(d, at);
    for (std::size_t i = 0; i < strings; ++i) skip_string(d, at);
    if (!fn(start, id, flags)) return;
  }
}

StreamEntryView Stream::decode(const Block& block, std::size_t offset, StreamId id) {
  const std::string& d = block.data;
  StreamEntryView out{id, {}};
  std::size_t master_at = 0;
  const std::size_t master_fields = get_varint(d, master_at);
  std::size_t at = offset;
  const auto flags = static_cast<std::uint8_t>(d[at++]);
  get_varint(d, at);
  get_varint(d, at);
  if (flags & kSameFields) {
    out.fields.reserve(master_fields);
    for (std::size_t i = 0; i < master_fields; ++i) {
      const std::string_view field = get_string(d, master_at);
      out.fields.emplace_back(field, get_string(d, at));
    }
  } else {
    const std::size_t n = get_varint(d, at);
    out.fields.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view field = get_string(d, at);
      out.fields.emplace_back(field, get_string(d, at));
    }
  }
  return out;
}

void Stream::append(StreamId id, std::span<const std::string_view> fields, const StreamNodeLimits& limits) {
  const std::size_t numfields = fields.size() / 2;
  std::size_t value_bytes = 0;
  for (std::string_view f : fields) value_bytes += f.size();

  Block* block = nullptr;
  StreamId master;
  if (!blocks_.empty()) {
    auto& [tail_id, tail] = *blocks_.rbegin();
    // streamAppendItem: a new node once the listpack would reach the byte
    // limit, or the node holds max_entries (deleted ones count).
    const bool full_bytes = limits.max_bytes != 0 && tail.redis_bytes + value_bytes >= limits.max_bytes;
    const bool full_entries = limits.max_entries != 0 && tail.entries >= limits.max_entries;
    if (!full_bytes && !full_entries && tail.entries < UINT16_MAX) {
      block = &tail;
      master = tail_id;
    } else {
      // The tail is done growing: give back what doubling reserved, as
      // Redis's lpShrinkToFit does when a node is full.
      tail.data.shrink_to_fit();
    }
  }
  std::uint8_t flags = 0;
  if (!block) {
    Block fresh;
    put_varint(fresh.data, numfields);
    for (std::size_t i = 0; i < numfields; ++i) put_string(fresh.data, fields[2 * i]);
    // Redis's master entry: count, deleted, num-fields, the fields, a 0.
    fresh.redis_bytes = static_cast<std::uint32_t>(kListpackHeader + 2 * lp_integer_size(1) +
                                                   lp_integer_size(static_cast<long long>(numfields)) +
                                                   lp_integer_size(0));
    for (std::size_t i = 0; i < numfields; ++i) fresh.redis_bytes += static_cast<std::uint32_t>(lp_string_size(fields[2 * i]));
    block = &blocks_.emplace(id, std::move(fresh)).first->second;
    master = id;
    flags = kSameFields;
  } else {
    std::size_t at = 0;
    const std::size_t master_fields = get_varint(block->data, at);
    if (master_fields == numfields) {
      std::size_t i = 0;
      for (; i < numfields; ++i)
        if (get_string(block->data, at) != fields[2 * i]) break;
      if (i == numfields) flags = kSameFields;
    }
  }
  try {
    std::string& d = block->data;
    d.push_back(static_cast<char>(flags));
    put_varint(d, id.ms - master.ms);
    put_varint(d, zigzag(static_cast<std::int64_t>(id.seq - master.seq)));
    std::size_t redis = lp_integer_size(flags) + lp_integer_size(static_cast<long long>(id.ms - master.ms)) +
                        lp_integer_size(static_cast<long long>(id.seq - master.seq));
    if (!(flags & kSameFields)) {
      put_varint(d, numfields);
      redis += lp_integer_size(static_cast<long long>(numfields));
      for (std::string_view s : fields) {
        put_string(d, s);
        redis += lp_string_size(s);
      }
    } else {
      for (std::size_t i = 0; i < numfields; ++i) {
        put_string(d, fields[2 * i + 1]);
        redis += lp_string_size(fields[2 * i + 1]);
      }
    }
    const long long lp_count = static_cast<long long>(numfields) + 3 + ((flags & kSameFields) ? 0 : numfields + 1);
    redis += lp_integer_size(lp_count);
    block->redis_bytes += static_cast<std::uint32_t>(std::min<std::size_t>(redis, UINT32_MAX - block->redis_bytes));
  } catch (...) {
    if (block->entries == 0) blocks_.erase(master);
    throw;
  }
  ++block->entries;
  ++block->live;
  last_entry_id_ = id;
  if (length_ == 0) first_id_ = id;
  ++length_;
  ++entries_added_;
  last_id_ = id;
}

void Stream::visit_blocks(
    const std::function<void(StreamId, const std::vector<std::string_view>&, std::size_t, std::size_t)>& block_visit,
    const std::function<void(StreamId, std::uint8_t, const StreamEntryView&)>& entry_visit) const {
  std::vector<std::string_view> master_fields;
  for (const auto& node : blocks_) {
    // Not a structured binding: clang 14 cannot capture one in the lambda.
    const StreamId master = node.first;
    const Block& block = node.second;
    master_fields.clear();
    std::size_t at = 0;
    const std::size_t n = get_varint(block.data, at);
    for (std::size_t i = 0; i < n; ++i) master_fields.push_back(get_string(block.data, at));
    block_visit(master, master_fields, block.entries, block.live);
    walk(master, block, [&](std::size_t offset, StreamId id, std::uint8_t flags) {
      entry_visit(id, flags, decode(block, offset, id));
      return true;
    });
  }
}

void Stream::load_block(StreamId master, std::span<const std::string_view> master_fields,
                        std::span<const LoadedEntry> entries, std::size_t redis_bytes) {
  Block block;
  put_varint(block.data, master_fields.size());
  for (std::string_view f : master_fields) put_string(block.data, f);
  for (const LoadedEntry& e : entries) {
    bool same = e.fields.size() == 2 * master_fields.size();
    for (std::size_t i = 0; same && i < master_fields.size(); ++i) same = e.fields[2 * i] == master_fields[i];
    block.data.push_back(static_cast<char>((e.deleted ? kDeleted : 0) | (same ? kSameFields : 0)));
    put_varint(block.data, e.id.ms - master.ms);
    put_varint(block.data, zigzag(static_cast<std::int64_t>(e.id.seq - master.seq)));
    if (same) {
      for (std::size_t i = 0; i < master_fields.size(); ++i) put_string(block.data, e.fields[2 * i + 1]);
    } else {
      put_varint(block.data, e.fields.size() / 2);
      for (std::string_view s : e.fields) put_string(block.data, s);
    }
    ++block.entries;
    if (!e.deleted) ++block.live;
  }
  block.redis_bytes = static_cast<std::uint32_t>(std::min<std::size_t>(redis_bytes, UINT32_MAX));
  std::optional<StreamId> first_live;
  std::optional<StreamId> last_live;
  for (const LoadedEntry& e : entries) {
    if (e.deleted) continue;
    if (!first_live) first_live = e.id;
    last_live = e.id;
  }
  const std::size_t live = block.live;
  blocks_.emplace(master, std::move(block));
  if (!first_live) return;
  if (length_ == 0) first_id_ = *first_live;
  last_entry_id_ = *last_live;
  length_ += live;
}

void Stream::range(StreamId start, StreamId end, bool reverse,
                   const std::function<bool(const StreamEntryView&)>& visit) const {
  if (start > end || blocks_.empty()) return;
  // The block holding `start` is the last one whose master id is <= start.
  auto first = blocks_.upper_bound(start);
  if (first != blocks_.begin()) --first;
  const auto last = blocks_.upper_bound(end);
  if (!reverse) {
    for (auto it = first; it != last; ++it) {
      bool more = true;
      walk(it->first, it->second, [&](std::size_t offset, StreamId id, std::uint8_t flags) {
        if (id > end) return more = false;
        if ((flags & kDeleted) || id < start) return true;
        return more = visit(decode(it->second, offset, id));
      });
      if (!more) return;
    }
    return;
  }
  std::vector<std::pair<std::size_t, StreamId>> entries;
  for (auto it = last; it != first;) {
    --it;
    entries.clear();
    walk(it->first, it->second, [&](std::size_t offset, StreamId id, std::uint8_t flags) {
      if (id > end) return false;
      if (!(flags & kDeleted) && id >= start) entries.emplace_back(offset, id);
      return true;
    });
    for (auto e = entries.rbegin(); e != entries.rend(); ++e)
      if (!visit(decode(it->second, e->first, e->second))) return;
  }
}

std::optional<StreamEntryView> Stream::find(StreamId id) const {
  std::optional<StreamEntryView> out;
  range(id, id, false, [&](const StreamEntryView& e) {
    out = e;
    return false;
  });
  return out;
}

std::optional<StreamEntryView> Stream::last_entry() const {
  std::optional<StreamEntryView> out;
  range(StreamId::min(), StreamId::max(), true, [&](const StreamEntryView& e) {
    out = e;
    return false;
  });
  return out;
}

bool Stream::erase(StreamId id) {
  if (blocks_.empty()) return false;
  auto it = blocks_.upper_bound(id);
  if (it == blocks_.begin()) return false;
  --it;
  bool found = false;
  walk(it->first, it->second, [&](std::size_t offset, StreamId entry, std::uint8_t flags) {
    if (entry < id) return true;
    if (entry == id && !(flags & kDeleted)) {
      it->second.data[offset] = static_cast<char>(flags | kDeleted);
      found = true;
    }
    return false;
  });
  if (!found) return false;
  --length_;
  if (--it->second.live == 0) blocks_.erase(it);
  if (id == first_id_) refresh_first_id();
  if (id == last_entry_id_) {
    const auto last = last_entry();
    last_entry_id_ = last ? last->id : StreamId{};
  }
  return true;
}

void Stream::refresh_first_id() noexcept {
  // streamGetEdgeID(first, skip tombstones): {0, 0} once nothing is left.
  first_id_ = StreamId::min();
  for (const auto& [master, block] : blocks_) {
    bool found = false;
    walk(master, block, [&](std::size_t, StreamId id, std::uint8_t flags) {
      if (flags & kDeleted) return true;
      first_id_ = id;
      found = true;
      return false;
    });
    if (found) return;
  }
}

template <class DropsBlock, class KeepsEntry>
std::size_t Stream::trim_head(bool approx, std::size_t limit, DropsBlock&& drops_block, KeepsEntry&& keeps_entry) {
  // Redis's streamTrim: whole blocks from the head while they may all go
  // (and `limit` allows), then, unless approximate, entries within the next.
  std::size_t deleted = 0;
  for (auto it = blocks_.begin(); it != blocks_.end();) {
    Block& block = it->second;
    if (limit && deleted + block.live > limit) break;
    if (drops_block(it->first, block)) {
      length_ -= block.live;
      deleted += block.live;
      it = blocks_.erase(it);
      continue;
    }
    if (approx) break;
    walk(it->first, block, [&](std::size_t offset, StreamId id, std::uint8_t flags) {
      if (keeps_entry(id)) return false;
      if (!(flags & kDeleted)) {
        block.data[offset] = static_cast<char>(flags | kDeleted);
        --block.live;
        --length_;
        ++deleted;
      }
      return true;
    });
    break;
  }
  if (deleted) refresh_first_id();
  if (length_ == 0) last_entry_id_ = {};
  return deleted;
}

std::size_t Stream::trim_to_length(std::size_t maxlen, bool approx, std::size_t limit) {
  if (length_ <= maxlen) return 0;
  return trim_head(
      approx, limit, [&](StreamId, const Block& block) { return length_ - block.live >= maxlen; },
      [&](StreamId) { return length_ <= maxlen; });
}

std::size_t Stream::trim_before(StreamId minid, bool approx, std::size_t limit) {
  const auto drops_block = [&](StreamId master, const Block& block) {
    // The block's last entry, deleted or not, decides, as Redis's lpGetEdgeStreamID.
    StreamId last = master;
    walk(master, block, [&](std::size_t, StreamId id, std::uint8_t) {
      last = id;
      return true;
    });
    return last < minid;
  };
  return trim_head(approx, limit, drops_block, [&](StreamId id) { return id >= minid; });
}

StreamGroup* Stream::find_group(std::string_view name) noexcept {
  const auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : &it->second;
}

bool Stream::range_has_tombstones(StreamId start, StreamId end) const noexcept {
  if (length_ == 0 || max_deleted_id_.is_zero()) return false;  // empty, or no tombstones
  if (first_id_ > max_deleted_id_) return false;                // the latest tombstone is before the first entry
  return start <= max_deleted_id_ && max_deleted_id_ <= end;
}

std::optional<long long> Stream::estimate_distance(StreamId id) const noexcept {
  // Redis 7.0's streamEstimateDistanceFromFirstEverEntry.
  if (entries_added_ == 0) return 0;  // nothing was ever added
  if (length_ == 0 && id < last_id_) return static_cast<long long>(entries_added_);  // all deleted: the end
  if (id == last_id_) return static_cast<long long>(entries_added_);
  if (id > last_id_) return std::nullopt;  // past the end: cannot be estimated
  if (max_deleted_id_.is_zero() || max_deleted_id_ < first_id_) {
    // No fragmentation: the distance is known when id is at the edges.
    if (id < first_id_) return static_cast<long long>(entries_added_ - length_);
    if (id == first_id_) return static_cast<long long>(entries_added_ - length_ + 1);
  }
  return std::nullopt;
}

std::optional<long long> Stream::lag(const StreamGroup& group) const noexcept {
  // Redis 7.0's streamCGLag.
  if (entries_added_ == 0) return 0;
  if (group.entries_read != StreamGroup::kEntriesReadUnknown &&
      !range_has_tombstones(group.last_id, StreamId::max()))
    return static_cast<long long>(entries_added_) - group.entries_read;
  if (const auto read = estimate_distance(group.last_id)) return static_cast<long long>(entries_added_) - *read;
  return std::nullopt;
}

} // namespace not_redis::detail
