// hiredis (Debian's 0.14, synchronous API) against not_redis-server, over TCP
// and a unix socket: each TEST_CASE starts its own server (NOT_REDIS_SERVER,
// `--port 0`), drives it through a short session and stops it, even when a
// check fails. hiredis 0.14 predates RESP3 (its reader rejects `%` maps), so
// only RESP2 is exercised here; redis_cli_test.sh covers RESP3 with `-3`.
#include <doctest/doctest.h>

#include <hiredis/hiredis.h>

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

// A not_redis-server child process; the destructor stops it (SIGTERM, then
// waits), and PR_SET_PDEATHSIG stops it if this test program dies first.
class ServerProcess {
public:
  explicit ServerProcess(std::vector<std::string> extra_args = {}) {
    const char* exe = std::getenv("NOT_REDIS_SERVER");
    if (exe == nullptr) throw std::runtime_error("NOT_REDIS_SERVER is not set");
    std::vector<std::string> args{exe, "--port", "0"};
    bool want_unix = false;
    for (auto& arg : extra_args) {
      want_unix = want_unix || arg == "--unixsocket";
      args.push_back(std::move(arg));
    }

    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];

    // Read the readiness lines, giving up after 10 s.
    static const std::regex tcp_line{R"(not_redis-server listening on 127\.0\.0\.1:(\d+))"};
    static const std::regex unix_line{R"(not_redis-server listening on unix:(.*))"};
    auto deadline = std::chrono::steady_clock::now() + 10s;
    std::string buffer;
    while (port_ == 0 || (want_unix && unix_path_.empty())) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd pfd{out_, POLLIN, 0};
      char chunk[512];
      ssize_t n = 0;
      if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0 ||
          (n = read(out_, chunk, sizeof chunk)) <= 0) {
        stop();
        throw std::runtime_error("not_redis-server did not report its listeners");
      }
      buffer.append(chunk, static_cast<size_t>(n));
      for (auto eol = buffer.find('\n'); eol != std::string::npos; eol = buffer.find('\n')) {
        std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 1);
        std::smatch m;
        if (std::regex_match(line, m, tcp_line)) port_ = std::stoi(m[1]);
        if (std::regex_match(line, m, unix_line)) unix_path_ = m[1];
      }
    }
  }

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(); }

  int port() const { return port_; }
  const std::string& unix_path() const { return unix_path_; }

private:
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (out_ >= 0) close(out_);
    out_ = -1;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::string unix_path_;
};

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Connection = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// Timeouts turn a server that never answers into a failed check, not a hang.
Connection checked(redisContext* c) {
  REQUIRE(c != nullptr);
  INFO("connect error: " << c->errstr);
  REQUIRE(c->err == 0);
  timeval timeout{10, 0};
  redisSetTimeout(c, timeout);
  return Connection{c};
}

Connection connect_tcp(const ServerProcess& server) {
  return checked(redisConnectWithTimeout("127.0.0.1", server.port(), timeval{5, 0}));
}

Connection connect_unix(const ServerProcess& server) {
  return checked(redisConnectUnixWithTimeout(server.unix_path().c_str(), timeval{5, 0}));
}

// Runs one command given as separate (binary-safe) arguments.
Reply run(redisContext* c, std::vector<std::string> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lens.push_back(arg.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data()));
  INFO("hiredis error: " << c->errstr);
  REQUIRE(reply != nullptr);
  return Reply{reply};
}

std::string str(const redisReply* r) { return std::string(r->str, r->len); }

// Checks one reply's RESP2 type and payload.
void expect_status(const Reply& r, std::string_view text) {
  REQUIRE(r->type == REDIS_REPLY_STATUS);
  CHECK(str(r.get()) == text);
}
void expect_bulk(const Reply& r, std::string_view text) {
  REQUIRE(r->type == REDIS_REPLY_STRING);
  CHECK(str(r.get()) == text);
}
void expect_integer(const Reply& r, long long n) {
  REQUIRE(r->type == REDIS_REPLY_INTEGER);
  CHECK(r->integer == n);
}
void expect_nil(const Reply& r) { CHECK(r->type == REDIS_REPLY_NIL); }
void expect_error(const Reply& r, std::string_view text) {
  REQUIRE(r->type == REDIS_REPLY_ERROR);
  CHECK(str(r.get()) == text);
}

std::vector<std::string> bulks(const Reply& r) {
  REQUIRE(r->type == REDIS_REPLY_ARRAY);
  std::vector<std::string> out;
  for (size_t i = 0; i < r->elements; ++i) {
    REQUIRE(r->element[i]->type == REDIS_REPLY_STRING);
    out.push_back(str(r->element[i]));
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::map<std::string, std::string> pairs(const Reply& r) {
  auto flat = bulks(r);
  REQUIRE(flat.size() % 2 == 0);
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < flat.size(); i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

// INFO's blocked_clients field, to know that a BLPOP is really waiting.
long long blocked_clients(redisContext* c) {
  auto info = str(run(c, {"INFO", "clients"}).get());
  std::smatch m;
  static const std::regex field{R"(blocked_clients:(\d+))"};
  REQUIRE(std::regex_search(info, m, field));
  return std::stoll(m[1]);
}

const std::string kWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

}  // namespace

TEST_CASE("hiredis: strings, types of replies and errors over TCP") {
  ServerProcess server;
  auto c = connect_tcp(server);

  expect_status(run(c.get(), {"PING"}), "PONG");
  expect_status(run(c.get(), {"SET", "greeting", "hello"}), "OK");
  expect_bulk(run(c.get(), {"GET", "greeting"}), "hello");
  expect_nil(run(c.get(), {"GET", "missing"}));
  expect_integer(run(c.get(), {"APPEND", "greeting", " world"}), 11);
  expect_integer(run(c.get(), {"INCR", "n"}), 1);
  expect_integer(run(c.get(), {"INCRBY", "n", "-11"}), -10);
  expect_bulk(run(c.get(), {"INCRBYFLOAT", "f", "2.5"}), "2.5");
  expect_nil(run(c.get(), {"SET", "greeting", "x", "NX"}));
  expect_bulk(run(c.get(), {"SET", "greeting", "bye", "GET"}), "hello world");
  expect_status(run(c.get(), {"MSET", "a", "1", "b", "2"}), "OK");
  {
    auto r = run(c.get(), {"MGET", "a", "missing", "b"});
    REQUIRE(r->type == REDIS_REPLY_ARRAY);
    REQUIRE(r->elements == 3);
    CHECK(str(r->element[0]) == "1");
    CHECK(r->element[1]->type == REDIS_REPLY_NIL);
    CHECK(str(r->element[2]) == "2");
  }
  expect_status(run(c.get(), {"TYPE", "greeting"}), "string");
  expect_integer(run(c.get(), {"DEL", "a", "b", "missing"}), 2);

  expect_error(run(c.get(), {"LPUSH", "greeting", "x"}), kWrongType);
  expect_error(run(c.get(), {"INCR", "greeting"}), "ERR value is not an integer or out of range");
  expect_error(run(c.get(), {"GET"}), "ERR wrong number of arguments for 'get' command");
  expect_error(run(c.get(), {"NOSUCHCOMMAND", "x"}),
               "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' ");
  expect_bulk(run(c.get(), {"GET", "greeting"}), "bye");  // still usable after errors
}

TEST_CASE("hiredis: hash, set and a formatted command") {
  ServerProcess server;
  auto c = connect_tcp(server);

  expect_integer(run(c.get(), {"HSET", "user", "name", "ada", "lang", "c++"}), 2);
  expect_bulk(run(c.get(), {"HGET", "user", "name"}), "ada");
  expect_integer(run(c.get(), {"HINCRBY", "user", "age", "36"}), 36);
  CHECK(pairs(run(c.get(), {"HGETALL", "user"})) ==
        std::map<std::string, std::string>{{"age", "36"}, {"lang", "c++"}, {"name", "ada"}});
  CHECK(bulks(run(c.get(), {"HGETALL", "missing"})).empty());
  expect_integer(run(c.get(), {"HDEL", "user", "lang", "nope"}), 1);
  expect_integer(run(c.get(), {"HLEN", "user"}), 2);

  expect_integer(run(c.get(), {"SADD", "tags", "red", "green", "blue"}), 3);
  expect_integer(run(c.get(), {"SADD", "tags", "red"}), 0);
  CHECK(sorted(bulks(run(c.get(), {"SMEMBERS", "tags"}))) ==
        std::vector<std::string>{"blue", "green", "red"});
  expect_integer(run(c.get(), {"SISMEMBER", "tags", "green"}), 1);
  expect_integer(run(c.get(), {"SCARD", "tags"}), 3);
  expect_error(run(c.get(), {"SADD", "user", "x"}), kWrongType);

  // hiredis's printf-style formatting: %s and %b (binary with length).
  Reply r{static_cast<redisReply*>(redisCommand(c.get(), "SADD %s %b", "tags", "pink", size_t{4}))};
  REQUIRE(r);
  expect_integer(r, 1);
}

TEST_CASE("hiredis: lists and a BLPOP served by a second connection") {
  ServerProcess server;
  auto waiter = connect_tcp(server);
  auto pusher = connect_tcp(server);

  expect_integer(run(pusher.get(), {"RPUSH", "list", "a", "b", "c"}), 3);
  CHECK(bulks(run(pusher.get(), {"LRANGE", "list", "0", "-1"})) ==
        std::vector<std::string>{"a", "b", "c"});
  expect_bulk(run(pusher.get(), {"LPOP", "list"}), "a");

  // Send BLPOP without waiting for its reply, push once it is blocked.
  REQUIRE(redisAppendCommand(waiter.get(), "BLPOP q1 q2 5") == REDIS_OK);
  int done = 0;
  while (!done) REQUIRE(redisBufferWrite(waiter.get(), &done) == REDIS_OK);
  // Each INFO is a round trip, which paces the wait; no sleep needed.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (blocked_clients(pusher.get()) != 1 && std::chrono::steady_clock::now() < deadline) {
  }
  REQUIRE(blocked_clients(pusher.get()) == 1);
  expect_integer(run(pusher.get(), {"RPUSH", "q2", "job"}), 1);
  void* raw = nullptr;
  REQUIRE(redisGetReply(waiter.get(), &raw) == REDIS_OK);
  Reply popped{static_cast<redisReply*>(raw)};
  CHECK(bulks(popped) == std::vector<std::string>{"q2", "job"});
  CHECK(blocked_clients(pusher.get()) == 0);
  expect_integer(run(pusher.get(), {"EXISTS", "q2"}), 0);

  // A timeout is a RESP2 null array, which hiredis reports as NIL.
  auto start = std::chrono::steady_clock::now();
  expect_nil(run(waiter.get(), {"BLPOP", "q1", "0.2"}));
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}

TEST_CASE("hiredis: expiry with TTL") {
  ServerProcess server;
  auto c = connect_tcp(server);

  expect_status(run(c.get(), {"SET", "session", "token", "EX", "100"}), "OK");
  expect_integer(run(c.get(), {"TTL", "session"}), 100);
  auto pttl = run(c.get(), {"PTTL", "session"});
  REQUIRE(pttl->type == REDIS_REPLY_INTEGER);
  CHECK(pttl->integer > 99000);
  CHECK(pttl->integer <= 100000);
  expect_integer(run(c.get(), {"PERSIST", "session"}), 1);
  expect_integer(run(c.get(), {"TTL", "session"}), -1);
  expect_integer(run(c.get(), {"TTL", "missing"}), -2);
  // Expiry itself is tested on a manual clock in-process; through a client,
  // a deadline already past removes the key at once, as in Redis.
  expect_status(run(c.get(), {"SET", "short", "x", "PX", "100"}), "OK");
  auto short_pttl = run(c.get(), {"PTTL", "short"});
  REQUIRE(short_pttl->type == REDIS_REPLY_INTEGER);
  CHECK(short_pttl->integer > 0);
  CHECK(short_pttl->integer <= 100);
  expect_integer(run(c.get(), {"PEXPIREAT", "short", "1"}), 1);
  expect_nil(run(c.get(), {"GET", "short"}));
  expect_integer(run(c.get(), {"TTL", "short"}), -2);
}

TEST_CASE("hiredis: binary keys and values") {
  ServerProcess server;
  auto c = connect_tcp(server);

  std::string key("bin\0key\xff", 8);
  std::string value;
  for (int i = 0; i < 256; ++i) value.push_back(static_cast<char>(i));
  value += std::string("\r\n\0end", 6);
  expect_status(run(c.get(), {"SET", key, value}), "OK");
  expect_bulk(run(c.get(), {"GET", key}), value);
  expect_integer(run(c.get(), {"STRLEN", key}), static_cast<long long>(value.size()));
  CHECK(bulks(run(c.get(), {"KEYS", std::string("bin\0*", 5)})) == std::vector<std::string>{key});

  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + i / 251);
  expect_status(run(c.get(), {"SET", "big", big}), "OK");
  expect_bulk(run(c.get(), {"GET", "big"}), big);
  expect_integer(run(c.get(), {"RPUSH", std::string("l\0", 2), std::string("\0", 1), "\r\n"}), 2);
  CHECK(bulks(run(c.get(), {"LRANGE", std::string("l\0", 2), "0", "-1"})) ==
        std::vector<std::string>{std::string("\0", 1), "\r\n"});
}

TEST_CASE("hiredis: pipelining with redisAppendCommand and redisGetReply") {
  ServerProcess server;
  auto c = connect_tcp(server);

  constexpr int kCommands = 5000;
  for (int i = 0; i < kCommands; ++i) {
    REQUIRE(redisAppendCommand(c.get(), "RPUSH pipelined %d", i) == REDIS_OK);
  }
  REQUIRE(redisAppendCommand(c.get(), "LPUSH %s x", "pipelined-string") == REDIS_OK);
  REQUIRE(redisAppendCommand(c.get(), "SET pipelined-string v") == REDIS_OK);
  REQUIRE(redisAppendCommand(c.get(), "LPUSH pipelined-string x") == REDIS_OK);
  REQUIRE(redisAppendCommand(c.get(), "LRANGE pipelined -2 -1") == REDIS_OK);

  for (int i = 0; i < kCommands; ++i) {
    void* raw = nullptr;
    REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
    Reply r{static_cast<redisReply*>(raw)};
    REQUIRE(r->type == REDIS_REPLY_INTEGER);
    REQUIRE(r->integer == i + 1);  // in order
  }
  auto next = [&] {
    void* raw = nullptr;
    REQUIRE(redisGetReply(c.get(), &raw) == REDIS_OK);
    return Reply{static_cast<redisReply*>(raw)};
  };
  expect_integer(next(), 1);
  expect_status(next(), "OK");  // SET replaces the list
  expect_error(next(), kWrongType);
  CHECK(bulks(next()) == std::vector<std::string>{"4998", "4999"});
}

TEST_CASE("hiredis: unix socket and HELLO 2") {
  ServerProcess server({"--unixsocket",
                        (std::filesystem::temp_directory_path() /
                         ("not_redis-hiredis-" + std::to_string(getpid()) + ".sock"))
                            .string()});
  auto u = connect_unix(server);
  auto t = connect_tcp(server);

  expect_status(run(u.get(), {"SET", "via", "unix"}), "OK");
  expect_bulk(run(t.get(), {"GET", "via"}), "unix");
  expect_integer(run(u.get(), {"DBSIZE"}), 1);

  // HELLO 2 keeps RESP2: the map arrives as a flat array.
  auto r = run(u.get(), {"HELLO", "2"});
  REQUIRE(r->type == REDIS_REPLY_ARRAY);
  bool saw_proto = false;
  for (size_t i = 0; i + 1 < r->elements; i += 2) {
    REQUIRE(r->element[i]->type == REDIS_REPLY_STRING);
    if (str(r->element[i]) == "proto") {
      saw_proto = true;
      REQUIRE(r->element[i + 1]->type == REDIS_REPLY_INTEGER);
      CHECK(r->element[i + 1]->integer == 2);
    }
  }
  CHECK(saw_proto);
}

TEST_CASE("hiredis: AUTH with requirepass") {
  ServerProcess server({"--requirepass", "s3cret"});
  auto c = connect_tcp(server);

  expect_error(run(c.get(), {"GET", "k"}), "NOAUTH Authentication required.");
  expect_error(run(c.get(), {"AUTH", "nope"}),
               "WRONGPASS invalid username-password pair or user is disabled.");
  expect_error(run(c.get(), {"SET", "k", "v"}), "NOAUTH Authentication required.");
  expect_status(run(c.get(), {"AUTH", "s3cret"}), "OK");
  expect_status(run(c.get(), {"SET", "k", "v"}), "OK");
  expect_bulk(run(c.get(), {"GET", "k"}), "v");

  auto other = connect_tcp(server);  // authentication is per connection
  expect_error(run(other.get(), {"GET", "k"}), "NOAUTH Authentication required.");
  expect_status(run(other.get(), {"AUTH", "default", "s3cret"}), "OK");
  expect_bulk(run(other.get(), {"GET", "k"}), "v");
}
