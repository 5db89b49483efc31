#include "resp/request_parser.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <limits>
#include <optional>

#include "util/numbers.hpp"

namespace not_redis::detail::resp {

namespace {

constexpr std::size_t kNotFound = std::string_view::npos;
constexpr std::uint64_t kMaxArgvBytes = std::numeric_limits<std::uint32_t>::max();

// isspace() in the C locale, which sdssplitargs skips between arguments and
// accepts after a closing quote.
bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// string2ll, with a fast path for the plain lengths that fill every header.
std::optional<long long> parse_length(std::string_view s) noexcept {
  if (s.empty() || s.size() > 18 || (s[0] == '0' && s.size() > 1)) return parse_integer(s);
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return parse_integer(s);
    n = n * 10 + (c - '0');
  }
  return n;
}

} // namespace

void RequestParser::reset() noexcept {
  stage_ = Stage::start;
  line_consumed();
  args_left_ = bulk_len_ = 0;
  wanted_ = 0;
  arg_bytes_ = 0;
  args_ = Argv{};
  error_.clear();
}

RequestParser::Result RequestParser::fail(std::string_view text) {
  stage_ = Stage::failed;
  error_.assign(text);
  // As addReplyErrorFormat: the reply must stay on one line.
  std::replace_if(error_.begin(), error_.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return Result::error;
}

// Redis looks for line ends with strchr over a NUL-terminated buffer: a NUL
// before the terminator hides it, and the request then only ends by growing
// past kInlineMaxSize. Returns the terminator's offset in `rest`.
std::size_t RequestParser::find_line_end(std::string_view rest, char terminator) noexcept {
  if (blocked_) return kNotFound;
  // Lines are short (headers) or capped at kInlineMaxSize: a plain loop beats
  // two memchr calls.
  for (std::size_t i = scanned_; i < rest.size(); ++i) {
    if (rest[i] == terminator) {
      scanned_ = i;
      return i;
    }
    if (rest[i] == '\0') {
      blocked_ = true;
      return kNotFound;
    }
  }
  scanned_ = rest.size();
  return kNotFound;
}

// sdssplitargs: blanks separate arguments; "..." takes \n \r \t \b \a \xHH and
// \<any> escapes, '...' takes \' only; a closing quote must be followed by a
// blank or the end. `line` holds no NUL (see find_line_end).
bool RequestParser::split_inline(std::string_view line) {
  const char* p = line.data();
  const char* const end = p + line.size();
  auto at = [&](const char* q) { return q < end ? *q : '\0'; };
  for (;;) {
    while (p < end && is_space(*p)) ++p;
    if (p == end) return true;
    token_.clear();
    bool in_double = false;
    bool in_single = false;
    for (bool done = false; !done;) {
      const char c = at(p);
      if (in_double) {
        int hi = 0;
        int lo = 0;
        if (c == '\\' && at(p + 1) == 'x' && (hi = hex_value(at(p + 2))) >= 0 && (lo = hex_value(at(p + 3))) >= 0) {
          token_ += static_cast<char>(hi * 16 + lo);
          p += 3;
        } else if (c == '\\' && p + 1 < end) {
          ++p;
          switch (*p) {
          case 'n': token_ += '\n'; break;
          case 'r': token_ += '\r'; break;
          case 't': token_ += '\t'; break;
          case 'b': token_ += '\b'; break;
          case 'a': token_ += '\a'; break;
          default: token_ += *p; break;
          }
        } else if (c == '"') {
          if (p + 1 < end && !is_space(p[1])) return false;
          done = true;
        } else if (p == end) {
          return false;
        } else {
          token_ += c;
        }
      } else if (in_single) {
        if (c == '\\' && at(p + 1) == '\'') {
          ++p;
          token_ += '\'';
        } else if (c == '\'') {
          if (p + 1 < end && !is_space(p[1])) return false;
          done = true;
        } else if (p == end) {
          return false;
        } else {
          token_ += c;
        }
      } else if (p == end) {
        done = true;
      } else {
        switch (c) {
        case ' ':
        case '\n':
        case '\r':
        case '\t': done = true; break;
        case '"': in_double = true; break;
        case '\'': in_single = true; break;
        default: token_ += c; break;
        }
      }
      if (p < end) ++p;
    }
    args_.push_back(token_);
  }
}

RequestParser::Result RequestParser::parse(std::string_view buffer, std::size_t& pos, Argv& argv,
                                           const ParserLimits& limits) {
  wanted_ = 0;
  pos = std::min(pos, buffer.size());
  for (;;) {
    const std::string_view rest = buffer.substr(pos);
    switch (stage_) {
    case Stage::failed: return Result::error;

    case Stage::start:
      if (rest.empty()) return Result::incomplete;
      stage_ = rest.front() == '*' ? Stage::multibulk_count : Stage::inline_line;
      line_consumed();
      break;

    case Stage::inline_line: {
      const std::size_t eol = find_line_end(rest, '\n');
      if (eol == kNotFound) {
        if (rest.size() > kInlineMaxSize) return fail(protocol_errors::kTooBigInline);
        return Result::incomplete;
      }
      // Redis checks the size after every read; checking the line's length
      // gives its answer for a byte-by-byte stream, whatever the split.
      if (eol > kInlineMaxSize) return fail(protocol_errors::kTooBigInline);
      std::string_view line = rest.substr(0, eol);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!split_inline(line)) return fail(protocol_errors::kUnbalancedQuotes);
      pos += eol + 1;
      stage_ = Stage::start;
      if (args_.empty()) break;
      argv = std::move(args_);  // leaves args_ empty for the next command
      return Result::command;
    }

    case Stage::multibulk_count:
    case Stage::bulk_count: {
      const bool multibulk = stage_ == Stage::multibulk_count;
      const std::size_t cr = find_line_end(rest, '\r');
      if (cr == kNotFound) {
        if (rest.size() > kInlineMaxSize)
          return fail(multibulk ? protocol_errors::kTooBigMultibulkCount : protocol_errors::kTooBigBulkCount);
        return Result::incomplete;
      }
      if (cr > kInlineMaxSize)
        return fail(multibulk ? protocol_errors::kTooBigMultibulkCount : protocol_errors::kTooBigBulkCount);
      // Redis wants one more byte after the CR and never checks it is a LF.
      if (cr + 2 > rest.size()) return Result::incomplete;
      if (multibulk) {
        const auto count = parse_length(rest.substr(1, cr - 1));
        if (!count || *count > INT_MAX) return fail(protocol_errors::kInvalidMultibulkLength);
        if (*count > kUnauthenticatedMaxArgs && !limits.authenticated)
          return fail(protocol_errors::kUnauthenticatedMultibulkLength);
        pos += cr + 2;
        line_consumed();
        if (*count <= 0) {
          stage_ = Stage::start;
          break;
        }
        arg_bytes_ = 0;
        args_left_ = *count;
        stage_ = Stage::bulk_count;
        break;
      }
      if (rest.front() != '$') {
        std::string text(protocol_errors::kExpectedDollar);
        text += rest.front();
        text += '\'';
        return fail(text);
      }
      const auto len = parse_length(rest.substr(1, cr - 1));
      if (!len || *len < 0 || *len > limits.max_bulk_len ||
          arg_bytes_ + static_cast<std::uint64_t>(*len) > kMaxArgvBytes)
        return fail(protocol_errors::kInvalidBulkLength);
      if (*len > kUnauthenticatedMaxBulkLen && !limits.authenticated)
        return fail(protocol_errors::kUnauthenticatedBulkLength);
      pos += cr + 2;
      line_consumed();
      bulk_len_ = *len;
      stage_ = Stage::bulk_data;
      break;
    }

    case Stage::bulk_data: {
      // The two bytes after the data are skipped unchecked, as Redis does.
      const std::size_t needed = static_cast<std::size_t>(bulk_len_) + 2;
      if (rest.size() < needed) {
        wanted_ = needed - rest.size();
        return Result::incomplete;
      }
      args_.push_back(rest.substr(0, static_cast<std::size_t>(bulk_len_)));
      arg_bytes_ += static_cast<std::uint64_t>(bulk_len_);
      pos += needed;
      if (--args_left_ > 0) {
        stage_ = Stage::bulk_count;
        break;
      }
      stage_ = Stage::start;
      argv = std::move(args_);  // leaves args_ empty for the next command
      return Result::command;
    }
    }
  }
}

} // namespace not_redis::detail::resp
