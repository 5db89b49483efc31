// The reply parser: what redis-server 7.0.15 writes (bytes captured from a real
// server with raw sockets), what reply_writer writes, in any split of the
// stream, and every protocol error.

#include "resp/reply_parser.hpp"
#include "resp/reply_writer.hpp"
#include "util/numbers.hpp"
#include "util/repr.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_literals;
using namespace std::string_view_literals;
using not_redis::Value;
using not_redis::detail::resp::ReplyLimits;
using not_redis::detail::resp::ReplyParser;
using not_redis::detail::resp::write_reply;

namespace doctest {
// The RESP3 bytes, escaped: they show every type and every byte.
template <>
struct StringMaker<Value> {
  static String convert(const Value& v) {
    std::string wire;
    write_reply(wire, v, 3);
    std::string s;
    not_redis::detail::append_repr(s, wire);
    return String(s.data(), static_cast<String::size_type>(s.size()));
  }
};
} // namespace doctest

namespace {

using Array = Value::Array;
using Result = ReplyParser::Result;

// What a client sees: the replies, then the error that closes the connection, if any.
struct Outcome {
  std::vector<Value> replies;
  std::string error;
  std::size_t pending = 0;  // bytes left unconsumed at the end
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  for (const Value& v : o.replies) os << doctest::StringMaker<Value>::convert(v) << ' ';
  return os << "error: " << o.error << " pending: " << o.pending;
}

// Feeds `stream` in chunks of the given sizes (the last one repeated) as a
// client would: append what was read, parse all it can, and with `compact`
// drop what was consumed.
Outcome feed(std::string_view stream, std::vector<std::size_t> chunks, bool compact, const ReplyLimits& limits = {}) {
  ReplyParser parser;
  Outcome out;
  std::string buffer;
  std::size_t pos = 0;
  std::size_t offset = 0;
  std::size_t chunk_index = 0;
  Value value = Value::simple("stale");
  while (offset < stream.size()) {
    const std::size_t n = std::min(chunks[std::min(chunk_index++, chunks.size() - 1)], stream.size() - offset);
    buffer.append(stream.substr(offset, n));
    offset += n;
    for (;;) {
      const std::size_t before = pos;
      const Result r = parser.parse(buffer, pos, value, limits);
      REQUIRE(pos >= before);
      REQUIRE(pos <= buffer.size());
      if (r == Result::reply) {
        out.replies.push_back(value);
        continue;
      }
      if (r == Result::error) {
        out.error = parser.error();
        return out;
      }
      break;
    }
    if (compact) {
      buffer.erase(0, pos);
      pos = 0;
    }
  }
  out.pending = buffer.size() - pos;
  return out;
}

Outcome whole(std::string_view stream, const ReplyLimits& limits = {}) { return feed(stream, {stream.size() + 1}, false, limits); }

// The same outcome whole, byte by byte, and in pieces of 2, 3 and 7 bytes,
// with and without compaction.
Outcome every_split(std::string_view stream, const ReplyLimits& limits = {}) {
  const Outcome expected = whole(stream, limits);
  for (bool compact : {false, true}) {
    for (std::size_t piece : {1, 2, 3, 7}) {
      INFO("piece " << piece << " compact " << compact);
      CHECK(feed(stream, {piece}, compact, limits) == expected);
    }
  }
  return expected;
}

// One reply that takes every byte of `stream`, in any split.
Value one(std::string_view stream) {
  const Outcome o = every_split(stream);
  INFO(doctest::StringMaker<Value>::convert(Value::bulk(stream)));
  REQUIRE(o.error == "");
  REQUIRE(o.replies.size() == 1);
  CHECK(o.pending == 0);
  return o.replies[0];
}

// The error `stream` ends in, the same in any split.
std::string error_of(std::string_view stream, const ReplyLimits& limits = {}) {
  const Outcome o = every_split(stream, limits);
  CHECK(o.replies.empty());
  return o.error;
}

Value bulks(std::initializer_list<std::string_view> items) {
  Array out;
  for (auto s : items) out.push_back(Value::bulk(s));
  return Value::array(std::move(out));
}

// A random reply tree over every type. Strings are binary except where RESP
// cannot carry it: simple strings and errors are one line, and an error's
// text never starts with '-' (the writer drops it, as the code's dash).
class Generator {
public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  Value value(int depth = 0) {
    const int kinds = depth >= 4 ? 10 : 14;
    switch (below(kinds)) {
    case 0: return below(2) ? Value::nil() : Value::null_array();
    case 1: return Value::integer(integer());
    case 2: return Value::number(number());
    case 3: return Value::boolean(below(2) == 1);
    case 4: return Value::simple(text(true));
    case 5: return Value::bulk(text(false));
    case 6: return Value::verbatim(std::string{byte(), byte(), byte()}, text(false));
    case 7: return Value::big_number((below(2) ? "-" : "") + std::to_string(rng_()) + std::to_string(rng_()));
    case 8: {
      std::string e = text(true);
      if (e.starts_with('-')) e[0] = 'E';
      return Value::error(e);
    }
    case 9: return Value::bulk(std::string(below(2) ? 0 : 2000, 'x'));
    case 10: return Value::array(elements(depth, false));
    case 11: return Value::map(elements(depth, true));
    case 12: return Value::set(elements(depth, false));
    default: return Value::push(elements(depth, false));
    }
  }

  // Only what RESP2 has its own type for.
  Value resp2_value(int depth = 0) {
    switch (below(depth >= 4 ? 6 : 7)) {
    case 0: return below(2) ? Value::nil() : Value::null_array();
    case 1: return Value::integer(integer());
    case 2: return Value::simple(text(true));
    case 3: return Value::bulk(text(false));
    case 4: {
      std::string e = text(true);
      if (e.starts_with('-')) e[0] = 'E';
      return Value::error(e);
    }
    case 5: return Value::bulk("");
    default: {
      Array out(below(5));
      for (Value& e : out) e = resp2_value(depth + 1);
      return Value::array(std::move(out));
    }
    }
  }

  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

private:
  char byte() { return static_cast<char>(below(256)); }

  long long integer() {
    switch (below(4)) {
    case 0: return LLONG_MIN;
    case 1: return LLONG_MAX;
    case 2: return static_cast<long long>(below(1000)) - 500;
    default: return static_cast<long long>(std::uniform_int_distribution<std::uint64_t>()(rng_));
    }
  }

  double number() {
    static constexpr double kSpecial[] = {0.0, -0.0, std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::denorm_min(),
                                          std::numeric_limits<double>::max(), 1.5, 0.1, 1e-300};
    if (below(3) == 0) return kSpecial[below(std::size(kSpecial))];
    // Any bit pattern: every exponent, NaN payloads, subnormals.
    const std::uint64_t bits = std::uniform_int_distribution<std::uint64_t>()(rng_);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

  std::string text(bool one_line) {
    static constexpr std::string_view kTricky[] = {"", "\r\n", "\r", "\n", "$-1\r\n", "*3\r\n", "\0"sv, ":"};
    std::string s;
    for (std::size_t n = below(12); n > 0; --n) {
      if (below(4) == 0) s += kTricky[below(std::size(kTricky))];
      else s += byte();
    }
    if (one_line)
      for (char& c : s)
        if (c == '\r' || c == '\n') c = ' ';
    return s;
  }

  Array elements(int depth, bool map) {
    Array out(below(5) * (map ? 2 : 1));
    for (Value& e : out) e = value(depth + 1);
    return out;
  }

  std::mt19937 rng_;
};

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
    Array out;
    for (const Value& e : v.elements()) out.push_back(as_resp2(e));
    return Value::array(std::move(out));
  }
  default: return v;
  }
}

// Random chunk sizes covering `size` bytes.
std::vector<std::size_t> random_chunks(Generator& g, std::size_t size) {
  std::vector<std::size_t> chunks;
  for (std::size_t covered = 0; covered < size;) {
    chunks.push_back(1 + g.below(g.below(2) ? 5 : 200));
    covered += chunks.back();
  }
  return chunks;
}

} // namespace

TEST_CASE("reply parser: RESP2 types") {
  CHECK(one("+OK\r\n") == Value::ok());
  CHECK(one("+\r\n") == Value::simple(""));
  CHECK(one("-ERR unknown command 'x'\r\n") == Value::error("ERR unknown command 'x'"));
  CHECK(one("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n") ==
        Value::error("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(one(":0\r\n") == Value::integer(0));
  CHECK(one(":-42\r\n") == Value::integer(-42));
  CHECK(one(":9223372036854775807\r\n") == Value::integer(LLONG_MAX));
  CHECK(one(":-9223372036854775808\r\n") == Value::integer(LLONG_MIN));
  CHECK(one("$0\r\n\r\n") == Value::bulk(""));
  CHECK(one("$5\r\nhello\r\n") == Value::bulk("hello"));
  CHECK(one("$8\r\n\r\n\0$-1\r\n\r\n"sv) == Value::bulk("\r\n\0$-1\r\n"sv));
  const Value nil = one("$-1\r\n");
  CHECK(nil.is_nil());
  CHECK_FALSE(nil.is_null_array());
  const Value null_array = one("*-1\r\n");
  CHECK(null_array.is_null_array());
  CHECK(one("*0\r\n") == Value::array());
  CHECK(one("*3\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n") ==
        Value::array({Value::integer(1), Value::bulk("a"), Value::array({Value::simple("x")})}));
  CHECK(one("*2\r\n$-1\r\n*-1\r\n") == Value::array({Value::nil(), Value::nil()}));
  CHECK(one("*2\r\n$-1\r\n*-1\r\n")[1].is_null_array());
}

TEST_CASE("reply parser: RESP3 types") {
  const Value null = one("_\r\n");
  CHECK(null.is_nil());
  CHECK_FALSE(null.is_null_array());
  CHECK(one(",1.5\r\n") == Value::number(1.5));
  CHECK(one(",-0\r\n") == Value::number(-0.0));
  CHECK(std::signbit(one(",-0\r\n").double_value()));
  CHECK(one(",3\r\n") == Value::number(3));
  CHECK(one(",0.10000000000000001\r\n") == Value::number(0.1));
  CHECK(one(",1e-300\r\n") == Value::number(1e-300));
  CHECK(one(",1.7976931348623157e+308\r\n") == Value::number(std::numeric_limits<double>::max()));
  CHECK(one(",4.9406564584124654e-324\r\n") == Value::number(std::numeric_limits<double>::denorm_min()));
  CHECK(one(",inf\r\n") == Value::number(std::numeric_limits<double>::infinity()));
  CHECK(one(",-inf\r\n") == Value::number(-std::numeric_limits<double>::infinity()));
  CHECK(std::isnan(one(",nan\r\n").double_value()));
  CHECK(std::isnan(one(",-nan\r\n").double_value()));
  CHECK(one("#t\r\n") == Value::boolean(true));
  CHECK(one("#f\r\n") == Value::boolean(false));
  CHECK(one("(1234567999999999999999999999999999999\r\n") ==
        Value::big_number("1234567999999999999999999999999999999"));
  CHECK(one("(-0\r\n") == Value::big_number("-0"));
  CHECK(one("!22\r\nSYNTAX invalid\r\nsyntax\r\n") == Value::error("SYNTAX invalid\r\nsyntax"));
  CHECK(one("!0\r\n\r\n") == Value::error(""));
  const Value verbatim = one("=15\r\ntxt:Some string\r\n");
  CHECK(verbatim == Value::verbatim("txt", "Some string"));
  CHECK(verbatim.verbatim_format() == "txt");
  CHECK(one("=4\r\nmkd:\r\n") == Value::verbatim("mkd", ""));
  CHECK(one("=8\r\n\r\n::a\r\nb\r\n") == Value::verbatim("\r\n:", "a\r\nb"));
  CHECK(one("%2\r\n+a\r\n:1\r\n$1\r\nb\r\n_\r\n") ==
        Value::map({Value::simple("a"), Value::integer(1), Value::bulk("b"), Value::nil()}));
  CHECK(one("%0\r\n") == Value::map({}));
  CHECK(one("~2\r\n:1\r\n:2\r\n") == Value::set({Value::integer(1), Value::integer(2)}));
  CHECK(one("~0\r\n") == Value::set());
  CHECK(one(">2\r\n+message\r\n:1\r\n") == Value::push({Value::simple("message"), Value::integer(1)}));
  CHECK(one(">0\r\n") == Value::push({}));
  // Maps with aggregate keys, sets inside pushes: any nesting.
  CHECK(one("%1\r\n*1\r\n:1\r\n~1\r\n>1\r\n#t\r\n") ==
        Value::map({Value::array({Value::integer(1)}), Value::set({Value::push({Value::boolean(true)})})}));
}

TEST_CASE("reply parser: bytes from redis-server 7.0.15") {
  // HELLO 3
  CHECK(one("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
            "$2\r\nid\r\n:3\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
            "$7\r\nmodules\r\n*0\r\n") ==
        Value::map({Value::bulk("server"), Value::bulk("redis"), Value::bulk("version"), Value::bulk("7.0.15"),
                    Value::bulk("proto"), Value::integer(3), Value::bulk("id"), Value::integer(3),
                    Value::bulk("mode"), Value::bulk("standalone"), Value::bulk("role"), Value::bulk("master"),
                    Value::bulk("modules"), Value::array()}));
  // DEBUG PROTOCOL attrib, RESP3: the attribute is dropped.
  CHECK(one("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
            "$39\r\nSome real reply following the attribute\r\n") ==
        Value::bulk("Some real reply following the attribute"));
  // DEBUG PROTOCOL verbatim / bignum / map / set / push, RESP3.
  CHECK(one("=29\r\ntxt:This is a verbatim\nstring\r\n") == Value::verbatim("txt", "This is a verbatim\nstring"));
  CHECK(one("(1234567999999999999999999999999999999\r\n") ==
        Value::big_number("1234567999999999999999999999999999999"));
  CHECK(one("%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n") ==
        Value::map({Value::integer(0), Value::boolean(false), Value::integer(1), Value::boolean(true),
                    Value::integer(2), Value::boolean(false)}));
  CHECK(one("~3\r\n:0\r\n:1\r\n:2\r\n") == Value::set({Value::integer(0), Value::integer(1), Value::integer(2)}));
  CHECK(whole(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n")
            .replies == std::vector<Value>{Value::push({Value::bulk("server-cpu-usage"), Value::integer(42)}),
                                           Value::bulk("Some real reply following the push reply")});
  // DEBUG PROTOCOL map, RESP2: a flat array, booleans as integers.
  CHECK(one("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n") ==
        Value::array({Value::integer(0), Value::integer(0), Value::integer(1), Value::integer(1), Value::integer(2),
                      Value::integer(0)}));
  // ZRANGE zi 0 -1 WITHSCORES, RESP3, after ZADD zi inf a -inf b 1e-300 c 0.1 d.
  CHECK(one("*4\r\n*2\r\n$1\r\nb\r\n,-inf\r\n*2\r\n$1\r\nc\r\n,1e-300\r\n*2\r\n$1\r\nd\r\n"
            ",0.10000000000000001\r\n*2\r\n$1\r\na\r\n,inf\r\n") ==
        Value::array({Value::array({Value::bulk("b"), Value::number(-INFINITY)}),
                      Value::array({Value::bulk("c"), Value::number(1e-300)}),
                      Value::array({Value::bulk("d"), Value::number(0.1)}),
                      Value::array({Value::bulk("a"), Value::number(INFINITY)})}));
  // SET, GET of a missing key (RESP3 null), CLIENT TRACKING's invalidation push after SET.
  CHECK(whole("+OK\r\n_\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\ntk\r\n").replies ==
        std::vector<Value>{Value::ok(), Value::nil(), Value::ok(),
                           Value::push({Value::bulk("invalidate"), bulks({"tk"})})});
  // SUBSCRIBE ch, RESP3.
  CHECK(one(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n") ==
        Value::push({Value::bulk("subscribe"), Value::bulk("ch"), Value::integer(1)}));
  // BLPOP timeout: RESP2 null array, RESP3 null.
  CHECK(one("*-1\r\n").is_null_array());
  // XINFO HELP, RESP3.
  const Value help = one(
      "*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CONSUMERS <key> <groupname>\r\n"
      "+    Show consumers of <groupname>.\r\n+GROUPS <key>\r\n+    Show the stream consumer groups.\r\n"
      "+STREAM <key> [FULL [COUNT <count>]\r\n+    Show information about the stream.\r\n+HELP\r\n"
      "+    Prints this help.\r\n");
  REQUIRE(help.size() == 9);
  CHECK(help[8] == Value::simple("    Prints this help."));
  // CLIENT INFO, RESP3: a verbatim string ending in '\n'.
  const Value info = one(
      "=275\r\ntxt:id=29 addr=127.0.0.1:47896 laddr=127.0.0.1:7790 fd=8 name= age=0 idle=0 flags=N db=0 sub=0 "
      "psub=0 ssub=0 multi=-1 qbuf=22 qbuf-free=20452 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=146 oll=0 "
      "omem=0 tot-mem=37658 events=r cmd=client|info user=default redir=-1 resp=3\n\r\n");
  CHECK(info.verbatim_format() == "txt");
  CHECK(info.string().starts_with("id=29 addr="));
  CHECK(info.string().ends_with("resp=3\n"));
  // Errors as Redis words them.
  CHECK(one("-ERR value is not an integer or out of range\r\n") ==
        Value::error("ERR value is not an integer or out of range"));
  // INCRBYFLOAT f 1e300: a 301-byte bulk.
  const Value big = one("$301\r\n1" + std::string(20, '0') + "8997324079559193870523944273290747938260082321265646"
                        "596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327"
                        "135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267"
                        "611627097410650567187386105690089424915104006144\r\n");
  CHECK(big.string().size() == 301);
}

TEST_CASE("reply parser: replies back to back, and what is left") {
  const std::string stream = "+OK\r\n:1\r\n$3\r\nabc\r\n*2\r\n%1\r\n+k\r\n+v\r\n~0\r\n_\r\n,2.5\r\n$5\r\nhel";
  const Outcome o = every_split(stream);
  CHECK(o.error == "");
  CHECK(o.replies == std::vector<Value>{Value::ok(), Value::integer(1), Value::bulk("abc"),
                                        Value::array({Value::map({Value::simple("k"), Value::simple("v")}),
                                                      Value::set()}),
                                        Value::nil(), Value::number(2.5)});
  // The partial bulk's header and its bytes so far are consumed.
  CHECK(o.pending == 0);

  // A partial line is not consumed, and a partial aggregate's finished elements are.
  ReplyParser parser;
  std::size_t pos = 0;
  Value v;
  CHECK(parser.parse("*3\r\n:1\r\n:2", pos, v) == Result::incomplete);
  CHECK(pos == 8);
  CHECK(parser.bytes_wanted() == 0);
  CHECK(parser.parse(":2\r\n:3\r\n", pos = 0, v) == Result::reply);
  CHECK(pos == 8);
  CHECK(v == Value::array({Value::integer(1), Value::integer(2), Value::integer(3)}));
  CHECK(parser.parse(":2\r\n:3\r\n", pos, v) == Result::incomplete);
}

TEST_CASE("reply parser: attributes are dropped wherever they stand") {
  CHECK(one("|1\r\n+ttl\r\n:3600\r\n+OK\r\n") == Value::ok());
  CHECK(one("|0\r\n:1\r\n") == Value::integer(1));
  // Inside an aggregate an attribute takes no element's place.
  CHECK(one("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n|1\r\n+c\r\n*1\r\n:9\r\n:2\r\n") ==
        Value::array({Value::integer(1), Value::integer(2)}));
  CHECK(one("%1\r\n|1\r\n+a\r\n+b\r\n+k\r\n|0\r\n+v\r\n") == Value::map({Value::simple("k"), Value::simple("v")}));
  // An attribute's own values may carry attributes; several may precede a value.
  CHECK(one("|1\r\n|1\r\n+x\r\n+y\r\n+a\r\n+b\r\n|1\r\n+c\r\n+d\r\n$1\r\nz\r\n") == Value::bulk("z"));
  // An attribute before a push, as RESP3 allows.
  CHECK(one("|1\r\n+a\r\n+b\r\n>1\r\n+p\r\n") == Value::push({Value::simple("p")}));
  // An attribute alone is consumed but is no reply.
  const Outcome o = every_split("|1\r\n+a\r\n+b\r\n");
  CHECK(o.replies.empty());
  CHECK(o.error == "");
  CHECK(o.pending == 0);
  // The attribute nests like any aggregate.
  ReplyLimits limits;
  limits.max_depth = 1;
  CHECK(error_of("*1\r\n|1\r\n+a\r\n+b\r\n:1\r\n", limits) == "Protocol error: aggregates nested deeper than 1");
}

TEST_CASE("reply parser: protocol errors") {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"?\r\n", "Protocol error: unknown reply type byte '?'"},
      {"x", "Protocol error: unknown reply type byte 'x'"},
      {"\r\n", "Protocol error: unknown reply type byte '\\x0d'"},
      {" OK\r\n", "Protocol error: unknown reply type byte '\\x20'"},
      {"\0"sv, "Protocol error: unknown reply type byte '\\x00'"},
      {"*2\r\n:1\r\n\xff", "Protocol error: unknown reply type byte '\\xff'"},
      // Streamed strings and aggregates.
      {"$?\r\n;4\r\nHell\r\n;0\r\n", "Protocol error: streamed strings and aggregates are not supported"},
      {"*?\r\n:1\r\n.\r\n", "Protocol error: streamed strings and aggregates are not supported"},
      {"%?\r\n", "Protocol error: streamed strings and aggregates are not supported"},
      {";4\r\nHell\r\n", "Protocol error: streamed strings and aggregates are not supported"},
      {".\r\n", "Protocol error: streamed strings and aggregates are not supported"},
      // Line ends.
      {"+OK\n", "Protocol error: line not ended by CRLF"},
      {"+O\nK\r\n", "Protocol error: line not ended by CRLF"},
      {"+OK\rX", "Protocol error: line not ended by CRLF"},
      {"+OK\r\r\n", "Protocol error: line not ended by CRLF"},
      {":1\n", "Protocol error: line not ended by CRLF"},
      {"$3\n", "Protocol error: line not ended by CRLF"},
      // Integers.
      {":\r\n", "Protocol error: invalid integer"},
      {":abc\r\n", "Protocol error: invalid integer"},
      {":1.5\r\n", "Protocol error: invalid integer"},
      {":+1\r\n", "Protocol error: invalid integer"},
      {": 1\r\n", "Protocol error: invalid integer"},
      {":9223372036854775808\r\n", "Protocol error: invalid integer"},
      {":-9223372036854775809\r\n", "Protocol error: invalid integer"},
      // Doubles.
      {",\r\n", "Protocol error: invalid double"},
      {",1.5x\r\n", "Protocol error: invalid double"},
      {",+1\r\n", "Protocol error: invalid double"},
      {", 1\r\n", "Protocol error: invalid double"},
      {",1e400\r\n", "Protocol error: invalid double"},
      {",0x10\r\n", "Protocol error: invalid double"},
      // Booleans, nulls, big numbers.
      {"#\r\n", "Protocol error: invalid boolean"},
      {"#true\r\n", "Protocol error: invalid boolean"},
      {"#T\r\n", "Protocol error: invalid boolean"},
      {"_x\r\n", "Protocol error: invalid null"},
      {"(\r\n", "Protocol error: invalid big number"},
      {"(-\r\n", "Protocol error: invalid big number"},
      {"(12a\r\n", "Protocol error: invalid big number"},
      {"(+12\r\n", "Protocol error: invalid big number"},
      // Bulk lengths: only $ has a null form.
      {"$-2\r\n", "Protocol error: invalid bulk length"},
      {"$\r\n", "Protocol error: invalid bulk length"},
      {"$x\r\n", "Protocol error: invalid bulk length"},
      {"$01\r\nx\r\n", "Protocol error: invalid bulk length"},
      {"!-1\r\n", "Protocol error: invalid bulk length"},
      {"=-1\r\n", "Protocol error: invalid bulk length"},
      {"$99999999999999999999\r\n", "Protocol error: invalid bulk length"},
      {"$536870913\r\n", "Protocol error: bulk length 536870913 over the limit of 536870912"},
      // Aggregate lengths: only * has a null form.
      {"*-2\r\n", "Protocol error: invalid aggregate length"},
      {"%-1\r\n", "Protocol error: invalid aggregate length"},
      {"~-1\r\n", "Protocol error: invalid aggregate length"},
      {">-1\r\n", "Protocol error: invalid aggregate length"},
      {"|-1\r\n", "Protocol error: invalid aggregate length"},
      {"*\r\n", "Protocol error: invalid aggregate length"},
      {"*1x\r\n", "Protocol error: invalid aggregate length"},
      {"*4294967296\r\n", "Protocol error: aggregate length 4294967296 over the limit of 4294967295"},
      {"%4294967296\r\n", "Protocol error: aggregate length 4294967296 over the limit of 4294967295"},
      // Bulk data not followed by CRLF.
      {"$3\r\nabcd\r\n", "Protocol error: bulk data not followed by CRLF"},
      {"$3\r\nabc\rx", "Protocol error: bulk data not followed by CRLF"},
      {"$3\r\nabc\n\r", "Protocol error: bulk data not followed by CRLF"},
      {"$0\r\n\n", "Protocol error: bulk data not followed by CRLF"},
      {"!3\r\nabc\r\r", "Protocol error: bulk data not followed by CRLF"},
      {"*2\r\n$1\r\nab\r\n", "Protocol error: bulk data not followed by CRLF"},
      // Verbatim strings carry "fmt:".
      {"=3\r\ntxt\r\n", "Protocol error: verbatim string without its format prefix"},
      {"=0\r\n\r\n", "Protocol error: verbatim string without its format prefix"},
      {"=5\r\ntxt-x\r\n", "Protocol error: verbatim string without its format prefix"},
      // An error deep inside an aggregate.
      {"*1\r\n%1\r\n~1\r\n:x\r\n", "Protocol error: invalid integer"},
  };
  for (const auto& [stream, text] : cases) {
    INFO(std::string(stream));
    CHECK(error_of(stream) == text);
  }
}

TEST_CASE("reply parser: limits") {
  ReplyLimits limits;
  limits.max_bulk_len = 3;
  CHECK(whole("$3\r\nabc\r\n", limits).replies == std::vector<Value>{Value::bulk("abc")});
  CHECK(error_of("$4\r\nabcd\r\n", limits) == "Protocol error: bulk length 4 over the limit of 3");
  CHECK(error_of("!4\r\nabcd\r\n", limits) == "Protocol error: bulk length 4 over the limit of 3");
  CHECK(error_of("=8\r\ntxt:abcd\r\n", limits) == "Protocol error: bulk length 8 over the limit of 3");
  // Lines are strings too: the same bound, known as soon as the 4th byte arrives.
  CHECK(whole("+abc\r\n", limits).replies == std::vector<Value>{Value::simple("abc")});
  CHECK(error_of("+abcd\r\n", limits) == "Protocol error: line longer than 3 bytes");
  CHECK(error_of("-ERR x", limits) == "Protocol error: line longer than 3 bytes");
  CHECK(error_of("+abcd", limits) == "Protocol error: line longer than 3 bytes");
  CHECK(error_of("(1234", limits) == "Protocol error: line longer than 3 bytes");
  // Numbers and lengths are not strings.
  CHECK(whole(":12345\r\n,1.2345\r\n*1000\r\n", limits).replies.size() == 2);
  CHECK(error_of("$1000\r\n", limits) == "Protocol error: bulk length 1000 over the limit of 3");
  limits.max_bulk_len = 0;
  CHECK(whole("$0\r\n\r\n+\r\n", limits).replies == std::vector<Value>{Value::bulk(""), Value::simple("")});
  CHECK(error_of(":" + std::string(300, '1'), limits) == "Protocol error: line longer than 256 bytes");
  CHECK(error_of("," + std::string(257, '1') + "\r\n", limits) == "Protocol error: line longer than 256 bytes");
  CHECK(whole("," + std::string(256, '1') + "\r\n", limits).replies.size() == 1);

  limits = {};
  limits.max_aggregate_len = 2;
  CHECK(whole("*2\r\n:1\r\n:2\r\n", limits).replies.size() == 1);
  CHECK(whole("%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n", limits).replies.size() == 1);
  CHECK(error_of("~3\r\n", limits) == "Protocol error: aggregate length 3 over the limit of 2");
  CHECK(error_of("|3\r\n", limits) == "Protocol error: aggregate length 3 over the limit of 2");
  // Pairs of a map must not overflow when the limit is lifted.
  limits.max_aggregate_len = LLONG_MAX;
  CHECK(error_of("%9223372036854775807\r\n", limits) ==
        "Protocol error: aggregate length 9223372036854775807 over the limit of 4611686018427387903");

  // A huge announced count costs nothing until its elements come.
  ReplyParser parser;
  std::size_t pos = 0;
  Value v;
  CHECK(parser.parse("*4000000000\r\n%4000000000\r\n:1\r\n", pos, v) == Result::incomplete);
  CHECK(pos == 30);
}

TEST_CASE("reply parser: nesting depth, without recursion") {
  auto nested = [](std::size_t depth, std::string_view open) {
    std::string s;
    for (std::size_t i = 0; i < depth; ++i) s += open;
    return s + ":1\r\n";
  };
  ReplyLimits limits;
  limits.max_depth = 3;
  CHECK(whole(nested(3, "*1\r\n"), limits).replies.size() == 1);
  CHECK(error_of(nested(4, "*1\r\n"), limits) == "Protocol error: aggregates nested deeper than 3");
  CHECK(error_of("*1\r\n*1\r\n*1\r\n*0\r\n", limits) == "Protocol error: aggregates nested deeper than 3");
  CHECK(error_of(nested(2, "%1\r\n"), {.max_depth = 1}) == "Protocol error: aggregates nested deeper than 1");

  const Value deep = whole(nested(512, "*1\r\n")).replies.at(0);
  CHECK(deep.size() == 1);
  CHECK(whole(nested(513, "~1\r\n")).error == "Protocol error: aggregates nested deeper than 512");
  // A million headers: a recursive parser would overflow its stack.
  CHECK(whole(nested(1000000, "*1\r\n")).error == "Protocol error: aggregates nested deeper than 512");
}

TEST_CASE("reply parser: after an error every call fails until reset()") {
  ReplyParser parser;
  std::size_t pos = 0;
  Value v;
  const std::string bad = "*2\r\n:1\r\n:x\r\n+OK\r\n";
  CHECK(parser.parse(bad, pos, v) == Result::error);
  CHECK(parser.error() == "Protocol error: invalid integer");
  const std::size_t at = pos;
  CHECK(parser.parse(bad, pos, v) == Result::error);
  CHECK(pos == at);
  CHECK(parser.parse("+OK\r\n", pos = 0, v) == Result::error);
  CHECK(pos == 0);
  CHECK(parser.error() == "Protocol error: invalid integer");

  parser.reset();
  CHECK(parser.error().empty());
  CHECK(parser.parse("+OK\r\n", pos = 0, v) == Result::reply);
  CHECK(v == Value::ok());

  // reset() also drops a partial reply.
  CHECK(parser.parse("*2\r\n:1\r\n$10\r\nabc", pos = 0, v) == Result::incomplete);
  CHECK(parser.bytes_wanted() == 9);
  parser.reset();
  CHECK(parser.bytes_wanted() == 0);
  CHECK(parser.parse(":7\r\n", pos = 0, v) == Result::reply);
  CHECK(v == Value::integer(7));
}

TEST_CASE("reply parser: bytes_wanted") {
  ReplyParser parser;
  std::size_t pos = 0;
  Value v;
  CHECK(parser.parse("$10\r\n", pos, v) == Result::incomplete);
  CHECK(parser.bytes_wanted() == 12);
  std::string buffer = "abcd";
  CHECK(parser.parse(buffer, pos = 0, v) == Result::incomplete);
  CHECK(pos == 4);
  CHECK(parser.bytes_wanted() == 8);
  buffer = "efghij\r";
  CHECK(parser.parse(buffer, pos = 0, v) == Result::incomplete);
  CHECK(pos == 6);
  CHECK(parser.bytes_wanted() == 1);
  CHECK(parser.parse(buffer + "\n", pos, v) == Result::reply);
  CHECK(v == Value::bulk("abcdefghij"));
  CHECK(parser.bytes_wanted() == 0);
  CHECK(parser.parse("+O", pos = 0, v) == Result::incomplete);
  CHECK(parser.bytes_wanted() == 0);
}

TEST_CASE("reply parser: a 10 MB bulk in 1 KB pieces takes linear time") {
  const std::string data(10 << 20, 'v');
  std::string stream;
  not_redis::detail::resp::write_bulk(stream, data);
  for (bool compact : {true, false}) {
    ReplyParser parser;
    std::string buffer;
    std::size_t pos = 0;
    Value v;
    Result r = Result::incomplete;
    std::size_t peak = 0;
    bool wanted_right = true;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t offset = 0; offset < stream.size(); offset += 1024) {
      buffer.append(stream, offset, 1024);
      r = parser.parse(buffer, pos, v);
      if (r != Result::incomplete) break;
      wanted_right = wanted_right && parser.bytes_wanted() == stream.size() - std::min(offset + 1024, stream.size());
      peak = std::max(peak, buffer.size());
      if (compact) {
        buffer.erase(0, pos);
        pos = 0;
      }
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(r == Result::reply);
    CHECK(v.string() == data);
    CHECK(wanted_right);
    // The bytes are taken as they come: a compacting caller holds at most a piece.
    if (compact) CHECK(peak <= 1024);
    MESSAGE("10 MB in 1 KB pieces" << std::string(compact ? ", compacting" : "") << ": "
            << std::chrono::duration<double, std::milli>(elapsed).count() << " ms");
    CHECK(elapsed < std::chrono::seconds(2));
  }
}

TEST_CASE("reply parser: round trip of random values through the writer") {
  Generator g(20240607);
  for (int round = 0; round < 400; ++round) {
    std::vector<Value> values;
    for (std::size_t n = 1 + g.below(4); n > 0; --n) values.push_back(g.value());
    for (int resp : {3, 2}) {
      std::string stream;
      std::vector<Value> expected;
      for (const Value& v : values) {
        write_reply(stream, v, resp);
        expected.push_back(resp == 3 ? v : as_resp2(v));
      }
      INFO("resp " << resp << " stream " << doctest::StringMaker<Value>::convert(Value::bulk(stream)));
      const std::vector<std::size_t> chunks = random_chunks(g, stream.size());
      for (bool compact : {false, true}) {
        for (const auto& split : {std::vector<std::size_t>{stream.size()}, std::vector<std::size_t>{1}, chunks}) {
          const Outcome o = feed(stream, split, compact);
          CHECK(o.error == "");
          CHECK(o.pending == 0);
          CHECK(o.replies == expected);
        }
      }
    }
    // RESP2's own types come back as themselves.
    const Value v2 = g.resp2_value();
    std::string stream2;
    write_reply(stream2, v2, 2);
    CHECK(feed(stream2, {1 + g.below(9)}, g.below(2) == 1).replies == std::vector<Value>{v2});
  }
}
