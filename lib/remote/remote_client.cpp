#include <not_redis/remote_client.hpp>

#include <charconv>

#include <fmt/format.h>

#include "engine/posted_task.hpp"
#include "remote/remote_engine.hpp"

namespace not_redis {

namespace {

[[noreturn]] void bad_url(std::string_view url, std::string_view why) {
  throw Error(Error::Kind::usage, fmt::format("not_redis: RemoteOptions::from_url(\"{}\"): {}", url, why));
}

std::string percent_decode(std::string_view url, std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    unsigned byte = 0;
    if (i + 2 >= s.size() || std::from_chars(s.data() + i + 1, s.data() + i + 3, byte, 16).ptr != s.data() + i + 3)
      bad_url(url, "a '%' is not followed by two hex digits");
    out.push_back(static_cast<char>(byte));
    i += 2;
  }
  return out;
}

} // namespace

RemoteOptions RemoteOptions::from_url(std::string_view url) {
  RemoteOptions options;
  std::string_view rest = url;
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (rest.starts_with("unix://")) {
    options.unix_socket = percent_decode(url, rest.substr(7));
    if (options.unix_socket.empty()) bad_url(url, "no socket path");
  } else if (rest.starts_with("redis://")) {
    rest.remove_prefix(8);
    std::string_view authority = rest.substr(0, rest.find('/'));
    const std::string_view path = rest.substr(authority.size());
    if (!path.empty() && path != "/" && path != "/0") bad_url(url, "only database 0 exists (SELECT is not supported)");
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
      const std::string_view credentials = authority.substr(0, at);
      authority = authority.substr(at + 1);
      const auto colon = credentials.find(':');
      if (colon == std::string_view::npos) {
        // redis://password@host, as redis-cli -u reads a lone credential.
        options.password = percent_decode(url, credentials);
      } else {
        options.user = percent_decode(url, credentials.substr(0, colon));
        options.password = percent_decode(url, credentials.substr(colon + 1));
      }
    }
    std::string_view host = authority;
    std::string_view port;
    if (host.starts_with('[')) {  // [::1]:6379
      const auto close = host.find(']');
      if (close == std::string_view::npos) bad_url(url, "an IPv6 address without its ']'");
      port = host.substr(close + 1);
      host = host.substr(1, close - 1);
      if (!port.empty() && !port.starts_with(':')) bad_url(url, "junk after the IPv6 address");
      if (!port.empty()) port.remove_prefix(1);
    } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (!host.empty()) options.host = std::string(host);
    if (!port.empty()) {
      const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), options.port);
      if (ec != std::errc() || end != port.data() + port.size() || options.port <= 0 || options.port > 65535)
        bad_url(url, "the port is not a number from 1 to 65535");
    }
  } else {
    bad_url(url, "it starts with neither redis:// nor unix://");
  }
  while (!query.empty()) {
    const std::string_view item = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), item.size() + 1));
    const auto eq = item.find('=');
    const std::string_view key = item.substr(0, eq);
    const std::string value = eq == std::string_view::npos ? std::string() : percent_decode(url, item.substr(eq + 1));
    if (key == "password") options.password = value;
    else if (key == "user") options.user = value;
    else if (key == "name") options.client_name = value;
    else if (key == "cluster") options.cluster = value == "yes" || value == "true" || value == "1";
    else if (key == "seed") options.seeds.push_back(value);
    else bad_url(url, fmt::format("unknown parameter '{}' (known: user, password, name, cluster, seed)", key));
  }
  return options;
}

RemoteClient::RemoteClient(RemoteOptions options)
    : engine_(std::make_unique<detail::RemoteEngine>(std::move(options))) {}

RemoteClient::RemoteClient(uv_loop_s* loop, RemoteOptions options)
    : engine_(std::make_unique<detail::RemoteEngine>(loop, std::move(options))) {}

RemoteClient::~RemoteClient() = default;

detail::CallHandle RemoteClient::execute_handle(Argv&& argv) { return engine_->execute(std::move(argv)); }

detail::CallHandle RemoteClient::execute_batch(std::vector<Argv>&& commands, Kind kind, std::uint64_t lease) {
  return engine_->execute_batch(std::move(commands), kind, lease);
}

Future<void> RemoteClient::post(std::function<void()> task) {
  return detail::make_future<void>(engine_->run_on_loop(std::make_unique<detail::PostedTask>(std::move(task))));
}

std::uint64_t RemoteClient::new_lease() { return engine_->new_lease(); }

void RemoteClient::end_lease(std::uint64_t lease) noexcept { engine_->end_lease(lease); }

void RemoteClient::shutdown() noexcept { engine_->shutdown(); }

bool RemoteClient::on_loop_thread() const noexcept { return engine_->on_loop_thread(); }

std::uint64_t RemoteClient::connections_opened() const noexcept { return engine_->connections_opened(); }

} // namespace not_redis
