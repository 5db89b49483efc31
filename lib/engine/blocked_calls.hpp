#pragma once
// BlockedCalls: the one registry of who waits on what. A blocking command that
// finds nothing returns a Block; the engine parks its call here, in a FIFO per
// key and in a deadline index. Key events tell it which keys got data; the
// engine then serves those keys' waiters, first come first served.

#include <cstdint>
#include <algorithm>
#include <list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <not_redis/future.hpp>

#include "cmd/context.hpp"
#include "db/key_events.hpp"
#include "util/string_hash.hpp"

namespace not_redis::detail {

class Keyspace;

class BlockedCalls {
public:
  struct Waiter {
    CallState* state;
    Session* session;
    Block block;
    std::multimap<std::int64_t, Waiter*>::iterator deadline;  // end() when waiting forever
    std::vector<std::list<Waiter*>::iterator> queue_positions;  // one per key
    /// What runs when data arrives: the resolved command, or the original.
    const Argv& command() const noexcept { return block.resume ? *block.resume : state->argv; }
  };

  BlockedCalls() = default;
  BlockedCalls(const BlockedCalls&) = delete;
  BlockedCalls& operator=(const BlockedCalls&) = delete;
  ~BlockedCalls();

  /// Parks `state` (the registry takes the engine's reference) until data or its deadline.
  void park(CallState* state, Session& session, Block&& block);
  /// Removes `waiter` from every index and frees it; returns its call.
  CallState* remove(Waiter* waiter) noexcept;
  Waiter* find(CallState* state) const noexcept;
  std::size_t size() const noexcept { return parked_.size(); }
  bool empty() const noexcept { return parked_.empty(); }

  /// Key-event consumer: a key someone waits on that was written and now
  /// holds a value of the type a waiter wants becomes ready.
  void on_events(std::span<const KeyEvent> events, Keyspace& db);
  bool has_ready() const noexcept { return !ready_.empty(); }
  /// Serves the ready keys' waiters in arrival order: `rerun(waiter)` runs the
  /// waiter's command and returns its Outcome; a served waiter leaves the
  /// registry and its call and reply go to `served`. A waiter that would block
  /// again stops its key: nobody behind it can be served either.
  template <class Rerun>
  void serve_ready(Keyspace& db, Rerun&& rerun, std::vector<std::pair<CallState*, Value>>& served);

  /// The earliest deadline, if any caller waits with one.
  std::optional<std::int64_t> next_deadline() const noexcept;
  /// A caller whose deadline is strictly before `now_ms`, or nullptr.
  Waiter* first_due(std::int64_t now_ms) const noexcept;
  /// Removes every waiter; returns their calls (shutdown).
  std::vector<CallState*> remove_all() noexcept;

private:
  std::vector<std::string> take_ready() noexcept { return std::exchange(ready_, {}); }
  bool wants(const Waiter& waiter, Keyspace& db, std::string_view key) const;
  /// wants(), or the key went away from under a waiter that must hear it.
  bool interested(const Waiter& waiter, Keyspace& db, std::string_view key) const;
  void mark_ready(std::string_view key);

  std::unordered_map<std::string, std::list<Waiter*>, StringHash, std::equal_to<>> waiting_;  // key -> FIFO of callers
  std::multimap<std::int64_t, Waiter*> deadlines_;               // deadline ms -> caller
  std::unordered_map<CallState*, Waiter*> parked_;
  std::vector<std::string> ready_;  // in the order they became ready
};

template <class Rerun>
void BlockedCalls::serve_ready(Keyspace& db, Rerun&& rerun, std::vector<std::pair<CallState*, Value>>& served) {
  std::vector<const Waiter*> passed;  // stream readers that found nothing for them
  for (const std::string& key : take_ready()) {
    passed.clear();
    for (;;) {
      auto it = waiting_.find(key);
      if (it == waiting_.end()) break;
      // The first waiter for the type the key now holds (a BLPOP may wait
      // next to a BZPOPMIN); serving it may change the key for the next one.
      auto first = std::find_if(it->second.begin(), it->second.end(), [&](const Waiter* waiter) {
        return interested(*waiter, db, key) && std::find(passed.begin(), passed.end(), waiter) == passed.end();
      });
      if (first == it->second.end()) break;
      Waiter* waiter = *first;
      Outcome outcome = rerun(*waiter);
      if (outcome.blocked()) {
        // A pop that finds nothing leaves nothing for those behind it; a
        // stream reader waits for ids of its own, so the next may be served.
        if (waiter->block.wants != ObjectType::stream) break;
        passed.push_back(waiter);
        continue;
      }
      Value reply = std::move(outcome.reply());
      served.emplace_back(remove(waiter), std::move(reply));
    }
  }
}

} // namespace not_redis::detail
