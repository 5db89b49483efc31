#pragma once
// Child server processes and plain-socket connections for the parity harness.
// A ServerProcess is started with fork/exec on a loopback port and is always
// stopped (SIGTERM, then SIGKILL if it lingers; waitpid) by its destructor,
// so a failing test never leaves a server behind. The child also dies with
// the test (PR_SET_PDEATHSIG) if the test itself crashes.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "resp_reader.hpp"

namespace parity {

/// A free loopback port: bind port 0 and read back what the kernel chose.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind to port 0 failed");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// Connects to 127.0.0.1:port; -1 when nobody listens.
inline int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

class ServerProcess {
public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(); }

  /// Starts `redis-server` (when the program's name says so) or
  /// `not_redis-server` on a free port and waits until it accepts connections.
  /// `extra` arguments follow the port ones (e.g. {"--requirepass", "x"});
  /// `port` 0 picks a free one (a restart passes the old one).
  void start(const std::string& program, const std::string& label, const std::vector<std::string>& extra = {},
             int port_number = 0) {
    // A free port may be taken by another test between our look and the
    // server's bind: with a port of our choosing, try again on another.
    for (int attempt = 1;; ++attempt) {
      try {
        start_once(program, label, extra, port_number);
        return;
      } catch (const std::runtime_error&) {
        if (port_number != 0 || attempt == 3) throw;
      }
    }
  }

private:
  void start_once(const std::string& program, const std::string& label, const std::vector<std::string>& extra,
                  int port_number) {
    label_ = label;
    port_ = port_number ? port_number : free_port();
    const std::string port = std::to_string(port_);
    std::vector<std::string> args{program};
    const bool is_redis = program.find("not_redis") == std::string::npos &&
                          program.find("redis-server") != std::string::npos;
    if (is_redis)
      args.insert(args.end(), {"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--daemonize", "no", "--dir", "/tmp", "--dbfilename", "parity-" + port + ".rdb",
                               "--logfile", ""});
    else
      args.insert(args.end(), {"--port", port});
    args.insert(args.end(), extra.begin(), extra.end());

    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      const int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDOUT_FILENO);  // redis logs and our "listening on" line
      std::vector<char*> cargv;
      for (auto& a : args) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      ::execvp(cargv[0], cargv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(label_ + " (" + program + ") exited during start-up");
      }
      const int fd = connect_loopback(port_);
      if (fd >= 0) {
        ::close(fd);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
    throw std::runtime_error(label_ + " did not accept connections within 20 s");
  }

public:
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::kill(pid_, SIGCONT);  // a paused server must run to take its SIGTERM
    int status = 0;
    for (int i = 0; i < 500; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// False when the process died (crashed) on its own.
  bool alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  /// A crash: SIGKILL, no shutdown of its own.
  void crash() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  /// A server that stops answering (SIGSTOP) and comes back (SIGCONT).
  void pause() { if (pid_ > 0) ::kill(pid_, SIGSTOP); }
  void resume() { if (pid_ > 0) ::kill(pid_, SIGCONT); }

  int port() const { return port_; }
  const std::string& label() const { return label_; }

private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string label_;
};

/// One client connection speaking raw RESP. Pipelines a batch: writes and
/// reads at the same time (poll), so a server that stops reading while its
/// output is unread (backpressure) can never deadlock the harness.
class Connection {
public:
  explicit Connection(int port) : port_(port) { open(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// Sends the commands and returns exactly one raw reply per command.
  std::vector<std::string> exchange(const std::vector<std::vector<std::string>>& commands,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::string out;
    for (const auto& c : commands) append_command(out, c);
    return exchange_raw(out, commands.size(), timeout);
  }

  std::string call(const std::vector<std::string>& argv) { return exchange({argv}).front(); }

  /// A new connection to the same server, for after QUIT (or whatever else
  /// closed this one): nothing of the old session carries over.
  void reconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    in_.clear();
    in_pos_ = 0;
    open();
  }

  std::vector<std::string> exchange_raw(std::string_view out, std::size_t replies,
                                        std::chrono::milliseconds timeout) {
    std::vector<std::string> result;
    result.reserve(replies);
    std::size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char chunk[65536];
    while (result.size() < replies) {
      // Frame whatever is already buffered before waiting for more.
      while (result.size() < replies) {
        const std::size_t n = frame_reply(std::string_view(in_).substr(in_pos_));
        if (n == 0) break;
        result.emplace_back(in_, in_pos_, n);
        in_pos_ += n;
      }
      if (in_pos_ > (1u << 20) || in_pos_ == in_.size()) {
        in_.erase(0, in_pos_);
        in_pos_ = 0;
      }
      if (result.size() == replies) break;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error("timed out waiting for replies (" + std::to_string(result.size()) + "/" + std::to_string(replies) + ")");
      pollfd p{fd_, static_cast<short>(POLLIN | (written < out.size() ? POLLOUT : 0)), 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) throw std::runtime_error("poll failed");
      if (p.revents & POLLOUT) {
        const ssize_t w = ::send(fd_, out.data() + written, out.size() - written, MSG_NOSIGNAL);
        if (w > 0) written += static_cast<std::size_t>(w);
        else if (w < 0 && errno != EAGAIN && errno != EINTR) throw std::runtime_error("connection lost while writing");
      }
      if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n > 0) in_.append(chunk, static_cast<std::size_t>(n));
        else if (n == 0) throw std::runtime_error("connection closed by server");
        else if (errno != EAGAIN && errno != EINTR) throw std::runtime_error("connection lost while reading");
      }
    }
    return result;
  }

private:
  void open() {
    fd_ = connect_loopback(port_);
    if (fd_ < 0) throw std::runtime_error("cannot connect to port " + std::to_string(port_));
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  }

  int port_ = 0;
  int fd_ = -1;
  std::string in_;
  std::size_t in_pos_ = 0;
};

} // namespace parity
