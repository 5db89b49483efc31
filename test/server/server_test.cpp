// not_redis::Server over real sockets, in-process: the test drives the store's
// loop itself (uv_run NOWAIT while it waits for bytes) and its ManualClock, so
// nothing sleeps. Replies are compared byte for byte; each expectation was
// checked against redis-server 7.0.

#include "server/net_harness.hpp"

TEST_CASE("port 0 listens on a real port; PING, inline and multibulk") {
  Net net;
  REQUIRE(net.server->port() != 0);
  CHECK(net.server->unix_socket().empty());
  Conn a = net.connect_raw();
  a.send("PING\r\n");
  a.expect("+PONG\r\n");
  a.send(cmd({"ECHO", "hello"}));
  a.expect(bulk("hello"));
  a.send("ECHO \"two words\"\r\n");
  a.expect(bulk("two words"));
  a.send(cmd({"NOSUCH"}));
  a.expect("-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
  a.send(cmd({"GET"}));
  a.expect("-ERR wrong number of arguments for 'get' command\r\n");
  CHECK(net.info("connected_clients") == "1");
  CHECK(net.info("total_connections_received") == "1");
}

TEST_CASE("pipelined commands run in order, replies in order") {
  Net net;
  Conn a = net.connect();

  SUBCASE("1000 INCRs in one write") {
    std::string request, want;
    for (int i = 1; i <= 1000; ++i) {
      request += cmd({"INCR", "n"});
      want += integer(i);
    }
    a.send(request);
    a.expect(want);
    a.expect_silence();
    CHECK(net.run({"GET", "n"}) == test::bulk("1000"));
  }

  SUBCASE("a pipeline split at every byte boundary") {
    const std::string pipeline = cmd({"SET", "k", "a\r\nb"}) + cmd({"GET", "k"}) + "PING\r\n" +
                                 cmd({"INCR", "n"}) + "ECHO x\r\n" + cmd({"ECHO", "z\0\r\n"s}) + "\r\n" +
                                 cmd({"APPEND", "k", "!"});
    const auto reply = [](int n) {
      return "+OK\r\n" + bulk("a\r\nb") + "+PONG\r\n" + integer(n) + bulk("x") + bulk("z\0\r\n"s) + integer(5);
    };
    for (std::size_t split = 0; split <= pipeline.size(); ++split) {
      CAPTURE(split);
      a.send(std::string_view(pipeline).substr(0, split));
      net.pump(2);
      a.send(std::string_view(pipeline).substr(split));
      a.expect(reply(static_cast<int>(split) + 1));
    }
    // And one byte per write.
    for (char c : pipeline) {
      a.send(std::string_view(&c, 1));
      net.pump(1);
    }
    a.expect(reply(static_cast<int>(pipeline.size()) + 2));
    a.expect_silence();
  }
}

TEST_CASE("RESP2 and RESP3 side by side") {
  Net net;
  Conn two = net.connect();
  Conn three = net.connect();
  const long long id3 = client_id(three);
  three.send(cmd({"HELLO", "3"}));
  three.expect(hello3(id3));
  net.run({"HSET", "h", "f", "v"});
  net.run({"SADD", "s", "m"});

  two.send(cmd({"HGETALL", "h"}));
  two.expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
  three.send(cmd({"HGETALL", "h"}));
  three.expect("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");

  two.send(cmd({"SMEMBERS", "s"}));
  two.expect("*1\r\n$1\r\nm\r\n");
  three.send(cmd({"SMEMBERS", "s"}));
  three.expect("~1\r\n$1\r\nm\r\n");

  two.send(cmd({"GET", "missing"}));
  two.expect("$-1\r\n");
  three.send(cmd({"GET", "missing"}));
  three.expect("_\r\n");

  // A BLPOP timeout is a null array: *-1 in RESP2.
  two.send(cmd({"BLPOP", "nolist", "1"}));
  three.send(cmd({"BLPOP", "nolist", "1"}));
  two.expect_silence();
  three.expect_silence();
  // As Redis: it times out once the clock is past the deadline, not at it.
  net.store.advance(1s);
  two.expect_silence();
  net.store.advance(1ms);
  two.expect("*-1\r\n");
  three.expect("_\r\n");

  // HELLO 2 goes back to RESP2, HELLO's reply included.
  three.send(cmd({"HELLO", "2"}));
  const std::string flat = three.read_reply();
  CHECK(flat.starts_with("*14\r\n$6\r\nserver\r\n"));
  CHECK(flat.find("$5\r\nproto\r\n:2\r\n") != std::string::npos);
  three.send(cmd({"HGETALL", "h"}));
  three.expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
}

TEST_CASE("in-process callers and sockets share the keyspace") {
  Net net;
  Conn a = net.connect();
  CHECK(net.client().set("k", "from-process").get());
  a.send(cmd({"GET", "k"}));
  a.expect(bulk("from-process"));

  a.send(cmd({"SET", "k2", "from-socket"}));
  a.expect("+OK\r\n");
  CHECK(net.client().get("k2").get() == "from-socket");

  // Interleaved increments land in one counter.
  for (int i = 0; i < 10; ++i) {
    CHECK(net.client().incr("n").get() == 2 * i + 1);
    a.send(cmd({"INCR", "n"}));
    a.expect(integer(2 * i + 2));
  }
  // In-process HELLO switches the in-process session only.
  net.run({"HELLO", "2"});
  net.run({"HSET", "h", "f", "v"});
  a.send(cmd({"HELLO", "3"}));
  CHECK(a.read_reply().starts_with("%7\r\n"));
  a.send(cmd({"HGETALL", "h"}));
  a.expect("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
}

TEST_CASE("blocking commands block only their connection") {
  Net net;
  Conn a = net.connect();
  Conn b = net.connect();
  const long long id_a = client_id(a);

  SUBCASE("RPUSH from another connection wakes it; what it pipelined runs after") {
    a.send(cmd({"BLPOP", "q", "0"}) + cmd({"LLEN", "q"}) + "PING\r\n");
    a.expect_silence();
    CHECK(net.info("blocked_clients") == "1");
    b.send("PING\r\n");
    b.expect("+PONG\r\n");
    b.send(cmd({"SET", "x", "1"}));
    b.expect("+OK\r\n");
    a.expect_silence();
    b.send(cmd({"RPUSH", "q", "first", "second"}));
    b.expect(integer(2));
    a.expect("*2\r\n$1\r\nq\r\n$5\r\nfirst\r\n" + integer(1) + "+PONG\r\n");
    CHECK(net.info("blocked_clients") == "0");
    a.expect_silence();
  }

  SUBCASE("an in-process RPUSH wakes it") {
    a.send(cmd({"BLPOP", "q1", "q", "0"}));
    a.expect_silence();
    CHECK(net.client().rpush("q", "z").get() == 1);
    a.expect("*2\r\n$1\r\nq\r\n$1\r\nz\r\n");
    CHECK(net.client().exists("q").get() == 0);
  }

  SUBCASE("the first blocked connection is served first") {
    a.send(cmd({"BLPOP", "q", "0"}));
    a.expect_silence();
    b.send(cmd({"BRPOP", "q", "0"}));
    b.expect_silence();
    CHECK(net.info("blocked_clients") == "2");
    net.run({"RPUSH", "q", "1", "2", "3"});
    a.expect("*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
    b.expect("*2\r\n$1\r\nq\r\n$1\r\n3\r\n");
    CHECK(net.run({"LRANGE", "q", "0", "-1"}) == test::bulks({"2"}));
  }

  SUBCASE("the timeout follows the store's clock") {
    a.send(cmd({"BLPOP", "q", "5"}) + "PING\r\n");
    a.expect_silence();
    net.store.advance(4999ms);
    a.expect_silence();
    net.store.advance(1ms);
    a.expect_silence();  // at the deadline; Redis waits until it is past
    net.store.advance(1ms);
    a.expect("*-1\r\n+PONG\r\n");
    CHECK(net.info("blocked_clients") == "0");
  }

  SUBCASE("CLIENT UNBLOCK from another connection") {
    a.send(cmd({"BLPOP", "q", "0"}) + "PING\r\n");
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a)}));
    b.expect(integer(1));
    a.expect("*-1\r\n+PONG\r\n");

    a.send(cmd({"BLPOP", "q", "0"}) + "PING\r\n");
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "ERROR"}));
    b.expect(integer(1));
    a.expect("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n+PONG\r\n");

    // Not blocked any more: nothing to unblock.
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a)}));
    b.expect(integer(0));
    // RESP3: the timeout reply is a null.
    a.send(cmd({"HELLO", "3"}));
    a.read_reply();
    a.send(cmd({"BLPOP", "q", "0"}));
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "TIMEOUT"}));
    b.expect(integer(1));
    a.expect("_\r\n");
    CHECK(net.run({"EXISTS", "q"}) == test::integer(0));
  }

  SUBCASE("CLIENT UNBLOCK of a sorted-set pop") {
    // As redis-server 7.0 answers: TIMEOUT (the default) gives the pop's
    // timeout reply, a null array; ERROR gives -UNBLOCKED; either way the
    // waiter is gone, and a later ZADD feeds nobody.
    a.send(cmd({"BZPOPMIN", "z", "0"}) + "PING\r\n");
    a.expect_silence();
    CHECK(net.info("blocked_clients") == "1");
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a)}));
    b.expect(integer(1));
    a.expect("*-1\r\n+PONG\r\n");
    CHECK(net.info("blocked_clients") == "0");

    a.send(cmd({"BZPOPMAX", "z", "other", "0"}) + "PING\r\n");
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "ERROR"}));
    b.expect(integer(1));
    a.expect("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n+PONG\r\n");
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a)}));
    b.expect(integer(0));

    a.send(cmd({"BZMPOP", "0", "1", "z", "MIN"}) + "PING\r\n");
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "TIMEOUT"}));
    b.expect(integer(1));
    a.expect("*-1\r\n+PONG\r\n");
    b.send(cmd({"ZADD", "z", "1", "m"}));
    b.expect(integer(1));
    a.expect_silence();
    b.send(cmd({"ZCARD", "z"}));
    b.expect(integer(1));

    // RESP3: the timeout reply is a null.
    a.send(cmd({"HELLO", "3"}));
    a.read_reply();
    CHECK(net.run({"DEL", "z"}) == test::integer(1));
    a.send(cmd({"BZPOPMIN", "z", "0"}));
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "TIMEOUT"}));
    b.expect(integer(1));
    a.expect("_\r\n");
    a.send(cmd({"BZMPOP", "0", "1", "z", "MIN"}));
    a.expect_silence();
    b.send(cmd({"CLIENT", "UNBLOCK", std::to_string(id_a), "ERROR"}));
    b.expect(integer(1));
    a.expect("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  }

  SUBCASE("a connection that leaves while blocked leaves no waiter") {
    a.send(cmd({"BLPOP", "q", "0"}));
    a.expect_silence();
    CHECK(net.info("blocked_clients") == "1");
    a.close();
    net.until([&] { return net.info("connected_clients") == "1"; });
    CHECK(net.info("blocked_clients") == "0");
    b.send(cmd({"RPUSH", "q", "kept"}));
    b.expect(integer(1));
    b.send(cmd({"LRANGE", "q", "0", "-1"}));
    b.expect("*1\r\n$4\r\nkept\r\n");
  }
}

TEST_CASE("backpressure: a client that does not read stops being read") {
  constexpr std::size_t kLimit = 256 * 1024;
  Net net(with([](ServerOptions& o) { o.max_pending_output = kLimit; }));
  const std::string value(128 * 1024, 'v');
  net.client().set("big", value).get();
  Conn a = net.connect();
  Conn b = net.connect();
  const long long id_a = client_id(a);

  // 400 GETs are 51 MB of replies, far more than the kernel's socket buffers.
  constexpr int kGets = 400;
  const std::string get = cmd({"GET", "big"});
  std::string request;
  for (int i = 0; i < kGets; ++i) request += get;
  a.send(request);
  net.pump(200);

  const auto get_calls = [&] {
    const std::string stats = net.info("cmdstat_get");
    return std::stoll(stats.substr(stats.find("calls=") + 6));
  };
  const long long ran = get_calls();
  CHECK(ran > 0);
  CHECK(ran < kGets);
  // The rest waits unparsed: A's query buffer holds exactly the GETs not run,
  // and its unsent replies, as CLIENT LIST shows them now, are at most the
  // limit (under which it ran its last GET) plus that GET's reply.
  const std::string line = client_line(client_list(b), id_a);
  CAPTURE(line);
  CHECK(client_field(line, "qbuf") == static_cast<long long>((kGets - ran) * get.size()));
  const long long pending = client_field(line, "obl") + client_field(line, "omem");
  CHECK(pending > 0);
  CHECK(pending <= static_cast<long long>(kLimit + bulk(value).size()));
  net.pump(200);
  CHECK(get_calls() == ran);
  // B is served meanwhile.
  b.send("PING\r\n");
  b.expect("+PONG\r\n");

  // Once A reads, every reply arrives, in order.
  const std::string reply = bulk(value);
  int intact = 0;
  for (int i = 0; i < kGets; ++i)
    if (a.read(reply.size()) == reply) ++intact;
  CHECK(intact == kGets);
  CHECK(get_calls() == kGets);
  a.send("PING\r\n");
  a.expect("+PONG\r\n");

  // A client that floods, never reads and leaves is cleaned up, though the
  // server is no longer reading from it.
  Conn c = net.connect();
  c.send(request);
  net.pump(200);
  CHECK(net.info("connected_clients") == "3");
  c.close();
  net.until([&] { return net.info("connected_clients") == "2"; });
}

TEST_CASE("a MONITOR that never reads is shown with its unsent output, then closed at the limit") {
  constexpr std::size_t kLimit = 256 * 1024;
  Net net(with([](ServerOptions& o) { o.max_pending_output = kLimit; }));
  const MonitorFeed seen = feed_unread_monitor(net);
  CHECK(seen.sets < 3000);
  CHECK(seen.most_pending > 0);
  CHECK(seen.most_pending <= static_cast<long long>(kLimit));
}

TEST_CASE("client-output-buffer-limit: CONFIG GET and SET with Redis's texts") {
  Net net;
  Conn c = net.connect();
  const auto get = [&] { return c.call({"CONFIG", "GET", "client-output-buffer-limit"}); };
  const auto set = [&](std::string_view value) { return c.call({"CONFIG", "SET", "client-output-buffer-limit", value}); };
  const auto failed = [](std::string_view why) {
    return fmt::format("-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - {}\r\n", why);
  };
  const std::string defaults = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
  CHECK(get() == "*2\r\n$26\r\nclient-output-buffer-limit\r\n" + bulk(defaults));
  CHECK(set("normal 1kb 2k 3 pubsub 1 2 3") == "+OK\r\n");
  CHECK(get() == "*2\r\n$26\r\nclient-output-buffer-limit\r\n" +
                     bulk("normal 1024 2000 3 slave 268435456 67108864 60 pubsub 1 2 3"));
  CHECK(set("Replica 1 2 +3") == "+OK\r\n");  // "replica" is "slave"; "+3" is strtoll's
  CHECK(set("") == "+OK\r\n");                // no group: nothing changes
  CHECK(get() == "*2\r\n$26\r\nclient-output-buffer-limit\r\n" + bulk("normal 1024 2000 3 slave 1 2 3 pubsub 1 2 3"));
  const std::string wrong_value = failed("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
  CHECK(set("normal 10mbs 10mb 60") == wrong_value);
  CHECK(set("normal -1 1 1") == wrong_value);
  CHECK(set("normal 1 1 -1") == wrong_value);
  CHECK(set("normal 1 1 3.5") == wrong_value);
  CHECK(set("normal 1 2 99999999999999999999") == wrong_value);
  const std::string wrong_count = failed("Wrong number of arguments in buffer limit configuration.");
  CHECK(set("normal 10mb 10mb") == wrong_count);
  CHECK(set("normal 1 2 3 ") == wrong_count);
  CHECK(set("normal  1 2 3") == wrong_count);
  const std::string wrong_class = failed("Invalid client class specified in buffer limit configuration.");
  CHECK(set("master 1 2 3") == wrong_class);
  // Every group is checked before any is applied.
  CHECK(set("normal 5 5 5 foo 1 1 1") == wrong_class);
  CHECK(set("normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60") == "+OK\r\n");
  CHECK(get() == "*2\r\n$26\r\nclient-output-buffer-limit\r\n" + bulk(defaults));
}

TEST_CASE("a never-reading client past the normal class's hard limit is closed; the others are served") {
  Net net;
  const std::string value(128 * 1024, 'v');
  net.client().set("big", value).get();
  Conn a = net.connect();
  const int small = 4096;
  ::setsockopt(a.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  Conn b = net.connect();
  const long long id_a = client_id(a);
  // Under max_pending_output (1 MiB), where backpressure would only stop reading A.
  constexpr long long kHard = 512 * 1024;
  CHECK(b.call({"CONFIG", "SET", "client-output-buffer-limit", "normal 512kb 0 0"}) == "+OK\r\n");

  constexpr int kGets = 400;  // 51 MB of replies
  std::string request;
  for (int i = 0; i < kGets; ++i) request += cmd({"GET", "big"});
  a.try_send(request);
  long long most_seen = 0;
  for (int round = 0;; ++round) {
    REQUIRE_MESSAGE(round < 10000, "never closed");
    net.pump();
    const std::string line = client_line(client_list(b), id_a);
    if (line.empty()) break;
    // What counts against the limit is CLIENT LIST's omem: never at the limit between commands.
    most_seen = std::max(most_seen, client_field(line, "omem"));
  }
  CHECK(most_seen < kHard);
  const std::string stats = net.info("cmdstat_get");
  CHECK(std::stoll(stats.substr(stats.find("calls=") + 6)) < kGets);
  CHECK(net.info("connected_clients") == "1");
  b.send("PING\r\n");
  b.expect("+PONG\r\n");
  // The default (no normal limit) keeps only the backpressure.
  CHECK(b.call({"CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0"}) == "+OK\r\n");
  Conn c = net.connect();
  ::setsockopt(c.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  c.try_send(request);
  net.pump(200);
  CHECK(net.info("connected_clients") == "2");
}

TEST_CASE("the soft limit closes a client over it for longer than its seconds, on the store's clock") {
  Net net;
  const std::string value(200 * 1024, 'v');
  net.client().set("big", value).get();
  net.client().set("small", "s").get();
  Conn a = net.connect();
  Conn admin = net.connect();
  CHECK(admin.call({"CONFIG", "SET", "client-output-buffer-limit", "normal 0 100kb 10"}) == "+OK\r\n");
  const std::string big = bulk(value);
  // Each big reply alone is over the soft limit when it is added: the first
  // one starts the count, as Redis's obuf_soft_limit_reached_time.
  CHECK(a.call({"GET", "big"}) == big);
  net.store.advance(10s);
  CHECK(a.call({"GET", "big"}) == big);  // over it for 10 s: not more than the seconds
  CHECK(a.call({"GET", "small"}) == bulk("s"));  // under it again: the count starts over
  net.store.advance(5s);
  CHECK(a.call({"GET", "big"}) == big);
  net.store.advance(10s);
  CHECK(a.call({"GET", "big"}) == big);
  net.store.advance(1s);
  a.send(cmd({"GET", "big"}));  // 11 s over it: closed, the reply dropped
  a.expect_eof();
  net.until([&] { return net.info("connected_clients") == "1"; });
}

TEST_CASE("a MONITOR is a normal client for client-output-buffer-limit") {
  // max_pending_output far above the limit: the class limit closes the monitor first.
  Net net(with([](ServerOptions& o) { o.max_pending_output = 64 * 1024 * 1024; }));
  const MonitorFeed seen = feed_unread_monitor(net, "normal 256kb 0 0");
  CHECK(seen.sets < 3000);
  CHECK(seen.most_omem > 0);
  CHECK(seen.most_omem < 256 * 1024);
}

TEST_CASE("QUIT, protocol errors and RESET") {
  Net net;

  SUBCASE("QUIT replies +OK, then closes; what follows it does not run") {
    Conn a = net.connect();
    a.send("PING\r\n" + cmd({"QUIT"}) + cmd({"SET", "after", "1"}));
    a.expect("+PONG\r\n+OK\r\n");
    a.expect_eof();
    CHECK(net.run({"EXISTS", "after"}) == test::integer(0));
    net.until([&] { return net.info("connected_clients") == "0"; });
  }

  SUBCASE("a protocol error is the last reply") {
    Conn a = net.connect();
    a.send("PING\r\n*1\r\n$x\r\n" + cmd({"SET", "after", "1"}));
    a.expect("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
    a.expect_eof();
    Conn b = net.connect();
    b.send("*1\r\nPING\r\n");
    b.expect("-ERR Protocol error: expected '$', got 'P'\r\n");
    b.expect_eof();
    Conn c = net.connect();
    c.send("*-x\r\n");
    c.expect("-ERR Protocol error: invalid multibulk length\r\n");
    c.expect_eof();
    Conn d = net.connect();
    d.send("ECHO \"unbalanced\r\n");
    d.expect("-ERR Protocol error: unbalanced quotes in request\r\n");
    d.expect_eof();
    CHECK(net.run({"EXISTS", "after"}) == test::integer(0));
  }

  SUBCASE("RESET clears the connection's state") {
    Conn a = net.connect();
    net.run({"HSET", "h", "f", "v"});
    const long long id = client_id(a);
    a.send(cmd({"HELLO", "3", "SETNAME", "named"}));
    a.expect(hello3(id));
    a.send(cmd({"CLIENT", "GETNAME"}));
    a.expect(bulk("named"));
    a.send(cmd({"RESET"}) + cmd({"HGETALL", "h"}) + cmd({"CLIENT", "GETNAME"}));
    a.expect("+RESET\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$-1\r\n");
    // RESET leaves MONITOR too.
    a.send(cmd({"MONITOR"}));
    a.expect("+OK\r\n");
    a.send(cmd({"RESET"}));
    a.expect("+RESET\r\n");
    net.run({"SET", "k", "v"});
    a.expect_silence();
    CHECK(client_id(a) == id);
  }
}

TEST_CASE("CLIENT over the wire: SETNAME, LIST, KILL, REPLY") {
  Net net;
  Conn a = net.connect();
  Conn b = net.connect();
  const long long id_a = client_id(a), id_b = client_id(b);

  SUBCASE("SETNAME and LIST show names and addresses") {
    a.send(cmd({"CLIENT", "SETNAME", "alpha"}));
    a.expect("+OK\r\n");
    b.send(cmd({"CLIENT", "SETNAME", "beta"}));
    b.expect("+OK\r\n");
    const std::string list = client_list(b);
    const std::string port = std::to_string(net.server->port());
    const std::string la = client_line(list, id_a), lb = client_line(list, id_b);
    CAPTURE(list);
    CHECK(la.starts_with(fmt::format("id={} addr={} laddr=127.0.0.1:{} fd=", id_a, a.addr(), port)));
    CHECK(lb.starts_with(fmt::format("id={} addr={} laddr=127.0.0.1:{} fd=", id_b, b.addr(), port)));
    CHECK(la.find(" name=alpha age=") != std::string::npos);
    CHECK(lb.find(" name=beta age=") != std::string::npos);
    CHECK(la.find(" flags=N db=0 ") != std::string::npos);
    CHECK(la.find(" cmd=client|setname user=default redir=-1 resp=2") != std::string::npos);
    CHECK(lb.find(" cmd=client|list user=default redir=-1 resp=2") != std::string::npos);
    CHECK(std::count(list.begin(), list.end(), '\n') == 2);  // in-process callers are not listed
    // A blocked connection is flagged b.
    a.send(cmd({"BLPOP", "q", "0"}));
    a.expect_silence();
    CHECK(client_line(client_list(b), id_a).find(" flags=b db=0 ") != std::string::npos);
    net.run({"RPUSH", "q", "x"});
    a.expect("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
    b.send(cmd({"CLIENT", "INFO"}));
    CHECK(b.read_reply().find(fmt::format("id={} addr={} ", id_b, b.addr())) != std::string::npos);
  }

  SUBCASE("KILL by ID closes the other connection") {
    b.send(cmd({"CLIENT", "KILL", "ID", std::to_string(id_a)}));
    b.expect(integer(1));
    a.expect_eof();
    b.send(cmd({"CLIENT", "KILL", "ID", std::to_string(id_a)}));
    b.expect(integer(0));
    net.until([&] { return net.info("connected_clients") == "1"; });
  }

  SUBCASE("KILL by ADDR, new and old forms") {
    b.send(cmd({"CLIENT", "KILL", "ADDR", a.addr()}));
    b.expect(integer(1));
    a.expect_eof();
    Conn c = net.connect();
    b.send(cmd({"CLIENT", "KILL", c.addr()}));
    b.expect("+OK\r\n");
    c.expect_eof();
    b.send(cmd({"CLIENT", "KILL", "127.0.0.1:1"}));
    b.expect("-ERR No such client\r\n");
    // The caller is skipped unless SKIPME no; then it gets its reply first.
    b.send(cmd({"CLIENT", "KILL", "ADDR", b.addr()}));
    b.expect(integer(0));
    b.send(cmd({"CLIENT", "KILL", "ADDR", b.addr(), "SKIPME", "no"}) + "PING\r\n");
    b.expect(integer(1));
    b.expect_eof();
  }

  SUBCASE("KILL of a blocked connection abandons its command") {
    a.send(cmd({"BLPOP", "q", "0"}));
    a.expect_silence();
    b.send(cmd({"CLIENT", "KILL", "ID", std::to_string(id_a)}));
    b.expect(integer(1));
    a.expect_eof();
    CHECK(net.info("blocked_clients") == "0");
    CHECK(net.client().rpush("q", "kept").get() == 1);
  }

  SUBCASE("REPLY OFF, SKIP and ON") {
    a.send(cmd({"CLIENT", "REPLY", "OFF"}) + "PING\r\n" + cmd({"CLIENT", "REPLY", "SKIP"}) + "PING\r\n" +
           cmd({"CLIENT", "REPLY", "ON"}) + "PING\r\n");
    a.expect("+OK\r\n+PONG\r\n");
    a.send(cmd({"CLIENT", "REPLY", "SKIP"}) + cmd({"ECHO", "a"}) + cmd({"ECHO", "b"}));
    a.expect(bulk("b"));
    a.send(cmd({"CLIENT", "REPLY", "OFF"}) + cmd({"SET", "k", "v"}));
    a.expect_silence();
    CHECK(net.run({"GET", "k"}) == test::bulk("v"));
    a.send(cmd({"CLIENT", "REPLY", "ON"}));
    a.expect("+OK\r\n");
  }
}

TEST_CASE("MONITOR shows other connections' commands") {
  Net net;
  Conn m = net.connect();
  Conn a = net.connect();
  m.send(cmd({"MONITOR"}));
  m.expect("+OK\r\n");
  const std::string from = fmt::format("[0 {}]", a.addr());

  a.send(cmd({"SET", "k\0\r\n"s, "\"\\"}));
  a.expect("+OK\r\n");
  m.expect(fmt::format("+{}.000000 {} \"SET\" \"k\\x00\\r\\n\" \"\\\"\\\\\"\r\n", kStartTime, from));

  net.store.advance(1500ms);
  a.send(cmd({"AUTH", "secret"}) + "PING\r\n");
  a.expect(
      "-ERR AUTH <password> called without any password configured for the default user. Are you sure your "
      "configuration is correct?\r\n+PONG\r\n");
  m.expect(fmt::format("+1767225601.500000 {} \"AUTH\" \"(redacted)\"\r\n", from));
  m.expect(fmt::format("+1767225601.500000 {} \"PING\"\r\n", from));

  // Admin commands are not shown; a blocking one is shown once.
  a.send(cmd({"CONFIG", "GET", "maxclients"}));
  a.read_reply();
  a.send(cmd({"BLPOP", "q", "1"}));
  m.expect(fmt::format("+1767225601.500000 {} \"BLPOP\" \"q\" \"1\"\r\n", from));
  net.store.advance(1001ms);
  a.expect("*-1\r\n");
  m.expect_silence();

  // The monitor's own commands are shown to it too, after their reply.
  m.send("PING\r\n");
  m.expect(fmt::format("+PONG\r\n+1767225602.501000 [0 {}] \"PING\"\r\n", m.addr()));

  // A monitor that leaves costs nothing.
  m.close();
  net.until([&] { return net.info("connected_clients") == "1"; });
  a.send("PING\r\n");
  a.expect("+PONG\r\n");
}

TEST_CASE("a client that has not authenticated is closed once its unsent replies pass Redis's small limit") {
  Net net(with([](ServerOptions& o) { o.requirepass = "pw"; }));
  Conn stranger = net.connect_raw();
  const int small = 4096;
  ::setsockopt(stranger.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  Conn user = net.connect_raw();
  user.send(cmd({"AUTH", "pw"}));
  user.expect("+OK\r\n");
  // Unread NOAUTH errors pile up: the kernel takes some, then the server
  // holds the rest, and closes the stranger as soon as that passes 17 KB.
  std::string pings;
  for (int i = 0; i < 1000; ++i) pings += "PING\r\n";
  bool closed = false;
  for (int round = 0; round < 2000 && !closed; ++round) {
    if (!stranger.try_send(pings)) break;  // the server went away
    net.pump(1);
    closed = net.info("connected_clients") == "1";
  }
  net.until([&] { return net.info("connected_clients") == "1"; });
  // An authenticated client is held back by not being read, never closed.
  user.send("PING\r\n");
  user.expect("+PONG\r\n");
}

TEST_CASE("protected mode: with no password, only loopback clients get in") {
  using not_redis::detail::is_loopback;
  // Redis's connIsLocal: 127.0.0.0/8 and ::1, compared as text, so a mapped
  // IPv4 address is not local.
  CHECK(is_loopback(ip("127.0.0.1")));
  CHECK(is_loopback(ip("127.200.3.4")));
  CHECK(is_loopback(ip("::1")));
  CHECK_FALSE(is_loopback(ip("::ffff:127.0.0.1")));
  CHECK_FALSE(is_loopback(ip("192.0.2.2")));
  CHECK_FALSE(is_loopback(ip("10.0.0.1")));
  CHECK_FALSE(is_loopback(ip("fd00::2")));

  const std::optional<in_addr> outside = outside_address();
  if (!outside) {
    MESSAGE("no non-loopback IPv4 address here: the decision is tested above, the connection is not");
    return;
  }
  Net net(with([](ServerOptions& o) { o.bind = "0.0.0.0"; }));
  Conn local = net.connect();
  local.send(cmd({"CONFIG", "GET", "protected-mode"}));
  local.expect("*2\r\n$14\r\nprotected-mode\r\n$3\r\nyes\r\n");
  {
    Conn stranger(connect_tcp_to(*outside, net.server->port()), net.loop());
    stranger.send("PING\r\n");
    // redis-server 7.0's text, word for word (its typo included).
    const std::string denied = stranger.read_reply();
    CHECK(denied.starts_with("-DENIED Redis is running in protected mode because protected mode is enabled and no "
                             "password is set for the default user."));
    CHECK(denied.ends_with("4) Setup a an authentication password for the default user. NOTE: You only need to do "
                           "one of the above things in order for the server to start accepting connections from the "
                           "outside.\r\n"));
    stranger.expect_eof();
  }
  // A password lifts it, as does CONFIG SET protected-mode no.
  local.send(cmd({"CONFIG", "SET", "requirepass", "pw"}));
  local.expect("+OK\r\n");
  {
    Conn stranger(connect_tcp_to(*outside, net.server->port()), net.loop());
    stranger.send("PING\r\n");
    stranger.expect("-NOAUTH Authentication required.\r\n");
  }
  local.send(cmd({"AUTH", "pw"}) + cmd({"CONFIG", "SET", "requirepass", ""}) + cmd({"CONFIG", "SET", "protected-mode", "no"}));
  local.expect("+OK\r\n+OK\r\n+OK\r\n");
  Conn stranger(connect_tcp_to(*outside, net.server->port()), net.loop());
  stranger.send("PING\r\n");
  stranger.expect("+PONG\r\n");
}

TEST_CASE("requirepass from ServerOptions") {
  Net net(with([](ServerOptions& o) { o.requirepass = "pw"; }));
  Conn a = net.connect_raw();
  a.send(cmd({"GET", "x"}) + "PING\r\n" + cmd({"HELLO", "3"}));
  a.expect(
      "-NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n"
      "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> "
      "<pass> option can be used to authenticate the client and select the RESP protocol version at the same "
      "time\r\n");
  a.send(cmd({"AUTH", "wrong"}));
  a.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  a.send(cmd({"AUTH", "pw"}) + cmd({"GET", "x"}));
  a.expect("+OK\r\n$-1\r\n");
  a.send(cmd({"AUTH", "default", "pw"}));
  a.expect("+OK\r\n");

  Conn b = net.connect_raw();
  b.send(cmd({"HELLO", "3", "AUTH", "default", "bad"}));
  b.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  b.send(cmd({"CLIENT", "ID"}));
  b.expect("-NOAUTH Authentication required.\r\n");
  b.send(cmd({"HELLO", "3", "AUTH", "default", "pw"}));
  const std::string hello = b.read_reply();
  CHECK(hello.starts_with("%7\r\n"));
  CHECK(hello.find("$5\r\nproto\r\n:3\r\n") != std::string::npos);
  b.send(cmd({"GET", "x"}));
  b.expect("_\r\n");

  // RESET makes a connection authenticate again.
  b.send(cmd({"RESET"}) + cmd({"GET", "x"}));
  b.expect("+RESET\r\n-NOAUTH Authentication required.\r\n");

  // In-process callers never need to.
  CHECK(net.client().set("x", "1").get());
  CHECK(net.run({"GET", "x"}) == test::bulk("1"));

  // Before authenticating, a big multibulk is refused as Redis does.
  Conn c = net.connect_raw();
  c.send("*11\r\n");
  c.expect("-ERR Protocol error: unauthenticated multibulk length\r\n");
  c.expect_eof();
  Conn d = net.connect_raw();
  d.send("*1\r\n$16385\r\n");
  d.expect("-ERR Protocol error: unauthenticated bulk length\r\n");
  d.expect_eof();
}

TEST_CASE("max_clients refuses the connection beyond it") {
  Net net(with([](ServerOptions& o) { o.max_clients = 2; }));
  Conn a = net.connect();
  Conn b = net.connect();
  Conn c = net.connect_raw();
  c.expect("-ERR max number of clients reached\r\n");
  c.expect_eof();
  CHECK(net.info("rejected_connections") == "1");
  CHECK(net.info("total_connections_received") == "2");  // as Redis: a refused one is not counted
  // A place that frees up can be taken.
  a.close();
  net.until([&] { return net.info("connected_clients") == "1"; });
  Conn d = net.connect();
  b.send("PING\r\n");
  b.expect("+PONG\r\n");
}

TEST_CASE("CONFIG SET maxclients admits exactly that many, the connection that set it included") {
  // As redis-server: maxclients 5 with the configuring client connected, then
  // ten more connections: four are served, six refused.
  Net net;
  Conn admin = net.connect();
  admin.send(cmd({"CONFIG", "SET", "maxclients", "5"}));
  admin.expect("+OK\r\n");
  std::vector<Conn> served;
  for (int i = 0; i < 4; ++i) {
    served.push_back(net.connect());
    served.back().send("PING\r\n");
    served.back().expect("+PONG\r\n");
  }
  for (int i = 0; i < 6; ++i) {
    Conn refused = net.connect_raw();
    refused.expect("-ERR max number of clients reached\r\n");
    refused.expect_eof();
  }
  CHECK(net.info("connected_clients") == "5");
  CHECK(net.info("rejected_connections") == "6");
}

TEST_CASE("INFO stats counts the bytes, reads and writes of network clients, and every error reply") {
  Net net;
  Conn a = net.connect();  // sends PING: 6 bytes in, 7 out
  CHECK(net.info("total_net_input_bytes") == "6");
  CHECK(net.info("total_net_output_bytes") == "7");
  CHECK(net.info("total_reads_processed") == "1");
  CHECK(net.info("total_writes_processed") == "1");
  a.send("NOSUCH\r\nGET\r\n");
  a.read_reply();
  a.read_reply();
  CHECK(net.info("total_error_replies") == "2");
  CHECK(net.info("total_net_input_bytes") == "19");
}

TEST_CASE("a unix socket listener") {
  TempDir dir;
  const std::string path = dir.socket();
  {
    Net net(with([&](ServerOptions& o) {
      o.port = std::nullopt;
      o.unix_socket = path;
    }));
    CHECK(net.server->port() == 0);
    CHECK(net.server->unix_socket() == path);
    Conn u(connect_unix(path), net.loop());
    u.send(cmd({"SET", "k", "v"}));
    u.expect("+OK\r\n");
    CHECK(net.client().get("k").get() == "v");
    const long long id = client_id(u);
    const std::string line = client_line(client_list(u), id);
    CHECK(line.starts_with(fmt::format("id={} addr={}:0 laddr={}:0 fd=", id, path, path)));
    CHECK(line.find(" flags=U ") != std::string::npos);

    Conn m(connect_unix(path), net.loop());
    m.send(cmd({"MONITOR"}));
    m.expect("+OK\r\n");
    u.send("PING\r\n");
    u.expect("+PONG\r\n");
    m.expect(fmt::format("+{}.000000 [0 unix:{}] \"PING\"\r\n", kStartTime, path));
  }
  // Closing the server removes its socket file.
  struct stat st {};
  CHECK(::stat(path.c_str(), &st) != 0);

  // TCP and unix side by side; a stale socket file is replaced.
  REQUIRE(::mknod(path.c_str(), S_IFSOCK | 0600, 0) == 0);
  Net net(with([&](ServerOptions& o) { o.unix_socket = path; }));
  CHECK(net.server->port() != 0);
  Conn t = net.connect();
  Conn u(connect_unix(path), net.loop());
  t.send(cmd({"SET", "k", "tcp"}));
  t.expect("+OK\r\n");
  u.send(cmd({"GET", "k"}));
  u.expect(bulk("tcp"));
}

TEST_CASE("listeners that cannot be opened throw not_redis::Error") {
  test::Store store;
  const auto kind_of = [&](ServerOptions options) {
    try {
      Server server(store.client(), std::move(options));
    } catch (const Error& e) {
      return e.kind();
    }
    return Error::Kind::reply;  // did not throw
  };
  CHECK(kind_of(with([](ServerOptions& o) { o.bind = "not-an-address"; })) == Error::Kind::usage);
  CHECK(kind_of(with([](ServerOptions& o) { o.bind = "8.8.8.8"; })) == Error::Kind::usage);  // not ours
  CHECK(kind_of(with([](ServerOptions& o) {
          o.port = std::nullopt;
          o.unix_socket = "/nonexistent-dir/s.sock";
        })) == Error::Kind::usage);

  // A port in use.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  CHECK(kind_of(with([&](ServerOptions& o) { o.port = ntohs(sa.sin_port); })) == Error::Kind::usage);
  // TCP fails after the unix socket opened: that one is closed again.
  TempDir dir;
  CHECK(kind_of(with([&](ServerOptions& o) {
          o.port = ntohs(sa.sin_port);
          o.unix_socket = dir.socket();
        })) == Error::Kind::usage);
  ::close(fd);
  uv_run(store.loop(), UV_RUN_NOWAIT);
  struct stat st {};
  CHECK(::stat(dir.socket().c_str(), &st) != 0);

  // The store is fine, and a server can open afterwards.
  Server ok(store.client(), {});
  CHECK(ok.port() != 0);
  CHECK(store.run({"PING"}) == test::simple("PONG"));
}

TEST_CASE("binary keys and values") {
  Net net;
  Conn a = net.connect();
  const std::string key("k\0\r\n*1\r\n", 8), value("\r\n\0$-1\r\n\0", 9);
  a.send(cmd({"SET", key, value}) + cmd({"GET", key}) + cmd({"STRLEN", key}));
  a.expect("+OK\r\n" + bulk(value) + integer(9));
  CHECK(net.client().get(key).get() == value);
  net.client().set(value, key).get();
  a.send(cmd({"GET", value}));
  a.expect(bulk(key));
  a.send(cmd({"RPUSH", "l", std::string(1, '\0'), "\r\n"}) + cmd({"LRANGE", "l", "0", "-1"}));
  a.expect(integer(2) + "*2\r\n$1\r\n" + std::string(1, '\0') + "\r\n$2\r\n\r\n\r\n");
  // A bulk bigger than one read.
  const std::string big = std::string(100'000, 'x') + std::string(1, '\0') + "\r\n";
  a.send(cmd({"SET", "big", big}) + cmd({"GET", "big"}));
  a.expect("+OK\r\n" + bulk(big));
}

TEST_CASE("~Server with open connections and a blocked client") {
  test::Store store;
  std::optional<Server> server(std::in_place, store.client(), ServerOptions{});
  Conn a(connect_tcp(server->port()), store.loop());
  Conn b(connect_tcp(server->port()), store.loop());
  Conn m(connect_tcp(server->port()), store.loop());
  a.send(cmd({"BLPOP", "q", "0"}));
  b.send("PING\r\n*2\r\n$3\r\nGET\r\n");  // and half a command
  b.expect("+PONG\r\n");
  // An in-process caller blocks too; the server's end does not concern it.
  auto popped = store.client().blpop("q", 0s);
  CHECK(!popped.ready());
  m.send(cmd({"MONITOR"}));
  m.expect("+OK\r\n");
  a.expect_silence();

  server.reset();
  a.expect_eof();
  b.expect_eof();
  m.expect_eof();
  // The abandoned BLPOP took nothing: the in-process caller gets the element.
  CHECK(store.client().rpush("q", "x").get() == 1);
  REQUIRE(popped.ready());
  CHECK(popped.get() == std::pair<std::string, std::string>("q", "x"));
  CHECK(store.run({"INFO", "clients"}).string().find("blocked_clients:0\r\n") != std::string::npos);
  // Without a server, only the in-process caller is a client.
  CHECK(store.run({"CLIENT", "LIST"}).string().find("addr=127.0.0.1") == std::string::npos);
}

TEST_CASE("shutting the Client down closes the server") {
  test::Store store;
  Server server(store.client(), {});
  Conn a(connect_tcp(server.port()), store.loop());
  Conn b(connect_tcp(server.port()), store.loop());
  a.send(cmd({"BLPOP", "q", "0"}));
  b.send("PING\r\n");
  b.expect("+PONG\r\n");
  a.expect_silence();
  auto pending = store.client().blpop("q", 0s);
  store.client().shutdown();
  a.expect_eof();
  b.expect_eof();
  REQUIRE(pending.ready());
  CHECK(fails_with_shutdown([&] { pending.get(); }));
  // A new Server for the store that is gone cannot start; ~Server of the old
  // one afterwards is fine.
  try {
    Server again(store.client(), {});
    FAIL("did not throw");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::shutdown);
  }
}

TEST_CASE("a Server on an own-thread Client, with blocking sockets") {
  not_redis::Client client;
  std::optional<Server> server(std::in_place, client, ServerOptions{});
  Conn a(connect_tcp(server->port()), nullptr);
  Conn b(connect_tcp(server->port()), nullptr);

  a.send(cmd({"SET", "k", "v"}) + cmd({"GET", "k"}));
  a.expect("+OK\r\n$1\r\nv\r\n");
  CHECK(client.get("k").get() == "v");
  client.set("k", "w").get();
  b.send(cmd({"GET", "k"}));
  b.expect(bulk("w"));

  std::string pipeline, want;
  for (int i = 1; i <= 1000; ++i) {
    pipeline += cmd({"INCR", "n"});
    want += integer(i);
  }
  a.send(pipeline);
  a.expect(want);

  // A blocks; B is served; an in-process push from this thread wakes A.
  a.send(cmd({"BLPOP", "q", "0"}) + "PING\r\n");
  b.send("PING\r\n");
  b.expect("+PONG\r\n");
  // The two connections are not ordered: wait until A is parked, or the push
  // could come first.
  const auto deadline = std::chrono::steady_clock::now() + kStall;
  while (client.command<Value>("INFO", "clients").get().string().find("blocked_clients:1\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  CHECK(client.rpush("q", "x").get() == 1);
  a.expect("*2\r\n$1\r\nq\r\n$1\r\nx\r\n+PONG\r\n");

  // A blocks again, an in-process caller on another thread blocks too; then
  // the server goes away (A's call is abandoned), then the store.
  a.send(cmd({"BLPOP", "q", "0"}));
  auto in_process = client.blpop("q", 0s);
  server.reset();
  CHECK(peer_closed(a.fd()));
  CHECK(peer_closed(b.fd()));
  CHECK(!in_process.ready());
  client.shutdown();
  CHECK(fails_with_shutdown([&] { in_process.get(); }));
}

TEST_CASE("Client shutdown while a Server runs on its own thread") {
  not_redis::Client client;
  Server server(client, {});
  Conn a(connect_tcp(server.port()), nullptr);
  a.send(cmd({"BLPOP", "q", "0"}));
  client.shutdown();
  CHECK(peer_closed(a.fd()));
  // A Server for a store that is gone cannot start (and leaks nothing).
  try {
    Server server(client, {});
    FAIL("did not throw");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::shutdown);
  }
}
