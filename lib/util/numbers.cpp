#include "util/numbers.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace not_redis::detail {

namespace {
// Redis's MAX_LONG_DOUBLE_CHARS: longer input is not a number.
constexpr std::size_t kMaxLongDoubleChars = 5 * 1024;
} // namespace

std::optional<unsigned long long> parse_unsigned(std::string_view s) noexcept {
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s == "0") return 0ULL;
  if (s[0] < '1' || s[0] > '9') return std::nullopt;
  unsigned long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(std::string_view s) noexcept {
  if (s.empty() || s.size() > 20) return std::nullopt;
  const bool negative = s[0] == '-';
  std::string_view digits = negative ? s.substr(1) : s;
  if (digits.empty()) return std::nullopt;
  if (digits == "0") return negative ? std::nullopt : std::optional<long long>(0);
  if (digits[0] < '1' || digits[0] > '9') return std::nullopt;
  unsigned long long magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  constexpr unsigned long long kMaxPositive = 9223372036854775807ULL;
  if (negative) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    return static_cast<long long>(0ULL - magnitude);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<long long>(magnitude);
}

std::optional<unsigned long long> parse_scan_cursor(std::string_view s) {
  const std::string text(s);  // strtoull needs the terminating NUL
  if (!text.empty() && std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const unsigned long long cursor = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return cursor;
}

std::optional<long double> parse_long_double(std::string_view s) noexcept {
  if (s.empty() || s.size() >= kMaxLongDoubleChars) return std::nullopt;
  char buf[kMaxLongDoubleChars];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  errno = 0;
  char* end = nullptr;
  const long double v = std::strtold(buf, &end);
  if (std::isspace(static_cast<unsigned char>(buf[0])) || *end != '\0' ||
      static_cast<std::size_t>(end - buf) != s.size() || (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || std::fpclassify(v) == FP_ZERO)) || errno == EINVAL ||
      std::isnan(v))
    return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) noexcept {
  if (s.empty() || s.size() >= kMaxLongDoubleChars) return std::nullopt;
  char buf[kMaxLongDoubleChars];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (std::isspace(static_cast<unsigned char>(buf[0])) || *end != '\0' ||
      static_cast<std::size_t>(end - buf) != s.size() || (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || std::fpclassify(v) == FP_ZERO)) || std::isnan(v))
    return std::nullopt;
  return v;
}

std::string_view format_integer(long long n, char* scratch) noexcept {
  auto r = std::to_chars(scratch, scratch + 21, n);
  return {scratch, static_cast<std::size_t>(r.ptr - scratch)};
}

std::string format_long_double_human(long double v) {
  std::string buf(kMaxLongDoubleChars, '\0');
  int n = std::snprintf(buf.data(), buf.size(), "%.17Lf", v);
  if (n < 0 || static_cast<std::size_t>(n) + 1 > buf.size()) return {};
  auto len = static_cast<std::size_t>(n);
  if (buf.find('.') < len) {
    while (buf[len - 1] == '0') --len;
    if (buf[len - 1] == '.') --len;
  }
  buf.resize(len);
  if (buf == "-0") buf = "0";
  return buf;
}

std::string format_double(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", v);
  return std::string(buf, static_cast<std::size_t>(n));
}

} // namespace not_redis::detail
