#include "db/keyspace.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>

namespace not_redis::detail {

void Keyspace::record(KeyEventKind kind, std::string_view event, std::string_view key) {
  events_.push_back(KeyEvent{kind, event, Key(key), nullptr});
}

Entry* Keyspace::peek(std::string_view key) {
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  if (is_expired(*it)) {
    expire(*it);
    return nullptr;
  }
  return &*it;
}

Entry* Keyspace::find(std::string_view key) {
  Entry* e = peek(key);
  if (e) e->second.touch(now_seconds());
  return e;
}

void Keyspace::prefetch(std::span<const std::string_view> keys) const noexcept {
  const std::size_t n = std::min(keys.size(), kPrefetchKeys);
  std::array<std::size_t, kPrefetchKeys> buckets;
  // Hashing first, then reading every bucket in a loop with nothing else in
  // it, lets the CPU have all the keys' misses in flight at once. (KeyHash is
  // not noexcept only so that nodes cache the hash; on a string_view it cannot
  // throw.) Following chains to their second node here, or in a later step,
  // was measured to cost more than the misses it saves.
  for (std::size_t i = 0; i < n; ++i) buckets[i] = KeyHash{}(keys[i]) % map_.bucket_count();
  for (std::size_t i = 0; i < n; ++i) {
    // begin() reads the bucket slot and the node before the chain; the chain's
    // first node is fetched without waiting: its entry, and the hash cached
    // after it, which a lookup compares first and which may lie on the next
    // cache line (a 56-byte node starts anywhere in a 64-byte line).
    auto node = map_.begin(buckets[i]);
    if (node == map_.end(buckets[i])) continue;
    const auto* entry = reinterpret_cast<const char*>(&*node);
    __builtin_prefetch(entry);
    __builtin_prefetch(entry + sizeof(Entry));
  }
}

Keyspace::Presence Keyspace::presence(std::string_view key) const noexcept {
  auto it = map_.find(key);
  if (it == map_.end()) return Presence::absent;
  return is_expired(*it) ? Presence::expired : Presence::live;
}

Entry& Keyspace::set(std::string_view key, Object&& value, std::string_view event) {
  auto it = map_.find(key);
  // An expired value is reclaimed first ("expired", then the write), as
  // Redis's lookupKeyWrite does before setKey.
  if (it == map_.end() || is_expired(*it)) return *insert(key, std::move(value), event).first;
  remove_ttl(*it);
  if (policy_.server_del && lazy_free_) [[unlikely]] {
    lazy_free_->release(std::exchange(it->second, std::move(value)));
  } else {
    it->second = std::move(value);
  }
  it->second.touch(now_seconds());
  record(KeyEventKind::modified, event, key);
  return *it;
}

std::pair<Entry*, bool> Keyspace::insert(std::string_view key, Object&& value, std::string_view event) {
  auto it = map_.find(key);
  if (it != map_.end()) {
    if (!is_expired(*it)) return {&*it, false};
    expire(*it);
  }
  value.touch(now_seconds());
  if (notify_new_) [[unlikely]] notice("new", key);
  auto [pos, inserted] = map_.emplace(Key(key), std::move(value));
  record(KeyEventKind::modified, event, key);
  return {&*pos, inserted};
}

void Keyspace::modified(const Entry& entry, std::string_view event) {
  record(KeyEventKind::modified, event, entry.first.view());
}

bool Keyspace::erase(std::string_view key, std::string_view event, Reclaim reclaim) {
  Entry* e = peek(key);
  if (!e) return false;
  erase(*e, event, reclaim);
  return true;
}

void Keyspace::erase(Entry& entry, std::string_view event, Reclaim reclaim) {
  record(KeyEventKind::deleted, event, entry.first.view());
  remove(entry, lazily(reclaim));
}

void Keyspace::remove(Entry& entry, bool lazily) noexcept {
  remove_ttl(entry);
  // Erase by iterator: map_.erase(key) would hash again.
  const auto it = map_.find(entry.first.view());
  if (lazily && lazy_free_) {
    Object value = std::move(it->second);
    map_.erase(it);
    lazy_free_->release(std::move(value));
  } else {
    map_.erase(it);
  }
}

Entry& Keyspace::rename(Entry& from, std::string_view to) {
  const std::optional<std::int64_t> deadline = expiry(from);
  // The expiry heap points at the entry, not the value: detach the TTL here
  // and attach it to the new entry below.
  remove_ttl(from);
  Object value = std::move(from.second);
  const Key source(from.first.view());  // its entry goes before its event is recorded
  remove(from);
  // Redis deletes an existing destination without a "del" of its own:
  // "rename_to" is the one report of what happened to it. Its events come in
  // Redis's order: "new" for the destination, "rename_from", "rename_to".
  if (Entry* target = peek(to)) remove(*target, policy_.server_del);
  if (notify_new_) [[unlikely]] notice("new", to);
  record(KeyEventKind::deleted, "rename_from", source.view());
  value.touch(now_seconds());
  Entry& moved = *map_.emplace(Key(to), std::move(value)).first;
  record(KeyEventKind::modified, "rename_to", to);
  if (deadline) set_expiry(moved, *deadline, "");
  return moved;
}

void Keyspace::clear(std::string_view event, bool async) {
  std::shared_ptr<Map> emptied;
  if (async && lazy_free_) {
    // Whoever lets go of the emptied map last (the engine, once every consumer
    // of the event has looked at it) hands it to the thread.
    emptied = std::shared_ptr<Map>(new Map, [lazy_free = lazy_free_](Map* map) noexcept {
      lazy_free->release(std::unique_ptr<Map>(map));
    });
  } else {
    emptied = std::make_shared<Map>();
  }
  emptied->swap(map_);
  // The emptied entries still name heap slots; only their keys are read from now on.
  expiry_heap_.clear();
  expiry_heap_.shrink_to_fit();
  events_.push_back(KeyEvent{KeyEventKind::flushed, event, Key(std::string_view()), std::move(emptied)});
}

std::optional<std::int64_t> Keyspace::expiry(const Entry& entry) const noexcept {
  if (!entry.second.has_ttl()) return std::nullopt;
  return expiry_heap_[entry.second.expiry_slot()].deadline_ms;
}

bool Keyspace::is_expired(const Entry& entry) const noexcept {
  return entry.second.has_ttl() && expiry_heap_[entry.second.expiry_slot()].deadline_ms < now_ms_;  // Redis: expired once now > deadline
}

bool Keyspace::set_expiry(Entry& entry, std::int64_t deadline_ms, std::string_view event) {
  if (deadline_ms <= now_ms_) {
    // Deleted by a command, not expired: Redis counts and reports it as a
    // delete, freed as lazyfree-lazy-expire says.
    erase(entry, "del", policy_.expire ? Reclaim::async : Reclaim::sync);
    return false;
  }
  if (!event.empty()) record(KeyEventKind::modified, event, entry.first.view());
  if (entry.second.has_ttl()) {
    const std::size_t slot = entry.second.expiry_slot();
    const std::int64_t old = expiry_heap_[slot].deadline_ms;
    expiry_heap_[slot].deadline_ms = deadline_ms;
    if (deadline_ms < old) heap_sift_up(slot);
    else heap_sift_down(slot);
    return true;
  }
  expiry_heap_.push_back({deadline_ms, &entry});
  entry.second.set_expiry_slot(static_cast<std::uint32_t>(expiry_heap_.size() - 1));
  heap_sift_up(expiry_heap_.size() - 1);
  return true;
}

bool Keyspace::persist(Entry& entry) {
  if (!entry.second.has_ttl()) return false;
  record(KeyEventKind::modified, "persist", entry.first.view());
  remove_ttl(entry);
  return true;
}

void Keyspace::remove_ttl(Entry& entry) noexcept {
  if (!entry.second.has_ttl()) return;
  heap_remove(entry.second.expiry_slot());
  entry.second.clear_ttl();
}

void Keyspace::expire(Entry& entry) {
  record(KeyEventKind::expired, "expired", entry.first.view());
  ++expired_keys_;
  remove(entry, policy_.expire);
}

void Keyspace::heap_place(std::size_t slot, HeapItem item) noexcept {
  expiry_heap_[slot] = item;
  item.entry->second.set_expiry_slot(static_cast<std::uint32_t>(slot));
}

void Keyspace::heap_sift_up(std::size_t slot) noexcept {
  const HeapItem item = expiry_heap_[slot];
  while (slot > 0) {
    const std::size_t parent = (slot - 1) / 2;
    if (expiry_heap_[parent].deadline_ms <= item.deadline_ms) break;
    heap_place(slot, expiry_heap_[parent]);
    slot = parent;
  }
  heap_place(slot, item);
}

void Keyspace::heap_sift_down(std::size_t slot) noexcept {
  const HeapItem item = expiry_heap_[slot];
  const std::size_t n = expiry_heap_.size();
  for (;;) {
    std::size_t child = 2 * slot + 1;
    if (child >= n) break;
    if (child + 1 < n && expiry_heap_[child + 1].deadline_ms < expiry_heap_[child].deadline_ms) ++child;
    if (item.deadline_ms <= expiry_heap_[child].deadline_ms) break;
    heap_place(slot, expiry_heap_[child]);
    slot = child;
  }
  heap_place(slot, item);
}

void Keyspace::heap_remove(std::size_t slot) noexcept {
  const std::size_t last = expiry_heap_.size() - 1;
  if (slot != last) {
    const std::int64_t removed = expiry_heap_[slot].deadline_ms;
    heap_place(slot, expiry_heap_[last]);
    expiry_heap_.pop_back();
    if (expiry_heap_[slot].deadline_ms < removed) heap_sift_up(slot);
    else heap_sift_down(slot);
  } else {
    expiry_heap_.pop_back();
  }
}

std::optional<std::int64_t> Keyspace::next_deadline() const noexcept {
  if (expiry_heap_.empty()) return std::nullopt;
  return expiry_heap_.front().deadline_ms;
}

Keyspace::ExpireStats Keyspace::expire_due(std::int64_t now_ms, const std::function<bool(std::size_t)>& should_stop) {
  ExpireStats stats;
  const std::int64_t saved = now_ms_;
  now_ms_ = now_ms;
  while (!expiry_heap_.empty() && expiry_heap_.front().deadline_ms < now_ms) {
    if (should_stop(stats.expired)) {
      stats.more_due = true;
      break;
    }
    ++stats.examined;
    ++stats.expired;
    expire(*expiry_heap_.front().entry);
  }
  now_ms_ = saved;
  return stats;
}

namespace {
// A SCAN cursor: the next bucket in the low 40 bits, a tag of the bucket
// count in the high 24, so a cursor from before a rehash is recognised.
constexpr int kBucketBits = 40;
constexpr std::uint64_t kBucketMask = (1ULL << kBucketBits) - 1;
std::uint64_t table_tag(std::size_t bucket_count) noexcept { return (bucket_count & 0xffffff) | 1; }
} // namespace

std::uint64_t Keyspace::scan(std::uint64_t cursor, std::size_t count, const std::function<void(Entry&)>& visit) {
  if (map_.empty()) return 0;
  const std::size_t buckets = map_.bucket_count();
  std::size_t bucket = cursor & kBucketMask;
  if (cursor != 0 && (cursor >> kBucketBits) != table_tag(buckets)) bucket = 0;  // rehashed: start over
  std::vector<Entry*> batch;
  // Redis visits at least one bucket and at most 10*count of them (saturated:
  // COUNT may be as large as LLONG_MAX).
  const std::size_t budget_cap = std::numeric_limits<std::size_t>::max() / 10;
  std::size_t budget = std::min(std::max<std::size_t>(count, 1), budget_cap) * 10;
  while (bucket < buckets && budget-- > 0) {
    for (auto it = map_.begin(bucket); it != map_.end(bucket); ++it) batch.push_back(&*it);
    ++bucket;
    if (batch.size() >= count) break;
  }
  // Visit after the walk: lazy expiry inside `visit` may erase entries.
  for (Entry* e : batch) {
    if (is_expired(*e)) expire(*e);
    else visit(*e);
  }
  if (bucket >= buckets) return 0;
  return (table_tag(buckets) << kBucketBits) | bucket;
}

void Keyspace::for_each(const std::function<void(Entry&)>& visit) {
  for (auto it = map_.begin(); it != map_.end();) {
    Entry& e = *it++;
    if (is_expired(e)) expire(e);
    else visit(e);
  }
}

void Keyspace::for_each_unexpired(const std::function<void(const Entry&)>& visit) const {
  for (const Entry& e : map_)
    if (!is_expired(e)) visit(e);
}

Entry* Keyspace::random_entry(std::mt19937_64& rng) {
  while (!map_.empty()) {
    const std::size_t buckets = map_.bucket_count();
    Entry* picked = nullptr;
    // Pick a non-empty bucket, then an element in it. After mass deletion the
    // table may be sparse (std::unordered_map never shrinks), so cap the probes
    // and fall back to an element at a random position of the whole table.
    for (int probe = 0; probe < 100 && !picked; ++probe) {
      const std::size_t b = std::uniform_int_distribution<std::size_t>(0, buckets - 1)(rng);
      const std::size_t n = map_.bucket_size(b);
      if (n == 0) continue;
      auto it = map_.begin(b);
      std::advance(it, std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
      picked = &*it;
    }
    if (!picked) {
      auto it = map_.begin();
      std::advance(it, std::uniform_int_distribution<std::size_t>(0, map_.size() - 1)(rng));
      picked = &*it;
    }
    if (!is_expired(*picked)) return picked;
    expire(*picked);
  }
  return nullptr;
}

std::size_t Keyspace::payload_bytes() const noexcept {
  std::size_t total = expiry_heap_.capacity() * sizeof(HeapItem) + map_.bucket_count() * sizeof(void*);
  for (const auto& [key, value] : map_) total += sizeof(Entry) + sizeof(void*) + key.heap_bytes() + value.heap_bytes();
  return total;
}

} // namespace not_redis::detail
