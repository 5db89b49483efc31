// Streams where the parity scripts cannot go: ids from the store's clock
// (ManualClock), and blocking XREAD/XREADGROUP, whose behaviour follows
// redis-server 7.0.15 watched from redis-cli sessions (served by the write
// that makes data visible, FIFO, `$` fixed at block time, `>` following the
// group, UNBLOCKED when the key goes, NOGROUP when the group does); then a
// work queue of 4 consumer threads with a consumer that dies.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "harness.hpp"

using namespace test;

namespace {

constexpr long long kStartMs = 1767225600000;  // test::Store's ManualClock

std::string id_at(long long ms, long long seq) { return fmt::format("{}-{}", ms, seq); }

/// XREAD's reply to an in-process (RESP3) caller: key -> entries.
Value reads(std::initializer_list<std::pair<std::string_view, Value>> streams) {
  Value::Array flat;
  for (const auto& [key, entries] : streams) {
    flat.push_back(bulk(key));
    flat.push_back(entries);
  }
  return Value::map(std::move(flat));
}
Value entry(std::string_view id, std::initializer_list<std::string_view> fields) {
  return array({bulk(id), bulks(fields)});
}

} // namespace

TEST_CASE("XADD * takes its milliseconds from the store's clock, and stays increasing when the clock goes back") {
  Store store;
  CHECK(store.run({"XADD", "s", "*", "f", "v"}) == bulk(id_at(kStartMs, 0)));
  CHECK(store.run({"XADD", "s", "*", "f", "v"}) == bulk(id_at(kStartMs, 1)));
  store.advance(5ms);
  CHECK(store.run({"XADD", "s", "*", "f", "v"}) == bulk(id_at(kStartMs + 5, 0)));
  // The clock moves back: the sequence grows instead, as Redis's streamNextID.
  store.clock.set(std::chrono::milliseconds(kStartMs - 1000));
  CHECK(store.run({"XADD", "s", "*", "f", "v"}) == bulk(id_at(kStartMs + 5, 1)));
  CHECK(store.run({"XADD", "s", fmt::format("{}-*", kStartMs + 5), "f", "v"}) == bulk(id_at(kStartMs + 5, 2)));
  CHECK(store.run({"XADD", "s", fmt::format("{}-*", kStartMs + 4), "f", "v"}) ==
        err("ERR The ID specified in XADD is equal or smaller than the target stream top item"));
  CHECK(store.run({"XLEN", "s"}) == integer(5));
  CHECK(store.run({"TYPE", "s"}) == simple("stream"));
  CHECK(store.run({"OBJECT", "ENCODING", "s"}) == bulk("stream"));
}

TEST_CASE("a blocked XREAD is served by the XADD that passes its id, FIFO, and `$` means the last id at block time") {
  Store store;
  CHECK(store.run({"XADD", "s", "1-0", "a", "1"}) == bulk("1-0"));
  auto dollar = post(store, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"});
  auto later = post(store, {"XREAD", "BLOCK", "0", "STREAMS", "s", "5-0"});
  auto other = post(store, {"XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "t", "s", "0", "1-0"});
  store->run_until_idle();
  CHECK(info_field(store, "clients", "blocked_clients") == "3");
  CHECK(store.run({"XADD", "s", "2-0", "b", "2"}) == bulk("2-0"));
  // The first and the third are served by 2-0; the second waits for an id past 5-0.
  REQUIRE(dollar.ready());
  CHECK(dollar.get() == reads({{"s", array({entry("2-0", {"b", "2"})})}}));
  REQUIRE(other.ready());
  CHECK(other.get() == reads({{"s", array({entry("2-0", {"b", "2"})})}}));
  CHECK_FALSE(later.ready());
  CHECK(store.run({"XADD", "s", "5-0", "c", "3"}) == bulk("5-0"));
  CHECK_FALSE(later.ready());
  CHECK(store.run({"XADD", "s", "6-0", "d", "4"}) == bulk("6-0"));
  CHECK(later.get() == reads({{"s", array({entry("6-0", {"d", "4"})})}}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("a blocked XREAD outlives a DEL of its key and a new stream below its id, and times out on the clock") {
  Store store;
  CHECK(store.run({"XADD", "s", "10-0", "a", "1"}) == bulk("10-0"));
  auto waiting = post(store, {"XREAD", "BLOCK", "1000", "STREAMS", "s", "$"});
  store->run_until_idle();
  CHECK(store.run({"DEL", "s"}) == integer(1));
  CHECK(store.run({"XADD", "s", "1-1", "a", "1"}) == bulk("1-1"));  // below 10-0: not for it
  CHECK(store.run({"SET", "s", "now a string"}) == ok());
  store->run_until_idle();
  CHECK_FALSE(waiting.ready());
  store->run_for(1000ms);
  CHECK_FALSE(waiting.ready());  // a caller times out once the time is past its deadline
  store->run_for(1ms);
  REQUIRE(waiting.ready());
  CHECK(waiting.get() == Value::null_array());
}

TEST_CASE("an XADD trimmed away at once still serves a blocked reader, with no entries, as Redis does") {
  Store store;
  CHECK(store.run({"XADD", "s", "1-0", "a", "1"}) == bulk("1-0"));
  auto waiting = post(store, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"});
  store->run_until_idle();
  CHECK(store.run({"XADD", "s", "MAXLEN", "0", "2-0", "b", "2"}) == bulk("2-0"));
  CHECK(waiting.get() == reads({{"s", array({})}}));
}

TEST_CASE("blocked XREADGROUP: `>` follows the group, each entry goes to one consumer, NOACK leaves no PEL") {
  Store store;
  CHECK(store.run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"}) == ok());
  auto alice = post(store, {"XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "q", ">"});
  auto bob = post(store, {"XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "NOACK", "STREAMS", "q", ">"});
  store->run_until_idle();
  CHECK(store.run({"XADD", "q", "1-0", "job", "a"}) == bulk("1-0"));
  CHECK(alice.get() == reads({{"q", array({entry("1-0", {"job", "a"})})}}));
  CHECK_FALSE(bob.ready());  // the group moved past 1-0: nothing new for bob
  CHECK(store.run({"XADD", "q", "2-0", "job", "b"}) == bulk("2-0"));
  CHECK(bob.get() == reads({{"q", array({entry("2-0", {"job", "b"})})}}));
  CHECK(store.run({"XPENDING", "q", "g"}) ==
        array({integer(1), bulk("1-0"), bulk("1-0"), array({array({bulk("alice"), bulk("1")})})}));
  // Both consumers exist, created when they first read.
  CHECK(store.run({"XINFO", "GROUPS", "q"}) ==
        array({Value::map({bulk("name"), bulk("g"), bulk("consumers"), integer(2), bulk("pending"), integer(1),
                           bulk("last-delivered-id"), bulk("2-0"), bulk("entries-read"), integer(2), bulk("lag"),
                           integer(0)})}));
}

TEST_CASE("blocked XREADGROUP fails when its key goes (UNBLOCKED) or its group does (NOGROUP)") {
  Store store;
  const auto block = [&] {
    auto f = post(store, {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "q", ">"});
    store->run_until_idle();
    REQUIRE_FALSE(f.ready());
    return f;
  };
  const auto fresh = [&] {
    store.run({"DEL", "q"});
    CHECK(store.run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"}) == ok());
  };
  fresh();
  auto deleted = block();
  CHECK(store.run({"DEL", "q"}) == integer(1));
  CHECK(deleted.get() == err("UNBLOCKED the stream key no longer exists"));
  fresh();
  auto retyped = block();
  CHECK(store.run({"SET", "q", "v"}) == ok());
  CHECK(retyped.get() == err("UNBLOCKED the stream key no longer exists"));
  fresh();
  auto flushed = block();
  CHECK(store.run({"FLUSHALL"}) == ok());
  CHECK(flushed.get() == err("UNBLOCKED the stream key no longer exists"));
  fresh();
  auto destroyed = block();
  CHECK(store.run({"XGROUP", "DESTROY", "q", "g"}) == integer(1));
  CHECK(destroyed.get() == err("NOGROUP the consumer group this client was blocked on no longer exists"));
  // A stream without the group renamed onto the key: NOGROUP too.
  fresh();
  auto renamed = block();
  CHECK(store.run({"XADD", "other", "1-0", "f", "v"}) == bulk("1-0"));
  CHECK(store.run({"RENAME", "other", "q"}) == ok());
  CHECK(renamed.get() == err("NOGROUP the consumer group this client was blocked on no longer exists"));
}

TEST_CASE("inside MULTI a blocking stream read answers at once; CLIENT UNBLOCK-free timeouts count blocked_clients") {
  Store store;
  CHECK(store.run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"}) == ok());
  not_redis::Transaction tx;
  tx.command("XREAD", "BLOCK", "0", "STREAMS", "q", "$");
  tx.command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "q", ">");
  const not_redis::Replies replies = store->execute(std::move(tx)).get();
  CHECK(replies.get<Value>(0) == Value::null_array());
  CHECK(replies.get<Value>(1) == Value::null_array());
  auto waiting = post(store, {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "q", ">"});
  store->run_until_idle();
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  store->run_for(51ms);
  CHECK(waiting.get() == Value::null_array());
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("COPY keeps the groups and their PELs; RENAME moves them; expiry removes the stream") {
  Store store;
  CHECK(store.run({"XADD", "s", "1-0", "f", "v"}) == bulk("1-0"));
  CHECK(store.run({"XGROUP", "CREATE", "s", "g", "0"}) == ok());
  CHECK(store.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"}) ==
        reads({{"s", array({entry("1-0", {"f", "v"})})}}));
  CHECK(store.run({"COPY", "s", "t"}) == integer(1));
  CHECK(store.run({"XACK", "s", "g", "1-0"}) == integer(1));  // the copy's PEL is its own
  CHECK(store.run({"XPENDING", "t", "g", "-", "+", "10"}) ==
        array({array({bulk("1-0"), bulk("c"), integer(0), integer(1)})}));
  CHECK(store.run({"RENAME", "t", "u"}) == ok());
  CHECK(store.run({"XINFO", "CONSUMERS", "u", "g"}) ==
        array({Value::map({bulk("name"), bulk("c"), bulk("pending"), integer(1), bulk("idle"), integer(0)})}));
  CHECK(store.run({"PEXPIRE", "u", "10"}) == integer(1));
  store.advance(11ms);
  CHECK(store.run({"EXISTS", "u"}) == integer(0));
  CHECK(store.run({"SCAN", "0", "TYPE", "stream"}) == array({bulk("0"), array({bulk("s")})}));
}

TEST_CASE("a work queue: 4 consumer threads, one dies holding entries, XAUTOCLAIM hands them over, each processed once") {
  not_redis::Client store;
  constexpr int kJobs = 2000;
  CHECK(store.execute({"XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM"}).get() == ok());
  for (int i = 0; i < kJobs; ++i) store.execute({"XADD", "jobs", "*", "n", std::to_string(i)});
  // A consumer that takes 50 entries and dies before acknowledging them.
  const Value dead = store.execute({"XREADGROUP", "GROUP", "workers", "dead", "COUNT", "50", "STREAMS", "jobs", ">"}).get();
  REQUIRE(dead.type() == Value::Type::map);

  std::mutex mutex;
  std::multiset<std::string> processed;
  std::atomic<int> acked{0};
  const auto process = [&](const Value& entries) {
    std::vector<std::string> ids;
    for (const Value& e : entries.elements()) {
      if (e[1].is_nil() || e[1].is_null_array()) continue;  // deleted meanwhile: none here
      ids.push_back(e[0].string());
      std::lock_guard lock(mutex);
      processed.insert(e[1][1].string());
    }
    if (ids.empty()) return;
    not_redis::Argv ack{"XACK", "jobs", "workers"};
    for (const auto& id : ids) ack.push_back(id);
    acked += static_cast<int>(store.execute(std::move(ack)).get().integer_value());
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      const std::string name = fmt::format("worker-{}", w);
      for (;;) {
        const Value reply = store
                                .execute({"XREADGROUP", "GROUP", "workers", name, "COUNT", "10", "STREAMS", "jobs", ">"})
                                .get();
        if (reply.is_null_array()) break;  // nothing new left
        process(reply.elements()[1]);
      }
      if (w == 0) {
        // The survivor claims what the dead consumer held (min-idle 0 here).
        std::string cursor = "0-0";
        do {
          const Value claimed =
              store.execute({"XAUTOCLAIM", "jobs", "workers", name, "0", cursor, "COUNT", "20"}).get();
          cursor = claimed[0].string();
          process(claimed[1]);
        } while (cursor != "0-0");
      }
    });
  }
  for (auto& t : workers) t.join();
  CHECK(acked.load() == kJobs);
  CHECK(processed.size() == static_cast<std::size_t>(kJobs));
  std::set<std::string> distinct(processed.begin(), processed.end());
  CHECK(distinct.size() == static_cast<std::size_t>(kJobs));  // each exactly once
  CHECK(store.execute({"XPENDING", "jobs", "workers"}).get()[0] == integer(0));
  CHECK(store.execute({"XINFO", "GROUPS", "jobs"}).get()[0].elements()[11] == integer(0));  // lag
}
