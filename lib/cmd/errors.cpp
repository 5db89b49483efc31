#include "cmd/errors.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace not_redis::detail::errors {

namespace {
// Redis replaces CR and LF in error texts with spaces so they stay one line.
std::string one_line(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return s;
}
// Redis prints these names with "%.128s": a NUL ends them.
std::string_view clip(std::string_view s, std::size_t n) { return s.substr(0, std::min({s.size(), n, s.find('\0')})); }
} // namespace

std::string unknown_command(std::string_view name, std::string_view args_preview) {
  return one_line(fmt::format("ERR unknown command '{}', with args beginning with: {}", clip(name, 128), args_preview));
}

std::string wrong_arity(std::string_view full_name) {
  return one_line(fmt::format("ERR wrong number of arguments for '{}' command", full_name));
}

std::string unknown_subcommand(std::string_view sub, std::string_view container) {
  return one_line(fmt::format("ERR unknown subcommand '{}'. Try {} HELP.", clip(sub, 128), container));
}

std::string invalid_expire(std::string_view command) {
  return fmt::format("ERR invalid expire time in '{}' command", command);
}

} // namespace not_redis::detail::errors
