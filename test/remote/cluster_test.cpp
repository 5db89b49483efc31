// RemoteClient on a 3-master Redis Cluster the test creates from Debian's
// redis-server (cluster-enabled, on free loopback ports) with
// `redis-cli --cluster create`: the conformance suite, slot routing, CROSSSLOT,
// pipelines across nodes, MOVED and ASK during a slot migration, and
// resharding under load from 4 threads with no write lost or applied twice.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "conformance/conformance.hpp"
#include "harness.hpp"
#include "parity/redis_process.hpp"
#include "remote/cluster_slots.hpp"

using namespace test;
using not_redis::Error;
using not_redis::RemoteClient;
using not_redis::RemoteOptions;

namespace {

/// A free port whose cluster bus port (10000 above it) is free too.
int cluster_port() {
  for (;;) {
    const int port = parity::free_port();
    if (port + 10000 > 65535) continue;
    const int bus = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port + 10000));
    const bool free = ::bind(bus, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(bus);
    if (free) return port;
  }
}

/// Three masters, no replicas, slots split by redis-cli as it always does.
class RedisCluster {
public:
  RedisCluster() {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      static std::atomic<int> clusters{0};
      configs_[i] = fmt::format("/tmp/not_redis-cluster-{}-{}-{}.conf", ::getpid(), clusters++, i);
      std::filesystem::remove(configs_[i]);
      // Another test may take a free port before the node binds it.
      for (int attempt = 1;; ++attempt) {
        try {
          start(i, cluster_port());
          break;
        } catch (const std::runtime_error&) {
          if (attempt == 3) throw;
        }
      }
    }
    std::string create = test_program("REDIS_CLI", "redis-cli") + " --cluster create";
    for (auto& node : nodes_) create += fmt::format(" 127.0.0.1:{}", node.port());
    create += " --cluster-yes >/dev/null 2>&1";
    REQUIRE(std::system(create.c_str()) == 0);
    for (auto& node : nodes_) admin_.push_back(std::make_unique<RemoteClient>(standalone(node.port())));
    // Every node agrees the cluster is up before the test starts: each poll
    // is a round trip, and the nodes agree within a few gossip rounds.
    for (auto& admin : admin_) {
      for (int attempt = 0;; ++attempt) {
        const std::string info = admin->command<std::string>("CLUSTER", "INFO").get();
        if (info.find("cluster_state:ok") != std::string::npos) break;
        REQUIRE(attempt < 1'000'000);
      }
    }
  }
  ~RedisCluster() {
    admin_.clear();
    for (auto& node : nodes_) node.stop();
    for (auto& config : configs_) std::filesystem::remove(config);
  }

  /// A crash of node i (SIGKILL), then the same node back on its port, with
  /// its cluster configuration.
  void crash(std::size_t i) { nodes_[i].crash(); }
  void restart(std::size_t i) { start(i, nodes_[i].port()); }

  RemoteOptions options() const {
    RemoteOptions o;
    o.cluster = true;
    o.port = nodes_[0].port();
    for (std::size_t i = 1; i < nodes_.size(); ++i) o.seeds.push_back(fmt::format("127.0.0.1:{}", nodes_[i].port()));
    return o;
  }
  static RemoteOptions standalone(int port) {
    RemoteOptions o;
    o.port = port;
    return o;
  }
  /// A plain client of node i.
  RemoteClient& admin(std::size_t i) { return *admin_[i]; }
  std::size_t size() const { return nodes_.size(); }
  int port(std::size_t i) const { return nodes_[i].port(); }

  /// The node index serving `slot`, by asking node 0.
  std::size_t owner(int slot) {
    const Value slots = admin(0).command("CLUSTER", "SLOTS").get();
    for (const Value& range : slots.elements())
      if (range[0].integer_value() <= slot && slot <= range[1].integer_value())
        for (std::size_t i = 0; i < size(); ++i)
          if (range[2][1].integer_value() == port(i)) return i;
    FAIL("slot " << slot << " has no owner");
    return 0;
  }

  /// Moves `slot` from its owner to node `to` as redis-cli --cluster reshard
  /// does: IMPORTING, MIGRATING, MIGRATE of its keys in batches, then NODE on
  /// every master. `between` runs after the first batch moved, mid-migration.
  void move_slot(int slot, std::size_t to, const std::function<void()>& between = {}) {
    const std::size_t from = owner(slot);
    if (from == to) return;
    const std::string from_id = admin(from).command<std::string>("CLUSTER", "MYID").get();
    const std::string to_id = admin(to).command<std::string>("CLUSTER", "MYID").get();
    admin(to).command<void>("CLUSTER", "SETSLOT", slot, "IMPORTING", from_id).get();
    admin(from).command<void>("CLUSTER", "SETSLOT", slot, "MIGRATING", to_id).get();
    bool first = true;
    for (;;) {
      const auto keys = admin(from).command<std::vector<std::string>>("CLUSTER", "GETKEYSINSLOT", slot, 10).get();
      if (keys.empty()) break;
      not_redis::Argv migrate{"MIGRATE", "127.0.0.1", std::to_string(port(to)), "", "0", "5000", "KEYS"};
      for (const auto& k : keys) migrate.push_back(k);
      admin(from).execute(std::move(migrate)).get();
      if (first && between) between();
      first = false;
    }
    for (std::size_t i = 0; i < size(); ++i) admin(i).command<void>("CLUSTER", "SETSLOT", slot, "NODE", to_id).get();
  }

private:
  void start(std::size_t i, int port) {
    nodes_[i].start(test_program("REDIS_SERVER", "redis-server"), fmt::format("node{}", i),
                    {"--cluster-enabled", "yes", "--cluster-config-file", configs_[i], "--cluster-node-timeout", "5000"},
                    port);
  }

  std::array<parity::ServerProcess, 3> nodes_;
  std::array<std::string, 3> configs_;
  std::vector<std::unique_ptr<RemoteClient>> admin_;
};

/// A key of `slot`, found by trying names.
std::string key_in_slot(int slot, std::string_view prefix = "k") {
  for (int i = 0;; ++i) {
    std::string key = fmt::format("{}{}", prefix, i);
    if (not_redis::detail::key_hash_slot(key) == slot) return key;
  }
}

} // namespace

TEST_CASE("cluster slots: CRC16 and hash tags as Redis computes them") {
  using not_redis::detail::key_hash_slot;
  CHECK(not_redis::detail::crc16("123456789") == 0x31C3);
  // Values from redis-cli CLUSTER KEYSLOT.
  CHECK(key_hash_slot("foo") == 12182);
  CHECK(key_hash_slot("bar") == 5061);
  CHECK(key_hash_slot("{user1000}.following") == key_hash_slot("user1000"));
  CHECK(key_hash_slot("foo{}{bar}") == key_hash_slot("foo{}{bar}"));
  CHECK(key_hash_slot("foo{}{bar}") == 8363);   // an empty tag hashes the whole key
  CHECK(key_hash_slot("foo{{bar}}zap") == key_hash_slot("{bar"));
  CHECK(key_hash_slot("foo{bar}{zap}") == key_hash_slot("bar"));
  using not_redis::detail::command_slot;
  CHECK(std::get<int>(command_slot(not_redis::Argv{"GET", "foo"})) == 12182);
  CHECK(std::holds_alternative<not_redis::detail::CrossSlot>(command_slot(not_redis::Argv{"MSET", "foo", "1", "bar", "2"})));
  CHECK(std::get<int>(command_slot(not_redis::Argv{"MSET", "{t}a", "1", "{t}b", "2"})) == key_hash_slot("t"));
  CHECK(std::holds_alternative<not_redis::detail::NoKeys>(command_slot(not_redis::Argv{"PING"})));
  CHECK(std::get<int>(command_slot(not_redis::Argv{"SPUBLISH", "foo", "m"})) == 12182);
  CHECK(std::get<int>(command_slot(not_redis::Argv{"XREAD", "COUNT", "1", "STREAMS", "foo", "0"})) == 12182);
}

TEST_CASE("cluster: conformance, routing, CROSSSLOT, pipelines and transactions across three masters") {
  RedisCluster cluster;
  RemoteClient redis(cluster.options());
  // The suite's keys share one hash tag, so its multi-key commands are legal.
  conformance::conformance_all(redis, "{c}:", true);

  // Keys spread over every master, and read back through the client.
  not_redis::Pipeline writes;
  for (int i = 0; i < 1000; ++i) writes.set(fmt::format("key:{}", i), i);
  const auto written = redis.execute(std::move(writes)).get();
  REQUIRE(written.size() == 1000);
  long long total = 0;
  for (std::size_t i = 0; i < cluster.size(); ++i) {
    const long long here = cluster.admin(i).dbsize().get();
    CHECK(here > 200);
    total += here;
  }
  CHECK(total == 1000);
  CHECK(redis.dbsize().get() == 1000);  // summed over the masters
  not_redis::Pipeline reads;
  for (int i = 0; i < 1000; ++i) reads.get(fmt::format("key:{}", i));
  const auto values = redis.execute(std::move(reads)).get();
  for (int i = 0; i < 1000; ++i) CHECK(values.get<std::string>(i) == std::to_string(i));
  CHECK(redis.keys<std::set<std::string>>("key:99*").get() ==
        std::set<std::string>{"key:99", "key:990", "key:991", "key:992", "key:993", "key:994", "key:995", "key:996",
                              "key:997", "key:998", "key:999"});
  // SCAN visits every master in turn.
  std::set<std::string> scanned;
  for (const std::string& key : redis.scan({.match = "key:*", .count = 100})) scanned.insert(key);
  CHECK(scanned.size() == 1000);

  // Multi-key commands in one slot work; across slots they fail before sending.
  redis.mset({{"{u1}.a", "1"}, {"{u1}.b", "2"}}).get();
  CHECK(redis.mget("{u1}.a", "{u1}.b").get() == std::vector<std::optional<std::string>>{"1", "2"});
  CHECK(thrown_text(redis.mget("foo", "bar")) == "CROSSSLOT Keys in request don't hash to the same slot");
  CHECK(redis.command("DEL", "foo", "bar").get() == err("CROSSSLOT Keys in request don't hash to the same slot"));
  not_redis::Transaction tx;
  tx.incr("{u1}.n");
  tx.incr("{u1}.n");
  CHECK(redis.execute(std::move(tx)).get().values() == Value::Array{Value::integer(1), Value::integer(2)});
  not_redis::Transaction spread;
  spread.incr("foo");
  spread.incr("bar");
  CHECK(thrown_text(redis.execute(std::move(spread))) == "CROSSSLOT Keys in request don't hash to the same slot");
  // WATCH on the node of the key's slot.
  int attempts = 0;
  redis.transaction({"{u1}.balance"}, [&](not_redis::Transaction& t) {
    ++attempts;
    t.set("{u1}.balance", 10);
  });
  CHECK(attempts == 1);
  CHECK(redis.get("{u1}.balance").get() == "10");
  // Blocking commands wait on a connection of their own, on the key's master.
  auto waiting = redis.blpop({"{q}jobs"}, 5s);
  CHECK(redis.rpush("{q}jobs", "x").get() == 1);
  CHECK(waiting.get() == std::pair<std::string, std::string>{"{q}jobs", "x"});
  redis.flushall().get();
  CHECK(redis.dbsize().get() == 0);
}

TEST_CASE("cluster: MOVED and ASK while a slot migrates") {
  RedisCluster cluster;
  RemoteClient redis(cluster.options());
  const int slot = not_redis::detail::key_hash_slot("foo");
  std::vector<std::string> keys;
  for (int i = 0; i < 30; ++i) keys.push_back(key_in_slot(slot, fmt::format("m{}-", i)));
  for (const auto& k : keys) redis.set(k, k).get();
  const std::size_t to = (cluster.owner(slot) + 1) % cluster.size();
  cluster.move_slot(slot, to, [&] {
    // Mid-migration: moved keys answer ASK at the old owner, the others are
    // still there; the client follows either way.
    for (const auto& k : keys) CHECK(redis.get(k).get() == k);
    CHECK(redis.set(keys.front(), "during").get());
  });
  CHECK(cluster.owner(slot) == to);
  // Now MOVED, once; the map is updated for the next ones.
  CHECK(redis.get(keys.front()).get() == "during");
  for (std::size_t i = 1; i < keys.size(); ++i) CHECK(redis.get(keys[i]).get() == keys[i]);
  CHECK(cluster.admin(to).command<long long>("CLUSTER", "COUNTKEYSINSLOT", slot).get() == 30);
}

TEST_CASE("cluster: resharding under load loses and repeats no write") {
  RedisCluster cluster;
  RemoteOptions o = cluster.options();
  o.command_timeout = 10s;
  RemoteClient redis(o);
  constexpr int kThreads = 4, kCounters = 64;
  std::atomic<bool> stop{false};
  std::array<std::array<long long, kCounters>, kThreads> acknowledged{};
  std::atomic<int> failures{0};
  std::mutex first_failure_mutex;
  std::string first_failure;
  const auto failed = [&](std::string what) {
    failures.fetch_add(1);
    std::lock_guard lock(first_failure_mutex);
    if (first_failure.empty()) first_failure = std::move(what);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (long long round = 0; !stop.load(); ++round) {
        std::vector<not_redis::Future<long long>> inflight;
        for (int c = 0; c < kCounters; ++c) inflight.push_back(redis.incr(fmt::format("counter:{}:{}", t, c)));
        for (int c = 0; c < kCounters; ++c) {
          try {
            const long long value = inflight[c].get();
            // Each INCR applied once: its reply is exactly one more.
            if (value != acknowledged[t][c] + 1)
              failed(fmt::format("INCR counter:{}:{} gave {} after {}", t, c, value, acknowledged[t][c]));
            acknowledged[t][c] = value;
          } catch (const Error& e) {
            failed(e.what());
          }
        }
      }
    });
  // Move the slots of a third of the counters around while the threads write.
  std::set<int> slots;
  for (int t = 0; t < kThreads; ++t)
    for (int c = 0; c < kCounters; c += 3) slots.insert(not_redis::detail::key_hash_slot(fmt::format("counter:{}:{}", t, c)));
  std::atomic<long long> incrs_during{0};
  for (int round = 0; round < 2; ++round)
    for (int slot : slots)
      cluster.move_slot(slot, (cluster.owner(slot) + 1) % cluster.size(), [&] {
        // Mid-migration: the writers go on, some of their keys answering ASK.
        incrs_during += redis.incr("{probe}during").get() > 0;
      });
  stop = true;
  for (auto& t : threads) t.join();
  CHECK_MESSAGE(failures.load() == 0, first_failure);
  CHECK(incrs_during.load() > 0);
  long long total = 0;
  for (const auto& counters : acknowledged)
    for (long long n : counters) total += n;
  MESSAGE(fmt::format("{} INCRs acknowledged while {} slots moved twice", total, slots.size()));
  CHECK(total > kThreads * kCounters);
  for (int t = 0; t < kThreads; ++t)
    for (int c = 0; c < kCounters; ++c)
      CHECK(redis.get(fmt::format("counter:{}:{}", t, c)).get() == std::to_string(acknowledged[t][c]));
}

TEST_CASE("cluster: a master killed mid-pipeline fails its calls, not the others, and the client recovers") {
  RedisCluster cluster;
  RemoteOptions o = cluster.options();
  o.command_timeout = 500ms;
  o.reconnect_max = 50ms;
  RemoteClient redis(o);
  const int slot = not_redis::detail::key_hash_slot("foo");
  const std::size_t victim = cluster.owner(slot);
  const std::string elsewhere = key_in_slot(cluster.owner(0) == victim ? 16383 - 1 : 0, "e");
  REQUIRE(cluster.owner(not_redis::detail::key_hash_slot(elsewhere)) != victim);
  CHECK(redis.set("foo", "1").get());
  CHECK(redis.set(elsewhere, "2").get());
  not_redis::Pipeline batch;
  for (int i = 0; i < 100; ++i) {
    batch.incr("foo");
    batch.incr(elsewhere);
  }
  auto in_flight = redis.execute(std::move(batch));
  cluster.crash(victim);
  // Whatever the kill caught: an error for the pipeline, never a hang.
  try {
    in_flight.get();
  } catch (const Error& e) {
    CHECK((e.kind() == Error::Kind::io || e.kind() == Error::Kind::timeout));
  }
  // The victim's slots fail fast or time out; the other masters serve on.
  CHECK_THROWS_AS(redis.get("foo").get(), Error);
  CHECK(redis.get(elsewhere).get().has_value());
  cluster.restart(victim);
  // Back (empty: it kept nothing on disk), with its slots, and served again.
  bool stored = false;
  for (int attempt = 0; attempt < 100 && !stored; ++attempt) {
    try {
      stored = redis.set("foo", "back").get();
    } catch (const Error&) {
    }
  }
  CHECK(stored);
  CHECK(redis.get("foo").get() == "back");
}

TEST_CASE("cluster: Subscriber with channels, patterns and shard channels on several masters") {
  RedisCluster cluster;
  RemoteClient redis(cluster.options());
  not_redis::Subscriber events(redis);
  // Shard channels of slots on different masters.
  const std::string a = key_in_slot(0, "shard-a"), b = key_in_slot(16383, "shard-b");
  REQUIRE(cluster.owner(not_redis::detail::key_hash_slot(a)) != cluster.owner(not_redis::detail::key_hash_slot(b)));
  events.ssubscribe(a).get();
  events.ssubscribe(b).get();
  events.subscribe("news").get();
  events.psubscribe("orders.*").get();
  CHECK(thrown_text(events.ssubscribe(a, b)) == "CROSSSLOT Keys in request don't hash to the same slot");
  CHECK(redis.spublish(a, "1").get() == 1);
  CHECK(redis.spublish(b, "2").get() == 1);
  CHECK(redis.publish("news", "3").get() == 1);
  CHECK(redis.publish("orders.new", "4").get() == 1);
  std::multiset<std::string> got;
  for (int i = 0; i < 4; ++i) got.insert(events.next().get().payload);
  CHECK(got == std::multiset<std::string>{"1", "2", "3", "4"});
  events.sunsubscribe().get();  // from both masters
  CHECK(redis.spublish(a, "gone").get() == 0);
  CHECK(redis.spublish(b, "gone").get() == 0);
  CHECK(redis.publish("news", "still").get() == 1);
  CHECK(events.next().get().payload == "still");
}
