// The pub/sub family below the engine: sessions with a sink that records what
// is delivered to them, so confirmations, messages and their order are
// checked push by push. Expected replies are redis-server 7.0's (checked
// byte for byte over the wire with two connections).

#include <string>
#include <vector>

#include "cmd/pubsub.hpp"
#include "cmd/output_limit.hpp"
#include "harness_direct.hpp"

using namespace test;
using not_redis::Argv;
using not_redis::detail::Outcome;
using not_redis::detail::Session;

namespace {

/// A subscriber's connection: every push it was sent, in order.
struct RecordingSink final : not_redis::detail::MessageSink {
  std::vector<Value> pushes;
  void deliver(const Value& push) noexcept override { pushes.push_back(push); }
  std::vector<Value> take() { return std::exchange(pushes, {}); }
};

Value push(std::initializer_list<Value> elements) { return Value::push(elements); }
Value confirm(std::string_view kind, std::string_view name, long long count) {
  return push({bulk(std::string(kind)), bulk(std::string(name)), integer(count)});
}

/// Two connections on one store: a subscriber (RESP2 unless told) and a publisher.
struct PubSubStore : DirectStore {
  Session subscriber;
  RecordingSink sink;
  PubSubStore() {
    subscriber.network = true;
    subscriber.sink = &sink;
  }
  Value as_subscriber(const Argv& argv) {
    Outcome outcome = not_redis::detail::dispatch(store, subscriber, argv);
    return std::move(outcome.reply());
  }
};

} // namespace

TEST_CASE("SUBSCRIBE confirms each channel through the sink; PUBLISH reaches channel then pattern subscribers") {
  PubSubStore s;
  s.as_subscriber({"SUBSCRIBE", "a", "b", "a"});
  CHECK(std::exchange(s.subscriber.replied_through_sink, false));  // the server writes nothing more
  CHECK(s.sink.take() == std::vector<Value>{confirm("subscribe", "a", 1), confirm("subscribe", "b", 2),
                                            confirm("subscribe", "a", 2)});
  s.as_subscriber({"PSUBSCRIBE", "a*", "?"});
  CHECK(s.sink.take() == std::vector<Value>{confirm("psubscribe", "a*", 3), confirm("psubscribe", "?", 4)});

  CHECK(s.run({"PUBLISH", "a", "hello"}) == integer(3));  // the channel, a* and ?
  CHECK(s.sink.take() == std::vector<Value>{
                             push({bulk("message"), bulk("a"), bulk("hello")}),
                             push({bulk("pmessage"), bulk("a*"), bulk("a"), bulk("hello")}),
                             push({bulk("pmessage"), bulk("?"), bulk("a"), bulk("hello")}),
                         });
  CHECK(s.run({"PUBLISH", "nobody", "x"}) == integer(0));
  CHECK(s.sink.take().empty());
  const std::string binary("c\0h", 3);
  s.as_subscriber({"SUBSCRIBE", binary});
  s.sink.take();
  CHECK(s.run({"PUBLISH", binary, std::string("\0\xff", 2)}) == integer(1));
  CHECK(s.sink.take() == std::vector<Value>{push({bulk("message"), bulk(binary), bulk(std::string("\0\xff", 2))})});
}

TEST_CASE("UNSUBSCRIBE and PUNSUBSCRIBE: named, or everything in subscription order, or nothing") {
  PubSubStore s;
  s.as_subscriber({"SUBSCRIBE", "b", "a"});
  s.as_subscriber({"PSUBSCRIBE", "p*"});
  s.sink.take();
  s.as_subscriber({"UNSUBSCRIBE", "zz"});  // not subscribed: confirmed all the same
  CHECK(s.sink.take() == std::vector<Value>{confirm("unsubscribe", "zz", 3)});
  s.as_subscriber({"UNSUBSCRIBE"});
  CHECK(s.sink.take() == std::vector<Value>{confirm("unsubscribe", "b", 2), confirm("unsubscribe", "a", 1)});
  s.as_subscriber({"PUNSUBSCRIBE"});
  CHECK(s.sink.take() == std::vector<Value>{confirm("punsubscribe", "p*", 0)});
  s.as_subscriber({"UNSUBSCRIBE"});
  CHECK(s.sink.take() == std::vector<Value>{push({bulk("unsubscribe"), nil(), integer(0)})});
  CHECK_FALSE(s.subscriber.subscribed());
  CHECK(s.run({"PUBLISH", "a", "x"}) == integer(0));
}

TEST_CASE("a RESP2 subscriber runs only the subscription commands, PING, QUIT and RESET; RESP3 runs anything") {
  PubSubStore s;
  s.as_subscriber({"SUBSCRIBE", "a"});
  CHECK(s.as_subscriber({"GET", "k"}) ==
        err("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in "
            "this context"));
  CHECK(s.as_subscriber({"CLIENT", "ID"}).is_error());
  CHECK(s.as_subscriber({"PING"}) == array({bulk("pong"), bulk("")}));
  CHECK(s.as_subscriber({"PING", "hi"}) == array({bulk("pong"), bulk("hi")}));
  s.subscriber.resp = 3;
  CHECK(s.as_subscriber({"GET", "k"}) == nil());
  CHECK(s.as_subscriber({"PING"}) == Value::simple("PONG"));
  s.subscriber.resp = 2;
  CHECK(s.as_subscriber({"RESET"}) == Value::simple("RESET"));
  CHECK_FALSE(s.subscriber.subscribed());  // RESET unsubscribes, without confirmations
  CHECK(s.run({"PUBLISH", "a", "x"}) == integer(0));
  CHECK(s.as_subscriber({"GET", "k"}) == nil());
}

TEST_CASE("SSUBSCRIBE and SPUBLISH: shard channels apart from channels, counted apart") {
  PubSubStore s;
  s.as_subscriber({"SUBSCRIBE", "c"});
  s.as_subscriber({"SSUBSCRIBE", "c", "d"});
  CHECK(s.sink.take() == std::vector<Value>{confirm("subscribe", "c", 1), confirm("ssubscribe", "c", 1),
                                            confirm("ssubscribe", "d", 2)});
  CHECK(s.run({"SPUBLISH", "c", "m"}) == integer(1));
  CHECK(s.sink.take() == std::vector<Value>{push({bulk("smessage"), bulk("c"), bulk("m")})});
  CHECK(s.run({"PUBLISH", "d", "m"}) == integer(0));
  s.as_subscriber({"SUNSUBSCRIBE"});
  CHECK(s.sink.take() == std::vector<Value>{confirm("sunsubscribe", "c", 1), confirm("sunsubscribe", "d", 0)});
}

TEST_CASE("PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB and INFO's counts") {
  PubSubStore s;
  s.as_subscriber({"SUBSCRIBE", "news", "sport"});
  s.as_subscriber({"PSUBSCRIBE", "n*", "x"});
  s.as_subscriber({"SSUBSCRIBE", "shard"});
  CHECK(s.run({"PUBSUB", "CHANNELS", "n*"}) == array({bulk("news")}));
  CHECK(s.run({"PUBSUB", "CHANNELS", "nosuch*"}) == array({}));
  CHECK(s.run({"PUBSUB", "CHANNELS"}).elements().size() == 2);
  CHECK(s.run({"PUBSUB", "CHANNELS", "a", "b"}) ==
        err("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP."));
  CHECK(s.run({"PUBSUB", "NUMSUB", "news", "none"}) == array({bulk("news"), integer(1), bulk("none"), integer(0)}));
  CHECK(s.run({"PUBSUB", "NUMSUB"}) == array({}));
  CHECK(s.run({"PUBSUB", "NUMPAT"}) == integer(2));
  CHECK(s.run({"PUBSUB", "SHARDCHANNELS"}) == array({bulk("shard")}));
  CHECK(s.run({"PUBSUB", "SHARDNUMSUB", "shard"}) == array({bulk("shard"), integer(1)}));
  CHECK(s.run({"PUBSUB", "NUMPAT", "x"}) == err("ERR wrong number of arguments for 'pubsub|numpat' command"));
  CHECK(s.run({"PUBSUB", "FOO"}) == err("ERR unknown subcommand 'FOO'. Try PUBSUB HELP."));
  const std::string info = s.run({"INFO", "stats"}).string();
  CHECK(info.find("\r\npubsub_channels:2\r\npubsub_patterns:2\r\npubsubshard_channels:1\r\n") != std::string::npos);
}

TEST_CASE("a session with nowhere to deliver to cannot subscribe; inside EXEC the confirmation is the reply") {
  DirectStore d;  // its session has no sink, as the shared in-process one
  CHECK(d.run({"SUBSCRIBE", "a"}).is_error());
  CHECK(d.run({"PUBLISH", "a", "m"}) == integer(0));

  PubSubStore s;
  Outcome in_exec = not_redis::detail::dispatch(s.store, s.subscriber, Argv{"SUBSCRIBE", "a"}, kInExec);
  CHECK(in_exec.reply() == confirm("subscribe", "a", 1));
  CHECK_FALSE(s.subscriber.replied_through_sink);
  CHECK(s.sink.take().empty());
}

TEST_CASE("a subscribed session is in the pubsub output class, shown with flag P and its counts") {
  PubSubStore s;
  CHECK(not_redis::detail::output_class(s.subscriber) == not_redis::detail::OutputClass::normal);
  s.as_subscriber({"SUBSCRIBE", "a"});
  CHECK(not_redis::detail::output_class(s.subscriber) == not_redis::detail::OutputClass::pubsub);
}

TEST_CASE("many subscriptions on one session: each counted once, unsubscribed from everything in subscription order") {
  PubSubStore s;
  constexpr int kChannels = 20'000;
  Argv subscribe{"SUBSCRIBE"};
  for (int i = 0; i < kChannels; ++i) subscribe.push_back(fmt::format("c{}", (i * 7919) % kChannels));
  subscribe.push_back("c0");  // again: no second subscription
  s.as_subscriber(subscribe);
  CHECK(s.sink.take().size() == kChannels + 1);
  CHECK(s.run({"PUBSUB", "NUMSUB", "c0", "c19999"}) == array({bulk("c0"), integer(1), bulk("c19999"), integer(1)}));
  s.as_subscriber({"UNSUBSCRIBE", "c7919"});  // from the middle
  CHECK(s.sink.take() == std::vector<Value>{confirm("unsubscribe", "c7919", kChannels - 1)});
  s.as_subscriber({"UNSUBSCRIBE"});
  const std::vector<Value> confirmations = s.sink.take();
  REQUIRE(confirmations.size() == kChannels - 1);
  CHECK(confirmations.front() == confirm("unsubscribe", "c0", kChannels - 2));
  CHECK(confirmations[1] == confirm("unsubscribe", fmt::format("c{}", 2 * 7919 % kChannels), kChannels - 3));
  CHECK(confirmations.back() == confirm("unsubscribe", fmt::format("c{}", (kChannels - 1) * 7919 % kChannels), 0));
  CHECK(s.run({"PUBSUB", "CHANNELS"}) == array({}));
}
