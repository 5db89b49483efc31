#pragma once
// Number parsing and formatting exactly as Redis does it (util.c).

#include <optional>
#include <string>
#include <string_view>

namespace not_redis::detail {

/// Redis's string2ll: optional '-', no '+', no spaces, no leading zeros, 64-bit range.
std::optional<long long> parse_integer(std::string_view s) noexcept;
/// Like parse_integer, for unsigned 64-bit cursors (string2ull).
std::optional<unsigned long long> parse_unsigned(std::string_view s) noexcept;
/// A SCAN/HSCAN/SSCAN cursor as Redis's parseScanCursorOrReply reads it:
/// strtoul over the argument as a C string, so "-1" wraps, "" is 0 and bytes
/// after a NUL are ignored; leading whitespace and trailing garbage are rejected.
std::optional<unsigned long long> parse_scan_cursor(std::string_view s);
/// Redis's string2ld: strtold over the whole string; no leading space, no NaN,
/// no overflow.
std::optional<long double> parse_long_double(std::string_view s) noexcept;
/// Redis's string2d (getDoubleFromObject): strtod, same rules.
std::optional<double> parse_double(std::string_view s) noexcept;

/// Decimal text of `n` in `scratch` (at least 21 bytes).
std::string_view format_integer(long long n, char* scratch) noexcept;
/// Redis's ld2string(..., LD_STR_HUMAN): "%.17Lf" without trailing zeros.
std::string format_long_double_human(long double v);
/// Redis's reply format for doubles (RESP2 bulk, RESP3 double): "%.17g", "inf", "-inf".
std::string format_double(double v);

} // namespace not_redis::detail
