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

} // namespace not_redis::detail
