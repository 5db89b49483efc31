// Pub/sub over real sockets: two clients talking through the server, RESP2
// and RESP3 shapes, cleanup when a subscriber goes, and the pubsub output
// limit for a subscriber that never reads. Byte strings are redis-server
// 7.0's for the same exchange.

#include "server/net_harness.hpp"

TEST_CASE("a message reaches a RESP2 and a RESP3 subscriber as Redis writes them") {
  Net net;
  Conn two = net.connect();
  Conn three = net.connect();
  Conn publisher = net.connect();
  two.send(cmd({"SUBSCRIBE", "a", "b"}));
  two.expect("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
  two.send(cmd({"PSUBSCRIBE", "a*"}));
  two.expect("*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:3\r\n");
  two.send(cmd({"GET", "x"}));
  two.expect("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed "
             "in this context\r\n");
  two.send(cmd({"PING"}));
  two.expect("*2\r\n$4\r\npong\r\n$0\r\n\r\n");

  three.call({"HELLO", "3"});
  three.send(cmd({"SUBSCRIBE", "a"}));
  three.expect(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
  three.send(cmd({"GET", "x"}));
  three.expect("_\r\n");

  CHECK(publisher.call({"PUBLISH", "a", "hello"}) == ":3\r\n");
  two.expect("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$5\r\nhello\r\n");
  three.expect(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nhello\r\n");
  CHECK(publisher.call({"PUBSUB", "NUMSUB", "a", "b", "c"}) == "*6\r\n$1\r\na\r\n:2\r\n$1\r\nb\r\n:1\r\n$1\r\nc\r\n:0\r\n");

  const std::string list = client_list(publisher);
  CHECK(list.find("flags=P db=0 sub=2 psub=1 ssub=0") != std::string::npos);
  // A subscriber that leaves takes its subscriptions with it.
  three.close();
  net.until([&] { return net.info("connected_clients") == "2"; });
  CHECK(publisher.call({"PUBLISH", "a", "again"}) == ":2\r\n");
  two.send(cmd({"RESET"}));
  CHECK(two.read_reply() == "*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nagain\r\n");
  CHECK(two.read_reply() == "*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$5\r\nagain\r\n");
  two.expect("+RESET\r\n");
  CHECK(publisher.call({"PUBLISH", "a", "none"}) == ":0\r\n");
  CHECK(net.info("pubsub_channels") == "0");
  CHECK(net.info("pubsub_patterns") == "0");
}

TEST_CASE("a subscriber that never reads is closed at the pubsub hard limit; the others keep receiving") {
  Net net;
  Conn slow = net.connect();
  const int small = 4096;
  ::setsockopt(slow.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  Conn reader = net.connect();
  Conn publisher = net.connect();
  CHECK(publisher.call({"CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0"}) == "+OK\r\n");
  slow.send(cmd({"SUBSCRIBE", "feed"}));
  slow.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nfeed\r\n:1\r\n");
  reader.send(cmd({"SUBSCRIBE", "feed"}));
  reader.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nfeed\r\n:1\r\n");
  const std::string payload(10 * 1024, 'm');
  const std::string message = "*3\r\n$7\r\nmessage\r\n$4\r\nfeed\r\n" + bulk(payload);
  // Far more than the limit and than the kernel's buffers: the slow one must go.
  int published = 0;
  for (; published < 2000 && net.info("connected_clients") == "3"; ++published) {
    CHECK(publisher.call({"PUBLISH", "feed", payload}).starts_with(":"));
    reader.expect(message);
  }
  CHECK(published < 2000);
  net.until([&] { return net.info("connected_clients") == "2"; });
  CHECK(publisher.call({"PUBLISH", "feed", payload}) == ":1\r\n");
  reader.expect(message);
}

TEST_CASE("timeout closes an idle client but not a subscriber, which only listens, as in Redis") {
  Net net;
  Conn idle = net.connect();
  Conn subscriber = net.connect();
  subscriber.send(cmd({"SUBSCRIBE", "a"}));
  subscriber.expect("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
  CHECK(net.run({"CONFIG", "SET", "timeout", "1"}) == Value::ok());
  net.store.clock.advance(10s);
  // The server looks once a second (its own timer): until then both stay.
  net.until([&] { return net.info("connected_clients") == "1"; });
  idle.expect_eof();
  CHECK(net.run({"PUBLISH", "a", "still here"}) == Value::integer(1));
  subscriber.expect("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$10\r\nstill here\r\n");
}

TEST_CASE("keyspace notifications: expired keys are reported by lazy and active expiry, on the store's clock") {
  Net net;
  Conn subscriber = net.connect();
  subscriber.send(cmd({"PSUBSCRIBE", "__key*__:*"}));
  subscriber.expect("*3\r\n$10\r\npsubscribe\r\n$10\r\n__key*__:*\r\n:1\r\n");
  CHECK(net.run({"CONFIG", "SET", "notify-keyspace-events", "Ex"}) == Value::ok());
  CHECK(net.run({"SET", "lazy", "v", "PX", "100"}) == Value::ok());
  CHECK(net.run({"SET", "active", "v", "PX", "100"}) == Value::ok());
  subscriber.expect_silence();  // Ex: set and expire are not class x
  net.store.clock.advance(150ms);
  CHECK(net.run({"GET", "lazy"}) == Value::nil());  // expired on access
  subscriber.expect("*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$22\r\n__keyevent@0__:expired\r\n$4\r\nlazy\r\n");
  net.store.advance(200ms);  // the active cycle's ticks
  subscriber.expect("*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$22\r\n__keyevent@0__:expired\r\n$6\r\nactive\r\n");
  CHECK(net.run({"CONFIG", "SET", "notify-keyspace-events", ""}) == Value::ok());
  CHECK(net.run({"SET", "k", "v"}) == Value::ok());
  subscriber.expect_silence();
}

TEST_CASE("CLIENT REPLY OFF and SKIP mute replies, not messages or confirmations, as redis-server 7.0.15") {
  Net net;
  Conn a = net.connect();
  Conn b = net.connect();
  a.call({"HELLO", "3"});
  a.send(cmd({"SUBSCRIBE", "ch"}));
  a.expect(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
  a.send(cmd({"CLIENT", "REPLY", "OFF"}));
  CHECK(b.call({"PUBLISH", "ch", "m1"}) == ":1\r\n");
  a.expect(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nm1\r\n");
  a.send(cmd({"SUBSCRIBE", "ch2"}));
  a.expect(">3\r\n$9\r\nsubscribe\r\n$3\r\nch2\r\n:2\r\n");
  a.send(cmd({"CLIENT", "REPLY", "ON"}));
  a.expect("+OK\r\n");
  a.send(cmd({"CLIENT", "REPLY", "SKIP"}));
  a.send(cmd({"PUBLISH", "ch", "self"}));  // its :1 is skipped, its message is not
  a.expect(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\nself\r\n");
  a.send(cmd({"PING"}));
  a.expect("+PONG\r\n");
}

TEST_CASE("a subscriber that falls behind by more than max_pending_output stays while under its pubsub limit") {
  Net net(with([](ServerOptions& o) { o.max_pending_output = 64 * 1024; }));
  Conn slow = net.connect();
  const int small = 4096;
  ::setsockopt(slow.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  Conn publisher = net.connect();
  slow.send(cmd({"SUBSCRIBE", "feed"}));
  slow.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nfeed\r\n:1\r\n");
  const std::string payload(10 * 1024, 'm');
  // 15 MB: far past the backpressure limit and the kernel's buffers, well
  // under the default pubsub limit (32 MB hard, 8 MB soft).
  for (int i = 0; i < 1500; ++i) CHECK(publisher.call({"PUBLISH", "feed", payload}) == ":1\r\n");
  CHECK(net.info("connected_clients") == "2");
  // Still there with its backlog held for it, far past max_pending_output.
  const long long id = client_id(publisher) - 1;
  CHECK(client_field(client_line(client_list(publisher), id), "omem") > 64 * 1024);
}
