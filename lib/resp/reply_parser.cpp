#include "resp/reply_parser.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "util/numbers.hpp"

namespace not_redis::detail::resp {

namespace {

constexpr std::string_view kBadLineEnd = "Protocol error: line not ended by CRLF";
constexpr std::string_view kMissingCrlf = "Protocol error: bulk data not followed by CRLF";
constexpr std::string_view kStreamed = "Protocol error: streamed strings and aggregates are not supported";
constexpr std::string_view kBadInteger = "Protocol error: invalid integer";
constexpr std::string_view kBadDouble = "Protocol error: invalid double";
constexpr std::string_view kBadBoolean = "Protocol error: invalid boolean";
constexpr std::string_view kBadNull = "Protocol error: invalid null";
constexpr std::string_view kBadBigNumber = "Protocol error: invalid big number";
constexpr std::string_view kBadVerbatim = "Protocol error: verbatim string without its format prefix";
constexpr std::string_view kBadBulkLength = "Protocol error: invalid bulk length";
constexpr std::string_view kBadAggregateLength = "Protocol error: invalid aggregate length";

// Lines other than strings hold a number or a length: Redis's longest is a
// "%.17g" double of 24 bytes. The bound only stops an endless line early.
constexpr std::size_t kMaxNumberLine = 256;

// A header announces its count before any element exists; reserving it whole
// would let `*4000000000` allocate 4e9 Values, so the rest grows as they come.
constexpr std::size_t kReserveCap = 128;

bool is_aggregate(char type) noexcept {
  return type == '*' || type == '%' || type == '~' || type == '>' || type == '|';
}

bool is_known(char type) noexcept {
  return is_aggregate(type) || std::string_view("+-:,#_($!=").find(type) != std::string_view::npos;
}

Value::Type aggregate_type(char type) noexcept {
  switch (type) {
  case '%':
  case '|': return Value::Type::map;
  case '~': return Value::Type::set;
  case '>': return Value::Type::push;
  default: return Value::Type::array;
  }
}

Value make_aggregate(Value::Type type, Value::Array elements) {
  switch (type) {
  case Value::Type::map: return Value::map(std::move(elements));
  case Value::Type::set: return Value::set(std::move(elements));
  case Value::Type::push: return Value::push(std::move(elements));
  default: return Value::array(std::move(elements));
  }
}

bool is_big_number(std::string_view s) noexcept {
  if (s.starts_with('-')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The type byte may be anything, CR and LF included; the error stays one line.
std::string unknown_type(char type) {
  const auto byte = static_cast<unsigned char>(type);
  if (byte > 0x20 && byte < 0x7f) return fmt::format("Protocol error: unknown reply type byte '{}'", type);
  return fmt::format("Protocol error: unknown reply type byte '\\x{:02x}'", byte);
}

} // namespace

void ReplyParser::reset() noexcept {
  stage_ = Stage::line;
  scanned_ = 0;
  bulk_type_ = 0;
  bulk_len_ = 0;
  wanted_ = 0;
  bulk_ = std::string();
  stack_.clear();
  error_.clear();
}

ReplyParser::Step ReplyParser::failed(std::string_view text) {
  stage_ = Stage::failed;
  error_.assign(text);
  wanted_ = 0;
  // Nothing of the partial reply can be used any more.
  bulk_ = std::string();
  stack_.clear();
  return Step::failed;
}

ReplyParser::Result ReplyParser::parse(std::string_view buffer, std::size_t& pos, Value& out,
                                       const ReplyLimits& limits) {
  wanted_ = 0;
  pos = std::min(pos, buffer.size());
  for (;;) {
    Value done;
    Step step = Step::failed;
    switch (stage_) {
    case Stage::failed: return Result::error;
    case Stage::line: step = read_line(buffer.substr(pos), pos, done, limits); break;
    case Stage::bulk: step = read_bulk(buffer.substr(pos), pos, done); break;
    }
    switch (step) {
    case Step::more: return Result::incomplete;
    case Step::failed: return Result::error;
    case Step::consumed: break;
    case Step::value:
      if (deliver(std::move(done), out)) return Result::reply;
      break;
    }
  }
}

ReplyParser::Step ReplyParser::read_line(std::string_view rest, std::size_t& pos, Value& done,
                                         const ReplyLimits& limits) {
  if (rest.empty()) return Step::more;
  const char type = rest.front();
  if (type == ';' || type == '.') return failed(kStreamed);
  if (!is_known(type)) return failed(unknown_type(type));

  const bool text = type == '+' || type == '-' || type == '(';
  const std::size_t max_line = text ? static_cast<std::size_t>(std::max(limits.max_bulk_len, 0LL)) : kMaxNumberLine;
  const std::size_t eol = rest.find_first_of("\r\n", std::max<std::size_t>(scanned_, 1));
  if (eol == std::string_view::npos) {
    scanned_ = rest.size();
    if (rest.size() - 1 > max_line) return failed(fmt::format("Protocol error: line longer than {} bytes", max_line));
    return Step::more;
  }
  scanned_ = eol;
  if (eol - 1 > max_line) return failed(fmt::format("Protocol error: line longer than {} bytes", max_line));
  if (rest[eol] != '\r') return failed(kBadLineEnd);
  if (eol + 1 == rest.size()) return Step::more;
  if (rest[eol + 1] != '\n') return failed(kBadLineEnd);
  const std::string_view line = rest.substr(1, eol - 1);
  pos += eol + 2;
  scanned_ = 0;

  switch (type) {
  case '+': done = Value::simple(std::string(line)); return Step::value;
  case '-': done = Value::error(std::string(line)); return Step::value;
  case ':': {
    const auto n = parse_integer(line);
    if (!n) return failed(kBadInteger);
    done = Value::integer(*n);
    return Step::value;
  }
  case ',': {
    // Redis writes "%.17g", "inf" and "-inf" (glibc spells NaN "nan" or
    // "-nan"); from_chars reads all of these and nothing with a '+' or spaces.
    double d = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), d);
    if (ec != std::errc() || end != line.data() + line.size()) return failed(kBadDouble);
    done = Value::number(d);
    return Step::value;
  }
  case '#':
    if (line != "t" && line != "f") return failed(kBadBoolean);
    done = Value::boolean(line == "t");
    return Step::value;
  case '_':
    if (!line.empty()) return failed(kBadNull);
    done = Value::nil();
    return Step::value;
  case '(':
    if (!is_big_number(line)) return failed(kBadBigNumber);
    done = Value::big_number(std::string(line));
    return Step::value;
  default: break;
  }

  if (line == "?") return failed(kStreamed);
  const auto n = parse_integer(line);
  // Only a bulk string and an array have a null form (RESP2's $-1 and *-1).
  if (!n || *n < -1 || (*n == -1 && type != '$' && type != '*'))
    return failed(is_aggregate(type) ? kBadAggregateLength : kBadBulkLength);
  if (*n == -1) {
    done = type == '$' ? Value::nil() : Value::null_array();
    return Step::value;
  }
  if (!is_aggregate(type)) {
    if (*n > limits.max_bulk_len)
      return failed(fmt::format("Protocol error: bulk length {} over the limit of {}", *n, limits.max_bulk_len));
    bulk_type_ = type;
    bulk_len_ = static_cast<std::size_t>(*n);
    stage_ = Stage::bulk;
    return Step::consumed;
  }
  const bool pairs = type == '%' || type == '|';
  // A map's count is of pairs; twice it must still fit the element counter.
  const long long max_len =
      pairs ? std::min(limits.max_aggregate_len, std::numeric_limits<long long>::max() / 2) : limits.max_aggregate_len;
  if (*n > max_len) return failed(fmt::format("Protocol error: aggregate length {} over the limit of {}", *n, max_len));
  if (stack_.size() >= limits.max_depth)
    return failed(fmt::format("Protocol error: aggregates nested deeper than {}", limits.max_depth));
  const bool attribute = type == '|';
  if (*n == 0) {
    if (attribute) return Step::consumed;
    done = make_aggregate(aggregate_type(type), {});
    return Step::value;
  }
  Frame& frame = stack_.emplace_back(Frame{aggregate_type(type), attribute, pairs ? *n * 2 : *n, {}});
  if (!attribute) frame.elements.reserve(std::min(static_cast<std::size_t>(frame.remaining), kReserveCap));
  return Step::consumed;
}

ReplyParser::Step ReplyParser::read_bulk(std::string_view rest, std::size_t& pos, Value& done) {
  const std::size_t missing = bulk_len_ - bulk_.size();
  if (rest.size() < missing + 2) {
    // Keep what came, so the caller can drop it and nothing is looked at twice.
    const std::size_t take = std::min(missing, rest.size());
    bulk_.append(rest.substr(0, take));
    pos += take;
    if (rest.size() > missing && rest[missing] != '\r') return failed(kMissingCrlf);
    wanted_ = missing + 2 - rest.size();
    return Step::more;
  }
  if (rest[missing] != '\r' || rest[missing + 1] != '\n') return failed(kMissingCrlf);
  std::string data;
  if (bulk_.empty()) {
    data.assign(rest.substr(0, missing));
  } else {
    bulk_.append(rest.substr(0, missing));
    data = std::exchange(bulk_, std::string());
  }
  pos += missing + 2;
  stage_ = Stage::line;

  switch (bulk_type_) {
  case '$': done = Value::bulk(std::move(data)); return Step::value;
  case '!': done = Value::error(std::move(data)); return Step::value;
  default: {
    if (data.size() < 4 || data[3] != ':') return failed(kBadVerbatim);
    const std::string format = data.substr(0, 3);
    data.erase(0, 4);
    done = Value::verbatim(format, std::move(data));
    return Step::value;
  }
  }
}

// Hands a finished value to the aggregate being filled, closing every
// aggregate it completes; true when it completes the whole reply.
bool ReplyParser::deliver(Value v, Value& out) {
  for (;;) {
    if (stack_.empty()) {
      out = std::move(v);
      return true;
    }
    Frame& top = stack_.back();
    if (!top.attribute) top.elements.push_back(std::move(v));
    if (--top.remaining > 0) return false;
    Frame frame = std::move(top);
    stack_.pop_back();
    // An attribute annotates the value after it and takes no place in its parent.
    if (frame.attribute) return false;
    v = make_aggregate(frame.type, std::move(frame.elements));
  }
}

} // namespace not_redis::detail::resp
