#include "engine/blocked_calls.hpp"

#include <algorithm>

#include "db/keyspace.hpp"

namespace not_redis::detail {

BlockedCalls::~BlockedCalls() {
  for (auto& [state, waiter] : parked_) delete waiter;
}

void BlockedCalls::park(CallState* state, Session& session, Block&& block) {
  auto waiter = std::make_unique<Waiter>(Waiter{state, &session, std::move(block), deadlines_.end(), {}});
  waiter->queue_positions.reserve(waiter->block.keys.size());
  parked_.emplace(state, waiter.get());
  for (const std::string& key : waiter->block.keys) {
    auto& queue = waiting_[key];
    waiter->queue_positions.push_back(queue.insert(queue.end(), waiter.get()));
  }
  if (waiter->block.deadline_ms != 0) waiter->deadline = deadlines_.emplace(waiter->block.deadline_ms, waiter.get());
  waiter.release();
}

CallState* BlockedCalls::remove(Waiter* waiter) noexcept {
  for (std::size_t i = 0; i < waiter->queue_positions.size(); ++i) {
    auto it = waiting_.find(waiter->block.keys[i]);
    it->second.erase(waiter->queue_positions[i]);
    if (it->second.empty()) waiting_.erase(it);
  }
  if (waiter->deadline != deadlines_.end()) deadlines_.erase(waiter->deadline);
  parked_.erase(waiter->state);
  CallState* state = waiter->state;
  delete waiter;
  return state;
}

BlockedCalls::Waiter* BlockedCalls::find(CallState* state) const noexcept {
  auto it = parked_.find(state);
  return it == parked_.end() ? nullptr : it->second;
}

bool BlockedCalls::wants(const Waiter& waiter, Keyspace& db, std::string_view key) const {
  const Entry* entry = db.peek(key);
  return entry && entry->second.type() == waiter.block.wants;
}

bool BlockedCalls::interested(const Waiter& waiter, Keyspace& db, std::string_view key) const {
  if (wants(waiter, db, key)) return true;
  if (!waiter.block.unblock_when_gone) return false;
  const Entry* entry = db.peek(key);
  return !entry || entry->second.type() != waiter.block.wants;
}

void BlockedCalls::mark_ready(std::string_view key) {
  if (std::find(ready_.begin(), ready_.end(), key) == ready_.end()) ready_.emplace_back(key);
}

void BlockedCalls::on_events(std::span<const KeyEvent> events, Keyspace& db) {
  if (waiting_.empty()) return;
  for (const KeyEvent& event : events) {
    if (event.kind == KeyEventKind::flushed) {
      // Every key went: the waiters that must hear it do.
      for (const auto& entry : waiting_) {
        const std::string& key = entry.first;  // a plain reference: clang 14 cannot capture a structured binding
        if (std::any_of(entry.second.begin(), entry.second.end(),
                        [&](const Waiter* w) { return interested(*w, db, key); }))
          mark_ready(key);
      }
      continue;
    }
    auto it = waiting_.find(event.key.view());
    if (it == waiting_.end()) continue;
    // A client blocked on a list stays blocked when the key becomes a string
    // (as in Redis 7.0): only a value some waiter can use makes the key ready,
    // or, for an XREADGROUP, the stream's going away.
    if (std::any_of(it->second.begin(), it->second.end(),
                    [&](const Waiter* waiter) { return interested(*waiter, db, it->first); }))
      mark_ready(it->first);
  }
}

std::optional<std::int64_t> BlockedCalls::next_deadline() const noexcept {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

BlockedCalls::Waiter* BlockedCalls::first_due(std::int64_t now_ms) const noexcept {
  // As Redis: a caller times out once the time is strictly past its deadline.
  if (deadlines_.empty() || deadlines_.begin()->first >= now_ms) return nullptr;
  return deadlines_.begin()->second;
}

std::vector<CallState*> BlockedCalls::remove_all() noexcept {
  std::vector<CallState*> calls;
  calls.reserve(parked_.size());
  while (!parked_.empty()) calls.push_back(remove(parked_.begin()->second));
  return calls;
}

} // namespace not_redis::detail
