// not_redis-server: an embedded store served over RESP, so redis-cli,
// redis-benchmark and any Redis client can talk to it.
//
//   not_redis-server --port 7000 [--bind 127.0.0.1] [--unixsocket PATH]
//                    [--requirepass PASSWORD] [--hz 10]
//
// It prints one "listening on" line per listener once ready (so a script can
// start it with --port 0 and read the chosen port), then serves until SIGINT
// or SIGTERM. SIGHUP and SIGPIPE are ignored, as Redis ignores them.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <not_redis/not_redis.hpp>
#include <not_redis/server.hpp>

namespace {

[[noreturn]] void usage(std::string_view problem) {
  fmt::print(stderr,
             "not_redis-server: {}\n"
             "usage: not_redis-server [--port N] [--bind ADDR] [--unixsocket PATH] [--requirepass PW]\n"
             "                        [--protected-mode yes|no] [--hz N]\n"
             "  --port N          TCP port (default 6379; 0 picks a free one)\n"
             "  --bind ADDR       TCP address (default 127.0.0.1)\n"
             "  --unixsocket PATH also listen on a unix socket\n"
             "  --requirepass PW  clients must AUTH first\n"
             "  --protected-mode yes|no  without a password, refuse clients from other hosts (default yes)\n"
             "  --hz N            active-expiry cycles per second (default 10)\n",
             problem);
  std::exit(2);
}

int to_int(std::string_view flag, const char* text, int low, int high) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < low || value > high)
    usage(fmt::format("{} wants a number from {} to {}, not '{}'", flag, low, high, text));
  return static_cast<int>(value);
}

} // namespace

int main(int argc, char** argv) {
  not_redis::ServerOptions server_options;
  server_options.port = 6379;
  not_redis::Options store_options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (i + 1 >= argc) usage(fmt::format("{} needs a value", flag));
    const char* value = argv[++i];
    if (flag == "--port") {
      const int port = to_int(flag, value, 0, 65535);
      server_options.port = static_cast<std::uint16_t>(port);
    } else if (flag == "--bind") {
      server_options.bind = value;
    } else if (flag == "--unixsocket") {
      server_options.unix_socket = value;
    } else if (flag == "--requirepass") {
      server_options.requirepass = value;
    } else if (flag == "--protected-mode") {
      const std::string_view answer = value;
      if (answer != "yes" && answer != "no") usage(fmt::format("--protected-mode wants yes or no, not '{}'", answer));
      server_options.protected_mode = answer == "yes";
    } else if (flag == "--hz") {
      store_options.hz = to_int(flag, value, 1, 500);
    } else {
      usage(fmt::format("unknown option {}", flag));
    }
  }

  // Signals are taken by sigwait() on this thread; block them before the
  // store's thread starts, so it inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-write is an error return, not a kill
  // As Redis: a closed terminal or a "reload" from a service manager must not
  // kill a store that holds everything in memory.
  std::signal(SIGHUP, SIG_IGN);

  not_redis::Client store(store_options);
  std::optional<not_redis::Server> server;
  try {
    server.emplace(store, server_options);
  } catch (const not_redis::Error& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 1;
  }
  if (server_options.port) fmt::print("not_redis-server listening on {}:{}\n", server_options.bind, server->port());
  if (!server_options.unix_socket.empty()) fmt::print("not_redis-server listening on unix:{}\n", server->unix_socket());
  std::fflush(stdout);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.reset();
  return 0;
}
