// client-output-buffer-limit (Redis 7.0's networking.c and config.c).

#include "cmd/output_limit.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "cmd/errors.hpp"
#include "cmd/session.hpp"
#include "cmd/table.hpp"

namespace not_redis::detail {

OutputClass output_class(const Session& session) noexcept {
  // Redis's getClientType: replicas and masters do not exist here, a MONITOR
  // client is normal, and a client with subscriptions is pubsub.
  return session.subscribed() ? OutputClass::pubsub : OutputClass::normal;
}

bool over_output_limit(const Config& config, Session& s, std::size_t unsent, std::int64_t now_s) noexcept {
  const OutputLimit& limit = config.client_output_buffer_limit[static_cast<std::size_t>(output_class(s))];
  const unsigned long long used = output_list_bytes(unsent);
  // Redis closes a client that still has to authenticate once its reply list
  // passes 1 KB (measured with redis-server 7.0: closed "for overcoming of
  // output buffer limits" at its first reply-list node), whatever its class:
  // a stranger gets no more of the store's memory or CPU.
  if (!s.authenticated && !config.requirepass.empty() && used > kUnauthenticatedListBytes) return true;
  if (limit.hard && used >= limit.hard) return true;
  if (!limit.soft || used < limit.soft) {
    s.output_soft_limit_since_s = 0;
    return false;
  }
  // Over the soft limit: only once it has been for longer than its seconds.
  if (s.output_soft_limit_since_s == 0) {
    s.output_soft_limit_since_s = now_s;
    return false;
  }
  return now_s - s.output_soft_limit_since_s > limit.soft_seconds;
}

namespace {

// CONFIG GET's class names: Redis 7.0 still writes "slave".
constexpr std::array<std::string_view, kOutputClasses> kClassNames = {"normal", "slave", "pubsub"};

std::optional<OutputClass> class_named(std::string_view name) {
  // Redis's getClientTypeByName, less "master", which CONFIG SET refuses.
  if (iequals(name, "normal")) return OutputClass::normal;
  if (iequals(name, "slave") || iequals(name, "replica")) return OutputClass::replica;
  if (iequals(name, "pubsub")) return OutputClass::pubsub;
  return std::nullopt;
}

} // namespace

std::string output_limits_string(const Config& config) {
  std::string out;
  for (std::size_t i = 0; i < kOutputClasses; ++i) {
    const OutputLimit& l = config.client_output_buffer_limit[i];
    fmt::format_to(std::back_inserter(out), "{}{} {} {} {}", i ? " " : "", kClassNames[i], l.hard, l.soft,
                   l.soft_seconds);
  }
  return out;
}

SetError set_output_limits(Config& config, std::string_view value) {
  // As sdssplitlen: "" is no group at all, a doubled or trailing space an
  // empty word (so a wrong count).
  std::vector<std::string> words;
  for (std::size_t start = 0; !value.empty();) {
    const std::size_t space = value.find(' ', start);
    words.emplace_back(value.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  if (words.size() % 4 != 0) return std::string(errors::kConfigBufferLimitCount);
  auto limits = config.client_output_buffer_limit;
  for (std::size_t i = 0; i < words.size(); i += 4) {
    const auto cls = class_named(words[i]);
    if (!cls) return std::string(errors::kConfigBufferLimitClass);
    const auto hard = parse_memory(words[i + 1]);
    const auto soft = parse_memory(words[i + 2]);
    errno = 0;
    char* end = nullptr;
    const long long seconds = std::strtoll(words[i + 3].c_str(), &end, 10);
    if (!hard || !soft || errno != 0 || *end != '\0' || seconds < 0)
      return std::string(errors::kConfigBufferLimitValue);
    limits[static_cast<std::size_t>(*cls)] = {*hard, *soft, seconds};
  }
  config.client_output_buffer_limit = limits;
  return std::nullopt;
}

} // namespace not_redis::detail
