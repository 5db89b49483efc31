// What the blocking commands of every family share (BLPOP, BZPOPMIN, ...).

#include <climits>
#include <cmath>

#include "families/family.hpp"

namespace not_redis::detail {

std::optional<std::int64_t> timeout_deadline(const Context& ctx, std::string_view arg, Value& error) {
  const std::optional<long double> seconds = parse_long_double(arg);
  if (!seconds) {
    error = error_reply(errors::kTimeoutNotFloat);
    return std::nullopt;
  }
  const long double ms = std::ceil(*seconds * 1000.0L);
  // Redis casts to long long, which on x86 turns anything beyond its range
  // (inf, 1e30) into LLONG_MIN: "timeout is negative".
  constexpr long double kTwoTo63 = 9223372036854775808.0L;
  if (!(ms >= -kTwoTo63 && ms < kTwoTo63) || ms < 0) {
    error = error_reply(errors::kTimeoutNegative);
    return std::nullopt;
  }
  const auto timeout = static_cast<long long>(ms);  // ceil of -0.5 is -0: zero, wait forever
  if (timeout == 0) return 0;
  // Redis 7.0 lets now + timeout overflow; later versions reject it, as here.
  if (timeout > LLONG_MAX - ctx.now_ms()) {
    error = error_reply(errors::kTimeoutOutOfRange);
    return std::nullopt;
  }
  return ctx.now_ms() + timeout;
}

std::optional<MpopArgs> parse_mpop(const Context& ctx, std::size_t numkeys_at, std::string_view first_end,
                                   std::string_view second_end, bool blocking, Value& error) {
  const auto numkeys = parse_integer(ctx.argv[numkeys_at]);
  if (!numkeys || *numkeys < 1) {
    error = error_reply(errors::kNumkeysNotPositive);
    return std::nullopt;
  }
  const std::size_t first_key = numkeys_at + 1;
  error = syntax_error();
  if (static_cast<unsigned long long>(*numkeys) >= ctx.argv.size() - first_key) return std::nullopt;
  const std::size_t end_at = first_key + static_cast<std::size_t>(*numkeys);
  MpopArgs args;
  if (iequals(ctx.argv[end_at], second_end)) args.second_end = true;
  else if (!iequals(ctx.argv[end_at], first_end)) return std::nullopt;
  bool counted = false;
  for (std::size_t i = end_at + 1; i < ctx.argv.size(); ++i) {
    if (counted || !iequals(ctx.argv[i], "count") || i + 1 >= ctx.argv.size()) return std::nullopt;
    const auto count = parse_integer(ctx.argv[++i]);
    if (!count || *count < 1) {
      error = error_reply(errors::kCountNotPositive);
      return std::nullopt;
    }
    args.count = static_cast<std::size_t>(*count);
    counted = true;
  }
  if (blocking) {
    args.deadline = timeout_deadline(ctx, ctx.argv[1], error);
    if (!args.deadline) return std::nullopt;
  }
  for (std::size_t i = first_key; i < end_at; ++i) args.keys.push_back(ctx.argv[i]);
  return args;
}

} // namespace not_redis::detail
