#include "db/keyspace.hpp"

#include <algorithm>
#include <limits>

namespace not_redis::detail {

Entry* Keyspace::peek(std::string_view key) noexcept {
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  if (is_expired(*it)) {
    expire(*it);
    return nullptr;
  }
  return &*it;
}

Entry* Keyspace::find(std::string_view key) noexcept {
  Entry* e = peek(key);
  if (e) e->second.touch(now_seconds());
  return e;
}

Entry& Keyspace::set(std::string_view key, Object&& value) {
  auto [entry, inserted] = insert(key, std::move(value));
  if (!inserted) {
    signal_if_waited(key, value);
    remove_ttl(*entry);
    entry->second = std::move(value);
    entry->second.touch(now_seconds());
  }
  return *entry;
}

std::pair<Entry*, bool> Keyspace::insert(std::string_view key, Object&& value) {
  auto it = map_.find(key);
  if (it != map_.end()) {
    if (!is_expired(*it)) return {&*it, false};
    expire(*it);
  }
  value.touch(now_seconds());
  auto [pos, inserted] = map_.emplace(Key(key), std::move(value));
  signal_if_waited(key, pos->second);
  return {&*pos, inserted};
}

bool Keyspace::erase(std::string_view key) noexcept {
  Entry* e = peek(key);
  if (!e) return false;
  erase(*e);
  return true;
}

void Keyspace::erase(Entry& entry) noexcept {
  remove_ttl(entry);
  // Erase by iterator: map_.erase(key) would hash again.
  map_.erase(map_.find(entry.first.view()));
}

void Keyspace::clear() noexcept {
  expiry_heap_.clear();
  expiry_heap_.shrink_to_fit();
  Map().swap(map_);  // also releases the bucket array
}

std::optional<std::int64_t> Keyspace::expiry(const Entry& entry) const noexcept {
  if (!entry.second.has_ttl()) return std::nullopt;
  return expiry_heap_[entry.second.expiry_slot()].deadline_ms;
}

bool Keyspace::is_expired(const Entry& entry) const noexcept {
  return entry.second.has_ttl() && expiry_heap_[entry.second.expiry_slot()].deadline_ms < now_ms_;  // Redis: expired once now > deadline
}

bool Keyspace::set_expiry(Entry& entry, std::int64_t deadline_ms) {
  if (deadline_ms <= now_ms_) {
    expire(entry);
    --expired_keys_;  // deleted by a command, not expired: Redis counts it as a delete
    return false;
  }
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

bool Keyspace::persist(Entry& entry) noexcept {
  if (!entry.second.has_ttl()) return false;
  remove_ttl(entry);
  return true;
}

void Keyspace::remove_ttl(Entry& entry) noexcept {
  if (!entry.second.has_ttl()) return;
  heap_remove(entry.second.expiry_slot());
  entry.second.clear_ttl();
}

void Keyspace::expire(Entry& entry) noexcept {
  ++expired_keys_;
  erase(entry);
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

void Keyspace::add_waiter(std::string_view key) {
  auto it = waiters_.find(key);
  if (it == waiters_.end()) waiters_.emplace(std::string(key), 1);
  else ++it->second;
}

void Keyspace::remove_waiter(std::string_view key) noexcept {
  auto it = waiters_.find(key);
  if (it != waiters_.end() && --it->second == 0) waiters_.erase(it);
}

void Keyspace::signal_ready(std::string_view key) {
  if (waiters_.empty() || waiters_.find(key) == waiters_.end()) return;
  for (const auto& k : ready_keys_)
    if (k == key) return;
  ready_keys_.emplace_back(key);
}

void Keyspace::signal_if_waited(std::string_view key, const Object& value) {
  // Only types that blocking commands wait for; a client blocked on a list
  // stays blocked when the key becomes a string (as in Redis 7.0).
  if (waiters_.empty()) return;
  const ObjectType t = value.type();
  if (t == ObjectType::list || t == ObjectType::zset || t == ObjectType::stream) signal_ready(key);
}

std::size_t Keyspace::payload_bytes() const noexcept {
  std::size_t total = expiry_heap_.capacity() * sizeof(HeapItem) + map_.bucket_count() * sizeof(void*);
  for (const auto& [key, value] : map_) total += sizeof(Entry) + sizeof(void*) + key.heap_bytes() + value.heap_bytes();
  return total;
}

} // namespace not_redis::detail
