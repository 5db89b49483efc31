// libFuzzer target: the RESP reply parser.
//
// Input: two control bytes, then the stream a server sends.
//   byte 0: bit 0 the caller drops consumed bytes between reads (the chunked
//           pass does the opposite); bits 1-2 pick max_bulk_len; bits 3-4
//           max_depth; bits 5-6 max_aggregate_len; bit 7 seeds the chunk sizes.
//   byte 1: the largest chunk (1..256 bytes), and the rest of the seed.
// Checks:
// - the stream fed whole, byte by byte, and in fuzzer-chosen chunks gives the
//   same replies (equal Values with the same bytes when written) and the same
//   error;
// - pos never goes backwards nor past the end of the buffer; no reply arrives
//   before the bytes bytes_wanted() asked for; after an error every call
//   returns it again, and reset() recovers;
// - errors are one-line "Protocol error: ..." texts;
// - round trip: every reply written back with write_reply(..., 3) parses to an
//   equal Value (error texts as the writer sanitises them), and with
//   write_reply(..., 2) to its RESP2 down-conversion.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "resp/reply_parser.hpp"
#include "resp/reply_writer.hpp"
#include "util/numbers.hpp"

namespace {

using not_redis::Value;
using not_redis::detail::resp::ReplyLimits;
using not_redis::detail::resp::ReplyParser;
using not_redis::detail::resp::write_reply;


// Value's == makes nil equal a null array and any NaN equal any NaN; the
// written bytes tell those apart too.
std::string wire(const Value& v) {
  std::string out;
  write_reply(out, v, 3);
  write_reply(out, v, 2);
  return out;
}

// What a client sees: the replies, then possibly one error.
struct Events {
  std::vector<Value> replies;
  std::vector<std::string> wires;
  std::string error;
  bool operator==(const Events&) const = default;
};

using fuzz::Chunker;
using fuzz::kBytewiseLimit;

Events feed(std::string_view stream, const ReplyLimits& limits, bool drop_consumed, std::size_t max_chunk,
            std::uint32_t seed) {
  if (max_chunk == 1 && stream.size() > kBytewiseLimit) max_chunk = 64;
  ReplyParser parser;
  Events events;
  std::string buffer;
  std::size_t pos = 0;
  std::size_t fed = 0;
  // Stream offset before which the reply being read cannot complete.
  std::size_t reply_not_before = 0;
  Chunker chunker(seed, max_chunk);
  Value value;
  while (fed < stream.size()) {
    const std::size_t n = std::min(stream.size() - fed, max_chunk == SIZE_MAX ? stream.size() : chunker.next());
    buffer.append(stream.substr(fed, n));
    fed += n;
    for (;;) {
      const std::size_t before = pos;
      const auto r = parser.parse(buffer, pos, value, limits);
      CHECK(pos >= before);
      CHECK(pos <= buffer.size());
      if (r == ReplyParser::Result::reply) {
        CHECK(parser.error().empty());
        CHECK(fed - (buffer.size() - pos) >= reply_not_before);
        events.replies.push_back(value);
        events.wires.push_back(wire(value));
        continue;
      }
      if (r == ReplyParser::Result::error) {
        const std::string_view e = parser.error();
        CHECK(e.starts_with("Protocol error: "));
        CHECK(e.find_first_of("\r\n") == std::string_view::npos);
        CHECK(parser.bytes_wanted() == 0);
        events.error = std::string(e);
        // Sticky: a later call (even with more bytes) fails again, consuming nothing.
        buffer.append("+OK\r\n");
        const std::size_t at = pos;
        CHECK(parser.parse(buffer, pos, value, limits) == ReplyParser::Result::error);
        CHECK(pos == at);
        CHECK(parser.error() == events.error);
        parser.reset();
        CHECK(parser.error().empty());
        std::size_t fresh = 0;
        CHECK(parser.parse("+OK\r\n", fresh, value, limits) == ReplyParser::Result::reply);
        CHECK(fresh == 5);
        CHECK(value == Value::ok());
        return events;
      }
      CHECK(parser.error().empty());
      if (parser.bytes_wanted() > 0) reply_not_before = fed + parser.bytes_wanted();
      break;
    }
    if (drop_consumed) {
      buffer.erase(0, pos);
      pos = 0;
    }
  }
  return events;
}

// The RESP2 form of a value, as write_reply(..., 2) down-converts it.
Value as_resp2(const Value& v) {
  switch (v.type()) {
  case Value::Type::double_number: return Value::bulk(not_redis::detail::format_double(v.double_value()));
  case Value::Type::boolean: return Value::integer(v.bool_value() ? 1 : 0);
  case Value::Type::verbatim_string:
  case Value::Type::big_number: return Value::bulk(v.string());
  case Value::Type::array:
  case Value::Type::map:
  case Value::Type::set:
  case Value::Type::push: {
    Value::Array out;
    for (const Value& e : v.elements()) out.push_back(as_resp2(e));
    return Value::array(std::move(out));
  }
  default: return v;
  }
}

// What the writer makes of a value: an error's text loses a leading '-' (it
// reads as the code's dash) and its CR and LF (it must stay one line); a blob
// error can carry both. RESP3 has one null, so a null array comes back nil.
Value through_writer(const Value& v, int resp) {
  if (v.is_null_array() && resp == 3) return Value::nil();
  if (v.is_error()) {
    std::string_view text = v.string();
    if (text.starts_with('-')) text.remove_prefix(1);
    std::string line(text);
    std::replace_if(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return Value::error(std::move(line));
  }
  if (!v.is_aggregate()) return v;
  Value::Array elements;
  for (const Value& e : v.elements()) elements.push_back(through_writer(e, resp));
  switch (v.type()) {
  case Value::Type::map: return Value::map(std::move(elements));
  case Value::Type::set: return Value::set(std::move(elements));
  case Value::Type::push: return Value::push(std::move(elements));
  default: return Value::array(std::move(elements));
  }
}

Value parse_one(const std::string& bytes) {
  ReplyParser parser;
  std::size_t pos = 0;
  Value v;
  CHECK(parser.parse(bytes, pos, v) == ReplyParser::Result::reply);
  CHECK(pos == bytes.size());
  return v;
}

void check_round_trip(const Value& v) {
  for (int resp : {3, 2}) {
    const Value expected = resp == 3 ? through_writer(v, 3) : as_resp2(through_writer(v, 2));
    std::string out;
    write_reply(out, v, resp);
    const Value again = parse_one(out);
    CHECK(again == expected);
    CHECK(wire(again) == wire(expected));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t control = data[0];
  const std::size_t max_chunk = 1 + data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  ReplyLimits limits;
  static constexpr long long kBulkLimits[] = {512LL * 1024 * 1024, 3, 16, 1024};
  static constexpr std::size_t kDepths[] = {512, 0, 1, 4};
  static constexpr long long kAggregateLimits[] = {(1LL << 32) - 1, 0, 2, 16};
  limits.max_bulk_len = kBulkLimits[(control >> 1) & 3];
  limits.max_depth = kDepths[(control >> 3) & 3];
  limits.max_aggregate_len = kAggregateLimits[(control >> 5) & 3];
  const bool drop = (control & 1) != 0;
  const std::uint32_t seed = (control >> 7) | (std::uint32_t{data[1]} << 1);

  const Events whole = feed(stream, limits, drop, SIZE_MAX, seed);
  static const bool verbose = std::getenv("FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    for (const auto& w : whole.wires) std::fprintf(stderr, "reply (RESP3, RESP2): %s\n", w.c_str());
    if (!whole.error.empty()) std::fprintf(stderr, "error: %s\n", whole.error.c_str());
  }
  const Events bytewise = feed(stream, limits, drop, 1, seed);
  if (!(whole == bytewise)) fuzz::fail("byte-by-byte feeding differs from the whole buffer");
  const Events chunked = feed(stream, limits, !drop, max_chunk, seed);
  if (!(whole == chunked)) fuzz::fail("chunked feeding differs from the whole buffer");

  for (const Value& v : whole.replies) check_round_trip(v);
  return 0;
}
