// In-process subscribers next to network ones: a PUBLISH from either side
// reaches both kinds, and both are counted alike.

#include <not_redis/subscriber.hpp>

#include "server/net_harness.hpp"

TEST_CASE("PUBLISH from a network client reaches in-process subscribers, and an in-process PUBLISH network ones") {
  Net net;
  not_redis::Subscriber pulled(net.client());
  std::vector<std::string> called;
  not_redis::Subscriber with_callback(net.client(), [&](not_redis::Message&& m) { called.push_back(m.payload); });
  pulled.subscribe("news").get();
  with_callback.psubscribe("n*").get();
  Conn remote = net.connect();
  remote.send(cmd({"SUBSCRIBE", "news"}));
  remote.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
  Conn publisher = net.connect();
  CHECK(publisher.call({"PUBSUB", "NUMSUB", "news"}) == "*2\r\n$4\r\nnews\r\n:2\r\n");
  CHECK(publisher.call({"PUBSUB", "NUMPAT"}) == ":1\r\n");

  CHECK(publisher.call({"PUBLISH", "news", "from the network"}) == ":3\r\n");
  remote.expect("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$16\r\nfrom the network\r\n");
  auto m = pulled.try_next();
  REQUIRE(m);
  CHECK(m->payload == "from the network");
  net.until([&] { return !called.empty(); });
  CHECK(called == std::vector<std::string>{"from the network"});

  CHECK(net.client().publish("news", "in process").get() == 3);
  remote.expect("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$10\r\nin process\r\n");
  CHECK(pulled.try_next()->payload == "in process");
  net.client().run_until_idle();
  CHECK(called == std::vector<std::string>{"from the network", "in process"});
}
