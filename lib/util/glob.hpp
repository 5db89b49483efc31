#pragma once
// Redis's glob-style matching (util.c stringmatchlen), for KEYS, SCAN MATCH,
// CONFIG GET and friends: * ? [abc] [^a-z] and backslash escapes.

#include <string_view>

namespace not_redis::detail {

bool glob_match(std::string_view pattern, std::string_view subject, bool nocase = false) noexcept;

} // namespace not_redis::detail
