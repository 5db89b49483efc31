// The typed pub/sub methods with real subscribers: network connections
// subscribe through the server, the in-process store publishes and asks
// PUBSUB. Expected values are redis-server 7.0.15's for the same subscriptions
// (a channel and a pattern on one connection, a shard channel on another).

#include <set>
#include <utility>
#include <vector>

#include "server/net_harness.hpp"

namespace {
using Strings = std::vector<std::string>;
using Counts = std::vector<std::pair<std::string, long long>>;
} // namespace

TEST_CASE("typed PUBLISH and PUBSUB see network subscribers as Redis counts them") {
  Net net;
  Conn subscriber = net.connect();
  subscriber.send(cmd({"SUBSCRIBE", "news"}));
  subscriber.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
  subscriber.send(cmd({"PSUBSCRIBE", "n*"}));
  subscriber.expect("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:2\r\n");
  auto& store = net.client();

  // The channel and the pattern: one connection, two receivers.
  CHECK(store.publish("news", "hi").get() == 2);
  subscriber.expect("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n"
                    "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n");
  CHECK(store.publish("nope", 7).get() == 1);  // the pattern only
  subscriber.expect("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnope\r\n" + bulk("7"));
  CHECK(store.publish("other", "x").get() == 0);
  CHECK(store.spublish("news", "x").get() == 0);  // channel and pattern subscribers get no shard message
  subscriber.expect_silence();

  CHECK(store.pubsub_numsub({"news"}).get() == Counts{{"news", 1}});
  CHECK(store.pubsub_numsub("news", "other", "news").get() == Counts{{"news", 1}, {"other", 0}, {"news", 1}});
  CHECK(store.pubsub_numsub("n*").get() == Counts{{"n*", 0}});  // patterns are not channels
  CHECK(store.pubsub_numpat().get() == 1);
  CHECK(store.pubsub_channels().get() == Strings{"news"});
  CHECK(store.pubsub_channels("n*").get() == Strings{"news"});
  CHECK(store.pubsub_channels("x*").get() == Strings{});
  CHECK(store.pubsub_shardchannels().get() == Strings{});
  CHECK(store.pubsub_shardnumsub("news").get() == Counts{{"news", 0}});

  // A second connection on the same pattern and on a shard channel: NUMPAT
  // counts distinct patterns (redis-server 7.0.15 says 1), PUBLISH every receiver.
  Conn second = net.connect();
  second.send(cmd({"PSUBSCRIBE", "n*"}));
  second.expect("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n");
  Conn shard = net.connect();
  shard.send(cmd({"SSUBSCRIBE", "shard1"}));
  shard.expect("*3\r\n$10\r\nssubscribe\r\n$6\r\nshard1\r\n:1\r\n");
  CHECK(store.pubsub_numpat().get() == 1);
  CHECK(store.publish("news", "again").get() == 3);
  subscriber.expect("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nagain\r\n"
                    "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nagain\r\n");
  second.expect("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nagain\r\n");
  CHECK(store.pubsub_shardchannels().get() == Strings{"shard1"});
  CHECK(store.pubsub_shardchannels("x*").get() == Strings{});
  CHECK(store.pubsub_shardnumsub({"shard1", "news"}).get() == Counts{{"shard1", 1}, {"news", 0}});
  CHECK(store.pubsub_channels<std::set<std::string>>().get() == std::set<std::string>{"news"});  // not shard1
  CHECK(store.publish("shard1", "m").get() == 0);  // a shard channel is not a channel
  CHECK(store.spublish("shard1", "m").get() == 1);
  shard.expect("*3\r\n$8\r\nsmessage\r\n$6\r\nshard1\r\n$1\r\nm\r\n");

  // Gone subscribers take their subscriptions with them.
  subscriber.close();
  second.close();
  shard.close();
  net.until([&] { return net.info("connected_clients") == "0"; });
  CHECK(store.publish("news", "late").get() == 0);
  CHECK(store.pubsub_numpat().get() == 0);
  CHECK(store.pubsub_channels().get() == Strings{});
  CHECK(store.pubsub_shardchannels().get() == Strings{});
  CHECK(store.pubsub_numsub("news").get() == Counts{{"news", 0}});
}
