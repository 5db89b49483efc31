#include "util/glob.hpp"

#include <cctype>
#include <utility>

namespace not_redis::detail {

namespace {

int fold(int c, bool nocase) { return nocase ? std::tolower(c) : c; }

// A faithful port of Redis 7.0's stringmatchlen_impl, including its quirks
// (an unterminated '[' set, ranges given backwards), so patterns match the
// same keys. `skip_longer` prunes the exponential retries of nested '*'.
bool match(const char* p, std::size_t plen, const char* s, std::size_t slen, bool nocase, bool& skip_longer) {
  auto at = [&](std::size_t i) -> char { return i < plen ? p[i] : '\0'; };
  while (plen && slen) {
    switch (p[0]) {
    case '*':
      while (plen > 1 && p[1] == '*') {
        ++p;
        --plen;
      }
      if (plen == 1) return true;
      while (slen) {
        if (match(p + 1, plen - 1, s, slen, nocase, skip_longer)) return true;
        if (skip_longer) return false;
        ++s;
        --slen;
      }
      skip_longer = true;
      return false;
    case '?':
      ++s;
      --slen;
      break;
    case '[': {
      ++p;
      --plen;
      const bool negate = at(0) == '^';
      if (negate) {
        ++p;
        --plen;
      }
      bool matched = false;
      for (;;) {
        if (plen >= 2 && p[0] == '\\') {
          ++p;
          --plen;
          if (p[0] == s[0]) matched = true;
        } else if (plen == 0) {
          // Unterminated set: Redis steps back so the final ++ lands on the end.
          --p;
          ++plen;
          break;
        } else if (p[0] == ']') {
          break;
        } else if (plen >= 3 && p[1] == '-') {
          int start = static_cast<signed char>(p[0]);
          int end = static_cast<signed char>(p[2]);
          int c = static_cast<signed char>(s[0]);
          if (start > end) std::swap(start, end);
          start = fold(start, nocase);
          end = fold(end, nocase);
          c = fold(c, nocase);
          p += 2;
          plen -= 2;
          if (c >= start && c <= end) matched = true;
        } else if (fold(static_cast<unsigned char>(p[0]), nocase) == fold(static_cast<unsigned char>(s[0]), nocase)) {
          matched = true;
        }
        ++p;
        --plen;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      ++s;
      --slen;
      break;
    }
    case '\\':
      if (plen >= 2) {
        ++p;
        --plen;
      }
      [[fallthrough]];
    default:
      if (fold(static_cast<unsigned char>(p[0]), nocase) != fold(static_cast<unsigned char>(s[0]), nocase))
        return false;
      ++s;
      --slen;
      break;
    }
    ++p;
    --plen;
    if (slen == 0) {
      while (plen && *p == '*') {
        ++p;
        --plen;
      }
      break;
    }
  }
  return plen == 0 && slen == 0;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view subject, bool nocase) noexcept {
  bool skip_longer = false;
  return match(pattern.data(), pattern.size(), subject.data(), subject.size(), nocase, skip_longer);
}

} // namespace not_redis::detail
