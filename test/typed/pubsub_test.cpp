// The typed pub/sub methods (PUBLISH, SPUBLISH, PUBSUB ...): the arguments
// they send, and their replies converted on a store no one subscribes to
// (in process, nothing can yet), with the values redis-server 7.0.15 gives
// for the same commands. With subscribers: test/server/typed_pubsub_net_test.cpp.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

using namespace test;
using Strings = std::vector<std::string>;
using Counts = std::vector<std::pair<std::string, long long>>;

TEST_CASE("typed pub/sub methods send PUBLISH, SPUBLISH and PUBSUB's subcommands as Redis reads them") {
  using P = not_redis::Pipeline;
  CHECK(queued_argv([](P& p) { p.publish("news", "hi"); }) == Strings{"PUBLISH", "news", "hi"});
  CHECK(queued_argv([](P& p) { p.publish("news", 42); }) == Strings{"PUBLISH", "news", "42"});
  CHECK(queued_argv([](P& p) { p.spublish("shard", 1.5); }) == Strings{"SPUBLISH", "shard", "1.5"});
  CHECK(queued_argv([](P& p) { p.pubsub_channels(); }) == Strings{"PUBSUB", "CHANNELS"});
  CHECK(queued_argv([](P& p) { p.pubsub_channels("n*"); }) == Strings{"PUBSUB", "CHANNELS", "n*"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardchannels(); }) == Strings{"PUBSUB", "SHARDCHANNELS"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardchannels("s?"); }) == Strings{"PUBSUB", "SHARDCHANNELS", "s?"});
  CHECK(queued_argv([](P& p) { p.pubsub_numsub(); }) == Strings{"PUBSUB", "NUMSUB"});
  CHECK(queued_argv([](P& p) { p.pubsub_numsub("a", std::string("b")); }) == Strings{"PUBSUB", "NUMSUB", "a", "b"});
  CHECK(queued_argv([](P& p) { p.pubsub_numsub({"a", "b", "a"}); }) == Strings{"PUBSUB", "NUMSUB", "a", "b", "a"});
  CHECK(queued_argv([](P& p) { p.pubsub_numsub(Strings{"x", "y"}); }) == Strings{"PUBSUB", "NUMSUB", "x", "y"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardnumsub(); }) == Strings{"PUBSUB", "SHARDNUMSUB"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardnumsub("a"); }) == Strings{"PUBSUB", "SHARDNUMSUB", "a"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardnumsub({"a", "b"}); }) == Strings{"PUBSUB", "SHARDNUMSUB", "a", "b"});
  CHECK(queued_argv([](P& p) { p.pubsub_shardnumsub(std::set<std::string>{"b", "a"}); }) ==
        Strings{"PUBSUB", "SHARDNUMSUB", "a", "b"});
  CHECK(queued_argv([](P& p) { p.pubsub_numpat(); }) == Strings{"PUBSUB", "NUMPAT"});
}

TEST_CASE("with no subscriber, PUBLISH reaches 0 and PUBSUB reports an empty registry, as redis-server 7.0.15") {
  Store store;
  auto& s = store.client();
  CHECK(s.publish("news", "hi").get() == 0);
  CHECK(s.spublish("news", "hi").get() == 0);
  // Publishing registers nothing.
  CHECK(s.pubsub_channels().get() == Strings{});
  CHECK(s.pubsub_channels("*").get() == Strings{});
  CHECK(s.pubsub_shardchannels().get() == Strings{});
  CHECK(s.pubsub_shardchannels("n*").get() == Strings{});
  CHECK(s.pubsub_numpat().get() == 0);
  // Each channel with 0, in argument order, repeats kept (redis-cli: a 0 b 0 a 0).
  CHECK(s.pubsub_numsub("a", "b", "a").get() == Counts{{"a", 0}, {"b", 0}, {"a", 0}});
  CHECK(s.pubsub_numsub({"b", "a"}).get() == Counts{{"b", 0}, {"a", 0}});
  CHECK(s.pubsub_numsub(Strings{"z"}).get() == Counts{{"z", 0}});
  CHECK(s.pubsub_numsub().get() == Counts{});
  CHECK(s.pubsub_shardnumsub("a", "b", "a").get() == Counts{{"a", 0}, {"b", 0}, {"a", 0}});
  CHECK(s.pubsub_shardnumsub().get() == Counts{});
  // Other containers: a map folds the repeats, a set orders the channels.
  CHECK(s.pubsub_numsub<std::map<std::string, long long>>("b", "a", "b").get() ==
        std::map<std::string, long long>{{"a", 0}, {"b", 0}});
  CHECK(s.pubsub_channels<std::set<std::string>>().get().empty());
  // The store's reply, not the method, decides: the same call as a raw command.
  CHECK(store.run({"PUBSUB", "NUMSUB", "a", "b", "a"}) == array({bulk("a"), integer(0), bulk("b"), integer(0),
                                                                   bulk("a"), integer(0)}));
}

TEST_CASE("channel names and messages are binary safe") {
  Store store;
  auto& s = store.client();
  const std::string channel("c\0h\xff", 4);
  const std::string message("\0\xff\r\n", 4);
  long long receivers = -1;
  CHECK_NOTHROW(receivers = s.publish(channel, message).get());
  CHECK(receivers == 0);
  CHECK(s.spublish(channel, message).get() == 0);
  // The name comes back byte for byte, the NUL and the \xff included.
  const Counts counts = s.pubsub_numsub(channel, std::string_view("c")).get();
  REQUIRE(counts.size() == 2);
  CHECK(counts[0].first == channel);
  CHECK(counts[0].first.size() == 4);
  CHECK(counts[1] == std::make_pair(std::string("c"), 0LL));
  CHECK(s.pubsub_shardnumsub({std::string_view(channel)}).get() == Counts{{channel, 0}});
  CHECK(s.pubsub_channels(channel).get() == Strings{});
}

TEST_CASE("the pub/sub methods work on pipelines, transactions and inside atomically()") {
  Store store;
  not_redis::Pipeline pipeline;
  const auto published = pipeline.publish("news", "hi");
  const auto numsub = pipeline.pubsub_numsub({"news", "other"});
  const auto channels = pipeline.pubsub_channels();
  const not_redis::Replies pipelined = store->execute(std::move(pipeline)).get();
  CHECK(pipelined[published] == 0);
  CHECK(pipelined[numsub] == Counts{{"news", 0}, {"other", 0}});
  CHECK(pipelined[channels] == Strings{});

  not_redis::Transaction tx;
  const auto spublished = tx.spublish("shard", 7);
  const auto numpat = tx.pubsub_numpat();
  const auto shardnumsub = tx.pubsub_shardnumsub("shard");
  const auto shardchannels = tx.pubsub_shardchannels("s*");
  const not_redis::Replies committed = store->execute(std::move(tx)).get();
  CHECK(committed.size() == 4);
  CHECK(committed[spublished] == 0);
  CHECK(committed[numpat] == 0);
  CHECK(committed[shardnumsub] == Counts{{"shard", 0}});
  CHECK(committed[shardchannels] == Strings{});

  auto view = store->atomically([](not_redis::AtomicView& v) {
    return std::make_pair(v.publish("news", "x"), v.pubsub_numsub("news"));
  });
  CHECK(view.get() == std::make_pair(0LL, Counts{{"news", 0}}));
}
