#pragma once
// The network tests' harness: a Server on a deterministic store (Net), and
// connections that read like redis-cli (Conn), shared by the server's test
// programs. Everything is in an unnamed namespace: each program gets its own.

#include "harness.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>

#include <not_redis/server.hpp>

#include "server/peer.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using not_redis::Error;
using not_redis::Value;
using not_redis::Server;
using not_redis::ServerOptions;

/// A wait fails after this long without a byte of progress (the machine may be
/// loaded and the suite runs under sanitizers; a passing wait takes microseconds).
constexpr auto kStall = 5s;

/// The ManualClock's start (test::Store's clock), as MONITOR prints it.
constexpr std::string_view kStartTime = "1767225600";

/// ServerOptions with some fields set (designated initializers would warn
/// about the others under -Wextra).
template <class Set>
ServerOptions with(Set set) {
  ServerOptions options;
  set(options);
  return options;
}

/// A request as a client library sends it: a RESP multibulk.
std::string cmd(std::initializer_list<std::string_view> args) {
  std::string out = fmt::format("*{}\r\n", args.size());
  for (std::string_view a : args) fmt::format_to(std::back_inserter(out), "${}\r\n{}\r\n", a.size(), a);
  return out;
}

std::string bulk(std::string_view s) { return fmt::format("${}\r\n{}\r\n", s.size(), s); }
std::string integer(long long n) { return fmt::format(":{}\r\n", n); }

/// Printable bytes, so that a failed CHECK shows what differs.
std::string escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\\') out += "\\\\";
    else if (c >= ' ' && c <= '~') out += c;
    else out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  }
  return out;
}

/// The length of the first complete RESP reply in `buf`, or nullopt while it
/// is incomplete.
std::optional<std::size_t> reply_length(std::string_view buf, std::size_t pos = 0) {
  const std::size_t eol = buf.find("\r\n", pos);
  if (pos >= buf.size() || eol == std::string_view::npos) return std::nullopt;
  const char type = buf[pos];
  const std::string_view header = buf.substr(pos + 1, eol - pos - 1);
  const std::size_t after = eol + 2;
  const auto number = [&] { return std::strtoll(std::string(header).c_str(), nullptr, 10); };
  switch (type) {
  case '$':
  case '=':
  case '!': {
    const long long n = number();
    if (n < 0) return after - pos;
    if (buf.size() < after + static_cast<std::size_t>(n) + 2) return std::nullopt;
    return after + static_cast<std::size_t>(n) + 2 - pos;
  }
  case '*':
  case '~':
  case '>':
  case '%': {
    long long n = number();
    if (n < 0) return after - pos;
    if (type == '%') n *= 2;
    std::size_t at = after;
    for (long long i = 0; i < n; ++i) {
      const auto len = reply_length(buf, at);
      if (!len) return std::nullopt;
      at += *len;
    }
    return at - pos;
  }
  default: return after - pos;  // + - : _ , # (
  }
}

/// A client socket. With a loop it is non-blocking and runs the loop while it
/// waits; without one (the store runs on its own thread) it blocks, with a
/// receive timeout.
class Conn {
public:
  Conn(int fd, uv_loop_t* loop) : fd_(fd), loop_(loop) {
    if (loop_) {
      ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    } else {
      timeval tv{static_cast<time_t>(std::chrono::seconds(kStall).count()), 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
  }
  Conn(Conn&& o) noexcept : fd_(std::exchange(o.fd_, -1)), loop_(o.loop_), received_(std::move(o.received_)) {}
  Conn& operator=(Conn&&) = delete;
  ~Conn() { close(); }

  void close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  int fd() const { return fd_; }

  /// "127.0.0.1:port" of this end, as the server's CLIENT LIST shows it.
  std::string addr() const {
    sockaddr_in sa{};
    socklen_t len = sizeof sa;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    return fmt::format("127.0.0.1:{}", ntohs(sa.sin_port));
  }

  void send(std::string_view data) {
    const std::string failure = transmit(data, kStall);
    REQUIRE_MESSAGE(failure.empty(), failure);
  }

  /// Like send(), for a peer that may close or stop reading: false if the
  /// connection fails or takes nothing for a second.
  bool try_send(std::string_view data) { return transmit(data, std::chrono::seconds(1)).empty(); }

  /// Exactly `n` bytes, waiting for them.  /// Exactly `n` bytes, waiting for them.
  std::string read(std::size_t n) {
    wait_for([&] { return received_.size() >= n; });
    std::string out = received_.substr(0, std::min(n, received_.size()));
    received_.erase(0, out.size());
    return out;
  }

  /// One complete reply, whatever its length.
  std::string read_reply() {
    std::optional<std::size_t> len;
    wait_for([&] { return (len = reply_length(received_)).has_value(); });
    return read(len.value_or(received_.size()));
  }

  /// The next bytes are exactly `want`.
  void expect(std::string_view want) { CHECK(escaped(read(want.size())) == escaped(want)); }

  /// `request`'s reply, for an exchange that reads like redis-cli.
  std::string call(std::initializer_list<std::string_view> args) {
    send(cmd(args));
    return read_reply();
  }

  /// Nothing arrives while the loop runs until it has nothing left to do.
  void expect_silence() {
    REQUIRE(loop_);
    for (int i = 0; i < 50; ++i) {
      uv_run(loop_, UV_RUN_NOWAIT);
      receive();
    }
    CHECK(escaped(received_) == "");
    CHECK(!eof_);
  }

  /// The server closed the connection, after nothing more than what was read.
  void expect_eof() {
    wait_for([&] { return eof_; });
    CHECK(escaped(received_) == "");
    CHECK(eof_);
  }

  bool eof() const { return eof_; }

private:
  /// Sends all of `data`, running the loop (if any) while the socket is full;
  /// why it could not, or "" once sent.
  std::string transmit(std::string_view data, std::chrono::steady_clock::duration stall) {
    auto last_progress = std::chrono::steady_clock::now();
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
        last_progress = std::chrono::steady_clock::now();
        continue;
      }
      if (!(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && loop_)) return fmt::format("send failed: {}", errno);
      if (std::chrono::steady_clock::now() - last_progress > stall) return "send stalled";
      uv_run(loop_, UV_RUN_NOWAIT);
    }
    if (loop_) uv_run(loop_, UV_RUN_NOWAIT);
    return {};
  }

  /// Takes what the socket has; true if it got anything.
  bool receive() {
    bool got = false;
    char buf[64 * 1024];
    while (!eof_) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, loop_ ? MSG_DONTWAIT : 0);
      if (n > 0) {
        received_.append(buf, static_cast<std::size_t>(n));
        got = true;
        if (!loop_) break;
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) eof_ = true;  // EOF or reset
      else if (!loop_) FAIL_CHECK("receive timed out");
      break;
    }
    return got || eof_;
  }

  template <class Done>
  void wait_for(Done done) {
    auto last_progress = std::chrono::steady_clock::now();
    while (!done()) {
      if (eof_) {
        FAIL_CHECK("connection closed; got so far: ", escaped(received_));
        return;
      }
      if (loop_) uv_run(loop_, UV_RUN_NOWAIT);
      if (receive()) last_progress = std::chrono::steady_clock::now();
      if (std::chrono::steady_clock::now() - last_progress > kStall) {
        FAIL_CHECK("no reply; got so far: ", escaped(received_));
        return;
      }
    }
  }

  int fd_;
  uv_loop_t* loop_;
  std::string received_;
  bool eof_ = false;
};

/// `call` throws not_redis::Error of kind shutdown.
template <class F>
bool fails_with_shutdown(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.kind() == Error::Kind::shutdown;
  }
  return false;
}

/// A blocking socket's peer closed it: EOF, or a reset when the server closed
/// with our request unread.
inline bool peer_closed(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, 0);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

int connect_tcp(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // A blocking connect completes in the kernel's backlog, before the server
  // accepts: it needs no loop iteration.
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  return fd;
}

/// An IPv4 address of this machine outside the loopback network, if it has one.
inline std::optional<in_addr> outside_address() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return std::nullopt;
  std::optional<in_addr> found;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    const in_addr a = reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr;
    if ((ntohl(a.s_addr) >> 24) != 127) found = a;
  }
  ::freeifaddrs(list);
  return found;
}

inline int connect_tcp_to(in_addr address, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr = address;
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  return fd;
}

inline sockaddr_storage ip(const char* text) {
  sockaddr_storage out{};
  if (std::strchr(text, ':')) {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    REQUIRE(::inet_pton(AF_INET6, text, &in6.sin6_addr) == 1);
  } else {
    auto& in = reinterpret_cast<sockaddr_in&>(out);
    in.sin_family = AF_INET;
    REQUIRE(::inet_pton(AF_INET, text, &in.sin_addr) == 1);
  }
  return out;
}

inline int connect_unix(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  return fd;
}

/// A private directory for unix sockets, removed at the end.
class TempDir {
public:
  TempDir() {
    char tmpl[] = "/tmp/not_redis-server-test-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    ::unlink((path_ + "/s.sock").c_str());
    ::rmdir(path_.c_str());
  }
  std::string socket() const { return path_ + "/s.sock"; }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

/// A deterministic store on the test's loop with a Server on it.
struct Net {
  test::Store store;
  std::optional<Server> server;

  explicit Net(ServerOptions options = {}) { server.emplace(store.client(), std::move(options)); }
  ~Net() {
    server.reset();
    pump();
  }

  not_redis::Client& client() { return store.client(); }
  uv_loop_t* loop() { return store.loop(); }
  void pump(int rounds = 20) {
    for (int i = 0; i < rounds; ++i) uv_run(store.loop(), UV_RUN_NOWAIT);
  }
  /// A connection the server has accepted (a PING went through).
  Conn connect() {
    Conn c(connect_tcp(server->port()), loop());
    c.send("PING\r\n");
    c.expect("+PONG\r\n");
    return c;
  }
  /// A connection the server has not seen yet.
  Conn connect_raw() { return Conn(connect_tcp(server->port()), loop()); }

  /// An in-process command's reply.
  Value run(std::initializer_list<std::string_view> argv) { return store.run(argv); }

  /// A field of INFO, from an in-process call.
  std::string info(std::string_view field) {
    const Value v = run({"INFO", "everything"});
    const std::string text(v.string());
    const std::string key = std::string(field) + ":";
    const std::size_t at = text.find("\r\n" + key);
    if (at == std::string::npos) return "(none)";
    const std::size_t begin = at + 2 + key.size();
    return text.substr(begin, text.find("\r\n", begin) - begin);
  }

  /// Runs the loop until `done` (server-side state, such as a connection
  /// noticed as closed), failing after kStall.
  template <class Done>
  void until(Done done) {
    const auto start = std::chrono::steady_clock::now();
    while (!done()) {
      if (std::chrono::steady_clock::now() - start > kStall) {
        FAIL_CHECK("condition never became true");
        return;
      }
      uv_run(store.loop(), UV_RUN_NOWAIT);
    }
  }
};

/// HELLO's reply map, as RESP3 writes it.
inline std::string hello3(long long id) {
  return "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n" +
         integer(id) + "$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
}

long long client_id(Conn& c) {
  const std::string reply = c.call({"CLIENT", "ID"});
  REQUIRE(reply.starts_with(":"));
  return std::stoll(reply.substr(1));
}

/// The line of CLIENT LIST's text that shows connection `id`.
std::string client_line(const std::string& list, long long id) {
  const std::string prefix = fmt::format("id={} ", id);
  std::size_t at = 0;
  while (at < list.size()) {
    const std::size_t end = list.find('\n', at);
    const std::string line = list.substr(at, end - at);
    if (line.starts_with(prefix)) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return "";
}

/// A numeric `field=` of a CLIENT LIST line.
long long client_field(const std::string& line, std::string_view field) {
  const std::string key = " " + std::string(field) + "=";
  const std::size_t at = line.find(key);
  REQUIRE_MESSAGE(at != std::string::npos, line);
  return std::stoll(line.substr(at + key.size()));
}

/// CLIENT LIST's text (a RESP2 bulk string) over `c`.
std::string client_list(Conn& c) {
  const std::string reply = c.call({"CLIENT", "LIST"});
  REQUIRE(reply.starts_with("$"));
  const std::size_t body = reply.find("\r\n") + 2;
  return reply.substr(body, reply.size() - body - 2);
}

/// What CLIENT LIST showed of a MONITOR that never reads until it was closed.
struct MonitorFeed {
  int sets = 0;               ///< SETs run before it was gone (3000: never closed)
  long long most_pending = 0;  ///< largest obl + omem
  long long most_omem = 0;
};

/// A MONITOR with a small receive window that never reads, fed 100 KB SET
/// lines by another connection, with `output_limit` (if any) set as
/// client-output-buffer-limit first. Each SET's line lands after the
/// kernel's buffers (a few MB) are full in the server, where CLIENT LIST must show it.
inline MonitorFeed feed_unread_monitor(Net& net, std::string_view output_limit = {}) {
  Conn monitor = net.connect();
  const int small = 4096;
  ::setsockopt(monitor.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  monitor.send(cmd({"MONITOR"}));
  monitor.expect("+OK\r\n");
  const long long id = client_id(monitor);
  Conn writer = net.connect();
  Conn admin = net.connect();
  if (!output_limit.empty())
    CHECK(admin.call({"CONFIG", "SET", "client-output-buffer-limit", output_limit}) == "+OK\r\n");
  const std::string value(100 * 1024, 'v');
  MonitorFeed seen;
  for (; seen.sets < 3000; ++seen.sets) {
    writer.send(cmd({"SET", "k", value}));
    writer.expect("+OK\r\n");
    const std::string line = client_line(client_list(admin), id);
    if (line.empty()) break;  // closed
    seen.most_pending = std::max(seen.most_pending, client_field(line, "obl") + client_field(line, "omem"));
    seen.most_omem = std::max(seen.most_omem, client_field(line, "omem"));
  }
  net.until([&] { return net.info("connected_clients") == "2"; });
  writer.send("PING\r\n");
  writer.expect("+PONG\r\n");
  return seen;
}

} // namespace
