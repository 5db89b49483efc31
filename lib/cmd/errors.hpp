#pragma once
// Every error text a command can reply with, in full ("CODE message"), as
// Redis 7.0 words it. Texts with a parameter are built by the functions below.

#include <string>
#include <string_view>

namespace not_redis::detail::errors {

inline constexpr std::string_view kWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kNanOrInfinity = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kStringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kInvalidExpire = "ERR invalid expire time in '{}' command";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kSelectNotAllowed = "ERR SELECT is not allowed in cluster mode";
inline constexpr std::string_view kOutOfMemory = "OOM command not allowed when the store is out of memory";
inline constexpr std::string_view kNoLfu =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching "
    "between policies at runtime LRU and LFU data will take some time to adjust.";

std::string unknown_command(std::string_view name, std::string_view args_preview);
std::string wrong_arity(std::string_view full_name);
std::string unknown_subcommand(std::string_view sub, std::string_view container);
std::string invalid_expire(std::string_view command);

} // namespace not_redis::detail::errors
